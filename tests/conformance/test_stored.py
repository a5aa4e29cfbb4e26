"""The stored-values rule's small parts: option casing, labels the portal's record words shorter,
attachments the portal makes itself."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from agent.conformance.stored import attachment_problems, holds, sha256, shortened


def test_a_chosen_option_matches_whatever_its_casing_a_typed_value_exactly_or_in_capitals():
    issuer = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
    assert holds([issuer.replace("Cảnh", "cảnh")], issuer, (), "choose")
    assert not holds([issuer.replace("Cảnh", "cảnh")], issuer, (), "fill")
    assert holds(["NGUYỄN VĂN BẢO"], "Nguyễn Văn Bảo", (), "fill")  # a name box types capitals
    assert not holds(["NGUYEN VAN BAO"], "Nguyễn Văn Bảo", (), "fill")  # but keeps the diacritics
    assert holds(["Thành phố Hà Nội"], "Hà Nội", ("Thành phố Hà Nội",), "choose")
    assert not holds(["Hà Nam"], "Hà Nội", (), "choose")


def test_a_label_may_be_the_pages_label_shortened_by_whole_words():
    assert shortened("Số lượng bản sao trích lục", "Số lượng bản sao")
    assert shortened("Số lượng bản sao", "Số lượng bản sao trích lục")
    assert not shortened("Số lượng bản sao trích lục", "Số lượng")  # too little is left
    assert not shortened("Ngày cấp", "Ngày")
    assert not shortened("Ngày cấp", "Ngày cấp")  # the same label is not "shortened"
    assert not shortened("Số lượng bản sao", "Số lượng bản chính")


def test_every_attachment_once_byte_for_byte_and_the_portals_own_documents_allowed(tmp_path):
    paper = tmp_path / "giay.pdf"
    paper.write_bytes(b"%PDF-1.4 one")

    dossier = SimpleNamespace(attachments={"notice": paper})
    good = {"filename": "giay.pdf", "sha256": sha256(paper)}
    own = {"filename": "Tờ khai.pdf", "sha256": "x"}
    assert attachment_problems(dossier, {"attachments": [own, good]}) == []
    assert attachment_problems(dossier, {"attachments": [own]}) == ["attachment notice (giay.pdf) not stored"]
    assert "2 times" in attachment_problems(dossier, {"attachments": [good, good]})[0]
    changed = {**good, "sha256": sha256(Path(__file__))}
    assert "other content" in attachment_problems(dossier, {"attachments": [changed]})[0]
