"""Browse the rulebook: list rules (text, JSON, Markdown) and explain one rule."""
from __future__ import annotations

import json


def _facts(rule) -> str:
    a = rule.spec.get("applies_if")
    return a["fact"] if a else ""


def rows(rules, regulation: str | None = None) -> list:
    """The rules of ``regulation`` (all without one), with the citation under that law."""
    from .record import replace

    from .selection import citation_under, regulations_of

    if not regulation:
        return list(rules)
    return [replace(r, citation=citation_under(r, {regulation}))
            for r in rules if regulation in regulations_of(r)]


def render_text(rules) -> str:
    width = max((len(r.id) for r in rules), default=10)
    out = []
    for r in rules:
        kind = "manual check" if r.manual else r.severity
        out.append(f"{r.id:<{width}}  {r.regulation:<8} {kind:<12} {r.title} [{r.citation}]")
    return "\n".join(out) + "\n"


def render_json(rules) -> str:
    items = [{"id": r.id, "regulation": r.regulation, "citation": r.citation, "severity": r.severity,
              "kind": r.kind, "title": r.title, "facts": [f] if (f := _facts(r)) else []}
             for r in rules]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def render_markdown(rules) -> str:
    """The rule reference in docs/rules.md (generated; a test keeps it in step with the rulebook)."""
    out = ["# privacylint rules", "",
           "Generated from the rulebook by `privacylint rules --format markdown`; do not edit by hand.",
           ""]
    by_reg: dict[str, list] = {}
    for r in rules:
        by_reg.setdefault(r.regulation, []).append(r)
    out.append("| regulation | rules | manual checks |")
    out.append("|---|---|---|")
    for reg, rs in by_reg.items():
        out.append(f"| {reg} | {sum(not r.manual for r in rs)} | {sum(r.manual for r in rs)} |")
    out.append("")
    for reg, rs in by_reg.items():
        out.append(f"## {reg}")
        out.append("")
        out.append("| id | severity | citation | title |")
        out.append("|---|---|---|---|")
        for r in rs:
            sev = "manual check" if r.manual else r.severity
            out.append(f"| `{r.id}` | {sev} | {r.citation} | {r.title} |")
        out.append("")
        for r in rs:
            out.append(f"### `{r.id}`")
            out.append("")
            out.append(f"**{r.title}** — {r.citation}" + (" (manual check)" if r.manual else ""))
            out.append("")
            if f := _facts(r):
                out.append(f"Applies if {r.spec['applies_if']['description']} (fact `{f}`).")
                out.append("")
            if r.spec.get("valid_from") or r.spec.get("superseded_on"):
                out.append(f"In force: {_dates(r.spec)}.")
                out.append("")
            if r.spec.get("also_under"):
                out.append("Also under: " + "; ".join(f"`{k}` ({v})" for k, v in r.spec["also_under"].items()) + ".")
                out.append("")
            out.append(r.help.strip())
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def explain(rule) -> str:
    lines = [f"{rule.id}: {rule.title}",
             f"Regulation: {rule.regulation}    Citation: {rule.citation}",
             f"Severity: {'manual check (not evaluated)' if rule.manual else rule.severity}    Kind: {rule.kind}"]
    a = rule.spec.get("applies_if")
    if a:
        lines.append(f"Facts: {a['fact']} (applies if {a['description']}; while unknown and not "
                     f"established by the policy text, findings are reported as info)")
    else:
        lines.append("Facts: none (always applies)")
    if rule.spec.get("valid_from") or rule.spec.get("superseded_on"):
        lines.append(f"In force: {_dates(rule.spec)} (judged as of the run date or --as-of)")
    for reg, cite in (rule.spec.get("also_under") or {}).items():
        lines.append(f"Also under {reg}: {cite}")
    if rule.spec.get("url"):
        lines.append(f"More: {rule.spec['url']}")
    lines += ["", rule.help.strip(), ""]
    if not rule.manual:
        lines += [f"Finding message: {rule.message}", ""]
    return "\n".join(lines)


def _dates(spec) -> str:
    parts = []
    if spec.get("valid_from"):
        parts.append(f"from {spec['valid_from']}")
    if spec.get("superseded_on"):
        parts.append(f"until {spec['superseded_on']}")
    return ", ".join(parts)
