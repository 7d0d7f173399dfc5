"""Which rules run on a file: regulations, select / ignore by id or prefix, severity overrides.

A rule reference is an exact id (``gdpr/dpo-contact``), a namespace (``ccpa/`` or ``ccpa``)
or ``ALL``.  A reference that names no rule is an error, with a did-you-mean suggestion.
"""
from __future__ import annotations

from .record import replace

# Facts about the service that decide conditional duties.  Rulebooks may declare more
# (``applies_if.fact``); those are accepted too.
FACTS = {
    "sells-or-shares": "the business sells or shares personal information (CCPA/CPRA)",
    "has-dpo": "a data protection officer is designated (GDPR Art. 37)",
    "transfers-outside-eea": "personal data is transferred outside the EEA (GDPR Chapter V)",
    "directed-to-children": "the service is directed to children under 13 (COPPA)",
    "uses-legitimate-interests": "some processing relies on legitimate interests (GDPR Art. 6(1)(f))",
    "financial-incentives": "the business offers financial incentives for personal information (CCPA)",
    "collects-sensitive-pi": "the business collects sensitive personal information (CPRA)",
}

# Laws the bundled rulebook covers or will cover; a rulebook may add more.
REGULATIONS = ("gdpr", "uk-gdpr", "ccpa", "coppa", "caloppa", "shine-the-light", "us-states", "general")
ALL = "all"  # the regulation name that turns every law on (what the accuracy scorer runs)
ALWAYS = "general"  # best-practice rules: not a law, so ``regulations`` does not switch them off

RULE_ERROR = "privacylint/rule-error"

# Findings the tool itself makes (suppression bookkeeping); they can be ignored like rules.
TOOL_RULES = {
    "privacylint/unknown-rule": "a suppression names a rule id that does not exist",
    "privacylint/unused-suppression": "a suppression silences nothing",
    "privacylint/invalid-suppression": "a suppression comment names no rule id",
    "privacylint/expired-suppression": "an out-of-band suppression is past its expiry date",
    "privacylint/rule-error": "a rule could not be evaluated on a file (a pattern ran out of time)",
}


# What to do about each tool finding (``explain`` and the SARIF help show it).
TOOL_HELP = {
    "privacylint/unknown-rule": "Correct the rule id (`privacylint rules` lists them) or remove the comment.",
    "privacylint/unused-suppression": (
        "Remove the comment, or correct its rule id. A disclosure that is missing is reported at "
        "the heading of its section (else at the policy's title): put `disable-next-line` directly "
        "above that line, or use `disable-file`."),
    "privacylint/invalid-suppression": "Name the rule ids: `<!-- privacylint-disable-next-line gdpr/dpo-contact -- reason -->`.",
    "privacylint/expired-suppression": (
        "Review the finding again: fix the policy, or give the entry a new `expires` date and reason."),
    "privacylint/rule-error": "Simplify the rule's pattern; the other rules were checked.",
}

def did_you_mean(word: str, choices) -> str:
    import difflib  # only on the error path

    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def unknown_regulation(reg: str, regs) -> str:
    """The error for a law the rulebook does not know: the near name, else every name (few)."""
    hint = did_you_mean(reg, regs) or f"; the rulebook's are {', '.join(sorted(set(regs)))}"
    return f"unknown regulation {reg!r}{hint}"


def ref_matches(ref: str, rule_id: str) -> bool:
    if ref == "ALL" or ref == rule_id:
        return True
    ns = ref if ref.endswith("/") else ref + "/" if "/" not in ref else None
    return ns is not None and rule_id.startswith(ns)


def known(ref: str, ids) -> bool:
    return any(ref_matches(ref, i) for i in ids)


def unknown_ref_message(ref: str, ids) -> str:
    choices = list(ids) + sorted({i.split("/")[0] + "/" for i in ids})
    return f"unknown rule id or prefix {ref!r}{did_you_mean(ref, choices)}"


def rulebook_facts(rules) -> dict[str, str]:
    """Every fact name accepted: the built-in ones and those the rulebook's rules depend on."""
    out = dict(FACTS)
    for c in rules:
        applies = c.rule.spec.get("applies_if")
        if applies:
            out.setdefault(applies["fact"], applies.get("description", ""))
    return out


def rulebook_regulations(rules) -> set[str]:
    """Regulation names accepted: those the rulebook in use has rules for (a name with no
    rule would check nothing and pass), and ``all``."""
    return {r for c in rules for r in regulations_of(c.rule)} | {ALL}


def regulations_of(rule) -> tuple[str, ...]:
    """The rule's own regulation, then those it also runs under (``also_under``: a duty that
    several laws share, such as a US state law's part of the common core)."""
    return (rule.regulation, *(rule.spec.get("also_under") or ()))


def citation_under(rule, regulations) -> str:
    """The citation to show when ``regulations`` are the laws selected: the rule's own, unless
    it runs only through ``also_under`` laws, whose citations are shown instead."""
    also = rule.spec.get("also_under") or {}
    if not also or regulations is None or ALL in regulations or rule.regulation in regulations:
        return rule.citation
    chosen = [also[r] for r in also if r in regulations]
    return "; ".join(chosen) if chosen else rule.citation


def most_specific(refs: dict, rule_id: str):
    """The value of the most specific reference in ``refs`` that matches ``rule_id``."""
    hits = [r for r in refs if ref_matches(r, rule_id)]
    if not hits:
        return None
    return refs[max(hits, key=lambda r: (r == rule_id, len(r)))]


def enabled(rule_id: str, regulation, settings) -> bool:
    """Whether the rule runs; ``regulation`` is its name, or the tuple of every law it runs under."""
    regs = (regulation,) if isinstance(regulation, str) else tuple(regulation)
    if settings.regulations is not None and ALWAYS not in regs and ALL not in settings.regulations \
            and not any(r in settings.regulations for r in regs) and rule_id not in TOOL_RULES:
        return False
    if settings.select is not None and not any(ref_matches(r, rule_id) for r in settings.select):
        # tool findings stay on unless ignored: a narrow --select should not hide bad suppressions
        if rule_id not in TOOL_RULES:
            return False
    return not any(ref_matches(r, rule_id) for r in settings.ignore)


def describe(settings) -> str:
    """The selection in a few words, for an error that says why nothing runs."""
    parts = []
    if settings.regulations is not None:
        parts.append("regulations " + ",".join(sorted(settings.regulations)))
    if settings.select is not None:
        parts.append("select " + ",".join(settings.select))
    if settings.ignore:
        parts.append("ignore " + ",".join(settings.ignore))
    return "; ".join(parts) or "no rules loaded"


def apply(rules, settings) -> list:
    """The compiled rules that run under ``settings``, with severity overrides applied."""
    out = []
    for c in rules:
        if not enabled(c.rule.id, regulations_of(c.rule), settings):
            continue
        sev = most_specific(settings.severity, c.rule.id)
        if sev and sev != c.rule.severity:
            c = replace(c, rule=replace(c.rule, severity=sev))
        cite = citation_under(c.rule, settings.regulations)
        if cite != c.rule.citation:
            c = replace(c, rule=replace(c.rule, citation=cite))
        out.append(c)
    return out


def override_severity(findings, severity: dict):
    """Findings with the configured severity; a finding made info by an unknown fact stays info."""
    out = []
    for f in findings:
        sev = most_specific(severity, f.rule_id) if severity else None
        if sev and sev != f.severity and not f.message.startswith("Applies if "):
            f = replace(f, severity=sev)
        out.append(f)
    return out


def tool_rules() -> tuple:
    """Rule records for the tool's own findings, so every output format can describe them."""
    from .types import Rule

    return tuple(Rule(id=i, title=t[0].upper() + t[1:], regulation="privacylint", citation="privacylint",
                      severity="error" if i == RULE_ERROR else "warning", kind="tool", message=t[0].upper() + t[1:],
                      help=f"A finding of privacylint itself: {t}. {TOOL_HELP[i]}", spec={}, source="")
                 for i, t in TOOL_RULES.items())
