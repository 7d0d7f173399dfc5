"""``echo``: what ``click.echo`` writes, without importing click on the common path.

On a plain text stream (``sys.stdout``/``sys.stderr`` as Python opens them, with an encoding
other than ASCII, not on Windows) and a message holding no escape character, ``click.echo``
writes the message and flushes: so do we.  Anything else (ANSI codes to strip or keep, an
ASCII or missing encoding it would re-wrap, a test's captured stream, a Windows console) is
handed to ``click.echo`` itself.
"""
from __future__ import annotations

import io
import os
import sys

_plain: dict = {}  # stream id -> whether click would write to it as it is


def echo(message: str = "", err: bool = False, nl: bool = True, color: bool | None = None) -> None:
    file = sys.stderr if err else sys.stdout
    out = message + "\n" if nl else message
    if isinstance(message, str) and "\x1b" not in out and _is_plain(file):
        if out:
            file.write(out)
        file.flush()
        return
    import click

    click.echo(message, err=err, nl=nl, color=color)


def _is_plain(file) -> bool:
    if type(file) is not io.TextIOWrapper or os.name == "nt" or file.closed:
        return False
    key = (id(file), file.encoding, file.errors)
    if key not in _plain:
        import codecs

        try:
            ascii_ = codecs.lookup(file.encoding).name == "ascii"
        except LookupError:
            ascii_ = False
        _plain[key] = not ascii_ and file.errors is not None
    return _plain[key]
