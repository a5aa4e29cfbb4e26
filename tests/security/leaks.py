"""What a run folder must never hold, and a reader that looks everywhere in it: every member of
every trace archive (unpacked), page.html, events.jsonl and any other file."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path

#: A bearer credential in any form: a header value, or the token endpoint's JSON answer.
BEARER = re.compile(r"Bearer\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{8,}|\"access_token\"\s*:\s*\"[^\"*]{8,}\"")


def mock_session_secrets(portal) -> set[str]:
    """Every session id, bearer token, OTP and sign-in code the mock issued since its reset: read
    from its own database, not from the agent, so nothing the agent missed is missed here."""
    db = sqlite3.connect(f"file:{portal.data_dir / 'mock_portal.sqlite3'}?mode=ro", uri=True)
    try:
        rows = [
            *db.execute("SELECT sid FROM sessions"),
            *db.execute("SELECT token FROM tokens"),
            *db.execute("SELECT code FROM otps"),
            *db.execute("SELECT code FROM auth_codes"),
        ]
    finally:
        db.close()
    # (a session's CSRF token is on its pages by design, and worthless without the cookie)
    return {value for (value,) in rows if value and len(value) >= 6}


def saved_cookie_values(state_file: Path) -> set[str]:
    """The session cookies the agent saved for the next run (the saved sign-in itself is meant to
    hold them, privately; no artifact of a run may)."""
    state = json.loads(state_file.read_text(encoding="utf-8"))
    return {c["value"] for c in state.get("cookies", []) if len(c.get("value", "")) >= 8}


def artifact_texts(run_dir: Path) -> dict[str, str]:
    """Every file of the run folder as text, trace archives unpacked member by member."""
    texts: dict[str, str] = {}
    for path in sorted(p for p in run_dir.rglob("*") if p.is_file()):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    texts[f"{path.name}:{member}"] = archive.read(member).decode("utf-8", "replace")
        else:
            texts[path.name] = path.read_bytes().decode("utf-8", "replace")
    return texts


def leaks(texts: dict[str, str], forbidden: set[str]) -> list[str]:
    """Where each forbidden value (or a bearer credential) shows up."""
    found = [
        f"{value!r} in {name}" for name, text in texts.items() for value in sorted(forbidden) if value in text
    ]
    found += [
        f"bearer {m.group(0)[:20]}… in {name}" for name, text in texts.items() for m in BEARER.finditer(text)
    ]
    return found


def assert_viewer_can_open(archive_path: Path) -> dict[str, list[dict]]:
    """What `playwright show-trace` needs: a valid zip whose event files are JSON lines, every
    resource an event names present in the archive. Returns the events by file."""
    with zipfile.ZipFile(archive_path) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        events = {
            n: [json.loads(line) for line in archive.read(n).decode().splitlines() if line.strip()]
            for n in names
            if n.endswith((".trace", ".network"))
        }
    assert any(n.endswith(".trace") for n in events) and any(n.endswith(".network") for n in events)
    text = json.dumps(events)
    for ref in set(re.findall(r'"(?:_sha1|sha1)":\s*"([0-9a-f]{40}[^"]*)"', text)):
        assert f"resources/{ref}" in names, f"{archive_path.name}: resource {ref} is referenced but missing"
    for ref in set(re.findall(r'"_file":\s*"(resources/[^"]+)"', text)):
        assert ref in names, f"{archive_path.name}: {ref} is referenced but missing"
    return events
