"""Three more Hanoi procedures filed by the agent through today's national path against the mock:
the legacy route's own dossier files (`examples/…`), flows `flows/national/…`, dvcqg → VNeID →
the Ministry of Justice's wizard with its cross-origin e-form → wallet uploads → “Gửi hồ sơ”.
Each test then reads the mock's record of what was filed and checks it against the dossier."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from agent.config import Targets
from agent.dossier import load_dossier
from agent.runner import Engine
from agent.secrets import Secrets, load_credentials

pytestmark = pytest.mark.browser
EXAMPLES = Path(__file__).parents[3] / "examples"
NATIONAL_ORIGINS = ["dvcqg", "vneid", "moj", "eform"]


def national(example: str) -> Any:
    """The example dossier, to be filed by the national route."""
    return load_dossier(EXAMPLES / example, portal="national")


def file_it(mock_portal, run_async, tmp_path: Path, dossier: Any):
    targets = Targets.resolve([f"{k}={v}" for k, v in mock_portal.urls.items()], env={})

    async def go():
        secrets = Secrets(load_credentials(EXAMPLES / "credentials.mock.yaml"))
        async with Engine(targets, secrets, tmp_path / "runs", timeout_ms=15_000) as engine:
            session = await engine.session(dossier.account)
            return await engine.file(session, dossier)

    return run_async(go())


def stored(mock_portal, code: str) -> tuple[dict, dict[tuple[str, str], dict], dict[str, dict]]:
    """The mock's record: the dossier, its fields by (section, label), its attachments by row."""
    filed = mock_portal.dossier(code)
    fields = {(f["section"], f["label"]): f for f in filed["fields"]}
    rows = {a["row"]: a for a in filed["attachments"]}
    return filed, fields, rows


def reviewed(receipt) -> dict:
    """The preview comparison the run logged (the review step ran and matched)."""
    events = [json.loads(line) for line in (receipt.artifacts / "events.jsonl").read_text().splitlines()]
    return next(e for e in events if e["event"] == "review")


def test_birth_re_registration_files_by_the_national_route(mock_portal, run_async, tmp_path):
    dossier = national("dang-ky-lai-khai-sinh.yaml")
    receipt = file_it(mock_portal, run_async, tmp_path, dossier)
    filed, fields, rows = stored(mock_portal, receipt.code)
    data = dossier.data

    assert (filed["procedure"], filed["procedure_code"]) == ("dang-ky-lai-khai-sinh", "1.004884")
    assert (filed["path"], filed["origins"]) == ("national", NATIONAL_ORIGINS)
    assert fields[("Thông tin chủ hồ sơ", "Ngày cấp")]["value"] == data.applicant.id_issue_date
    relation = fields[("II. QUAN HỆ VỚI NGƯỜI ĐƯỢC KHAI SINH", "Quan hệ với người được khai sinh")]
    assert (relation["value"], relation["code"]) == ("Cha đẻ", "ChaDe")  # the dossier's “Cha”
    child = "II. QUAN HỆ VỚI NGƯỜI ĐƯỢC KHAI SINH"
    assert fields[(child, "Họ, chữ đệm, tên người được khai sinh")]["value"] == data.child.full_name
    assert fields[(child, "Ngày, tháng, năm sinh")]["value"] == data.child.date_of_birth  # one box
    assert fields[(child, "Giới tính")]["value"] == data.child.sex
    born_in = fields[(child, "Phường/Xã")]
    assert (born_in["value"], born_in["code"]) == ("Phường Hai Bà Trưng", "00159")
    assert fields[(child, "Tỉnh/Thành phố")]["value"] == "Thành phố Hà Nội"
    assert fields[(child, "Quê quán (Tỉnh/Thành phố)")]["value"] == "Thành phố Hà Nội"
    assert fields[(child, "Trường hợp khai sinh")]["value"] == "Đã xác định được cả cha lẫn mẹ"
    previous = data.previous_registration
    assert fields[(child, "Cơ quan đã đăng ký khai sinh trước đây")]["value"] == previous.agency
    assert fields[(child, "Tỉnh/Thành phố nơi đăng ký trước đây")]["code"] == "01"
    assert (fields[(child, "Số")]["value"], fields[(child, "Quyển số")]["value"]) == (
        previous.number,
        previous.book,
    )
    registered = fields[(child, "Ngày đăng ký")]
    assert (registered["value"], registered["raw"]) == ("20/05/2018", "2018-05-20")  # three boxes
    mother = "III. THÔNG TIN NGƯỜI MẸ"
    assert fields[(mother, "Họ, chữ đệm, tên")]["value"] == data.mother.full_name
    mother_born = fields[(mother, "Ngày, tháng, năm sinh")]  # three boxes drawn late
    assert (mother_born["value"], mother_born["raw"]) == ("02/09/1992", "1992-09-02")
    assert fields[(mother, "Phường/Xã")]["value"] == "Phường Ba Đình"
    father = "IV. THÔNG TIN NGƯỜI CHA"
    assert fields[(father, "Số định danh cá nhân")]["value"] == data.father.personal_id
    assert fields[(father, "Nơi cư trú")]["value"] == "Trong Nước"
    assert rows["Bản sao Giấy khai sinh cũ hoặc giấy tờ có thông tin khai sinh"]["filename"] == (
        "giay-khai-sinh-cu.pdf"
    )
    papers = next(r for name, r in rows.items() if name.startswith("Giấy tờ tùy thân, giấy tờ cư trú"))
    assert papers["filename"] == "anh-cccd-mat-sau.png"
    assert rows["Mẫu hộ tịch điện tử tương tác (Tờ khai)"]["filename"] == "Tờ khai.pdf"
    assert filed["delivery"] == {
        "method": "Nhận qua dịch vụ bưu chính công ích",  # “Trả kết quả qua đường bưu điện”
        "method_code": "3",
        "copies": 2,
    }
    review = reviewed(receipt)
    assert review["mismatches"] == 0 and review["bound"] >= 30 and review["rows_shown"] >= 30


def test_marriage_registration_files_by_the_national_route(mock_portal, run_async, tmp_path):
    dossier = national("dang-ky-ket-hon.yaml")
    receipt = file_it(mock_portal, run_async, tmp_path, dossier)
    filed, fields, rows = stored(mock_portal, receipt.code)
    bride, groom = dossier.data.bride, dossier.data.groom

    assert (filed["procedure"], filed["procedure_code"]) == ("dang-ky-ket-hon", "1.000894")
    assert (filed["path"], filed["origins"]) == ("national", NATIONAL_ORIGINS)
    assert fields[("Thông tin chủ hồ sơ", "Email")]["value"] == dossier.data.applicant.email
    for section, person in (("I. THÔNG TIN BÊN NỮ", bride), ("II. THÔNG TIN BÊN NAM", groom)):
        assert fields[(section, "Họ, chữ đệm, tên")]["value"] == person.full_name
        born = fields[(section, "Ngày, tháng, năm sinh")]
        day, month, year = person.date_of_birth.split("/")
        assert (born["value"], born["raw"]) == (person.date_of_birth, f"{year}-{month}-{day}")
        assert fields[(section, "Số giấy tờ tùy thân")]["value"] == person.id_document.number
        assert fields[(section, "Loại giấy tờ tùy thân")]["code"] == "5"  # Căn cước công dân
        assert fields[(section, "Ngày cấp")]["value"] == person.id_document.issue_date
        assert fields[(section, "Nơi cư trú")]["code"] == "1"  # Trong Nước
        assert fields[(section, "Kết hôn lần thứ mấy")]["value"] == "1"
    ward = fields[("I. THÔNG TIN BÊN NỮ", "Phường/Xã")]
    assert (ward["value"], ward["code"]) == ("Phường Cầu Giấy", "00233")
    assert fields[("II. THÔNG TIN BÊN NAM", "Phường/Xã")]["value"] == "Phường Ba Đình"
    assert fields[("I. THÔNG TIN BÊN NỮ", "Địa chỉ")]["value"] == bride.residence.address.detail
    assert rows["Giấy tờ tùy thân của bên nữ"]["filename"] == "cccd-le-minh-chau.pdf"
    assert rows["Giấy tờ tùy thân của bên nam"]["filename"] == "cccd-nguyen-van-an.pdf"
    assert rows["Giấy tờ chứng minh nơi cư trú"]["filename"] == "xac-nhan-cu-tru.pdf"
    assert filed["delivery"] == {
        "method": "Nhận bản giấy có đóng dấu tại cơ quan giải quyết",
        "method_code": "1",
        "copies": 2,
    }
    review = reviewed(receipt)
    assert review["mismatches"] == 0 and review["bound"] >= 30 and review["rows_shown"] >= 30


def test_marriage_re_registration_files_by_the_national_route(mock_portal, run_async, tmp_path):
    dossier = national("dang-ky-lai-ket-hon.yaml")
    receipt = file_it(mock_portal, run_async, tmp_path, dossier)
    filed, fields, rows = stored(mock_portal, receipt.code)
    data = dossier.data

    assert (filed["procedure"], filed["procedure_code"]) == ("dang-ky-lai-ket-hon", "1.004746")
    assert (filed["path"], filed["origins"]) == ("national", NATIONAL_ORIGINS)
    assert fields[("I. THÔNG TIN BÊN NỮ", "Họ, chữ đệm, tên")]["value"] == data.bride.full_name
    assert fields[("II. THÔNG TIN BÊN NAM", "Số định danh cá nhân")]["value"] == data.groom.personal_id
    assert fields[("I. THÔNG TIN BÊN NỮ", "Tỉnh/Thành phố")]["value"] == "Thành phố Hà Nội"
    earlier = "III. THÔNG TIN ĐĂNG KÝ KẾT HÔN TRƯỚC ĐÂY"
    kind = fields[(earlier, "Loại đăng ký")]
    assert (kind["value"], kind["code"]) == ("Đăng ký lại", "2")
    previous = data.previous_registration
    assert fields[(earlier, "Cơ quan đã đăng ký kết hôn trước đây")]["value"] == previous.agency
    province = fields[(earlier, "Tỉnh/Thành phố nơi đăng ký trước đây")]
    assert (province["value"], province["code"]) == ("Thành phố Hà Nội", "01")
    assert (fields[(earlier, "Số")]["value"], fields[(earlier, "Quyển số")]["value"]) == ("38", "01/2017")
    registered = fields[(earlier, "Ngày đăng ký")]
    assert (registered["value"], registered["raw"]) == ("18/06/2017", "2017-06-18")
    assert rows["Bản sao Giấy chứng nhận kết hôn cũ"]["filename"] == "giay-chung-nhan-ket-hon-cu.pdf"
    assert rows["Giấy tờ tùy thân của bên nữ"]["filename"] == "cccd-le-minh-chau.pdf"
    assert rows["Giấy tờ tùy thân của bên nam"]["filename"] == "cccd-nguyen-van-an.pdf"
    assert "Bản cam đoan về việc đã đăng ký kết hôn" not in rows  # the dossier attaches none
    assert filed["delivery"] == {"method": "Nhận kết quả trực tuyến", "method_code": "2", "copies": 0}
    review = reviewed(receipt)
    assert review["mismatches"] == 0 and review["bound"] >= 30 and review["rows_shown"] >= 30
