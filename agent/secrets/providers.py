"""Where one-time secrets come from: OTP (SMS), VNeID passcode, captcha answers.

A provider spec is a short string, configurable per kind in the credentials file
(`providers: {otp: …}`) or `$DVC_AGENT_<KIND>_PROVIDER`:
- `prompt`            ask the person at the terminal (getpass; nothing echoed or logged)
- `env:VAR`           read an environment variable
- `command:CMD ARGS`  run a command; its stdout is the secret (env: DVC_AGENT_SECRET_KIND,
                      DVC_AGENT_ACCOUNT, DVC_AGENT_PHONE, DVC_AGENT_CAPTCHA_IMAGE_ID)
- `mock-admin`        tests and the mock only: read the mock's admin API (SMS inbox, captcha)
Passcodes default to the account's stored passcode when it has one.
"""

from __future__ import annotations

import asyncio
import getpass
import os
import shlex
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

import httpx

from agent.errors import InvalidInput
from agent.secrets.credentials import Account, Credentials
from agent.secrets.masking import remember_secret

KINDS = ("otp", "passcode", "captcha")
DEFAULT_PROVIDER = "prompt"


@dataclass(frozen=True)
class SecretRequest:
    kind: str  # otp | passcode | captcha
    account: Account
    page_url: str  # where the secret is asked for (mock-admin uses its origin)
    captcha_id: str | None = None


class SecretProvider(Protocol):
    async def get(self, request: SecretRequest) -> str: ...


class PromptProvider:
    async def get(self, request: SecretRequest) -> str:
        prompt = {
            "otp": f"Mã OTP gửi tới số của {request.account.name}: ",
            "passcode": f"Passcode VNeID của {request.account.name}: ",
            "captcha": "Mã kiểm tra (captcha) trên trang: ",
        }[request.kind]
        return (await asyncio.to_thread(getpass.getpass, prompt)).strip()


@dataclass(frozen=True)
class EnvProvider:
    variable: str

    async def get(self, request: SecretRequest) -> str:
        value = os.environ.get(self.variable, "").strip()
        if not value:
            raise InvalidInput(f"{request.kind} provider env:{self.variable}: variable is empty")
        return value


@dataclass(frozen=True)
class CommandProvider:
    command: str

    async def get(self, request: SecretRequest) -> str:
        env = {
            **os.environ,
            "DVC_AGENT_SECRET_KIND": request.kind,
            "DVC_AGENT_ACCOUNT": request.account.name,
            "DVC_AGENT_PHONE": request.account.phone or "",
            "DVC_AGENT_CAPTCHA_IMAGE_ID": request.captcha_id or "",
        }
        proc = await asyncio.create_subprocess_exec(
            *shlex.split(self.command),
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        out, _ = await proc.communicate()
        if proc.returncode != 0 or not out.strip():
            raise InvalidInput(f"{request.kind} provider command failed (exit {proc.returncode})")
        return out.decode().strip()


class MockAdminProvider:
    """Reads the mock portal's admin API. Refuses anything but a local (127.0.0.1/localhost) URL so
    that it can never be pointed at a real portal by mistake."""

    async def get(self, request: SecretRequest) -> str:
        parts = urlsplit(request.page_url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise InvalidInput("the mock-admin secret provider only works against the local mock")
        base = f"{parts.scheme}://{parts.netloc}"
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            if request.kind == "captcha":
                if not request.captcha_id:
                    raise InvalidInput("no captcha image (img[data-captcha-id]) on the page")
                resp = await client.get(f"/__admin/captcha/{request.captcha_id}")
                resp.raise_for_status()
                return str(resp.json()["answer"])
            if request.kind == "otp":
                phone = request.account.phone
                resp = await client.get("/__admin/sms", params={"to": phone} if phone else None)
                resp.raise_for_status()
                messages = [m for m in resp.json() if m.get("code")]
                if not messages:
                    raise InvalidInput(f"no OTP SMS in the mock's inbox for {request.account.name}")
                return str(messages[-1]["code"])
        raise InvalidInput(f"the mock-admin provider cannot give a {request.kind}")


def make_provider(spec: str) -> SecretProvider:
    if spec == "prompt":
        return PromptProvider()
    if spec == "mock-admin":
        return MockAdminProvider()
    if spec.startswith("env:"):
        return EnvProvider(spec[4:])
    if spec.startswith("command:"):
        return CommandProvider(spec[8:].strip())
    raise InvalidInput(f"unknown secret provider {spec!r}: use prompt, env:VAR, command:CMD or mock-admin")


class Secrets:
    """The engine's single door to credentials and one-time secrets."""

    def __init__(self, credentials: Credentials, providers: dict[str, str] | None = None) -> None:
        self.credentials = credentials
        specs = {**credentials.providers, **(providers or {})}
        for kind in KINDS:
            env = os.environ.get(f"DVC_AGENT_{kind.upper()}_PROVIDER")
            if env:
                specs[kind] = env
        self._specs = specs

    def account(self, name: str) -> Account:
        return self.credentials.account(name)

    async def one_time(self, request: SecretRequest) -> str:
        if request.kind == "passcode" and request.account.passcode:
            return request.account.passcode
        value = await make_provider(self._specs.get(request.kind, DEFAULT_PROVIDER)).get(request)
        remember_secret(value)
        return value
