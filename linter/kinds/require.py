"""``require``: the disclosure must appear; a partial form makes it weak."""
from __future__ import annotations

from . import Outcome
from .evidence import candidates, choose


def evaluate(doc, c) -> Outcome:
    hit = choose(doc, candidates(doc, c.present), c.section, len(c.present))
    if hit:
        return Outcome("present", hit)
    hit = choose(doc, candidates(doc, c.weak), c.section, len(c.weak))
    if hit:
        return Outcome("weak", hit, hit.message)
    return Outcome("missing")
