"""Files attached to a dossier: they must exist, be a PDF/JPEG/PNG by content, and fit the limit.

The type is read from the file's first bytes, not its name, so a renamed executable or a PNG
called `.pdf` is caught here rather than refused by the portal halfway through a filing.
"""

from __future__ import annotations

import os
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


def max_size_bytes() -> int:
    return int(float(os.environ.get(MAX_SIZE_ENV, DEFAULT_MAX_MB)) * 1024 * 1024)


def sniff_type(path: Path) -> str | None:
    """Content type from magic bytes (PDF, JPEG, PNG…), None when unknown."""
    kind = filetype.guess(str(path))
    return kind.mime if kind else None


def check_attachment(path: Path) -> str | None:
    """None when the file is fine to upload, else what is wrong (the hint follows in `hint_for`)."""
    if not path.exists():
        return f"file {path} does not exist"
    if not path.is_file():
        return f"{path} is not a file"
    size = path.stat().st_size
    if size == 0:
        return f"file {path.name} is empty"
    if size > max_size_bytes():
        return (
            f"file {path.name} is {size / 1048576:.1f} MB, over the {max_size_bytes() / 1048576:g} MB limit"
        )
    content_type = sniff_type(path)
    if content_type not in ALLOWED_TYPES:
        looks_like = content_type or "unknown data"
        return f"file {path.name} is not a PDF, JPEG or PNG (content looks like {looks_like})"
    if path.suffix.lower() not in ALLOWED_TYPES[content_type]:
        return f"file {path.name} is named {path.suffix or '(no extension)'} but contains {content_type}"
    return None


HINT = "attach a scan as PDF, JPEG or PNG (path relative to the dossier file), at most the size limit"
