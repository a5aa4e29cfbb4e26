"""The engine: one Chromium, one browser context per account, flows run as data.

`Engine.file()` signs in (reusing a saved session when the portal still accepts it), runs the
procedure's flow op by op, retries transient faults from the last page checkpoint (signing in
again first when the session expired), compares the review page with the dossier, and submits
exactly once: when the answer to the submit is lost it looks in "Hồ sơ của tôi" before trying
again. See docs/interfaces.md §8 for the API.

Secrets and traces: the Playwright trace is recorded only while the procedure's own steps run;
signing in (passwords, OTPs, passcodes) always happens with tracing paused, so the typed secrets
are in no snapshot or action log. Secret values are also redacted from every log event.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from agent.config import CHROMIUM_ARGS, Targets, chromium_executable
from agent.errors import InfrastructureFailure, PortalRefused
from agent.flow import Flow, Op, load_flow, load_procedure_flow, plan
from agent.flow.loader import FLOWS_DIR, _load_block, _Context
from agent.observability import get_logger, run_events
from agent.runner.artifacts import capture_page, new_run_dir, write_private
from agent.runner.bindings import bindings
from agent.runner.faults import SessionExpired, TransientFault
from agent.runner.locate import raise_if_fault_page
from agent.runner.receipt import FilingHooks, Receipt
from agent.runner.steps import (
    StepContext, StepRunner, compare_review, monotonic_ms, norm, read_review_tables,
    review_failure,
)
from agent.runner.values import Values
from agent.runner.watch import PageWatch
from agent.secrets import Account, SecretRequest, Secrets

DEFAULT_TIMEOUT_MS = 15_000
PORTAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass
class Session:
    """A browser context signed in (lazily, per portal) as one account."""

    account: Account
    context: BrowserContext
    page: Page
    watch: PageWatch
    state_path: Path
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


@dataclass
class _Progress:
    """Where a filing stands, so an attempt can resume where the last one failed."""

    resume_at: int = 0
    checkpoint_url: str | None = None
    checkpoint_at: int = 0
    submitted: bool = False
    submitted_at: float = 0.0      # time.monotonic() when the final submit was last sent
    expired: bool = False
    trace_parts: int = 0
    stuck_failures: int = 0        # failures since the checkpoint last moved forward
    failed_at: int = -1

    def note_failure(self) -> None:
        """Count a failure; a failure further along than the last one starts a fresh budget."""
        self.stuck_failures = 1 if self.resume_at > self.failed_at else self.stuck_failures + 1
        self.failed_at = max(self.failed_at, self.resume_at)


class Engine:
    def __init__(self, targets: Targets, secrets: Secrets, artifacts_root: Path | str = "runs",
                 headless: bool = True, *, ws_endpoint: str | None = None,
                 timeout_ms: float = DEFAULT_TIMEOUT_MS, max_attempts: int = 5,
                 flows_dir: Path | None = None, trace: bool = True, submit_settle_s: float = 30.0):
        self.targets = targets
        self.secrets = secrets
        self.artifacts_root = Path(artifacts_root)
        #: How long a submit whose answer was lost may still take to land on the portal: "not in
        #: Hồ sơ của tôi" is only believed after this (see `_recover`).
        self.submit_settle_s = submit_settle_s
        self.headless = headless
        self.ws_endpoint = ws_endpoint
        self.timeout_ms = timeout_ms
        self.max_attempts = max_attempts
        self.flows_dir = flows_dir or FLOWS_DIR
        self.trace = trace
        self.log = get_logger(component="engine")
        self._pw = None
        self.browser: Browser | None = None
        self._sessions: list[Session] = []

    # -- lifecycle -----------------------------------------------------------------------------
    async def __aenter__(self) -> "Engine":
        self._pw = await async_playwright().start()
        if self.ws_endpoint:
            self.browser = await self._pw.chromium.connect(self.ws_endpoint)
        else:
            self.browser = await self._pw.chromium.launch(
                executable_path=chromium_executable(), args=list(CHROMIUM_ARGS), headless=self.headless)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        for session in self._sessions:
            try:
                await session.context.close()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass
        if self.browser:
            await self.browser.close()
        if self._pw:
            await self._pw.stop()

    # -- sessions ------------------------------------------------------------------------------
    async def session(self, account_name: str) -> Session:
        """A browser context for this account, with its saved storage state if there is one."""
        account = self.secrets.account(account_name)
        state_path = self.artifacts_root / "state" / f"{_safe(account_name)}.json"
        assert self.browser is not None, "use `async with Engine(...)`"
        context = await self.browser.new_context(
            storage_state=str(state_path) if state_path.is_file() else None,
            locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", accept_downloads=False)
        context.set_default_timeout(self.timeout_ms)
        page = await context.new_page()
        session = Session(account, context, page, PageWatch(page).attach(), state_path)
        self._sessions.append(session)
        return session

    async def _save_state(self, session: Session) -> None:
        state = await session.context.storage_state()
        write_private(session.state_path, json.dumps(state))

    def _runner(self, session: Session, page: Page, watch: PageWatch, values: Values,
                fallbacks: list[str], log) -> StepRunner:
        async def secret(kind: str, on_page: Page) -> str:
            if kind == "username":
                return session.account.username
            if kind == "password":
                return session.account.password
            captcha_id = None
            if kind == "captcha":
                img = on_page.locator("img[data-captcha-id]").first
                captcha_id = await img.get_attribute("data-captcha-id") if await img.count() else None
            return await self.secrets.one_time(SecretRequest(kind, session.account, on_page.url, captcha_id))

        ctx = StepContext(page=page, watch=watch, targets=self.targets, values=values, secret=secret,
                          timeout_ms=self.timeout_ms, fallbacks_used=fallbacks, log=log)
        return StepRunner(ctx)

    async def _sign_in(self, session: Session, block: list, log, *, page: Page | None = None,
                       watch: PageWatch | None = None) -> None:
        """Run the portal's sign-in block (it exits early when already signed in); retried whole."""
        ops = plan(block)
        values = Values(None, {}, session.account.public())
        runner = self._runner(session, page or session.page, watch or session.watch, values, [], log)
        async for attempt in self._retrying():
            with attempt:
                (watch or session.watch).reset()
                await self._run_ops(runner, ops, 0, log, phase="sign-in")
        await self._save_state(session)

    # -- filing --------------------------------------------------------------------------------
    def flow_for(self, dossier: Any) -> Flow:
        return load_procedure_flow(dossier.portal, dossier.procedure, self.flows_dir)

    async def file(self, session: Session, dossier: Any, hooks: FilingHooks | None = None,
                   stop_at_review: bool = False) -> Receipt:
        hooks = hooks or FilingHooks()
        flow = self.flow_for(dossier)
        run_dir = new_run_dir(self.artifacts_root, flow.procedure)
        async with session.lock:
            with run_events(run_dir / "events.jsonl"):
                log = self.log.bind(flow=flow.procedure, portal=flow.portal,
                                    dossier=str(getattr(dossier, "source", "") or ""),
                                    account=session.account.name)
                try:
                    return await self._file(session, dossier, flow, run_dir, hooks, stop_at_review, log)
                except PortalRefused as exc:
                    log.error("refused", message=str(exc))
                    exc.artifacts = run_dir   # the batch report links the failure's evidence
                    raise
                except InfrastructureFailure as exc:
                    log.error("failed", message=str(exc))
                    exc.artifacts = run_dir
                    raise
                except Exception as exc:  # noqa: BLE001 - anything unforeseen is infrastructure
                    log.error("failed", message=repr(exc))
                    failure = InfrastructureFailure(f"{type(exc).__name__}: {exc}")
                    failure.artifacts = run_dir
                    raise failure from exc

    async def _file(self, session: Session, dossier: Any, flow: Flow, run_dir: Path,
                    hooks: FilingHooks, stop_at_review: bool, log) -> Receipt:
        started = datetime.now(timezone.utc)
        values = Values.for_dossier(dossier, session.account.public())
        log.info("filing_started", run=str(run_dir),   # identifiers are masked by the log processors
                 identifiers={p: values.text(p) for p in flow.header.match})
        try:
            await self._sign_in(session, flow.sign_in, log)
        except BaseException:
            await capture_page(session.page, run_dir)
            raise
        ops = plan(flow.steps)
        fallbacks: list[str] = []
        runner = self._runner(session, session.page, session.watch, values, fallbacks, log)
        progress = _Progress()
        tracing = self.trace
        if tracing:
            await session.context.tracing.start(screenshots=True, snapshots=True)
            await session.context.tracing.start_chunk(title=flow.procedure)
        outcome = "failed"
        try:
            async for attempt in self._retrying(progress):
                with attempt:
                    number = attempt.retry_state.attempt_number
                    if number > 1:
                        try:
                            found = await self._recover(session, flow, dossier, progress, started,
                                                        run_dir, log, tracing)
                        except SessionExpired:   # signed out while getting back on track
                            progress.expired = True
                            raise
                        if found is not None:
                            found.fallbacks_used = fallbacks
                            outcome = "reconciled"
                            return found
                    result = await self._attempt(session, flow, ops, runner, values, progress, hooks,
                                                 stop_at_review, run_dir, log, number)
            receipt = Receipt(code=runner.ctx.receipt.get("code"),
                              appointment_date=runner.ctx.receipt.get("appointment_date"),
                              portal=flow.portal, procedure=flow.procedure, artifacts=run_dir,
                              fallbacks_used=fallbacks, stopped_at_review=result == "review")
            outcome = "review" if result == "review" else "filed"
            log.info("filing_done", code=receipt.code, appointment=receipt.appointment_date,
                     stopped_at_review=receipt.stopped_at_review, fallbacks=len(fallbacks))
            return receipt
        except TransientFault as exc:
            await capture_page(session.page, run_dir)
            raise InfrastructureFailure(f"gave up after {self.max_attempts} attempts: {exc}") from exc
        except BaseException:
            await capture_page(session.page, run_dir)
            raise
        finally:
            for cleanup in runner.ctx.cleanups:
                try:
                    await cleanup()
                except Exception:  # noqa: BLE001 - the page may be gone
                    pass
            if tracing:
                keep = outcome == "failed"
                try:
                    await session.context.tracing.stop_chunk(path=str(run_dir / "trace.zip") if keep else None)
                    await session.context.tracing.stop()
                except Exception:  # noqa: BLE001 - a closed context has no trace to save
                    pass
                if not keep:
                    for part in run_dir.glob("trace-part*.zip"):
                        part.unlink()

    def _retrying(self, progress: _Progress | None = None) -> AsyncRetrying:
        """Transient faults only, exponential backoff. With `progress`, the budget of attempts
        is per place in the flow: a long filing that meets a fault now and then, but keeps
        moving forward, is not given up on."""
        if progress is None:
            stop = stop_after_attempt(self.max_attempts)
        else:
            def stop(state) -> bool:
                progress.note_failure()
                return progress.stuck_failures >= self.max_attempts
        return AsyncRetrying(retry=retry_if_exception_type(TransientFault), stop=stop,
                             wait=wait_exponential(multiplier=0.25, max=3), reraise=True,
                             before_sleep=self._note_retry)

    def _note_retry(self, state) -> None:
        exc = state.outcome.exception()
        self.log.warning("retrying", attempt=state.attempt_number, fault=str(exc),
                         kind=type(exc).__name__)

    async def _attempt(self, session, flow, ops, runner, values, progress, hooks, stop_at_review,
                       run_dir, log, attempt_number) -> str:
        session.watch.reset()
        try:
            return await self._run_ops(runner, ops, progress.resume_at, log, phase="file",
                                       progress=progress, flow=flow, values=values, hooks=hooks,
                                       stop_at_review=stop_at_review, run_dir=run_dir,
                                       attempt=attempt_number)
        except SessionExpired:
            progress.expired = True
            raise

    async def _recover(self, session, flow, dossier, progress, started, run_dir, log, tracing):
        """Before another attempt: reconcile a lost submit, sign in again if needed, go back to
        the last page checkpoint."""
        if progress.submitted:
            answer_lost = session.watch.answer_lost
            async with self._untraced(session, progress, run_dir, flow, tracing):
                found = await self.find_filed(session, dossier, since=started, _log=log)
                wait = progress.submitted_at + self.submit_settle_s - time.monotonic()
                if found is None and answer_lost and wait > 0:
                    # no answer: the portal may still be committing it. Look again once it
                    # cannot land any more, rather than submit a second time now.
                    log.info("submit_answer_lost_settling", wait_s=round(wait, 1))
                    await asyncio.sleep(wait)
                    found = await self.find_filed(session, dossier, since=started, _log=log)
            if found is not None:
                found.artifacts = run_dir
                log.info("submit_reconciled", code=found.code)
                return found
            log.warning("submit_not_found_resubmitting")
            progress.submitted = False
        if progress.expired:
            progress.expired = False
            async with self._untraced(session, progress, run_dir, flow, tracing):
                await self._sign_in(session, flow.sign_in, log)
        progress.resume_at = progress.checkpoint_at
        if progress.checkpoint_url:
            session.watch.reset()
            if "#" in progress.checkpoint_url and session.page.url == progress.checkpoint_url:
                await session.page.reload(wait_until="load")   # same hash: a goto would not reload
            else:                                              # a GET, never a re-POST
                await session.page.goto(progress.checkpoint_url, wait_until="load")
            await raise_if_fault_page(session.page, session.watch)
        log.info("resuming", at=progress.resume_at, url=progress.checkpoint_url)
        return None

    @contextlib.asynccontextmanager
    async def _untraced(self, session: Session, progress: _Progress, run_dir: Path, flow: Flow,
                        tracing: bool):
        """Pause the Playwright trace (saving what came before as a part) while secrets may be
        typed: signing in again, or signing in to look in "Hồ sơ của tôi"."""
        if tracing:
            progress.trace_parts += 1
            await session.context.tracing.stop_chunk(
                path=str(run_dir / f"trace-part{progress.trace_parts}.zip"))
        try:
            yield
        finally:
            if tracing:
                await session.context.tracing.start_chunk(title=f"{flow.procedure} (resumed)")

    async def _run_ops(self, runner: StepRunner, ops: list[Op], start: int, log, *, phase: str,
                       progress: _Progress | None = None, flow: Flow | None = None,
                       values: Values | None = None, hooks: FilingHooks | None = None,
                       stop_at_review: bool = False, run_dir: Path | None = None,
                       attempt: int = 1) -> str:
        page = runner.ctx.page
        i = start
        while i < len(ops):
            op = ops[i]
            began = time.monotonic()
            fallbacks_before = len(runner.ctx.fallbacks_used)
            jump = None
            if op.kind == "review":
                if await runner.conditions_hold(op):
                    await self._review(runner, ops, op, values, run_dir, log)
                    if stop_at_review:   # keep going (attachments may follow); stop at submit
                        await page.screenshot(path=str(run_dir / "review.png"), full_page=True)
            elif op.kind == "submit" and progress is not None:
                if await runner.conditions_hold(op):
                    if stop_at_review:
                        log.info("stopped_at_review", screenshot=str(run_dir / "review.png"))
                        return "review"
                    if hooks and hooks.before_submit:
                        await hooks.before_submit()
                    progress.submitted, progress.submitted_at = True, time.monotonic()
                    await runner.run(op)
            else:
                jump = await runner.run(op)
            log.info("step", phase=phase, step=op.kind, index=op.index, source=op.step.source,
                     attempt=attempt, duration_ms=monotonic_ms(began),
                     fallback=runner.ctx.fallbacks_used[-1] if len(runner.ctx.fallbacks_used) > fallbacks_before else None)
            if op.kind == "receipt" and progress is not None:
                progress.submitted = False   # the answer arrived: nothing to reconcile
            i = jump if jump is not None else i + 1
            # a page the portal sent us to for signing in is no place to resume from
            if progress is not None and not progress.submitted and not runner.ctx.watch.signed_out:
                url = page.url
                if op.kind == "expect" and url.startswith("http"):
                    # a page (or a client-rendered step) has shown itself: resume by re-checking it
                    progress.checkpoint_url, progress.checkpoint_at = url, op.index
                elif url.startswith("http") and url != progress.checkpoint_url:
                    progress.checkpoint_url, progress.checkpoint_at = url, i
                progress.resume_at = i
        return "done"

    async def _review(self, runner: StepRunner, ops: list[Op], op: Op, values: Values,
                      run_dir: Path | None, log) -> None:
        expected = bindings(ops[: op.index], values)
        tables = await read_review_tables(runner.ctx.page)
        problems = compare_review(tables, expected, op.args.ignore)
        shown = sum(len(t["rows"]) for t in tables)
        log.info("review", rows_shown=shown, bound=len(expected), mismatches=len(problems))
        if problems:
            if run_dir:
                await runner.ctx.page.screenshot(path=str(run_dir / "review-mismatch.png"), full_page=True)
            raise review_failure(problems)

    # -- reconciliation and status -------------------------------------------------------------
    async def _my_dossiers_page(self, session: Session, sign_in: list, my_dossiers: list, log):
        page = await session.context.new_page()
        watch = PageWatch(page).attach()
        runner = self._runner(session, page, watch, Values(None, {}, session.account.public()), [], log)
        ops = plan(my_dossiers)
        async for attempt in self._retrying():
            with attempt:
                watch.reset()
                try:
                    await self._run_ops(runner, ops, 0, log, phase="my-dossiers")
                except SessionExpired:
                    await self._sign_in(session, sign_in, log, page=page, watch=watch)
                    raise
        return page, watch, runner

    async def _dossier_rows(self, page: Page) -> list[dict[str, str]]:
        """The rows of the "Hồ sơ của tôi" table; a page without that table is a fault, never
        an empty list (an empty list means "nothing filed" to reconciliation) unless the page
        says in words that there are none ("chưa có hồ sơ")."""
        rows = await page.evaluate("""() => {
            const t = document.querySelector('table[aria-label="Hồ sơ của tôi"]');
            const main = document.querySelector('main') || document.body;
            if (!t) return /chưa có hồ sơ/i.test(main.innerText) ? [] : null;
            const heads = Array.from(t.querySelectorAll('thead th')).map(h => h.innerText.trim());
            return Array.from(t.querySelectorAll('tbody tr')).map(r => {
                const cells = Array.from(r.querySelectorAll('td'));
                const row = {};
                cells.forEach((c, i) => row[heads[i] || String(i)] = c.innerText.trim());
                const a = r.querySelector('a[href]');
                row.__href = a ? a.href : '';
                return row;
            }).filter(r => r['Mã hồ sơ'] !== undefined && r.__href);
        }""")
        if rows is None:
            raise TransientFault(f"{page.url}: 'Hồ sơ của tôi' showed no list of dossiers")
        return rows

    async def find_filed(self, session: Session, dossier: Any, since: datetime, *, _log=None) -> Receipt | None:
        """Look in "Hồ sơ của tôi" for this dossier filed at or after `since` (matched on the
        flow's `match:` paths via the detail page). None only when the whole list was read and
        no dossier matched: a lookup that meets a fault (an expired session, a 5xx) is retried
        from the start, and raises if it never gets a clear answer. "Not filed" on a guess is
        how a filing gets duplicated."""
        log = _log or self.log.bind(flow=dossier.procedure)
        flow = self.flow_for(dossier)
        values = Values.for_dossier(dossier, session.account.public())
        async for attempt in self._retrying():
            with attempt:
                return await self._look_for(session, flow, values, since, log)
        return None  # unreachable: the retrying loop returns or raises

    async def _look_for(self, session: Session, flow: Flow, values: Values, since: datetime,
                        log) -> Receipt | None:
        page, watch, runner = await self._my_dossiers_page(session, flow.sign_in, flow.my_dossiers, log)
        try:
            floor = _portal_minute(since) - timedelta(minutes=1)
            rows = await self._list_dossiers(page, watch, runner, floor)
            wanted = [values.text(p) for p in flow.header.match]
            for row in reversed(rows):
                if norm(row.get("Tên thủ tục", "")) != norm(flow.header.title):
                    continue
                submitted = _parse_minute(row.get("Ngày nộp", ""))
                if submitted is not None and submitted < floor:
                    continue
                appointment = None
                if wanted:
                    watch.reset()
                    await page.goto(row["__href"], wait_until="load")
                    tables = await read_review_tables(page)
                    if not tables:
                        await raise_if_fault_page(page, watch)
                        raise TransientFault(f"dossier page {row['__href']} showed no dossier")
                    shown = {norm(v) for t in tables for _, v in t["rows"]}
                    if not all(norm(w) in shown for w in wanted if w):
                        continue
                    appointment = (await _definition_text(page, "Ngày hẹn trả")
                                   or await _definition_text(page, "Ngày hẹn trả dự kiến"))
                return Receipt(code=row.get("Mã hồ sơ"), appointment_date=appointment,
                               portal=flow.portal, procedure=flow.procedure, reconciled=True)
            return None
        except SessionExpired:   # signed out between pages: sign in, then the lookup starts over
            await self._sign_in(session, flow.sign_in, log, page=page, watch=watch)
            raise
        finally:
            await page.close()

    async def _list_dossiers(self, page: Page, watch: PageWatch, runner: StepRunner,
                             floor: datetime | None = None) -> list[dict[str, str]]:
        """Every row of "Hồ sơ của tôi", page after page ("Trang sau"). With `floor`, a list shown
        newest first is read only until its rows are older than `floor`; a list in any other
        order is read to the end."""
        rows: list[dict[str, str]] = []
        for _ in range(MAX_LIST_PAGES):
            rows.extend(await self._dossier_rows(page))
            times = [t for t in (_parse_minute(r.get("Ngày nộp", "")) for r in rows) if t is not None]
            newest_first = len(times) >= 2 and all(a >= b for a, b in zip(times, times[1:])) \
                and times[0] > times[-1]
            if floor is not None and newest_first and times[-1] < floor:
                return rows
            pager = page.get_by_role("navigation", name=PAGER_NAME)
            next_link = pager.get_by_role("link", name=NEXT_PAGE, exact=True)
            if not await pager.count() or not await next_link.count():
                return rows
            href = await next_link.first.evaluate("a => a.href")
            watch.reset()
            await page.goto(href, wait_until="load")   # a GET: safe to repeat
            await raise_if_fault_page(page, watch)
            await runner.wait_ready()
        raise TransientFault(f"'Hồ sơ của tôi' has more than {MAX_LIST_PAGES} pages")

    def portal_blocks(self, portal: str) -> tuple[list, list]:
        ctx = _Context(flows_dir=self.flows_dir)
        return (_load_block(f"blocks/{portal}/sign-in", ctx, "status"),
                _load_block(f"blocks/{portal}/my-dossiers", ctx, "status"))

    async def status(self, session: Session, portal: str, code: str) -> dict[str, str] | None:
        """The dossier's row in "Hồ sơ của tôi" (code, procedure, submitted, status), or None."""
        log = self.log.bind(portal=portal)
        sign_in, my_dossiers = self.portal_blocks(portal)
        await self._sign_in(session, sign_in, log)
        async for attempt in self._retrying():
            with attempt:
                page, watch, runner = await self._my_dossiers_page(session, sign_in, my_dossiers, log)
                try:
                    for row in await self._list_dossiers(page, watch, runner):
                        if norm(row.get("Mã hồ sơ", "")) == norm(code):
                            return {"code": code, "procedure": row.get("Tên thủ tục"),
                                    "submitted_at": row.get("Ngày nộp"), "status": row.get("Trạng thái")}
                    return None
                except SessionExpired:   # signed out between pages: sign in, read the list again
                    await self._sign_in(session, sign_in, log, page=page, watch=watch)
                    raise
                finally:
                    await page.close()
        return None  # unreachable: the retrying loop returns or raises


async def _definition_text(page: Page, term: str) -> str | None:
    dt = page.locator(f'dt:text-is("{term}")')
    if not await dt.count():
        return None
    return norm(await dt.first.locator("xpath=following-sibling::dd[1]").inner_text())


#: "Hồ sơ của tôi" comes a page at a time: the pager's accessible name and its "next" link.
PAGER_NAME, NEXT_PAGE = "Phân trang", "Trang sau"
MAX_LIST_PAGES = 500


def _portal_minute(moment: datetime) -> datetime:
    """`moment` as a naive minute; the earlier of portal time and UTC, since a portal's clock
    zone is not stated on the page (the `match:` check does the precise recognising)."""
    local = moment.astimezone(PORTAL_TZ).replace(tzinfo=None)
    utc = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return min(local, utc).replace(second=0, microsecond=0)


def _parse_minute(text: str) -> datetime | None:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y %H:%M")
    except ValueError:
        return None


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
