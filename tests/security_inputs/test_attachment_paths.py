"""Attachments stay in the dossier's folder (or the one --attachments-root allows), symlinks
resolved: a dossier someone else wrote cannot upload ~/.ssh/id_rsa under a citizen's name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.security_inputs.helpers import example_copy, validate, with_attachment

HINT = "--attachments-root"


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    return example_copy(tmp_path / "ho-so")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A real PDF outside the dossier's folder (so only the place can be wrong)."""
    secret = tmp_path / "elsewhere" / "secret.pdf"
    secret.parent.mkdir()
    secret.write_bytes((tmp_path / "ho-so" / "files" / "giay-bao-tu.pdf").read_bytes())
    return secret


def refused(dossier: Path, *args: str) -> str:
    code, out = validate(str(dossier), *args)
    assert code == 2, out
    line = next(line for line in out.splitlines() if "attachments.death_notice" in line)
    assert HINT in line, line  # the fix is named on the same line as the field
    return line


def test_the_example_as_written_is_accepted(dossier: Path) -> None:
    assert validate(str(dossier))[0] == 0


def test_an_absolute_path_outside_is_refused(dossier: Path, outside: Path) -> None:
    assert "outside the dossier's folder" in refused(with_attachment(dossier, "death_notice", str(outside)))


def test_a_home_path_is_refused_not_expanded(dossier: Path) -> None:
    assert "`~`" in refused(with_attachment(dossier, "death_notice", "~/.ssh/id_rsa.pdf"))


def test_dot_dot_escapes_are_refused(dossier: Path, outside: Path) -> None:
    line = refused(with_attachment(dossier, "death_notice", "../elsewhere/secret.pdf"))
    assert "leads outside" in line


def test_a_symlink_pointing_outside_is_refused(dossier: Path, outside: Path) -> None:
    os.symlink(outside, dossier.parent / "files" / "link.pdf")
    line = refused(with_attachment(dossier, "death_notice", "files/link.pdf"))
    assert "is a link to" in line and str(outside) in line


def test_a_symlinked_folder_pointing_outside_is_refused(dossier: Path, outside: Path) -> None:
    os.symlink(outside.parent, dossier.parent / "shared")
    refused(with_attachment(dossier, "death_notice", "shared/secret.pdf"))


def test_a_symlink_inside_the_folder_is_fine(dossier: Path) -> None:
    os.symlink(dossier.parent / "files" / "giay-bao-tu.pdf", dossier.parent / "ban-sao.pdf")
    assert validate(str(with_attachment(dossier, "death_notice", "ban-sao.pdf")))[0] == 0


def test_a_symlink_loop_is_a_clear_refusal(dossier: Path) -> None:
    folder = dossier.parent
    os.symlink(folder / "b.pdf", folder / "a.pdf")
    os.symlink(folder / "a.pdf", folder / "b.pdf")
    assert validate(str(with_attachment(dossier, "death_notice", "a.pdf")))[0] == 2


def test_attachments_root_allows_a_named_folder_and_nothing_beyond(
    dossier: Path, outside: Path, tmp_path: Path
) -> None:
    with_attachment(dossier, "death_notice", "../elsewhere/secret.pdf")
    assert validate(str(dossier), "--attachments-root", str(tmp_path))[0] == 0
    assert validate(str(dossier), "--attachments-root", str(outside.parent))[0] == 0
    refused(dossier, "--attachments-root", str(dossier.parent))  # the default, said out loud
    with_attachment(dossier, "death_notice", "/etc/passwd")
    assert "outside the allowed folder" in refused(dossier, "--attachments-root", str(tmp_path))


def test_a_nul_byte_in_a_path_is_refused(tmp_path: Path) -> None:
    dossier = with_attachment(example_copy(tmp_path), "death_notice", "files/giay-bao-tu.pdf\x00.png")
    assert "NUL" in refused(dossier)


def test_a_list_instead_of_a_path_is_refused(dossier: Path) -> None:
    text = dossier.read_text(encoding="utf-8").replace(
        "death_notice: files/giay-bao-tu.pdf", "death_notice: [files/giay-bao-tu.pdf]"
    )
    dossier.write_text(text, encoding="utf-8")
    code, out = validate(str(dossier))
    assert code == 2 and "must be one file path" in out
