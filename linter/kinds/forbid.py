"""``forbid``: a defective form is reported wherever it occurs, even beside a good one.

``require`` lets a present form win: a policy naming both model clauses and the Privacy Shield
passes.  Some defects are not cured by a good statement next to them: a notice that still
relies on an invalidated transfer mechanism misinforms people about that transfer whatever
else it names.  So here the ``weak`` alternatives are searched first:

* a weak form is found                 -> weak, at the best-ranked occurrence;
* else a present form is found         -> present (the policy names a valid form);
* else                                  -> not-applicable (the topic does not come up).

Dated alternatives (``valid_from`` / ``superseded_on``) make the same words a valid form
before a date and a defect after it; ``kinds.as_of`` drops those not in force on the run date.
"""
from __future__ import annotations

from . import Outcome
from .evidence import candidates, choose, is_statement, present


def evaluate(doc, c) -> Outcome:
    # The defect is what a sentence says ("we may rely on the Privacy Shield"); a heading that
    # only names the topic is quoted when no sentence does.
    found = candidates(doc, c.weak, c)
    hit = choose(doc, [h for h in found if is_statement(doc, h.start)] or found, c, c.weak)
    if hit:
        return Outcome("weak", hit, hit.message)
    ranked = present(doc, c, 1)
    if ranked:
        return Outcome("present", ranked[0])
    return Outcome("not-applicable", note="the policy names none of the forms this rule checks")
