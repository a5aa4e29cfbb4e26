"""The stored-fields rule on a real flow and dossier (the national TTHN route), without a browser:
a record holding what the flow typed conforms; values the dossier's case never asks for, and
values that only steer the filing, are not demanded; anything stored differently still fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.conformance.stored import field_problems
from agent.dossier import load_dossier
from agent.flow import load_procedure_flow, plan
from agent.runner.bindings import bindings, steering_paths
from agent.runner.values import Values
from agent.secrets import load_credentials

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture(scope="module")
def case():
    dossier = load_dossier(EXAMPLES / "xac-nhan-tinh-trang-hon-nhan.yaml", portal="national")
    account = load_credentials(EXAMPLES / "credentials.mock.yaml").accounts[dossier.account].public()
    flow = load_procedure_flow("national", dossier.procedure, None)
    values = Values.for_dossier(dossier, dict(account))
    typed = [
        {"section": b.section or "", "label": b.label, "value": b.text}
        for b in bindings(plan(flow.steps), values, vocabulary=flow.vocabulary)
        if b.kind != "upload"
    ]
    return dossier, account, flow, values, typed


def test_a_record_of_what_the_flow_typed_conforms(case):
    dossier, account, flow, _, typed = case
    assert field_problems(dossier, {"fields": typed}, account, flow) == []


def test_the_agency_choice_steers_and_is_not_looked_for_among_the_fields(case):
    _, _, flow, values, _ = case
    assert {"data.applicant.address.province", "data.applicant.address.commune"} <= steering_paths(
        plan(flow.steps), values
    )


def test_a_period_the_marital_status_does_not_ask_for_is_not_demanded_but_if_shown_must_agree(case):
    dossier, account, flow, _, typed = case
    assert dossier.data.period_start  # the dossier has one; this marital status does not ask it
    shown = [*typed, {"section": "III. TÌNH TRẠNG HÔN NHÂN", "label": "Từ ngày", "value": "01/01/2000"}]
    problems = field_problems(dossier, {"fields": shown}, account, flow)
    assert problems == [f"data.period_start = {dossier.data.period_start!r} reached no field of the portal"]


def test_a_typed_value_stored_otherwise_fails(case):
    dossier, account, flow, _, typed = case
    changed = [dict(f, value="Khác") if f["label"] == "Nhập mục đích" else f for f in typed]
    [problem] = field_problems(dossier, {"fields": changed}, account, flow)
    assert "Nhập mục đích" in problem and "data.purpose" in problem
