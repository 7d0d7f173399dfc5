"""GitHub Actions workflow commands: each finding becomes an annotation on the changed file.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``, with the escaping of
``@actions/core`` (research/ecosystem.md §4.7).  GitHub shows at most 10 annotations of each
level per step; the closing summary line (a plain log line) gives the full count.
"""
from __future__ import annotations

from collections import Counter

from . import location

EVIDENCE = False  # quotes findings only, never a present requirement's evidence (see ``formats``)

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict, message: str) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items())
    return f"::{name} {props}::{escape_data(message)}"


def render(result) -> str:
    lines = [a for f in result.files for a in _annotations(f)]
    severities = Counter(x.severity for x in result.findings)
    return "\n".join(lines + [_closing(len(result.policies), severities)]) + "\n"


def stream(files, write) -> None:
    """``render``'s text a file at a time, as ``files`` (an ``api.Stream``) yields them."""
    for f in files:
        write("".join(a + "\n" for a in _annotations(f)))
    write(_closing(files.count, files.severities) + "\n")


def _annotations(f) -> list[str]:
    path = location.repo_relative(f.path)[0] if f.findings else ""
    lines = []
    for x in f.findings:
        p = x.position
        props = {"file": path, "line": p.line}
        end_line = max(p.end_line, p.line)
        if end_line == p.line:  # GitHub accepts columns only on a one-line range
            props["col"] = p.column
            props["endLine"] = end_line
            props["endColumn"] = max(p.end_column, p.column)
        else:
            props["endLine"] = end_line
        props["title"] = f"privacylint {x.rule_id}" + (" (info)" if x.severity == "info" else "")
        lines.append(command(COMMAND[x.severity], props, f"{x.message} [{x.citation}]"))
    return lines


def _closing(policies: int, severities) -> str:
    """The plain log line with the full counts (GitHub shows only some annotations)."""
    from .text import plural

    return (f"privacylint: {plural(policies, 'file')} checked; "
            f"{plural(severities.get('error', 0), 'error')}, "
            f"{plural(severities.get('warning', 0), 'warning')}, {severities.get('info', 0)} info")
