"""HTTP-level helpers: sign in through VNeID like a browser would (real redirects, real forms)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import httpx

CITIZEN_A = {
    "personal_id": "001090012345",
    "password": "MatKhau@123",
    "phone": "0912345678",
    "passcode": "123456",
    "full_name": "Nguyễn Văn An",
}
CITIZEN_B = {
    "personal_id": "001195054321",
    "password": "MatKhau@456",
    "phone": "0987654321",
    "passcode": "654321",
    "full_name": "Trần Thị Bình",
}
OTP_PURPOSE = "vneid_login"


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', page
    )
    assert found, "page carries no CSRF token"
    return found.group(1)


def link_to(page: str, pattern: str) -> str:
    found = re.search(r'href="([^"]*' + pattern + r'[^"]*)"', page)
    assert found, f"no link matching {pattern!r}"
    return html.unescape(found.group(1))


def alert_text(page: str) -> str:
    found = re.search(r'role="alert"[^>]*>(.*?)</div>', page, re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1)) if found else ""


@dataclass
class Flow:
    """One browser-like client walking the VNeID pages."""

    client: httpx.Client
    portal: object
    response: httpx.Response

    @property
    def text(self) -> str:
        return self.response.text

    def post(self, path: str, **data) -> httpx.Response:
        data["csrf_token"] = csrf_of(self.text)
        self.response = self.client.post(self.portal.url("vneid", path), data=data, follow_redirects=True)
        return self.response


def start(portal, site: str = "lienthong", next_url: str = "#/") -> Flow:
    """Open the site's “Đăng nhập” chooser and pick VNeID; returns the flow on the login page."""
    client = httpx.Client(timeout=10)
    chooser = client.get(portal.url(site, "/dang-nhap"), params={"next": next_url})
    assert chooser.status_code == 200
    response = client.get(link_to(chooser.text, "/auth\\?"), follow_redirects=True)
    return Flow(client, portal, response)


def sign_in(portal, who: dict = CITIZEN_A, site: str = "lienthong", next_url: str = "#/") -> Flow:
    """Walk every step: password, OTP from the SMS inbox, consent, passcode → back on the site."""
    flow = start(portal, site, next_url)
    flow.post("/dang-nhap", so_dinh_danh=who["personal_id"], mat_khau=who["password"])
    flow.post("/xac-thuc-otp", otp=portal.latest_otp(who["phone"], OTP_PURPOSE))
    flow.post("/chia-se", dong_y="1", action="accept")
    flow.post("/passcode", passcode=who["passcode"])
    assert str(flow.response.url).startswith(portal.url(site)), flow.response.url
    return flow


def api_client(portal, who: dict = CITIZEN_A) -> httpx.Client:
    """A liên thông API client holding the bearer token the SPA would get (and the cookie)."""
    flow = sign_in(portal, who)
    client = flow.client  # flow.text is the SPA shell it landed on
    token = client.post(portal.url("lienthong", "/api/phien"), headers={"X-CSRF-Token": csrf_of(flow.text)})
    assert token.status_code == 200, token.text
    client.base_url = portal.url("lienthong")
    client.headers["Authorization"] = "Bearer " + token.json()["access_token"]
    return client


# --- valid answers for each step (what a careful citizen types) --------------------------------
def recent(days: int) -> str:
    from datetime import timedelta

    from fixtures.mock_portal.store import today_vn

    return (today_vn() - timedelta(days=days)).strftime("%d/%m/%Y")


KS_AGENCY = {
    "IsNuocNgoai": "Không có yếu tố nước ngoài",
    "CqTinh": "Hà Nội",
    "CqXa": "Ba Đình",
    "DkksTruongHop": "Đã xác định được cả cha lẫn mẹ",
    "CqdkttIsDkks": "Có",
    "DkttTruongHop": "Con về với cha, mẹ; cha, mẹ là chủ sở hữu chỗ ở hợp pháp",
    "IsCapTheCanCuoc": "Không",
}
KS_DECLARATION = {
    "NycHoTen": "Nguyễn Văn An",
    "NycSoGiayto": "001090012345",
    "NycQuanHe": "Cha",
    "NycSoDienThoai": "0912345678",
    "NycEmail": "an@example.vn",
    "Ho": "Nguyễn",
    "ChuDem": "Minh",
    "Ten": "Khang",
    "NgaySinh": recent(20),
    "GioiTinh": "Nam",
    "MaDanToc": "Kinh",
    "MaQuocTich": "Việt Nam",
    "NsTinh": "Hà Nội",
    "NsXa": "Đống Đa",
    "NsDiaChi": "Bệnh viện Phụ sản Hà Nội",
    "QqTinh": "Hà Nội",
    "MeHo": "Trần",
    "MeChuDem": "Thị",
    "MeTen": "Hoa",
    "MeNgaySinh": "02/05/1992",
    "MeMaDanToc": "Kinh",
    "MeMaQuocTich": "Việt Nam",
    "MeSoGiayTo": "001192012345",
    "MeLoaiCuTru": "Thường trú",
    "MeCtTinh": "Hà Nội",
    "MeCtXa": "Ba Đình",
    "MeCtDiaChi": "Số 1 phố Điện Biên Phủ",
    "ChaHo": "Nguyễn",
    "ChaChuDem": "Văn",
    "ChaTen": "An",
    "ChaNgaySinh": "15/03/1990",
    "ChaMaDanToc": "Kinh",
    "ChaMaQuocTich": "Việt Nam",
    "ChaSoGiayTo": "001090012345",
    "ChaLoaiCuTru": "Thường trú",
    "ChaCungNoiCuTru": "Có",
    "GiayCNKHSo": "12",
    "GiayCNKHQuyenSo": "01/2015",
    "GiayCNKHNgayCap": "10/10/2015",
    "GiayCNKHNoiCap": "UBND phường Ba Đình",
    "LoaiXacNhan": "Tờ khai thay đổi thông tin cư trú (CT01)",
    "ChuHoHoTen": "Nguyễn Văn An",
    "ChuHoSoDinhDanh": "001090012345",
    "ChuHoQuanHe": "Con",
    "DkttTinh": "Hà Nội",
    "DkttXa": "Ba Đình",
    "DkttDiaChi": "Số 1 phố Điện Biên Phủ",
    "BhytNoiKcb": "Bệnh viện Xanh Pôn",
    "CapBanSao": "Có",
    "BanSaoSoLuong": "2",
}
KT_AGENCY = {"CqTinh": "Hà Nội", "CqXa": "Hoàn Kiếm"}
KT_DECLARATION = {
    "NycHoTen": "Nguyễn Văn An",
    "NycSoGiayto": "001090012345",
    "NycQuanHe": "Con",
    "NycSoDienThoai": "0912345678",
    "NdktHo": "Nguyễn",
    "NdktChuDem": "Văn",
    "NdktTen": "Bình",
    "NdktNgaySinh": "1950",
    "NdktGioiTinh": "Nam",
    "NdktMaDantoc": "Kinh",
    "NdktMaQuoctich": "Việt Nam",
    "NdktSoDinhDanh": "001050001234",
    "NdktLoaiGiayto": "Căn cước công dân",
    "NdktSoGiayto": "001050001234",
    "NdktNgayCapGiayTo": "01/07/2021",
    "NdktNoiCapGiayTo": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    "NctccLoaiCutru": "Thường trú",
    "NctccTinh": "Hà Nội",
    "NctccXa": "Hoàn Kiếm",
    "NctccDiaChi": "Số 5 phố Hàng Bài",
    "NctccNgayChet": recent(5),
    "NguyenNhanChet": "Bệnh già",
    "NoichetTinh": "Hà Nội",
    "NoichetXa": "Hoàn Kiếm",
    "NoichetDiaChi": "Tại nhà",
    "GbtLoaiGiayto": "Giấy báo tử",
    "GbtSogiayto": "01/UBND-GBT",
    "GbtNgaycap": recent(4),
    "GbtNoicap": "UBND phường Hoàn Kiếm",
    "CapBanSao": "Không",
    "XoaChuhoHoten": "Nguyễn Văn An",
    "XoaChuhoGiayto": "001090012345",
    "XoaChuhoQuanhe": "Cha",
    "CanhanIsNyc": "Có",
}
DELIVERY = {"NhanKetQuaChinh": "Trả kết quả tại bộ phận tiếp nhận và trả kết quả", "CamDoan": "Có"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def new_draft(client, code: str) -> str:
    """Choose the procedure: a new filing with its own draft; returns the draft's API path."""
    made = client.post(f"/api/ho-so-nhap/{code}")
    assert made.status_code == 201, made.text
    return f"/api/ho-so-nhap/{code}/{made.json()['id']}"


def verify(client, draft: str, who: dict = CITIZEN_A):
    """“Xác thực với CSDLQG về dân cư” for the draft at API path `draft`."""
    code, draft_id = draft.split("/")[-2:]
    return client.post(
        "/api/dan-cu/xac-thuc",
        json={
            "procedure": code,
            "ho_so_nhap": draft_id,
            "ho_ten": who["full_name"],
            "so_dinh_danh": who["personal_id"],
        },
    )


def upload(client, draft: str, row: str, filename: str | None = None, data: bytes = PDF):
    return client.post(
        f"{draft}/tep/{row}", files={"file": (filename or f"{row}.pdf", data, "application/pdf")}
    )


def fill_until_delivery(
    client, code: str, agency: dict | None = None, declaration: dict | None = None, draft: str | None = None
) -> str:
    """Steps 1–5 of a new (or the given) draft with valid answers; returns the draft's API path."""
    khai_sinh = code == "2.000986"
    agency = agency or (KS_AGENCY if khai_sinh else KT_AGENCY)
    declaration = declaration or (KS_DECLARATION if khai_sinh else KT_DECLARATION)
    draft = draft or new_draft(client, code)
    assert client.post(f"{draft}/buoc/0", json={"values": agency}).status_code == 200
    assert verify(client, draft).status_code == 200
    step = client.post(f"{draft}/buoc/1", json={"values": declaration})
    assert step.status_code == 200, step.text
    assert client.post(f"{draft}/buoc/2", json={"values": {}}).status_code == 200
    for row in ("birth_certificate", "ct01") if khai_sinh else ("death_notice",):
        up = upload(client, draft, row)
        assert up.status_code == 200, up.text
    assert client.post(f"{draft}/buoc/3", json={"values": {}}).status_code == 200
    return draft


def finish(client, portal, draft: str) -> httpx.Response:
    """“Hoàn thành” with a correctly read captcha."""
    captcha = client.get("/api/captcha").json()
    return client.post(
        f"{draft}/nop",
        json={
            "values": DELIVERY,
            "captcha_id": captcha["captcha_id"],
            "captcha_answer": portal.captcha_answer(captcha["captcha_id"]),
        },
    )


def file_through_api(client, portal, code: str = "2.000986") -> dict:
    """Every step of a new filing of a procedure through the JSON API; returns the receipt."""
    done = finish(client, portal, fill_until_delivery(client, code))
    assert done.status_code == 200, done.text
    return done.json()
