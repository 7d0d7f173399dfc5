"""Check files in worker processes; results come back in the order the files were given.

The parent reads each file and does the run's bookkeeping for it (settings, configuration
checks: ``_Run.prepare``), so errors surface exactly where a one-process run raises them;
a worker lints the text with its own copy of the run and returns the ``FileResult``.
At most a few files per worker are in flight, so memory does not grow with the file count.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from pathlib import Path

_run = None  # the worker's run: inherited when forked, else rebuilt by _start
IN_FLIGHT = 4  # files per worker sent ahead
PER_CORE = 4  # most processes per core: beyond that they only wait for each other (and
# "-j 99999" forked until the machine ran out of memory)


def _start(options, rules, day: str) -> None:
    global _run
    _quiet_ending()
    from . import rundate

    rundate.set_as_of(day)  # every worker judges by the parent's date, even past midnight
    if _run is None:
        from .api import _Run

        _run = _Run(options, rules)


def _quiet_ending() -> None:
    """A worker ends without a word when the run does.  Ctrl-C reaches every process of the
    terminal's group: only the parent acts on it (it stops the pool)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()


def die_with_parent() -> None:
    """End this worker process when its parent dies (Linux), instead of leaving it to finish
    its policies for nobody and print the traceback of a result it can no longer send (the
    Dask path's local workers call it too)."""
    import signal
    import sys

    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, if forked
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass


def _stop_on_sigterm():
    """In the parent, a ``kill`` ends the run as Ctrl-C does: the pool is stopped and files
    closed on the way out (exit status 143).  Returns the handler to put back, or None when
    this is not the main thread (a library caller's thread cannot set handlers) or the
    caller has a handler of its own."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    if signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        return None  # a handler the caller set stays theirs

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, stop)


def _lint(text: str, path: str):
    return _run.lint(text, path, Path(path))


def _context():
    # fork shares the loaded rulebook and compiled patterns with the workers at no cost
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def lint(run, texts, jobs: int):
    """Yield ``run.lint(text, path, Path(path))`` for each (text, path) of ``texts``, in order."""
    global _run
    from .api import cores

    jobs = min(jobs, PER_CORE * cores())
    ctx = _context()
    forked = ctx.get_start_method() == "fork"
    if forked:
        _run = run
    from . import rundate

    pool = ctx.Pool(jobs, _start, (run.options, run.base_rules, rundate.today().isoformat()))
    before = _stop_on_sigterm()
    try:
        pending: deque = deque()
        for text, path in texts:
            run.prepare(Path(path))  # the parent's bookkeeping, in file order
            pending.append(pool.apply_async(_lint, (text, path)))
            while len(pending) >= jobs * IN_FLIGHT:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
    finally:
        if forked:
            _run = None
        pool.terminate()
        pool.join()
        if before is not None:
            import signal

            signal.signal(signal.SIGTERM, before)
