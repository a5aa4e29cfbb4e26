"""The legacy route's death registration (`examples/dang-ky-khai-tu.yaml`) filed by the agent
through today's national path (`flows/national/dang-ky-khai-tu.yaml`): the one-page form on
dichvucong.gov.vn, where the population-database lookup fills and locks what it knows about the
deceased. What the mock recorded is read back, and the filing is found again in "Dịch vụ công
của tôi"; a locked field that disagrees with the dossier and an attachment over the page's 2 MB
limit stop the filing before anything is filed."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from agent.config import Targets
from agent.dossier import load_dossier
from agent.errors import PortalRefused
from agent.runner import Engine
from agent.runner.receipt import Receipt
from agent.secrets import Secrets, load_credentials

pytestmark = pytest.mark.browser
EXAMPLES = Path(__file__).parents[3] / "examples"
EXAMPLE = EXAMPLES / "dang-ky-khai-tu.yaml"
TIMEOUT_MS = 10_000
#: A whole PDF (header, trailer, end marker) just over the page's 2 MB limit.
BIG_PDF = (
    b"%PDF-1.4\n1 0 obj<<>>endobj\n%" + b"0" * (2 * 1024 * 1024) + b"\ntrailer<<>>\nstartxref\n0\n%%EOF\n"
)


def by_national_route(path: Path) -> Any:
    """The dossier file, filed by the national route (as `--portal national` does)."""
    return load_dossier(path, portal="national")


def changed_example(
    tmp_path: Path,
    data: dict[str, Any] | None = None,
    files: dict[str, bytes] | None = None,
) -> Path:
    """The example with `data` merged into its `data:` (one level deep) and `files` attached by
    key, written beside copies of its files."""
    content = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for key, value in (data or {}).items():
        old = content["data"].get(key)
        content["data"][key] = {**old, **value} if isinstance(old, dict) else value
    shutil.copytree(EXAMPLES / "files", tmp_path / "files")
    for key, body in (files or {}).items():
        (tmp_path / "files" / f"{key}.pdf").write_bytes(body)
        content["attachments"][key] = f"files/{key}.pdf"
    path = tmp_path / "dossier.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


def file_it(
    mock_portal, run_async, tmp_path: Path, dossier: Any, *, look_up: bool = False
) -> tuple[Receipt, Receipt | None]:
    """File the dossier; with `look_up`, then look for it in "Dịch vụ công của tôi" as the
    engine does when a submit's answer was lost."""
    targets = Targets.resolve([f"{k}={v}" for k, v in mock_portal.urls.items()], env={})

    async def go() -> tuple[Receipt, Receipt | None]:
        secrets = Secrets(load_credentials(EXAMPLES / "credentials.mock.yaml"))
        async with Engine(targets, secrets, tmp_path / "runs", timeout_ms=TIMEOUT_MS) as engine:
            session = await engine.session(dossier.account)
            since = datetime.now(UTC) - timedelta(minutes=2)
            receipt = await engine.file(session, dossier)
            return receipt, await engine.find_filed(session, dossier, since) if look_up else None

    result: tuple[Receipt, Receipt | None] = run_async(go())
    return result


def refusal(mock_portal, run_async, tmp_path: Path, dossier: Any) -> PortalRefused:
    with pytest.raises(PortalRefused) as refused:
        file_it(mock_portal, run_async, tmp_path, dossier)
    assert mock_portal.dossiers(procedure="dang-ky-khai-tu") == []  # nothing was filed
    return refused.value


def test_the_legacy_death_dossier_files_by_the_national_route(mock_portal, run_async, tmp_path):
    dossier = by_national_route(EXAMPLE)
    receipt, found = file_it(mock_portal, run_async, tmp_path, dossier, look_up=True)

    filed = mock_portal.dossier(receipt.code)
    assert (filed["procedure"], filed["path"], filed["origins"]) == (
        "dang-ky-khai-tu",
        "national",
        ["dvcqg", "vneid"],
    )
    assert receipt.appointment_date == filed["appointment_date"]
    fields = {f["name"]: f for f in filed["fields"]}
    shown = {name: f["value"] for name, f in fields.items()}
    assert shown["citizenmoiquanhe"] == "Con"
    assert shown["citizenNDK_HoVaTen"] == "NGUYỄN VĂN BẢO"  # the page writes the name in capitals
    assert shown["citizenNDK_SoDinhDanh"] == "001038001234"
    assert shown["citizenNDK_NgaySinh"] == "1938"
    assert shown["citizenField56"] == "10/11/2026"
    hour, minute = int(shown["citizenGiomat"]), int(shown["citizenPhutmat"])
    assert f"{hour:02d}:{minute:02d}" == dossier.data.death.time == "08:30"
    assert shown["citizenNoichet"] == "Trong nước"
    assert (shown["citizenNoichet_Tinh"], shown["citizenNoichet_Xa"]) == (
        "Thành phố Hà Nội",
        "Phường Kim Liên",
    )
    assert shown["citizenNoichet_TrongNuoc"] == "Bệnh viện Bạch Mai, 78 Giải Phóng"
    assert shown["citizenNguyennhanchet_NgdcKT"] == "Bệnh già"
    # filled and locked by the population database; the flow checked them against the dossier
    assert (shown["citizenGioitinh_NgdcKT"], fields["citizenGioitinh_NgdcKT"]["code"]) == ("Nam", "1")
    assert (shown["citizenDantoc_NgdcKT"], shown["citizenQuoctich_NgdcKT"]) == ("Kinh", "Việt Nam")
    assert (shown["citizenNDKLoaicutru"], shown["citizenNDKnoicutru"]) == ("Thường trú", "Trong nước")
    assert (shown["citizenNDKTinh_Thtru"], shown["citizenNDKXa_Thtru"]) == (
        "Thành phố Hà Nội",
        "Phường Đống Đa",
    )
    assert shown["citizenNDKDiaChi_Thtru"] == "Số 5 ngõ 10 Tôn Đức Thắng"
    # derived by the model from the death date and today
    assert shown["citizenNDKLoaidangky"] == dossier.data.registration_type
    assert (shown["citizenLoaigiaybaotu"], shown["citizenSogiaybaotu_NgdcKT"]) == (
        "Giấy báo tử",
        "01/UBND-GBT",
    )
    assert shown["citizenNgaythangnamcapgiaybaotu"] == "11/11/2026"
    assert shown["citizenCoquancapgiaybaotucochuthichneukhongcothidetrong"] == "Bệnh viện Bạch Mai"
    assert shown["citizenSoluongbansaonguoiyeucaudenghi"] == "2"
    assert (filed["delivery"]["method"], filed["delivery"]["copies"]) == (
        "Trả kết quả tại bộ phận tiếp nhận và trả kết quả",
        2,
    )
    rows = {a["row"]: a["filename"] for a in filed["attachments"]}
    assert rows == {"Giấy báo tử hoặc giấy tờ thay Giấy báo tử": "giay-bao-tu.pdf"}
    # a submit whose answer was lost would be recognised in "Dịch vụ công của tôi", not sent again
    assert found is not None and (found.code, found.reconciled) == (receipt.code, True)


def test_by_post_with_a_second_document(mock_portal, run_async, tmp_path):
    """The postal branch of the result block and another row of the component table."""
    post = {"recipient": "Nguyễn Văn An", "phone": "0912345678"}
    address = {"province": "Hà Nội", "commune": "Ba Đình", "detail": "Số 12 phố Đội Cấn"}
    path = changed_example(
        tmp_path,
        {
            "delivery": {
                "method": "Trả kết quả qua đường bưu điện",
                "copies": 1,
                "post": {**post, "address": address},
            }
        },
        {"death_evidence": (EXAMPLES / "files" / "xac-nhan-cu-tru.pdf").read_bytes()},
    )
    receipt, _ = file_it(mock_portal, run_async, tmp_path, by_national_route(path))

    filed = mock_portal.dossier(receipt.code)
    assert filed["delivery"]["post"] == {
        "id-recipientName": "Nguyễn Văn An",
        "id-recipientPhone": "0912345678",
        "recipientProvinceCode": "01",
        "recipientComuneCode": "00324",  # Phường Ba Đình
        "id-recipientAddress": "Số 12 phố Đội Cấn",
    }
    rows = {a["row"]: a["filename"] for a in filed["attachments"]}
    assert rows == {
        "Giấy báo tử hoặc giấy tờ thay Giấy báo tử": "giay-bao-tu.pdf",
        "Giấy tờ, tài liệu, chứng cứ do cơ quan, tổ chức có thẩm quyền cấp hoặc xác nhận hợp lệ "
        "chứng minh sự kiện chết": "death_evidence.pdf",
    }


def test_a_locked_field_the_database_fills_otherwise_is_refused(mock_portal, run_async, tmp_path):
    """The population database knows Nguyễn Văn Bảo as Kinh; the dossier says Tày. (A different
    sex cannot be tried: the dossier's own check ties it to the personal ID.)"""
    path = changed_example(tmp_path, {"deceased": {"ethnicity": "Tày"}})

    refused = refusal(mock_portal, run_async, tmp_path, by_national_route(path))

    assert "'Kinh'" in str(refused) and "'Tày'" in str(refused)


def test_an_attachment_over_the_pages_2_mb_is_refused(mock_portal, run_async, tmp_path):
    """The dossier accepts it (its limit is the strictest published cap, 6 MB); the page refuses
    it with a toast before uploading anything."""
    path = changed_example(tmp_path, files={"death_notice": BIG_PDF})

    refused = refusal(mock_portal, run_async, tmp_path, by_national_route(path))

    assert "Vui lòng chọn tệp nhỏ hơn 2MB!" in str(refused)
