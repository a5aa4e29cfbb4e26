"""A cell passes only when the fault really fired and the outcome is the right one; every other
combination fails, with a reason that says which part was missing."""

from __future__ import annotations

from agent.conformance.judge import (
    ACCOUNT_DONE,
    CRASHED,
    FAIL,
    FILED,
    INFRASTRUCTURE,
    MISMATCH,
    PASS,
    REFUSED,
    REVIEWED,
    Observation,
    judge,
)
from agent.conformance.scenarios import BY_NAME, Expect

HAPPY, ERRORS, LOST = BY_NAME["happy"], BY_NAME["error_5xx"], BY_NAME["commit_timeout"]
MAINTENANCE, REFUSAL = BY_NAME["maintenance"], BY_NAME["refusal"]
CODE = "000.A0.01.H26-261126-0001"


def filed(**kw):
    return Observation(FILED, code=CODE, new_codes=[CODE], problems=[], fired={"error_5xx": 2}, **kw)


def test_filed_once_conforming_with_the_fault_fired_passes():
    verdict = judge(ERRORS, filed())
    assert verdict.status == PASS and CODE in verdict.reason


def test_a_fault_that_never_fired_fails_even_when_the_filing_is_perfect():
    seen = filed()
    seen.fired = {"latency": 40}
    verdict = judge(ERRORS, seen)
    assert verdict.status == FAIL and "never fired (error_5xx: 0)" in verdict.reason


def test_filed_twice_or_not_where_the_receipt_says_fails():
    twice = filed()
    twice.new_codes = [CODE, CODE.replace("0001", "0002")]
    assert judge(ERRORS, twice).status == FAIL
    lost = filed()
    lost.new_codes = []
    assert "the portal gained: none" in judge(ERRORS, lost).reason


def test_stored_values_that_differ_fail():
    seen = filed()
    seen.problems = ["Thông tin người chết › Nguyên nhân chết: stored ['Bệnh viện'], …"]
    verdict = judge(ERRORS, seen)
    assert verdict.status == FAIL and "Nguyên nhân chết" in verdict.reason


def test_a_lost_answer_must_be_found_not_resent():
    seen = filed()
    seen.fired = {"commit_timeout": 1}
    assert judge(LOST, seen).status == FAIL  # filed, but not by reconciliation
    seen.reconciled = True
    assert judge(LOST, seen).status == PASS


def test_any_other_outcome_of_a_filing_scenario_fails_naming_it():
    seen = Observation(
        MISMATCH, "the flow no longer matches", step="flows/hanoi/x.yaml:12", fired={"error_5xx": 1}
    )
    verdict = judge(ERRORS, seen)
    assert verdict.status == FAIL and "flow-mismatch at flows/hanoi/x.yaml:12" in verdict.reason
    assert judge(HAPPY, Observation(CRASHED, "Boom", fired={})).status == FAIL


def test_refusal_needs_the_portals_message_and_nothing_filed():
    ok = Observation(REFUSED, "Số điện thoại: Số điện thoại không hợp lệ", new_codes=[], fired={})
    assert judge(REFUSAL, ok).status == PASS
    other = Observation(REFUSED, "Ngày cấp: Không được để trống", new_codes=[], fired={})
    assert judge(REFUSAL, other).status == FAIL
    stored = Observation(REFUSED, ok.message, new_codes=[CODE], fired={})
    assert "new dossier" in judge(REFUSAL, stored).reason
    crashed = Observation(FILED, code=CODE, new_codes=[CODE], fired={})
    assert judge(REFUSAL, crashed).status == FAIL


def test_maintenance_must_end_as_an_infrastructure_failure_naming_it():
    fired = {"maintenance": 5}
    ok = Observation(INFRASTRUCTURE, "Hệ thống đang bảo trì", new_codes=[], fired=fired)
    assert judge(MAINTENANCE, ok).status == PASS
    assert judge(MAINTENANCE, Observation(MISMATCH, "Hệ thống đang bảo trì", fired=fired)).status == FAIL
    assert (
        judge(MAINTENANCE, Observation(INFRASTRUCTURE, "Timeout", new_codes=[], fired=fired)).status == FAIL
    )


def test_stop_at_review_passes_only_when_nothing_was_submitted():
    assert judge(HAPPY, Observation(REVIEWED, new_codes=[], fired={}), stop_at_review=True).status == PASS
    sent = Observation(REVIEWED, new_codes=[CODE], fired={})
    assert judge(HAPPY, sent, stop_at_review=True).status == FAIL
    assert judge(HAPPY, filed(), stop_at_review=True).status == FAIL


def test_without_an_admin_api_a_filing_passes_with_a_note_and_fault_scenarios_cannot():
    verdict = judge(HAPPY, Observation(FILED, code=CODE))
    assert verdict.status == PASS and verdict.notes
    assert judge(ERRORS, Observation(FILED, code=CODE)).status == FAIL


def test_account_paths_pass_when_completed_without_problems():
    done = Observation(ACCOUNT_DONE, "registered", problems=[], fired={})
    assert judge(HAPPY, done, expect=Expect.ACCOUNT).status == PASS
    wrong = Observation(ACCOUNT_DONE, problems=["the account's phone is '0900000000'"], fired={})
    assert judge(HAPPY, wrong, expect=Expect.ACCOUNT).status == FAIL
