"""The mock portal's admin API (`/__admin/`, fixtures/mock_portal/admin.py), as the suite uses it:
is this target the mock at all, set and read the fault plan and its counters, and read back what
was stored. A target without it (a staging copy, the live portal) gets no fault scenarios and no
stored-value proof.
"""

from __future__ import annotations

import os
from typing import Any

import httpx

ADMIN_TOKEN_ENV = "DVC_MOCK_ADMIN_TOKEN"  # as `dvc-agent portal serve` reads it


class AdminApi:
    def __init__(self, base_url: str, *, timeout_s: float = 10) -> None:
        token = os.environ.get(ADMIN_TOKEN_ENV)
        self.base_url = base_url.rstrip("/")
        self._headers = {"X-Admin-Token": token} if token else {}
        self._timeout = timeout_s

    async def _call(self, method: str, path: str, **kw: Any) -> Any:
        async with httpx.AsyncClient(base_url=self.base_url, timeout=self._timeout) as client:
            response = await client.request(method, "/__admin" + path, headers=self._headers, **kw)
            response.raise_for_status()
            return response.json()

    async def reset(self) -> None:
        await self._call("POST", "/reset")

    async def set_faults(self, plan: str, seed: int | None = None) -> None:
        """Set the plan (this also zeroes the counters)."""
        await self._call("PUT", "/faults", json={"plan": plan, "seed": seed})

    async def fired(self) -> dict[str, int]:
        found = await self._call("GET", "/faults")
        return {str(k): int(v) for k, v in (found.get("fired") or {}).items()}

    async def dossiers(self, procedure: str | None = None, account: str | None = None) -> list[dict]:
        params = {k: v for k, v in (("procedure", procedure), ("account", account)) if v}
        found = await self._call("GET", "/dossiers", params=params)
        return list(found)

    async def dossier(self, code: str) -> dict:
        found = await self._call("GET", f"/dossiers/{code}")
        return dict(found)

    async def accounts(self) -> list[dict]:
        return list(await self._call("GET", "/accounts"))

    async def sms(self, to: str | None = None) -> list[dict]:
        return list(await self._call("GET", "/sms", params={"to": to} if to else None))


async def find_admin(base_url: str) -> AdminApi | None:
    """The admin API of `base_url` if it is the mock (its health answers `{"ok": true}`)."""
    api = AdminApi(base_url, timeout_s=3)
    try:
        found = await api._call("GET", "/health")
    except (httpx.HTTPError, ValueError):
        return None
    return AdminApi(base_url) if isinstance(found, dict) and found.get("ok") is True else None
