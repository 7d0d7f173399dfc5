"""GitHub Actions workflow commands: each finding becomes an annotation on the changed file.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``, with the escaping of
``@actions/core`` (research/ecosystem.md §4.7).  GitHub shows at most 10 annotations of each
level per step; the closing summary line (a plain log line) gives the full count.
"""
from __future__ import annotations

from collections import Counter

from . import location

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict, message: str) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items())
    return f"::{name} {props}::{escape_data(message)}"


def render(result) -> str:
    lines = []
    paths: dict = {}
    for f in result.files:
        if f.path not in paths:
            paths[f.path] = location.repo_relative(f.path)[0]
        for x in f.findings:
            p = x.position
            props = {"file": paths[f.path], "line": p.line}
            end_line = max(p.end_line, p.line)
            if end_line == p.line:  # GitHub accepts columns only on a one-line range
                props["col"] = p.column
                props["endLine"] = end_line
                props["endColumn"] = max(p.end_column, p.column)
            else:
                props["endLine"] = end_line
            props["title"] = f"privacylint {x.rule_id}" + (" (info)" if x.severity == "info" else "")
            lines.append(command(COMMAND[x.severity], props, f"{x.message} [{x.citation}]"))
    from .text import plural

    severities = Counter(x.severity for x in result.findings)
    lines.append(f"privacylint: {plural(len(result.policies), 'file')} checked; "
                 f"{plural(severities['error'], 'error')}, {plural(severities['warning'], 'warning')}, "
                 f"{severities['info']} info")
    return "\n".join(lines) + "\n"
