"""The Markdown report: the requirements matrix for a pull-request comment or a GitHub job summary.

GitHub-flavoured Markdown: one table per law and policy, each row the requirement, its status,
the quoted evidence or the finding, and the line (a link to it when run in GitHub Actions).
Policy text is untrusted: every piece is escaped so it cannot make a link, a mention, an image,
HTML or break a table.  A job summary holds at most 1 MiB per step, so the report stops at whole
rows before that size and says how much it left out and how to get all of it.
"""
from __future__ import annotations

import os
import re
from html import escape

from .. import __version__
from . import matrix
from .matrix import SEVERITIES, STATUS_LABELS, STATUSES

LIMIT = 1024 * 1024  # bytes: GitHub's limit for one step's $GITHUB_STEP_SUMMARY
RESERVE = 1024       # kept back for the note that says what was left out

STATUS_ICON = {"present": "\u2705", "weak": "\u26a0\ufe0f", "missing": "\u274c", "not-applicable": "\u2796"}

# The ASCII punctuation that can start Markdown or HTML inline syntax (CommonMark lets each be
# escaped with a backslash); "@" stops mentions, "$" math, "|" the end of a table cell.  With
# "[" and "]" escaped, parentheses can no longer form a link.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#+!|~@$&])")
_SPACE = re.compile(r"\s+")


def md(text) -> str:
    """``text`` as literal Markdown on one line: safe inside a table cell."""
    return _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", str(text)).strip())


def render(result, limit: int = LIMIT) -> str:
    policies = matrix.build(result)
    total_rows = sum(len(g.rows) for p in policies for g in p.groups)
    return _report(policies, policies, total_rows, result, limit)


def stream(files, write) -> None:
    """Write ``render``'s text through ``write``, holding one file's result at a time: the
    results wait on disk while the summary table's counts are taken, then are read back."""
    with matrix.kept(files) as (result, policies):
        summaries, total_rows = [], 0
        for p in policies():
            total_rows += sum(len(g.rows) for g in p.groups)
            summaries.append(matrix.Summary(p))
        write(_report(summaries, policies(), total_rows, result, LIMIT))


def _report(summaries, policies, total_rows: int, result, limit: int) -> str:
    """The report: the table from ``summaries``, then each of ``policies`` (read once) in turn."""
    w = _Writer(limit)
    links = _Links.from_environment()
    shown_rows = 0
    done = 0

    n = len(summaries)
    w.add(f"## privacylint: {n} polic{'ies' if n != 1 else 'y'} checked\n\n")
    w.add("\u2705 present \u00b7 \u26a0\ufe0f weak (says too little) \u00b7 \u274c missing \u00b7 "
          "\u2796 not applicable on the facts given. *info*: applies only if a fact about the "
          "service holds that the tool was not told.\n\n")
    if n > 1:
        w.add("| Policy | " + " | ".join(STATUS_LABELS[s] for s in STATUSES)
              + " | Errors | Warnings | Info |\n|---|" + "--:|" * (len(STATUSES) + 3) + "\n")
        for p in summaries:
            c, sev = p.status_counts(), p.severity_counts()
            if not w.add(f"| {md(p.path)} | " + " | ".join(str(c[s]) for s in STATUSES) + " | "
                         + " | ".join(str(sev[s]) for s in SEVERITIES) + " |\n"):
                break
        w.add("\n")
    for p in policies:
        if not w.add(_policy_head(p)):
            break
        for g in p.groups:
            problems = g.count("missing") + g.count("weak")
            opening = (f"<details{' open' if problems else ''}><summary><b>{escape(g.name)}</b>: "
                       f"{escape(matrix.coverage_words(g))}</summary>\n\n"
                       "| Status | Requirement | What the policy says | Line |\n|---|---|---|--:|\n")
            if not w.add(opening):
                break
            w.closer = "\n</details>\n\n"
            for row in g.rows:
                if not w.add(_row(p, row, links)):
                    break
                shown_rows += 1
            if w.stopped:
                break
            w.closer = ""
            w.add("\n</details>\n\n")
        if w.stopped:
            break
        if p.other and not w.add(_other(p, links)):
            break
        if p.manual and not w.add(_manual(p)):
            break
        if not w.add(_settings(p, result)):
            break
        done += 1
    w.add(f"<sub>Made by privacylint {escape(__version__)}. For the policy text with the evidence "
          f"highlighted, use `--format html`.</sub>\n")
    if w.stopped:
        w.finish(_note(total_rows - shown_rows, total_rows, n - done, n))
    return "".join(w.parts)


class _Writer:
    """Collects the report until adding a piece would pass the size limit; then stops for good."""

    def __init__(self, limit: int):
        self.parts: list[str] = []
        self.size = 0
        self.limit = max(0, limit - RESERVE)
        self.stopped = False
        self.closer = ""  # what must follow if the report stops here (an open <details>)

    def add(self, text: str) -> bool:
        if self.stopped:
            return False
        n = len(text.encode("utf-8"))
        if self.size + n + len(self.closer.encode("utf-8")) > self.limit:
            self.stopped = True
            return False
        self.parts.append(text)
        self.size += n
        return True

    def finish(self, note: str) -> None:
        self.parts.append(self.closer)
        self.parts.append(note)


def _note(rows_left: int, rows: int, policies_left: int, policies: int) -> str:
    what = f"{rows_left} of {rows} requirement rows"
    if policies_left:
        what += f" (in {policies_left} of {policies} policies)"
    return (f"\n> [!NOTE]\n> This report was cut short to stay within GitHub's 1 MiB limit for a job "
            f"summary: {what} are not shown. For the full report, write it to a file with "
            f"`privacylint check --format html --output privacylint-report.html` (or `--format json`) "
            f"and upload that file as an artifact.\n")


def _policy_head(p) -> str:
    c, sev = p.status_counts(), p.severity_counts()
    applicable = sum(c[s] for s in STATUSES) - c["not-applicable"]
    out = [f"### {md(p.path)}\n\n"]
    if p.groups:
        out.append(f"**{c['present']} of {applicable}** applicable requirements present, {c['weak']} weak, "
                   f"{c['missing']} missing; {c['not-applicable']} not applicable. Findings: "
                   f"{_plural(sev['error'], 'error')}, {_plural(sev['warning'], 'warning')}, "
                   f"{sev['info']} info.\n\n")
        out.append("| Law | " + " | ".join(STATUS_LABELS[s] for s in STATUSES) + " |\n|---|"
                   + "--:|" * len(STATUSES) + "\n")
        for g in p.groups:
            out.append(f"| {md(g.name)} | " + " | ".join(str(g.count(s)) for s in STATUSES) + " |\n")
        out.append("\n")
    elif p.file.findings:
        out.append(f"{_plural(len(p.file.findings), 'finding')}, no requirements checked.\n\n")
    return "".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _row(p, row, links) -> str:
    req, rule = row.requirement, row.rule
    said = []
    for kind, value in matrix.notes(row):
        if kind == "evidence":
            said.append(f"\u201c{md(value)}\u201d")
        elif kind == "weak":
            said.append(f"Why weak: {md(value)}")
        elif kind == "finding":
            x, repeats = value
            if repeats:  # the severity goes before the weak note it repeats
                said[-1] = f"*{x.severity}*: " + said[-1]
            else:
                said.append(f"*{x.severity}*: {md(x.message)}")
        elif kind == "silenced":
            said.append(f"silenced: {md(value.message)}")
        else:  # the not-applicable note, or the missing rule's message
            said.append(md(value))
    if req.more:
        said.append("also at line" + ("s " if len(req.more) > 1 else " ")
                    + ", ".join(links.line(p.path, pos.line) for pos, _ in req.more[:5])
                    + (f" and {len(req.more) - 5} more" if len(req.more) > 5 else ""))
    line = None
    if req.position is not None:
        line = req.position.line
    elif row.findings:
        line = row.findings[0].position.line
    return (f"| {STATUS_ICON[row.status]} {STATUS_LABELS[row.status]} | {md(rule.title)}<br>"
            f"`{md_code(rule.id)}` \u00b7 {md(rule.citation)} | {'<br>'.join(said)} | "
            f"{links.line(p.path, line) if line else ''} |\n")


def md_code(text: str) -> str:
    """Text for a code span in a table cell: no backticks or pipes can end it early."""
    return _SPACE.sub(" ", str(text)).replace("`", "'").replace("|", "\\|")


def _other(p, links) -> str:
    out = ["**Other findings**\n\n"]
    out += [f"- *{x.severity}* line {links.line(p.path, x.position.line)} `{md_code(x.rule_id)}`: "
            f"{md(x.message)}\n" for x in p.other]
    return "".join(out) + "\n"


def _manual(p) -> str:
    out = ["**Manual checks** (the tool cannot check these from the text):\n\n"]
    out += [f"- [ ] {md(r.title)} \u2014 {md(r.citation)} (`{md_code(r.id)}`)\n" for r in p.manual]
    return "".join(out) + "\n"


def _settings(p, result) -> str:
    parts = [f"{md(label)}: {md(value)}" for label, value in matrix.settings_lines(p, result)]
    facts = [f"`{md_code(n)}` = {v}" for n, v, _ in matrix.facts_table(p, result) if v != "not known"]
    parts.append("facts set: " + (", ".join(facts) if facts else "none"))
    return "<sub>" + "; ".join(parts) + "</sub>\n\n"


class _Links:
    """Links to a line of a file on GitHub, when the run is a GitHub Actions job; else plain numbers."""

    def __init__(self, base: str | None):
        self.base = base

    @classmethod
    def from_environment(cls) -> "_Links":
        server = os.environ.get("GITHUB_SERVER_URL", "").rstrip("/")
        repo = os.environ.get("GITHUB_REPOSITORY", "")
        sha = os.environ.get("GITHUB_SHA", "")
        if server.startswith("https://") and re.fullmatch(r"[\w.-]+/[\w.-]+", repo) \
                and re.fullmatch(r"[0-9a-f]{7,64}", sha):
            return cls(f"{server}/{repo}/blob/{sha}/")
        return cls(None)

    def line(self, path: str, line: int) -> str:
        if self.base is None or path.startswith("<"):
            return str(line)
        from urllib.parse import quote

        from .location import repo_relative

        rel, inside = repo_relative(path)
        if not inside:
            return str(line)
        url = self.base + quote(rel, safe="/") + f"#L{line}"
        return f"[{line}]({url.replace(')', '%29').replace('(', '%28')})"
