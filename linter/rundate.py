"""The date a run judges by: --as-of, else PRIVACYLINT_TODAY=YYYY-MM-DD (reproducible runs), else today.

The age of a policy's "last updated" date, the expiry of suppressions and the dated rules and
alternatives (``valid_from`` / ``superseded_on``) depend on it.
"""
from __future__ import annotations

import datetime
import os

from .errors import UserError

ENV = "PRIVACYLINT_TODAY"
_as_of: datetime.date | None = None  # set by ``check --as-of``; wins over the environment


def set_as_of(value: str | None) -> None:
    """Judge the policy as of ``value`` (YYYY-MM-DD) instead of the run date; None resets."""
    global _as_of
    if value is None:
        _as_of = None
        return
    try:
        _as_of = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"--as-of: not a date (YYYY-MM-DD): {value!r}") from None


def today() -> datetime.date:
    """The run date: ``--as-of``, else the override, else today; a malformed override is an
    error (never silently today)."""
    if _as_of is not None:
        return _as_of
    fixed = os.environ.get(ENV, "").strip()
    if fixed:
        try:
            return datetime.date.fromisoformat(fixed)
        except ValueError:
            raise UserError(f"{ENV}: not a date (YYYY-MM-DD): {fixed[:40]!r}") from None
    return datetime.date.today()
