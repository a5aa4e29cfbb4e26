"""File a Hanoi dossier by hand in Chromium, the way the agent does: role + label locators only.

Groups are found by their legend (role `group`), fields by their label inside the group,
comboboxes by typing and clicking the `option`, attachments by the table row's document name.
The field list comes from the procedure spec (names → legend, label, kind), the values from the
same declarations the HTTP tests use, so the two kinds of test file identical dossiers.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from fixtures.mock_portal.procedures import PROCEDURES
from fixtures.mock_portal.procedures.wizard_steps import APPLICANT as APPLICANT_BLOCKS
from fixtures.mock_portal.procedures.wizard_steps import DELIVERY as DELIVERY_BLOCKS
from fixtures.mock_portal.procedures.wizard_steps import LOCKED_WHEN_SELF


class Shots:
    """Numbered full-page screenshots (or nothing when no folder is given)."""

    def __init__(self, folder: Path | None):
        self.folder, self.n = folder, 0

    def __call__(self, page: Page, name: str) -> None:
        if self.folder is None:
            return
        self.n += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(self.folder / f"{self.n:02d}-{name}.png"), full_page=True)
        # Chromium quirk: after a full-page shot, with a text field focused, the next mousedown
        # can scroll the page before mouseup, so a click lands elsewhere. Re-anchor the scroll.
        page.evaluate("window.scrollTo(0, 0)")


UNLABELLED_JS = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => el.type !== 'hidden' && !el.labels.length && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby'))
  .map(el => el.name || el.id)"""


def ready(page: Page) -> None:
    """The page's scripts have bound (docs/interfaces.md §3), and every control has a label."""
    expect(page.locator('main[aria-busy="false"]')).to_be_attached()
    assert page.evaluate(UNLABELLED_JS) == [], f"controls without a label on {page.url}"


def sign_in(page: Page, base_url: str, username: str, password: str, shots: Shots) -> None:
    page.goto(base_url + "/")
    ready(page)
    shots(page, "home")
    page.get_by_role("link", name="Đăng nhập", exact=True).first.click()
    page.get_by_role("link", name=re.compile(r"^Chọn công dân đăng nhập")).click()
    ready(page)
    shots(page, "login-chooser")
    page.get_by_role("link", name="Đăng nhập bằng tài khoản Cổng Dịch vụ công quốc gia").click()
    ready(page)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    shots(page, "dvcqg-login")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def open_procedure(page: Page, name: str, shots: Shots) -> None:
    page.get_by_role("link", name="Dịch vụ công trực tuyến", exact=True).click()
    ready(page)
    page.get_by_role("link", name=re.compile(r"^Thủ tục hành chính")).click()
    ready(page)
    page.get_by_label("Tìm kiếm thủ tục").fill(name)
    page.get_by_label("Lĩnh vực").select_option(label="Hộ tịch")
    page.get_by_role("button", name="Tìm kiếm").click()
    ready(page)
    shots(page, "catalogue")
    page.get_by_role("table", name="Danh sách thủ tục hành chính").get_by_role(
        "link", name=name, exact=True
    ).click()
    ready(page)
    shots(page, "procedure")
    page.get_by_role("link", name="Nộp hồ sơ", exact=True).click()
    ready(page)


def pick(page: Page, box: Locator, value: str) -> None:
    """Searchable combobox: type part of the text, then click the option with the exact text."""
    box.click()
    box.fill("")
    box.press_sequentially(value[: max(2, len(value) // 2)])
    expect(box).to_have_attribute("aria-expanded", "true")
    page.get_by_role("option", name=value, exact=True).click()
    expect(box).to_have_value(value)


def drifted_select(root: Locator, text: str) -> Locator:
    """The form row of a select that drift served as a div dropdown: found by its label's text."""
    return root.locator(".field").filter(has=root.page.locator("label").filter(has_text=label(text)))


def div_dropdown(row: Locator, value: str) -> None:
    """Open the list (its options exist only while it is open), press the option, check the header."""
    header = row.locator(".input-field-select")
    header.click()
    row.locator(".input-field-select-options > div").filter(has_text=label(value)).click()
    expect(header).to_have_text(value)


def label(text: str) -> re.Pattern[str]:
    """A label's whole text, with or without the required-field star (“Ngày cấp *”)."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def fill_field(page: Page, group: Locator, field, value: str) -> None:
    if field.kind == "radio":
        group.get_by_role("group", name=field.label, exact=True).get_by_label(value, exact=True).check()
    elif field.kind == "select":
        box = group.get_by_label(label(field.label))
        if box.count():
            box.select_option(label=value)
        else:  # drift swapped the select for a div dropdown: its label binds nothing now
            div_dropdown(drifted_select(group, field.label), value)
    elif field.kind == "combobox":
        pick(page, group.get_by_label(label(field.label)), value)
    else:
        group.get_by_label(label(field.label)).fill(value)


def group_name(block) -> str:
    return block.legend + (" (nếu có)" if block.optional else "")


def fill_blocks(page: Page, blocks, values: dict, skip=()) -> None:
    for block in blocks:
        wanted = {f.name: values[f.name] for f in block.fields if f.name in values and f.name not in skip}
        if not wanted:
            continue
        group = page.get_by_role("group", name=group_name(block), exact=True)
        for f in block.fields:
            if f.name in wanted:
                fill_field(page, group, f, wanted[f.name])


def next_step(page: Page, heading: str) -> None:
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    ready(page)


def file_by_hand(
    page: Page,
    base_url: str,
    slug: str,
    applicant: dict,
    declaration: dict,
    delivery: dict,
    files: dict[str, Path],
    credentials=("001090012345", "MatKhau@123"),
    shots_dir: Path | None = None,
) -> dict:
    """Home → sign in → catalogue → wizard → review → Nộp hồ sơ. Returns {code, appointment,
    review: {caption: {label: value}}} as read from the pages."""
    procedure = PROCEDURES[slug]
    shots = Shots(shots_dir)
    sign_in(page, base_url, *credentials, shots)
    open_procedure(page, procedure.name, shots)

    expect(page.get_by_role("heading", level=1, name="Thông tin chung")).to_be_visible()
    page.get_by_role("group", name="Đối tượng thực hiện").get_by_label(
        "Làm thủ tục cho bản thân", exact=True
    ).check()
    shots(page, "step1")
    next_step(page, "Thông tin chủ hồ sơ")
    fill_blocks(page, APPLICANT_BLOCKS, applicant, skip=LOCKED_WHEN_SELF)
    shots(page, "step2")
    next_step(page, "Kê khai")
    fill_blocks(page, procedure.blocks, declaration)
    shots(page, "step3")
    next_step(page, "Thành phần hồ sơ")
    table = page.get_by_role("table", name="Thành phần hồ sơ")
    for doc in procedure.documents:
        if doc.key in files:
            table.get_by_role("row", name=doc.name).get_by_label("Chọn tệp tin").set_input_files(
                files[doc.key]
            )
    page.get_by_role("button", name="Tải lên").click()
    ready(page)
    for doc in procedure.documents:
        if doc.key in files:
            expect(table.get_by_role("row", name=doc.name)).to_contain_text(files[doc.key].name)
    shots(page, "step4")
    next_step(page, "Thông tin nhận kết quả")
    fill_blocks(page, DELIVERY_BLOCKS, delivery)
    shots(page, "step5")
    next_step(page, "Kiểm tra lại thông tin")
    shots(page, "review")
    review = read_review(page)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", level=1, name="Nộp hồ sơ thành công")).to_be_visible()
    shots(page, "receipt")
    receipt = page.locator("dl")
    code = receipt.locator("dt", has_text="Mã hồ sơ").locator("xpath=following-sibling::dd[1]").inner_text()
    appointment = (
        receipt.locator("dt", has_text="Ngày hẹn trả").locator("xpath=following-sibling::dd[1]").inner_text()
    )
    page.get_by_role("link", name="Hồ sơ của tôi", exact=True).last.click()
    expect(page.get_by_role("table", name="Hồ sơ của tôi").get_by_role("link", name=code)).to_be_visible()
    shots(page, "my-dossiers")
    return {"code": code, "appointment": appointment, "review": review}


def read_review(page: Page) -> dict[str, dict[str, str]]:
    """Review tables as {caption: {row header: cell}} (what the agent reads back)."""
    out: dict[str, dict[str, str]] = {}
    for table in page.get_by_role("main").get_by_role("table").all():
        caption = table.locator("caption").inner_text().strip()
        rows = {}
        for row in table.get_by_role("row").all():
            header = row.get_by_role("rowheader")
            if header.count():
                rows[header.inner_text().strip()] = row.get_by_role("cell").inner_text().strip()
        out[caption] = rows
    return out
