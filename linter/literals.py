"""Necessary literals: strings at least one of which every match of a pattern must contain.

Scanning a policy with a pattern that starts with a long alternation costs the regex engine
work at every character.  Finding a literal with ``str.find`` costs almost nothing, so the
matcher first looks for a pattern's necessary literals and runs the pattern only on the
paragraphs that contain one.  (The same idea drives code search engines and Hyperscan.)
"""
from __future__ import annotations

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
