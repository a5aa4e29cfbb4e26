"""Dossier files: line numbers in messages, typos, secrets, YAML's number traps, attachments."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from agent.dossier import InvalidDossier, load_dossier, parse_dossier

from .helpers import EXAMPLES, example, problems_of


def _write(tmp_path: Path, text: str, name: str = "dossier.yaml") -> Path:
    shutil.copytree(EXAMPLES / "files", tmp_path / "files", dirs_exist_ok=True)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list:
    with pytest.raises(InvalidDossier) as caught:
        load_dossier(path)
    return caught.value.problems


def test_problems_point_at_the_line_of_the_bad_value(tmp_path):
    text = (EXAMPLES / "dang-ky-khai-tu.yaml").read_text(encoding="utf-8")
    text = text.replace('personal_id: "001038001234"', 'personal_id: "00103800123"')
    path = _write(tmp_path, text)
    bad_line = next(i for i, line in enumerate(text.splitlines(), 1) if '00103800123"' in line)
    (problem,) = _problems(path)
    assert problem.location == "data.deceased.personal_id"
    assert problem.line == bad_line
    assert (
        f"{path}:{bad_line}: data.deceased.personal_id: personal ID must have exactly 12"
        in problem.render(str(path))
    )


def test_a_typo_in_a_key_is_refused_with_a_suggestion(tmp_path):
    text = (EXAMPLES / "dang-ky-khai-tu.yaml").read_text(encoding="utf-8")
    path = _write(tmp_path, text.replace("    cause: Bệnh già", "    cuase: Bệnh già"))
    found = {p.location: p for p in _problems(path)}
    assert "unknown field 'cuase'" in found["data.death.cuase"].message
    assert "did you mean 'cause'" in found["data.death.cuase"].hint
    assert "data.death.cause" in found  # and the real one is missing


def test_unquoted_numbers_keep_their_leading_zeros(tmp_path):
    """Plain YAML would read 0912345678 as 912345678 and 001010012345 as an octal number."""
    text = (EXAMPLES / "dang-ky-khai-tu.yaml").read_text(encoding="utf-8")
    text = text.replace('phone: "0912345678"', "phone: 0912345678")
    text = text.replace('personal_id: "001038001234"', "personal_id: 001038001234")
    dossier = load_dossier(_write(tmp_path, text))
    assert dossier.data.applicant.phone == "0912345678"
    assert dossier.data.deceased.personal_id == "001038001234"


def test_json_dossiers_are_read_too(tmp_path):
    content = example("lien-thong-khai-tu")
    path = _write(tmp_path, json.dumps(content, ensure_ascii=False), "dossier.json")
    assert load_dossier(path).data.deceased.full_name == "Nguyễn Thị Hoa"


def test_credentials_never_go_in_a_dossier():
    content = example("dang-ky-khai-tu")
    content["password"] = "MatKhau@123"
    content["data"]["applicant"]["passcode"] = "123456"
    found = problems_of(content)
    assert "credentials file" in found["password"]
    assert "credentials file" in found["data.applicant.passcode"]
    assert "MatKhau@123" not in " ".join(found.values()) and "123456" not in " ".join(found.values())


def test_portal_and_procedure_must_be_known_and_agree():
    content = example("dang-ky-khai-tu")
    content["portal"] = "dvcqg"
    assert "cannot be filed by the 'dvcqg' route" in problems_of(content)["portal"]
    content["procedure"] = "dang-ky-khai-tuu"
    assert "did you mean 'dang-ky-khai-tu'" in problems_of(content)["procedure"]


def test_account_is_required_in_a_file():
    content = example("dang-ky-khai-tu")
    del content["account"]
    assert "account is required" in problems_of(content)["account"]


def test_missing_and_unknown_attachments():
    content = example("dang-ky-ket-hon")
    del content["attachments"]["groom_id"]
    content["attachments"]["bride_idd"] = "files/cccd-le-minh-chau.pdf"
    content["attachments"]["residence_proof"] = "files/khong-co.pdf"
    found = problems_of(content)
    assert "mandatory document" in found["attachments.groom_id"]
    assert "did you mean 'bride_id'" in found["attachments.bride_idd"]
    assert "does not exist" in found["attachments.residence_proof"]


def test_attachment_type_is_judged_by_content_not_name(tmp_path):
    (tmp_path / "virus.pdf").write_bytes(b"MZ\x90\x00" + b"\x00" * 200)  # a Windows .exe
    shutil.copy(EXAMPLES / "files" / "anh-cccd-mat-sau.png", tmp_path / "scan.pdf")
    (tmp_path / "empty.pdf").write_bytes(b"")
    content = example("dang-ky-ket-hon")
    content["attachments"] = {"bride_id": "virus.pdf", "groom_id": "scan.pdf", "residence_proof": "empty.pdf"}
    with pytest.raises(InvalidDossier) as caught:  # attachments live in the dossier's folder
        parse_dossier(content, tmp_path)
    found = {p.location: p.message for p in caught.value.problems}
    assert "not a PDF, JPEG or PNG" in found["attachments.bride_id"]
    assert "named .pdf but contains image/png" in found["attachments.groom_id"]
    assert "is empty" in found["attachments.residence_proof"]


def test_attachment_size_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("DVC_AGENT_MAX_UPLOAD_MB", "0.001")  # about 1 KB
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 4096)
    content = example("dang-ky-khai-tu")
    content["attachments"]["death_notice"] = "big.pdf"
    with pytest.raises(InvalidDossier) as caught:  # attachments live in the dossier's folder
        parse_dossier(content, tmp_path)
    assert "over the" in caught.value.problems[0].message


def test_all_problems_are_reported_at_once():
    content = example("dang-ky-ket-hon")
    content["data"]["applicant"]["phone"] = "12345"
    content["data"]["groom"]["date_of_birth"] = "30/02/1990"
    del content["attachments"]["bride_id"]
    found = problems_of(content)
    assert {"data.applicant.phone", "data.groom.date_of_birth", "attachments.bride_id"} <= set(found)


def test_broken_yaml_is_an_invalid_dossier_not_a_crash(tmp_path):
    path = _write(tmp_path, "procedure: dang-ky-khai-tu\ndata: [unclosed\n")
    (problem,) = _problems(path)
    assert "not valid YAML" in problem.message


def _death_notice_problem(folder: Path) -> str | None:
    """What a dang-ky-khai-tu dossier in `folder`, attaching `scan.pdf`, says of that file."""
    content = example("dang-ky-khai-tu")
    content["attachments"] = {"death_notice": "scan.pdf"}
    try:
        parse_dossier(content, folder)
    except InvalidDossier as exc:
        return {p.location: p.message for p in exc.problems}.get("attachments.death_notice")
    return None


def test_an_attachment_changed_on_disk_is_judged_again(tmp_path):
    """Nothing remembered of a file outlives a change to it: the same path, rewritten with as
    many bytes between two validations, is judged by what it holds now."""
    pdf = (EXAMPLES / "files" / "giay-bao-tu.pdf").read_bytes()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf)
    assert _death_notice_problem(tmp_path) is None
    scan.write_bytes(pdf.replace(b"%%EOF", b"%%EOX"))  # no longer a whole PDF
    assert "no %%EOF end marker" in (_death_notice_problem(tmp_path) or "")
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + pdf[8:])  # now a PNG's signature
    assert "contains image/png" in (_death_notice_problem(tmp_path) or "")
    scan.write_bytes(pdf)
    assert _death_notice_problem(tmp_path) is None


def test_a_snapshot_judges_each_attachment_once_and_only_within_its_block(tmp_path, monkeypatch):
    """A batch names the same scan in many rows: inside `snapshot()` it is resolved and read
    once; after the block, the disk is looked at again."""
    from agent.dossier import attachments

    resolved: list[str] = []
    real = attachments.resolve_attachment

    def counted(written: str, *rest: Path | None) -> Path:
        resolved.append(written)
        return real(written, *rest)

    monkeypatch.setattr(attachments, "resolve_attachment", counted)
    pdf = (EXAMPLES / "files" / "giay-bao-tu.pdf").read_bytes()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf)
    with attachments.snapshot():
        assert [_death_notice_problem(tmp_path) for _ in range(3)] == [None] * 3
        assert resolved == ["scan.pdf"]
    scan.write_bytes(pdf.replace(b"%%EOF", b"%%EOX"))
    assert "no %%EOF end marker" in (_death_notice_problem(tmp_path) or "")
    assert resolved == ["scan.pdf", "scan.pdf"]
