"""Compile rule patterns: regex-module syntax, case-insensitive, with named sub-patterns.

A rule writes ``(?&email)`` to use the sub-pattern ``email`` defined once in a rulebook's
``patterns:`` map.  We expand references textually (recursively) before compiling, which is
cheaper than regex's DEFINE groups and keeps each compiled pattern self-contained.

Compiling is the largest cost of a run (hundreds of patterns, each parsed in Python), so a
pattern compiles on first use only, with the standard ``re`` engine when the pattern is within
its syntax; ``regex`` takes the rest.  For ``re`` patterns we also keep the compiled program
(the list of opcodes ``re`` builds before handing it to its C engine) in a cache file beside the
rulebook cache, so later runs skip parsing altogether.  The cache is keyed by the Python build;
if anything about it is off we fall back to ``re.compile``.
"""
from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path

import regex

from .errors import UserError
from .literals import necessary, prefixes

try:  # the pieces re.compile is made of; private, so guarded
    import _sre
    from re import _compiler, _parser

    _PROGRAMS_OK = True
    _PY_KEY = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{sys.version_info.micro}"
except ImportError:  # pragma: no cover - other Pythons
    _PROGRAMS_OK = False
    _PY_KEY = ""

_programs: dict[str, tuple] = {}
_analyses: dict[str, tuple] = {}
_programs_file: Path | None = None
_programs_dirty = False

_REF = regex.compile(r"\(\?&([A-Za-z_][A-Za-z0-9_]*)\)")
# Syntax only the regex module understands: \p{..} properties, possessive/atomic forms, sets.
_REGEX_ONLY = re.compile(r"\\[pPX]|\\[NG]|\(\?>|[*+?}]\+|\(\?[|&]|\(\?\(DEFINE|\[\[|\(\?V1")
_memo: dict[str, object] = {}


def expand(pattern: str, named: dict[str, str], _seen: tuple[str, ...] = ()) -> str:
    def sub(m: regex.Match) -> str:
        name = m.group(1)
        if name in _seen:
            raise UserError(f"named pattern {name!r} refers to itself")
        if name not in named:
            raise UserError(f"unknown named pattern (?&{name})")
        return "(?:" + expand(named[name], named, _seen + (name,)) + ")"

    return _REF.sub(sub, pattern)


def use_cache(directory: Path, key: str) -> None:
    """Load compiled programs saved by an earlier run with the same rulebook (``key``)."""
    global _programs_file
    if not _PROGRAMS_OK:
        return
    _programs_file = directory / f"programs-{key}-{_PY_KEY}.marshal"
    try:
        data = marshal.loads(_programs_file.read_bytes())
        if isinstance(data, dict):
            _programs.update(data.get("programs", {}))
            _analyses.update(data.get("analyses", {}))
    except (OSError, ValueError, EOFError, TypeError):
        pass
    atexit.register(save_cache)


def save_cache() -> None:
    global _programs_dirty
    if not (_programs_dirty and _programs_file):
        return
    _programs_dirty = False
    tmp = None
    try:
        data = marshal.dumps({"programs": _programs, "analyses": _analyses})
        _programs_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=_programs_file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, _programs_file)
    except (OSError, ValueError):  # a cache we cannot write only costs speed
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _re_compile(source: str):
    global _programs_dirty
    flags = re.IGNORECASE.value
    if _PROGRAMS_OK:
        program = _programs.get(source)
        if program is not None:
            try:
                return _sre.compile(source, *program)
            except (TypeError, ValueError, RuntimeError):
                pass
        try:
            parsed = _parser.parse(source, flags)
            code = _compiler._code(parsed, flags)
            groupindex = dict(parsed.state.groupdict)
            indexgroup = [None] * parsed.state.groups
            for k, i in groupindex.items():
                indexgroup[i] = k
            # opcodes are int subclasses; plain ints keep the program marshal-able
            program = (int(flags | parsed.state.flags), [int(x) for x in code],
                       int(parsed.state.groups - 1), groupindex, tuple(indexgroup))
            compiled = _sre.compile(source, *program)
            _programs[source] = program
            _programs_dirty = True
            return compiled
        except re.error:
            raise
        except Exception:  # the private pieces changed: use the public door
            pass
    return re.compile(source, flags)


def _compile(source: str):
    hit = _memo.get(source)
    if hit is None:
        if not _REGEX_ONLY.search(source):
            try:
                hit = _re_compile(source)
            except re.error:
                hit = None
        if hit is None:
            hit = regex.compile(source, regex.IGNORECASE)
        _memo[source] = hit
    return hit


def _top_level_alternation(source: str) -> bool:
    """True when ``source`` has a "|" outside any group or character class."""
    depth, i, in_class = 0, 0, False
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if source[i + 1:i + 2] == "]" or source[i + 1:i + 3] == "^]":
                i += 2 if source[i + 1] == "]" else 3
                continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def split_alternatives(source: str) -> list[str]:
    """The top-level alternatives of ``source``, with ``(?:a|b)`` wrappers opened up."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if source[i + 1:i + 2] == "]" or source[i + 1:i + 3] == "^]":
                i += 2 if source[i + 1] == "]" else 3
                continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    out = []
    for part in parts:
        if part.startswith("(?:") and part.endswith(")") and _wraps(part):
            inner = part[3:-1]
            out.extend(split_alternatives(inner) if _top_level_alternation(inner) else [inner])
        else:
            out.append(part)
    return out


def _wraps(part: str) -> bool:
    """Whether the "(" at the start of ``part`` closes at its very end."""
    depth, i, in_class = 0, 0, False
    while i < len(part):
        c = part[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i == len(part) - 1
        i += 1
    return False


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _boundary_at(text: str, s: int) -> bool:
    """Whether ``\\b`` holds at offset ``s`` of ``text``."""
    before = s > 0 and _is_word(text[s - 1])
    after = s < len(text) and _is_word(text[s])
    return before != after


def analyse(source: str) -> tuple:
    """What the matcher needs to know about a pattern beyond its compiled form.

    (necessary literals, literal prefixes, whether a leading ``\\b`` can be checked by hand,
    the sources of its top-level alternatives).  Pure Python and slow-ish, so cached on disk.
    """
    flags = re.IGNORECASE.value
    strip = source.startswith("\\b") and len(source) > 2 and not _top_level_alternation(source[2:])
    parts = split_alternatives(source) if _top_level_alternation(source) or source.startswith("(?:") \
        else [source]
    branches = tuple(parts) if len(parts) > 1 and all(parts) else None
    return necessary(source, flags), prefixes(source, flags), strip, branches


class Pattern:
    """A case-insensitive pattern compiled on first use.

    Python's ``re`` finds a literal or a set of first characters quickly, but a pattern that
    begins with ``\\b`` is tried at every position, several times slower.  Most rule patterns
    begin that way, so we compile them without the leading ``\\b`` and check the boundary for
    each candidate match ourselves.
    """

    __slots__ = ("source", "_compiled", "_info", "_branches")

    def __init__(self, source: str):
        self.source = source
        self._compiled = None
        self._info = None
        self._branches = None

    @property
    def info(self) -> tuple:
        if self._info is None:
            global _programs_dirty
            info = _analyses.get(self.source)
            if info is None:
                info = _analyses[self.source] = analyse(self.source)
                _programs_dirty = True
            self._info = info
        return self._info

    @property
    def literals(self) -> tuple[str, ...] | None:
        """Lower-cased strings one of which every match contains (None: no such set known)."""
        return self.info[0]

    @property
    def prefixes(self) -> tuple[str, ...] | None:
        """Lower-cased strings one of which every match starts with (None: not known)."""
        return self.info[1]

    @property
    def branches(self) -> "list[Pattern] | None":
        """The alternatives of a union (``a|b|c``) as patterns of their own, else None.

        A union of unlike parts (e-mail | phone | address) has no literal in common, but most
        of its parts do; searching them one by one lets each use its own literals.
        """
        if self._branches is None and self.info[3]:
            self._branches = [Pattern(p) for p in self.info[3]]
        return self._branches

    @property
    def compiled(self):
        if self._compiled is None:
            self._compiled = self._compile()
        return self._compiled

    def _compile(self):
        if self.info[2]:
            try:
                return _compile(self.source[2:])
            except (re.error, regex.error):
                self._info = self.info[:2] + (False,) + self.info[3:]
        return _compile(self.source)

    def match_at(self, text: str, pos: int, endpos: int):
        """A match starting exactly at ``pos`` (with the leading boundary checked), or None."""
        compiled = self.compiled
        if self._info[2] and not _boundary_at(text, pos):
            return None
        return compiled.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        compiled = self.compiled
        end = len(text) if endpos is None else endpos
        if not self._info[2]:
            yield from compiled.finditer(text, pos, end)
            return
        while pos <= end:
            m = compiled.search(text, pos, end)
            if m is None:
                return
            s = m.start()
            if _boundary_at(text, s):
                yield m
                pos = m.end() if m.end() > s else s + 1
            else:
                pos = s + 1

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        for m in self.finditer(text, pos, endpos):
            return m
        return None


def compile_pattern(pattern: str, named: dict[str, str]) -> Pattern:
    """A lazily compiled pattern (see ``rulebook.check_pattern`` for the load-time check)."""
    return Pattern(expand(pattern, named))
