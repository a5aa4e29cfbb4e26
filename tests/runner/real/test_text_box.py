"""Typing into a plain text box. Finding the box also makes it ready for typing when it passes
the checks Playwright's `fill` waits for (`widgets.text_box.READY_FOR_TYPING_JS`), so the fill is
the typing alone. What must hold: the page gets real key input, text never lands in a box that
was not ready (the one focused before it), a box is never typed into before a person could edit
it, and a box that is not the one found is never touched."""

from __future__ import annotations

import pytest

from agent.runner.faults import StepFailed

from .harness import TOP, html, op, runner_on

pytestmark = pytest.mark.browser

#: Every input event the page sees, in order: [box name, trusted?, value], and "open" once the
#: second box can be edited. The second box opens a moment after the first one is typed into.
_LOG_JS = """
window.seen = [];
document.addEventListener('input', (e) => window.seen.push([e.target.name, e.isTrusted, e.target.value]));
const first = document.querySelector('[name=ho]');
first.addEventListener('input', () => setTimeout(() => { window.open_(); window.seen.push('open'); }, 250), { once: true });
"""

#: How the second box starts closed, and how the page opens it.
CLOSED = {
    "disabled": ('<input name="so" disabled>', "document.querySelector('[name=so]').disabled = false"),
    "in a disabled fieldset": (
        '<fieldset id=f disabled><input name="so"></fieldset>',
        "document.getElementById('f').disabled = false",
    ),
    "aria-disabled group": (
        '<div id=g role="group" aria-disabled="true"><input name="so"></div>',
        "document.getElementById('g').setAttribute('aria-disabled', 'false')",
    ),
    "inert": ('<div id=g inert><input name="so"></div>', "document.getElementById('g').inert = false"),
}


async def _fill_in_turn(page: str, fills: list[tuple[str, str]]) -> tuple[dict[str, str], list]:
    """Each (name, text) filled in turn; then what every box holds, and every input event seen."""
    async with runner_on({TOP + "/": page}) as r:
        for name, text in fills:
            await r.run(op("fill", {"field": name, "text": text}))
        held = await r.ctx.page.evaluate(
            "() => Object.fromEntries([...document.querySelectorAll('input, textarea')].map((e) => [e.name, e.value]))"
        )
        return held, await r.ctx.page.evaluate("window.seen")


@pytest.mark.parametrize("closed", list(CLOSED))
def test_a_box_that_cannot_be_edited_yet_is_typed_into_once_it_can_and_nothing_strays(run_async, closed):
    box, opener = CLOSED[closed]
    page = html(
        f"""<main aria-busy="false"><p>(1) Họ và tên: <input name="ho"></p>
        <p>(2) Số giấy tờ: {box}</p></main>""",
        f"window.open_ = () => {{ {opener}; }};" + _LOG_JS,
    )
    fills = [("Họ và tên", "Nguyễn Văn An"), ("Số giấy tờ", "001234567890")]
    held, seen = run_async(_fill_in_turn(page, fills))
    assert held == {"ho": "Nguyễn Văn An", "so": "001234567890"}
    typed = [e for e in seen if e != "open"]
    assert all(trusted for _, trusted, _ in typed), seen  # key input, not a script's event
    assert [name for name, _, _ in typed] == ["ho", "so"], seen  # once each, in its own box
    assert seen.index(typed[1]) > seen.index("open"), seen  # not before a person could edit it


def test_a_plain_box_ready_at_once_is_typed_into_over_what_it_held(run_async):
    page = html(
        '<main aria-busy="false"><p>(1) Họ và tên: <input name="ho" value="bản nháp cũ"></p>'
        '<p>(2) Ghi chú: <textarea name="ghi">dòng cũ</textarea></p></main>',
        "window.open_ = () => {};" + _LOG_JS,
    )
    held, seen = run_async(_fill_in_turn(page, [("Họ và tên", "Trần Thị Bình"), ("Ghi chú", "Khai thay")]))
    assert held == {"ho": "Trần Thị Bình", "ghi": "Khai thay"}
    assert [e for e in seen if e != "open"] == [["ho", True, "Trần Thị Bình"], ["ghi", True, "Khai thay"]]


def test_two_boxes_for_one_name_fail_the_step_and_neither_is_touched(run_async):
    page = html(
        '<main aria-busy="false"><p>Họ và tên: <input name="a"></p><p>Họ và tên: <input name="b"></p></main>'
    )

    async def go() -> None:
        async with runner_on({TOP + "/": page}, timeout_ms=1500) as r:
            with pytest.raises(StepFailed, match="names 2 controls"):
                await r.run(op("fill", {"field": "Họ và tên", "text": "Nguyễn Văn An"}))
            assert await r.ctx.page.evaluate("document.activeElement.localName") == "body"

    run_async(go())
