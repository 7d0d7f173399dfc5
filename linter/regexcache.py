"""A disk cache for compiled ``re`` programs and pattern analyses.

Compiling is the largest cost of a run: hundreds of patterns, each parsed in Python.  ``re``
parses a pattern into a list of opcodes and hands it to its C engine; we keep that list (and
the analysis of ``analysis.analyse``) in a file beside the rulebook cache, so later runs with
the same rulebook skip parsing.  It is keyed by the Python build, and if anything about the
private pieces is off we fall back to ``re.compile``.
"""
from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
import zlib
from pathlib import Path

try:  # the pieces re.compile is made of; private, so guarded
    import _sre
    from array import array
    from re import _compiler, _parser

    _PROGRAMS_OK = array("I").itemsize == _sre.CODESIZE  # programs are kept as bytes
    _PY_KEY = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{sys.version_info.micro}"
except ImportError:  # pragma: no cover - other Pythons
    _PROGRAMS_OK = False
    _PY_KEY = ""

FORMAT = 21  # bump when what is cached changes, analyses included (see analysis.py)
# The programs file holds an index and the entries' marshal bytes; an entry is read (and its
# checksum checked) when a run first asks for it: a run uses a few hundred of the thousands
# of patterns a rulebook's runs have compiled, and reading them all cost more than the rest
# of the rulebook's load.  ``_programs``/``_analyses`` hold the entries read or made (or
# marshal bytes, read on first use); ``_unread_*`` where the others are in ``_blob``.
_programs: dict[str, tuple | bytes] = {}
_analyses: dict[str, tuple | bytes] = {}
_unread_programs: dict[str, int] = {}  # key -> number of its entry in the file
_unread_analyses: dict[str, int] = {}
_locs = array("I") if _PROGRAMS_OK else None  # (offset, length, adler32) of each entry, in turn
_blob = memoryview(b"")
ANALYSIS_FIELDS = 11  # the length of ``analysis.analyse``'s tuple (a cached one of another length is redone)
_regex_only: set[str] = set()  # patterns ``re`` refused (a variable-width look-behind, say)
_programs_file: Path | None = None
_programs_dirty = False
_INDEXED = b"PLC3"  # magic, adler32 of the index (and name), index length, index, entries


def use_cache(directory: Path, key: str) -> None:
    """Load compiled programs saved by an earlier run with the same rulebook (``key``)."""
    global _programs_file
    if not _PROGRAMS_OK:
        return
    global _programs_dirty
    _programs_file = directory / f"programs-{key}-{_PY_KEY}.marshal"
    try:
        data = _programs_file.read_bytes()
    except OSError:
        data = b""
    if not _load_indexed(_programs_file.name, data):
        _programs_dirty = True  # missing or damaged: rewrite it at exit
    atexit.register(save_cache)


def _load_indexed(name: str, data: bytes) -> bool:
    """Take in the index of a programs file (False when it is not one, or damaged)."""
    global _blob
    found = read_index(name, data)
    if found is None:
        return False
    (programs, analyses, locs, regex_only), blob = found
    # a second file (a team's rulebook beside ours) replaces the first's entries not yet read
    # (the numbers point into one file); those read stay: a program depends on its source only
    _unread_programs.clear()
    _unread_analyses.clear()
    del _locs[:]
    _locs.frombytes(locs)
    _unread_programs.update(zip(programs, range(len(programs))))
    _unread_analyses.update(zip(analyses, range(len(programs), len(programs) + len(analyses))))
    _regex_only.update(regex_only)
    _blob = blob
    return True


def read_index(name: str, data: bytes):
    """(index, entries) of a programs file named ``name``, or None when ``data`` is not one
    or its index is damaged (each entry is checked when it is read)."""
    if data[:4] != _INDEXED or len(data) < 12:
        return None
    size = int.from_bytes(data[8:12], "big")
    view = memoryview(data)
    head = view[12:12 + size]
    if len(head) != size or int.from_bytes(data[4:8], "big") != _sum(name, head):
        return None
    try:
        index = marshal.loads(head)
    except (ValueError, EOFError, TypeError):
        return None
    if not (isinstance(index, tuple) and len(index) == 4 and isinstance(index[0], tuple)
            and isinstance(index[1], tuple) and isinstance(index[2], bytes)
            and isinstance(index[3], list) and all(isinstance(s, str) for s in index[3])
            and len(index[2]) == 12 * (len(index[0]) + len(index[1]))):
        return None
    return index, view[12 + size:]


def _raw(i: int):
    """The marshal bytes of stored entry ``i``, or None when its checksum fails."""
    off, n, check = _locs[3 * i], _locs[3 * i + 1], _locs[3 * i + 2]
    raw = _blob[off:off + n]
    if len(raw) == n and zlib.adler32(raw) == check:
        return raw
    global _programs_dirty
    _programs_dirty = True  # damaged: written again at exit, without it
    return None


def _entry(table: dict, key: str, size: int, unread: dict | None = None) -> tuple | None:
    """``table[key]``, read from its marshal bytes on first use (None: absent or not the
    marshal bytes of a tuple of ``size``, then dropped so that it is made anew); ``unread``:
    where the entries not read yet are in the file."""
    value = table.get(key)
    if value is None:
        i = unread.pop(key, None) if unread is not None else None
        if i is None:
            return None
        value = _raw(i)
        if value is None:
            return None
    elif type(value) is tuple and len(value) == size:  # read before
        return value
    try:
        value = marshal.loads(value)
    except (ValueError, EOFError, TypeError):
        value = None
    if not (isinstance(value, tuple) and len(value) == size):
        table.pop(key, None)
        return None
    table[key] = value
    return value


def _dumped(table: dict, unread: dict) -> dict:
    """Every entry of ``table`` as marshal bytes, those never read (``unread``) included."""
    out = {k: v if isinstance(v, bytes) else marshal.dumps(v) for k, v in table.items()}
    for k, i in unread.items():
        if k not in out:
            raw = _raw(i)
            if raw is not None:
                out[k] = bytes(raw)
    return out


def _indexed(name: str, programs: dict, analyses: dict, regex_only: list) -> bytes:
    """A programs file: its index, then the entries' marshal bytes (see ``_load_indexed``)."""
    locs, parts, off = array("I"), [], 0
    for table in (programs, analyses):
        for raw in table.values():
            locs.extend((off, len(raw), zlib.adler32(raw)))
            parts.append(raw)
            off += len(raw)
    head = marshal.dumps((tuple(programs), tuple(analyses), locs.tobytes(), regex_only))
    return _INDEXED + _sum(name, head).to_bytes(4, "big") + len(head).to_bytes(4, "big") + head + b"".join(parts)


# A cache file is marshal data behind a checksum of itself and of its name (the name holds
# the hash of the rulebook it was made from): a damaged or misplaced file is rebuilt rather
# than believed.  marshal.loads of a damaged file can return anything, or raise.
_MAGIC = b"PLC2"  # PLC1 used crc32, three times slower to check than adler32 on these files


def _sum(name: str, data) -> int:
    """The checksum of ``data`` as stored in the file ``name`` (a file moved is not believed)."""
    return zlib.adler32(data, zlib.adler32(name.encode()))


def seal(name: str, obj) -> bytes:
    body = marshal.dumps(obj)
    return _MAGIC + _sum(name, body).to_bytes(4, "big") + body


def unseal(name: str, data: bytes):
    """The object ``seal(name, obj)`` stored, or None when ``data`` is not exactly that."""
    body = memoryview(data)[8:]  # not a copy
    if data[:4] != _MAGIC or int.from_bytes(data[4:8], "big") != _sum(name, body):
        return None
    try:
        return marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None


def save_cache() -> None:
    global _programs_dirty
    if not (_programs_dirty and _programs_file):
        return
    _programs_dirty = False
    try:
        write_atomic(_programs_file, _indexed(_programs_file.name, _dumped(_programs, _unread_programs),
                                              _dumped(_analyses, _unread_analyses), sorted(_regex_only)))
    except (OSError, ValueError):  # a cache we cannot write only costs speed
        pass


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a reader never sees half a file."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


_FLAGS = re.IGNORECASE.value


def has_program(source: str) -> bool:
    return source in _programs or source in _unread_programs


def needs_regex(source: str) -> bool:
    """Whether an earlier run found ``source`` outside ``re``'s syntax."""
    return source in _regex_only


def mark_regex(source: str) -> None:
    """Remember that ``re`` cannot compile ``source``, so later runs go to ``regex`` at once."""
    global _programs_dirty
    if source not in _regex_only:
        _regex_only.add(source)
        _programs_dirty = True


def compile_re(source: str, text: str | None = None, flags: int = _FLAGS):
    """``re.compile(source, flags)`` (IGNORECASE by default), from the cached program when
    there is one.

    ``text``, when given, is what ``re`` compiles for ``source`` (its ``re`` spelling, see
    ``properties``); the program is cached under ``source``.  A program's code is kept as
    bytes, which marshal reads in one piece; only the programs a run uses are turned back
    into the list ``_sre`` wants."""
    global _programs_dirty
    text = source if text is None else text
    key = source if flags == _FLAGS else f"\0{flags}\0{source}"  # no pattern starts with NUL
    if _PROGRAMS_OK:
        program = _entry(_programs, key, 5, _unread_programs)
        if program is not None:
            try:
                f, code, groups, groupindex, indexgroup = program
                return _sre.compile(text, f, array("I", code).tolist(), groups, groupindex, indexgroup)
            except (TypeError, ValueError, RuntimeError):
                pass
        try:
            parsed = _parser.parse(text, flags)
            code = _compiler._code(parsed, flags)
            groupindex = dict(parsed.state.groupdict)
            indexgroup = [None] * parsed.state.groups
            for k, i in groupindex.items():
                indexgroup[i] = k
            program = (int(flags | parsed.state.flags), array("I", code).tobytes(),
                       int(parsed.state.groups - 1), groupindex, tuple(indexgroup))
            compiled = _sre.compile(text, program[0], list(code), *program[2:])
            _programs[key] = program
            _programs_dirty = True
            return compiled
        except re.error:
            raise
        except Exception:  # the private pieces changed: use the public door
            pass
    return re.compile(text, flags)


def analysis_of(source: str) -> tuple:
    """The cached ``analysis.analyse(source)``."""
    global _programs_dirty
    info = _entry(_analyses, source, ANALYSIS_FIELDS, _unread_analyses)
    if info is None:
        from .analysis import analyse  # only when the rulebook changed

        info = _analyses[source] = analyse(source)
        _programs_dirty = True
    return info


class Lazy:
    """A module's own pattern, compiled when first used, from the program cache.

    Compiling a module's patterns at import costs every run milliseconds; by the time a
    document is read the rulebook has loaded the cache (``use_cache``), so most come from
    there.  Behaves as the compiled pattern (its methods are fetched once)."""

    def __init__(self, source: str, flags: int = 0):
        self._source, self._flags = source, int(flags)

    def __getattr__(self, name: str):  # only for names not set yet
        if name == "_compiled":
            self._compiled = compile_re(self._source, flags=self._flags)
            for method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"):
                setattr(self, method, getattr(self._compiled, method))
            return self._compiled
        return getattr(self._compiled, name)
