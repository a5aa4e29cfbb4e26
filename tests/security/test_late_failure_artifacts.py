"""Done-when of issue 13 (artifacts): a filing that fails late on the mock portal keeps its trace
for debugging, and nothing in its run folder (every member of every trace archive, page.html,
events.jsonl) lets anyone sign in as the account or read the personal IDs: no session cookie,
no bearer token, no password, OTP or passcode, no full 12-digit personal ID. The trace still
opens in the trace viewer.

The failure comes at the last moment: every page filled, the review page checked, and then the
`before_submit` hook (where the batch ledger commits) fails.
"""

from __future__ import annotations

import os
import stat

import pytest
from e2e.conformance import CREDENTIALS, example, file_example

from agent.errors import InfrastructureFailure
from agent.runner import FilingHooks
from security.leaks import (
    artifact_texts,
    assert_viewer_can_open,
    leaks,
    mock_session_secrets,
    saved_cookie_values,
)
from security.trace_viewer import actions_shown_by_viewer

pytestmark = pytest.mark.browser


async def _fail_before_submit() -> None:
    raise RuntimeError("the ledger is unavailable")


def _credential_values(account: str) -> set[str]:
    from agent.secrets import load_credentials

    creds = load_credentials(CREDENTIALS).account(account)
    return {v for v in (creds.password, creds.passcode) if v}


def _personal_ids(slug: str) -> set[str]:
    from agent.secrets.redaction import Sensitivity, sensitive_values

    return {
        v
        for v, kind in sensitive_values(example(slug).data)
        if kind is Sensitivity.PERSONAL_ID and len(v) == 12
    }


@pytest.mark.parametrize(
    "slug, account, faults",
    [
        ("dang-ky-khai-tu", "citizen-a", ""),  # Hanoi: session cookie
        # signed out half-way: signed in again, the trace before it saved as a part
        ("dang-ky-khai-tu", "citizen-a", "session_expiry=12"),
        ("lien-thong-khai-tu", "citizen-a-vneid", ""),  # liên thông: VNeID sign-in, bearer API
    ],
)
def test_a_late_failure_keeps_a_trace_that_leaks_nothing(
    mock_portal, run_async, tmp_path, slug, account, faults
):
    mock_portal.set_faults(faults, 1)
    old_umask = os.umask(0o022)
    try:
        with pytest.raises(InfrastructureFailure, match="ledger is unavailable") as failed:
            run_async(
                file_example(
                    mock_portal,
                    slug,
                    tmp_path,
                    account=account,
                    hooks=FilingHooks(before_submit=_fail_before_submit),
                )
            )
    finally:
        os.umask(old_umask)
    run_dir = failed.value.artifacts
    traces = sorted(p.name for p in run_dir.glob("trace*.zip"))
    assert traces == (["trace-part1.zip", "trace.zip"] if faults else ["trace.zip"])
    assert run_dir is not None and (run_dir / "trace.zip").is_file() and (run_dir / "page.html").is_file()
    assert not mock_portal.dossiers()  # it did fail before submitting

    for archive in traces[:-1]:
        assert_viewer_can_open(run_dir / archive)
    events = assert_viewer_can_open(run_dir / "trace.zip")
    actions = [e for lines in events.values() for e in lines if e.get("type") == "before"]
    assert sum(e.get("method") == "fill" for e in actions) >= 5  # the filling was recorded
    network = [e for name, lines in events.items() if name.endswith(".network") for e in lines]
    assert network, "the trace recorded no request"
    headers = {h["name"].lower(): h["value"] for e in network for h in e["snapshot"]["request"]["headers"]}
    assert headers.get("cookie") == "[redacted]"  # recorded, and scrubbed
    if slug.startswith("lien-thong"):
        assert headers.get("authorization") == "[redacted]"  # the API calls carried a bearer
        shown = run_async(
            actions_shown_by_viewer(run_dir / "trace.zip")
        )  # the standard viewer still opens it
        assert sum(title.startswith("Fill") for title in shown) >= 5, shown

    ids = _personal_ids(slug)
    assert len(ids) >= 2
    forbidden = (
        mock_session_secrets(mock_portal)
        | saved_cookie_values(tmp_path / "state" / f"{account}.json")
        | _credential_values(account)
        | ids
    )
    texts = artifact_texts(run_dir)
    assert {"events.jsonl", "page.html"} <= set(texts) and any(":resources/" in n for n in texts)
    assert not leaks(texts, forbidden), "\n".join(leaks(texts, forbidden))
    assert any("*********" in t for n, t in texts.items() if n.startswith("trace.zip:")), (
        "the IDs are masked, not dropped: the trace still shows where they went"
    )

    # private whatever the umask: the run folder 0700, everything in it 0600
    assert stat.S_IMODE(run_dir.stat().st_mode) == 0o700
    for path in [*run_dir.iterdir(), *(tmp_path / "state").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
