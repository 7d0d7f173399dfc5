"""Errors the user can fix; the CLI prints them on one line and exits with status 2."""


class UserError(Exception):
    """Bad input: a missing path, an unreadable or binary file, an invalid rulebook or config."""
