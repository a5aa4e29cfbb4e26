"""Reading the credentials file as ssh reads a private key: only when nobody else can read it,
and never quoting it back.

A file that its group or others may read is refused with the `chmod 600` that fixes it. The one
exception is the mock portal's demo file (`examples/credentials.mock.yaml`, which a checkout
leaves 0644): it must say `mock_only: true` and hold nothing but the mock's published demo
logins (docs/interfaces.md §2), so a real password added to it makes it private-only again.
A file that is not valid YAML is reported by line and column only: the parser's own message
quotes the offending line, which may be a password.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

import yaml

from agent.errors import InvalidInput

#: (username, password) of the mock portal's demo accounts, which are public (they are seeded by
#: the mock at every start and exist on no real portal).
MOCK_DEMO_LOGINS = frozenset(
    {
        ("001090012345", "MatKhau@123"),
        ("001195054321", "MatKhau@456"),
        ("buudien.an", "MatKhau@123"),
        ("canbo.motcua", "CanBo@123"),
    }
)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def read_credentials_file(path: Path) -> dict[str, Any]:
    """The file's mapping; InvalidInput (exit 2) when it is readable by others or not YAML."""
    try:
        raw = yaml.safe_load(path.read_bytes().decode("utf-8-sig")) or {}
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except RecursionError:
        raise InvalidInput(f"{path}: nested too deeply to be a credentials file") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(
            f"{path}: not valid YAML ({_where(exc)}); its content is not shown "
            "here because it holds passwords: open the file to fix it"
        ) from None
    if not isinstance(raw, dict):
        raise InvalidInput(f"{path}: expected `accounts:` mapping of name → account")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077 and not is_mock_demo_file(raw):
        raise InvalidInput(
            f"{path} is readable by others (mode {mode:04o}); it holds passwords. "
            f"Make it private first: chmod 600 {path}"
        )
    return raw


def is_mock_demo_file(raw: dict[str, Any]) -> bool:
    """True for a file that says `mock_only: true` and holds only the mock's demo logins."""
    accounts = raw.get("accounts")
    if raw.get("mock_only") is not True or not isinstance(accounts, dict) or not accounts:
        return False
    return all(
        isinstance(a, dict) and (str(a.get("username")), str(a.get("password"))) in MOCK_DEMO_LOGINS
        for a in accounts.values()
    )


def _where(exc: yaml.YAMLError) -> str:
    """Line, column and the parser's complaint, with anything it quotes from the file removed."""
    mark = getattr(exc, "problem_mark", None)
    problem = _QUOTED.sub("…", str(getattr(exc, "problem", None) or "syntax error"))
    return f"line {mark.line + 1}, column {mark.column + 1}: {problem}" if mark else problem
