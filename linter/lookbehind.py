"""Variable-width look-behinds matched with ``re``, so a run need not import ``regex``.

``re`` takes only fixed-width look-behinds.  A rule pattern ``(?<=B)X`` or ``(?<!B)X`` whose
``B`` varies in width is matched here as ``X`` alone, each candidate then checked for ``B``
ending where it starts: ``B`` reversed, matched at that point of the reversed text.  That is
how ``regex`` itself reads a look-behind (backwards from the position), so the matches are
the same; what ``B`` may contain is limited to what reverses exactly (no anchors other than
``\\b``/``\\B``, no look-arounds, groups or back-references), else the pattern stays with
``regex``.
"""
from __future__ import annotations

import re

try:
    from re import _constants as _c, _parser
except ImportError:  # pragma: no cover - other Pythons: such patterns stay with regex
    _parser = None

_FLAGS = re.IGNORECASE


def split(source: str) -> tuple[bool, str, str] | None:
    """``(negative, B reversed, X)`` for ``source`` = ``(?<=B)X`` or ``(?<!B)X``, else None."""
    if _parser is None or not source.startswith(("(?<=", "(?<!")):
        return None
    end = _close(source)
    if end is None:
        return None
    body = source[end + 1:]
    try:
        back = _parser.parse(source[4:end], _FLAGS)
        if not body or _parser.parse(body, _FLAGS).getwidth()[0] == 0:
            return None  # an empty match would see the text past ``endpos``; not worth it
        reverse = _reversed(back.data)
    except (re.error, _Unsupported, RecursionError):
        return None
    return source[3] == "!", reverse, body


def _close(source: str) -> int | None:
    """Where the group opened at ``source[0]`` closes."""
    depth, i, n = 0, 0, len(source)
    while i < n:
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a class: ``]`` first is a member, escapes as above
            i += 2 if source[i + 1:i + 2] == "^" else 1
            i += 1 if source[i:i + 1] == "]" else 0
            while i < n and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


class _Unsupported(Exception):
    pass


_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
               _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w",
               _c.CATEGORY_NOT_WORD: r"\W"} if _parser else {}
_FLAG_LETTERS = {re.IGNORECASE: "i", re.MULTILINE: "m", re.DOTALL: "s", re.VERBOSE: "x"}


def _char(code: int) -> str:
    c = chr(code)
    return c if c.isascii() and c.isalnum() else f"\\U{code:08x}"


def _reversed(items) -> str:
    """Pattern text matching the reverse of what the parsed ``items`` match."""
    return "".join(_item(op, av) for op, av in reversed(list(items)))


def _item(op, av) -> str:
    if op is _c.LITERAL:
        return _char(av)
    if op is _c.NOT_LITERAL:
        return f"[^{_char(av)}]"
    if op is _c.ANY:
        return "."
    if op is _c.IN:
        return _class(av)
    if op is _c.BRANCH:
        return "(?:" + "|".join(_reversed(b) for b in av[1]) + ")"
    if op is _c.SUBPATTERN:
        group, add, remove, p = av
        if group is not None:
            raise _Unsupported("a capturing group would renumber the rest")
        if add or remove:
            on = "".join(v for k, v in _FLAG_LETTERS.items() if add & k)
            off = "".join(v for k, v in _FLAG_LETTERS.items() if remove & k)
            if (add | remove) & ~sum(_FLAG_LETTERS):
                raise _Unsupported("flag")
            return f"(?{on}{'-' + off if off else ''}:{_reversed(p)})"
        return f"(?:{_reversed(p)})"
    if op is _c.MAX_REPEAT or op is _c.MIN_REPEAT:  # greedy or not: the same set of texts
        lo, hi, p = av
        return f"(?:{_reversed(p)}){{{lo},{'' if hi is _c.MAXREPEAT else hi}}}"
    if op is _c.AT and av in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY):  # symmetric
        return r"\b" if av is _c.AT_BOUNDARY else r"\B"
    raise _Unsupported(str(op))


def _class(items) -> str:
    out = []
    for op, av in items:
        if op is _c.NEGATE:
            out.append("^")
        elif op is _c.LITERAL:
            out.append(_char(av))
        elif op is _c.RANGE:
            out.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is _c.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            raise _Unsupported(str(op))
    return "[" + "".join(out) + "]"


_last: list = [None, None]  # the text last seen and its reverse: one document at a time


def _reverse(text: str) -> str:
    if _last[0] is not text:
        _last[0], _last[1] = text, text[::-1]
    return _last[1]


class LookBehind:
    """``search``/``match``/``finditer`` of ``(?<=B)X`` / ``(?<!B)X`` from ``re`` programs for
    ``X`` and for ``B`` reversed (``compile`` makes each, e.g. from the program cache)."""

    __slots__ = ("negative", "_back", "_body", "_seen")

    def __init__(self, negative: bool, back, body):
        self.negative, self._back, self._body = negative, back, body
        self._seen: tuple = (None, True)  # (the text last asked about, whether ``B`` occurs in it)

    def _possible(self, text: str) -> bool:
        """Whether any match can exist: a positive look-behind needs ``B`` somewhere in the
        text.  One search of the reversed text, where the body may match at hundreds of
        places each checked for ``B`` (the body of a rule's look-behind is often common)."""
        if self.negative:
            return True
        seen, occurs = self._seen
        if seen is not text:
            occurs = self._back.search(_reverse(text)) is not None
            self._seen = (text, occurs)
        return occurs

    def _holds(self, text: str, at: int) -> bool:
        # ``B`` ends at ``at``: its reverse starts at len - at of the reversed text, and sees
        # all of the text before ``at`` (as a look-behind sees text before ``pos`` too)
        found = self._back.match(_reverse(text), len(text) - at) is not None
        return found is not self.negative

    def match(self, text: str, pos: int = 0, endpos: int | None = None):
        if not self._possible(text):
            return None
        m = self._body.match(text, pos, len(text) if endpos is None else endpos)
        return m if m is not None and self._holds(text, pos) else None

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        end = len(text) if endpos is None else endpos
        if not self._possible(text):
            return None
        while True:
            m = self._body.search(text, pos, end)
            if m is None or self._holds(text, m.start()):
                return m
            pos = m.start() + 1

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        end = len(text) if endpos is None else endpos
        while True:
            m = self.search(text, pos, end)
            if m is None:
                return
            yield m
            pos = m.end()  # never empty (see ``split``)
