"""Compile rule patterns: regex-module syntax, case-insensitive, with named sub-patterns.

A rule writes ``(?&email)`` to use the sub-pattern ``email`` defined once in a rulebook's
``patterns:`` map.  We expand references textually (recursively) before compiling, which is
cheaper than regex's DEFINE groups and keeps each compiled pattern self-contained.

Compiling is the largest cost of a run (hundreds of patterns, each parsed in Python), so a
pattern compiles on first use only, and with the standard ``re`` engine when the pattern is
within its syntax (about three times faster to compile); ``regex`` takes the rest.
"""
from __future__ import annotations

import re

import regex

from .errors import UserError

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


def _compile(source: str):
    hit = _memo.get(source)
    if hit is None:
        if not _REGEX_ONLY.search(source):
            try:
                hit = re.compile(source, re.IGNORECASE)
            except re.error:
                hit = None
        if hit is None:
            hit = regex.compile(source, regex.IGNORECASE)
        _memo[source] = hit
    return hit


class Pattern:
    """A case-insensitive pattern compiled on first use."""

    __slots__ = ("source", "_compiled")

    def __init__(self, source: str):
        self.source = source
        self._compiled = None

    @property
    def compiled(self):
        if self._compiled is None:
            self._compiled = _compile(self.source)
        return self._compiled

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        return self.compiled.finditer(text, pos, len(text) if endpos is None else endpos)

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return self.compiled.search(text, pos, len(text) if endpos is None else endpos)


def compile_pattern(pattern: str, named: dict[str, str]) -> Pattern:
    """A lazily compiled pattern (see ``rulebook.check_pattern`` for the load-time check)."""
    return Pattern(expand(pattern, named))
