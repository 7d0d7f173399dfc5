"""``(?-i:\\p{Lu})`` for ``re``: the letter-case properties written out as character classes.

``re`` has no ``\\p{..}``.  A rule that wants a capital letter (a name in a letterhead) writes
``(?-i:\\p{Lu})``; here it becomes a class of the very characters ``regex`` gives that
property (asked of ``regex`` itself, so its Unicode version decides, as before), so the
pattern compiles with ``re`` and a run need not import ``regex``.  This happens only when a
pattern's program is not in the cache yet (``regexcache``), so its cost is a cold start's.

Only the cased categories, case-sensitive (``(?-i:``...``)``), outside a class: every such
letter lies below U+20000, and with case folding the two engines' readings could differ.
"""
from __future__ import annotations

import re

_PROPERTY = re.compile(r"\(\?-i:\\([pP])\{(L[ult])\}\)")
_LAST_CASED = 0x20000  # no cased letter above this (planes 0 and 1)
_classes: dict[str, str] = {}


def for_re(source: str) -> str | None:
    """``source`` with each ``(?-i:\\p{Lu})`` (Ll, Lt; ``\\P`` negated) as a class, or None
    when nothing was replaced."""
    if not _PROPERTY.search(source):
        return None

    def sub(m: re.Match) -> str:
        body = _members(m.group(2))
        return f"(?-i:[{'^' if m.group(1) == 'P' else ''}{body}])"

    return _PROPERTY.sub(sub, source)


def _members(name: str) -> str:
    """The class body (ranges) of the characters ``regex`` finds ``\\p{name}``."""
    if name not in _classes:
        import regex  # only to build a class once per rulebook change

        chars = "".join(map(chr, range(_LAST_CASED)))
        _classes[name] = "".join(
            f"\\U{m.start():08x}" + (f"-\\U{m.end() - 1:08x}" if m.end() - m.start() > 1 else "")
            for m in regex.finditer(rf"\p{{{name}}}+", chars))
    return _classes[name]
