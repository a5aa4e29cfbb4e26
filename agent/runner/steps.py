"""Execute one flow operation on a page: the verbs of the step language.

Each verb waits for its element (never a fixed delay), reports which locator matched, and checks
its own effect: a filled value must read back (a text box found by its probe, with the others of
its part of the form in one read before the click that leaves it), a radio must be checked, an
upload must show its file name in the row.
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page, Request, Route
from playwright.async_api import TimeoutError as PlaywrightTimeout

from agent.config import Targets
from agent.flow.plan import Op
from agent.flow.schema import (
    CheckArgs,
    ChooseArgs,
    ClickArgs,
    ExpectArgs,
    FillArgs,
    GotoArgs,
    Located,
    ReceiptArgs,
    SubmitArgs,
    Target,
    UploadArgs,
    Visible,
    WaitArgs,
    WithinArgs,
)
from agent.flow.vocabulary import EMPTY as EMPTY_VOCABULARY
from agent.flow.vocabulary import Vocabulary
from agent.runner import widgets
from agent.runner.bindings import Binding
from agent.runner.faults import (
    TOAST_ERRORS,
    NotKept,
    PortalRefused,
    ReviewMismatch,
    SessionExpired,
    StepFailed,
    TransientFault,
    says_session_gone,
    says_try_later,
)
from agent.runner.locate import (
    ElementState,
    Found,
    by_target,
    find,
    is_there,
    name_pattern,
    names_match,
    raise_if_fault_page,
    scoped,
)
from agent.runner.page_state import PageState, look
from agent.runner.readiness import DEFAULT_READINESS, Readiness, settle
from agent.runner.reading import field_selector
from agent.runner.values import Values
from agent.runner.watch import PageWatch
from agent.runner.widgets.base import js, js_if_there, same_text
from agent.runner.widgets.text_box import EDITABLE_JS

SecretSource = Callable[[str, Page], Awaitable[str]]


def norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def targets_of(args: Located, text: str | None = None) -> list[Target]:
    has_primary = any(
        getattr(args, k) is not None
        for k in ("button", "link", "heading", "tab", "label", "field", "placeholder", "css", "role")
    )
    primary = [args.target()] if has_primary else []
    if text is not None and not has_primary:
        primary = [Target(text=text)]
    # A label that binds nothing any more (its control became a div widget, or lost its `for`)
    # still names the control after it, as a person reads it: found that way, as a fallback.
    unbound = [Target(field=args.label)] if args.label is not None and args.field is None else []
    return [*primary, *args.fallbacks, *unbound]


@dataclass
class StepContext:
    page: Page
    watch: PageWatch
    targets: Targets
    values: Values
    secret: SecretSource
    timeout_ms: float
    fallbacks_used: list[str] = field(default_factory=list)
    receipt: dict[str, str | None] = field(default_factory=dict)
    log: Any = None
    cleanups: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    #: The route's words for the dossier's values (`choose`/`check` accept them; see vocabulary.py).
    vocabulary: Vocabulary = EMPTY_VOCABULARY
    #: What "ready" means on each portal (flows/portals.yaml).
    readiness: Readiness = DEFAULT_READINESS


#: Whether an element is where a person can see it now: no open modal dialog, or inside one (a
#: reloaded wizard re-opens its first dialog over the step it saved; the step is behind it).
_NOT_BEHIND_A_MODAL = """el => {
  const modals = [...el.ownerDocument.querySelectorAll('[aria-modal="true"], dialog')].filter(
    (d) => (d.tagName !== 'DIALOG' || d.matches(':modal')) && d.getClientRects().length);
  return !modals.length || modals.some((d) => d.contains(el));
}"""


@dataclass(frozen=True)
class _Kept:
    """A value set on this part of the form, to be looked at again before it is left."""

    op: Op
    key: int | None  # in the page's registry of probed controls (`page_state.look`)
    text: str
    wordings: tuple[str, ...]
    still_shows: Callable[[], Awaitable[bool]]
    #: Read back when set; if not (a probed text box: read with the others before the click),
    #: a value not shown then may never have stuck, and is set again with its read-back.
    read_back: bool = True


#: A text box a person could edit (`EDITABLE_JS`) that is not empty, asked in one call: only such
#: a box is emptied when the dossier has no value for it (not a div dropdown, not a field the
#: portal locked, not one hidden with its block).
_HOLDS_STALE_TEXT = f"(el) => el.value !== '' && ({EDITABLE_JS})(el)"


class StepRunner:
    """Runs ops on `ctx.page`. Returns the index to jump to for `exit_if`, else None."""

    def __init__(self, ctx: StepContext):
        self.ctx = ctx
        #: Values set since the last click, each with a way to tell it still shows (`_recheck`).
        self.typed: list[_Kept] = []
        #: Setting a value again in `_recheck`: read it back at once, whatever the control.
        self._read_back_now = False
        #: The document (`PageWatch.documents`) found without a readiness flag of its own.
        self._flagless: int | None = None

    def _keep(
        self,
        op: Op,
        control: Locator,
        text: str,
        widget: widgets.Widget | None = None,
        *,
        key: int | None = None,
        read_back: bool = True,
    ) -> None:
        """Remember a value just set (in a text box, or through its widget's adapter), to look
        at again before the page is left. A text box `find` probed (`key`) is read with the
        others in one call; any other, or one a re-render replaced, through its locator."""
        wordings = self._wordings(getattr(op.args, "value", None), text)

        async def still_shows() -> bool:
            if widget is None:  # a text box: its value, or nothing when its block was hidden since
                values = await control.evaluate_all("els => els.map((el) => el.value)")
                shown = values[0] if values else None
            else:
                shown = await widget.read_if_there()
            return shown is None or same_text(shown, text, *wordings)

        self.typed.append(_Kept(op, key, text, wordings, still_shows, read_back))

    async def _recheck(self) -> None:
        """Before a click leaves this part of the form: once the page has been quiet, every value
        set since the last click must still show (for a probed text box, this is its read-back).
        One a late re-render wiped (a section rebuilt after an earlier choice), or one that never
        stuck, is set again with its read-back at once, and logged."""
        typed, self.typed = self.typed, []
        if not typed:
            return
        keys = [kept.key for kept in typed if kept.key is not None]
        shown = await self._ready(None, keys)
        for kept in typed:
            if kept.key in shown:
                if same_text(shown[kept.key], kept.text, *kept.wordings):
                    continue
            elif await kept.still_shows():
                continue
            if self.ctx.log:
                self.ctx.log.warning("value_wiped", source=kept.op.step.source, read_back=kept.read_back)
            self._read_back_now = True
            try:
                await self.run(kept.op)
            finally:
                self._read_back_now = False
            self.typed.clear()  # set again (and read back) just now, after the quiet window
            shown = {}  # setting it again may have wiped a later one (a ward after its province)

    # -- helpers -------------------------------------------------------------------------------
    async def _find(
        self,
        op: Op,
        targets: list[Target],
        *,
        state: ElementState = "visible",
        extra_scope: tuple[WithinArgs, ...] = (),
        timeout_ms: float | None = None,
        probe: str | None = None,
    ) -> Found:
        found = await find(
            self.ctx.page,
            self.ctx.watch,
            op.scopes + extra_scope,
            targets,
            timeout_ms=timeout_ms or self.ctx.timeout_ms,
            state=state,
            probe=probe,
        )
        if found.fallback:
            note = f"{op.step.source}: {targets[0].describe()} → {found.used.describe()}"
            self.ctx.fallbacks_used.append(note)
            if self.ctx.log:
                self.ctx.log.warning(
                    "fallback_used",
                    source=op.step.source,
                    primary=targets[0].describe(),
                    used=found.used.describe(),
                )
        return found

    async def wait_ready(self, timeout_ms: float | None = None) -> None:
        """The page's own flag (main[aria-busy=false]) where it has one, else loaded, nothing in
        flight, no spinner and a quiet DOM (`readiness.settle`); a fault page raises its fault."""
        await self._ready(timeout_ms, [])

    async def _ready(self, timeout_ms: float | None, keys: list[int]) -> dict[int, str]:
        """`wait_ready`, then what the probed controls `keys` show, with as few looks at the page
        as its kind allows: a page that says when it is ready is read with its flag in one call
        (and again only if it was busy or something loaded meanwhile); a page without a flag is
        read once it has settled, and is not asked for its flag again until another document."""
        timeout = timeout_ms or self.ctx.timeout_ms
        page, watch = self.ctx.page, self.ctx.watch
        state: PageState | None = None
        if self._flagless != watch.documents:
            started, idle, documents = watch.started, not watch.inflight, watch.documents
            first = await look(page, keys)
            if first.busy is not None:
                state = await self._flagged_ready(
                    first, timeout, keys, current=idle and watch.started == started
                )
            elif first.looked and watch.documents == documents:
                self._flagless = documents
        if state is None:
            await self._settle(timeout)
            state = await look(page, keys)
        await raise_if_fault_page(page, watch, shown=None if state.fault_sign else 0)
        return state.values

    async def _flagged_ready(
        self, state: PageState, timeout_ms: float, keys: list[int], *, current: bool
    ) -> PageState:
        """The legacy portal's way: wait for `main[aria-busy=false]` and no request in flight.
        `state` (looked at when nothing was in flight, if `current`) is kept if the page was
        ready then and nothing has loaded since; else the page is looked at again."""
        page, watch = self.ctx.page, self.ctx.watch
        started = watch.started
        if state.busy != "false":  # busy: wait for it to say ready (or for a fault)
            flag = [Target(css='main[aria-busy="false"]')]
            await find(page, watch, (), flag, timeout_ms=timeout_ms, state="attached")
        try:
            await asyncio.wait_for(watch.wait_quiet(), timeout_ms / 1000)
        except TimeoutError:
            raise TransientFault("requests still in flight after the timeout") from None
        if current and state.busy == "false" and watch.started == started:
            return state
        return await look(page, keys)

    async def _settle(self, timeout_ms: float) -> None:
        """`readiness.settle`, stopped at once by a network fault (then reported as that fault)."""
        ctx = self.ctx
        settling = asyncio.ensure_future(settle(ctx.page, ctx.watch, timeout_ms, ctx.readiness))
        fault = asyncio.ensure_future(self.ctx.watch.wait_fault())
        try:
            await asyncio.wait({settling, fault}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (settling, fault):
                if not task.done():
                    task.cancel()
            await asyncio.gather(settling, fault, return_exceptions=True)
        if fault.done() and not fault.cancelled():
            await raise_if_fault_page(self.ctx.page, self.ctx.watch)
        settling.result()

    async def conditions_hold(self, op: Op) -> bool:
        for cond in op.conditions:
            if isinstance(cond, Visible):
                loc = by_target(scoped(self.ctx.page, op.scopes), cond.visible)
                if not (await loc.count() and await loc.first.is_visible()):
                    return False
            elif not self.ctx.values.holds(cond):
                return False
        return True

    # -- dispatch ------------------------------------------------------------------------------
    async def run(self, op: Op) -> int | None:
        if not await self.conditions_hold(op):
            return None
        try:
            return await getattr(self, f"do_{op.kind}")(op, op.args)
        except PlaywrightTimeout as exc:
            await raise_if_fault_page(self.ctx.page, self.ctx.watch)
            raise TransientFault(f"{op.step}: timed out ({str(exc).splitlines()[0]})") from None
        except PlaywrightError as exc:
            message = str(exc).splitlines()[0]
            if "net::ERR" in message or "Target closed" in message or "Navigation" in message:
                raise TransientFault(f"{op.step}: {message}") from None
            await raise_if_fault_page(self.ctx.page, self.ctx.watch)
            raise StepFailed(f"{op.step}: {message}") from None

    # -- verbs ---------------------------------------------------------------------------------
    async def do_goto(self, op: Op, a: GotoArgs) -> None:
        self.typed.clear()  # another page: what was typed on this one is not looked at again
        response = await self.ctx.page.goto(
            self.ctx.targets.url(a.portal, a.path), wait_until="load", timeout=self.ctx.timeout_ms * 2
        )
        if response is not None and response.status >= 500:
            await raise_if_fault_page(self.ctx.page, self.ctx.watch)
            raise TransientFault(f"GET {a.path}: HTTP {response.status}")
        await raise_if_fault_page(self.ctx.page, self.ctx.watch)

    async def do_click(self, op: Op, a: ClickArgs) -> None:
        targets = targets_of(a, a.text)
        if a.optional:
            loc = by_target(scoped(self.ctx.page, op.scopes), targets[0])
            if not (await loc.count() and await loc.first.is_visible()):
                return
        await self._recheck()
        found = await self._find(op, targets)
        await found.locator.click()

    async def _fill_and_verify(self, op: Op, found: Found, text: str, *, secret: bool) -> None:
        box = found.locator
        if found.key is not None and not secret and not self._read_back_now:
            # probed: read back with every other value of this part of the form in one call,
            # before the click that leaves it (`_recheck`); one that did not stick is set again.
            # Finding it made a plain box ready for typing as `fill` would: only the typing is left.
            if text and widgets.ready_for_typing(found.probed):
                await self.ctx.page.keyboard.insert_text(text)
            else:
                await box.fill(text)
            self._keep(op, box, text, key=found.key, read_back=False)
            return
        for attempt in (1, 2):
            await box.fill(text)
            if same_text(await box.input_value(), text):
                if not secret:
                    self._keep(op, box, text, key=found.key)
                return
            if attempt == 1:  # a client-rendered page re-rendered and ate it: settle, then again
                await self.wait_ready()
        if not secret:  # a masked box keeps key presses only (“Ngày cấp” dd/MM/yyyy)
            await found.locator.fill("")
            await found.locator.press_sequentially(text)
            if same_text(await found.locator.input_value(), text):
                self._keep(op, box, text, key=found.key)
                return
        shown = "(secret)" if secret else repr(text)
        raise StepFailed(f"{op.step}: the value {shown} did not stick in {found.used.describe()}")

    async def do_fill(self, op: Op, a: FillArgs) -> None:
        text: str | None
        if a.secret:
            text = await self.ctx.secret(a.secret, self.ctx.page)
        elif a.value:
            text = self.ctx.values.text(a.value)
        else:
            text = a.text
        if text is None:
            await self._clear_stale(op, a)
            return
        if a.secret:
            found = await self._find(op, targets_of(a))
            await self._fill_and_verify(op, found, text, secret=True)
            return
        found = await self._find(op, targets_of(a), probe=widgets.FILL_FIND_PROBE)
        widget = await widgets.for_fill(found.locator, self.ctx.timeout_ms, found.probed)
        if widget is not None:
            if isinstance(widget, widgets.Locked):
                widget.wordings = self._wordings(a.value, text)
            await self._set_with(op, widget, text)
            self._keep(op, found.locator, text, widget)
            return
        await self._fill_and_verify(op, found, text, secret=False)

    async def _set_with(self, op: Op, widget: widgets.Widget, text: str) -> None:
        """Let the widget's adapter set the value; its own check failing names the step."""
        try:
            await widget.set(text)
        except StepFailed as failed:
            raise StepFailed(f"{op.step}: {failed}") from None

    async def _clear_stale(self, op: Op, a: Located) -> None:
        """The dossier has no value here: empty the field if a kept draft left text in it."""
        loc = by_target(scoped(self.ctx.page, op.scopes), a.target()).first
        if await js_if_there(loc, _HOLDS_STALE_TEXT) == [True]:
            await loc.fill("")

    async def do_choose(self, op: Op, a: ChooseArgs) -> None:
        text = self.ctx.values.text(a.value) if a.value else a.text
        if text is None:
            await self._clear_stale(op, a)
            return
        found = await self._find(op, targets_of(a), probe=widgets.CHOOSE_PROBE)
        box = found.locator
        # the kind is read, never assumed
        widget = await widgets.for_choose(box, self.ctx.timeout_ms, found.probed)
        if isinstance(widget, widgets.NativeSelect):
            widget.wordings = self._wordings(a.value, text)
            await widget.set(text)
            return
        if widget is not None:
            await self._choose_with(op, a, found, widget, text)
            return
        # an ARIA combobox offers the dossier's own words (see vocabulary.py): typing opens its list
        shown, listbox_id = await widgets.value_and_list(box, found.probed)
        if shown == text:
            return
        await box.fill(text)
        page = self.ctx.page
        options = page.locator(f'[id="{listbox_id}"]') if listbox_id else page
        option = options.get_by_role("option", name=name_pattern(text))
        try:
            await option.first.wait_for(state="visible", timeout=self.ctx.timeout_ms)
        except PlaywrightTimeout:
            await raise_if_fault_page(page, self.ctx.watch)
            raise StepFailed(
                f"{op.step}: no option {text!r} in the list of {found.used.describe()}"
            ) from None
        await option.first.click()
        if norm(await box.input_value()) != norm(text):
            raise StepFailed(f"{op.step}: choosing {text!r} left {await box.input_value()!r}")
        self._keep(op, box, text, key=found.key)

    def _wordings(self, path: str | None, text: str) -> tuple[str, ...]:
        """The route's other wordings of `text` (its vocabulary)."""
        return self.ctx.vocabulary.wordings(path, text)

    async def _shown_wording(self, op: Op, group: str, option: str, wordings: tuple[str, ...]) -> str:
        """Which wording of `option` the group's radios are labelled with (the option itself when
        the group shows none of the others)."""
        region = scoped(self.ctx.page, (*op.scopes, WithinArgs(group=group)))
        if not wordings or await by_target(region, Target(label=option)).count():
            return option
        for wording in wordings:
            if await by_target(region, Target(label=wording)).count():
                return wording
        return option

    async def _choose_with(
        self, op: Op, a: ChooseArgs, found: Found, widget: widgets.Widget, text: str
    ) -> None:
        """Set a custom dropdown, let the page settle (dependants are rebuilt ~0.3 s after a
        choice, sometimes this very list), then look again: a choice a rebuild wiped is made once
        more; what the box shows then is final."""
        wordings = self._wordings(a.value, text)
        if isinstance(widget, (widgets.Dropdown, widgets.Locked)):
            widget.wordings = wordings
        try:
            await widget.set(text)
        except NotKept:
            pass  # wiped by a re-render as it was chosen: settle, look again, choose again below
        except StepFailed as failed:
            raise StepFailed(f"{op.step}: {failed}") from None
        if isinstance(widget, widgets.Locked):
            return
        await self.wait_ready()
        again = found.again()  # where it was found: the page, or the e-form's frame
        looked = await widgets.look_again(again, self.ctx.timeout_ms)
        if looked is None:  # a picker named by its placeholder is replaced once chosen
            return
        widget, shown = looked[0] or widget, looked[1]
        if isinstance(widget, widgets.Dropdown):
            widget.wordings = wordings
        if not same_text(shown if shown is not None else await widget.read(), text, *wordings):
            await self._set_with(op, widget, text)
        self._keep(op, again, text, widget)

    async def do_check(self, op: Op, a: CheckArgs) -> None:
        if a.field is not None:
            option = self.ctx.values.text(a.option) if a.option else a.option_text
            if option is None:
                return
            region = Target(css=field_selector(name_pattern(a.field), "region"))
            found = await self._find(op, [region], state="attached")
            try:
                await widgets.choose_option(
                    found.locator, option, self.ctx.timeout_ms, self._wordings(a.option, option)
                )
            except StepFailed as failed:
                raise StepFailed(f"{op.step}: {failed}") from None
            return
        if a.group is not None:
            option = self.ctx.values.text(a.option) if a.option else a.option_text
            if option is None:
                return
            option = await self._shown_wording(op, a.group, option, self._wordings(a.option, option))
            found = await self._find(
                op,
                [Target(label=option), *a.fallbacks],
                extra_scope=(WithinArgs(group=a.group),),
                state="attached",
            )
            await found.locator.check()  # Playwright's check fails unless the box ends up checked
            return
        want = bool(self.ctx.values.get(a.value)) if a.value else True
        found = await self._find(op, [Target(label=a.label), *a.fallbacks], state="attached")
        await found.locator.set_checked(want)

    async def do_upload(self, op: Op, a: UploadArgs) -> None:
        path = self.ctx.values.get(a.file)
        if path is None:
            return
        row_scope = (WithinArgs(row=a.row),)
        if a.button is not None:
            await self._upload_by_button(op, a, path)
            return
        found = await self._find(op, [Target(label=a.label)], extra_scope=row_scope, state="attached")
        await found.locator.set_input_files(str(path))
        name = str(path).rsplit("/", 1)[-1]
        chosen = await js(found.locator, "el => Array.from(el.files || []).map(f => f.name)")
        if name not in chosen:  # the review step later checks the portal shows it attached
            raise StepFailed(f"{op.step}: the file input of row {a.row!r} did not take {name}")

    async def _upload_by_button(self, op: Op, a: UploadArgs, path: Any) -> None:
        """Press the row's button: it opens the file chooser (one shared input for every row) or
        a dialog whose file input takes the file; then the row must show the file's name. An
        error toast instead (“Upload thất bại”, “Vui lòng chọn tệp nhỏ hơn 2MB!”) gets one more
        try, as a person would give it: the same toast again is the portal refusing the file."""
        name = str(path).rsplit("/", 1)[-1]
        refused = ""
        for _ in range(2):
            toast = await self._upload_once(op, a, path, name)
            if toast is None:
                return
            if says_session_gone(toast):  # signing in again and resuming is the cure, not a refusal
                raise SessionExpired(f"{op.step}: {toast}")
            if says_try_later(toast):
                raise TransientFault(f"{op.step}: {toast}")
            if toast == refused:
                raise PortalRefused(f"{op.step}: the portal refused {name}: {toast}")
            refused = toast
            if self.ctx.log:
                self.ctx.log.warning("upload_refused_once", source=op.step.source, message=toast)
            toasts = self.ctx.page.locator(TOAST_ERRORS)
            await toasts.first.wait_for(state="hidden", timeout=self.ctx.timeout_ms)
        raise PortalRefused(f"{op.step}: the portal refused {name}: {refused}")

    async def _upload_once(self, op: Op, a: UploadArgs, path: Any, name: str) -> str | None:
        """One upload through the row's button: None once the row shows the file, else the
        error toast the page showed instead."""
        row_scope = (WithinArgs(row=a.row),)
        button = await self._find(op, [Target(button=a.button or "")], extra_scope=row_scope)
        page = self.ctx.page
        if not a.then and a.confirm is None:
            async with page.expect_file_chooser(timeout=self.ctx.timeout_ms) as chooser:
                await button.locator.click()
            await (await chooser.value).set_files(str(path))
        elif a.confirm is None:  # a menu (liên thông “Chọn tệp tin”): its last item opens the chooser
            await button.locator.click()
            for label in a.then[:-1]:
                await (await self._find(op, [Target(role="menuitem", name=label)])).locator.click()
            last = await self._find(op, [Target(role="menuitem", name=a.then[-1])])
            async with page.expect_file_chooser(timeout=self.ctx.timeout_ms) as chooser:
                await last.locator.click()
            await (await chooser.value).set_files(str(path))
        else:
            await button.locator.click()
            for label in a.then:
                await (await self._find(op, [Target(button=label)])).locator.click()
            dialog = page.get_by_role("dialog").filter(
                has=page.get_by_role("button", name=name_pattern(a.then[-1] if a.then else a.confirm or ""))
            )
            await dialog.locator("input[type=file]").first.set_input_files(str(path))
            if a.confirm is not None:
                confirm = dialog.get_by_role("button", name=name_pattern(a.confirm))
                await (
                    confirm.and_(page.locator(":enabled"))
                    .or_(page.locator(TOAST_ERRORS))
                    .first.wait_for(timeout=self.ctx.timeout_ms)
                )
                if not await page.locator(TOAST_ERRORS).count():
                    await confirm.click()
        shown = scoped(page, op.scopes + row_scope).get_by_text(name).first
        toast = page.locator(TOAST_ERRORS).first
        try:
            await shown.or_(toast).first.wait_for(timeout=self.ctx.timeout_ms)
        except PlaywrightTimeout:
            await raise_if_fault_page(page, self.ctx.watch)
            raise StepFailed(f"{op.step}: the row {a.row!r} does not show {name} after the upload") from None
        if await shown.count():
            return None
        return norm(await toast.inner_text())

    async def do_wait(self, op: Op, a: WaitArgs) -> None:
        timeout = a.timeout_ms or self.ctx.timeout_ms
        if a.visible is not None:
            await self._find(op, [a.visible], timeout_ms=timeout)
        if a.hidden is not None:
            loc = by_target(scoped(self.ctx.page, op.scopes), a.hidden)
            await loc.first.wait_for(state="hidden", timeout=timeout)
        if a.url is not None:
            await self.ctx.page.wait_for_url(a.url, timeout=timeout)
        if a.ready:
            await self.wait_ready(timeout)

    async def do_expect(self, op: Op, a: ExpectArgs) -> None:
        """The element is shown on a ready page. A client-rendered step can draw its heading while
        it is still hydrating, so readiness is awaited after the element, and the element must
        still be there once the page is ready."""
        timeout = a.timeout_ms or self.ctx.timeout_ms
        found = await self._find(op, targets_of(a, a.text), timeout_ms=timeout)
        await self.wait_ready(timeout)
        if not await is_there(found.locator, "visible"):
            await found.locator.wait_for(state="visible", timeout=timeout)

    async def shows(self, op: Op) -> bool:
        """Does the page show what this `expect:` step waits for, right now (no waiting)?"""
        if op.kind != "expect" or not isinstance(op.args, ExpectArgs):
            return False
        for target in targets_of(op.args, op.args.text):
            loc = by_target(scoped(self.ctx.page, op.scopes), target)
            try:
                if await loc.count() and await loc.first.is_visible():
                    return bool(await js(loc.first, _NOT_BEHIND_A_MODAL))
            except PlaywrightError:  # a selector this page cannot parse: not shown
                continue
        return False

    async def do_exit_if(self, op: Op, a: Target) -> int | None:
        loc = by_target(scoped(self.ctx.page, op.scopes), a)
        if await loc.count() and await loc.first.is_visible():
            return op.block_end
        return None

    async def do_review(self, op: Op, a: Any) -> None:
        raise NotImplementedError("review is run by the engine (it needs the flow's bindings)")

    async def do_submit(self, op: Op, a: SubmitArgs) -> None:
        await self._recheck()
        found = await self._find(op, targets_of(a, a.text))
        await self._send_once(self.ctx.page)
        await found.locator.click()
        if a.confirm_via is not None:
            confirm = await self._find(op, [a.confirm_via])
            await confirm.locator.click()

    async def _send_once(self, page: Page) -> None:
        """Route the submit's request through Playwright so it is sent exactly once.

        Chromium silently re-sends a request whose connection closed with no answer; for the final
        submit that would file the dossier twice. Playwright's own fetch never re-sends: a lost
        answer becomes a failed request, and the engine then looks in "Hồ sơ của tôi"."""
        sent = {"done": False}

        async def once(route: Route, request: Request) -> None:
            if (
                sent["done"]
                or request.method == "GET"
                or request.resource_type not in ("document", "xhr", "fetch")
            ):
                await route.fallback()
                return
            sent["done"] = True
            try:
                response = await route.fetch()
            except PlaywrightError as exc:
                self.ctx.watch.fault = f"the submit's answer was lost ({str(exc).splitlines()[0]})"
                self.ctx.watch.answer_lost = True
                await route.abort("connectionfailed")
                return
            await route.fulfill(response=response)

        await page.route("**/*", once)
        self.ctx.cleanups.append(lambda: page.unroute("**/*", once))

    async def do_receipt(self, op: Op, a: ReceiptArgs) -> None:
        if a.expect is not None:
            await self._find(op, [a.expect], timeout_ms=self.ctx.timeout_ms * 2)
        self.ctx.receipt["code"] = await self._definition(op, a.code)
        if a.appointment:
            self.ctx.receipt["appointment_date"] = await self._definition(op, a.appointment)

    async def _definition(self, op: Op, term: str) -> str:
        """Text of the <dd> after the <dt> named `term` (the receipt's definition list), or
        what follows “term:” in the same line (“Mã hồ sơ: <strong>H26…</strong>”)."""
        in_line = Target(css=f"p:has-text('{term}:'), li:has-text('{term}:')")
        found = await find(  # either shape is the receipt's own, not a fallback to report
            self.ctx.page,
            self.ctx.watch,
            op.scopes,
            [Target(css=f'dt:text-is("{term}")'), in_line],
            timeout_ms=self.ctx.timeout_ms * 2,
        )
        if found.used.css is not None and found.used.css.startswith("dt:"):
            value = await found.locator.locator("xpath=following-sibling::dd[1]").inner_text()
            return norm(value)
        line = norm(await found.locator.inner_text())
        return norm(line.split(":", 1)[1]) if ":" in line else ""


async def read_review_tables(page: Page) -> list[dict[str, Any]]:
    """Every table captioned on the page: {caption, rows: [[label, value], …]}."""
    return await page.evaluate("""() => Array.from(document.querySelectorAll('table')).map(t => ({
        caption: (t.caption ? t.caption.innerText : (t.getAttribute('aria-label') || '')).trim(),
        rows: Array.from(t.querySelectorAll('tr')).filter(r => r.querySelector('th') && r.querySelector('td'))
              .map(r => [r.querySelector('th').innerText.trim(), r.querySelector('td').innerText.trim()])
    }))""")


def compare_review(tables: list[dict[str, Any]], expected: Sequence[Binding], ignore: list[str]) -> list[str]:
    """Differences between the review tables and what the flow typed, as readable lines.

    A review must have checked something: a dossier value the flow typed whose label the review
    does not show is a problem (an empty value may be absent), and so is a review that compared
    nothing at all (the wrong page, or tables the flow's names do not match). Literal text the
    flow typed (a search box) is compared only where the review shows it. Section and label are
    matched like element names (`locate.names_match`); an uncaptioned table (the e-form's
    preview) stands for any section a captioned one does not show. `ignore` names labels or
    whole sections (a wizard step the preview does not repeat)."""
    shown = [(norm(t["caption"]), norm(label), norm(value)) for t in tables for label, value in t["rows"]]
    problems: list[str] = []
    compared = 0
    for b in expected:
        if any(names_match(i, b.label) or (b.section and names_match(i, b.section)) for i in ignore):
            continue
        where = f"{b.section} › {b.label}" if b.section else b.label
        want = norm(b.text)
        values = [
            value
            for caption, label, value in shown
            if names_match(b.label, label) and (b.section is None or names_match(b.section, caption))
        ]
        if not values and b.section is not None:  # a preview of one uncaptioned table (the e-form)
            values = [value for caption, label, value in shown if not caption and names_match(b.label, label)]
        if not values:
            if b.path is not None and want:
                problems.append(f"{where}: not on the review page; the dossier says {want!r} ({b.path})")
            continue
        compared += 1
        if not any(same_text(value, want, *b.wordings) for value in values):
            problems.append(
                f"{where}: the portal shows {values[0]!r}, the dossier says {want!r}"
                + (f" ({b.path})" if b.path else "")
            )
    if not compared:
        problems.append(
            f"the review compared nothing: none of the {len(expected)} field(s) the "
            f"flow filled is in the {len(tables)} table(s) on the page"
        )
    return problems


def review_failure(problems: list[str]) -> ReviewMismatch:
    return ReviewMismatch(
        "the review page differs from the dossier; nothing was submitted:\n  " + "\n  ".join(problems)
    )


def monotonic_ms(start: float) -> int:
    return int((time.monotonic() - start) * 1000)
