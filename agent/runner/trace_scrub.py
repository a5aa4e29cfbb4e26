"""Scrub a Playwright trace archive before anyone can read it: no live session, no identifier.

A trace (`trace.zip`) is a zip of JSON-lines event files (`*.trace`: actions with their fill
values, DOM snapshots; `*.network`: HAR-like entries with headers, cookies and bodies) and
`resources/<sha1>.<ext>` (request and response bodies, snapshot resources). Replaying a cookie or
a bearer header from it signs anyone in as the account, and its bodies and snapshots hold the
dossier's personal data. So, in every member:

- `Cookie`, `Set-Cookie`, `Authorization` (and `Proxy-Authorization`) header values and cookie
  values are replaced, and the values they carried are masked wherever else they appear, as are
  sign-on codes and tokens carried in URLs (`?code=…` of an SSO redirect) or bodies;
- every string of every event, and every text resource, goes through the filing's `Redaction`;
- a resource whose content changed is renamed to the sha1 of its new content, and every
  reference to it follows (the old name, a hash of the clear text, would let anyone confirm a
  guessed identifier).

The archive keeps its layout, so `playwright show-trace` opens it as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from agent.secrets.private_files import FILE_MODE
from agent.secrets.redaction import Redaction

REDACTED_HEADER = "[redacted]"
SESSION_HEADERS = frozenset({"cookie", "set-cookie", "authorization", "proxy-authorization"})
EVENT_FILES = (".trace", ".network")
#: Strings that name a resource or a Playwright object (`page@<hex>`): never masked (a digit run
#: inside a hash is not an identifier, and the names must still match their files and events).
_RESOURCE_REF = re.compile(r"^(resources/)?[0-9a-f]{40}(\.[A-Za-z0-9]+)?$|^[a-z-]+@[0-9a-f]+(-\d+)?(\.\w+)?$")
_SHA1 = re.compile(r"[0-9a-f]{40}")
#: A credential in a URL: the one-time code of a single sign-on redirect, or a token.
_URL_CREDENTIAL = re.compile(
    r"[?&#](?:code|access_token|id_token|refresh_token|token|ticket|session|sid)=([^&#\"'\s<>]+)"
)
MIN_URL_CREDENTIAL = 12
#: A token handed out in a body (the liên thông API's session → bearer exchange).
_TOKEN_FIELD = re.compile(r'"(?:access_token|refresh_token|id_token)"\s*:\s*"([^"]+)"')


def scrub_trace(path: Path, redaction: Redaction) -> None:
    """Rewrite the trace archive at `path` in place, scrubbed; the file ends up 0600."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    events = {info.filename: _json_lines(data) for info, data in members if _is_event_file(info.filename)}
    tokens = {
        t
        for info, data in members
        if info.filename.startswith("resources/")
        for t in _TOKEN_FIELD.findall(data.decode("utf-8", "replace"))
    }
    policy = redaction.with_secrets(*sorted(session_values(events) | tokens))
    renamed: dict[str, str] = {}
    scrubbed: dict[str, bytes] = {}
    for info, data in members:
        if info.filename.startswith("resources/"):
            clean = _scrub_resource(data, policy)
            if clean != data:
                renamed[_stem(info.filename)] = hashlib.sha1(clean).hexdigest()
            scrubbed[info.filename] = clean
    tmp = path.with_name(path.name + ".scrubbing")
    try:
        _write_archive(tmp, members, events, scrubbed, renamed, policy)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_archive(
    tmp: Path,
    members: list[tuple[zipfile.ZipInfo, bytes]],
    events: dict[str, list[Any]],
    scrubbed: dict[str, bytes],
    renamed: dict[str, str],
    policy: Redaction,
) -> None:
    written: set[str] = set()  # two bodies that differed only by an ID are now one resource
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            name = info.filename
            if name in events:
                lines = (
                    json.dumps(_scrub_event(e, policy, renamed), ensure_ascii=False, separators=(",", ":"))
                    for e in events[name]
                )
                content = ("\n".join(lines) + "\n").encode("utf-8")
            elif name in scrubbed:
                stem = _stem(name)
                name, content = name.replace(stem, renamed.get(stem, stem), 1), scrubbed[name]
            else:
                content = data
            if name not in written:
                written.add(name)
                out.writestr(name, content)


def session_values(events: dict[str, list[Any]]) -> set[str]:
    """Every cookie value and credential that the recorded requests and responses carried."""
    return set(_session_values(events))


def _session_values(events: dict[str, list[Any]]) -> Iterator[str]:
    for lines in events.values():
        for event in lines:
            for text in _strings(event):  # (short values are ids and codes of procedures)
                yield from (v for v in _URL_CREDENTIAL.findall(text) if len(v) >= MIN_URL_CREDENTIAL)
            for node in _dicts(event):
                name = str(node.get("name", "")).lower()
                value = node.get("value")
                if not isinstance(value, str) or not value:
                    continue
                if name in SESSION_HEADERS:
                    yield from _header_secrets(name, value)
                elif "domain" in node or "httpOnly" in node:  # a cookie object
                    yield value
            for cookie in _cookie_lists(event):
                if isinstance(cookie.get("value"), str) and cookie["value"]:
                    yield cookie["value"]


def _header_secrets(name: str, value: str) -> Iterator[str]:
    yield value
    if name in ("authorization", "proxy-authorization"):
        yield value.partition(" ")[2]  # the token of "Bearer <token>"
        return
    pairs = value.split(";") if name == "cookie" else value.split(";")[:1]
    for pair in pairs:
        cookie_value = pair.partition("=")[2].strip()
        if cookie_value:
            yield cookie_value


def _scrub_event(value: Any, policy: Redaction, renamed: dict[str, str]) -> Any:
    if isinstance(value, str):
        if _RESOURCE_REF.match(value):
            return _SHA1.sub(lambda m: renamed.get(m.group(0), m.group(0)), value)
        return _SHA1.sub(lambda m: renamed.get(m.group(0), m.group(0)), policy.mask(value))
    if isinstance(value, list):
        return [_scrub_event(v, policy, renamed) for v in value]
    if isinstance(value, dict):
        out = {k: _scrub_event(v, policy, renamed) for k, v in value.items()}
        if str(value.get("name", "")).lower() in SESSION_HEADERS and isinstance(value.get("value"), str):
            out["value"] = REDACTED_HEADER
        if isinstance(value.get("cookies"), list):
            out["cookies"] = [
                {**c, "value": REDACTED_HEADER} if isinstance(c, dict) else c for c in out["cookies"]
            ]
        return out
    return value


def _scrub_resource(data: bytes, policy: Redaction) -> bytes:
    """Text bodies (HTML, JSON, form posts, scripts) masked; binary ones (images) left alone."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return policy.mask(text).encode("utf-8")


def _json_lines(data: bytes) -> list[Any]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]


def _is_event_file(name: str) -> bool:
    return "/" not in name and name.endswith(EVENT_FILES)


def _stem(name: str) -> str:
    return PurePosixPath(name).name.split(".", 1)[0]


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _dicts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _dicts(v)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _cookie_lists(event: Any) -> Iterator[dict[str, Any]]:
    for node in _dicts(event):
        cookies = node.get("cookies")
        if isinstance(cookies, list):
            yield from (c for c in cookies if isinstance(c, dict))
