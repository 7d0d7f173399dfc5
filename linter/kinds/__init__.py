"""Rule kinds: the only code that differs from rule to rule's *shape*; rules themselves are data.

Each kind module has ``evaluate(doc, compiled) -> Outcome``.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..types import Status


@dataclass(frozen=True)
class Hit:
    """Where an alternative matched, in normalised offsets, and which alternative it was."""

    start: int
    end: int
    alt: int = 0
    message: str = ""
    severity: str = ""


@dataclass(frozen=True)
class Outcome:
    status: Status
    hit: Hit | None = None  # the evidence (present / weak), or the trigger (conditional)
    note: str = ""
    more: tuple = ()  # further places that make the disclosure, best first (present only)


def evaluate(doc, compiled) -> Outcome:
    module = importlib.import_module(f".{compiled.rule.kind}", __name__)
    return module.evaluate(doc, compiled)
