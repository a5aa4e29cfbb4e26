"""Driver.sign_in: workers that share an account sign in one after another (VNeID sends one
code per phone; a sign-in started meanwhile cancels the code of the one in progress)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from agent.config import Targets
from agent.flow.schema import STEP_ARGS, Step
from agent.runner.driver import Driver
from agent.runner.retry import RetryPolicy


@dataclass
class _Session:
    """What sign_in uses of a session: its account, page, watch, and saving its state."""

    account: Any
    page: Any = None
    watch: Any = None
    saved: int = 0
    vouched: list[str] = field(default_factory=list)

    async def save_state(self) -> None:
        self.saved += 1

    def vouch(self, sign_in: str) -> None:
        self.vouched.append(sign_in)


@dataclass
class _Account:
    name: str

    def public(self) -> dict[str, str]:
        return {"name": self.name}


class _Watch:
    def reset(self) -> None:
        pass


def _block() -> list[Step]:
    args = STEP_ARGS["goto"].model_validate({"portal": "p", "path": "/"})
    return [Step(kind="goto", args=args, source="flows/blocks/p/sign-in.yaml:3")]


def test_two_sign_ins_of_one_account_take_turns_and_other_accounts_do_not_wait(run_async):
    inside: list[str] = []
    overlaps: list[tuple[str, str]] = []

    class _Recording(Driver):
        async def run_block(self, runner, ops, log, **kwargs) -> None:  # type: ignore[no-untyped-def]
            name = runner.ctx.values.get("account.name") or "?"
            overlaps.extend((name, other) for other in inside)
            inside.append(name)
            await asyncio.sleep(0.05)  # the sign-in's round trips; another worker runs meanwhile
            inside.remove(name)

    driver = _Recording(
        targets=Targets({"p": "http://127.0.0.1:9"}),
        secrets=None,  # type: ignore[arg-type]  # no step of this block asks for one
        timeout_ms=1000,
        max_attempts=1,
        policy=RetryPolicy(),
    )
    a1, a2, b = (_Session(_Account(n), watch=_Watch()) for n in ("a", "a", "b"))

    async def go() -> None:
        log = _Log()
        await asyncio.gather(*(driver.sign_in(s, _block(), log, evidence=None) for s in (a1, a2, b)))  # type: ignore[arg-type]

    run_async(go())
    assert ("a", "a") not in overlaps  # the two sessions of account "a" took turns
    assert ("b", "a") in overlaps or ("a", "b") in overlaps  # another account did not wait
    assert a1.vouched == a2.vouched == b.vouched == ["flows/blocks/p/sign-in.yaml"]


class _Log:
    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None

    def bind(self, **kwargs: Any) -> _Log:
        return self
