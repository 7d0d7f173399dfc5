"""Open a file the user named without hanging on a named pipe (FIFO) with nobody at the other end.

Opening a FIFO blocks until another process opens its other end, so ``privacylint check
stale.fifo`` or ``-o stale.fifo`` used to wait for ever.  A pipe that has a writer (process
substitution, ``/dev/stdin`` fed by a pipeline) or a reader (``-o >(gzip > report.gz)``)
opens at once, as before.  Otherwise reading waits up to ``WAIT`` seconds for a writer (one
started just after privacylint still gets through) and writing fails at once; both raise an
``OSError`` whose message says why, which callers turn into their one-line error.
"""
from __future__ import annotations

import errno
import os
import stat

WAIT = 5.0  # seconds a named pipe may take to get a writer


def is_fifo(path) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def open_read(path):
    """``open(path, "rb")``, or an ``OSError`` when ``path`` is a named pipe that gets no writer
    within ``WAIT`` seconds."""
    if not is_fifo(path):
        return open(path, "rb")
    import threading  # only for a pipe: a plain file's run never needs it

    opened: list = []
    failed: list = []

    def attempt() -> None:
        try:
            opened.append(open(path, "rb"))
        except OSError as exc:
            failed.append(exc)

    # Only a thread can give up on a blocking open; the pipe's own writer end, opened and
    # closed here, lets the abandoned open return (it then reads an empty pipe and is closed).
    waiter = threading.Thread(target=attempt, daemon=True)
    waiter.start()
    waiter.join(WAIT)
    if waiter.is_alive():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
        waiter.join(1.0)
        for handle in opened:
            handle.close()
        raise OSError(errno.ETIMEDOUT, f"a named pipe that no process wrote to within {WAIT:g} s")
    if failed:
        raise failed[0]
    return opened[0]


def open_write(path, mode: str = "wb", **kwargs):
    """``open(path, mode)``, or an ``OSError`` at once when ``path`` is a named pipe that no
    process is reading from."""
    if not is_fifo(path):
        return open(path, mode, **kwargs)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | (os.O_APPEND if "a" in mode else 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "a named pipe that no process is reading from") from None
        raise
    os.set_blocking(fd, True)  # the reader is there: write as to any pipe
    return os.fdopen(fd, mode, **kwargs)
