"""Argument types the bench scripts share: a bad value is argparse's usage error (exit 2), not
a traceback halfway through a run, nor a figure measured on a command that failed at once."""
from __future__ import annotations

import argparse
from pathlib import Path


def at_least(low: int):
    """A whole number of ``low`` or more."""
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            n = None
        if n is None or n < low:
            raise argparse.ArgumentTypeError(f"expected a whole number of {low} or more, got {value!r}")
        return n
    return parse


def positive_list(value: str) -> list[int]:
    """Comma-separated whole numbers of 1 or more ("1,4,16")."""
    return [at_least(1)(s) for s in value.split(",")]


def policy_file(value: str) -> Path:
    """A file that exists (a missing one would time the linter's error exit)."""
    path = Path(value)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{value}: no such file")
    return path
