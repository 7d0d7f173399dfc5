"""``conditional``: when a trigger appears, the disclosure is required; otherwise not applicable."""
from __future__ import annotations

from . import Outcome
from .match import best, find_any
from . import require


def evaluate(doc, c) -> Outcome:
    trigger = best(doc, find_any(doc, c.when), c.section)
    if trigger is None:
        return Outcome("not-applicable", note="the policy does not mention what this rule is about")
    outcome = require.evaluate(doc, c)
    if outcome.status == "missing":
        return Outcome("missing", trigger)
    return outcome
