"""Read "Hồ sơ của tôi": the account's list of dossiers, page after page.

Two questions are asked of it: "was this dossier filed?" (`find_filed`, which decides whether a
filing whose answer was lost must be submitted again) and "what is the status of code X?"
(`status`). Neither ever guesses: a page that shows no list, or a fault on the way, raises
(and is retried) instead of reading as "nothing there". "Not filed" on a guess is how a filing
gets duplicated.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypedDict
from zoneinfo import ZoneInfo

from playwright.async_api import Page
from structlog.typing import FilteringBoundLogger

from agent.dossier.procedures import PROCEDURES
from agent.flow import Flow, load_block, load_flow, plan
from agent.flow.errors import FlowError
from agent.flow.schema import Step
from agent.runner.driver import Driver
from agent.runner.faults import SessionExpired, TransientFault
from agent.runner.locate import raise_if_fault_page
from agent.runner.mismatch import page_settled
from agent.runner.receipt import Receipt
from agent.runner.session import Session
from agent.runner.steps import StepRunner, norm, read_review_tables
from agent.runner.values import Values
from agent.runner.watch import PageWatch

PORTAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
#: "Hồ sơ của tôi" comes a page at a time: the pager's "next" link.
NEXT_PAGE = "Trang sau"
MAX_LIST_PAGES = 500

Row = dict[str, str]


class DossierStatus(TypedDict):
    """A dossier's row in "Hồ sơ của tôi"."""

    code: str
    procedure: str | None
    submitted_at: str | None
    status: str | None


@dataclass(frozen=True)
class PortalBlocks:
    """A portal's way in (sign-in) and its way to "Hồ sơ của tôi"."""

    sign_in: list[Step]
    my_dossiers: list[Step]

    @classmethod
    def of_flow(cls, flow: Flow) -> PortalBlocks:
        return cls(flow.sign_in, flow.my_dossiers)


def portal_blocks(portal: str, flows_dir: Path) -> PortalBlocks:
    """The portal's blocks from flows/blocks/<portal>/, or for a route with no blocks of its own
    (`national`) the sign-in and list its flows name; FlowError (invalid input) if neither."""
    if (flows_dir / "blocks" / portal).is_dir() or not (flows_dir / portal).is_dir():
        return PortalBlocks(
            load_block(f"blocks/{portal}/sign-in", flows_dir),
            load_block(f"blocks/{portal}/my-dossiers", flows_dir),
        )
    flows = sorted(p for p in (flows_dir / portal).glob("*.yaml") if p.stem in PROCEDURES)
    if not flows:
        raise FlowError(f"{portal}: no flows, so no way to its list of dossiers")
    return PortalBlocks.of_flow(load_flow(flows[0], flows_dir=flows_dir))


@dataclass
class MyDossiers:
    driver: Driver

    async def find_filed(
        self,
        session: Session,
        flow: Flow,
        values: Values,
        since: datetime,
        log: FilteringBoundLogger,
        *,
        evidence: Path | None = None,
    ) -> Receipt | None:
        """This dossier's receipt if it was filed at or after `since` (callers allow for the
        portal's clock: `lookup.SEARCH_SLACK` before the attempt began), recognised by the flow's
        `match:` paths on its detail page. None only when the whole list was read and nothing
        matched; a lookup that meets a fault (an expired session, a 5xx) starts over, and raises
        if it never gets a clear answer."""
        floor = _portal_minute(since)
        async for attempt in self.driver.retrying(log):
            with attempt:
                return await self._look_for(session, flow, values, floor, log, evidence)
        return None  # unreachable: the retrying loop returns or raises

    async def status(
        self, session: Session, blocks: PortalBlocks, code: str, log: FilteringBoundLogger
    ) -> DossierStatus | None:
        """The row of dossier `code`, or None when the whole list was read without it."""
        await self.driver.sign_in(session, blocks.sign_in, log, evidence=None)
        async for attempt in self.driver.retrying(log):
            with attempt:
                page, watch, runner = await self._open(session, blocks, log, None)
                try:
                    for row in await self._all_rows(page, watch, runner):
                        if norm(row.get("Mã hồ sơ", "")) == norm(code):
                            return DossierStatus(
                                code=code,
                                procedure=row.get("Tên thủ tục"),
                                submitted_at=row.get("Ngày nộp"),
                                status=row.get("Trạng thái"),
                            )
                    return None
                except SessionExpired:  # signed out between pages: sign in, read the list again
                    await self.driver.sign_in(
                        session, blocks.sign_in, log, evidence=None, page=page, watch=watch
                    )
                    raise
                finally:
                    await page.close()
        return None  # unreachable: the retrying loop returns or raises

    async def _open(
        self, session: Session, blocks: PortalBlocks, log: FilteringBoundLogger, evidence: Path | None
    ) -> tuple[Page, PageWatch, StepRunner]:
        """A new page of the session showing "Hồ sơ của tôi" (signed in again if need be)."""
        page = await session.context.new_page()
        watch = PageWatch(page).attach()
        runner = self.driver.runner(session, page, watch, Values(None, {}, session.account.public()), [], log)
        ops = plan(blocks.my_dossiers)
        try:
            async for attempt in self.driver.retrying(log):
                with attempt:
                    watch.reset()
                    try:
                        await self.driver.run_block(runner, ops, log, phase="my-dossiers", evidence=evidence)
                    except SessionExpired:
                        await self.driver.sign_in(
                            session, blocks.sign_in, log, evidence=evidence, page=page, watch=watch
                        )
                        raise
        except BaseException:
            await page.close()
            raise
        return page, watch, runner

    async def _look_for(
        self,
        session: Session,
        flow: Flow,
        values: Values,
        floor: datetime,
        log: FilteringBoundLogger,
        evidence: Path | None,
    ) -> Receipt | None:
        blocks = PortalBlocks.of_flow(flow)
        page, watch, runner = await self._open(session, blocks, log, evidence)
        try:
            rows = await self._all_rows(page, watch, runner, floor)
            wanted = [values.text(p) for p in flow.header.match]
            for row in reversed(rows):
                if norm(row.get("Tên thủ tục", "")) != norm(flow.header.title):
                    continue
                submitted = _parse_minute(row.get("Ngày nộp", ""))
                if submitted is not None and submitted < floor:
                    continue
                appointment = None
                if wanted:
                    if not row["__href"]:  # cannot be told apart from another of its kind
                        raise TransientFault(
                            f"'Hồ sơ của tôi' row {row.get('Mã hồ sơ')!r} links to no dossier page"
                        )
                    if not await _detail_shows(page, watch, row["__href"], wanted):
                        continue
                    appointment = await _definition_text(page, "Ngày hẹn trả") or await _definition_text(
                        page, "Ngày hẹn trả dự kiến"
                    )
                return Receipt(
                    code=row.get("Mã hồ sơ"),
                    appointment_date=appointment,
                    portal=flow.portal,
                    procedure=flow.procedure,
                    reconciled=True,
                )
            return None
        except SessionExpired:  # signed out between pages: sign in, then the lookup starts over
            await self.driver.sign_in(session, flow.sign_in, log, evidence=evidence, page=page, watch=watch)
            raise
        finally:
            await page.close()

    async def _all_rows(
        self, page: Page, watch: PageWatch, runner: StepRunner, floor: datetime | None = None
    ) -> list[Row]:
        """Every row, page after page ("Trang sau"). With `floor`, a list shown newest first is
        read only until its rows are older than `floor`; a list in any other order to the end."""
        rows: list[Row] = []
        for _ in range(MAX_LIST_PAGES):
            rows.extend(await _rows_shown(page))
            times = [t for t in (_parse_minute(r.get("Ngày nộp", "")) for r in rows) if t is not None]
            newest_first = (
                len(times) >= 2 and all(a >= b for a, b in itertools.pairwise(times)) and times[0] > times[-1]
            )
            if floor is not None and newest_first and times[-1] < floor:
                return rows
            next_link = page.get_by_role("link", name=NEXT_PAGE, exact=True)
            if not await next_link.count():
                return rows
            href = await next_link.first.evaluate("a => a.href")
            watch.reset()
            await page.goto(href, wait_until="load")  # a GET: safe to repeat
            await raise_if_fault_page(page, watch)
            await page_settled(runner)
        raise TransientFault(f"'Hồ sơ của tôi' has more than {MAX_LIST_PAGES} pages")


async def _rows_shown(page: Page) -> list[Row]:
    """The rows of the list on this page: the table headed "Mã hồ sơ", read by its column
    headings (however the portal marks it up), each row with its link to the dossier's page if
    it has one. A page without that table is a fault, never an empty list (an empty list means
    "nothing filed") unless it says in words that there are none ("chưa/không có hồ sơ")."""
    rows: list[Row] | None = await page.evaluate("""() => {
        const heads = (t) => Array.from(t.querySelectorAll('thead th').length
            ? t.querySelectorAll('thead th') : (t.rows[0] ? t.rows[0].cells : []))
            .map(h => h.innerText.trim());
        const t = Array.from(document.querySelectorAll('table')).find(t => heads(t).includes('Mã hồ sơ'));
        const main = document.querySelector('main') || document.body;
        if (!t) return /(chưa|không) có hồ sơ/i.test(main.innerText) ? [] : null;
        const names = heads(t);
        const body = t.tBodies.length ? Array.from(t.tBodies).flatMap(b => Array.from(b.rows))
                                      : Array.from(t.rows).slice(1);
        return body.filter(r => r.cells.length === names.length).map(r => {
            const row = {};
            Array.from(r.cells).forEach((c, i) => row[names[i] || String(i)] = c.innerText.trim());
            const a = r.querySelector('a[href]');
            row.__href = a ? a.href : '';
            return row;
        }).filter(r => r['Mã hồ sơ']);
    }""")
    if rows is None:
        raise TransientFault(f"{page.url}: 'Hồ sơ của tôi' showed no list of dossiers")
    return rows


async def _detail_shows(page: Page, watch: PageWatch, href: str, wanted: list[str | None]) -> bool:
    """Open a dossier's own page: does it show every `wanted` value? A page showing no dossier
    at all is a fault, not a "no"."""
    watch.reset()
    await page.goto(href, wait_until="load")
    tables = await read_review_tables(page)
    if not tables:
        await raise_if_fault_page(page, watch)
        raise TransientFault(f"dossier page {href} showed no dossier")
    shown = set()
    for table in tables:
        values = [norm(v).casefold() for _, v in table["rows"]]
        shown.update(values)
        # a name the page asks in parts (Họ / Chữ đệm / Tên) is shown in consecutive rows
        for size in (2, 3):
            shown.update(" ".join(values[i : i + size]) for i in range(len(values) - size + 1))
    return all(norm(w).casefold() in shown for w in wanted if w)


async def _definition_text(page: Page, term: str) -> str | None:
    dt = page.locator(f'dt:text-is("{term}")')
    if not await dt.count():
        return None
    return norm(await dt.first.locator("xpath=following-sibling::dd[1]").inner_text())


def _portal_minute(moment: datetime) -> datetime:
    """`moment` as a naive minute; the earlier of portal time and UTC, since a portal's clock
    zone is not stated on the page (the `match:` check does the precise recognising)."""
    local = moment.astimezone(PORTAL_TZ).replace(tzinfo=None)
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    return min(local, utc).replace(second=0, microsecond=0)


def _parse_minute(text: str) -> datetime | None:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y %H:%M")
    except ValueError:
        return None
