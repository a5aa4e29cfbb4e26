"""One look at a page that says when it is ready (the legacy `main[aria-busy]`): readiness, the
sign of a fault and the read-back of what was typed come from one call, so each of them must
still do its job: a value that did not stick is typed again before the click leaves, and a fault
shown on a ready page is still raised for what it is. A box the dossier leaves empty is likewise
asked in one call whether a person could edit it (shown, enabled, not read-only) before emptying."""

from __future__ import annotations

import pytest

from agent.runner.faults import PortalRefused, SessionExpired, StepFailed, TransientFault

from .harness import TOP, html, op, runner_on

pytestmark = pytest.mark.browser


def _form(box: str, script: str = "") -> str:
    """A ready legacy-style form: one box, "Tiếp" shows what the box holds when pressed."""
    return html(
        f"""<main aria-busy="false"><p>(1) Họ và tên: {box}</p>
        <button id=next>Tiếp</button> <output id=sent></output></main>""",
        "document.getElementById('next').addEventListener('click', () => {"
        "  document.getElementById('sent').textContent = document.querySelector('[name=ten]').value; });"
        + script,
    )


#: A box that drops what is first typed into it (a framework binding it on first input).
DROPS_THE_FIRST = _form(
    '<input name="ten">',
    "const box = document.querySelector('[name=ten]');"
    "box.addEventListener('input', () => { box.value = ''; }, { once: true });",
)


def test_a_value_that_did_not_stick_is_typed_again_before_the_click_leaves(run_async):
    async def go() -> None:
        async with runner_on({TOP + "/": DROPS_THE_FIRST}) as r:
            await r.run(op("fill", {"field": "Họ và tên", "text": "Nguyễn Văn An"}))
            await r.run(op("click", {"button": "Tiếp"}))
            assert await r.ctx.page.locator("#sent").text_content() == "Nguyễn Văn An"

    run_async(go())


def test_a_box_that_never_keeps_the_value_fails_its_own_step_and_nothing_is_clicked(run_async):
    async def go() -> None:
        async with runner_on({TOP + "/": _form('<input name="ten" maxlength="6">')}) as r:
            await r.run(op("fill", {"field": "Họ và tên", "text": "Nguyễn Văn An"}))
            with pytest.raises(StepFailed, match=r"test:fill.*did not stick"):
                await r.run(op("click", {"button": "Tiếp"}))
            assert await r.ctx.page.locator("#sent").text_content() == ""

    run_async(go())


@pytest.mark.parametrize(
    ("shown", "raised"),
    [
        ("<h1>Lỗi hệ thống</h1>", TransientFault),
        # named by its label only (an icon inside): the name a person hears, not its text
        ('<h2 aria-label="Phiên đăng nhập đã hết hạn"><i class="icon"></i></h2>', SessionExpired),
        ('<div role="alert" aria-label="Lỗi">Số giấy tờ không hợp lệ</div>', PortalRefused),
    ],
)
def test_a_fault_on_a_page_that_says_it_is_ready_is_raised_for_what_it_is(run_async, shown, raised):
    async def go() -> None:
        page = html(f'<main aria-busy="false"><h1>Trang</h1>{shown}</main>')
        async with runner_on({TOP + "/": page}) as r:
            with pytest.raises(raised):
                await r.run(op("wait", {"ready": True}))

    run_async(go())


def test_a_refusal_drawn_as_the_page_turns_ready_is_raised(run_async):
    """Busy when looked at: what the page shows once ready is looked at again, not the first look."""
    busy_then_refused = html(
        '<main aria-busy="true"><h1>Trang</h1></main>',
        "setTimeout(() => { const m = document.querySelector('main');"
        "  m.insertAdjacentHTML('beforeend', '<div role=alert aria-label=Lỗi>Hồ sơ bị từ chối</div>');"
        "  m.setAttribute('aria-busy', 'false'); }, 300);",
    )

    async def go() -> None:
        async with runner_on({TOP + "/": busy_then_refused}) as r:
            with pytest.raises(PortalRefused, match="Hồ sơ bị từ chối"):
                await r.run(op("wait", {"ready": True}))

    run_async(go())


#: A kept draft (a reloaded wizard) left text in boxes the dossier has no value for.
DRAFT = html(
    """<p>(1) Ghi chú: <input name="ghichu" value="bản nháp cũ"></p>
    <p>(2) Số định danh: <input name="so" readonly value="001"></p>
    <p><label>(3) Nơi cấp <input name="noicap" value="cũ" style="visibility: hidden"></label></p>
    <fieldset disabled><p>(4) Quốc tịch: <input name="qt" value="Việt Nam"></p></fieldset>"""
)


@pytest.mark.parametrize(
    ("target", "name", "left"),
    [
        ({"field": "Ghi chú"}, "ghichu", ""),  # shown, editable: emptied
        ({"field": "Số định danh"}, "so", "001"),  # the portal's own, read-only
        ({"label": "(3) Nơi cấp"}, "noicap", "cũ"),  # not shown (a label finds it all the same)
        ({"field": "Quốc tịch"}, "qt", "Việt Nam"),  # disabled with its fieldset
    ],
)
def test_a_box_the_dossier_leaves_empty_is_emptied_only_when_a_person_could_edit_it(
    run_async, target, name, left
):
    async def go() -> None:
        async with runner_on({TOP + "/": DRAFT}) as r:
            await r.run(op("fill", {**target, "value": "data.absent"}))
            assert await r.ctx.page.locator(f"[name={name}]").input_value() == left

    run_async(go())
