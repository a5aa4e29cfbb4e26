"""The liên thông JSON API: one draft per filing, step validation, conditional sections, bearer
tokens, captcha, lookup, isolation between accounts, and clean 4xx answers to garbage."""

from __future__ import annotations

import hashlib
import re

import httpx
import pytest

from .helpers import (
    CITIZEN_A,
    CITIZEN_B,
    DELIVERY,
    KS_AGENCY,
    KS_DECLARATION,
    KT_AGENCY,
    KT_DECLARATION,
    PDF,
    api_client,
    csrf_of,
    file_through_api,
    fill_until_delivery,
    finish,
    new_draft,
    recent,
    sign_in,
    verify,
)

KS = "2.000986"
KT = "1.006714"


@pytest.fixture
def api(mock_portal):
    client = api_client(mock_portal)
    yield client
    client.close()


@pytest.fixture
def ks(api):
    """API path of a new khai sinh filing's draft (the procedure tile was chosen)."""
    return new_draft(api, KS)


@pytest.fixture
def kt(api):
    return new_draft(api, KT)


def errors_by_name(response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {e["name"]: e["message"] for e in response.json()["errors"]}


def test_khai_sinh_filed_through_api_lands_in_admin_with_fields_and_hashes(api, mock_portal):
    draft = fill_until_delivery(api, KS)
    done = finish(api, mock_portal, draft)
    assert done.status_code == 200, done.text
    receipt = done.json()
    assert re.fullmatch(r"G22\.99\.08-\d{6}-\d{6}", receipt["code"])
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", receipt["appointment_date"])
    dossier = mock_portal.dossier(receipt["code"])
    assert dossier["portal"] == "lienthong" and dossier["procedure"] == "lien-thong-khai-sinh"
    assert dossier["procedure_code"] == KS and dossier["status"] == "Mới đăng ký"
    assert dossier["account"] == CITIZEN_A["personal_id"]
    fields = {(f["section"], f["label"]): f["value"] for f in dossier["fields"]}
    assert fields[("Thông tin người được khai sinh", "Tên")] == "Khang"
    assert fields[("Thông tin người mẹ", "Ngày sinh")] == "02/05/1992"
    assert fields[("Cơ quan thực hiện", "Cơ quan thực hiện")] == "UBND Phường Ba Đình, Hà Nội"
    assert fields[("Đề nghị cấp bản sao", "Đề nghị cấp bản sao trích lục")] == "Có"
    # options are stored as the portal stores them: the text, and the option's code beside it
    codes = {f["name"]: (f["value"], f.get("code")) for f in dossier["fields"]}
    assert codes["CqTinh"] == ("Hà Nội", "01") and codes["CqXa"] == ("Ba Đình", "00324")
    assert codes["GioiTinh"] == ("Nam", "1") and codes["MeLoaiCuTru"] == ("Thường trú", "1")
    assert codes["MaDanToc"] == ("Kinh", "01") and codes["IsNuocNgoai"][1] == "0"
    assert codes["Ten"] == ("Khang", None)  # typed text has no code
    # father lives with the mother: his own address block is not part of the dossier
    assert not any(f["name"].startswith("ChaCt") for f in dossier["fields"])
    assert {f["step"] for f in dossier["fields"]} == {"Lựa chọn cơ quan thực hiện", "Kê khai"}
    sha = hashlib.sha256(PDF).hexdigest()
    assert [(a["row"], a["sha256"], a["size"]) for a in dossier["attachments"]] == [
        ("Bản chụp Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh", sha, len(PDF)),
        ("Tờ khai thay đổi thông tin cư trú (CT01)", sha, len(PDF)),
    ]
    assert dossier["delivery"]["method"] == DELIVERY["NhanKetQuaChinh"]
    # the draft is gone once filed (a second “Hoàn thành” cannot file twice); the list shows it
    assert api.get(draft).status_code == 404
    assert finish(api, mock_portal, draft).status_code == 404
    assert [d["code"] for d in api.get("/api/ho-so").json()] == [receipt["code"]]


def test_khai_tu_filed_through_api(api, mock_portal):
    receipt = file_through_api(api, mock_portal, KT)
    dossier = mock_portal.dossier(receipt["code"])
    fields = {(f["section"], f["label"]): f["value"] for f in dossier["fields"]}
    assert dossier["procedure"] == "lien-thong-khai-tu"
    assert fields[("Thông tin người chết", "Ngày sinh")] == "1950"
    assert fields[("Người nhận mai táng phí", "Là người yêu cầu")] == "Có"
    assert fields[("Giấy báo tử", "Số giấy")] == "01/UBND-GBT"
    cause = next(f for f in dossier["fields"] if f["name"] == "NguyenNhanChet")
    assert (cause["value"], cause["code"]) == ("Bệnh già", "01")


def test_death_cause_takes_a_typed_text_and_lists_come_with_codes(api, mock_portal):
    """“Nguyên nhân chết” offers a list but, like a taggable ng-select, takes any cause; the
    lists the ng-selects load carry their codes (sex 1/2, residence 1/2/3 as in portals.md)."""
    assert api.get("/api/danh-muc/sexes").json() == [
        {"code": "1", "name": "Nam"},
        {"code": "2", "name": "Nữ"},
    ]
    kinds = api.get("/api/danh-muc/residence_kinds").json()
    assert [(k["code"], k["name"]) for k in kinds] == [
        ("1", "Thường trú"),
        ("2", "Tạm trú"),
        ("3", "Nơi ở hiện tại"),
    ]
    assert api.get("/api/danh-muc/death_causes").json()[0] == {"code": "01", "name": "Bệnh già"}
    draft = fill_until_delivery(
        api, KT, declaration={**KT_DECLARATION, "NguyenNhanChet": "Tai biến mạch máu não"}
    )
    receipt = finish(api, mock_portal, draft).json()
    cause = next(f for f in mock_portal.dossier(receipt["code"])["fields"] if f["name"] == "NguyenNhanChet")
    assert cause["value"] == "Tai biến mạch máu não" and "code" not in cause
    refused = new_draft(api, KT)
    api.post(f"{refused}/buoc/0", json={"values": KT_AGENCY})
    verify(api, refused)
    bad = errors_by_name(
        api.post(f"{refused}/buoc/1", json={"values": {**KT_DECLARATION, "NdktGioiTinh": "Khác"}})
    )
    assert bad["NdktGioiTinh"] == "Giá trị không có trong danh sách"  # a closed ng-select list


def test_agency_step_validation(api, ks):
    bad = api.post(
        f"{ks}/buoc/0",
        json={"values": {**KS_AGENCY, "CqTinh": "", "CqXa": "", "IsNuocNgoai": "Có nước ngoài"}},
    )
    errors = errors_by_name(bad)
    assert errors["CqTinh"] == "Trường bắt buộc nhập" and "CqXa" in errors
    assert errors["IsNuocNgoai"] == "Giá trị không có trong danh sách"
    wrong_commune = api.post(f"{ks}/buoc/0", json={"values": {**KS_AGENCY, "CqXa": "Rạch Giá"}})  # An Giang's
    assert "CqXa" in errors_by_name(wrong_commune)
    # a refused step does not advance, and the next step cannot be reached by skipping
    assert api.get(f"{ks}").json()["step"] == 0
    assert api.post(f"{ks}/buoc/1", json={"values": {}}).status_code == 409
    ok = api.post(f"{ks}/buoc/0", json={"values": KS_AGENCY})
    assert ok.status_code == 200 and ok.json()["step"] == 1


def test_declaration_needs_verified_requester_and_valid_values(api, ks):
    api.post(f"{ks}/buoc/0", json={"values": KS_AGENCY})
    unverified = errors_by_name(api.post(f"{ks}/buoc/1", json={"values": KS_DECLARATION}))
    assert "CSDLQG" in unverified["NycSoGiayto"]
    mismatch = api.post(
        "/api/dan-cu/xac-thuc",
        json={
            "procedure": KS,
            "ho_so_nhap": ks.rsplit("/", 1)[1],
            "ho_ten": "Lê Văn Sai",
            "so_dinh_danh": CITIZEN_A["personal_id"],
        },
    )
    assert mismatch.status_code == 422 and "không khớp" in mismatch.json()["message"]
    assert verify(api, ks).status_code == 200
    bad = errors_by_name(
        api.post(
            f"{ks}/buoc/1",
            json={
                "values": {
                    **KS_DECLARATION,
                    "NycSoDienThoai": "12345",
                    "MeSoGiayTo": "0011920123",
                    "NgaySinh": "31/02/2025",
                    "MeNgaySinh": "1992-05-02",
                    "NsXa": "Không có xã này",
                }
            },
        )
    )
    assert bad["NycSoDienThoai"] == "Số điện thoại không hợp lệ"
    assert "12 chữ số" in bad["MeSoGiayTo"]
    assert "dd/mm/yyyy" in bad["NgaySinh"] and "dd/mm/yyyy" in bad["MeNgaySinh"]
    assert "NsXa" in bad
    too_old = errors_by_name(
        api.post(f"{ks}/buoc/1", json={"values": {**KS_DECLARATION, "NgaySinh": recent(7 * 365)}})
    )
    assert "dưới 6 tuổi" in too_old["NgaySinh"]
    future = errors_by_name(
        api.post(f"{ks}/buoc/1", json={"values": {**KS_DECLARATION, "NgaySinh": recent(-3)}})
    )
    assert "lớn hơn ngày hiện tại" in future["NgaySinh"]
    # changing the requester's ID after verification needs a new verification
    changed = errors_by_name(
        api.post(f"{ks}/buoc/1", json={"values": {**KS_DECLARATION, "NycSoGiayto": CITIZEN_B["personal_id"]}})
    )
    assert "CSDLQG" in changed["NycSoGiayto"]


def test_conditional_sections_follow_the_birth_case(api, ks):
    unknown_father = {**KS_AGENCY, "DkksTruongHop": "Chưa xác định được cha"}
    api.post(f"{ks}/buoc/0", json={"values": unknown_father})
    verify(api, ks)
    no_father = {k: v for k, v in KS_DECLARATION.items() if not k.startswith("Cha")}
    no_father = {k: v for k, v in no_father.items() if not k.startswith("GiayCNKH")}
    assert api.post(f"{ks}/buoc/1", json={"values": no_father}).status_code == 200
    review = api.get(f"{ks}/xem-lai").json()
    sections = {f["section"] for f in review["fields"]}
    assert "Thông tin người mẹ" in sections and "Thông tin người cha" not in sections
    # back to "both parents known": the father's block is required again
    api.put(f"{ks}", json={"step": 0, "values": {}})
    api.post(f"{ks}/buoc/0", json={"values": KS_AGENCY})
    father = errors_by_name(
        api.post(
            f"{ks}/buoc/1",
            json={
                "values": {
                    **{k: "" for k in KS_DECLARATION if k.startswith("Cha")},
                    "ChaCungNoiCuTru": "Không",
                }
            },
        )
    )
    assert {"ChaHo", "ChaTen", "ChaNgaySinh", "ChaSoGiayTo", "ChaCtTinh", "ChaCtXa"} <= set(father)
    # ticking "Cùng nơi cư trú với mẹ" removes the father's address fields from the rules
    same = errors_by_name(api.post(f"{ks}/buoc/1", json={"values": {"ChaCungNoiCuTru": "Có"}}))
    assert "ChaHo" in same and "ChaCtTinh" not in same


def test_allowance_recipient_block_opens_when_not_the_requester(api, kt):
    api.post(f"{kt}/buoc/0", json={"values": KT_AGENCY})
    verify(api, kt)
    other = errors_by_name(
        api.post(
            f"{kt}/buoc/1",
            json={"values": {**KT_DECLARATION, "CanhanIsNyc": "Không", "NctccNgayChet": "1949"}},
        )
    )
    assert {"NnmtpHoTen", "NnmtpSoDinhDanh", "NnmtpQuanheNguoichet"} <= set(other)
    assert "trước ngày sinh" in other["NctccNgayChet"]


def test_attachments_required_and_checked_by_content(api, ks, mock_portal):
    api.post(f"{ks}/buoc/0", json={"values": KS_AGENCY})
    verify(api, ks)
    api.post(f"{ks}/buoc/1", json={"values": KS_DECLARATION})
    api.post(f"{ks}/buoc/2", json={"values": {}})
    missing = errors_by_name(api.post(f"{ks}/buoc/3", json={"values": {}}))
    assert set(missing) == {"birth_certificate", "ct01"}
    disguised = api.post(
        f"{ks}/tep/ct01", files={"file": ("ct01.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")}
    )
    assert disguised.status_code == 415 and "định dạng" in disguised.json()["message"]
    unknown_row = api.post(f"{ks}/tep/khong-co", files={"file": ("a.pdf", PDF, "application/pdf")})
    assert unknown_row.status_code == 404


def test_captcha_must_match_and_is_single_use(api, ks, mock_portal):
    api.post(f"{ks}/buoc/0", json={"values": KS_AGENCY})
    verify(api, ks)
    api.post(f"{ks}/buoc/1", json={"values": KS_DECLARATION})
    api.post(f"{ks}/buoc/2", json={"values": {}})
    for row in ("birth_certificate", "ct01"):
        api.post(f"{ks}/tep/{row}", files={"file": ("x.pdf", PDF, "application/pdf")})
    api.post(f"{ks}/buoc/3", json={"values": {}})
    captcha = api.get("/api/captcha").json()
    assert "answer" not in captcha
    image = api.get(captcha["image_url"])
    assert image.status_code == 200 and image.headers["content-type"].startswith("image/svg")
    answer = mock_portal.captcha_answer(captcha["captcha_id"])
    wrong = api.post(
        f"{ks}/nop", json={"values": DELIVERY, "captcha_id": captcha["captcha_id"], "captcha_answer": "XXXXX"}
    )
    assert errors_by_name(wrong)["captcha"].startswith("Mã kiểm tra không đúng")
    reused = api.post(
        f"{ks}/nop", json={"values": DELIVERY, "captcha_id": captcha["captcha_id"], "captcha_answer": answer}
    )
    assert reused.status_code == 422  # a captcha is good for one try
    no_pledge = api.post(
        f"{ks}/nop",
        json={"values": {**DELIVERY, "CamDoan": "Không"}, "captcha_id": "x", "captcha_answer": "x"},
    )
    assert "cam đoan" in errors_by_name(no_pledge)["CamDoan"]
    assert mock_portal.dossiers() == []


def test_lookup_by_code_needs_captcha_and_shows_status(api, mock_portal):
    receipt = file_through_api(api, mock_portal, KS)
    public = httpx.Client(base_url=mock_portal.url("lienthong"))

    def lookup(code, right=True):
        c = public.get("/api/captcha").json()
        answer = mock_portal.captcha_answer(c["captcha_id"]) if right else "SAI00"
        return public.post(
            "/api/tra-cuu", json={"ma_ho_so": code, "captcha_id": c["captcha_id"], "captcha_answer": answer}
        )

    assert lookup(receipt["code"], right=False).status_code == 422
    found = lookup(receipt["code"]).json()
    assert found["status"] == "Mới đăng ký" and found["procedure_name"] == "Liên thông đăng ký khai sinh"
    assert "fields" not in found  # no personal data in a public lookup
    mock_portal.set_status(receipt["code"], 4, "Chuyển thẩm định")
    assert lookup(receipt["code"]).json()["status"] == "Đang xử lý"
    assert lookup("G22.99.08-000000-999999").status_code == 404


def test_one_account_cannot_read_anothers_dossier_or_draft(api, mock_portal, kt):
    receipt = file_through_api(api, mock_portal, KS)
    api.post(f"{kt}/buoc/0", json={"values": {"CqTinh": "Hà Nội", "CqXa": "Hoàn Kiếm"}})
    other = api_client(mock_portal, CITIZEN_B)
    assert api.get(f"/api/ho-so/{receipt['code']}").status_code == 200
    stolen = other.get(f"/api/ho-so/{receipt['code']}")
    assert stolen.status_code == 404 and "Không tìm thấy" in stolen.json()["message"]
    assert other.get("/api/ho-so").json() == []
    # A's draft id means nothing to B: not readable, writable, cancellable or fileable
    assert other.get(kt).status_code == 404
    assert other.put(kt, json={"step": 0, "values": {"CqXa": "Ba Đình"}}).status_code == 404
    assert other.post(f"{kt}/buoc/0", json={"values": KT_AGENCY}).status_code == 404
    assert other.delete(kt).status_code == 404
    assert (
        other.post(f"{kt}/tep/death_notice", files={"file": ("x.pdf", PDF, "application/pdf")}).status_code
        == 404
    )
    assert (
        other.post(
            "/api/dan-cu/xac-thuc",
            json={
                "procedure": KT,
                "ho_so_nhap": kt.rsplit("/", 1)[1],
                "ho_ten": CITIZEN_B["full_name"],
                "so_dinh_danh": CITIZEN_B["personal_id"],
            },
        ).status_code
        == 404
    )
    assert api.get(kt).json()["values"]["CqXa"] == "Hoàn Kiếm"  # untouched
    # B's own new filing starts from scratch, prefilled with B
    own = other.get(new_draft(other, KT)).json()
    assert own["step"] == 0 and own["values"]["NycSoGiayto"] == CITIZEN_B["personal_id"]
    assert "CqXa" not in own["values"]


def test_two_filings_of_one_account_interleaved_keep_their_own_values(api, mock_portal):
    """Assisted filing: two tabs of one account, steps alternating, each files its own dossier."""
    first, second = new_draft(api, KT), new_draft(api, KT)
    assert first != second
    other_agency = {"CqTinh": "Hà Nội", "CqXa": "Ba Đình"}
    other_person = {
        **KT_DECLARATION,
        "NdktTen": "Cúc",
        "NdktGioiTinh": "Nữ",
        "NdktSoDinhDanh": "001150009876",
        "NdktSoGiayto": "001150009876",
        "GbtSogiayto": "02/UBND-GBT",
    }
    assert api.post(f"{first}/buoc/0", json={"values": KT_AGENCY}).status_code == 200
    assert api.post(f"{second}/buoc/0", json={"values": other_agency}).status_code == 200
    assert verify(api, second).status_code == 200
    assert api.get(first).json()["verified_requester"] is None  # verification is per draft
    assert verify(api, first).status_code == 200
    assert api.post(f"{second}/buoc/1", json={"values": other_person}).status_code == 200
    assert api.put(first, json={"step": 1, "values": {"NdktTen": "Bình"}}).status_code == 200
    assert api.post(f"{first}/buoc/1", json={"values": KT_DECLARATION}).status_code == 200
    for draft in (second, first):
        assert api.post(f"{draft}/buoc/2", json={"values": {}}).status_code == 200
    assert (
        api.post(
            f"{first}/tep/death_notice", files={"file": ("gbt-binh.pdf", PDF, "application/pdf")}
        ).status_code
        == 200
    )
    assert (
        api.post(
            f"{second}/tep/death_notice", files={"file": ("gbt-cuc.pdf", PDF + b"%", "application/pdf")}
        ).status_code
        == 200
    )
    for draft in (first, second):
        assert api.post(f"{draft}/buoc/3", json={"values": {}}).status_code == 200
    second_receipt = finish(api, mock_portal, second)
    assert second_receipt.status_code == 200, second_receipt.text
    assert api.get(first).json()["step"] == 4  # still there, untouched
    first_receipt = finish(api, mock_portal, first)
    assert first_receipt.status_code == 200, first_receipt.text
    codes = first_receipt.json()["code"], second_receipt.json()["code"]
    assert codes[0] != codes[1]

    def filed(code):
        d = mock_portal.dossier(code)
        return (
            {(f["section"], f["label"]): f["value"] for f in d["fields"]},
            [a["filename"] for a in d["attachments"]],
        )

    fields, files = filed(codes[0])
    assert fields[("Thông tin người chết", "Tên")] == "Bình" and files == ["gbt-binh.pdf"]
    assert fields[("Cơ quan thực hiện", "Phường/Xã")] == "Hoàn Kiếm"
    assert fields[("Giấy báo tử", "Số giấy")] == "01/UBND-GBT"
    fields, files = filed(codes[1])
    assert fields[("Thông tin người chết", "Tên")] == "Cúc" and files == ["gbt-cuc.pdf"]
    assert fields[("Thông tin người chết", "Giới tính")] == "Nữ"
    assert fields[("Cơ quan thực hiện", "Phường/Xã")] == "Ba Đình"
    assert fields[("Giấy báo tử", "Số giấy")] == "02/UBND-GBT"
    assert api.get(first).status_code == 404 and api.get(second).status_code == 404


def test_cancel_removes_only_that_draft(api, ks):
    other = new_draft(api, KS)
    api.put(ks, json={"step": 0, "values": {"CqTinh": "Hà Nội"}})
    api.put(other, json={"step": 0, "values": {"CqTinh": "Hải Phòng"}})
    assert api.delete(ks).json() == {"ok": True}  # “Hủy” → “Đồng ý”
    assert api.get(ks).status_code == 404 and api.delete(ks).status_code == 404
    assert api.get(other).json()["values"]["CqTinh"] == "Hải Phòng"


def test_forged_missing_or_expired_tokens_get_401_json(api, mock_portal, ks):
    anonymous = httpx.Client(base_url=mock_portal.url("lienthong"))
    none = anonymous.get(ks)
    assert none.status_code == 401 and none.json()["message"]
    assert anonymous.post(f"/api/ho-so-nhap/{KS}").status_code == 401
    forged = anonymous.get("/api/ho-so", headers={"Authorization": "Bearer gia-mao-123"})
    assert forged.status_code == 401 and "không hợp lệ" in forged.json()["message"]
    odd = anonymous.get("/api/ho-so", headers={"Authorization": "Basic abc"})
    assert odd.status_code == 401
    assert anonymous.post("/api/phien").status_code == 401


def test_bearer_token_expires_mid_wizard_and_draft_survives_relogin(mock_portal):
    mock_portal.set_faults("session_expiry=5")  # the 6th request of the session is refused
    api = api_client(mock_portal)  # requests 1-2: the SPA shell, the token
    ks = new_draft(api, KS)  # 3
    assert api.post(f"{ks}/buoc/0", json={"values": KS_AGENCY}).status_code == 200
    assert api.get(ks).status_code == 200
    expired = api.get(ks)
    assert expired.status_code == 401
    assert expired.json()["error"] == "Phiên đăng nhập đã hết hạn"
    assert mock_portal.faults()["fired"]["session_expiry"] == 1
    assert api.get(ks).status_code == 401  # the token stays dead
    mock_portal.set_faults("")
    again = api_client(mock_portal)
    resumed = again.get(ks).json()  # the same draft id, at its saved step
    assert resumed["id"] == ks.rsplit("/", 1)[1]
    assert resumed["step"] == 1 and resumed["values"]["CqXa"] == "Ba Đình"


def test_garbage_gets_clear_4xx_never_500(api, mock_portal, ks):
    cases = [
        api.post(f"{ks}/buoc/0", content=b"{not json", headers={"content-type": "application/json"}),
        api.post(f"{ks}/buoc/0", json=[1, 2]),
        api.post(f"{ks}/buoc/0", json={"values": ["a"]}),
        api.post(f"{ks}/buoc/0", json={"values": {"CqTinh": {"x": 1}}}),
        api.put(f"{ks}", json={"step": "hai"}),
        api.post(f"{ks}/buoc/abc", json={"values": {}}),
        api.post(f"{ks}/buoc/9", json={"values": {}}),
        api.get("/api/ho-so-nhap/9.999999/abc"),
        api.post("/api/ho-so-nhap/9.999999"),
        api.get(f"/api/ho-so-nhap/{KS}/khong-co-nhap"),
        api.get(f"/api/ho-so-nhap/{KS}"),
        api.post(
            "/api/dan-cu/xac-thuc",
            json={"procedure": KS, "ho_ten": "Nguyễn Văn An", "so_dinh_danh": CITIZEN_A["personal_id"]},
        ),
        api.post(f"{ks}/tep/ct01", content=b"garbage"),
        api.post("/api/dan-cu/xac-thuc", content=b"\xff\xfe", headers={"content-type": "application/json"}),
        api.post("/api/tra-cuu", json={"ma_ho_so": ""}),
        api.get("/api/danh-muc/khong-co"),
        api.get("/api/danh-muc/communes", params={"tinh": "Atlantis"}),
    ]
    for response in cases:
        assert 400 <= response.status_code < 500, (response.request.url, response.status_code)
        body = response.json()
        assert body["message"], body
    shell = api.get("/")
    no_csrf = api.post("/api/phien")
    assert no_csrf.status_code == 403
    assert api.post("/api/phien", headers={"X-CSRF-Token": csrf_of(shell.text)}).status_code == 200


def test_commit_timeout_stores_the_dossier_then_drops_the_reply(api, ks, mock_portal):
    api.post(f"{ks}/buoc/0", json={"values": KS_AGENCY})
    verify(api, ks)
    api.post(f"{ks}/buoc/1", json={"values": KS_DECLARATION})
    api.post(f"{ks}/buoc/2", json={"values": {}})
    for row in ("birth_certificate", "ct01"):
        api.post(f"{ks}/tep/{row}", files={"file": ("x.pdf", PDF, "application/pdf")})
    api.post(f"{ks}/buoc/3", json={"values": {}})
    captcha = api.get("/api/captcha").json()
    mock_portal.set_faults("commit_timeout=1")
    with pytest.raises(httpx.RemoteProtocolError):
        api.post(
            f"{ks}/nop",
            json={
                "values": DELIVERY,
                "captcha_id": captcha["captcha_id"],
                "captcha_answer": mock_portal.captcha_answer(captcha["captcha_id"]),
            },
        )
    mock_portal.set_faults("")
    stored = mock_portal.dossiers(procedure="lien-thong-khai-sinh")
    assert len(stored) == 1 and stored[0]["account"] == CITIZEN_A["personal_id"]


def test_national_my_dossiers_page_lists_lienthong_filings(api, mock_portal):
    receipt = file_through_api(api, mock_portal, KS)
    flow = sign_in(mock_portal, site="dvcqg", next_url="/ho-so-cua-toi")
    assert receipt["code"] in flow.text and "Mới đăng ký" in flow.text
    detail = flow.client.get(mock_portal.url("dvcqg", f"/ho-so/{receipt['code']}"))
    assert "<caption>Thông tin người được khai sinh</caption>" in detail.text
    other = sign_in(mock_portal, CITIZEN_B, site="dvcqg", next_url="/")
    assert other.client.get(mock_portal.url("dvcqg", f"/ho-so/{receipt['code']}")).status_code == 404


def test_officer_back_office_shows_the_lienthong_dossier(api, mock_portal):
    receipt = file_through_api(api, mock_portal, KT)
    officer = httpx.Client(base_url=mock_portal.url("hanoi"), follow_redirects=True)
    form = officer.get("/mot-cua/dang-nhap")
    officer.post(
        "/mot-cua/dang-nhap",
        data={"csrf_token": csrf_of(form.text), "username": "canbo.motcua", "password": "CanBo@123"},
    )
    listing = officer.get("/mot-cua/")
    assert receipt["code"] in listing.text
    detail = officer.get(f"/mot-cua/ho-so/{receipt['code']}")
    assert detail.status_code == 200
    assert "Thông tin người chết" in detail.text and "01/UBND-GBT" in detail.text


def test_save_draft_never_skips_ahead_and_cancel_discards(api, ks):
    saved = api.put(ks, json={"step": 4, "values": {"CqTinh": "Hà Nội"}})
    assert saved.status_code == 200 and saved.json()["step"] == 0  # “Lưu nháp” keeps the step
    assert api.get(ks).json()["values"]["CqTinh"] == "Hà Nội"
    assert api.post(f"{ks}/nop", json={"values": {}}).status_code == 409
    assert api.delete(ks).json() == {"ok": True}  # “Hủy”
    assert api.get(ks).status_code == 404
    fresh = api.get(new_draft(api, KS)).json()  # choosing the tile again
    assert fresh["step"] == 0 and "CqTinh" not in fresh["values"]


def test_sign_in_never_redirects_off_site(mock_portal):
    flow = sign_in(mock_portal, next_url="//evil.example/x")
    assert str(flow.response.url) == mock_portal.url("lienthong", "/#/")
