"""Compile rule patterns: regex-module syntax, case-insensitive, with named sub-patterns.

A rule writes ``(?&email)`` to use the sub-pattern ``email`` defined once in a rulebook's
``patterns:`` map.  We expand references textually (recursively) before compiling, which is
cheaper than regex's DEFINE groups and keeps each compiled pattern self-contained.

A pattern compiles on first use only, with the standard ``re`` engine when the pattern is
within its syntax (its programs can be cached on disk, see ``regexcache``); ``regex`` takes
the rest.
"""
from __future__ import annotations

import re

from . import regexcache
from .regexcache import Lazy
from .errors import UserError

_REF = r"\(\?&([A-Za-z_][A-Za-z0-9_]*)\)"  # compiled when first needed: cached rulebooks skip it
# Syntax only the regex module understands: \p{..} properties, possessive/atomic forms, sets.
_REGEX_ONLY = Lazy(r"\\[pPX]|\\[NG]|\(\?>|[*+?}]\+|\(\?[|&]|\(\?\(DEFINE|\[\[|\(\?V1")
_memo: dict[str, object] = {}


def expand(pattern: str, named: dict[str, str], _seen: tuple[str, ...] = ()) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name in _seen:
            raise UserError(f"named pattern {name!r} refers to itself")
        if name not in named:
            raise UserError(f"unknown named pattern (?&{name})")
        return "(?:" + expand(named[name], named, _seen + (name,)) + ")"

    return re.sub(_REF, sub, pattern)


# Patterns from a team's rulebook are untrusted: one with nested repetition such as
# ``(a+)+$`` takes exponential time on a line of a's.  They are compiled with ``regex``, whose
# matching can be stopped, and each rule gets this many seconds per file for all of them.
RULE_TIME_LIMIT = 2.0
_deadline: float | None = None


class PatternTimeout(Exception):
    """A bounded pattern used up its rule's time on this document."""

    def __init__(self, source: str):
        super().__init__(f"pattern {source[:60]!r} took longer than {RULE_TIME_LIMIT:g} s")
        self.source = source


def arm() -> None:
    """Start a new time budget (the engine calls this before each rule)."""
    global _deadline
    _deadline = None


def _remaining(source: str) -> float:
    global _deadline
    import time

    now = time.monotonic()
    if _deadline is None:
        _deadline = now + RULE_TIME_LIMIT
    left = _deadline - now
    if left <= 0:
        raise PatternTimeout(source)
    return left


class _Bounded:
    """A ``regex`` pattern whose every search is cut off when the rule's budget runs out."""

    __slots__ = ("_re", "source")

    def __init__(self, compiled, source: str):
        self._re, self.source = compiled, source

    def _call(self, method, text, pos, endpos):
        try:
            return method(text, pos, endpos, timeout=_remaining(self.source))
        except TimeoutError:
            raise PatternTimeout(self.source) from None

    def search(self, text, pos=0, endpos=None):
        return self._call(self._re.search, text, pos, endpos)

    def match(self, text, pos=0, endpos=None):
        return self._call(self._re.match, text, pos, endpos)

    def finditer(self, text, pos=0, endpos=None):
        it = self._re.finditer(text, pos, endpos, timeout=_remaining(self.source))
        while True:
            try:
                m = next(it)
            except StopIteration:
                return
            except TimeoutError:
                raise PatternTimeout(self.source) from None
            yield m
            _remaining(self.source)  # the budget also counts the time between matches


def _compile_bounded(source: str):
    key = ("bounded", source)
    hit = _memo.get(key)
    if hit is None:
        import regex

        hit = _memo[key] = _Bounded(regex.compile(source, regex.IGNORECASE), source)
    return hit


def _compile(source: str):
    hit = _memo.get(source)
    if hit is None:
        # a cached program is for ``re``; only a new pattern is checked for regex-only syntax,
        # by its look and by what earlier runs learnt (``re`` refusing a look-behind, say)
        if regexcache.has_program(source) or not (_REGEX_ONLY.search(source)
                                                  or regexcache.needs_regex(source)):
            try:
                hit = regexcache.compile_re(source)
            except re.error:
                regexcache.mark_regex(source)
                hit = None
        if hit is None:
            hit = _outside_re(source)
        _memo[source] = hit
    return hit


def _outside_re(source: str):
    """A pattern outside ``re``'s syntax: rewritten for ``re`` where that gives the same
    matches (``properties``, ``lookbehind``), else compiled by ``regex``."""
    if "\\p{" in source or "\\P{" in source:
        from . import properties

        text = properties.for_re(source)
        if text is not None:
            try:
                return regexcache.compile_re(source, text)
            except re.error:
                pass
    if source.startswith("(?<"):
        from . import lookbehind

        parts = lookbehind.split(source)
        if parts is not None:
            negative, back, body = parts
            try:
                return lookbehind.LookBehind(negative, regexcache.compile_re(back), _compile(body))
            except re.error:
                pass
    import regex  # only for the few patterns left outside re's syntax

    return regex.compile(source, regex.IGNORECASE)


def prefixes_only(info: tuple) -> tuple[str, ...] | None:
    """An analysis's prefixes when every match starts with one of them (none near a digit,
    at a line start or at the word before a prefix), else None."""
    return info[1] if info[6] is None and not info[8] and info[9] is None else None


_ASCII_RUNS = Lazy(r"[\x00-\x7f]+")


def non_ascii(text: str) -> set[str]:
    """The characters of ``text`` outside ASCII (cut out in C first: ``set`` of a whole policy
    costs a step per character)."""
    return set(_ASCII_RUNS.sub("", text))


def is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def boundary_at(text: str, s: int) -> bool:
    """Whether ``\\b`` holds at offset ``s`` of ``text``."""
    before = s > 0 and is_word(text[s - 1])
    after = s < len(text) and is_word(text[s])
    return before != after


class Pattern:
    """A case-insensitive pattern compiled on first use.

    Python's ``re`` finds a literal or a set of first characters quickly, but a pattern that
    begins with ``\\b`` is tried at every position, several times slower.  Most rule patterns
    begin that way, so we compile them without the leading ``\\b`` and check the boundary for
    each candidate match ourselves.
    """

    __slots__ = ("source", "bounded", "_compiled", "_info", "_branches", "_parts")

    def __init__(self, source: str, bounded: bool = False):
        self.source = source
        self.bounded = bounded  # untrusted: matched with a time limit (see RULE_TIME_LIMIT)
        self._compiled = None
        self._info = None
        self._branches = None
        self._parts = None

    @property
    def info(self) -> tuple:
        if self._info is None:
            self._info = regexcache.analysis_of(self.source)
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
    def word_prefixes(self) -> tuple[str, ...]:
        """The prefixes that can only occur where a word starts (``\\b`` precedes them)."""
        return self.info[4]

    @property
    def needs_digit(self) -> bool:
        """Whether every match holds a digit."""
        return self.info[5]

    @property
    def after_word(self) -> tuple[str, ...] | None:
        """For a pattern that begins with a word and a space, the prefixes of what follows
        (a match starts at the word before one of them), else None."""
        return self.info[9]

    @property
    def anchored(self) -> bool:
        """Whether the places a match can start are known: by prefix, near a digit, at a
        line start, at the word before a prefix or at the run before a literal."""
        info = self.info
        return bool(info[1]) or info[6] is not None or info[8] or info[9] is not None or info[10] is not None

    @property
    def only_at_prefixes(self) -> tuple[str, ...] | None:
        return prefixes_only(self.info)

    @property
    def branches(self) -> "list[Pattern] | None":
        """The alternatives of a union (``a|b|c``) as patterns of their own, else None.

        A union of unlike parts (e-mail | phone | address) has no literal in common, but most
        of its parts do; searching them one by one lets each use its own literals.
        """
        if self._branches is None and self.info[3]:
            self._branches = [Pattern(p, self.bounded) for p in self.info[3]]
        return self._branches

    @property
    def parts(self) -> "list[Pattern] | None":
        """Like ``branches``, with unions wrapped in several groups opened up too.

        Whether a union matches, and where first, follows exactly from its parts; ``branches``
        (which the scan merges) keeps the shallow split it always had."""
        if self._parts is None and self.info[7]:
            self._parts = [Pattern(p, self.bounded) for p in self.info[7]]
        return self._parts

    @property
    def compiled(self):
        if self._compiled is None:
            self._compiled = self._compile()
        return self._compiled

    def _compile(self):
        compile_ = _compile_bounded if self.bounded else _compile
        if self.info[2]:
            try:
                return compile_(self.source[2:])
            except Exception:  # re.error or regex.error: keep the boundary in the pattern
                self._info = self.info[:2] + (False,) + self.info[3:]
        return compile_(self.source)

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
            if boundary_at(text, s):
                yield m
                pos = m.end() if m.end() > s else s + 1
            else:
                pos = s + 1

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        compiled = self.compiled
        end = len(text) if endpos is None else endpos
        if not self._info[2]:
            return compiled.search(text, pos, end)
        while pos <= end:  # as finditer, without a generator: searches are many and short
            m = compiled.search(text, pos, end)
            if m is None or boundary_at(text, m.start()):
                return m
            pos = m.start() + 1
        return None

