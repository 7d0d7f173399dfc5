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
