"""Corpus mode: many policies in, one JSON line of results per policy out.

For crawls of thousands of policies: the input is JSON Lines (``{"id": ..., "text": ...}`` or
``{"id": ..., "path": ...}``; a file, gzip, bzip2 or xz compressed, or standard input) or a
folder (each policy file's id is its path inside it); the output (a file, or standard output)
gets one line per policy, in input order, written as each is done.  An output that
already holds lines is resumed: ids found there are not checked again (with ``retry_errors``,
those whose line is an error are, their old lines dropped), and a line cut short by an
interruption is dropped first; an output holding anything else is refused, untouched.
No configuration file is read (as ``--isolated``).

``lint_record`` is the pure function a distributed engine maps over a partitioned corpus
(see dask_corpus.py); ``run`` is the one-machine loop with ``-j`` processes.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from . import api, config, source
from .errors import UserError
from .formats.json_report import _file


_COMPRESSED = {".gz": "gzip", ".bz2": "bz2", ".xz": "lzma"}  # suffix -> the module that reads it


def records(input_path: str) -> Iterable[dict]:
    """The policies of a JSON Lines file (``-``: standard input; ``.gz``, ``.bz2`` and ``.xz``
    read as compressed) or a folder, as dicts with ``id`` and ``text`` or ``path``.  A
    folder's files are listed first, so its records have a length."""
    if Path(input_path).is_dir():
        return _Folder(input_path)
    return _file_records(input_path)


class _Folder:
    """A folder's policies: the listing is kept as names, each record made as it is read."""

    def __init__(self, folder: str):
        self.root, self.names = Path(folder), [name for name, _ in api.collect([folder])]

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self) -> Iterator[dict]:
        for name in self.names:
            yield {"id": Path(name).relative_to(self.root).as_posix(), "path": name}


def _file_records(input_path: str) -> Iterator[dict]:
    try:
        handle = _open(input_path)  # binary: decoded line by line, so an error can name its line
        with handle:
            yield from _lines(handle, input_path)
    except _read_errors() as exc:  # unreadable, or not the compressed file its name says
        raise UserError(f"{input_path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None


def _read_errors() -> tuple:
    import sys

    lzma = sys.modules.get("lzma")  # imported only for an .xz input
    return (OSError, EOFError) + ((lzma.LZMAError,) if lzma is not None else ())


def _open(input_path: str):
    import sys

    if input_path == "-":
        return open(sys.stdin.fileno(), "rb", closefd=False)
    from . import pipes

    module = _compression(input_path)
    if module is not None:
        import importlib

        # a named pipe is opened here, so that one with no writer cannot hang the reader
        source = pipes.open_read(input_path) if pipes.is_fifo(input_path) else input_path
        return importlib.import_module(module).open(source, "rb")
    return pipes.open_read(input_path)


def _lines(handle, input_path: str) -> Iterator[dict]:
    first_on: dict = {}  # id -> its line: ids name the results, and a resumed run skips done ids
    for n, raw in enumerate(handle, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UserError(f"{input_path}:{n}: not UTF-8 (byte {exc.start + 1} of the line); "
                            "JSON Lines are UTF-8") from None
        if not line.strip():
            continue
        rec = parse_line(line, f"{input_path}:{n}")
        seen = first_on.setdefault(rec["id"], n)
        if seen != n:
            raise UserError(f"{input_path}:{n}: duplicate id {rec['id']!r} (first on line {seen}); "
                            f"each policy needs an id of its own")
        yield rec


def parse_line(line: str, where: str) -> dict:
    """One input line as a policy record; ``where`` (file:line) starts the error message."""
    try:
        rec = json.loads(line[1:] if line.startswith("\ufeff") else line)  # a byte-order mark
    except ValueError as exc:
        raise UserError(f"{where}: not a JSON line: {exc}") from None
    if not (isinstance(rec, dict) and isinstance(rec.get("id"), (str, int))
            and (isinstance(rec.get("text"), str) or isinstance(rec.get("path"), str))):
        raise UserError(f'{where}: expected {{"id": ..., "text": ...}} or {{"id": ..., "path": ...}}')
    return rec


def _name(rec: dict) -> str:
    """The name a policy is reported under; its suffix picks the front end (else plain text)."""
    return rec["path"] if "path" in rec else str(rec["id"])


def _text(rec: dict, max_size: int) -> str:
    if "text" not in rec:
        return source.read(Path(rec["path"]), max_size)
    text = rec["text"]  # held to the limit a file is held to: the cost is the same
    if len(text) * 4 > max_size:  # (a character is 1 to 4 bytes of UTF-8: most need no count)
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > max_size:
            raise source.too_large(_name(rec), size, max_size, "text")
    return text


def new_run(regulations: tuple | None = None, rules=None):
    """The run ``lint_record`` checks with: no configuration files, these laws."""
    return api._Run(config.Options(isolated=True, regulations=regulations), rules)


def lint_record(rec: dict, run=None, max_size: int = source.MAX_SIZE) -> str:
    """One policy record -> its JSON line (``{"id", "path", "requirements", "findings"}``, or
    ``{"id", "error"}`` when its file cannot be read).  Pure, so any engine can map it."""
    run = run or _default_run()
    try:
        text = _text(rec, max_size)
    except UserError as exc:
        return _error_line(rec, exc)
    return _json_line(rec, run.lint(text, _name(rec), None), run)


def _json_line(rec: dict, result, run) -> str:
    return _dumps({"id": rec["id"], **_file(result, run._ran.__getitem__)})


def _dumps(entry: dict) -> str:
    line = json.dumps(entry, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (an id or text read as "\udcff"): kept escaped
        line = json.dumps(entry)
    return line


_run_cache = None


def _default_run():
    global _run_cache
    if _run_cache is None:
        _run_cache = new_run()
    return _run_cache


_RESULT_START = b'{"id": '  # how every line ``run`` writes begins


def done_ids(out: Path, retry_errors: bool = False) -> tuple[set, int]:
    """Ids already in ``out``.  Only a last line cut short by an interruption (no line end, begun
    as a result line) is removed; a file holding anything else is refused, never cut.  With
    ``retry_errors``, the error lines (policies that could not be checked) are removed too (the
    file is rewritten whole, then put in place), so that those ids are checked again.  Returns
    the ids and how many of them are error lines kept."""
    if not out.exists():
        return set(), 0
    if not out.is_file():
        raise UserError(f"{out}: --out is not a file; name a JSON Lines file for the results, "
                        "or - for standard output")
    ids, good, errored, drop = set(), 0, set(), set()
    with open(out, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            torn = not raw.endswith(b"\n")
            if torn and (raw.startswith(_RESULT_START) or _RESULT_START.startswith(raw)):
                break
            try:
                entry = json.loads(raw)
                ids.add(entry["id"])
            except (ValueError, KeyError, TypeError):
                raise UserError(f"{out}:{number}: not a line of corpus results, so --out would overwrite "
                                "another file; choose a new file or one an earlier corpus run wrote") from None
            if "error" in entry:
                errored.add(entry["id"])
                if retry_errors:
                    drop.add(number)
            good += len(raw)
    if drop:
        _rewrite_without(out, drop, good)
        return ids - errored, 0
    if good != out.stat().st_size:
        with open(out, "rb+") as handle:
            handle.truncate(good)
    return ids, len(errored)


def _rewrite_without(out: Path, drop: set, size: int) -> None:
    """``out``'s first ``size`` bytes without the lines numbered in ``drop``, written beside it
    and then put in its place, so an interruption leaves the old file or the new one."""
    import contextlib
    import shutil
    import tempfile

    copy = None
    try:
        with open(out, "rb") as old, tempfile.NamedTemporaryFile(
                "wb", dir=out.parent, prefix=f".{out.name}.", delete=False) as new:
            copy = new.name
            left = size
            for number, raw in enumerate(old, 1):
                if left <= 0:
                    break
                left -= len(raw)
                if number not in drop:
                    new.write(raw)
        shutil.copymode(out, copy)
        os.replace(copy, out)
    except BaseException:  # a full disk, Ctrl-C: the results file stays as it was, the copy goes
        if copy is not None:
            with contextlib.suppress(OSError):
                os.unlink(copy)
        raise


class Tally(NamedTuple):
    """What a corpus run did: lines written, ids already in the output, how many of the lines
    written are errors (a policy file that could not be read, a policy over the size limit),
    and how many of those already there are (left as they were, for want of ``retry_errors``)."""
    checked: int
    before: int
    unreadable: int
    unreadable_before: int = 0


def run(input_path: str, out: str, jobs: int | None = 1, regulations: tuple | None = None,
        max_size: int = source.MAX_SIZE, progress: bool = False, retry_errors: bool = False) -> Tally:
    """Check every policy of ``input_path`` not yet in ``out`` (``retry_errors``: and those
    whose line there is an error)."""
    if out == "-" and retry_errors:
        raise UserError("--retry-errors: standard output holds no earlier results; name the --out file")
    if out == "-":  # standard output: nothing to resume from
        import sys

        lint_run = new_run(regulations)
        recs = records(input_path)
        texts = _texts(recs, max_size)
        with open(sys.stdout.fileno(), "w", encoding="utf-8", newline="\n", closefd=False) as handle:
            checked, unreadable = _write(handle, _progress(texts, input_path, recs) if progress else texts,
                                         lint_run, _jobs(jobs))
            return Tally(checked, 0, unreadable)
    out_path = Path(out)
    if Path(input_path).resolve() == out_path.resolve():
        raise UserError(f"{out}: --out would overwrite the input; choose another file")
    done, failed_before = done_ids(out_path, retry_errors)
    recs = records(input_path)
    todo = (r for r in recs if r["id"] not in done)
    lint_run = new_run(regulations)
    texts: Iterable = _texts(todo, max_size)
    if progress:
        texts = _progress(texts, input_path, recs, len(done))
    jobs = _jobs(jobs)
    existed = out_path.exists()
    try:
        handle = open(out_path, "a", encoding="utf-8", newline="\n")
    except OSError as exc:  # e.g. a folder that does not exist
        raise UserError(f"{out}: cannot write: {exc.strerror or exc}") from None
    try:
        with handle:
            count, unreadable = _write(handle, texts, lint_run, jobs)
    except BaseException:
        if not existed and out_path.exists() and out_path.stat().st_size == 0:
            out_path.unlink()  # a run that stopped before its first line leaves no empty file
        raise
    return Tally(count, len(done), unreadable, failed_before)


def _jobs(jobs: int | None) -> int:
    return 1 if jobs == 1 else (jobs or api.auto_jobs(1 << 30))  # None: as many as for a large run


def _write(handle, texts, lint_run, jobs: int) -> tuple[int, int]:
    """Write each policy's line to ``handle`` in input order; returns (lines, error lines)."""
    count = unreadable = 0
    if jobs > 1:
        from . import parallel

        from collections import deque

        sent: deque = deque()  # (record, error) in input order, ahead of the results

        def pairs():
            for rec, text in texts:
                sent.append((rec, text if isinstance(text, UserError) else None))
                if not isinstance(text, UserError):
                    yield text, _name(rec)

        def errors_first():  # unreadable policies' lines go out in input order
            nonlocal count, unreadable
            while sent and sent[0][1] is not None:
                rec, exc = sent.popleft()
                handle.write(_error_line(rec, exc) + "\n")
                count += 1
                unreadable += 1

        for result in parallel.lint(lint_run, pairs(), jobs):
            errors_first()
            rec, _ = sent.popleft()
            handle.write(_json_line(rec, result, lint_run) + "\n")
            handle.flush()
            count += 1
        errors_first()
    else:
        for rec, text in texts:
            if isinstance(text, UserError):
                handle.write(_error_line(rec, text) + "\n")
                unreadable += 1
            else:
                handle.write(_json_line(rec, lint_run.lint(text, _name(rec), None), lint_run) + "\n")
            handle.flush()
            count += 1
    return count, unreadable


def _texts(recs, max_size):
    """(record, text), or (record, the UserError) for a policy file that cannot be read."""
    for rec in recs:
        try:
            yield rec, _text(rec, max_size)
        except UserError as exc:
            yield rec, exc


def _error_line(rec: dict, exc: Exception) -> str:
    return _dumps({"id": rec["id"], "error": str(exc)})


def _progress(items, input_path: str, recs=(), done: int = 0, stream=None):
    """A progress bar on a terminal, from tqdm when it is installed (``privacylint[corpus]``).

    Its total (less the ``done`` ids a resumed run skips) shows how far the run is and how
    long it has to go: a folder's records know their number; an uncompressed JSON Lines file
    is counted by a thread while the first policies are checked, the bar counting meanwhile."""
    import sys

    stream = stream or sys.stderr
    if not stream.isatty():
        return items
    try:
        from tqdm import tqdm
    except ImportError:
        return items
    listed = isinstance(recs, _Folder)
    bar = tqdm(items, total=max(len(recs) - done, 0) if listed else None, unit=" policies",
               file=stream, disable=os.environ.get("CI") is not None)

    def count() -> None:
        total = expected(input_path)
        if total is not None:
            bar.total = max(total - done, 0)

    if not (bar.disable or listed) and _countable(input_path):
        import threading

        threading.Thread(target=count, daemon=True, name="privacylint-count").start()
    return bar


def expected(input_path: str) -> int | None:
    """How many policies the JSON Lines file ``input_path`` holds, or None where counting
    would mean reading it twice (standard input, a compressed file) or it cannot be read."""
    if not _countable(input_path):
        return None
    try:
        with open(input_path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return None


def _compression(input_path: str) -> str | None:
    """The module that reads ``input_path`` compressed, or None for a plain file."""
    return _COMPRESSED.get(Path(input_path).suffix.lower())


def _countable(input_path: str) -> bool:
    from . import pipes

    # a pipe's lines can be read only once
    return input_path != "-" and _compression(input_path) is None and not pipes.is_fifo(input_path)
