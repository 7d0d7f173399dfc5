"""``conditional``: when a trigger appears, the disclosure is required; otherwise not applicable."""
from __future__ import annotations

from . import Outcome
from .match import best, find_any, found_any
from . import require


def evaluate(doc, c) -> Outcome:
    # The trigger is shown only when the disclosure is missing: a report of verdicts alone
    # first asks whether there is one, and ranks the triggers only then (see ``require``).
    if doc.evidence:
        trigger = best(doc, find_any(doc, c.when), c.section)
    else:
        trigger = found_any(doc, c.when)
    if trigger is None:
        return Outcome("not-applicable", note="the policy does not mention what this rule is about")
    outcome = require.evaluate(doc, c)
    if outcome.status == "missing":
        if not doc.evidence:
            trigger = best(doc, find_any(doc, c.when), c.section)
        return Outcome("missing", trigger)
    return outcome
