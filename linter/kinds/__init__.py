"""Rule kinds: the only code that differs from rule to rule's *shape*; rules themselves are data.

Each kind module has ``evaluate(doc, compiled) -> Outcome``.
"""
from __future__ import annotations

import importlib
from ..record import Record, _set, replace
from ..types import Status


class Hit(Record):
    """Where an alternative matched, in normalised offsets, and which alternative it was."""

    __slots__ = ("start", "end", "alt", "message", "severity")

    def __init__(self, start: int, end: int, alt: int = 0, message: str = "", severity: str = ""):
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "alt", alt)
        _set(self, "message", message)
        _set(self, "severity", severity)


class Outcome(Record):
    __slots__ = ("status", "hit", "note", "more")

    def __init__(self, status: Status, hit: Hit | None = None, note: str = "", more: tuple = ()):
        _set(self, "status", status)
        _set(self, "hit", hit)  # the evidence (present / weak), or the trigger (conditional)
        _set(self, "note", note)
        _set(self, "more", more)  # further places that make the disclosure, best first (present only)


_MODULES: dict = {}  # kind -> its module: asked for every rule on every document


def evaluate(doc, compiled) -> Outcome:
    dated = as_of(compiled)
    if isinstance(dated, Outcome):
        return dated
    kind = dated.rule.kind
    module = _MODULES.get(kind)
    if module is None:
        module = _MODULES[kind] = importlib.import_module(f".{kind}", __name__)
    return module.evaluate(doc, dated)


def as_of(compiled):
    """The rule as it stands on the run date: a rule not yet (or no longer) in force is
    not applicable, and alternatives outside their ``valid_from`` / ``superseded_on`` dates
    are dropped (Privacy Shield counts as a safeguard until 16 Jul 2020, as a defect after)."""
    spec = compiled.rule.spec
    alts = compiled.present + compiled.weak + compiled.when
    if not (spec.get("valid_from") or spec.get("superseded_on")
            or any(a.valid_from or a.superseded_on for a in alts)):
        return compiled
    from .. import rundate

    day = rundate.today().isoformat()
    start, end = str(spec.get("valid_from", "")), str(spec.get("superseded_on", ""))
    if start and day < start:
        return Outcome("not-applicable", note=f"in force from {start} (judged as of {day})")
    if end and day >= end:
        return Outcome("not-applicable", note=f"superseded on {end} (judged as of {day})")

    def keep(items):
        return tuple(a for a in items if (not a.valid_from or day >= a.valid_from)
                     and (not a.superseded_on or day < a.superseded_on))

    return replace(compiled, present=keep(compiled.present), weak=keep(compiled.weak),
                               when=keep(compiled.when))
