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
    from . import rundate

    rundate.set_as_of(day)  # every worker judges by the parent's date, even past midnight
    if _run is None:
        from .api import _Run

        _run = _Run(options, rules)


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
