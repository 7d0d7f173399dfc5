"""One lower-case form for characters that ``re`` matches alike under IGNORECASE.

The word index finds where a pattern's literals occur by looking them up, lower-cased, in the
lower-cased text.  ``str.lower`` leaves apart some characters that ``re`` treats as one: "ſ"
(long s) and "s", "ı" (dotless i) and "i", "ς" and "σ", "µ" (micro) and "μ", and a few more
in Greek and Cyrillic (``re``'s table of extra cases).  Folding both sides with ``FOLD`` makes
the lookup agree with ``re``: each such group becomes its first member that is a letter.
ASCII is never changed, so an English rulebook's literals read as they did.  ("İ" is
lower-cased as ``re`` does it, to "i", see ``one_for_one``.)
"""
from __future__ import annotations

from .longtext import lowered
from .regexcache import Lazy

try:  # the groups ``re`` compiles IGNORECASE from; private, so guarded
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - other Pythons: no table, see ``FOLD``
    _EXTRA_CASES = None


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for key, others in _EXTRA_CASES.items():
        group = [chr(c) for c in sorted({key, *others})]
        head = next((c for c in group if c.isalnum()), group[0])
        table.update((ord(c), head) for c in group if c != head)
    return table


# character -> the one its group folds to (a ``str.translate`` table); None where this Python
# has no such table: a text outside ASCII then cannot be matched through the index
FOLD: dict[int, str] | None = _table() if _EXTRA_CASES is not None else None
_FOLDED = Lazy("[%s]" % "".join(map(chr, sorted(FOLD)))) if FOLD else None


def fold(lowered: str) -> str:
    """An already lower-cased string with every group's members made one."""
    if _FOLDED is None or lowered.isascii() or _FOLDED.search(lowered) is None:
        return lowered
    return lowered.translate(FOLD)


def one_for_one(text: str) -> str:
    """``text`` with "İ", the one letter whose lower case is two characters, written "I":
    ``re`` lower-cases it to "i", and so the lower-cased text keeps every offset."""
    return text.replace("\u0130", "I") if "\u0130" in text else text


def lower(text: str) -> str:
    """``text`` lower-cased and folded as ``re`` reads it under IGNORECASE, one character for
    one ("İ", the one letter whose lower case is two characters, becomes "i")."""
    return lowered(one_for_one(text), fold)


def aligned(text: str) -> str | None:
    """``lower(text)`` when every offset in it is the same offset in ``text``, else None.

    ``lower`` writes one character for one on this Python's Unicode; the check guards the
    offsets the index and the law signals rely on against a later Unicode version."""
    low = lower(text)
    return low if len(low) == len(text) else None


def char(c: str) -> str:
    """How the index reads the character ``c``: lower-cased, then folded."""
    return fold(one_for_one(c).lower())
