"""An attachment's type is read from its content, magic AND structure: a text file behind a PDF
header, or a truncated image, is refused before any browser starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security_inputs.helpers import EXAMPLES, example_copy, validate, with_attachment

REAL_PDF = (EXAMPLES / "files" / "giay-bao-tu.pdf").read_bytes()
REAL_PNG = (EXAMPLES / "files" / "anh-cccd-mat-sau.png").read_bytes()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"

CASES = {
    "text-behind-pdf-header": ("x.pdf", b"%PDF-1.4\nDear officer, this is only text.\n", "%%EOF"),
    "pdf-without-xref": ("x.pdf", b"%PDF-1.4\nplain text\n%%EOF\n", "cross-reference"),
    "png-without-iend": ("x.png", REAL_PNG[:-12], "IEND"),
    "png-without-ihdr": ("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + REAL_PNG[-12:], "IHDR"),
    "jpeg-without-eoi": ("x.jpg", JPEG[:-2] + b"\x00" * 4, "end-of-image"),
}


@pytest.mark.parametrize("name", CASES)
def test_a_file_with_only_a_header_is_refused(tmp_path: Path, name: str) -> None:
    filename, content, says = CASES[name]
    dossier = example_copy(tmp_path)
    (tmp_path / filename).write_bytes(content)
    code, out = validate(str(with_attachment(dossier, "death_notice", filename)))
    assert code == 2, out
    assert says in out and "attachments.death_notice" in out


@pytest.mark.parametrize(
    "filename, content", [("scan.pdf", REAL_PDF), ("scan.png", REAL_PNG), ("scan.jpg", JPEG)]
)
def test_whole_files_of_each_kind_pass(tmp_path: Path, filename: str, content: bytes) -> None:
    dossier = example_copy(tmp_path)
    (tmp_path / filename).write_bytes(content)
    code, out = validate(str(with_attachment(dossier, "death_notice", filename)))
    assert code == 0, out


def test_a_file_over_the_portals_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVC_AGENT_MAX_UPLOAD_MB", "0.01")
    dossier = example_copy(tmp_path)
    (tmp_path / "big.pdf").write_bytes(REAL_PDF[:-6] + b" " * 20_000 + b"%%EOF\n")
    code, out = validate(str(with_attachment(dossier, "death_notice", "big.pdf")))
    assert code == 2 and "over the 0.01 MB limit" in out
