"""Accounts the agent signs in with. Never inline in dossiers: a YAML file the user keeps outside
the repository (`--credentials`, `$DVC_AGENT_CREDENTIALS`, `~/.config/dvc-agent/credentials.yaml`)
or environment variables `DVC_AGENT_ACCOUNT_<NAME>_<FIELD>`.

The file must be private (`chmod 600`; see `credentials_file`). File shape:
    providers: {otp: mock-admin, captcha: mock-admin, passcode: prompt}   # optional
    accounts:
      citizen-a: {method: dvc, username: "001090012345", password: "…", passcode: "…", phone: "…"}
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from agent.errors import InvalidInput
from agent.secrets.credentials_file import read_credentials_file
from agent.secrets.masking import remember_secret

CREDENTIALS_ENV = "DVC_AGENT_CREDENTIALS"
DEFAULT_CREDENTIALS = Path("~/.config/dvc-agent/credentials.yaml")
#: The three ways to sign in: DVCQG account, VNeID, Vietnam Post.
Method = Literal["dvc", "vneid", "vnpost"]
METHODS: tuple[Method, ...] = get_args(Method)


@dataclass(frozen=True)
class Account:
    """One sign-in. Field metadata tells `agent.secrets.redaction` what to mask in artifacts."""

    name: str
    method: Method
    username: str = field(metadata={"sensitivity": "personal_id"})
    password: str = field(repr=False, metadata={"sensitivity": "secret"})
    passcode: str | None = field(default=None, repr=False, metadata={"sensitivity": "secret"})
    phone: str | None = field(default=None, metadata={"sensitivity": "phone"})
    personal_id: str | None = field(default=None, metadata={"sensitivity": "personal_id"})

    def public(self) -> dict[str, str | None]:
        """Fields a flow may bind as `account.*` (no secrets)."""
        return {
            "name": self.name,
            "method": self.method,
            "username": self.username,
            "phone": self.phone,
            "personal_id": self.personal_id or self.username,
        }


@dataclass(frozen=True)
class Credentials:
    accounts: dict[str, Account]
    providers: dict[str, str] = field(default_factory=dict)
    source: str = "environment"

    def account(self, name: str) -> Account:
        if name in self.accounts:
            return self.accounts[name]
        env_account = _account_from_env(name)
        if env_account:
            return env_account
        raise InvalidInput(
            f"no account {name!r} in {self.source}; add it under `accounts:` or set "
            f"{_env_prefix(name)}USERNAME / PASSWORD / METHOD"
        )


def _env_prefix(name: str) -> str:
    return "DVC_AGENT_ACCOUNT_" + "".join(c if c.isalnum() else "_" for c in name).upper() + "_"


def _account_from_env(name: str) -> Account | None:
    prefix = _env_prefix(name)
    username, password = os.environ.get(prefix + "USERNAME"), os.environ.get(prefix + "PASSWORD")
    if not username or not password:
        return None
    return _make_account(
        name,
        {
            "username": username,
            "password": password,
            "method": os.environ.get(prefix + "METHOD", "dvc"),
            "passcode": os.environ.get(prefix + "PASSCODE"),
            "phone": os.environ.get(prefix + "PHONE"),
        },
        "environment",
    )


def _method(name: str, raw: object, source: str) -> Method:
    for method in METHODS:
        if raw == method:
            return method
    raise InvalidInput(f"{source}: account {name!r}: method {raw!r} is not one of {', '.join(METHODS)}")


def _make_account(name: str, raw: Any, source: str) -> Account:
    if not isinstance(raw, dict):
        raise InvalidInput(f"{source}: account {name!r} must be a mapping")
    method = _method(name, str(raw.get("method", "dvc")), source)
    missing = [k for k in ("username", "password") if not raw.get(k)]
    if missing:
        raise InvalidInput(f"{source}: account {name!r} lacks {', '.join(missing)}")
    account = Account(
        name=name,
        method=method,
        username=str(raw["username"]),
        password=str(raw["password"]),
        passcode=str(raw["passcode"]) if raw.get("passcode") else None,
        phone=str(raw["phone"]) if raw.get("phone") else None,
        personal_id=str(raw["personal_id"]) if raw.get("personal_id") else None,
    )
    remember_secret(account.password)
    remember_secret(account.passcode)
    return account


def credentials_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    chosen = explicit or os.environ.get(CREDENTIALS_ENV) or DEFAULT_CREDENTIALS
    return Path(chosen).expanduser()


def load_credentials(explicit: str | os.PathLike[str] | None = None) -> Credentials:
    """Read the credentials file if there is one; otherwise accounts come from the environment."""
    path = credentials_path(explicit)
    if not path.is_file():
        if explicit or os.environ.get(CREDENTIALS_ENV):
            raise InvalidInput(f"credentials file {path} does not exist")
        return Credentials(accounts={}, source=f"environment ({path} not found)")
    raw = read_credentials_file(path)  # refused when others can read it; errors never quote it
    if not isinstance(raw.get("accounts", {}), dict):
        raise InvalidInput(f"{path}: expected `accounts:` mapping of name → account")
    accounts = {str(n): _make_account(str(n), a, str(path)) for n, a in (raw.get("accounts") or {}).items()}
    named = raw.get("providers") or {}
    if not isinstance(named, dict):
        raise InvalidInput(f"{path}: `providers:` must map a kind (otp, passcode, captcha) to a provider")
    providers = {str(k): str(v) for k, v in named.items()}
    return Credentials(accounts=accounts, providers=providers, source=str(path))
