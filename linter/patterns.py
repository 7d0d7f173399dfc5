"""Compile rule patterns: regex-module syntax, case-insensitive, with named sub-patterns.

A rule writes ``(?&email)`` to use the sub-pattern ``email`` defined once in a rulebook's
``patterns:`` map.  We expand references textually (recursively) before compiling, which is
cheaper than regex's DEFINE groups and keeps each compiled pattern self-contained.
"""
from __future__ import annotations

import regex

from .errors import UserError

FLAGS = regex.IGNORECASE
_REF = regex.compile(r"\(\?&([A-Za-z_][A-Za-z0-9_]*)\)")


def expand(pattern: str, named: dict[str, str], _seen: tuple[str, ...] = ()) -> str:
    def sub(m: regex.Match) -> str:
        name = m.group(1)
        if name in _seen:
            raise UserError(f"named pattern {name!r} refers to itself")
        if name not in named:
            raise UserError(f"unknown named pattern (?&{name})")
        return "(?:" + expand(named[name], named, _seen + (name,)) + ")"

    return _REF.sub(sub, pattern)


def compile_pattern(pattern: str, named: dict[str, str]) -> regex.Pattern:
    try:
        return regex.compile(expand(pattern, named), FLAGS)
    except regex.error as exc:
        raise UserError(f"bad pattern {pattern!r}: {exc}") from None
