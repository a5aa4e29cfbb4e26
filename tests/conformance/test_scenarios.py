"""The scenario catalogue speaks the mock's fault language and covers every fault kind it has."""

from __future__ import annotations

import pytest

from agent.conformance.scenarios import BY_NAME, SCENARIOS, Expect, select
from fixtures.mock_portal.faults import FAULT_NAMES, FaultPlan


def test_every_plan_parses_as_the_mock_reads_it():
    for scenario in SCENARIOS:
        for text in (scenario.plan, *(plan for _, plan in scenario.plans)):
            assert FaultPlan.parse(text).serialize() or not text, scenario.name


def test_every_fault_kind_of_the_mock_has_a_scenario_that_proves_it_fired():
    proved = {name for s in SCENARIOS for name in s.must_fire}
    assert set(FAULT_NAMES) <= proved


def test_a_scenario_must_fire_exactly_the_faults_its_plan_names():
    for scenario in SCENARIOS:
        for text in (scenario.plan, *(plan for _, plan in scenario.plans)):
            named = {pair.split("=")[0] for pair in text.split(",") if pair}
            assert set(scenario.must_fire) == named, scenario.name


def test_a_row_gets_the_plan_its_pages_need():
    expiry = BY_NAME["session_expiry"]
    assert expiry.plan_for(frozenset({"legacy-markup"})) == "session_expiry=20"
    assert expiry.plan_for(frozenset({"real-markup"})) == "session_expiry=8"


def test_outcomes_that_are_not_filings_say_what_the_message_must_hold():
    for scenario in SCENARIOS:
        if scenario.expect in (Expect.REFUSED, Expect.GAVE_UP):
            assert scenario.message, scenario.name
    assert BY_NAME["commit_timeout"].expect is Expect.RECONCILED
    assert BY_NAME["maintenance"].expect is Expect.GAVE_UP


def test_select_keeps_catalogue_order_and_refuses_unknown_names():
    assert [s.name for s in select(["refusal,happy", "error_5xx"])] == ["happy", "error_5xx", "refusal"]
    assert select(None) == SCENARIOS
    with pytest.raises(ValueError, match=r"unknown scenario.*nope"):
        select(["happy,nope"])


def test_only_the_fault_free_scenarios_run_without_fault_control():
    free = {s.name for s in SCENARIOS if not s.fault_control}
    assert free == {"happy"}
