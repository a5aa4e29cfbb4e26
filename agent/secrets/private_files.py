"""Run folders and everything in them are their owner's only: folders 0700, files 0600, whatever
the umask says. They hold evidence of filings (pages, traces, events) and saved sign-ins.

Files the browser writes itself (screenshots, traces) are made private right after; the folder
they are in is already closed to others, so nobody can read them in between.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` and its missing parents readable by their owner only. A folder that is
    already there keeps its mode: `--artifacts /tmp` must not close /tmp to everyone else."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    for created in missing:
        os.chmod(created, DIR_MODE)  # mkdir's mode is cut by the umask
    return path


def make_private(path: Path) -> None:
    """Close a file someone else (the browser) wrote to everybody but its owner."""
    if path.exists():
        os.chmod(path, FILE_MODE)


def write_private(path: Path, data: str | bytes) -> None:
    """Write a whole file only its owner can read."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(fd, FILE_MODE)  # an existing file keeps its old mode through O_CREAT
    with os.fdopen(fd, "wb") as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


def open_private_append(path: Path) -> TextIO:
    """Open a log file for appending, readable by its owner only."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    return os.fdopen(fd, "a", encoding="utf-8")
