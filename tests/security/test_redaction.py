"""One redaction policy, read from the models: which values are sensitive, what replaces them,
and that logs, messages and report rows all go through it."""

from __future__ import annotations

import io
import json
from pathlib import Path

from agent.dossier import load_dossier
from agent.dossier.types import DossierModel, Sensitive
from agent.observability import configure, get_logger, redacting
from agent.secrets import Account
from agent.secrets.redaction import (
    Sensitivity,
    mask_for,
    mask_message,
    mask_row,
    redaction_for,
    sensitive_values,
)

ROOT = Path(__file__).resolve().parents[2]
KHAI_TU = load_dossier(ROOT / "examples" / "dang-ky-khai-tu.yaml")
ACCOUNT = Account(
    name="a",
    method="dvc",
    username="001090012345",
    password="Pw@secret1",
    passcode="271828",
    phone="0912345678",
)


def test_the_models_say_which_values_are_sensitive():
    found = dict(sensitive_values(KHAI_TU.data))
    assert found["001090012345"] is Sensitivity.PERSONAL_ID  # applicant (Kind personal_id)
    assert found["001038001234"] is Sensitivity.PERSONAL_ID  # deceased
    assert found["0912345678"] is Sensitivity.PHONE
    assert found["Nguyễn Văn Bảo"] is Sensitivity.NAME
    assert found["Số 12 phố Đội Cấn"] is Sensitivity.ADDRESS  # Address.detail's marker
    assert "Hà Nội" not in found and "Bệnh già" not in found  # places and causes are not
    account = dict(sensitive_values(ACCOUNT))
    assert account["Pw@secret1"] is Sensitivity.SECRET and account["271828"] is Sensitivity.SECRET


def test_a_new_field_is_masked_by_marking_it_once():
    from typing import Annotated

    class Note(DossierModel):
        witness_address: Annotated[str, Sensitive("address")]
        remark: str

    assert dict(sensitive_values(Note(witness_address="Ngõ 7 Hàng Bài", remark="x"))) == {
        "Ngõ 7 Hàng Bài": Sensitivity.ADDRESS
    }


def test_masks_keep_just_enough_to_tell_rows_apart():
    assert mask_for(Sensitivity.PERSONAL_ID, "001090012345") == "*********345"
    assert mask_for(Sensitivity.PHONE, "0912345678") == "*******678"
    assert mask_for(Sensitivity.NAME, "Nguyễn Văn An") == "N. V. A."
    assert mask_for(Sensitivity.EMAIL, "an.nguyen@example.vn") == "a***@example.vn"
    assert mask_for(Sensitivity.ADDRESS, "Số 12 phố Đội Cấn") == "[địa chỉ]"
    assert mask_for(Sensitivity.SECRET, "Pw@secret1") == "***"


def test_one_policy_masks_text_in_every_encoding_a_page_or_request_carries():
    policy = redaction_for(KHAI_TU.data, ACCOUNT)
    form_post = "full_name=Nguy%E1%BB%85n+V%C4%83n+B%E1%BA%A3o&personal_id=001038001234"
    assert policy.mask(form_post) == "full_name=N.+V.+B.&personal_id=*********234"
    page = '<td>Nguyễn Văn Bảo</td><td>Số 5 ngõ 10 Tôn Đức Thắng</td><input value="Pw@secret1">'
    assert policy.mask(page) == '<td>N. V. B.</td><td>[địa chỉ]</td><input value="***">'
    json_body = json.dumps({"ho_ten": "Nguyễn Văn Bảo"})  # \u-escaped
    assert "Nguy" not in policy.mask(json_body)
    assert policy.mask("Bảo") == "B."  # a name part in its own box
    assert policy.mask("Bảo Lộc") == "Bảo Lộc"  # ... but not inside other words


def test_events_inside_a_filing_are_masked_by_its_policy():
    stream = io.StringIO()
    configure(stream=stream)
    try:
        with redacting(redaction_for(KHAI_TU.data, ACCOUNT)):
            get_logger().error(
                "refused",
                message="Người chết › Họ tên: 'Nguyễn Văn Bảo' ≠ 'Nguyễn Văn Bảo X'",
                where="Số 5 ngõ 10 Tôn Đức Thắng",
            )
        get_logger().info("after", name="Nguyễn Văn Bảo")  # outside: the policy is gone
    finally:
        configure()
    inside, after = (json.loads(line) for line in stream.getvalue().splitlines())
    assert "Nguyễn" not in inside["message"] and "N. V. B." in inside["message"]
    assert inside["where"] == "[địa chỉ]"
    assert after["name"] == "Nguyễn Văn Bảo"


def test_the_batch_layer_can_mask_messages_and_rows():
    policy = redaction_for(KHAI_TU.data)
    assert (
        mask_message("refused: Nguyễn Văn Bảo (001038001234)", policy) == "refused: N. V. B. (*********234)"
    )
    assert mask_message("CCCD 079199001122 invalid") == "CCCD *********122 invalid"  # no policy: IDs still
    row = {
        "row_id": "r1",
        "applicant.personal_id": "079199001122",
        "applicant.full_name": "Lê Thị Hoa",
        "applicant.phone": "0901234567",
        "last_residence.address.detail": "Số 1 Tràng Tiền",
        "death_notice.number": "01/UBND-GBT",
        "deceased.id_document.number": "079060001234",
        "message": "see 079199001122",
    }
    assert mask_row(row) == {
        "row_id": "r1",
        "applicant.personal_id": "*********122",
        "applicant.full_name": "L. T. H.",
        "applicant.phone": "*******567",
        "last_residence.address.detail": "[địa chỉ]",
        "death_notice.number": "01/UBND-GBT",
        "deceased.id_document.number": "*********234",
        "message": "see *********122",
    }


def test_a_name_the_page_capitalised_is_masked_like_the_name():
    """Name boxes capitalise as one types: an engine message quoting “NGUYỄN VĂN AN” must not
    carry the name in clear because the dossier wrote it “Nguyễn Văn An”."""
    from agent.secrets.redaction import Redaction

    policy = Redaction({"Nguyễn Văn An": "N*** V** A*"})
    masked = policy.mask("the field shows 'NGUYỄN VĂN AN', the dossier says 'Nguyễn Văn An'; nguyễn văn an")
    assert "NGUYỄN" not in masked and "Nguyễn" not in masked and "nguyễn" not in masked
    assert masked.count("N*** V** A*") == 3
