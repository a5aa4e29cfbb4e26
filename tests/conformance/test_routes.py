"""Rows come from the flows directory (a new flow is a new row, no code change) and every cell of
the table is either run or skipped with a reason that fits the route's pages and the target."""

from __future__ import annotations

import shutil

import pytest
from e2e.conformance import CREDENTIALS

from agent.conformance import routes
from agent.conformance.applicability import NO_ADMIN, NO_LIVE_ACCOUNTS, skip
from agent.conformance.scenarios import BY_NAME, SCENARIOS
from agent.flow import FLOWS_DIR
from agent.secrets import load_credentials


@pytest.fixture(scope="module")
def rows():
    return {row.key: row for row in routes.discover(credentials=load_credentials(CREDENTIALS))}


def applicable(row, admin=True):
    return [s.name for s in SCENARIOS if (why := skip(row, s, admin=admin)) is None or why.applicable]


def test_every_procedure_route_of_the_flows_directory_is_a_row(rows):
    on_disk = {f"{path.parent.name}/{path.stem}" for _, path in routes.flow_files(FLOWS_DIR)}
    assert on_disk == {key for key, row in rows.items() if row.is_filing}
    assert {"hanoi", "dvcqg"} <= {row.route for row in rows.values()}
    assert "national/xac-nhan-tinh-trang-hon-nhan" in rows
    assert not any(key.endswith("/vocabulary") for key in rows)  # a route's words are no flow


def test_the_account_paths_are_rows_too(rows):
    assert {
        "account/register-phone",
        "account/register-bhxh",
        "account/sign-in-dvc",
        "account/sign-in-vneid",
        "account/sign-in-vnpost",
    } <= set(rows)
    assert rows["account/sign-in-vneid"].account == "citizen-a-vneid"


def test_each_procedure_route_has_at_least_eight_applicable_scenarios(rows):
    for key, row in rows.items():
        if row.is_filing and row.problem is None:
            assert len(applicable(row)) >= 8, (key, applicable(row))


def test_a_fault_applies_only_where_the_pages_have_it(rows):
    legacy, tthn = rows["hanoi/xac-nhan-tinh-trang-hon-nhan"], rows["national/xac-nhan-tinh-trang-hon-nhan"]
    for name in ("iframe_slow", "wallet_flaky", "rerender", "hydration", "widget_drift"):
        why = skip(legacy, BY_NAME[name], admin=True)
        assert why is not None and not why.applicable and why.reason.startswith("n/a: "), name
    for name in ("iframe_slow", "wallet_flaky", "rerender", "hydration", "widget_drift", "refusal"):
        assert skip(tthn, BY_NAME[name], admin=True) is None, name
    assert skip(tthn, BY_NAME["layout_drift"], admin=True) is not None
    liên_thông = rows["dvcqg/lien-thong-khai-tu"]
    assert skip(liên_thông, BY_NAME["hydration"], admin=True) is None
    assert (
        skip(liên_thông, BY_NAME["iframe_slow"], admin=True).reason == "n/a: the flow fills no e-form frame"
    )


def test_the_slow_frame_is_only_for_routes_that_fill_an_e_form(rows):
    with_frame = {key for key, row in rows.items() if skip(row, BY_NAME["iframe_slow"], admin=True) is None}
    assert with_frame and all(key.startswith("national/") for key in with_frame)
    assert "national/dang-ky-khai-tu" not in with_frame  # one SurveyJS page on dvcqg: no frame


def test_without_an_admin_api_only_the_happy_path_runs_and_no_account_is_created(rows):
    khai_tu = rows["hanoi/dang-ky-khai-tu"]
    assert skip(khai_tu, BY_NAME["happy"], admin=False) is None
    why = skip(khai_tu, BY_NAME["error_5xx"], admin=False)
    assert why.applicable and why.reason == NO_ADMIN  # counts against the index
    assert skip(khai_tu, BY_NAME["refusal"], admin=False).reason == NO_ADMIN
    assert skip(rows["account/register-phone"], BY_NAME["happy"], admin=False).reason == NO_LIVE_ACCOUNTS
    assert skip(rows["account/sign-in-dvc"], BY_NAME["happy"], admin=False) is None


def test_stopping_at_review_makes_the_lost_answer_scenario_meaningless(rows):
    why = skip(rows["hanoi/dang-ky-khai-tu"], BY_NAME["commit_timeout"], admin=True, submits=False)
    assert why is not None and not why.applicable


def test_account_rows_skip_what_only_a_filing_has(rows):
    register = rows["account/register-bhxh"]
    assert skip(register, BY_NAME["captcha"], admin=True).reason.startswith("n/a: ")
    assert skip(rows["account/sign-in-vnpost"], BY_NAME["captcha"], admin=True) is None
    assert skip(register, BY_NAME["commit_timeout"], admin=True).reason == "n/a: no final submit on this path"


def test_a_new_flow_is_a_new_row_and_a_broken_one_fails_its_cells(tmp_path):
    flows = tmp_path / "flows"
    shutil.copytree(FLOWS_DIR, flows)
    before = {row.key for row in routes.discover(flows, accounts=False)}
    shutil.move(flows / "hanoi" / "dang-ky-khai-tu.yaml", flows / "hanoi" / "x.yaml")  # not its slug
    (flows / "hanoi" / "dang-ky-khai-tu.yaml").write_text(
        (flows / "hanoi" / "x.yaml").read_text(encoding="utf-8").replace("steps:", "stepz:", 1),
        encoding="utf-8",
    )
    after = {row.key: row for row in routes.discover(flows, accounts=False)}
    assert set(after) == before | {"hanoi/x"}
    broken = after["hanoi/dang-ky-khai-tu"]
    assert broken.broken and "does not load" in broken.problem
    why = skip(broken, BY_NAME["happy"], admin=True)
    assert why.failed and why.applicable
    assert after["hanoi/x"].procedure == "dang-ky-khai-tu" and after["hanoi/x"].problem is None


def test_procedures_filter_by_slug_route_key_or_kind(rows):
    creds = load_credentials(CREDENTIALS)
    assert {r.key for r in routes.discover(credentials=creds, procedures=["dang-ky-ket-hon"])} == {
        "hanoi/dang-ky-ket-hon",
        "national/dang-ky-ket-hon",
    }
    assert {r.route for r in routes.discover(credentials=creds, procedures=["account"])} == {"account"}
    smoke = routes.smoke(list(rows.values()))
    assert len({r.route for r in smoke}) == len(smoke) and all(r.is_filing for r in smoke)
