"""SARIF 2.1.0, shaped for GitHub code scanning (research/ecosystem.md §1–2).

One run, one tool.  The driver lists every rule that ran, so GitHub can show a rule's help
even for alerts from older uploads.  Output is deterministic: no timestamps, no GUIDs, no
absolute paths, so two runs on the same input give the same bytes.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

from .. import __version__
from ..fingerprint import fingerprint
from . import location

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/privacylint/privacylint"
FINGERPRINT_KEY = "privacylintFingerprint/v1"

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
RANK = {"error": 0, "warning": 1, "info": 2}

# GitHub's limits (ecosystem.md §1.2–1.3).  Above MAX_RESULTS GitHub keeps only the most
# severe 5,000 anyway; we choose them ourselves so the choice is deterministic.
MAX_RESULTS = 5000
MAX_NAME = 255
MAX_DESCRIPTION = 1024
MAX_MESSAGE = 1024
MAX_HELP = 16000  # not a documented limit; keeps one rule's help from bloating the file
MAX_TAGS = 10  # 20 accepted, 10 shown


def render(result) -> str:
    return json.dumps(log(result), indent=2, ensure_ascii=False) + "\n"


def log(result) -> dict:
    rules = [r for r in result.rules if not r.manual]
    index = {r.id: i for i, r in enumerate(rules)}
    findings = [(f.path, x) for f in result.files for x in f.findings]
    kept = _cap(findings)
    run = {
        "tool": {"driver": {
            "name": "privacylint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule(r) for r in rules],
        }},
        "columnKind": "unicodeCodePoints",
        "results": _results(kept, index),
    }
    if len(kept) < len(findings):
        run["properties"] = {"resultsOmitted": len(findings) - len(kept),
                             "resultsOmittedReason": f"GitHub keeps at most {MAX_RESULTS} results per run"}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rule(rule) -> dict:
    help_text = rule.help.strip()
    url = rule.spec.get("url")
    markdown = f"**{rule.citation}**\n\n{help_text}"
    if url:
        markdown += f"\n\nThe law: <{url}>"
    out = {
        "id": rule.id,
        "name": rule_name(rule.title),
        "shortDescription": {"text": _cut(rule.title, MAX_DESCRIPTION)},
        "fullDescription": {"text": _cut(f"{rule.title} ({rule.citation}). {rule.message}.", MAX_DESCRIPTION)},
        "help": {"text": _cut(f"{rule.citation}\n\n{help_text}", MAX_HELP),
                 "markdown": _cut(markdown, MAX_HELP)},
    }
    if url:
        out["helpUri"] = url
    out["defaultConfiguration"] = {"level": LEVEL[rule.severity]}
    tags = list(dict.fromkeys([rule.regulation, "privacy", "compliance"]))[:MAX_TAGS]
    out["properties"] = {"tags": tags, "problem.severity": PROBLEM_SEVERITY[rule.severity]}
    return out


def rule_name(title: str) -> str:
    """``Contact details of the DPO`` -> ``ContactDetailsOfTheDPO``."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFKD", re.sub(r"['\u2019]", "", title)))
    name = "".join(w[:1].upper() + w[1:] for w in words if w.isascii())
    return name[:MAX_NAME] or "Rule"


def _cap(findings: list) -> list:
    """The most severe MAX_RESULTS findings, in their original order."""
    if len(findings) <= MAX_RESULTS:
        return findings
    order = sorted(range(len(findings)), key=lambda i: (RANK[findings[i][1].severity], i))
    keep = set(order[:MAX_RESULTS])
    return [f for i, f in enumerate(findings) if i in keep]


def _results(findings: list, index: dict) -> list:
    seen: Counter = Counter()
    out = []
    uris: dict = {}
    for path, x in findings:
        if path not in uris:
            uris[path] = location.uri(path)
        uri, relative = uris[path]
        artifact = {"uri": uri, "uriBaseId": "%SRCROOT%"} if relative else {"uri": uri}
        p = x.position
        region = {"startLine": p.line, "startColumn": p.column,
                  "endLine": max(p.end_line, p.line), "endColumn": p.end_column}
        if region["endLine"] == p.line and region["endColumn"] < p.column:
            region["endColumn"] = p.column
        key = fingerprint(x.rule_id, uri, x.anchor)
        seen[key] += 1
        result = {"ruleId": x.rule_id}
        if x.rule_id in index:
            result["ruleIndex"] = index[x.rule_id]
        result.update({
            "level": LEVEL[x.severity],
            "message": {"text": message(x)},
            "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
            "partialFingerprints": {FINGERPRINT_KEY: f"{key}:{seen[key]}"},
        })
        out.append(result)
    return out


def message(x) -> str:
    """One self-contained sentence first (GitHub may show only that), citation included."""
    text = f"{x.message.strip().rstrip('.')} ({x.citation})."
    return _cut(text, MAX_MESSAGE)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
