"""Run compiled rules on a document and give each result its identity and place.

Kinds say *whether* and *where* (normalised offsets); this module adds rule id, severity,
citation, the source position and the text shown as evidence.
"""
from __future__ import annotations

from . import kinds, patterns
from .kinds.match import found_any, headed, prepare
from .selection import RULE_ERROR
from .structure import Document
from .types import Finding, Position, Requirement

EVIDENCE_MAX = 200


def run(doc: Document, rules, facts: dict | None = None) -> tuple[list[Requirement], list[Finding]]:
    facts = facts or {}
    requirements, findings = [], []
    prepare(doc, rules)
    for c in rules:
        if c.rule.manual:
            continue
        patterns.arm()
        try:
            req, finding = evaluate(doc, c, facts)
        except patterns.PatternTimeout as exc:  # a team's pattern: report it, check the rest
            findings.append(rule_error(c, exc))
            continue
        requirements.append(req)
        if finding:
            findings.append(finding)
    findings.sort(key=lambda f: (f.position.line, f.position.column, f.rule_id))
    return requirements, findings


def rule_error(c, exc: Exception) -> Finding:
    """The finding for a rule that could not be evaluated on this document."""
    message = (f"Rule {c.rule.id} was not evaluated on this file: its {exc}; simplify the "
               f"pattern (nested repetition such as (a+)+ can take exponential time)")
    return Finding(RULE_ERROR, "error", message, c.rule.source or "privacylint",
                   Position(1, 1, 1, 1), "", c.rule.id)


def evaluate(doc: Document, c, facts: dict) -> tuple[Requirement, Finding | None]:
    rule = c.rule
    applies = rule.spec.get("applies_if")
    fact = facts.get(applies["fact"]) if applies else None
    if applies and fact is False:
        return Requirement(rule.id, "not-applicable",
                           note=f"does not apply: configured that {applies['fact']} is false"), None
    outcome = kinds.evaluate(doc, c)
    if outcome.status == "not-applicable":
        return Requirement(rule.id, "not-applicable", note=outcome.note), None
    if outcome.hit is not None:
        position, evidence = evidence_at(doc, outcome.hit.start, outcome.hit.end)
    else:
        position, evidence = None, ""
    more = tuple(evidence_at(doc, h.start, h.end) for h in outcome.more)
    req = Requirement(rule.id, outcome.status, position if outcome.status != "missing" else None,
                      evidence if outcome.status != "missing" else "", outcome.note, more)
    if outcome.status == "present":
        return req, None

    severity = (outcome.hit.severity if outcome.status == "weak" and outcome.hit and outcome.hit.severity
                else rule.severity)
    message = outcome.note or rule.message
    if applies and fact is None and found_any(doc, c.establish) is None:
        severity = "info"
        message = f"Applies if {applies['description']}: {message}"
    if position is None:
        position, anchor = anchor_for(doc, c)
        section = anchor
    else:
        anchor = evidence
        section = doc.section_at(outcome.hit.start).title
    finding = Finding(rule.id, severity, message, rule.citation, position, evidence, anchor, section)
    return req, finding


def evidence_at(doc: Document, start: int, end: int) -> tuple[Position, str]:
    """The sentence around a match, cut to the source line where the match starts.

    Cutting to one source line keeps the promise that the quoted text is found verbatim at
    the reported line and column, markup included.
    """
    s_start, s_end = doc.unit("sentence", start)
    src_match = doc.source_offset(start)
    line_start, line_end = doc.lines.line_bounds(src_match)
    a = max(doc.source_offset(s_start), line_start)
    b = min(doc.source_offset(max(s_end - 1, s_start)) + 1, line_end)
    if b <= src_match:
        b = line_end
    if a > src_match:
        a = src_match
    src = doc.source
    while a < b and src[a].isspace():
        a += 1
    while b > a and src[b - 1].isspace():
        b -= 1
    if b - a > EVIDENCE_MAX:  # keep the window around the match, cut between words
        end = b
        a = max(a, min(src_match - 40, b - EVIDENCE_MAX))
        b = min(b, a + EVIDENCE_MAX)
        while b < end and b - a < EVIDENCE_MAX + 40 and not src[b].isspace():
            b += 1
        while a > line_start and not src[a - 1].isspace() and not src[a].isspace() and src_match - a < 80:
            a -= 1
    line, col = doc.lines.position(a)
    end_line, end_col = doc.lines.position(b)
    return Position(line, col, end_line, end_col), src[a:b]


def anchor_for(doc: Document, c) -> tuple[Position, str]:
    """Where to report a disclosure that is absent, and the anchor its fingerprint keeps.

    At the heading of the section where it belongs (anchor: that title), else at the policy's
    title line (anchor: empty, so edits anywhere leave the fingerprint alone).  Never in markup
    or front matter: a position always comes from the extracted text, so a PR that deletes a
    clause shows the alert on a line a reader knows, and editing ``<head>`` re-keys nothing.
    """
    if c.section is not None:
        memo = doc.memo.setdefault(anchor_for, {})  # rules share section patterns
        found = memo.get(c.section.source, False)
        if found is False:
            found = memo[c.section.source] = _anchor_section(doc, c.section)
        if found is not None:
            return found
    return title_position(doc), ""


def _anchor_section(doc: Document, pattern) -> tuple[Position, str] | None:
    candidates = headed(doc, pattern)
    if not candidates:
        return None
    s = max(candidates, key=lambda s: (s.end - s.heading.end > 40, -s.start))
    return _span(doc, s.heading.start, s.heading.end), s.title


def title_position(doc: Document) -> Position:
    """The policy's title: its top-level heading (the first of the highest level), else its
    first line of text outside navigation chrome, else line 1."""
    memo = doc.memo.get(title_position)
    if memo is None:
        heads = [s.heading for s in doc.sections if s.heading]
        if heads:
            top = min(h.level for h in heads)
            h = next(h for h in heads if h.level == top)
            memo = _span(doc, h.start, h.end)
        else:
            text = doc.text
            i = next((i for i, ch in enumerate(text) if not ch.isspace() and not doc.in_chrome(i)), None)
            if i is None:
                memo = Position(1, 1, 1, 1)
            else:
                j = text.find("\n", i)
                memo = _span(doc, i, len(text) if j < 0 else j)
        doc.memo[title_position] = memo
    return memo


def _span(doc: Document, start: int, end: int) -> Position:
    """The source range of normalised text [start, end), kept to the first source line."""
    a = doc.source_offset(start)
    b = doc.source_offset(max(end - 1, start)) + 1
    line, col = doc.lines.position(a)
    line_start, line_end = doc.lines.line_bounds(a)
    b = min(max(b, a), line_end)
    end_line, end_col = doc.lines.position(b)
    return Position(line, col, end_line, end_col)
