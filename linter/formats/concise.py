"""One line per finding, ``path:line:col: severity rule-id message [citation]``, then the summary.

For editors' problem matchers, quickfix lists and scripts; people read ``text``.
"""
from __future__ import annotations

EVIDENCE = False  # quotes findings only, never a present requirement's evidence (see ``formats``)


def line(path: str, x) -> str:
    return f"{path}:{x.position.line}:{x.position.column}: {x.severity} {x.rule_id} {x.message} [{x.citation}]"


def render(result) -> str:
    from .text import summary

    lines = [line(f.path, x) for f in result.files for x in f.findings]
    return "\n".join(lines + [""] * bool(lines) + summary(result, quiet=True)) + "\n"


def stream(files, write) -> None:
    """``render``'s text a file at a time, as ``files`` (an ``api.Stream``) yields them."""
    from .text import Totals, summary_of

    totals, wrote = Totals(), False
    for f in files:
        totals.add(f)
        write("".join(line(f.path, x) + "\n" for x in f.findings))
        wrote = wrote or bool(f.findings)
    write("".join(s + "\n" for s in [""] * wrote + summary_of(totals, quiet=True)))
