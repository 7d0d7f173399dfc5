"""``require``: the disclosure must appear; a partial form makes it weak."""
from __future__ import annotations

from . import Outcome
from .evidence import best_first, candidates, choose
from .match import found_any

MORE = 2  # further evidence spans reported beside the best one


def evaluate(doc, c) -> Outcome:
    if not doc.evidence:  # the verdict is the same: present when any alternative matches
        hit = found_any(doc, c.present)
        if hit is not None:
            return Outcome("present", hit)
        return _weak_or_missing(doc, c)
    ranked = best_first(doc, candidates(doc, c.present, c), c, c.present, 1 + MORE)
    if ranked:
        return Outcome("present", ranked[0], more=tuple(ranked[1:]))
    return _weak_or_missing(doc, c)


def _weak_or_missing(doc, c) -> Outcome:
    hit = choose(doc, candidates(doc, c.weak, c), c, c.weak)
    if hit:
        return Outcome("weak", hit, hit.message)
    return Outcome("missing")
