"""The benchmark's baseline: a plain Playwright script filing the same rows by hand.

Written the way a QA engineer would write it for one procedure at a time: one Chromium, one
browser context per worker, sign in once per worker, then for each row walk the portal's pages,
fill every field by its label, upload, submit and read the receipt. No retries, no read-back of
what was typed, no comparison of the review page, no ledger: a row that fails is counted as
failed and the worker moves on. It uses nothing of the agent (`agent/`), so what it costs is
what the portal's pages cost a script.

    python -m bench.baseline_script ROWS.csv --procedure dang-ky-khai-tu --workers 4 \
        --credentials creds.yaml --timings out.jsonl

Portal addresses come from $DVC_AGENT_PORTALS (`hanoi=http://…,dvcqg=http://…`), as for the
agent. Each filed or failed row is one JSON line in --timings: row_id, worker, start and end
(wall clock, seconds), the receipt's code or the error.

Procedures: `dang-ky-khai-tu` (legacy Hanoi portal), `lien-thong-khai-tu` (the national
portal's liên thông SPA) and `dang-ky-khai-tu@national` (the Hanoi death registration by its
national route: VNeID sign-in, then the one-page form on dichvucong.gov.vn, the path of
flows/national/dang-ky-khai-tu.yaml; see `file_dang_ky_khai_tu_national`). The liên thông
filing follows the SPA's page path as of 2026-11-26, the path of the agent's flow
(flows/dvcqg/lien-thong-khai-tu.yaml): sections headed by titles, Material autocompletes and
ng-selects, names split into Họ / Chữ đệm / Tên, the upload through the “Chọn tệp tin” menu (see
`file_lien_thong_khai_tu`, `choose` and `autocomplete`).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import re
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import yaml
from playwright.async_api import Browser, Locator, Page, async_playwright, expect

CHROMIUM = os.environ.get("DVC_AGENT_CHROMIUM", "/usr/bin/chromium")
TIMEOUT_MS = 15_000


def portals() -> dict[str, str]:
    pairs = (p.split("=", 1) for p in os.environ["DVC_AGENT_PORTALS"].split(",") if "=" in p)
    return {name.strip(): url.strip().rstrip("/") for name, url in pairs}


def label(text: str) -> re.Pattern[str]:
    """A label's whole text, with or without the required-field star (“Ngày cấp *”)."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


async def ready(page: Page) -> None:
    """The mock's pages say when their scripts have bound: `<main aria-busy="false">`."""
    await expect(page.locator('main[aria-busy="false"]')).to_be_attached()


async def pick(page: Page, box: Locator, value: str) -> None:
    """A searchable combobox: type the text, click the option that has exactly that text."""
    await box.fill(value)
    await page.get_by_role("option", name=value, exact=True).click()


# ---- Hanoi: đăng ký khai tử ---------------------------------------------------------------------


async def hanoi_sign_in(page: Page, base: str, username: str, password: str) -> None:
    await page.goto(base + "/")
    await page.get_by_role("link", name="Đăng nhập", exact=True).first.click()
    await page.get_by_role("link", name=re.compile(r"^Chọn công dân đăng nhập")).click()
    await page.get_by_role("link", name="Đăng nhập bằng tài khoản Cổng Dịch vụ công quốc gia").click()
    await page.get_by_label("Tên đăng nhập").fill(username)
    await page.get_by_label("Mật khẩu").fill(password)
    await page.get_by_role("button", name="Đăng nhập").click()
    await expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


async def hanoi_address(page: Page, group: Locator, row: dict[str, str], prefix: str) -> None:
    await pick(page, group.get_by_label(label("Tỉnh/Thành phố")), row[f"{prefix}.province"])
    await pick(page, group.get_by_label(label("Phường/Xã")), row[f"{prefix}.commune"])
    await group.get_by_label(label("Địa chỉ chi tiết")).fill(row[f"{prefix}.detail"])


async def hanoi_next(page: Page, heading: str) -> None:
    await page.get_by_role("button", name="Tiếp tục").click()
    await expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    await ready(page)


async def file_dang_ky_khai_tu(page: Page, urls: dict[str, str], row: dict[str, str], folder: Path) -> str:
    base = urls["hanoi"]
    title = "Đăng ký khai tử"
    await page.goto(base + "/")
    await page.get_by_role("link", name="Dịch vụ công trực tuyến", exact=True).click()
    await page.get_by_role("link", name=re.compile(r"^Thủ tục hành chính")).click()
    await page.get_by_label("Tìm kiếm thủ tục").fill(title)
    await page.get_by_label("Lĩnh vực").select_option(label="Hộ tịch")
    await page.get_by_role("button", name="Tìm kiếm").click()
    await (
        page.get_by_role("table", name="Danh sách thủ tục hành chính")
        .get_by_role("link", name=title, exact=True)
        .click()
    )
    await page.get_by_role("link", name="Nộp hồ sơ", exact=True).click()
    await expect(page.get_by_role("heading", level=1, name="Thông tin chung")).to_be_visible()
    await ready(page)

    # 1 Thông tin chung: filing for oneself (the default)
    await (
        page.get_by_role("group", name="Đối tượng thực hiện")
        .get_by_label("Làm thủ tục cho bản thân", exact=True)
        .check()
    )
    await hanoi_next(page, "Thông tin chủ hồ sơ")

    # 2 Thông tin chủ hồ sơ: name and ID are prefilled from the account
    owner = page.get_by_role("group", name="Thông tin chủ hồ sơ", exact=True)
    await owner.get_by_label(label("Ngày cấp")).fill(row["applicant.id_issue_date"])
    await pick(page, owner.get_by_label(label("Nơi cấp")), row["applicant.id_issuer"])
    await owner.get_by_label(label("Số điện thoại")).fill(row["applicant.phone"])
    await hanoi_address(page, owner, row, "applicant.address")
    await hanoi_next(page, "Kê khai")

    # 3 Kê khai
    requester = page.get_by_role("group", name="Thông tin người yêu cầu", exact=True)
    await requester.get_by_label(label("Quan hệ với người đã chết")).fill(row["requester_relationship"])
    deceased = page.get_by_role("group", name="Thông tin người chết", exact=True)
    await deceased.get_by_label(label("Họ, chữ đệm, tên")).fill(row["deceased.full_name"])
    await deceased.get_by_label(label("Ngày sinh")).fill(row["deceased.date_of_birth"])
    await (
        deceased.get_by_role("group", name="Giới tính", exact=True)
        .get_by_label(row["deceased.sex"], exact=True)
        .check()
    )
    await deceased.get_by_label(label("Số định danh cá nhân")).fill(row["deceased.personal_id"])
    residence = page.get_by_role("group", name="Nơi cư trú cuối cùng", exact=True)
    await (
        residence.get_by_role("group", name="Loại cư trú", exact=True)
        .get_by_label(row["last_residence.kind"], exact=True)
        .check()
    )
    await hanoi_address(page, residence, row, "last_residence.address")
    death = page.get_by_role("group", name="Thông tin về việc chết", exact=True)
    await death.get_by_label(label("Ngày chết")).fill(row["death.date"])
    await death.get_by_label(label("Giờ chết")).fill(row["death.time"])
    await death.get_by_label(label("Nguyên nhân chết")).fill(row["death.cause"])
    await hanoi_address(page, page.get_by_role("group", name="Nơi chết", exact=True), row, "death.place")
    # The sample deaths are all more than 15 days old: a late registration.
    await (
        page.get_by_role("group", name="Loại đăng ký khai tử", exact=True)
        .get_by_label("Đăng ký quá hạn", exact=True)
        .check()
    )
    notice = page.get_by_role("group", name="Giấy báo tử", exact=True)
    await (
        notice.get_by_role("group", name="Loại giấy tờ", exact=True)
        .get_by_label(row["death_notice.kind"], exact=True)
        .check()
    )
    await notice.get_by_label(label("Số")).fill(row["death_notice.number"])
    await notice.get_by_label(label("Ngày cấp")).fill(row["death_notice.date"])
    await notice.get_by_label(label("Cơ quan cấp")).fill(row["death_notice.issuer"])
    await hanoi_next(page, "Thành phần hồ sơ")

    # 4 Thành phần hồ sơ
    table = page.get_by_role("table", name="Thành phần hồ sơ")
    await (
        table.get_by_role("row", name="Bản chụp Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử")
        .get_by_label("Chọn tệp tin")
        .set_input_files(folder / row["attachments.death_notice"])
    )
    await hanoi_next(page, "Thông tin nhận kết quả")

    # 5 Thông tin nhận kết quả
    await (
        page.get_by_role("group", name="Hình thức nhận kết quả", exact=True)
        .get_by_label(row["delivery.method"], exact=True)
        .check()
    )
    await page.get_by_label(label("Số lượng bản sao")).fill(row["delivery.copies"])
    await hanoi_next(page, "Kiểm tra lại thông tin")

    await page.get_by_role("button", name="Nộp hồ sơ").click()
    await expect(page.get_by_role("heading", level=1, name="Nộp hồ sơ thành công")).to_be_visible()
    code = page.locator("dl dt", has_text="Mã hồ sơ").locator("xpath=following-sibling::dd[1]")
    return (await code.inner_text()).strip()


# ---- the national portal's liên thông SPA: liên thông khai tử -----------------------------------
# The page path of 2026-11-26 (flows/dvcqg/lien-thong-khai-tu.yaml): sections are `div.title`
# headings over a row of fields (no fieldsets), text boxes and Material autocompletes have bound
# labels, the other closed lists are ng-selects whose label is plain text before them.


async def lien_thong_sign_in(page: Page, urls: dict[str, str], username: str, password: str) -> None:
    await page.goto(urls["lienthong"] + "/")
    await page.get_by_role("link", name="Đăng nhập", exact=True).click()
    await page.get_by_role("link", name=re.compile(r"^Tài khoản Cổng Dịch vụ công quốc gia")).click()
    await page.get_by_label("Tên đăng nhập").fill(username)
    await page.get_by_label("Mật khẩu").fill(password)
    await page.get_by_role("button", name="Đăng nhập").click()
    await expect(page.get_by_role("link", name="Đăng xuất")).to_be_visible()


async def lien_thong_step(page: Page, heading: str) -> None:
    """The SPA has no readiness flag: a step is live once its heading shows and the spinner is gone
    (typing earlier is lost when the app re-renders)."""
    await expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    await expect(page.locator(".loading-spinner")).to_be_hidden()


async def lien_thong_next(page: Page, heading: str) -> None:
    await page.get_by_role("button", name="Chuyển bước tiếp theo").click()
    await lien_thong_step(page, heading)


def section(page: Page, title: str) -> Locator:
    """A form section: the `div.section` headed by a `div.title` with that text."""
    return page.locator("div.section").filter(has=page.locator("div.title", has_text=label(title)))


async def autocomplete(page: Page, scope: Locator, name: str, value: str) -> None:
    """A Material autocomplete: the combobox its label names (its list bears the same name; the
    label's star is hidden from the name)."""
    await pick(page, scope.get_by_role("combobox", name=name, exact=True), value)


async def choose(page: Page, scope: Locator, name: str, value: str) -> None:
    """An ng-select (the liên thông SPA's dropdown as of 2026-11-26): its label is text before it,
    bound to nothing, so the field is found by that text; a press opens it, the list arrives late,
    typing filters it (or, in a list that takes new entries, offers the typed text), and a press
    on the option with exactly that text picks it."""
    field = scope.locator("app-input").filter(has=page.locator("label.ng-label", has_text=label(name)))
    await field.locator(".ng-select-container").click()
    await field.locator(".ng-input input").fill(value)
    await field.locator(".ng-option").get_by_text(value, exact=True).click()


def parts(full_name: str) -> tuple[str, str, str]:
    words = full_name.split()
    return words[0], " ".join(words[1:-1]), words[-1]


async def file_lien_thong_khai_tu(page: Page, urls: dict[str, str], row: dict[str, str], folder: Path) -> str:
    await page.goto(urls["dvcqg"] + "/")
    await page.get_by_role("link", name=re.compile(r"^Dịch vụ công liên thông: Khai sinh, Khai tử")).click()
    await lien_thong_step(page, "Dịch vụ công liên thông: Khai sinh, Khai tử")
    await page.get_by_role("link", name=re.compile(r"^Liên thông đăng ký khai tử")).click()
    await lien_thong_step(page, "Lựa chọn cơ quan thực hiện")

    # 1 Lựa chọn cơ quan thực hiện
    agency = section(page, "Cơ quan thực hiện")
    await autocomplete(page, agency, "Tỉnh/Thành phố", row["agency.province"])
    await autocomplete(page, agency, "Phường/Xã", row["agency.commune"])
    await lien_thong_next(page, "Kê khai")

    # 2 Kê khai. The requester's name and ID come prefilled from the account, read-only;
    # verifying them unlocks the rest of the section.
    requester = section(page, "Thông tin người yêu cầu")
    await requester.get_by_role("button", name="Xác thực với CSDLQG về dân cư").click()
    await expect(requester.get_by_text("Đã xác thực thông tin với CSDLQG về dân cư")).to_be_visible()
    await autocomplete(page, requester, "Quan hệ với người chết", row["requester.relationship"])
    await requester.get_by_label(label("Số điện thoại")).fill(row["requester.phone"])

    # Dates of birth and death have a format dropdown before them; its default, “Ngày/Tháng/Năm”,
    # is the rows' dd/mm/yyyy.
    deceased = section(page, "Thông tin người chết")
    family, middle, given = parts(row["deceased.full_name"])
    await deceased.get_by_label(label("Họ")).fill(family)
    await deceased.get_by_label(label("Chữ đệm")).fill(middle)
    await deceased.get_by_label(label("Tên")).fill(given)
    await deceased.get_by_label(label("Ngày sinh")).fill(row["deceased.date_of_birth"])
    await choose(page, deceased, "Giới tính", row["deceased.sex"])
    await deceased.get_by_label(label("Số định danh cá nhân")).fill(row["deceased.personal_id"])
    paper = section(page, "Giấy tờ tùy thân của người chết")
    await autocomplete(page, paper, "Loại giấy tờ", row["deceased.id_document.kind"])
    await paper.get_by_label(label("Số giấy tờ")).fill(row["deceased.id_document.number"])
    await paper.get_by_label(label("Ngày cấp")).fill(row["deceased.id_document.issue_date"])
    await autocomplete(page, paper, "Nơi cấp", row["deceased.id_document.issuer"])

    residence = section(page, "Nơi cư trú cuối cùng")
    await choose(page, residence, "Loại cư trú", row["last_residence.kind"])
    await autocomplete(page, residence, "Tỉnh/Thành phố", row["last_residence.address.province"])
    await autocomplete(page, residence, "Phường/Xã", row["last_residence.address.commune"])
    await residence.get_by_label(label("Chi tiết")).fill(row["last_residence.address.detail"])

    death = section(page, "Thông tin về việc chết")
    await death.get_by_label(label("Ngày chết")).fill(row["death.date"])
    await choose(page, death, "Nguyên nhân chết", row["death.cause"])
    place = section(page, "Nơi chết")
    await autocomplete(page, place, "Tỉnh/Thành phố", row["death.place.province"])
    await autocomplete(page, place, "Phường/Xã", row["death.place.commune"])
    await place.get_by_label(label("Chi tiết")).fill(row["death.place.detail"])

    notice = section(page, "Giấy báo tử")
    await choose(page, notice, "Loại giấy", row["death_notice.kind"])
    await notice.get_by_label(label("Số giấy")).fill(row["death_notice.number"])
    await notice.get_by_label(label("Ngày cấp")).fill(row["death_notice.date"])
    await notice.get_by_label(label("Cơ quan cấp")).fill(row["death_notice.issuer"])

    copies = section(page, "Đề nghị cấp bản sao")
    await copies.get_by_label(label("Đề nghị cấp bản sao trích lục")).check()
    await copies.get_by_label(label("Số lượng bản sao")).fill(row["copies"])

    head = "residence_removal.household_head"
    removal = section(page, "Thông tin xóa đăng ký thường trú")
    await removal.get_by_label(label("Họ, chữ đệm, tên chủ hộ")).fill(row[f"{head}.full_name"])
    await removal.get_by_label(label("Số định danh cá nhân của chủ hộ")).fill(row[f"{head}.personal_id"])
    await autocomplete(page, removal, "Quan hệ của người chết với chủ hộ", row[f"{head}.relationship"])
    # The requester receives the funeral allowance (ticked by default).
    await section(page, "Người nhận mai táng phí").get_by_label(label("Là người yêu cầu")).check()

    # 3 Xem lại các tờ khai chi tiết, 4 Đính kèm thành phần hồ sơ: “Chọn tệp tin” opens a menu
    # whose first item opens the file chooser.
    await lien_thong_next(page, "Xem lại các tờ khai chi tiết")
    await lien_thong_next(page, "Đính kèm thành phần hồ sơ")
    document = page.get_by_role("row").filter(
        has_text="Bản chụp Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử"
    )
    await document.get_by_role("button", name="Chọn tệp tin").click()
    async with page.expect_file_chooser() as chooser:
        await page.get_by_role("menuitem", name="Tải tệp lên từ máy tính").click()
    await (await chooser.value).set_files(folder / row["attachments.death_notice"])
    await expect(document.get_by_text(Path(row["attachments.death_notice"]).name)).to_be_visible()

    # 5 Lựa chọn hình thức nhận kết quả: the default delivery, the pledge and the captcha
    await lien_thong_next(page, "Lựa chọn hình thức nhận kết quả")
    await page.get_by_label(re.compile(r"^Tôi cam đoan")).check()
    captcha_id = await page.locator("img[data-captcha-id]").get_attribute("data-captcha-id")
    await page.get_by_label(label("Nhập mã kiểm tra")).fill(await captcha_answer(urls, captcha_id or ""))
    await page.get_by_role("button", name="Hoàn thành").click()

    # 6 Hoàn thành: “Số hồ sơ: <strong>…</strong>”
    await expect(
        page.get_by_text("Vui lòng ghi nhớ các thông tin bên dưới để theo dõi tình hình xử lý")
    ).to_be_visible()
    code = page.locator("p", has_text="Số hồ sơ:").locator("strong")
    return (await code.inner_text()).strip()


async def captcha_answer(urls: dict[str, str], challenge: str) -> str:
    """The mock tells a test the answer to its captcha (a person would read the picture)."""
    async with httpx.AsyncClient(base_url=urls["dvcqg"]) as client:
        response = await client.get(f"/__admin/captcha/{challenge}")
        response.raise_for_status()
        return str(response.json()["answer"])


# ---- the national portal: đăng ký khai tử by its national route ---------------------------------
# Since 2025 the Hanoi procedures are filed through dichvucong.gov.vn; death registration is ONE
# SurveyJS-style page there (the agent's flows/national/dang-ky-khai-tu.yaml). Sign-in is VNeID:
# password, then dialogs over the same page for the SMS OTP, consent and the passcode.

#: VNeID sends one OTP per phone: a worker signing in while another waits for its SMS would
#: replace that one's code, so the workers of one process sign in one after another.
VNEID_TURN = asyncio.Lock()


async def national_sign_in(page: Page, urls: dict[str, str], account: dict[str, str]) -> None:
    async with VNEID_TURN:
        await page.goto(urls["dvcqg"] + "/")
        await page.get_by_role("link", name="Đăng nhập", exact=True).click()
        await page.get_by_role("link", name=re.compile(r"^Tài khoản định danh điện tử \(VNeID\)")).click()
        await page.get_by_label("Số định danh cá nhân").fill(account["username"])
        await page.get_by_label("Mật khẩu").fill(account["password"])
        await page.get_by_role("button", name="Đăng nhập", exact=True).click()
        otp = page.get_by_role("dialog", name="Nhập mã xác nhận")
        await expect(otp).to_be_visible()  # shown once the SMS is sent
        await otp.get_by_label("Mã xác nhận (OTP)").fill(await sms_otp(urls, account["phone"]))
        await otp.get_by_role("button", name="Xác nhận", exact=True).click()
        consent = page.get_by_role("dialog", name="Xác nhận chia sẻ thông tin")
        await consent.get_by_label("Tôi đã đọc và hiểu rõ nội dung mục đích").check()
        await consent.get_by_role("button", name="Xác nhận chia sẻ").click()
        passcode = page.get_by_role("dialog", name="Nhập passcode")
        await passcode.get_by_label("Passcode").fill(account["passcode"])
        await passcode.get_by_role("button", name="Xác nhận", exact=True).click()
        await expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def panel(page: Page, title: str) -> Locator:
    """A SurveyJS panel under its title (the page also renders a hidden copy for mobiles)."""
    return page.locator(".sd-root-modern:not([hidden]) .sd-panel").filter(
        has=page.locator(".sd-panel__title", has_text=label(title))
    )


def question(page: Page, scope: Locator, title: str) -> Locator:
    """A question by its title: SurveyJS binds no label to its box."""
    return scope.locator(".sd-question").filter(has=page.locator(".sd-title", has_text=label(title)))


async def survey_fill(page: Page, scope: Locator, title: str, value: str) -> None:
    await question(page, scope, title).locator("input").fill(value)


def unit(value: str) -> re.Pattern[str]:
    """An administrative unit as the page's lists name it: “Hà Nội” is “Thành phố Hà Nội”."""
    return re.compile(rf"^(Thành phố|Tỉnh|Phường|Xã|Đặc khu) {re.escape(value)}$")


async def survey_choose(page: Page, box: Locator, value: str | re.Pattern[str]) -> None:
    """A SurveyJS dropdown: a click opens it, its list arrives after a placeholder item; click
    the item with that text."""
    await box.locator(".sd-dropdown").click()
    await box.locator(".sv-list__item").get_by_text(value, exact=True).click()


async def file_dang_ky_khai_tu_national(
    page: Page, urls: dict[str, str], row: dict[str, str], folder: Path
) -> str:
    # The procedure page: the agency is the People's Committee of the deceased's last residence.
    await page.goto(urls["dvcqg"] + "/thu-tuc-hanh-chinh/019d2bfd-3fac-7489-b53b-9c6c958f2da4")
    await page.get_by_role("button", name="-- Chọn Tỉnh/ Thành phố --").click()
    await page.get_by_role("listbox").get_by_text(unit(row["last_residence.address.province"])).click()
    await page.get_by_role("button", name="-- Chọn Phường/ Xã --").click()
    await page.get_by_role("listbox").get_by_text(unit(row["last_residence.address.commune"])).click()
    await page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    await (
        page.locator(".agency-card", has_text="Ủy ban nhân dân")
        .get_by_role("button", name="Nộp trực tuyến")
        .click()
    )
    await expect(page.get_by_role("heading", name="THÔNG TIN NGƯỜI ĐÃ CHẾT")).to_be_visible()

    # The requester's name and ID are the account's, read-only. The deceased's name, ID and date
    # of birth look them up in the population database once the birth date is left: it fills
    # and locks sex, ethnicity, nationality, identity paper and last residence (a spinner meanwhile).
    requester = panel(page, "THÔNG TIN NGƯỜI YÊU CẦU")
    deceased = panel(page, "THÔNG TIN NGƯỜI ĐÃ CHẾT")
    await survey_fill(page, deceased, "Họ, chữ đệm, tên", row["deceased.full_name"])
    await survey_fill(page, deceased, "Số định danh cá nhân", row["deceased.personal_id"])
    await survey_fill(page, deceased, "Ngày, tháng, năm sinh", row["deceased.date_of_birth"])
    await survey_fill(page, requester, "Quan hệ với người đã chết", row["requester_relationship"])
    await expect(question(page, deceased, "Giới tính").locator(".sd-input--readonly")).to_be_visible()

    death = panel(page, "THÔNG TIN VỀ VIỆC CHẾT")
    hour, minute = row["death.time"].split(":")
    await survey_fill(page, death, "Ngày chết", row["death.date"])
    await survey_fill(page, death, "Giờ chết", hour)
    await survey_fill(page, death, "Phút chết", minute)
    await question(page, death, "Nơi chết").get_by_text("Trong nước", exact=True).click()
    province = question(page, death, "Tỉnh/Thành phố")
    await expect(province).to_be_visible()  # shown a moment after the choice
    ward = question(page, death, "Phường/Xã")
    # choosing the province rebuilds the ward's dropdown (emptied) a moment later: wait for that
    old_ward = await ward.locator(".sd-dropdown").element_handle()
    await survey_choose(page, province, unit(row["death.place.province"]))
    await page.wait_for_function("box => !box.isConnected", arg=old_ward)
    await survey_choose(page, ward, unit(row["death.place.commune"]))
    await survey_fill(page, death, "Địa chỉ chi tiết", row["death.place.detail"])
    await survey_fill(page, death, "Nguyên nhân chết", row["death.cause"])

    # The sample deaths are all more than 15 days old: a late registration.
    await survey_choose(page, question(page, panel(page, "LOẠI ĐĂNG KÝ"), "Loại đăng ký"), "Đăng ký quá hạn")
    notice = panel(page, "GIẤY BÁO TỬ")
    await survey_choose(page, question(page, notice, "Loại giấy báo tử"), row["death_notice.kind"])
    await survey_fill(page, notice, "Số giấy báo tử", row["death_notice.number"])
    await survey_fill(page, notice, "Ngày cấp", row["death_notice.date"])
    await survey_fill(page, notice, "Cơ quan cấp", row["death_notice.issuer"])
    copies = panel(page, "ĐỀ NGHỊ CẤP BẢN SAO")
    await survey_fill(page, copies, "Số lượng bản sao (điền 0 nếu không cần)", row["delivery.copies"])

    # Thành phần hồ sơ: each row's “Tải lên file” opens the one file input of the page.
    document = page.get_by_role("row").filter(has_text="Giấy báo tử hoặc giấy tờ thay Giấy báo tử")
    async with page.expect_file_chooser() as chooser:
        await document.get_by_role("button", name="Tải lên file").click()
    await (await chooser.value).set_files(folder / row["attachments.death_notice"])
    await expect(document.get_by_text(Path(row["attachments.death_notice"]).name)).to_be_visible()

    await page.locator(".result-method .cc-select-selector").click()
    await page.locator(".cc-select-item", has_text=row["delivery.method"]).click()
    await page.get_by_role("button", name="Lưu và nộp hồ sơ").click()
    await expect(page.get_by_role("heading", name="Nộp hồ sơ thành công")).to_be_visible()
    code = page.locator("p", has_text="Mã hồ sơ:").locator("strong")
    return (await code.inner_text()).strip()


async def sms_otp(urls: dict[str, str], phone: str) -> str:
    """The mock's SMS inbox gives a test the OTP VNeID sent (a person would read their phone)."""
    async with httpx.AsyncClient(base_url=urls["dvcqg"]) as client:
        response = await client.get("/__admin/sms", params={"to": phone})
        response.raise_for_status()
        return str([m for m in response.json() if m["code"] and m["purpose"] == "vneid_login"][-1]["code"])


# ---- the run -------------------------------------------------------------------------------------

Filer = Callable[[Page, dict[str, str], dict[str, str], Path], Awaitable[str]]
SignIn = Callable[[Page, dict[str, str], dict[str, str]], Awaitable[None]]  # page, urls, account


async def _hanoi_sign_in(page: Page, urls: dict[str, str], account: dict[str, str]) -> None:
    await hanoi_sign_in(page, urls["hanoi"], account["username"], account["password"])


async def _lien_thong_sign_in(page: Page, urls: dict[str, str], account: dict[str, str]) -> None:
    await lien_thong_sign_in(page, urls, account["username"], account["password"])


#: By the name `bench.compare` passes: the procedure, or `procedure@route` for another route.
PROCEDURES: dict[str, tuple[SignIn, Filer]] = {
    "dang-ky-khai-tu": (_hanoi_sign_in, file_dang_ky_khai_tu),
    "lien-thong-khai-tu": (_lien_thong_sign_in, file_lien_thong_khai_tu),
    "dang-ky-khai-tu@national": (national_sign_in, file_dang_ky_khai_tu_national),
}


async def worker(
    n: int,
    browser: Browser,
    procedure: str,
    queue: asyncio.Queue[dict[str, str]],
    accounts: dict[str, dict[str, str]],
    folder: Path,
    out: list[dict],
) -> None:
    sign_in, file_one = PROCEDURES[procedure]
    urls = portals()
    context = await browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    started = time.time()  # the worker's sign-in is charged to its first row
    signed_in = False
    try:
        while True:
            try:
                row = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            record: dict = {"row_id": row.get("row_id", ""), "worker": n, "start": started}
            try:
                if not signed_in:
                    account = accounts[row.get("account") or "citizen-a"]
                    await sign_in(page, urls, account)
                    signed_in = True
                record["code"] = await file_one(page, urls, row, folder)
            except Exception as exc:
                line = traceback.extract_tb(exc.__traceback__)
                where = next((f"line {f.lineno}" for f in reversed(line) if f.filename == __file__), "")
                said = str(exc).splitlines()[0] if str(exc) else ""
                record["error"] = f"{type(exc).__name__} at {where}: {said}"
            record["end"] = started = time.time()
            out.append(record)
    finally:
        await context.close()


async def run(
    rows_csv: Path, procedure: str, workers: int, credentials: Path, timings: Path | None
) -> list[dict]:
    with rows_csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    accounts = yaml.safe_load(credentials.read_text(encoding="utf-8"))["accounts"]
    queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    for row in rows:
        queue.put_nowait(row)
    out: list[dict] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            await asyncio.gather(
                *(
                    worker(n, browser, procedure, queue, accounts, rows_csv.parent, out)
                    for n in range(workers)
                )
            )
        finally:
            await browser.close()
    if timings is not None:
        timings.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", type=Path)
    parser.add_argument("--procedure", default="dang-ky-khai-tu", choices=sorted(PROCEDURES))
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--credentials", type=Path, required=True)
    parser.add_argument("--timings", type=Path)
    args = parser.parse_args(argv)
    out = asyncio.run(run(args.rows, args.procedure, args.workers, args.credentials, args.timings))
    failed = [r for r in out if "error" in r]
    for r in failed:
        print(f"{r['row_id']}: {r['error']}", file=sys.stderr)
    print(f"{len(out) - len(failed)} filed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
