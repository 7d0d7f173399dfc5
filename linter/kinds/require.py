"""``require``: the disclosure must appear; a partial form makes it weak."""
from __future__ import annotations

from . import Outcome
from .evidence import candidates, choose, present

MORE = 2  # further evidence spans reported beside the best one


def evaluate(doc, c) -> Outcome:
    ranked = present(doc, c, 1 + MORE)
    if ranked:
        return Outcome("present", ranked[0], more=tuple(ranked[1:]))
    hit = choose(doc, candidates(doc, c.weak, c), c, c.weak)
    if hit:
        return Outcome("weak", hit, hit.message)
    return Outcome("missing")
