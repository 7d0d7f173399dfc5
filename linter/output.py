"""Write a file the user named as output, and nothing else.

A regular file is replaced atomically (readers see the old file or the new one, never half
of one).  A symlink is followed, so the link stays and its target gets the text.  A device,
pipe or other non-regular file (``/dev/stdout``, ``/proc/self/fd/1``) is written through:
renaming over it would replace the device node itself.  A path that is one of the run's
inputs is refused before anything is written.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from . import pipes
from .errors import UserError


def refuse_inputs(path: str | Path, inputs, flag: str) -> None:
    """A ``UserError`` if ``path`` is the same file as one of ``inputs`` (by device and inode,
    so links and other spellings of the path count)."""
    try:
        target = os.stat(path)
    except OSError:
        return  # nothing there yet: it cannot be an input
    if not stat.S_ISREG(target.st_mode):
        return  # writing to a terminal or pipe destroys nothing
    for p in inputs:
        try:
            st = os.stat(p)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
            raise UserError(f"{path}: {flag} would overwrite {p}, which this run reads; "
                            f"choose another file")


def write_atomic(path: str | Path, text) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends; or a binary file to copy) to ``path`` as
    described above; errors become a one-line ``UserError`` and leave the old file untouched
    (no temporary file is left)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        if mode is not None and not stat.S_ISREG(mode):
            with pipes.open_write(path) as handle:
                _write(handle, data)
            return
        _replace(Path(os.path.realpath(path)), data, mode)
    except OSError as exc:
        raise UserError(f"{path}: cannot write output: {exc.strerror or exc}") from None


def _replace(target: Path, data: bytes, mode: int | None) -> None:
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            _write(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else _new_file_mode())
        os.replace(tmp, target)
        tmp = None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _write(handle, data) -> None:
    if isinstance(data, bytes):
        handle.write(data)
    else:
        shutil.copyfileobj(data, handle)


def _new_file_mode() -> int:
    """The usual 0666 less the umask (mkstemp alone would leave the file private, 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
