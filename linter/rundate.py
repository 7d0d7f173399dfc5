"""The date a run judges by: today, or PRIVACYLINT_TODAY=YYYY-MM-DD for reproducible runs.

Both the age of a policy's "last updated" date and the expiry of suppressions depend on it.
"""
from __future__ import annotations

import datetime
import os

from .errors import UserError

ENV = "PRIVACYLINT_TODAY"


def today() -> datetime.date:
    """The run date; a malformed override is an error (never silently today)."""
    fixed = os.environ.get(ENV, "").strip()
    if fixed:
        try:
            return datetime.date.fromisoformat(fixed)
        except ValueError:
            raise UserError(f"{ENV}: not a date (YYYY-MM-DD): {fixed[:40]!r}") from None
    return datetime.date.today()
