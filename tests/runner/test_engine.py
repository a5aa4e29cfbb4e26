"""The engine against a tiny real portal and real Chromium: filing, fallbacks, value checks,
retries (5xx, dropped connection, expired session), exactly-once submit, review, artifacts."""

from __future__ import annotations

import json
import shutil
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from agent.config import Targets
from agent.errors import EXIT_FLOW_MISMATCH, FlowMismatch, InfrastructureFailure, PortalRefused
from agent.flow.errors import FlowError
from agent.runner import Engine
from agent.runner.faults import FlowStepMismatch, ReviewMismatch
from agent.secrets import Credentials, Secrets
from agent.secrets.credentials import Account
from runner.mini_portal import MiniPortal

pytestmark = pytest.mark.browser
FLOWS = Path(__file__).parent / "flows"
PASSWORD = "MatKhau@123"


def make_dossier(name: str = "Lê Văn Tư", pid: str = "001060001234"):
    return SimpleNamespace(
        procedure="dang-ky-khai-tu",
        portal="mini",
        account="citizen",
        data={"deceased": {"full_name": name, "personal_id": pid}},
        attachments={},
        source="mini.yaml",
    )


def secrets() -> Secrets:
    account = Account(name="citizen", method="dvc", username="001090012345", password=PASSWORD)
    return Secrets(Credentials(accounts={"citizen": account}))


def mini_engine(portal: MiniPortal, tmp: Path, **options: Any) -> Engine:
    """An engine pointed at the mini portal, artifacts under `tmp/runs` (options override)."""
    settings: dict[str, Any] = {"flows_dir": FLOWS, "timeout_ms": 5000, "max_attempts": 4, **options}
    return Engine(Targets({"mini": portal.url}), secrets(), tmp / "runs", **settings)


async def file_once(portal: MiniPortal, tmp: Path, dossier=None, **kwargs):
    async with mini_engine(portal, tmp) as engine:
        session = await engine.session("citizen")
        return await engine.file(session, dossier or make_dossier(), **kwargs)


def run_dir_files(receipt_or_root: Path) -> set[str]:
    return {p.name for p in receipt_or_root.iterdir()}


def test_files_verifies_and_hands_back_the_code(tmp_path, run_async):
    with MiniPortal() as portal:
        receipt = run_async(file_once(portal, tmp_path))
        assert receipt.code == "000.A0.01.H26-261125-0001"
        assert receipt.appointment_date == "01/12/2026"
        assert not receipt.reconciled and receipt.fallbacks_used == []
        assert portal.state.dossiers[0]["fields"] == {
            "Họ, chữ đệm, tên": "Lê Văn Tư",
            "Số định danh cá nhân": "001060001234",
        }
    events = (receipt.artifacts / "events.jsonl").read_text()
    assert '"step"' in events and PASSWORD not in events and "001060001234" not in events
    assert "*********234" in events
    assert "trace.zip" not in run_dir_files(receipt.artifacts)  # traces are kept for failures
    state = tmp_path / "runs" / "state" / "citizen.json"
    assert stat.S_IMODE(state.stat().st_mode) == 0o600 and "sid" in state.read_text()


def test_saved_session_is_reused(tmp_path, run_async):
    with MiniPortal() as portal:
        run_async(file_once(portal, tmp_path))
        run_async(file_once(portal, tmp_path, make_dossier(pid="001060001235")))
        assert portal.state.logins == 1
        assert len(portal.state.dossiers) == 2


def test_fallback_is_used_and_reported(tmp_path, run_async):
    with MiniPortal() as portal:
        portal.state.faults.label_missing = True
        receipt = run_async(file_once(portal, tmp_path))
        assert len(receipt.fallbacks_used) == 1
        assert "placeholder 'Số định danh'" in receipt.fallbacks_used[0]
        assert portal.state.dossiers[0]["fields"]["Số định danh cá nhân"] == "001060001234"


def test_value_eaten_by_hydration_is_filled_again(tmp_path, run_async):
    with MiniPortal() as portal:
        portal.state.faults.hydration_eats_first_fill = True
        run_async(file_once(portal, tmp_path))
        assert portal.state.dossiers[0]["fields"]["Họ, chữ đệm, tên"] == "Lê Văn Tư"


@pytest.mark.parametrize("fault", ["error_5xx_on_form_post", "drop_on_form_post", "expire_on_form_post"])
def test_transient_faults_are_retried_from_the_page(tmp_path, run_async, fault):
    with MiniPortal() as portal:
        setattr(portal.state.faults, fault, 1)
        receipt = run_async(file_once(portal, tmp_path))
        assert receipt.code and len(portal.state.dossiers) == 1
        assert portal.state.form_posts == 2
        assert portal.state.logins == (2 if fault == "expire_on_form_post" else 1)


def test_lost_submit_answer_is_reconciled_not_resubmitted(tmp_path, run_async):
    with MiniPortal() as portal:
        portal.state.faults.commit_timeout = 1
        receipt = run_async(file_once(portal, tmp_path))
        assert receipt.reconciled and receipt.code == "000.A0.01.H26-261125-0001"
        assert portal.state.submits == 1 and len(portal.state.dossiers) == 1


def test_lookup_that_meets_faults_retries_and_never_guesses_not_filed(tmp_path, run_async):
    """Reconciliation decides whether a row is filed again: a dossier page that answered 5xx or
    'session expired' must lead to another look (signed in again), not to "not filed"."""

    async def scenario(portal: MiniPortal):
        async with mini_engine(portal, tmp_path) as engine:
            session = await engine.session("citizen")
            filed = await engine.file(session, make_dossier())
            since = datetime.now(UTC) - timedelta(minutes=5)
            portal.state.faults.error_5xx_on_detail = 1
            portal.state.faults.expire_on_detail = 1
            found = await engine.find_filed(session, make_dossier(), since=since)
            other = await engine.find_filed(session, make_dossier(pid="001060009999"), since=since)
            return filed, found, other

    with MiniPortal() as portal:
        filed, found, other = run_async(scenario(portal))
        assert found is not None and found.code == filed.code and found.reconciled
        assert other is None  # read to the end: truly not there
        assert portal.state.faults.expire_on_detail == 0 and portal.state.logins == 2
        assert len(portal.state.dossiers) == 1


def test_a_submit_that_lands_after_its_answer_was_lost_is_waited_for_not_resent(tmp_path, run_async):
    """The answer is lost and the dossier appears on the portal only later: the engine waits out
    its settle window and finds it, instead of filing a second one."""

    async def scenario(portal: MiniPortal):
        async with mini_engine(portal, tmp_path, submit_settle_s=10.0) as engine:
            session = await engine.session("citizen")
            return await engine.file(session, make_dossier())

    with MiniPortal() as portal:
        portal.state.faults.commit_late = True
        receipt = run_async(scenario(portal))
        assert receipt.reconciled and receipt.code == "000.A0.01.H26-261125-0001"
        assert portal.state.submits == 1 and len(portal.state.dossiers) == 1
    events = (tmp_path / "runs").rglob("events.jsonl")
    assert any("submit_answer_lost_settling" in p.read_text() for p in events)


def test_lookup_and_status_read_every_page_of_my_dossiers(tmp_path, run_async):
    """A busy account's older dossiers are on later pages: reconciliation must not stop at the
    first one (that would mean "not filed", and a second filing)."""

    async def scenario(portal: MiniPortal):
        async with mini_engine(portal, tmp_path) as engine:
            session = await engine.session("citizen")
            first = await engine.file(session, make_dossier(pid="001060000001"))
            for n in (2, 3):
                await engine.file(session, make_dossier(pid=f"00106000000{n}"))
            portal.state.list_views = 0
            found = await engine.find_filed(
                session, make_dossier(pid="001060000001"), since=datetime.now(UTC) - timedelta(minutes=5)
            )
            views_to_find = portal.state.list_views
            portal.state.faults.expire_on_list_page = 1  # signed out on page 2: sign in, read again
            status = await engine.status(session, "mini", first.code)
            return first, found, views_to_find, status

    with MiniPortal() as portal:
        portal.state.page_size = 1
        first, found, views, status = run_async(scenario(portal))
        assert found is not None and found.code == first.code
        assert views == 3  # pages 1, 2 and 3 (newest first)
        assert status is not None and status["code"] == first.code
        assert portal.state.faults.expire_on_list_page == 0 and portal.state.logins == 2


def test_persistent_5xx_gives_up_with_evidence(tmp_path, run_async):
    with MiniPortal() as portal:
        portal.state.faults.error_5xx_on_form_post = 99
        with pytest.raises(InfrastructureFailure, match=r"Lỗi hệ thống|HTTP 500"):
            run_async(file_once(portal, tmp_path))
        assert portal.state.form_posts == 4 and not portal.state.dossiers
    (run,) = [p for p in (tmp_path / "runs").iterdir() if p.name != "state"]
    assert {"failure.png", "page.html", "trace.zip", "events.jsonl"} <= run_dir_files(run)
    assert PASSWORD not in (run / "events.jsonl").read_text()


def test_portal_refusal_is_not_retried(tmp_path, run_async):
    with MiniPortal() as portal:
        with pytest.raises(PortalRefused, match="Bắt buộc nhập"):
            run_async(file_once(portal, tmp_path, make_dossier(name="")))
        assert portal.state.form_posts == 1 and not portal.state.dossiers


def test_review_mismatch_stops_before_submit(tmp_path, run_async):
    with MiniPortal() as portal:
        portal.state.faults.review_alters_name = True
        with pytest.raises(ReviewMismatch) as err:
            run_async(file_once(portal, tmp_path))
        assert "Người chết › Họ, chữ đệm, tên" in str(err.value)
        assert "'Lê Văn Tư X'" in str(err.value) and portal.state.submits == 0


def test_stop_at_review_saves_a_screenshot_and_submits_nothing(tmp_path, run_async):
    with MiniPortal() as portal:
        receipt = run_async(file_once(portal, tmp_path, stop_at_review=True))
        assert receipt.stopped_at_review and receipt.code is None
        assert (receipt.artifacts / "review.png").stat().st_size > 1000
        assert portal.state.submits == 0


def test_events_are_json_lines(tmp_path, run_async):
    with MiniPortal() as portal:
        receipt = run_async(file_once(portal, tmp_path))
    lines = [json.loads(line) for line in (receipt.artifacts / "events.jsonl").read_text().splitlines()]
    steps = [e for e in lines if e["event"] == "step"]
    assert {"step", "flow", "source", "attempt", "duration_ms"} <= set(steps[0])
    assert any(e["step"] == "receipt" for e in steps)


def _line_of(text: str, path: Path = FLOWS / "mini" / "dang-ky-khai-tu.yaml") -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_form_the_flow_no_longer_fits_is_a_flow_mismatch_with_its_step_and_a_screenshot(
    tmp_path, run_async
):
    """The portal renamed a field: no retry can help, so it must not look like infrastructure
    (exit 3, which CI retries forever). Exit 4, naming the step's file:line, with a screenshot."""
    with MiniPortal() as portal:
        portal.state.faults.name_label_renamed = True
        with pytest.raises(FlowMismatch) as err:
            run_async(file_once(portal, tmp_path))
        assert portal.state.form_views == 1 and portal.state.form_posts == 0  # never retried
    failure = err.value
    assert failure.exit_code == EXIT_FLOW_MISMATCH == 4
    assert isinstance(failure, FlowStepMismatch)
    assert failure.source.endswith(f"dang-ky-khai-tu.yaml:{_line_of('Họ, chữ đệm, tên')}")
    assert str(failure).startswith(failure.source) and "Họ, chữ đệm, tên" in str(failure)
    assert failure.artifacts is not None and failure.screenshot == failure.artifacts / "mismatch.png"
    assert failure.screenshot.stat().st_size > 1000
    events = [json.loads(line) for line in (failure.artifacts / "events.jsonl").read_text().splitlines()]
    assert not any(e["event"] == "retrying" for e in events)
    assert any(e["event"] == "flow_mismatch" for e in events)


def test_a_page_still_loading_is_retried_not_taken_for_a_mismatch(tmp_path, run_async):
    """The same missing elements on a page that is not ready yet (main[aria-busy=true]) are a
    transient fault: go back to the page and carry on."""
    with MiniPortal() as portal:
        portal.state.faults.busy_form = 1
        receipt = run_async(file_once(portal, tmp_path))
        assert receipt.code and len(portal.state.dossiers) == 1
        assert portal.state.form_views == 2 and portal.state.form_posts == 1


def test_a_flow_is_read_once_per_engine_so_every_row_of_a_batch_files_by_the_same_flow(tmp_path):
    flows = tmp_path / "flows"
    shutil.copytree(FLOWS, flows)
    engine = Engine(Targets({"mini": "http://127.0.0.1:9"}), secrets(), tmp_path / "runs", flows_dir=flows)
    first = engine.flow_for(make_dossier())
    (flows / "mini" / "dang-ky-khai-tu.yaml").write_text("not: a flow\n", encoding="utf-8")
    assert engine.flow_for(make_dossier()) is first
    again = Engine(Targets({"mini": "http://127.0.0.1:9"}), secrets(), tmp_path / "runs", flows_dir=flows)
    with pytest.raises(FlowError):  # a new engine (the next batch) reads the edited file
        again.flow_for(make_dossier())
