"""``require``: the disclosure must appear; a partial form makes it weak."""
from __future__ import annotations

from . import Outcome
from .match import best, find_any


def evaluate(doc, c) -> Outcome:
    hit = best(doc, find_any(doc, c.present), c.section)
    if hit:
        return Outcome("present", hit)
    hit = best(doc, find_any(doc, c.weak), c.section)
    if hit:
        return Outcome("weak", hit, hit.message)
    return Outcome("missing")
