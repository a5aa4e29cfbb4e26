"""Every string shared/reference/real-markup.md quotes for the liên thông SPA (§6, §7 “Angular”,
§8 “Liên thông”) and VNeID's sign-in (§2) is in what the mock serves for those pages: the SPA is
drawn in the browser from its shell, scripts and form specs, so those are read; VNeID's stages are
read page by page, each from the sign-in page it is a dialog of."""

from __future__ import annotations

import html
import re

import httpx

from .helpers import CITIZEN_A, OTP_PURPOSE, start

LIENTHONG = (
    "Dịch vụ công liên thông: Khai sinh, Khai tử",
    "#/ke-khai/",
    "Liên thông đăng ký khai tử, xóa đăng ký thường trú, trợ cấp mai táng phí",
    "Lựa chọn cơ quan thực hiện",
    "Chuyển bước tiếp theo",
    "Kê khai",
    "Xác thực với CSDLQG về dân cư",
    "Xem lại các tờ khai chi tiết",
    "mã kiểm tra",
    "Hoàn thành",
    "Vui lòng ghi nhớ các thông tin bên dưới để theo dõi tình hình xử lý",
    "Số hồ sơ: ",
    "Ngày hẹn trả dự kiến",
    "Ngày/Tháng/Năm",
    "Ngày/Tháng/Năm giờ:phút",
    "Tháng/Năm",
    "Đang tải",
    "Không có",
    "Tên giấy tờ",
    "Số bản",
    "Tệp tin",
    "Chọn tệp tin",
    "fileDinhKem",
    "Tổng dung lượng file của 1 loại giấy tờ không được quá 2.6MB",
    "account_name",
)
VNEID = {
    "login": ("Đăng nhập", "Quét mã QR"),
    "otp": ("Nhập mã xác nhận", "Mã xác nhận đăng nhập", "Xác nhận"),
    "consent": (
        "Tôi đã đọc và hiểu rõ nội dung mục đích",
        "quyền, nghĩa vụ của chủ thể dữ liệu",
        "Xác nhận chia sẻ",
    ),
    "passcode": ("Nhập passcode", "Xác nhận"),
}


def test_the_spa_serves_every_quoted_string(mock_portal):
    with httpx.Client(base_url=mock_portal.url("lienthong"), timeout=10) as client:
        served = [
            client.get(path).text
            for path in ("/", "/static/national/lienthong.js", "/static/real/widgets.js")
        ]
        served += [client.get(f"/api/thu-tuc/{code}/bieu-mau").text for code in ("2.000986", "1.006714")]
    everything = html.unescape("\n".join(served))
    missing = [s for s in LIENTHONG if s not in everything]
    assert not missing, missing
    assert "aria-busy" not in served[0] + served[1]  # no readiness flag on the SPA
    assert "thành công" not in re.sub(
        r"Lưu nháp thành công", "", served[1]
    )  # the result screen never says so


def test_each_vneid_stage_shows_its_quoted_strings_on_the_sign_in_page(mock_portal):
    flow = start(mock_portal)
    pages = {"login": flow.text}
    flow.post("/dang-nhap", so_dinh_danh=CITIZEN_A["personal_id"], mat_khau=CITIZEN_A["password"])
    pages["otp"] = flow.text
    flow.post("/xac-thuc-otp", otp=mock_portal.latest_otp(CITIZEN_A["phone"], OTP_PURPOSE))
    pages["consent"] = flow.text
    flow.post("/chia-se", dong_y="1", action="accept")
    pages["passcode"] = flow.text
    for stage, text in pages.items():
        shown = html.unescape(text)
        assert [s for s in VNEID[stage] if s not in shown] == [], stage
        assert "aria-busy" not in text
        if stage != "login":  # a dialog over the sign-in form, on the sign-in page's own URL
            assert 'role="dialog"' in text and 'aria-modal="true"' in text and 'action="/dang-nhap"' in text
    assert str(flow.response.url).endswith("/dang-nhap")
    assert 'type="number" inputmode="numeric" autocomplete="off"' in pages["passcode"]
