"""Output formats: one module per format, each ``render(result) -> str``, registered by name.

Each also has ``stream``: the same text, written as the files are done, so memory stays flat
in the number of files (html and markdown keep the results on disk until the end, as their
summary tables come first)."""
from __future__ import annotations

import importlib

# name -> module in this package
FORMATS = {"text": "text", "json": "json_report", "sarif": "sarif", "github": "github",
           "html": "html", "markdown": "markdown", "concise": "concise"}


def names() -> list[str]:
    return sorted(FORMATS)


def render(name: str, result, **options) -> str:
    """``options`` (e.g. the text format's quiet, statistics, color) go to formats that take them."""
    module = importlib.import_module(f".{FORMATS[name]}", __name__)
    return module.render(result, **options) if options else module.render(result)


def streamer(name: str):
    """The format's ``stream(files, write, **options)`` if it can write a file at a time, else
    None.  ``files`` is an ``api.Stream``; the text written is what ``render`` would return."""
    return getattr(importlib.import_module(f".{FORMATS[name]}", __name__), "stream", None)


def shows_evidence(name: str) -> bool:
    """Whether the format quotes the evidence of present requirements (``EVIDENCE`` in its
    module, true unless it says otherwise); one that does not lets a run skip ranking it."""
    return getattr(importlib.import_module(f".{FORMATS[name]}", __name__), "EVIDENCE", True)
