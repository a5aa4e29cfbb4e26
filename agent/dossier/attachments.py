"""Files attached to a dossier: where they may live, what they must be, and how big.

Where: a dossier names its files relative to its own folder, and they must stay inside it
(or inside the folder the user allows with `--attachments-root`) once symlinks are resolved. A
dossier handed over by someone else could otherwise upload `~/.ssh/id_rsa` or `/etc/passwd` to a
government portal under a citizen's name.

What: the type is read from the content, not the name (magic bytes, via `filetype`), and the
format's own structure must be there too (a PDF's `%%EOF` and cross-reference, PNG's IHDR/IEND,
JPEG's end marker), so a text file behind a PDF header is caught here rather than refused by the
portal halfway through a filing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import filetype

#: Allowed content types and the file-name endings each may carry.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
MAX_SIZE_ENV = "DVC_AGENT_MAX_UPLOAD_MB"
DEFAULT_MAX_MB = 6.0  # the strictest published per-file cap (../shared/reference/portals.md §6.3)
#: How far from the end a format's closing marker may sit (writers append a newline or padding).
TAIL_BYTES = 1024
#: How much of a file's start its type is recognised by (what `filetype` reads).
SIGNATURE_BYTES = 8192

HINT = "attach a scan as PDF, JPEG or PNG (path relative to the dossier file), at most the size limit"
PLACE_HINT = (
    "write the path relative to the dossier file and keep the file in its folder, "
    "or allow another folder with --attachments-root DIR"
)


class AttachmentRefused(ValueError):
    """An attachment path or file that must not be uploaded; `hint` says how to fix it."""

    def __init__(self, message: str, hint: str = HINT) -> None:
        super().__init__(message)
        self.hint = hint


def max_size_bytes() -> int:
    return int(float(os.environ.get(MAX_SIZE_ENV, DEFAULT_MAX_MB)) * 1024 * 1024)


def resolve_attachment(written: str, base_dir: Path, root: Path | None = None) -> Path:
    """The real file a dossier's attachment path names, refused when it leaves the allowed folder.

    `written` is relative to `base_dir` (the dossier's folder); the allowed folder is `root`
    when the user named one, else `base_dir`. An absolute path is judged like any other (only
    inside the allowed folder); `~` is never expanded.
    """
    text = written.strip()
    if "\x00" in text:
        raise AttachmentRefused("the path contains a NUL character", PLACE_HINT)
    if text.startswith("~"):
        raise AttachmentRefused(f"{text}: `~` (a home folder) is not allowed in a dossier", PLACE_HINT)
    given = Path(text)
    try:
        allowed = (root or base_dir).resolve()
        target = (base_dir / given).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop, a name too long for the system
        raise AttachmentRefused(f"{text}: cannot be resolved ({exc})", PLACE_HINT) from None
    if target.is_relative_to(allowed):
        return target
    where = "the allowed folder" if root else "the dossier's folder"
    if given.is_absolute():
        raise AttachmentRefused(f"{text} is outside {where} ({allowed})", PLACE_HINT)
    if ".." in given.parts:
        raise AttachmentRefused(f"{text} leads outside {where} ({allowed})", PLACE_HINT)
    raise AttachmentRefused(f"{text} is a link to {target}, outside {where} ({allowed})", PLACE_HINT)


def sniff_type(path: Path) -> str | None:
    """Content type from magic bytes (PDF, JPEG, PNG…), None when unknown."""
    with path.open("rb") as handle:
        return sniff_bytes(handle.read(SIGNATURE_BYTES))


@lru_cache(maxsize=64)
def sniff_bytes(head: bytes) -> str | None:
    """`sniff_type` of a file's first `SIGNATURE_BYTES`; cached by those bytes, because trying
    every known format's signature is slow and a batch attaches the same few files to many rows."""
    kind = filetype.guess(bytearray(head))
    return kind.mime if kind else None


def read_ends(path: Path, size: int) -> tuple[bytes, bytes]:
    """The file's first `SIGNATURE_BYTES` and last `TAIL_BYTES` (one open, two reads)."""
    with path.open("rb") as handle:
        head = handle.read(SIGNATURE_BYTES)
        handle.seek(max(0, size - TAIL_BYTES))
        tail = handle.read()
    return head, tail


def structure_problem(path: Path, content_type: str) -> str | None:
    """What the file lacks of its format's structure beyond the magic bytes, or None."""
    head, tail = read_ends(path, path.stat().st_size)
    return ends_problem(head, tail, content_type)


def ends_problem(head: bytes, tail: bytes, content_type: str) -> str | None:
    """`structure_problem` judged from the file's first and last bytes (see `read_ends`)."""
    if content_type == "application/pdf":
        if b"%%EOF" not in tail:
            return "has a PDF header but no %%EOF end marker (not a whole PDF)"
        if b"startxref" not in tail and b"trailer" not in tail:
            return "has a PDF header but no cross-reference (startxref/trailer): not a real PDF"
    elif content_type == "image/png":
        if head[12:16] != b"IHDR":
            return "has a PNG signature but no IHDR header chunk (not a real PNG)"
        if b"IEND\xaeB`\x82" not in tail:
            return "has a PNG signature but no IEND end chunk (not a whole PNG)"
    elif content_type == "image/jpeg" and b"\xff\xd9" not in tail:
        return "has a JPEG header but no end-of-image marker (not a whole JPEG)"
    return None


def check_attachment(path: Path) -> str | None:
    """None when the file is fine to upload, else what is wrong (the hint is `HINT`)."""
    try:
        return _file_problem(path)
    except OSError as exc:
        return f"file {path.name} cannot be read ({exc.strerror or exc})"


def _file_problem(path: Path) -> str | None:
    if not path.exists():
        return f"file {path} does not exist"
    if not path.is_file():
        return f"{path} is not a file"
    size = path.stat().st_size
    if size == 0:
        return f"file {path.name} is empty"
    if size > max_size_bytes():
        return (
            f"file {path.name} is {size / 1048576:.1f} MB, over the {max_size_bytes() / 1048576:.3g} MB limit"
        )
    head, tail = read_ends(path, size)
    content_type = sniff_bytes(head)
    if content_type not in ALLOWED_TYPES:
        looks_like = content_type or "unknown data"
        return f"file {path.name} is not a PDF, JPEG or PNG (content looks like {looks_like})"
    if path.suffix.lower() not in ALLOWED_TYPES[content_type]:
        return f"file {path.name} is named {path.suffix or '(no extension)'} but contains {content_type}"
    problem = ends_problem(head, tail, content_type)
    return f"file {path.name} {problem}" if problem else None


# ---- one answer per path ------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What `judge` says of one written attachment path: the file to upload, or what is wrong."""

    path: Path | None
    problem: str = ""
    hint: str = ""


Judge = Callable[[str, Path, Path | None], Verdict]
_snapshot: ContextVar[Judge | None] = ContextVar("attachment_snapshot", default=None)


def judge(written: str, base_dir: Path, root: Path | None = None) -> Verdict:
    """`resolve_attachment`, then `check_attachment`, as one answer (inside `snapshot()`, once
    per path)."""
    remembered = _snapshot.get()
    return remembered(written, base_dir, root) if remembered else _judge(written, base_dir, root)


def _judge(written: str, base_dir: Path, root: Path | None) -> Verdict:
    try:
        path = resolve_attachment(written, base_dir, root)
    except AttachmentRefused as exc:
        return Verdict(None, str(exc), exc.hint)
    problem = check_attachment(path)
    return Verdict(None, problem, HINT) if problem else Verdict(path)


@contextlib.contextmanager
def snapshot() -> Iterator[None]:
    """Judge each attachment path once while the block runs, as the files are when first looked
    at: a batch names the same scan in thousands of rows, and resolving and reading it costs more
    than validating a row. Outside such a block every call looks at the disk again, so a file
    changed between two validations is seen as changed."""
    token = _snapshot.set(lru_cache(maxsize=4096)(_judge))
    try:
        yield
    finally:
        _snapshot.reset(token)
