"""The trace scrubber on an archive shaped as Playwright writes them: session headers gone, the
values they carried masked in every body, bodies that changed renamed to their new sha1 with
every reference following, everything else untouched."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile

from agent.runner.trace_scrub import scrub_trace
from agent.secrets.redaction import redaction_for
from security.leaks import assert_viewer_can_open

SID, TOKEN, PID = "Zq8wT4nS0cK3yH7mVb2LrE5u", "tok_9fJ2kLmN8pQ4rS6tU1vW3xY5", "001090012345"
REFRESH = "rfr_Hc7Kp2Qw9Zx4Vb6Nm1"  # only ever in a body, never in a header
SSO_CODE = "O2SJxP2Jg2ZMyBtvEEfdwIfh"  # a single sign-on redirect's one-time code


def _sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def _archive(path):
    post = f"full_name=Nguy%E1%BB%85n+V%C4%83n+An&personal_id={PID}".encode()
    answer = json.dumps(
        {"access_token": TOKEN, "refresh_token": REFRESH, "user": {"personal_id": PID}}
    ).encode()
    image = b"\x89PNG\r\n\x1a\n\x00\xff" + b"001090012345"  # binary: left as it is
    entry = {
        "type": "resource-snapshot",
        "snapshot": {
            "request": {
                "method": "POST",
                "url": "http://127.0.0.1/api/ho-so",
                "headers": [
                    {"name": "Cookie", "value": f"SID={SID}; lang=vi"},
                    {"name": "Authorization", "value": f"Bearer {TOKEN}"},
                    {"name": "Accept", "value": "application/json"},
                ],
                "cookies": [{"name": "SID", "value": SID}],
                "postData": {"mimeType": "application/x-www-form-urlencoded", "_sha1": f"{_sha1(post)}.dat"},
            },
            "response": {
                "status": 200,
                "headers": [
                    {"name": "Set-Cookie", "value": f"SID={SID}; Path=/; HttpOnly"},
                    {"name": "location", "value": f"http://127.0.0.1/sso/callback?code={SSO_CODE}&state=x"},
                ],
                "cookies": [],
                "content": {"_file": f"resources/{_sha1(answer)}.json"},
            },
        },
    }
    actions = [
        {
            "type": "before",
            "callId": "call@1",
            "method": "fill",
            "params": {"selector": "internal:label=Số định danh", "value": PID},
        },
        {
            "type": "frame-snapshot",
            "snapshot": {
                "pageId": "page@0123456789abcdef0123456789abcdef",
                "html": ["HTML", {}, ["INPUT", {"value": "Nguyễn Văn An", "__playwright_value_": PID}]],
            },
        },
        {"type": "after", "callId": "call@1", "endTime": 123456789012.5},
    ]
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("trace.trace", "\n".join(json.dumps(a, ensure_ascii=False) for a in actions) + "\n")
        z.writestr("trace.network", json.dumps(entry) + "\n")
        z.writestr(f"resources/{_sha1(post)}.dat", post)
        z.writestr(f"resources/{_sha1(answer)}.json", answer)
        z.writestr(f"resources/{_sha1(image)}.png", image)
    return post, answer, image


def test_sessions_and_identifiers_are_scrubbed_and_the_archive_still_hangs_together(tmp_path):
    path = tmp_path / "trace.zip"
    post, answer, image = _archive(path)
    scrub_trace(path, redaction_for({"full_name": "Nguyễn Văn An", "personal_id": PID}))

    events = assert_viewer_can_open(path)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    texts = {n: d.decode("utf-8", "replace") for n, d in members.items() if not n.endswith(".png")}
    for secret in (SID, TOKEN, REFRESH, SSO_CODE, PID, "Nguyễn", "Nguy%E1%BB%85n"):
        assert not [n for n, t in texts.items() if secret in t], secret
    request = events["trace.network"][0]["snapshot"]["request"]
    assert {h["name"]: h["value"] for h in request["headers"]} == {
        "Cookie": "[redacted]",
        "Authorization": "[redacted]",
        "Accept": "application/json",
    }
    assert request["cookies"] == [{"name": "SID", "value": "[redacted]"}]
    fill = events["trace.trace"][0]
    assert (
        fill["params"]["value"] == "*********345"
        and fill["params"]["selector"] == "internal:label=Số định danh"
    )
    assert events["trace.trace"][1]["snapshot"]["pageId"] == "page@0123456789abcdef0123456789abcdef"
    assert events["trace.trace"][2]["endTime"] == 123456789012.5

    # changed bodies are renamed to their new hash (the old one would confirm a guessed ID) ...
    names = set(members)
    assert f"resources/{_sha1(post)}.dat" not in names and f"resources/{_sha1(answer)}.json" not in names
    for name, data in members.items():
        if name.startswith("resources/") and not name.endswith(".png"):
            assert name == f"resources/{_sha1(data)}{name[name.index('.') :]}"
    # ... and what was not changed keeps its name and bytes
    assert members[f"resources/{_sha1(image)}.png"] == image
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_bodies_that_differ_only_by_an_identifier_become_one_resource(tmp_path):
    """Masked alike, two form posts are the same bytes: one member, both references to it."""
    path = tmp_path / "trace.zip"
    bodies = [f"personal_id={pid}".encode() for pid in ("001090012345", "001190099345")]
    entries = [
        {
            "type": "resource-snapshot",
            "snapshot": {"request": {"headers": [], "postData": {"_file": f"resources/{_sha1(b)}.dat"}}},
        }
        for b in bodies
    ]
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("trace.trace", json.dumps({"type": "context-options"}) + "\n")
        z.writestr("trace.network", "\n".join(json.dumps(e) for e in entries) + "\n")
        for body in bodies:
            z.writestr(f"resources/{_sha1(body)}.dat", body)
    scrub_trace(path, redaction_for({}))
    events = assert_viewer_can_open(path)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
    assert len(names) == len(set(names)) == 3
    refs = {e["snapshot"]["request"]["postData"]["_file"] for e in events["trace.network"]}
    assert refs == {f"resources/{_sha1(b'personal_id=*********345')}.dat"}
