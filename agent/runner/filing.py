"""One dossier being filed, as one object: its session, flow, values, progress and evidence.

An attempt runs the flow's ops from where the last one stopped. Between attempts (`_recover`):
a submit whose answer was lost is looked up in "Hồ sơ của tôi" first (and waited for while it
may still land), an expired session is signed in again, and the page goes back to the last
checkpoint (a GET, never a re-POST). The final submit is sent exactly once per "not filed".
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from structlog.typing import FilteringBoundLogger

from agent.errors import InfrastructureFailure
from agent.flow import Flow, Op, plan
from agent.runner.artifacts import capture_page, mark_personal_data_kept, private_screenshot
from agent.runner.bindings import bindings
from agent.runner.driver import Driver, log_step, sign_in_key
from agent.runner.faults import SessionExpired, TransientFault
from agent.runner.locate import raise_if_fault_page
from agent.runner.lookup import SEARCH_SLACK, Clock, look_until_settled
from agent.runner.mismatch import run_checked
from agent.runner.my_dossiers import MyDossiers
from agent.runner.progress import Progress
from agent.runner.receipt import FilingHooks, Receipt
from agent.runner.session import Session
from agent.runner.steps import StepRunner, compare_review, read_review_tables, review_failure
from agent.runner.tracing import RunTrace
from agent.runner.values import Values
from agent.secrets.private_files import make_private
from agent.secrets.redaction import Redaction, redaction_for

REVIEW_SHOT, REVIEW_MISMATCH_SHOT = "review.png", "review-mismatch.png"


@dataclass
class FilingRun:
    driver: Driver
    my_dossiers: MyDossiers
    session: Session
    flow: Flow
    values: Values
    hooks: FilingHooks
    stop_at_review: bool
    run_dir: Path
    log: FilteringBoundLogger
    trace: RunTrace
    started: datetime  # when filing began: lookups search from here
    submit_settle: timedelta  # how long a sent submit may still take to land
    clock: Clock
    progress: Progress = field(default_factory=Progress)
    fallbacks: list[str] = field(default_factory=list)
    ops: list[Op] = field(init=False)
    runner: StepRunner = field(init=False)
    #: What this filing's artifacts must not show: the dossier's and the account's values.
    redaction: Redaction = field(init=False)

    def __post_init__(self) -> None:
        self.ops = plan(self.flow.steps)
        self.redaction = redaction_for(self.values.get("data"), self.session.account)
        self.trace.redaction = self.redaction
        self.runner = self.driver.runner(
            self.session,
            self.session.page,
            self.session.watch,
            self.values,
            self.fallbacks,
            self.log,
            self.flow.vocabulary,
        )

    async def run(self) -> Receipt:
        """Sign in, then attempt the flow until it is done, refused, or out of attempts."""
        self.log.info(
            "filing_started",
            run=str(self.run_dir),  # masked by the log processors
            identifiers={p: self.values.text(p) for p in self.flow.header.match},
        )
        if self.trace.keep_personal_data:
            mark_personal_data_kept(self.run_dir)
            self.log.warning("personal_data_kept", run=str(self.run_dir))
        signed_in = sign_in_key(self.flow.sign_in)
        try:
            if self.session.trusts(signed_in):  # as a person filing one dossier after another
                self.log.info("sign_in_trusted")
            else:
                await self.driver.sign_in(self.session, self.flow.sign_in, self.log, evidence=self.run_dir)
        except BaseException:
            await self._capture()
            raise
        await self.trace.start()
        failed = True
        try:
            receipt = await self._attempts()
            failed = False
            self.session.vouch(signed_in)
            return receipt
        except TransientFault as exc:
            await self._capture()
            raise InfrastructureFailure(f"gave up after {self.driver.max_attempts} attempts: {exc}") from exc
        except BaseException:
            await self._capture()
            raise
        finally:
            await self._clean_up()
            await self.trace.finish(keep=failed)

    async def _capture(self) -> None:
        """The page the filing failed on: HTML masked, values blurred in the screenshot."""
        await capture_page(
            self.session.page,
            self.run_dir,
            redaction=self.redaction,
            keep_personal_data=self.trace.keep_personal_data,
        )

    async def _attempts(self) -> Receipt:
        stop = self.progress.budget(self.driver.max_attempts)
        async for attempt in self.driver.retrying(self.log, stop):
            with attempt:
                number = attempt.retry_state.attempt_number
                try:
                    if number > 1:
                        await self.trace.retrying()
                        found = await self._recover()
                        if found is not None:
                            return found
                    self.session.watch.reset()
                    return self._receipt(await self._steps(number))
                except SessionExpired:
                    self.progress.expired = True
                    self.session.distrust(sign_in_key(self.flow.sign_in))
                    raise
        raise RuntimeError("the retrying loop ends by returning or raising")

    async def _steps(self, attempt: int) -> str:
        """Run the ops from `progress.resume_at`: "done", or "review" when stopped there."""
        page, progress = self.session.page, self.progress
        i = progress.resume_at
        self.runner.typed.clear()  # an earlier attempt's page is gone
        while i < len(self.ops):
            op = self.ops[i]
            began = time.monotonic()
            fallbacks_before = len(self.fallbacks)
            jump = None
            if op.kind == "review":
                if await self.runner.conditions_hold(op):
                    await self._review(op)
                    if self.stop_at_review:  # keep going (attachments may follow); stop at submit
                        # asked for to check the values: shown as they are, private to its owner
                        await page.screenshot(path=str(self.run_dir / REVIEW_SHOT), full_page=True)
                        make_private(self.run_dir / REVIEW_SHOT)
            elif op.kind == "submit":
                if await self.runner.conditions_hold(op):
                    if self.stop_at_review:
                        self.log.info("stopped_at_review", screenshot=str(self.run_dir / REVIEW_SHOT))
                        return "review"
                    await self._submit(op)
            else:
                jump = await run_checked(self.runner, op, evidence=self.run_dir)
            log_step(
                self.log,
                self.runner,
                op,
                phase="file",
                attempt=attempt,
                began=began,
                fallbacks_before=fallbacks_before,
            )
            if op.kind == "receipt":
                progress.submitted = False  # the answer arrived: nothing to reconcile
            i = jump if jump is not None else i + 1
            # a page the portal sent us to for signing in is no place to resume from
            if not progress.submitted and not self.session.watch.signed_out:
                progress.move_to(op, i, page.url)
        return "done"

    async def _submit(self, op: Op) -> None:
        """The point of no return: the hook first (the batch ledger commits there), then mark
        the submit as sent before the click, so that any failure after it is looked up."""
        if self.hooks.before_submit:
            await self.hooks.before_submit()
        self.progress.submitted, self.progress.submitted_at = True, self.clock.now()
        await run_checked(self.runner, op, evidence=self.run_dir)

    async def _review(self, op: Op) -> None:
        """Compare the review page with what the flow typed; any difference stops the filing."""
        expected = bindings(self.ops[: op.index], self.values, vocabulary=self.flow.vocabulary)
        tables = await read_review_tables(self.session.page)
        problems = compare_review(tables, expected, op.args.ignore)
        shown = sum(len(t["rows"]) for t in tables)
        self.log.info("review", rows_shown=shown, bound=len(expected), mismatches=len(problems))
        if problems:
            await private_screenshot(
                self.session.page, self.run_dir / REVIEW_MISMATCH_SHOT, blur=not self.trace.keep_personal_data
            )
            raise review_failure(problems)

    async def _recover(self) -> Receipt | None:
        """Before another attempt: reconcile a lost submit, sign in again if need be, go back to
        the last checkpoint. A receipt when the dossier turned out to be filed already."""
        if self.progress.submitted:
            found = await self._look_for_submitted()
            if found is not None:
                return found
            self.log.warning("submit_not_found_resubmitting")
            self.progress.submitted = False
        if self.progress.expired:
            self.progress.expired = False
            async with self.trace.paused():
                await self.driver.sign_in(self.session, self.flow.sign_in, self.log, evidence=self.run_dir)
        await self._back_to_checkpoint()
        return None

    async def _look_for_submitted(self) -> Receipt | None:
        """Is the submit that went out (with no answer read) filed? When its answer was lost
        outright, "not there" is only believed once the submit can no longer land."""
        answer_lost = self.session.watch.answer_lost

        async def look() -> Receipt | None:
            return await self.my_dossiers.find_filed(
                self.session,
                self.flow,
                self.values,
                self.started - SEARCH_SLACK,
                self.log,
                evidence=self.run_dir,
            )

        def settling(wait_s: float) -> None:
            self.log.info("submit_answer_lost_settling", wait_s=round(wait_s, 1))

        async with self.trace.paused():  # looking may mean signing in again
            found = await look_until_settled(
                look,
                last_submit_at=self.progress.submitted_at if answer_lost else None,
                settle=self.submit_settle,
                clock=self.clock,
                on_wait=settling,
            )
        if found is not None:
            found.artifacts, found.fallbacks_used = self.run_dir, self.fallbacks
            self.log.info("submit_reconciled", code=found.code)
        return found

    async def _back_to_checkpoint(self) -> None:
        progress, page, watch = self.progress, self.session.page, self.session.watch
        progress.resume_at = progress.checkpoint_at
        if progress.checkpoint_url:
            watch.reset()
            if "#" in progress.checkpoint_url and page.url == progress.checkpoint_url:
                await page.reload(wait_until="load")  # same hash: a goto would not reload
            else:  # a GET, never a re-POST
                await page.goto(progress.checkpoint_url, wait_until="load")
            if watch.signed_out and self.flow.re_enter:
                await self._re_enter()
            await raise_if_fault_page(page, watch)
            await self._skip_to_shown_step()
        self.log.info("resuming", at=progress.resume_at, url=progress.checkpoint_url)

    async def _re_enter(self) -> None:
        """The checkpoint's portal sent us to sign in although the session is fresh: its session
        is granted by another portal (the Ministry's, by the national portal through VNeID's
        consent and passcode). The flow's `re_enter:` block goes through that and back."""
        self.log.info("re_entering")
        self.session.watch.reset()
        async with self.trace.paused():
            await self.driver.run_block(
                self.runner, plan(self.flow.re_enter), self.log, phase="re-enter", evidence=self.run_dir
            )

    async def _skip_to_shown_step(self) -> None:
        """A client-rendered wizard reloaded at one URL may not show the checkpointed step: the
        furthest step its draft reached (the portal saved the steps in between), or its first
        step again (a reload that starts a new draft, as the Ministry's wizard does). Resume at
        the `expect:` the page shows now: the furthest reached before the failure, else — when
        the checkpoint's own is not shown — the latest one before it. Where none is shown, the
        checkpoint stands."""
        progress = self.progress
        await self.runner.wait_ready()
        for index in range(min(progress.failed_at, len(self.ops) - 1), progress.checkpoint_at, -1):
            op = self.ops[index]
            if op.kind == "expect" and await self.runner.shows(op):
                self.log.info("resuming_at_shown_step", checkpoint=progress.checkpoint_at, shown=index)
                progress.resume_at = progress.checkpoint_at = index
                return
        here = self.ops[min(progress.checkpoint_at, len(self.ops) - 1)]
        if here.kind != "expect" or await self.runner.shows(here):
            return
        for index in range(progress.checkpoint_at - 1, -1, -1):
            op = self.ops[index]
            if op.kind == "expect" and await self.runner.shows(op):
                self.log.info("resuming_at_earlier_step", checkpoint=progress.checkpoint_at, shown=index)
                progress.resume_at = progress.checkpoint_at = index
                return

    def _receipt(self, result: str) -> Receipt:
        got = self.runner.ctx.receipt
        receipt = Receipt(
            code=got.get("code"),
            appointment_date=got.get("appointment_date"),
            portal=self.flow.portal,
            procedure=self.flow.procedure,
            artifacts=self.run_dir,
            fallbacks_used=self.fallbacks,
            stopped_at_review=result == "review",
        )
        self.log.info(
            "filing_done",
            code=receipt.code,
            appointment=receipt.appointment_date,
            stopped_at_review=receipt.stopped_at_review,
            fallbacks=len(self.fallbacks),
        )
        return receipt

    async def _clean_up(self) -> None:
        for cleanup in self.runner.ctx.cleanups:
            with contextlib.suppress(Exception):  # the page may be gone
                await cleanup()
