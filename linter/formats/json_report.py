"""The JSON report: a documented, versioned contract (see README, "JSON output")."""
from __future__ import annotations

import json
from collections import Counter

from .. import __version__
from .streaming import dumps_at as _dumps

VERSION = 1


def _span(p) -> dict:
    if p is None:
        return {"line": None, "column": None, "end_line": None, "end_column": None}
    return {"line": p.line, "column": p.column, "end_line": p.end_line, "end_column": p.end_column}


def _file(f, rule_of) -> dict:
    reqs = []
    for r in f.requirements:
        rule = rule_of(r.rule_id)
        item = {"id": r.rule_id, "title": rule.title, "regulation": rule.regulation,
                "citation": rule.citation, "status": r.status, **_span(r.position),
                "evidence": r.evidence}
        if r.note:
            item["note"] = r.note
        if r.more:  # added in version 1: other places that make the disclosure
            item["more_evidence"] = [{**_span(p), "evidence": q} for p, q in r.more]
        reqs.append(item)
    findings = [{"rule": x.rule_id, "severity": x.severity, "message": x.message,
                 "citation": x.citation, **_span(x.position), "evidence": x.evidence}
                for x in f.findings]
    entry = {"path": f.path, "requirements": reqs, "findings": findings}
    if f.kind != "policy":  # added in version 1: a suppressions file reporting expired entries
        entry["kind"] = f.kind
    if f.chosen:  # added in version 1: the laws the default selection chose for this policy
        entry["regulations"] = list(f.chosen)
    return entry


def _summary(files: int, status: Counter, severity: Counter, failed: bool) -> dict:
    return {
        "files": files,  # policies checked (not a suppressions file)
        "requirements": {k: status[k] for k in ("present", "weak", "missing", "not-applicable")},
        "findings": {k: severity[k] for k in ("error", "warning", "info")},
        "failed": failed,
    }


def _head() -> dict:
    return {"version": VERSION, "tool": {"name": "privacylint", "version": __version__}}


def report(result) -> dict:
    rules = {r.id: r for r in result.rules}
    files = [_file(f, rules.__getitem__) for f in result.files]
    status = Counter(r.status for f in result.files for r in f.requirements)
    severity = Counter(x.severity for x in result.findings)
    return {**_head(), "files": files,
            "summary": _summary(len(result.policies), status, severity, result.failed())}


def render(result) -> str:
    return json.dumps(report(result), indent=2, ensure_ascii=False) + "\n"


def stream(files, write) -> None:
    """Write ``render``'s text through ``write`` a file at a time, as ``files`` (an
    ``api.Stream``) yields them: the report is never whole in memory."""
    head = json.dumps(_head(), indent=2, ensure_ascii=False)
    write(head[:-2] + ',\n  "files": [')
    status: Counter = Counter()
    first, policies = True, 0
    for f in files:
        write(("\n    " if first else ",\n    ") + _dumps(_file(f, files.rule), 2))
        status.update(r.status for r in f.requirements)
        policies += f.kind == "policy"
        first = False
    severity = Counter(files.severities)
    summary = _summary(policies, status, severity, files.failed())
    write(("]" if first else "\n  ]") + ',\n  "summary": ' + _dumps(summary, 1) + "\n}\n")
