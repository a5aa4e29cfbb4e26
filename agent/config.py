"""Where things are: the browser to launch and the portals to talk to.

One home for both so that swapping a target (mock ↔ real portal, local ↔ remote browser) is a
configuration change, never a code change.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

#: Real portals. The mock's `portal serve` prints the same names with local URLs.
DEFAULT_PORTALS: dict[str, str] = {
    "hanoi": "https://dichvucong.hanoi.gov.vn",
    "dvcqg": "https://dichvucong.gov.vn",
    "lienthong": "https://lienthong.dichvucong.gov.vn",
    "vneid": "https://sso.dancuquocgia.gov.vn",
}

#: Flags this machine needs: root (no sandbox), no GPU, and no background traffic to hosts
#: that the closed network refuses.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
)

CHROMIUM_ENV = "DVC_AGENT_CHROMIUM"
PORTALS_ENV = "DVC_AGENT_PORTALS"


class ConfigError(ValueError):
    """A setting is malformed; the message says which and how to fix it."""


#: Debian's `chromium-headless-shell`: the same Chromium build without the browser's UI layer
#: (Playwright's own default for headless runs). Measured with `bench/compare.py` against
#: `/usr/bin/chromium`: about a quarter less CPU per filing, 30–60 MiB less per extra worker.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
FULL_BROWSER = "/usr/bin/chromium"


def chromium_executable(explicit: str | os.PathLike[str] | None = None, *, headless: bool = True) -> str:
    """Find Debian's Chromium: explicit path, then $DVC_AGENT_CHROMIUM, then the usual places.

    A headless run prefers the headless shell when it is installed; a headed one needs the full
    browser, and a machine without the shell falls back to it too.
    """
    shells = [HEADLESS_SHELL, shutil.which("chromium-headless-shell")] if headless else []
    candidates = [
        explicit,
        os.environ.get(CHROMIUM_ENV),
        *shells,
        FULL_BROWSER,
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise ConfigError(
        "Chromium not found. Install it with `apt-get install -y chromium chromium-headless-shell` "
        f"(or run `make setup`), or set {CHROMIUM_ENV} to the browser's path."
    )


def parse_portal_pairs(pairs: list[str] | str | None) -> dict[str, str]:
    """Parse `name=url` pairs (a list, or one comma-separated string)."""
    if not pairs:
        return {}
    items = pairs.split(",") if isinstance(pairs, str) else [p for raw in pairs for p in raw.split(",")]
    result: dict[str, str] = {}
    for item in (i.strip() for i in items):
        if not item:
            continue
        name, sep, url = item.partition("=")
        if not sep or not name.strip() or not url.strip().startswith(("http://", "https://")):
            raise ConfigError(
                f"portal URL {item!r} is not of the form name=http(s)://host[:port]; "
                "for example hanoi=http://127.0.0.1:8701"
            )
        result[name.strip()] = url.strip().rstrip("/")
    return result


@dataclass(frozen=True)
class Targets:
    """Base URLs by portal name. Built from defaults, then $DVC_AGENT_PORTALS, then --portal-url."""

    urls: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PORTALS))

    @classmethod
    def resolve(cls, cli_pairs: list[str] | None = None, env: Mapping[str, str] | None = None) -> Targets:
        environment = os.environ if env is None else env
        urls = dict(DEFAULT_PORTALS)
        urls.update(parse_portal_pairs(environment.get(PORTALS_ENV)))
        urls.update(parse_portal_pairs(cli_pairs))
        return cls(urls)

    def url(self, portal: str, path: str = "/") -> str:
        try:
            base = self.urls[portal]
        except KeyError:
            raise ConfigError(
                f"no URL for portal {portal!r}; pass --portal-url {portal}=URL or add it to {PORTALS_ENV}"
            ) from None
        return base + (path if path.startswith("/") else "/" + path)
