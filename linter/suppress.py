"""Suppressions: inline comments in Markdown and HTML, and an out-of-band suppressions file.

Inline (markdownlint's verbs, rule ids required, as in ruff's range suppressions)::

    <!-- privacylint-disable ID[, ID] -->  ...  <!-- privacylint-enable [ID] -->
    <!-- privacylint-disable-next-line ID -->
    <!-- privacylint-disable-file ID -->

A "missing" finding has no text of its own: a range (``disable`` ... ``enable``) does not
silence it, but ``disable-next-line`` directly above the line where it is reported (its
section's heading, else the policy's title) does, and so does ``disable-file``.  Unknown ids
and suppressions that silence nothing become warnings, as ruff's RUF100 does.

Out of band (for published HTML that cannot carry comments): a YAML file of entries with
rule, files (glob), optional quote, mandatory reason and optional expiry date; an expired
entry stops working and is reported.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import re

from . import globs, selection, yamlsource
from .fingerprint import normalise
from .types import Finding, Position

_DIRECTIVE = re.compile(
    r"^\s*(?:<!--)?\s*privacylint-(disable-next-line|disable-file|disable|enable)\b(.*?)(?:-->)?\s*$",
    re.I | re.S)
_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")


@dataclass
class Directive:
    verb: str
    refs: tuple[str, ...]
    position: Position
    text: str
    used: set = field(default_factory=set)


def parse(comments, lines) -> list[Directive]:
    out = []
    for c in sorted(comments, key=lambda c: c.start):
        m = _DIRECTIVE.match(c.text)
        if not m:
            continue
        body = m.group(2).split("--", 1)[0]  # "-- reason" may follow the ids
        refs = tuple(r for r in re.split(r"[,\s]+", body.strip()) if r)
        line, col = lines.position(c.start)
        end_line, end_col = lines.position(max(c.end, c.start))
        out.append(Directive(m.group(1).lower(), refs, Position(line, col, end_line, end_col),
                             c.text.strip()))
    return out


def _next_content_line(lines, after: int) -> int:
    """The first line after ``after`` that is neither blank nor only a comment."""
    n = after + 1
    while n <= len(lines.starts):
        start = lines.starts[n - 1]
        _, end = lines.line_bounds(start)
        text = lines.source[start:end]
        if text.strip() and not _COMMENT_LINE.match(text):
            return n
        n += 1
    return after + 1


def _tool(rule_id: str, d: Directive, message: str) -> Finding:
    return Finding(rule_id, "warning", message, "privacylint", d.position, d.text, d.text)


def apply_inline(findings, requirements, comments, lines, known_ids, ran_ids):
    """Split findings into (kept, suppressed, tool findings) by the comments' directives."""
    directives = parse(comments, lines)
    if not directives:
        return list(findings), [], []
    missing = {r.rule_id for r in requirements if r.status == "missing"}
    ranges: list[tuple[str, int, int, Directive]] = []  # ref, first line, last line, directive
    next_lines: list[tuple[str, int, Directive]] = []  # disable-next-line: ref, target line
    open_: dict[str, tuple[int, Directive]] = {}
    whole: list[tuple[str, Directive]] = []
    tool: list[Finding] = []
    for d in directives:
        if d.verb != "enable" and not d.refs:
            tool.append(_tool("privacylint/invalid-suppression", d,
                              f"privacylint-{d.verb} must name the rule ids it silences"))
            continue
        for ref in d.refs:
            if d.verb != "enable" and not selection.known(ref, known_ids):
                tool.append(_tool("privacylint/unknown-rule", d,
                                  f"Suppression names an {selection.unknown_ref_message(ref, known_ids)}"))
        if d.verb == "disable":
            for ref in d.refs:
                open_.setdefault(ref, (d.position.line, d))
        elif d.verb == "enable":
            for ref in list(open_) if not d.refs else d.refs:
                if ref in open_:
                    line, src = open_.pop(ref)
                    ranges.append((ref, line, d.position.end_line, src))
        elif d.verb == "disable-next-line":
            target = _next_content_line(lines, d.position.end_line)
            for ref in d.refs:
                ranges.append((ref, target, target, d))
                next_lines.append((ref, target, d))
        else:
            whole.extend((ref, d) for ref in d.refs)
    last = len(lines.starts)
    ranges.extend((ref, line, last, d) for ref, (line, d) in open_.items())

    kept, silenced = [], []
    for f in findings:
        hit = next(((ref, d) for ref, d in whole if selection.ref_matches(ref, f.rule_id)), None)
        if hit is None and f.rule_id not in missing:
            hit = next(((ref, d) for ref, a, b, d in ranges
                        if a <= f.position.line <= b and selection.ref_matches(ref, f.rule_id)), None)
        elif hit is None:  # a missing disclosure: only at the line where it is reported
            hit = next(((ref, d) for ref, line, d in next_lines
                        if line == f.position.line and selection.ref_matches(ref, f.rule_id)), None)
        if hit:
            hit[1].used.add(hit[0])
            silenced.append(f)
        else:
            kept.append(f)
    for d in directives:
        if d.verb == "enable":
            continue
        for ref in d.refs:
            if ref not in d.used and selection.known(ref, ran_ids):
                where = next((f for f in kept if f.rule_id in missing and selection.ref_matches(ref, f.rule_id)),
                             None)
                why = (f" (the missing {where.rule_id} is reported at line {where.position.line}: put "
                       f"disable-next-line directly above that line, or use disable-file)" if where else "")
                tool.append(_tool("privacylint/unused-suppression", d,
                                  f"Suppression of {ref} silences nothing here; remove it{why}"))
    return kept, silenced, tool


# --- out of band ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    rule: str
    files: str
    reason: str
    quote: str | None
    expires: datetime.date | None
    line: int
    base: Path  # globs are relative to the suppressions file's directory
    display: str

    def expired(self, on: datetime.date) -> bool:
        return self.expires is not None and on > self.expires

    def matches(self, f: Finding, file: Path) -> bool:
        if not selection.ref_matches(self.rule, f.rule_id):
            return False
        try:
            rel = file.resolve().relative_to(self.base).as_posix()
        except ValueError:
            rel = file.as_posix()
        if not globs.matches(self.files, rel):
            return False
        if self.quote is None:
            return True
        q = normalise(self.quote)
        return q in normalise(f.evidence) or q in normalise(f.anchor)


def load_entries(path: Path, known_ids) -> list[Entry]:
    """Parse and validate a suppressions file; problems read ``file:line: message``."""
    from .config import ConfigFile, jsonable, read_user_file, validate

    shown, text = read_user_file(path, "suppressions file")
    data = jsonable(yamlsource.load(text, shown) or {})
    cf = ConfigFile(path.resolve(), shown, text, data)
    validate(cf, data, "suppressionsFile")
    out = []
    for i, e in enumerate(data["suppressions"]):
        if not selection.known(e["rule"], known_ids):
            raise cf.error(["suppressions", i, "rule"], selection.unknown_ref_message(e["rule"], known_ids))
        try:
            expires = datetime.date.fromisoformat(e["expires"]) if "expires" in e else None
        except ValueError:
            raise cf.error(["suppressions", i, "expires"], f"not a date: {e['expires']!r}") from None
        out.append(Entry(e["rule"], e["files"], e["reason"].strip(), e.get("quote"), expires,
                         cf.line(["suppressions", i]), path.resolve().parent, shown))
    return out


def apply_entries(findings, entries, file: Path, on: datetime.date):
    kept, silenced = [], []
    for f in findings:
        if any(e.matches(f, file) and not e.expired(on) for e in entries):
            silenced.append(f)
        else:
            kept.append(f)
    return kept, silenced


def expired_findings(entries, on: datetime.date) -> list[Finding]:
    out = []
    for e in entries:
        if e.expired(on):
            out.append(Finding(
                "privacylint/expired-suppression", "warning",
                f"Suppression of {e.rule} for {e.files} expired on {e.expires.isoformat()} and no "
                f"longer applies (reason given: {e.reason})",
                "privacylint", Position(e.line, 1, e.line, 1), "", f"{e.rule} {e.files} {e.expires}"))
    return out

