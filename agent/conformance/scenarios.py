"""The scenario catalogue: what each column of the score table does to the portal and what the
right outcome then is.

A scenario is a fault plan of the mock (`fixtures/mock_portal/faults.py`, names and values as in
`--faults`), the counters that prove it fired, what the pages must have for it to mean anything
(`needs`: page traits of a route, see `routes.py`), and the expected outcome. Seeds are fixed so a
run replays: for the probabilistic faults they were picked so the first fault falls a few requests
into the run (5xx: requests 6 and 24; drop: 6 and 25), never on none.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Expect(enum.StrEnum):
    """The right outcome of a cell."""

    FILED = "filed once; the stored values equal the dossier's"
    RECONCILED = "filed once although the submit's answer was lost (found in Hồ sơ của tôi, not re-sent)"
    REFUSED = "refused with the portal's own message; nothing filed"
    GAVE_UP = "failed as an infrastructure fault after retries, naming the fault; nothing filed"
    ACCOUNT = "the account path completed, as the portal records it"


#: Page traits (what a route's pages are built with); a scenario needing one of them applies only
#: to rows that have it. `any` is every row; `filing` every procedure route.
ANY, FILING = "any", "filing"
LEGACY, SPA, REAL = "legacy-markup", "spa", "real-markup"
FRAME, WALLET, PHONE_BOX = "eform-frame", "wallet", "phone-box"
SIGN_IN_PAGE, REGISTRATION = "sign-in", "registration"


@dataclass(frozen=True)
class Scenario:
    name: str  # the column key (`--scenarios`, pytest `--scenario`)
    title: str  # the column header
    plan: str  # the mock's fault plan ("" = none)
    seed: int
    expect: Expect
    #: Counters of the mock's GET /__admin/faults that must be > 0 after the cell.
    must_fire: tuple[str, ...] = ()
    #: The row must have one of these traits (see the module docstring).
    needs: tuple[str, ...] = (ANY,)
    #: Why a row without the trait is not a place for this scenario (the skipped cell's reason).
    why_not: str = ""
    #: For GAVE_UP / REFUSED: text the outcome's message must hold.
    message: str = ""
    #: (trait, plan): another plan for rows with that trait (the first that matches wins).
    plans: tuple[tuple[str, str], ...] = ()

    def plan_for(self, traits: frozenset[str]) -> str:
        """The plan for a row: a session on the national path sees fewer requests per origin."""
        return next((plan for trait, plan in self.plans if trait in traits), self.plan)

    @property
    def fault_control(self) -> bool:
        """Needs the mock's admin API (a plan to set, counters to read)."""
        return bool(self.plan) or self.expect is Expect.REFUSED

    def __str__(self) -> str:
        return self.name


HAPPY = Scenario("happy", "happy path", "", 0, Expect.FILED)
SCENARIOS: tuple[Scenario, ...] = (
    HAPPY,
    Scenario("latency", "latency", "latency=20-120", 1, Expect.FILED, ("latency",)),
    Scenario("error_5xx", "5xx", "error_5xx=0.06", 3, Expect.FILED, ("error_5xx",)),
    Scenario("drop", "dropped conn.", "drop=0.04", 3, Expect.FILED, ("drop",)),
    Scenario(
        "session_expiry",
        "session expiry",
        "session_expiry=20",
        7,
        Expect.FILED,
        ("session_expiry",),
        needs=(FILING,),
        plans=((REAL, "session_expiry=8"),),
        why_not="no filing: nothing to resume after signing in again",
    ),
    Scenario(
        "commit_timeout",
        "timeout after commit",
        "commit_timeout=1",
        5,
        Expect.RECONCILED,
        ("commit_timeout",),
        needs=(FILING,),
        why_not="no final submit on this path",
    ),
    Scenario(
        "captcha",
        "captcha gate",
        "captcha=on",
        0,
        Expect.FILED,
        ("captcha",),
        needs=(FILING, SIGN_IN_PAGE),
        why_not="the registration pages ask for no captcha",
    ),
    Scenario(
        "maintenance",
        "maintenance page",
        "maintenance=on",
        0,
        Expect.GAVE_UP,
        ("maintenance",),
        message="bảo trì",
    ),
    Scenario(
        "hydration",
        "slow hydration",
        "hydration=800",
        0,
        Expect.FILED,
        ("hydration",),
        needs=(SPA, REAL),
        why_not="server-rendered pages: nothing hydrates",
    ),
    Scenario(
        "rerender",
        "late re-render",
        "rerender=300",
        0,
        Expect.FILED,
        ("rerender",),
        needs=(REAL,),
        why_not="only the national path's real-markup pages re-render",
    ),
    Scenario(
        "iframe_slow",
        "slow e-form frame",
        "iframe_slow=2500",
        0,
        Expect.FILED,
        ("iframe_slow",),
        needs=(FRAME,),
        why_not="the flow fills no e-form frame",
    ),
    Scenario(
        "wallet_flaky",
        "flaky wallet",
        "wallet_flaky=on",
        0,
        Expect.FILED,
        ("wallet_flaky",),
        needs=(WALLET,),
        why_not="the flow uploads through no e-document wallet",
    ),
    Scenario(
        "layout_drift",
        "layout drift",
        "drift=on",
        3,
        Expect.FILED,
        ("drift",),
        needs=(LEGACY, SPA),
        why_not="the real-markup pages drift by widget (see widget drift)",
    ),
    Scenario(
        "widget_drift",
        "widget drift",
        "drift=on",
        5,
        Expect.FILED,
        ("drift",),
        needs=(REAL,),
        why_not="only the real-markup pages swap widgets",
    ),
    Scenario(
        "refusal",
        "portal refusal",
        "",
        0,
        Expect.REFUSED,
        needs=(PHONE_BOX,),
        why_not="no phone box is typed on this route for this dossier",
        message="Số điện thoại không hợp lệ",
    ),
)
BY_NAME: dict[str, Scenario] = {s.name: s for s in SCENARIOS}
#: The phone number the refusal scenario types: a Vietnamese number cannot start 01 any more, so
#: every portal's own rule refuses it (`fixtures/mock_portal/procedures/rules.py` PHONE_RE).
REFUSED_PHONE = "0123456789"


def select(names: list[str] | None) -> tuple[Scenario, ...]:
    """The scenarios named (comma lists allowed), in catalogue order; all when none are named."""
    wanted = [n.strip() for raw in names or () for n in raw.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in BY_NAME]
    if unknown:
        raise ValueError(f"unknown scenario(s) {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    return tuple(s for s in SCENARIOS if not wanted or s.name in wanted)
