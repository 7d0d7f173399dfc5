"""What the matcher knows about a pattern besides its compiled form.

Scanning a policy with a pattern that starts with a long alternation costs the regex engine
work at every character.  Finding a literal with ``str.find`` costs almost nothing.  So for each
pattern we work out, from the parse tree ``re`` itself builds:

- *necessary literals*: strings one of which every match contains, so the matcher can skip
  paragraphs without any (the idea behind code search engines and Hyperscan);
- *prefixes*: strings one of which every match starts with, so the matcher tries the pattern
  only where one occurs;
- whether a leading ``\\b`` can be checked by hand, which lets ``re`` use its fast first-character
  search on the rest;
- the top-level alternatives of a union, which often have literals when the union has none.

The results are cached on disk with the compiled programs (see ``regexcache``).
"""

from __future__ import annotations

import re

try:
    from re import _constants as _c, _parser
except ImportError:  # pragma: no cover - other Pythons: no prefilter, same results
    _parser = None

MAX_LITERALS = 64
MIN_SCORE = 2.5


def necessary(source: str, flags: int) -> tuple[str, ...] | None:
    """Lower-cased literals one of which every match contains, or None when we cannot tell."""
    if _parser is None:
        return None
    try:
        tree = _parser.parse(source, flags)
    except Exception:
        return None
    best = _best(tree.data)
    if not best or _score(best) < MIN_SCORE:
        return None
    return tuple(sorted(set(best)))


def prefixes(source: str, flags: int) -> tuple[str, ...] | None:
    """Lower-cased strings one of which every match *starts with*, or None.

    With these the matcher tries the pattern only where such a string occurs, instead of at
    every character; the result is the same as a scan, because no match can start elsewhere.
    """
    if _parser is None:
        return None
    try:
        tree = _parser.parse(source, flags)
    except Exception:
        return None
    found = _starts(tree.data)
    if not found or len(found) > MAX_LITERALS * 2 or min(map(len, found)) < 2:
        return None
    return tuple(sorted(set(found)))


def _starts(seq, i: int = 0) -> list[str] | None:
    """Possible literal beginnings of ``seq[i:]`` (zero-width assertions skipped)."""
    run: list[str] = []
    for k in range(i, len(seq)):
        op, av = seq[k]
        if op is _c.LITERAL:
            run.append(chr(av).lower())
            continue
        if run:
            return ["".join(run)]
        if op is _c.AT:
            continue  # \b, ^ and friends take no characters
        if op is _c.SUBPATTERN:
            return _starts(av[-1])
        if op is _c.ATOMIC_GROUP:
            return _starts(av)
        if op is _c.BRANCH:
            alts = [_starts(b) for b in av[1]]
            return [s for a in alts for s in a] if all(alts) else None
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            body = _starts(av[2])
            if av[0] >= 1 or body is None:
                return body
            rest = _starts(seq, k + 1)  # an optional start: either it or what follows begins
            return body + rest if rest else None
        return None
    return ["".join(run)] if run else None


def _score(cands: list[str]) -> float:
    """How selective a literal set is: its weakest member's length (rare symbols count more)."""
    weakest = min(len(s) + 2 * sum(not ch.isalnum() and ch != " " for ch in s) for s in cands)
    return weakest - len(cands) / 32


def _best(seq) -> list[str] | None:
    best: list[str] | None = None
    run: list[str] = []

    def consider(cands):
        nonlocal best
        if cands and len(cands) <= MAX_LITERALS and (best is None or _score(cands) > _score(best)):
            best = cands

    for op, av in seq:
        if op is _c.LITERAL:
            run.append(chr(av).lower())
            continue
        if run:
            consider(["".join(run)])
            run = []
        if op is _c.SUBPATTERN:
            consider(_best(av[-1]))
        elif op is _c.ATOMIC_GROUP:
            consider(_best(av))
        elif op is _c.BRANCH:
            alts = [_best(b) for b in av[1]]
            if all(alts):
                consider([s for a in alts for s in a])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_best(av[2]))
        # anything else (classes, any-char, assertions, boundaries) contributes nothing
    if run:
        consider(["".join(run)])
    return best


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
