"""Human-readable output: one line per finding, then a summary."""
from __future__ import annotations

from collections import Counter


def render(result) -> str:
    lines = []
    for f in result.files:
        for x in f.findings:
            p = x.position
            lines.append(f"{f.path}:{p.line}:{p.column}: {x.severity} {x.rule_id} {x.message} [{x.citation}]")
    counts = Counter(r.status for f in result.files for r in f.requirements)
    severities = Counter(x.severity for x in result.findings)
    n = len(result.files)
    lines.append("")
    lines.append(
        f"{n} file{'s' if n != 1 else ''} checked: {counts['present']} requirements present, "
        f"{counts['weak']} weak, {counts['missing']} missing"
        + (f", {counts['not-applicable']} not applicable" if counts["not-applicable"] else "")
        + f"; {severities['error']} errors, {severities['warning']} warnings, {severities['info']} notes"
    )
    return "\n".join(lines) + "\n"
