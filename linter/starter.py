"""``privacylint init``: a commented starter .privacylint.yaml (it asks nothing; flags decide)."""
from __future__ import annotations

from . import selection

LAWS = ("gdpr", "uk-gdpr", "ccpa", "coppa", "caloppa")


def render(regulations=(), facts: dict | None = None, known: dict | None = None) -> str:
    """``known``: every fact the rulebook uses (name -> description), default the built-in ones."""
    facts = facts or {}
    known = known or selection.FACTS
    out = [
        "# privacylint configuration: https://github.com/privacylint/privacylint#configuration",
        "# The closest .privacylint.yaml (or [tool.privacylint] in pyproject.toml) above a policy",
        "# applies to it; command-line flags win.  Paths and globs are relative to this file.",
        "",
        "# Laws that apply.  Default: the laws each policy addresses (a California section:",
        "# ccpa and caloppa; the EU or GDPR: gdpr; children: coppa; no law or place: gdpr);",
        "# 'all' checks every law.  uk-gdpr includes the gdpr list; 'general' rules always run.",
    ]
    if regulations:
        out.append(f"regulations: [{', '.join(regulations)}]")
    else:
        out.append(f"# regulations: [{', '.join(LAWS)}]")
    out += ["", "# Facts about the service that decide conditional duties: true, false, or leave",
            "# unset (unknown: such findings are reported as info unless the policy text",
            "# establishes the fact).  A rule whose fact is false is not applicable."]
    out.append("facts:" if facts else "# facts:")
    for name, description in known.items():
        if name in facts:
            value = "null" if facts[name] is None else str(facts[name]).lower()
            out.append(f"  {name}: {value}  # {description}")
        else:  # no value suggested: uncommenting must be a decision, not a default of false
            out.append(f"  # {name}: true|false  # {description}")
    for name, value in facts.items():
        if name not in known:
            out.append(f"  {name}: {'null' if value is None else str(value).lower()}")
    out += [
        "",
        "# Rule selection by id or prefix ('ccpa/' or 'ccpa'); ignore wins over select.",
        "# select: [gdpr/, ccpa/, general/]",
        "# ignore: [general/last-updated]",
        "",
        "# Severity per rule id or prefix: error, warning or info.",
        "# severity:",
        "#   general/last-updated: warning",
        "",
        "# Lowest severity that makes the exit status 1: error, warning, info or never.",
        "fail-on: error",
        "",
        "# Extra rulebooks in the same schema as the bundled one (see validate-rules, test-rules).",
        "# rules: [privacy-rules/our-rules.yaml]",
        "",
        "# Which policy files to check (default: every .txt, .md and .html found).",
        "# include: ['policies/**']",
        "# exclude: ['**/drafts/**']",
        "",
        "# Accepted findings that cannot carry an inline comment (e.g. published HTML).",
        "# suppressions: .privacylint-suppressions.yaml",
        "",
        "# Settings for some files: regulations, facts, select, ignore, severity.",
        "# per-file:",
        "#   'policies/children/*.md':",
        "#     regulations: [coppa]",
        "#     facts: {directed-to-children: true}",
        "#   'policies/california.html':",
        "#     regulations: [ccpa, caloppa]",
    ]
    return "\n".join(out) + "\n"
