"""The compliance picture a report shows, built once from a run for the HTML and Markdown formats.

Per policy: every requirement that was checked, with its status, quoted evidence and the findings
it gave, grouped by regulation; coverage per regulation; the manual checks that apply; and the
settings the file was checked under.  Nothing is re-derived: this only regroups the run's result.
"""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from ..types import SEVERITY_RANK

STATUSES = ("present", "weak", "missing", "not-applicable")
STATUS_LABELS = {"present": "Present", "weak": "Weak", "missing": "Missing",
                 "not-applicable": "Not applicable"}
SEVERITIES = tuple(sorted(SEVERITY_RANK, key=SEVERITY_RANK.get, reverse=True))  # worst first

# Display names, and the order a reader expects: the big laws first, best practice last.
REGULATION_NAMES = {
    "gdpr": "GDPR (EU)",
    "uk-gdpr": "UK GDPR",
    "ccpa": "CCPA/CPRA (California)",
    "caloppa": "CalOPPA (California)",
    "shine-the-light": "Shine the Light (California)",
    "coppa": "COPPA (US, children under 13)",
    "us-states": "US state privacy laws",
    "us-ct": "Connecticut (CTDPA)",
    "us-tx": "Texas (TDPSA)",
    "general": "Good practice (every policy)",
}


def regulation_name(regulation: str) -> str:
    return REGULATION_NAMES.get(regulation, regulation)


def regulation_order(regulation: str) -> tuple:
    """Sort key: the laws in REGULATION_NAMES order, then others by name, best practice last."""
    known = list(REGULATION_NAMES)
    if regulation == "general":
        return (2, 0, "")
    if regulation in known:
        return (0, known.index(regulation), "")
    return (1, 0, regulation)


@dataclass(frozen=True)
class Row:
    """One requirement of one policy: what the rule asks and what the run found."""

    requirement: object  # types.Requirement
    rule: object         # types.Rule
    findings: tuple      # findings of this rule that are reported
    silenced: tuple      # findings of this rule that a suppression or the baseline hid

    @property
    def status(self) -> str:
        return self.requirement.status


@dataclass(frozen=True)
class Group:
    """The requirements of one regulation for one policy."""

    regulation: str
    rows: tuple

    @property
    def name(self) -> str:
        return regulation_name(self.regulation)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    @property
    def applicable(self) -> int:
        return len(self.rows) - self.count("not-applicable")


@dataclass(frozen=True)
class Policy:
    index: int           # 1-based, in the run's file order: the anchor prefix p<index>
    file: object         # types.FileResult
    groups: tuple
    manual: tuple        # manual-check rules that apply to this policy
    other: tuple         # findings tied to no requirement row (the tool's own, rule errors)

    @property
    def path(self) -> str:
        return self.file.path

    @property
    def anchor(self) -> str:
        return f"p{self.index}"

    def line_anchor(self, line: int) -> str:
        return f"{self.anchor}-L{line}"

    def row_anchor(self, rule_id: str) -> str:
        return f"{self.anchor}-{rule_id}"

    def status_counts(self) -> Counter:
        return Counter(r.status for g in self.groups for r in g.rows)

    def severity_counts(self) -> Counter:
        return Counter(x.severity for x in self.file.findings)


class Summary:
    """What a report's summary table shows of a ``Policy``: its name, anchor and counts (kept
    for every policy of a streamed report while the policies themselves are not)."""

    def __init__(self, p: Policy):
        self.path, self.anchor = p.path, p.anchor
        self._status, self._severity = p.status_counts(), p.severity_counts()

    def status_counts(self) -> Counter:
        return self._status

    def severity_counts(self) -> Counter:
        return self._severity


def coverage_words(g) -> str:
    """A law's coverage in words: "12 of 20 present, 3 weak, 5 missing"."""
    if not g.applicable:
        return "not applicable on the facts given"
    words = f"{g.count('present')} of {g.applicable} present"
    words += f", {g.count('weak')} weak" if g.count("weak") else ""
    return words + (f", {g.count('missing')} missing" if g.count("missing") else "")


def notes(row):
    """What a report says under a requirement, in order, as (kind, value) pairs: the quoted
    ``evidence``, the ``weak`` or ``not-applicable`` note, each ``finding`` (with whether it
    only repeats the weak note), each ``silenced`` finding, and for a ``missing`` requirement
    without findings the rule's message.  The html and markdown reports each dress them."""
    req = row.requirement
    if req.evidence:
        yield "evidence", req.evidence
    if row.status in ("weak", "not-applicable") and req.note:
        yield row.status, req.note
    for x in row.findings:
        yield "finding", (x, row.status == "weak" and x.message == req.note)
    for x in row.silenced:
        yield "silenced", x
    if row.status == "missing" and not row.findings and not row.silenced:
        yield "missing", row.rule.message


def build(result) -> list[Policy]:
    return list(policies(result.files, result.rules))


def policies(files, rules):
    """The ``Policy`` of each of ``files`` in turn (an iterable read once), for the run's ``rules``."""
    by_id = {r.id: r for r in rules}
    manual_rules = [r for r in rules if r.manual]
    for i, f in enumerate(files, 1):
        yield policy(i, f, by_id, manual_rules)


@contextmanager
def kept(files):
    """For a streamed report: each of ``files`` (an ``api.Stream``) kept on disk as it is
    done; yields (the run's result, a function giving their ``Policy`` in turn, again each
    time it is called), one result in memory at a time."""
    from .streaming import Kept

    with Kept() as store:
        for f in files:
            store.add(f)
        result = files.result()
        yield result, lambda: policies(store, result.rules)


def policy(i: int, f, rules: dict, manual_rules: list) -> Policy:
    """The ``i``-th file's picture; ``rules``: the run's rules by id."""
    found: dict[str, list] = {}
    for x in f.findings:
        found.setdefault(x.rule_id, []).append(x)
    hidden: dict[str, list] = {}
    for x in f.suppressed:
        hidden.setdefault(x.rule_id, []).append(x)
    by_reg: dict[str, list] = {}
    for req in f.requirements:
        rule = rules.get(req.rule_id)
        if rule is None:
            continue
        by_reg.setdefault(rule.regulation, []).append(
            Row(req, rule, tuple(found.pop(req.rule_id, ())), tuple(hidden.get(req.rule_id, ()))))
    groups = tuple(Group(reg, tuple(rows)) for reg, rows in
                   sorted(by_reg.items(), key=lambda kv: regulation_order(kv[0])))
    checked = set(by_reg)
    manual = tuple(r for r in sorted(manual_rules, key=lambda r: (regulation_order(r.regulation), r.id))
                   if r.regulation in checked and _selected(r, f.settings))
    other = tuple(x for xs in found.values() for x in xs)
    return Policy(i, f, groups, manual, other)


def _selected(rule, settings) -> bool:
    """Whether the file's own settings turn this manual check on (all laws: yes)."""
    if settings is None:
        return True
    from ..selection import enabled

    return enabled(rule.id, rule.regulation, settings)


def facts_used(result) -> dict[str, str]:
    """The facts the run's rules depend on: name -> what it means, sorted by name."""
    out = {}
    for r in result.rules:
        applies = r.spec.get("applies_if") if r.spec else None
        if applies:
            out.setdefault(applies["fact"], applies.get("description", ""))
    return dict(sorted(out.items()))


def fact_value(value) -> str:
    return {True: "yes", False: "no"}.get(value, "not known")


def rule_url(rule) -> str:
    """The rule's link to the law, only if it is a plain web address (rulebooks can be a team's own)."""
    url = (rule.spec or {}).get("url") or ""
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else ""


def settings_lines(policy: Policy, result) -> list[tuple[str, str]]:
    """(label, value) pairs saying what applied to one policy, in plain words."""
    s = policy.file.settings
    laws = ", ".join(g.name for g in policy.groups) or "none"
    out = [("Laws checked", laws)]
    if s is None:
        return out
    cfg = getattr(s, "config", None)
    out.append(("Configuration file", cfg.display if cfg is not None else "none"))
    regs = getattr(s, "regulations", None)
    out.append(("Regulations setting", ", ".join(sorted(regs)) if regs is not None else "not set (every law)"))
    if getattr(s, "select", None) is not None:
        out.append(("Only rules", ", ".join(s.select)))
    if getattr(s, "ignore", ()):
        out.append(("Rules skipped", ", ".join(s.ignore)))
    if getattr(s, "severity", None):
        out.append(("Severity changed", ", ".join(f"{k} = {v}" for k, v in sorted(s.severity.items()))))
    if getattr(s, "suppressions", None) is not None:
        from ..config import display

        out.append(("Suppressions file", display(s.suppressions)))
    out.append(("Fails on", {"never": "never (report only)"}.get(s.fail_on, f"{s.fail_on} or worse")))
    hidden = len(policy.file.suppressed)
    if hidden:
        out.append(("Findings silenced", f"{hidden} (by suppression comments, the suppressions file "
                                         f"or the baseline)"))
    return out


def facts_table(policy: Policy, result) -> list[tuple[str, str, str]]:
    """(fact, value, meaning) for every fact the rules depend on or the settings name."""
    used = facts_used(result)
    s = policy.file.settings
    given = dict(getattr(s, "facts", None) or {}) if s is not None else {}
    names = sorted(set(used) | set(given))
    return [(n, fact_value(given.get(n)), used.get(n, "")) for n in names]
