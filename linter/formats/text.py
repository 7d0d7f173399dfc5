"""Human-readable output: findings grouped by policy and section, each saying where and what.

Per policy: the laws it was checked against, then one group per section in reading order.
Each finding is ``line:col severity rule-id message [citation]``, followed by the sentence it
quotes (a weak or defective disclosure) and a short "write:" hint with the rule's model
wording.  Disclosures missing from the whole policy are gathered first; duties that depend on
a fact nobody has stated ("info") are gathered last in a few lines naming the fact to set.
Lines are wrapped to ``width``; colour only when asked (the CLI asks on a terminal).

``quiet``: only the findings that fail the run, one line each, and the summary.
``statistics``: a count per rule instead of the findings.
"""
from __future__ import annotations

import re
import textwrap
from collections import Counter, defaultdict

from ..types import SEVERITY_RANK

EVIDENCE = False  # quotes findings only, never a present requirement's evidence (see ``formats``)

WIDTH = 100
INDENT = "    "
HINT_MAX = 1  # lines of model wording shown per finding

_COLOURS = {"error": "31", "warning": "33", "info": "36", "bold": "1", "dim": "2"}


def plural(n: int, word: str, many: str | None = None) -> str:
    """``plural(1, "file")`` -> "1 file"; ``plural(2, "file")`` -> "2 files"."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def render(result, *, quiet: bool = False, statistics: bool = False, color: bool = False,
           width: int = WIDTH) -> str:
    paint = _painter(color)
    width = max(60, width)
    rules = {r.id: r for r in result.rules}
    if statistics:
        lines = _statistics(*_tally(result.findings), rules, paint)
    elif quiet:
        threshold = SEVERITY_RANK.get(result.fail_on, SEVERITY_RANK["error"])
        from .concise import line

        lines = [line(f.path, x) for f in result.files for x in f.findings
                 if SEVERITY_RANK[x.severity] >= threshold]
    else:
        lines, hinted = [], set()  # a rule's model wording is shown once per run
        for f in result.files:
            if f.findings or f.chosen:
                lines += _file(f, rules.get, paint, width, hinted)
        if result.findings:
            lines.append(_explain_hint(paint))
    if lines:
        lines.append("")
    lines += summary(result, quiet, width)
    return "\n".join(lines) + "\n"


def stream(files, write, *, quiet: bool = False, statistics: bool = False, color: bool = False,
           width: int = WIDTH) -> None:
    """Write ``render``'s text through ``write`` a policy at a time, as ``files`` (an
    ``api.Stream``) yields them, keeping only the totals the summary needs.  Quiet lines wait
    in a spool on disk: which ones show depends on every file's fail-on setting."""
    paint = _painter(color)
    width = max(60, width)
    totals = Totals()
    counted = (totals.add(f) for f in files)
    wrote = False

    def put(lines: list[str]) -> None:
        nonlocal wrote
        if lines:
            write("".join(line + "\n" for line in lines))
            wrote = True

    if statistics:
        counts, worst = _tally(x for f in counted for x in f.findings)
        put(_statistics(counts, worst, {r.id: r for r in files.result().rules}, paint))
    elif quiet:
        from .concise import line
        from .streaming import Spool

        with Spool() as spool:
            for f in counted:
                for x in f.findings:
                    spool.add([SEVERITY_RANK[x.severity], line(f.path, x)])
            threshold = SEVERITY_RANK.get(files.fail_on(), SEVERITY_RANK["error"])
            for rank, text in spool:
                if rank >= threshold:
                    put([text])
    else:
        hinted: set = set()
        for f in counted:
            if f.findings or f.chosen:
                put(_file(f, files.rule, paint, width, hinted))
        if sum(totals.severity.values()):
            put([_explain_hint(paint)])
    write("".join(line + "\n" for line in [""] * wrote + summary_of(totals, quiet, width)))


def _explain_hint(paint) -> str:  # closes the findings of a run that has any
    return paint("dim", "`privacylint explain RULE-ID` shows what the law requires, with model wording.")


class Totals:
    """What the summary counts, added up a file at a time."""

    def __init__(self):
        self.policies, self.silenced = 0, 0
        self.status: Counter = Counter()
        self.severity: Counter = Counter()
        self.chosen: set = set()

    def add(self, f):
        """Count ``f`` in; returns it."""
        if f.kind == "policy":
            self.policies += 1
            self.status.update(r.status for r in f.requirements)
            self.chosen.update(f.chosen)
        self.severity.update(x.severity for x in f.findings)
        self.silenced += len(f.suppressed)
        return f


def _painter(color: bool):
    if not color:
        return lambda style, text: text
    return lambda style, text: f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if text else text


def _where(x) -> str:
    return f"{x.position.line}:{x.position.column}"


def _file(f, rule_of, paint, width, hinted: set) -> list[str]:
    head = paint("bold", f.path)
    if f.chosen:
        head += f"  (laws it addresses: {_laws(f.chosen)})"
    lines = [head]
    facts, grouped, whole = [], defaultdict(list), []
    if f.kind != "policy":  # a suppressions file: its entries, not sections
        return lines + [l for x in f.findings for l in _finding(x, rule_of(x.rule_id), paint, width, hinted)] + [""]
    for x in f.findings:
        if x.severity == "info" and x.message.startswith("Applies if "):
            facts.append(x)
        elif not x.section and not x.evidence and x.rule_id in _missing(f):
            whole.append(x)
        else:
            grouped[x.section].append(x)
    if whole:  # a list a reader can take in at once: one line each, `explain` has the rest
        lines.append(f"  {paint('bold', 'Not found anywhere in the policy')} "
                     f"(reported at the title, line {whole[0].position.line}):")
        pad = min(max(len(x.rule_id) for x in whole), 28)
        for x in whole:
            first = f"{INDENT}{_where(x)} {x.severity:<7} {x.rule_id:<{pad}} "
            rule = rule_of(x.rule_id)
            what = rule.title if rule is not None and x.message == rule.message else x.message
            lines += _painted(_wrap(first, f"{what} [{short_citation(x.citation)}]", INDENT + "  ", width),
                              x.severity, paint)
    for section, xs in sorted(grouped.items(), key=lambda kv: kv[1][0].position.line):
        title = f"§ {section}" if section else "Before the first heading"
        lines.append(f"  {paint('bold', _cut(title, width - 4))}:")
        lines += [line for x in xs for line in _finding(x, rule_of(x.rule_id), paint, width, hinted)]
    if facts:
        lines += _facts(facts, rule_of, paint, width)
    lines.append("")
    return lines


def _missing(f) -> set:
    return {r.rule_id for r in f.requirements if r.status == "missing"}


def _finding(x, rule, paint, width, hinted: set) -> list[str]:
    first = f"{INDENT}{_where(x)} {x.severity:<7} {x.rule_id} "
    body = f"{x.message} [{x.citation}]"
    hang = INDENT + "  "
    out = _painted(_wrap(first, body, hang, width), x.severity, paint)
    if x.evidence:
        out.append(_cut(f'{hang}> "{" ".join(x.evidence.split())}"', width))
    hint = model_wording(rule.help) if rule is not None and x.rule_id not in hinted else ""
    if hint:
        hinted.add(x.rule_id)
        out.append(paint("dim", _cut(f'{hang}write: "{hint}"', width)))
    return out


def _facts(facts, rule_of, paint, width) -> list[str]:
    by_fact: dict[str, list[str]] = defaultdict(list)
    for x in facts:
        rule = rule_of(x.rule_id)
        applies = rule.spec.get("applies_if") if rule is not None else None
        by_fact[applies["fact"] if applies else "?"].append(x.rule_id)
    n = len(facts)
    lines = _wrap("  info: ", f"{plural(n, 'duty', 'duties')} {'depends' if n == 1 else 'depend'} on "
                  f"facts not stated; set them with --fact NAME=true|false or `facts:` in the "
                  f"configuration:", INDENT, width)
    lines[0] = lines[0].replace("info:", f"{paint('info', 'info')}:", 1)
    for fact, ids in sorted(by_fact.items()):
        lines += _wrap(f"{INDENT}{fact}: ", ", ".join(ids), INDENT + "  ", width)
    return lines


def _tally(findings) -> tuple[Counter, dict]:
    """Findings per rule, and the worst level each rule reported at."""
    counts: Counter = Counter()
    worst: dict[str, str] = {}
    for x in findings:  # a rule can report at several levels (info while a fact is unknown)
        counts[x.rule_id] += 1
        if SEVERITY_RANK[x.severity] > SEVERITY_RANK.get(worst.get(x.rule_id, ""), -1):
            worst[x.rule_id] = x.severity
    return counts, worst


def _statistics(counts: Counter, worst: dict, rules, paint) -> list[str]:
    if not counts:
        return []
    n = max(len(str(c)) for c in counts.values())
    rid = max(len(r) for r in counts)
    lines = []
    for rule_id, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        title = rules[rule_id].title if rule_id in rules else ""
        sev = worst[rule_id]
        lines.append(f"{count:>{n}}  {rule_id:<{rid}}  {paint(sev, f'{sev:<7}')}  {title}")
    return lines


def summary(result, quiet: bool = False, width: int = WIDTH) -> list[str]:
    totals = Totals()
    for f in result.files:
        totals.add(f)
    return summary_of(totals, quiet, width)


def summary_of(totals: Totals, quiet: bool = False, width: int = WIDTH) -> list[str]:
    status, sev = totals.status, totals.severity
    line = (f"{plural(totals.policies, 'file')} checked: {status['present']} present, "
            f"{status['weak']} weak, {status['missing']} missing"
            + (f", {status['not-applicable']} not applicable" if status["not-applicable"] else "")
            + f"; {plural(sev['error'], 'error')}, {plural(sev['warning'], 'warning')}, {sev['info']} info"
            + (f"; {totals.silenced} suppressed" if totals.silenced else ""))
    lines = [line]
    chosen = sorted(totals.chosen)
    if chosen and not quiet:
        lines += textwrap.wrap(
            f"By default each policy is checked against the laws it addresses ({_laws(chosen)}); "
            f"choose with --regulation NAMES or `regulations:` in .privacylint.yaml, or check every "
            f"law with --regulation all.", width, break_on_hyphens=False)
    return lines


def _laws(laws) -> str:
    return ", ".join(laws)


def short_citation(citation: str) -> str:
    """The first provision cited: "GDPR Art. 13(1)(c), Art. 14(1)(c)" -> "GDPR Art. 13(1)(c)"."""
    first = re.split(r";\s|,\s(?=Art\.|§|s\s|\d)", citation, maxsplit=1)[0]
    return first if first == citation else first + " …"


def model_wording(help_text: str) -> str:
    """The first sentence of the rule's "Model wording", or ""."""
    m = re.search(r'Model wording:\s*["\u201c](.+?)["\u201d]', help_text or "", re.S)
    if not m:
        return ""
    text = " ".join(m.group(1).split())
    for end in re.finditer(r"[.!?](?=\s+[\"\u201c(]?[A-Z0-9])", text):
        word = text[:end.start()].rsplit(" ", 1)[-1].lstrip("(\"\u201c")
        if not re.search(r"(?:^|\.)[A-Za-z]$|^(?:e\.g|i\.e|Art|Arts|No|Nr|Mr|Ms|Dr|St|Ltd|Inc|Co|cf|para|s)$", word):
            return text[:end.end()]  # not an abbreviation such as "U.S." or "Art."
    return text


def _wrap(first: str, body: str, hang: str, width: int) -> list[str]:
    """``first`` + ``body`` wrapped to ``width`` (plain text: colour is added afterwards)."""
    lines = textwrap.wrap(body, width=width, initial_indent=first, subsequent_indent=hang,
                          break_on_hyphens=False, break_long_words=False)
    return lines or [first.rstrip()]


def _painted(lines: list[str], severity: str, paint) -> list[str]:
    """The severity word of a finding's first line in its colour (after wrapping)."""
    head, sep, rest = lines[0].partition(f" {severity}")
    return [f"{head} {paint(severity, severity)}{rest}" if sep else lines[0]] + lines[1:]


def _cut(text: str, width: int) -> str:
    """``text`` in ``width`` characters, cut between words with an ellipsis."""
    if len(text) <= width:
        return text
    head = text[: width - 1]
    if " " in head.strip():
        head = head[: head.rstrip().rfind(" ")]
    return head.rstrip(" ,;:") + "\u2026"
