"""HTTP-level helpers for mock-portal tests: sign in like a browser, walk the wizard."""

from __future__ import annotations

import re
import weakref
from datetime import date, timedelta

import httpx

from fixtures.mock_portal.store import today_vn

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CITIZEN_A = ("001090012345", "MatKhau@123")
CITIZEN_B = ("001195054321", "MatKhau@456")


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def hidden(html: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]*)"', html)
    return m.group(1) if m else ""


def client() -> httpx.Client:
    return httpx.Client(follow_redirects=True, timeout=15)


def open_login_page(portal, c: httpx.Client, way: str = "dvcqg") -> httpx.Response:
    return c.get(portal.url("hanoi", f"/dang-nhap/cong-dan/{way}"))


def submit_login(
    c: httpx.Client, page: httpx.Response, username: str, password: str, captcha: str | None = None
) -> httpx.Response:
    data = {"csrf_token": csrf(page.text), "username": username, "password": password}
    for key in ("client_id", "redirect_uri", "state", "captcha_id"):
        data[key] = hidden(page.text, key)
    if captcha is not None:
        data["captcha"] = captcha
    return c.post(str(page.url).split("?")[0], data=data)


def login(
    portal,
    c: httpx.Client | None = None,
    username: str = CITIZEN_A[0],
    password: str = CITIZEN_A[1],
    way: str = "dvcqg",
) -> httpx.Client:
    c = c or client()
    page = open_login_page(portal, c, way)
    response = submit_login(c, page, username, password)
    assert response.status_code == 200 and "Đăng xuất" in response.text, response.text[-800:]
    return c


def ddmmyyyy(d: date) -> str:
    return d.strftime("%d/%m/%Y")


TODAY = today_vn()  # the portal's date, not the machine's (they differ after 17:00 UTC)

PERSON_A = {
    "HoTen": "Nguyễn Văn An",
    "NgaySinh": "15/03/1990",
    "GioiTinh": "Nam",
    "DanToc": "Kinh",
    "QuocTich": "Việt Nam",
    "SoDinhDanh": "001090012345",
}


def person(prefix: str, **over) -> dict:
    base = {**PERSON_A, **over}
    return {prefix + k: v for k, v in base.items()}


def spouse(prefix: str, name: str, dob: str, sex: str, pid: str) -> dict:
    return {
        **person(prefix, HoTen=name, NgaySinh=dob, GioiTinh=sex, SoDinhDanh=pid),
        f"{prefix}LoaiGiayTo": "Căn cước công dân",
        f"{prefix}SoGiayTo": pid,
        f"{prefix}NgayCapGiayTo": "10/05/2021",
        f"{prefix}NoiCapGiayTo": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        f"{prefix}LoaiCuTru": "Thường trú",
        f"{prefix}Tinh": "Hà Nội",
        f"{prefix}Xa": "Ba Đình",
        f"{prefix}DiaChi": "Số 1 phố Điện Biên Phủ",
        f"{prefix}LanKetHon": "1",
    }


DECLARATIONS = {
    "xac-nhan-tinh-trang-hon-nhan": {
        **person("nyc"),
        "nycQuanHe": "Bản thân",
        **person("ndc"),
        "tthnTinhTrang": "Hiện tại chưa đăng ký kết hôn với ai",
        "mucDich": "Bổ sung hồ sơ mua bán đất",
    },
    "dang-ky-lai-khai-sinh": {
        **person("nyc"),
        "nycQuanHe": "Bản thân",
        **person("nks"),
        "nksNoiSinhTinh": "Hà Nội",
        "nksNoiSinhXa": "Hoàn Kiếm",
        "nksNoiSinhDiaChi": "Bệnh viện Việt Đức",
        "nksQueQuanTinh": "Nghệ An",
        "dkTruocCoQuan": "UBND phường Hàng Trống",
        "dkTruocTinh": "Hà Nội",
        "dkTruocSo": "123",
        "dkTruocQuyenSo": "01/1990",
        "dkTruocNgay": "20/03/1990",
    },
    "dang-ky-ket-hon": {
        **spouse("Nu", "Trần Thị Bình", "20/08/1995", "Nữ", "001195054321"),
        **spouse("Nam", "Nguyễn Văn An", "15/03/1990", "Nam", "001090012345"),
    },
    "dang-ky-lai-ket-hon": {
        **spouse("Nu", "Trần Thị Bình", "20/08/1995", "Nữ", "001195054321"),
        **spouse("Nam", "Nguyễn Văn An", "15/03/1990", "Nam", "001090012345"),
        "dkTruocCoQuan": "UBND phường Ba Đình",
        "dkTruocTinh": "Hà Nội",
        "dkTruocSo": "45",
        "dkTruocQuyenSo": "02/2018",
        "dkTruocNgay": "12/06/2018",
    },
    "dang-ky-khai-tu": {
        "nycQuanHe": "Con",
        **person("ndk", HoTen="Nguyễn Văn Ba", NgaySinh="1940", SoDinhDanh="001040000001"),
        "ndkCuTruLoaiCuTru": "Thường trú",
        "ndkCuTruTinh": "Hà Nội",
        "ndkCuTruXa": "Ba Đình",
        "ndkCuTruDiaChi": "Số 1 phố Điện Biên Phủ",
        "ndkNgayChet": ddmmyyyy(TODAY - timedelta(days=3)),
        "ndkGioChet": "08:30",
        "ndkNguyenNhan": "Bệnh già",
        "ndkNoiChetTinh": "Hà Nội",
        "ndkNoiChetXa": "Bạch Mai",
        "ndkNoiChetDiaChi": "Bệnh viện Bạch Mai",
        "ndkLoaiDangKy": "Đăng ký đúng hạn",
        "gbtLoai": "Giấy báo tử",
        "gbtSo": "01/BV-GBT",
        "gbtNgayCap": ddmmyyyy(TODAY - timedelta(days=2)),
        "gbtCoQuan": "Bệnh viện Bạch Mai",
    },
}
REQUIRED_DOCS = {
    "xac-nhan-tinh-trang-hon-nhan": ["id_card"],
    "dang-ky-lai-khai-sinh": ["old_birth_certificate"],
    "dang-ky-ket-hon": ["bride_id", "groom_id"],
    "dang-ky-lai-ket-hon": ["old_marriage_certificate", "bride_id", "groom_id"],
    "dang-ky-khai-tu": ["death_notice"],
}
APPLICANT = {
    "chsNgayCap": "10/05/2021",
    "chsNoiCap": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    "chsDienThoai": "0912345678",
    "chsEmail": "an@example.com",
    "chsTinh": "Hà Nội",
    "chsXa": "Ba Đình",
    "chsDiaChi": "Số 1 phố Điện Biên Phủ",
}
DELIVERY = {"htNhanKetQua": "Trả kết quả tại bộ phận tiếp nhận và trả kết quả", "soBanSao": "1"}


#: per client: the wizard path of the filing each procedure was last started in
_CURRENT: weakref.WeakKeyDictionary[httpx.Client, dict[str, str]] = weakref.WeakKeyDictionary()


def start_filing(portal, c: httpx.Client, slug: str) -> str:
    """Follow “Nộp hồ sơ”: a new draft; returns its wizard path `/nop-ho-so/<slug>/<draft id>`."""
    page = c.get(portal.url("hanoi", f"/nop-ho-so/{slug}"))
    assert page.status_code == 200 and "Thông tin chung" in page.text, page.text[-800:]
    m = re.fullmatch(rf"/nop-ho-so/{re.escape(slug)}/([0-9a-f]{{12}})/buoc-1", page.url.path)
    assert m, page.url
    path = f"/nop-ho-so/{slug}/{m.group(1)}"
    _CURRENT.setdefault(c, {})[slug] = path
    return path


def wizard(portal, c: httpx.Client, where: str) -> str:
    """A wizard path as is, or for a slug the client's current filing (started if none)."""
    if where.startswith("/"):
        return where
    return _CURRENT.get(c, {}).get(where) or start_filing(portal, c, where)


def post_step(portal, c: httpx.Client, where: str, step: int, data: dict, files=None, action="next"):
    """GET the step (for its CSRF token), then POST it; `where` = slug or a wizard path."""
    base = wizard(portal, c, where)
    page = c.get(portal.url("hanoi", f"{base}/buoc-{step}"))
    return c.post(
        portal.url("hanoi", f"{base}/buoc-{step}"),
        data={"csrf_token": csrf(page.text), "action": action, **data},
        files=files,
    )


def fill_to_review(
    portal, c: httpx.Client, where: str, declaration: dict | None = None, delivery: dict | None = None
) -> httpx.Response:
    """A whole filing up to the review page; a slug starts a new filing, a path continues one."""
    base = where if where.startswith("/") else start_filing(portal, c, where)
    slug = base.split("/")[2]
    steps = [
        (1, {"doiTuong": "Làm thủ tục cho bản thân"}, None),
        (2, APPLICANT, None),
        (3, declaration or DECLARATIONS[slug], None),
        (4, {}, [(f"file_{k}", (f"{k}.pdf", PDF, "application/pdf")) for k in REQUIRED_DOCS[slug]]),
        (5, delivery or DELIVERY, None),
    ]
    response = None
    for step, data, files in steps:
        response = post_step(portal, c, base, step, data, files)
        assert response.status_code == 200, (step, response.status_code, response.text[-1500:])
    assert "Kiểm tra lại thông tin" in response.text and response.url.path == f"{base}/kiem-tra"
    return response


def submit(portal, c: httpx.Client, where: str, review: httpx.Response, **kw) -> httpx.Response:
    """Press “Nộp hồ sơ” on a review page: POST to the page's own form action."""
    action = re.search(r'<form method="post" action="([^"]+/nop)"', review.text).group(1)
    return c.post(portal.url("hanoi", action), data={"csrf_token": csrf(review.text)}, **kw)
