"""SARIF 2.1.0, shaped for GitHub code scanning (research/ecosystem.md §1–2).

One run, one tool.  The driver lists every rule that ran, so GitHub can show a rule's help
even for alerts from older uploads.  Each rule carries the ``precision`` GitHub sorts alerts by,
as measured (rules/precision.json, from docs/accuracy.json); no ``security-severity``, which
would turn compliance findings into security alerts.  Files a folder walk skipped are
``toolExecutionNotifications``, so a consumer can tell the run was partial.

Output is deterministic: no timestamps, no GUIDs, no absolute paths (``%SRCROOT%`` is
described, not resolved to this machine's checkout), so two runs on the same input give the
same bytes, on any day and in any checkout.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from .. import __version__
from ..fingerprint import fingerprint
from . import location
from .streaming import Spool, items_here, write_with_items

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
    rules, index = _rules(result)
    findings = [(f.stored or f.path, x) for f in result.files for x in f.findings]
    kept = _cap(findings)
    return _log(result, rules, _results(kept, index), len(findings) - len(kept))


def stream(files, write) -> None:
    """Write ``render``'s text through ``write``, keeping no file's result in memory.

    The run's rules come before the results in SARIF, and only the finished run knows them
    (the default selection picks laws per policy) and so each result's ``ruleIndex``; the cap
    on results also needs every finding counted.  So each finding waits as a short entry in
    a spool on disk, and the results are written from there once the files are done."""
    counts: Counter = Counter()  # findings per severity, for the cap
    files_of: Counter = Counter()  # file results per URI (a URI's occurrence counters are kept until its last)
    with Spool() as spool:
        for f in files:
            if f.findings:
                uri, relative = location.uri(f.stored or f.path)
                entries = [_entry(x, uri) for x in f.findings]
                counts.update(e[0] for e in entries)
                files_of[uri] += 1
                spool.add([uri, relative, entries])
        result = files.result()
        rules, index = _rules(result)
        quota = _quota(counts)
        omitted = sum(counts.values()) - sum(quota.values())
        write_with_items(write, _log(result, rules, items_here(), omitted),
                         _spooled(spool, index, quota, files_of))


def _rules(result) -> tuple[list, dict]:
    """The rules the driver lists, and each one's index there."""
    rules = [r for r in result.rules if not r.manual]
    return rules, {r.id: i for i, r in enumerate(rules)}


def _log(result, rules: list, results: list, omitted: int) -> dict:
    run = {
        "tool": {"driver": {
            "name": "privacylint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule(r) for r in rules],
        }},
        "invocations": [_invocation(result)],
        "originalUriBaseIds": {"%SRCROOT%": {"description": {
            "text": "The root of the scanned repository: $GITHUB_WORKSPACE, else the git root of "
                    "the working directory."}}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if omitted:
        run["properties"] = {"resultsOmitted": omitted,
                             "resultsOmittedReason": f"GitHub keeps at most {MAX_RESULTS} results per run"}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


TOOL_HELP_URI = INFORMATION_URI + "#inline-suppressions-markdown-and-html"


def _invocation(result) -> dict:
    """The run succeeded (a failed run writes no report); skipped files are reported."""
    notes = [{"level": "warning", "message": {"text": f"skipped {reason}"},
              "descriptor": {"id": "skipped-file"}} for reason in result.skipped]
    out: dict = {"executionSuccessful": True}
    if notes:
        out["toolExecutionNotifications"] = notes
    return out


@lru_cache(maxsize=1)
def precision_levels() -> dict:
    """Rule id -> measured precision level (rules/precision.json); empty if it is absent."""
    from ..rulebook import bundled_dir

    try:
        return json.loads((bundled_dir() / "precision.json").read_text(encoding="utf-8"))["precision"]
    except (OSError, ValueError, KeyError):
        return {}


def _resolve(rule) -> str:
    """How to act on a finding of this rule in privacylint: facts, suppressions, explain."""
    parts = []
    applies = rule.spec.get("applies_if")
    if applies:
        parts.append(f"This duty applies if {applies['description']}. Tell privacylint with "
                     f"`facts: {{{applies['fact']}: true}}` (or `false`) in `.privacylint.yaml`, "
                     f"or `--fact {applies['fact']}=true`.")
    parts.append(f"If the finding is wrong or accepted, silence it with "
                 f"`<!-- privacylint-disable-next-line {rule.id} -- reason -->` directly above the "
                 f"line it is reported at (Markdown, HTML), or an entry in the suppressions file "
                 f"(any format). `privacylint explain {rule.id}` prints this help.")
    return " ".join(parts)


def _rule(rule) -> dict:
    help_text = rule.help.strip()
    url = rule.spec.get("url")
    tool = rule.kind == "tool"
    # Model wording set off as a quote, so a reader sees what to write at a glance.
    body = re.sub(r'Model wording:\s*', "\n\n**Model wording:**\n\n> ", help_text, count=1)
    markdown = f"**{rule.citation}**\n\n{body}"
    if url:
        markdown += f"\n\nThe law: <{url}>"
    if not tool:
        markdown += f"\n\n**In privacylint:** {_resolve(rule)}"
    full = help_text if tool else f"{rule.title} ({rule.citation}). {rule.message}."
    out = {
        "id": rule.id,
        "name": rule_name(rule.title),
        "shortDescription": {"text": _cut(rule.title, MAX_DESCRIPTION)},
        "fullDescription": {"text": _cut(full, MAX_DESCRIPTION)},
        "help": {"text": _cut(f"{rule.citation}\n\n{help_text}" + ("" if tool else f"\n\n{_resolve(rule)}"),
                              MAX_HELP),
                 "markdown": _cut(markdown, MAX_HELP)},
    }
    if url or tool:
        out["helpUri"] = url or TOOL_HELP_URI
    out["defaultConfiguration"] = {"level": LEVEL[rule.severity]}
    tags = list(dict.fromkeys([rule.regulation, "privacy", "compliance"]))[:MAX_TAGS]
    out["properties"] = {"tags": tags, "problem.severity": PROBLEM_SEVERITY[rule.severity]}
    precision = "very-high" if tool else precision_levels().get(rule.id)
    if precision:  # only where measured: a custom rule claims nothing
        out["properties"]["precision"] = precision
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


def _quota(counts: Counter) -> dict:
    """How many findings of each severity ``_cap`` keeps: the first ones of each, in order."""
    left, quota = MAX_RESULTS, {}
    for severity in sorted(counts, key=RANK.__getitem__):
        quota[severity] = min(counts[severity], left)
        left -= quota[severity]
    return quota


def _results(findings: list, index: dict) -> list:
    seen: Counter = Counter()
    out = []
    uris: dict = {}
    for path, x in findings:
        if path not in uris:
            uris[path] = location.uri(path)
        uri, relative = uris[path]
        entry = _entry(x, uri)
        seen[entry[4]] += 1
        out.append(_result(entry, _artifact(uri, relative), index, seen[entry[4]]))
    return out


def _spooled(spool, index: dict, quota: dict, files_of: Counter):
    """``_results`` of the capped findings, from the entries ``stream`` spooled."""
    seen: dict = {}  # URI -> occurrences of each fingerprint, while more of its files are to come
    for uri, relative, entries in spool:
        artifact, counter = _artifact(uri, relative), seen.setdefault(uri, Counter())
        for entry in entries:
            if quota[entry[0]]:
                quota[entry[0]] -= 1
                counter[entry[4]] += 1
                yield _result(entry, artifact, index, counter[entry[4]])
        files_of[uri] -= 1
        if not files_of[uri]:
            del seen[uri]


def _entry(x, uri: str) -> list:
    """What a result needs of finding ``x``: severity, rule, message, region, fingerprint."""
    p = x.position
    region = [p.line, p.column, max(p.end_line, p.line), p.end_column]
    if region[2] == p.line and region[3] < p.column:
        region[3] = p.column
    return [x.severity, x.rule_id, message(x), region, fingerprint(x.rule_id, uri, x.anchor)]


def _artifact(uri: str, relative: bool) -> dict:
    return {"uri": uri, "uriBaseId": "%SRCROOT%"} if relative else {"uri": uri}


def _result(entry: list, artifact: dict, index: dict, occurrence: int) -> dict:
    severity, rule_id, text, (line, column, end_line, end_column), key = entry
    result = {"ruleId": rule_id}
    if rule_id in index:
        result["ruleIndex"] = index[rule_id]
    region = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
    result.update({
        "level": LEVEL[severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: f"{key}:{occurrence}"},
    })
    return result


def message(x) -> str:
    """One self-contained sentence first (GitHub may show only that), citation included."""
    text = f"{x.message.strip().rstrip('.')} ({x.citation})."
    return _cut(text, MAX_MESSAGE)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
