"""Atomic file writing: a half-written output file never replaces a good one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, TextIO

__all__ = ["atomic_write"]


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, else 0o666 less the umask (mkstemp makes 0o600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def atomic_write(path: str | os.PathLike, write: Callable[[TextIO], None]) -> Path:
    """Write through ``write(fh)`` (UTF-8 text) into a temporary file beside ``path``, then
    replace ``path`` with it in one step, and return ``path``.

    The temporary file is created first, so an unwritable folder fails before any work is done.
    On any failure the ``OSError`` (or whatever ``write`` raised) propagates, the temporary file
    is removed, and an earlier file at ``path`` keeps its content.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
