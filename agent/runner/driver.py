"""Drive a page through a block of flow steps as an account: signing in, finding the way to
"Hồ sơ của tôi". Shared by filings and lookups, so both sign in, retry and report alike.

Secrets reach a step only through `secret_source`: the account's username and password, or a
one-time secret (OTP, passcode, captcha) from the configured provider.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Page
from structlog.typing import FilteringBoundLogger
from tenacity import AsyncRetrying
from tenacity.stop import StopBaseT

from agent.config import Targets
from agent.flow import Op, plan
from agent.flow.schema import Step
from agent.flow.vocabulary import EMPTY as EMPTY_VOCABULARY
from agent.flow.vocabulary import Vocabulary
from agent.runner.mismatch import run_checked
from agent.runner.readiness import DEFAULT_READINESS, Readiness
from agent.runner.retry import RetryPolicy
from agent.runner.session import Session
from agent.runner.steps import SecretSource, StepContext, StepRunner, monotonic_ms
from agent.runner.values import Values
from agent.runner.watch import PageWatch
from agent.secrets import Account, SecretRequest, Secrets


@dataclass
class Driver:
    targets: Targets
    secrets: Secrets
    timeout_ms: float
    max_attempts: int
    policy: RetryPolicy
    readiness: Readiness = DEFAULT_READINESS  # flows/portals.yaml, by each portal's base URL
    #: One sign-in at a time per account: VNeID sends one code per phone, and a second sign-in
    #: started meanwhile cancels the first one's (workers sharing an account take turns).
    _signing_in: dict[str, asyncio.Lock] = field(default_factory=dict)

    def runner(
        self,
        session: Session,
        page: Page,
        watch: PageWatch,
        values: Values,
        fallbacks: list[str],
        log: FilteringBoundLogger,
        vocabulary: Vocabulary = EMPTY_VOCABULARY,
    ) -> StepRunner:
        """A step runner on `page`, typing this session's account's secrets when asked and
        accepting the route's `vocabulary` for the dossier's values."""
        ctx = StepContext(
            page=page,
            watch=watch,
            targets=self.targets,
            values=values,
            secret=self.secret_source(session.account),
            timeout_ms=self.timeout_ms,
            fallbacks_used=fallbacks,
            log=log,
            vocabulary=vocabulary,
            readiness=self.readiness,
        )
        return StepRunner(ctx)

    def secret_source(self, account: Account) -> SecretSource:
        async def secret(kind: str, on_page: Page) -> str:
            if kind == "username":
                return account.username
            if kind == "password":
                return account.password
            captcha_id = None
            if kind == "captcha":
                img = on_page.locator("img[data-captcha-id]").first
                captcha_id = await img.get_attribute("data-captcha-id") if await img.count() else None
            return await self.secrets.one_time(SecretRequest(kind, account, on_page.url, captcha_id))

        return secret

    def retrying(self, log: FilteringBoundLogger, stop: StopBaseT | None = None) -> AsyncRetrying:
        return self.policy.retrying(self.max_attempts if stop is None else stop, log)

    async def run_block(
        self,
        runner: StepRunner,
        ops: list[Op],
        log: FilteringBoundLogger,
        *,
        phase: str,
        evidence: Path | None,
        attempt: int = 1,
    ) -> None:
        """Every op of a block, in order (`exit_if` jumps to the block's end)."""
        i = 0
        while i < len(ops):
            op = ops[i]
            began = time.monotonic()
            fallbacks_before = len(runner.ctx.fallbacks_used)
            jump = await run_checked(runner, op, evidence=evidence)
            log_step(
                log, runner, op, phase=phase, attempt=attempt, began=began, fallbacks_before=fallbacks_before
            )
            i = jump if jump is not None else i + 1

    async def sign_in(
        self,
        session: Session,
        block: list[Step],
        log: FilteringBoundLogger,
        *,
        evidence: Path | None,
        page: Page | None = None,
        watch: PageWatch | None = None,
    ) -> None:
        """Run the portal's sign-in block (it exits early when already signed in), retried whole;
        then save the session's sign-in for the next run."""
        ops = plan(block)
        page, watch = page or session.page, watch or session.watch
        runner = self.runner(session, page, watch, Values(None, {}, session.account.public()), [], log)
        async with self._signing_in.setdefault(session.account.name, asyncio.Lock()):
            async for attempt in self.retrying(log):
                with attempt:
                    watch.reset()
                    await self.run_block(
                        runner,
                        ops,
                        log,
                        phase="sign-in",
                        evidence=evidence,
                        attempt=attempt.retry_state.attempt_number,
                    )
        await session.save_state()
        session.vouch(sign_in_key(block))


def sign_in_key(block: list[Step]) -> str:
    """Which sign-in a block is (its flow file), for `Session.trusts`."""
    return block[0].source.rsplit(":", 1)[0] if block else ""


def log_step(
    log: FilteringBoundLogger,
    runner: StepRunner,
    op: Op,
    *,
    phase: str,
    attempt: int,
    began: float,
    fallbacks_before: int,
) -> None:
    """One event per step done: where in the flow, how long, and the fallback locator if one
    stood in for the primary."""
    used = runner.ctx.fallbacks_used
    log.info(
        "step",
        phase=phase,
        step=op.kind,
        index=op.index,
        source=op.step.source,
        attempt=attempt,
        duration_ms=monotonic_ms(began),
        fallback=used[-1] if len(used) > fallbacks_before else None,
    )
