"""``conditional``: when a trigger appears, the disclosure is required; otherwise not applicable."""
from __future__ import annotations

from . import Outcome
from .match import best, find_any, found_any
from . import require


def evaluate(doc, c) -> Outcome:
    # The trigger is shown only when the disclosure is missing: a report of verdicts alone
    # asks whether there is one, and ranks them only then (see ``evidence.present``).
    trigger = _trigger(doc, c) if doc.evidence else found_any(doc, c.when)
    if trigger is None:
        return Outcome("not-applicable", note="the policy does not mention what this rule is about")
    outcome = require.evaluate(doc, c)
    if outcome.status == "missing":
        return Outcome("missing", trigger if doc.evidence else _trigger(doc, c))
    return outcome


def _trigger(doc, c):
    return best(doc, find_any(doc, c.when), c.section)
