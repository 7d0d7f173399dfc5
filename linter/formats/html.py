"""The HTML report: one self-contained page a lawyer reads in a browser, from disk or a CI artifact.

Per policy: coverage per law, the requirements matrix with the quoted evidence and a link to its
line, the manual checks as a checklist, the settings that applied, and the policy text as stored
(line numbers, one anchor per line, evidence highlighted, findings beside their lines).  The page
loads nothing (no fonts, scripts or images from anywhere; a Content-Security-Policy says so to the
browser) and every piece of policy or rulebook text is escaped: a policy is untrusted input.
"""
from __future__ import annotations

import base64
import hashlib
from collections import Counter
from html import escape
from pathlib import Path

from .. import __version__
from . import matrix
from .matrix import SEVERITIES, STATUS_LABELS, STATUSES

STATUS_MARK = {"present": "\u2713", "weak": "~", "missing": "\u2717", "not-applicable": "\u00b7"}
_SEVERITY_HEADS = {"error": "Errors", "warning": "Warnings", "info": "Info"}

CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;
--ok:#1a7f37;--ok-bg:#dafbe1;--weak:#9a6700;--weak-bg:#fff3b0;--bad:#cf222e;--bad-bg:#ffebe9;
--na:#6e7781;--na-bg:#eef1f4;--info:#0969da;--info-bg:#ddf4ff}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:var(--bg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",
Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif}
main{max-width:88rem;margin:0 auto;padding:1.5rem 2rem 4rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.35rem;margin:2.5rem 0 .5rem;padding-top:1rem;
border-top:3px solid var(--fg);overflow-wrap:anywhere}h3{font-size:1.1rem;margin:1.75rem 0 .5rem}
h4{font-size:1rem;margin:1.25rem 0 .4rem}
a{color:#0550ae}code,.src{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",
"DejaVu Sans Mono",monospace;font-size:.88em}
.muted,.meta{color:var(--muted)}.meta{font-size:.85em;font-weight:400}
table.facts td:nth-child(2){white-space:nowrap}
p.model{border-left:3px solid var(--info);background:var(--info-bg);padding:.3rem .6rem}
.lede{max-width:60rem}
table{border-collapse:collapse;width:100%;margin:.25rem 0 1rem}
th,td{border-bottom:1px solid var(--line);padding:.4rem .55rem;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600;font-size:.9em}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.matrix td:first-child{white-space:nowrap;width:9.5rem}.matrix td:last-child{white-space:nowrap;width:6rem}
.matrix td:nth-child(2){width:30%}
.st{display:inline-block;padding:0 .45rem;border-radius:1rem;font-weight:600;font-size:.85em;
white-space:nowrap}
.st-present{color:var(--ok);background:var(--ok-bg)}.st-weak{color:var(--weak);background:var(--weak-bg)}
.st-missing{color:var(--bad);background:var(--bad-bg)}.st-not-applicable{color:var(--na);background:var(--na-bg)}
.sev{display:inline-block;padding:0 .35rem;border-radius:.25rem;font-size:.78em;font-weight:600;
text-transform:uppercase;letter-spacing:.02em}
.sev-error{color:#fff;background:var(--bad)}.sev-warning{color:#3b2300;background:#f2c744}
.sev-info{color:#fff;background:var(--info)}
blockquote{margin:0 0 .3rem;padding:.1rem .6rem;border-left:3px solid var(--ok);background:var(--soft);
overflow-wrap:anywhere}
tr.weak blockquote{border-left-color:#d4a72c}
.why{margin:.2rem 0}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:.6rem .8rem;background:var(--soft);
border-radius:.4rem;font-size:.9em}
.chart{display:grid;grid-template-columns:minmax(10rem,16rem) minmax(8rem,1fr) auto;gap:.35rem .8rem;
align-items:center;max-width:60rem}
.chart .label{font-weight:600}.chart .count{font-variant-numeric:tabular-nums;font-size:.9em}
svg.bar{width:100%;height:1rem;display:block;border-radius:.2rem;background:var(--na-bg)}
.mini svg.bar{height:.7rem;min-width:4rem}.wide{overflow-x:auto}
table.portfolio td,table.portfolio th{padding:.2rem .45rem}table.portfolio td:not(:first-child),
table.portfolio th:not(:first-child){text-align:center}table.portfolio th:not(:first-child){font-size:.8em;
font-weight:400;max-width:9rem;overflow-wrap:anywhere}table.portfolio a.st{text-decoration:none}
td.none{color:var(--muted);font-size:.75em}
details.portfolio>summary{cursor:pointer;font-weight:600;font-size:1.05rem;margin:.5rem 0}
.b-present{fill:var(--ok)}.b-weak{fill:#d4a72c}.b-missing{fill:var(--bad)}.b-not-applicable{fill:#afb8c1}
ul.check{list-style:none;padding-left:0}ul.check li{margin:.5rem 0;padding:.5rem .7rem;
border:1px solid var(--line);border-radius:.4rem}
ul.check label{font-weight:600}ul.check details{margin:.3rem 0 0 1.6rem}
dl.settings{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
dl.settings dt{font-weight:600}dl.settings dd{margin:0;overflow-wrap:anywhere}
.src{border:1px solid var(--line);border-radius:.4rem;overflow:hidden;font-size:.82rem;line-height:1.45}
.ln{display:grid;grid-template-columns:3.8rem minmax(0,1fr) minmax(0,24rem);scroll-margin-top:40vh}
.ln>a{color:var(--muted);text-align:right;padding:0 .6rem 0 0;text-decoration:none;user-select:none;
background:var(--soft);border-right:1px solid var(--line)}
.ln>code{white-space:pre-wrap;overflow-wrap:anywhere;padding:0 .6rem;font-size:1em;min-height:1.45em}
.ln>.notes{padding:.15rem .5rem;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
font-size:.8rem;line-height:1.35;border-left:1px solid var(--line);background:#fbfcfd}
.ln.has-notes{border-top:1px solid var(--line);border-bottom:1px solid var(--line)}
.ln:target{background:#fff8c5}.ln:target>a{background:#f2c744;color:var(--fg);font-weight:700}
.notes p{margin:.1rem 0}.notes .ev{color:var(--ok)}.notes summary{cursor:pointer;color:var(--muted)}
mark{border-radius:.15rem;padding:0;color:inherit}
mark.m-present{background:var(--ok-bg);box-shadow:inset 0 -2px 0 var(--ok)}
mark.m-more{background:#eefbf1}
mark.m-weak{background:var(--weak-bg);box-shadow:inset 0 -2px 0 #d4a72c}
mark.m-flag{background:var(--bad-bg);box-shadow:inset 0 -2px 0 var(--bad)}
.rule{border-top:1px solid var(--line);padding:.4rem 0}.rule p{margin:.3rem 0;max-width:60rem}
.rule:target{background:#fff8c5}
nav.toc a{margin-right:1rem}
@media (max-width:60rem){.ln{grid-template-columns:3rem minmax(0,1fr)}.ln>.notes{grid-column:2;
border-left:0;border-top:1px dashed var(--line)}.chart{grid-template-columns:1fr}main{padding:1rem}}
@media print{.ln:target{background:none}h2{break-before:page}}
""".strip()

# No script may run; styles only from the one block above (by its hash); nothing is fetched.
CSP = "default-src 'none'; style-src 'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'"


def e(text) -> str:
    return escape(str(text), quote=True)


def render(result) -> str:
    policies = matrix.build(result)
    out = _head(policies) + _header(policies, len(result.findings))
    for p in policies:
        out += _policy(p, result)
    out += _rules_explained(_rules_seen(policies))
    out += _END
    return "\n".join(out) + "\n"


_END = ["</main>", "</body>", "</html>"]


def stream(files, write) -> None:
    """Write ``render``'s text through ``write``, holding one file's result at a time.

    The summary tables come before the policies, and the facts tables need the run's rules,
    which only the finished run knows; so the results wait on disk and are read back twice:
    once for the tables (a few counts per policy), once to write each policy's section."""
    with matrix.kept(files) as (result, policies):
        summaries, total, seen = [], 0, {}
        for p in policies():
            total += len(p.file.findings)
            _rules_seen([p], seen)
            summaries.append(matrix.Summary(p))
        if len(summaries) <= PORTFOLIO_MAX:  # the portfolio table needs every row of each
            summaries = list(policies())
        write("\n".join(_head(summaries) + _header(summaries, total)) + "\n")
        for p in policies():
            write("\n".join(_policy(p, result)) + "\n")
        write("\n".join(_rules_explained(seen) + _END) + "\n")


def _head(policies) -> list[str]:
    digest = base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode("ascii")
    return ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{e(CSP.format(digest))}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{e(_title(policies))}</title>", f"<style>{CSS}</style>", "</head>", "<body>", "<main>"]


def _title(policies) -> str:
    if len(policies) == 1:
        return f"Privacy policy report: {policies[0].path}"
    return f"Privacy policy report: {len(policies)} policies"


def _header(policies, total: int) -> list[str]:
    """The title, the legend and, for several policies, the tables; ``total``: findings in all."""
    out = [f"<h1>{e(_title(policies))}</h1>",
           f'<p class="muted">Made by privacylint {e(__version__)}. The tool reads each policy as '
           f"stored and checks it against the disclosures the selected laws require. It is an aid "
           f"to legal review, not legal advice.</p>",
           '<div class="legend">'
           + "".join(f'<span>{_badge(s)} {e(_status_meaning(s))}</span>' for s in STATUSES)
           + "</div>",
           '<p class="legend"><span><span class="sev sev-error">error</span> a required disclosure '
           'is missing or defective</span><span><span class="sev sev-warning">warning</span> should '
           'be fixed or checked</span><span><span class="sev sev-info">info</span> applies only if a '
           "fact about the service holds that the tool was not told (see the settings)</span></p>"]
    if len(policies) > 1:
        out += ["<h2>Policies</h2>", '<div class="wide"><table>',
                "<thead><tr><th>Policy</th>"
                + "".join(f'<th class="num">{e(STATUS_LABELS[s])}</th>' for s in STATUSES)
                + "".join(f'<th class="num">{e(_SEVERITY_HEADS.get(s, s.capitalize()))}</th>' for s in SEVERITIES)
                + "<th>Coverage</th></tr></thead>", "<tbody>"]
        for p in policies:
            c, sev = p.status_counts(), p.severity_counts()
            out.append(f'<tr><td><a href="#{e(p.anchor)}">{e(p.path)}</a></td>'
                       + "".join(f'<td class="num">{c[s]}</td>' for s in STATUSES)
                       + "".join(f'<td class="num">{sev[s]}</td>' for s in SEVERITIES)
                       + f'<td class="mini">{_bar(c)}</td></tr>')
        out += ["</tbody>", "</table></div>"]
        out.append(f'<p class="muted">{len(policies)} policies, {total} finding{"s" if total != 1 else ""} '
                   f"in all.</p>")
        out += _portfolio(policies)
    return out


PORTFOLIO_MAX = 40  # policies side by side; beyond that a column each is unreadable


def _portfolio(policies) -> list[str]:
    """Requirements down, policies across: which notices lack what, at one glance."""
    if len(policies) > PORTFOLIO_MAX:
        return []
    rules: dict[str, object] = {}
    status: dict[tuple[int, str], str] = {}
    for p in policies:
        for g in p.groups:
            for row in g.rows:
                rules.setdefault(row.rule.id, row.rule)
                status[(p.index, row.rule.id)] = row.status
    if not rules:
        return []
    order = sorted(rules.values(), key=lambda r: matrix.regulation_order(r.regulation))
    out = [f'<details class="portfolio"><summary>Requirements across the policies: {len(rules)} '
           f"requirements \u00d7 {len(policies)} policies</summary>",
           '<div class="wide"><table class="portfolio"><thead><tr><th>Requirement</th>']
    out += [f'<th title="{e(p.path)}"><a href="#{e(p.anchor)}">{e(Path(p.path).name)}</a></th>' for p in policies]
    out.append("</tr></thead><tbody>")
    for rule in order:
        cells = []
        for p in policies:
            st = status.get((p.index, rule.id))
            if st is None:
                cells.append('<td class="none">not checked</td>')
            else:
                cells.append(f'<td><a class="st st-{e(st)}" href="#{e(p.row_anchor(rule.id))}" '
                             f'title="{e(STATUS_LABELS[st])}">{STATUS_MARK[st]}</a></td>')
        out.append(f'<tr><td><a href="#rule-{e(rule.id)}">{e(rule.title)}</a> '
                   f'<span class="meta">{e(matrix.regulation_name(rule.regulation))}</span></td>'
                   + "".join(cells) + "</tr>")
    out.append("</tbody></table></div></details>")
    return out


def _status_meaning(status: str) -> str:
    return {"present": "the policy makes the disclosure (quoted)",
            "weak": "it is there but says too little",
            "missing": "not found in the policy",
            "not-applicable": "the duty does not apply on the facts given"}[status]


def _badge(status: str) -> str:
    return f'<span class="st st-{e(status)}">{STATUS_MARK[status]} {e(STATUS_LABELS[status])}</span>'


def _sev(severity: str) -> str:
    return f'<span class="sev sev-{e(severity)}">{e(severity)}</span>'


_SHARES = ("present", "weak", "missing")  # of the requirements that apply; "not applicable" is no share


def _bar(counts) -> str:
    """A stacked bar of present / weak / missing among the applicable requirements, as inline SVG."""
    total = sum(counts[s] for s in _SHARES)
    label = ", ".join(f"{counts[s]} {STATUS_LABELS[s].lower()}" for s in STATUSES)
    parts, x = [], 0.0
    for s in _SHARES:
        if total and counts[s]:
            w = 100.0 * counts[s] / total
            parts.append(f'<rect class="b-{s}" x="{x:.2f}" y="0" width="{w:.2f}" height="10"/>')
            x += w
    return (f'<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
            f'aria-label="{e(label)}"><title>{e(label)}</title>{"".join(parts)}</svg>')


def _policy(p, result) -> list[str]:
    c, sev = p.status_counts(), p.severity_counts()
    applicable = sum(c[s] for s in STATUSES) - c["not-applicable"]
    out = [f'<section class="policy" id="{e(p.anchor)}">', f"<h2>{e(p.path)}</h2>"]
    if p.groups:
        out.append(f"<p><strong>{c['present']} of {applicable}</strong> applicable requirements present, "
                   f"{c['weak']} weak, {c['missing']} missing; {c['not-applicable']} not applicable. "
                   f"Findings: {_plural(sev['error'], 'error')}, {_plural(sev['warning'], 'warning')}, "
                   f"{sev['info']} info.</p>")
    out.append('<nav class="toc">'
               + (f'<a href="#{p.anchor}-coverage">Coverage</a><a href="#{p.anchor}-matrix">Requirements</a>'
                  if p.groups else "")
               + (f'<a href="#{p.anchor}-manual">Manual checks</a>' if p.manual else "")
               + f'<a href="#{p.anchor}-settings">Settings</a><a href="#{p.anchor}-text">Policy text</a></nav>')
    if p.groups:
        out += _coverage(p)
        out += _matrix(p)
    if p.other:
        out += ["<h3>Other findings</h3>", "<ul>"]
        out += [f"<li>{_sev(x.severity)} {_line_link(p, x.position.line)} <code>{e(x.rule_id)}</code> "
                f"{e(x.message)}</li>" for x in p.other]
        out.append("</ul>")
    if p.manual:
        out += _manual(p)
    out += _settings(p, result)
    out += _text(p)
    out.append("</section>")
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _coverage(p) -> list[str]:
    out = [f'<h3 id="{p.anchor}-coverage">Coverage by law</h3>', '<div class="chart">']
    for g in p.groups:
        counts = {s: g.count(s) for s in STATUSES}
        out.append(f'<span class="label"><a href="#{p.anchor}-law-{e(g.regulation)}">{e(g.name)}</a></span>'
                   f"{_bar(Counter(counts))}"
                   f'<span class="count">{e(matrix.coverage_words(g))}</span>')
    out.append("</div>")
    return out


def _line_link(p, line: int | None, prefix: str = "line") -> str:
    if not line:
        return ""
    return f'<a href="#{e(p.line_anchor(line))}">{e(prefix)} {line}</a>'


def _matrix(p) -> list[str]:
    out = [f'<h3 id="{p.anchor}-matrix">Requirements</h3>']
    for g in p.groups:
        out += [f'<h4 id="{p.anchor}-law-{e(g.regulation)}">{e(g.name)}: {e(matrix.coverage_words(g))}</h4>',
                '<table class="matrix">',
                "<thead><tr><th>Status</th><th>Requirement</th><th>What the policy says</th>"
                "<th>Where</th></tr></thead>", "<tbody>"]
        for row in g.rows:
            out.append(_row(p, row))
        out += ["</tbody>", "</table>"]
    return out


def _row(p, row) -> str:
    req, rule = row.requirement, row.rule
    cells = [f'<tr class="{e(row.status)}" id="{e(p.row_anchor(rule.id))}">', f"<td>{_badge(row.status)}</td>",
             f'<td><a href="#rule-{e(rule.id)}">{e(rule.title)}</a>'
             f'<div class="meta"><code>{e(rule.id)}</code> · {e(rule.citation)}</div></td>']
    said = []
    for kind, value in matrix.notes(row):
        if kind == "evidence":
            said.append(f"<blockquote>{e(value)}</blockquote>")
        elif kind == "weak":
            said.append(f'<p class="why"><strong>Why weak:</strong> {e(value)}</p>')
        elif kind == "not-applicable":
            said.append(f'<p class="why muted">{e(_sentence(value))}</p>')
        elif kind == "finding":
            x, repeats = value
            said.append(f'<p class="why">{_sev(x.severity)}</p>' if repeats
                        else f'<p class="why">{_sev(x.severity)} {e(x.message)}</p>')
        elif kind == "silenced":
            said.append(f'<p class="why muted">Finding silenced: {e(value.message)}</p>')
        else:
            said.append(f'<p class="why">{e(value)}</p>')
    if req.more:
        links = ", ".join(f'<a href="#{e(p.line_anchor(pos.line))}">{pos.line}</a>' for pos, _ in req.more[:10])
        said.append(f'<p class="meta">Also said at line{"s" if len(req.more) > 1 else ""} {links}'
                    + (f" and {len(req.more) - 10} more" if len(req.more) > 10 else "") + "</p>")
    cells.append(f"<td>{''.join(said)}</td>")
    where = ""
    if req.position is not None:
        where = _line_link(p, req.position.line)
    elif row.findings:
        where = _line_link(p, row.findings[0].position.line, "shown at line")
    cells.append(f"<td>{where}</td></tr>")
    return "".join(cells)


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def _manual(p) -> list[str]:
    out = [f'<h3 id="{p.anchor}-manual">Manual checks</h3>',
           '<p class="muted">The tool cannot check these from the policy text; tick them off as you '
           "review (ticks are not saved).</p>", '<ul class="check">']
    for r in p.manual:
        box = f"{p.anchor}-manual-{r.id}"
        out.append(f'<li><input type="checkbox" id="{e(box)}"> <label for="{e(box)}">{e(r.title)}</label>'
                   f' <span class="meta">{e(matrix.regulation_name(r.regulation))} · {e(r.citation)}</span>'
                   f"<details><summary>What to check</summary>{_paragraphs(r.help)}"
                   + _law_link(r) + "</details></li>")
    out.append("</ul>")
    return out


_MODEL = "Model wording"


def _paragraphs(text: str) -> str:
    """A rule's help as paragraphs; its model wording set off, as a lawyer looks for it."""
    out = []
    for block in text.strip().split("\n\n"):
        block = " ".join(block.split())
        before, sep, model = block.partition(_MODEL)
        if before.strip():
            out.append(f"<p>{e(before.strip())}</p>")
        if sep:
            out.append(f'<p class="model"><strong>{_MODEL}</strong>{e(model)}</p>')
    return "".join(out)


def _law_link(rule) -> str:
    url = matrix.rule_url(rule)
    if not url:
        return ""
    return f'<p><a href="{e(url)}" rel="noopener noreferrer">The law: {e(url)}</a></p>'


def _settings(p, result) -> list[str]:
    out = [f'<h3 id="{p.anchor}-settings">Settings that applied</h3>', '<dl class="settings">']
    for label, value in matrix.settings_lines(p, result):
        out.append(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>")
    out.append("</dl>")
    facts = matrix.facts_table(p, result)
    if facts:
        out += ["<h4>Facts about the service</h4>",
                '<p class="muted">Set them with <code>facts:</code> in <code>.privacylint.yaml</code> or '
                "<code>--fact NAME=true</code>. While a fact is not known, the duties that depend on it are "
                "reported as info.</p>",
                "<table class=\"facts\"><thead><tr><th>Fact</th><th>Value</th><th>Meaning</th></tr></thead><tbody>"]
        out += [f"<tr><td><code>{e(n)}</code></td><td>{e(v)}</td><td>{e(m)}</td></tr>" for n, v, m in facts]
        out += ["</tbody></table>"]
    return out


# --- the policy text -----------------------------------------------------------------------

def _stored(p) -> list[str] | None:
    """The policy's lines as stored, or None when it cannot be shown exactly as it was checked.

    The file is read again; it is shown only if every quoted piece of evidence is found at its
    reported place, so text read from standard input (under a file's name) or a file changed since
    cannot be passed off as what was checked."""
    from ..errors import UserError
    from ..source import read
    from ..sourcemap import LineIndex

    path = Path(p.path)
    if p.path.startswith("<") or not path.is_file():
        return None
    try:
        text = read(path, max(1, path.stat().st_size))
    except (UserError, OSError):
        return None
    index = LineIndex(text)
    lines = [text[a:index.line_bounds(a)[1]] for a in index.starts]
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the break that ends the last line opens no new line

    def quoted(pos, quote):
        if pos is None or not quote:
            return True
        if not (1 <= pos.line <= len(index.starts) and 1 <= pos.end_line <= len(index.starts)):
            return False
        a = index.starts[pos.line - 1] + pos.column - 1
        b = index.starts[pos.end_line - 1] + pos.end_column - 1
        return text[a:b] == quote

    f = p.file
    ok = all(quoted(r.position, r.evidence) and all(quoted(q, s) for q, s in r.more) for r in f.requirements)
    ok = ok and all(quoted(x.position, x.evidence) for x in f.findings)
    return lines if ok else None


_CONTROL = {c: "\ufffd" for c in range(32) if c != 9}  # shown one for one, so columns stay right


def _text(p) -> list[str]:
    out = [f'<h3 id="{p.anchor}-text">Policy text</h3>']
    lines = _stored(p)
    if lines is None:
        out.append('<p class="muted">The text is not shown: it was read from standard input, or the file '
                   "has changed since it was checked. The quotes above are what was checked.</p>")
        return out
    out.append('<p class="muted">As stored, markup included. Green: evidence of a requirement; amber: '
               "evidence that says too little; red: text a finding is about. Findings stand beside the "
               "line they are reported at.</p>")
    marks = _marks(p, lines)
    notes = _notes(p)
    out.append('<div class="src">')
    for n, line in enumerate(lines, 1):
        aid = e(p.line_anchor(n))
        note = notes.get(n)
        cls = "ln has-notes" if note else "ln"
        out.append(f'<div class="{cls}" id="{aid}"><a href="#{aid}">{n}</a>'
                   f"<code>{_highlight(line, marks.get(n, ()))}</code>"
                   + (f'<div class="notes">{note}</div>' if note else "") + "</div>")
    out.append("</div>")
    return out


# mark precedence where spans overlap: a finding's text, then weak, present, further evidence
_RANK = {"flag": 3, "weak": 2, "present": 1, "more": 0}


def _marks(p, lines) -> dict[int, list]:
    out: dict[int, list] = {}

    def add(pos, kind, label):
        if pos is None:
            return
        for n in range(pos.line, pos.end_line + 1):
            if not 1 <= n <= len(lines):
                continue
            a = pos.column - 1 if n == pos.line else 0
            b = pos.end_column - 1 if n == pos.end_line else len(lines[n - 1])
            a, b = max(0, a), min(len(lines[n - 1]), b)
            if b > a:
                out.setdefault(n, []).append((a, b, kind, label))

    for g in p.groups:
        for row in g.rows:
            req = row.requirement
            title = f"{row.rule.title} ({row.rule.id})"
            if req.status in ("present", "weak"):
                add(req.position, req.status, f"{STATUS_LABELS[req.status]}: {title}")
                for pos, _ in req.more:
                    add(pos, "more", f"Also: {title}")
    weak = {r.rule.id for g in p.groups for r in g.rows if r.status == "weak"}
    for x in p.file.findings:
        if x.evidence:
            add(x.position, "weak" if x.rule_id in weak else "flag", f"{x.severity}: {x.message}")
    return out


def _highlight(line: str, marks) -> str:
    shown = line.translate(_CONTROL)
    if not marks:
        return e(shown)
    cuts = sorted({0, len(line)} | {a for a, _, _, _ in marks} | {b for _, b, _, _ in marks})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        over = [m for m in marks if m[0] <= a and m[1] >= b]
        piece = e(shown[a:b])
        if not over:
            out.append(piece)
            continue
        kind = max(over, key=lambda m: _RANK[m[2]])[2]
        label = "\n".join(dict.fromkeys(m[3] for m in over))
        out.append(f'<mark class="m-{kind}" title="{e(label)}">{piece}</mark>')
    return "".join(out)


NOTES_SHOWN = 3


def _notes(p) -> dict[int, str]:
    """HTML for the notes column, by line: the findings reported there, then what it proves."""
    found: dict[int, list[str]] = {}
    for x in p.file.findings:
        target = p.row_anchor(x.rule_id)
        found.setdefault(x.position.line, []).append(
            f'<p>{_sev(x.severity)} <a href="#{e(target)}">{e(x.rule_id)}</a> {e(x.message)}</p>')
    out: dict[int, list[str]] = {}
    for n, items in found.items():
        # a long list at one line (missing disclosures shown at the title) folds after a few
        out[n] = items[:NOTES_SHOWN]
        if len(items) > NOTES_SHOWN:
            out[n].append(f"<details><summary>{len(items) - NOTES_SHOWN} more findings at this line</summary>"
                          + "".join(items[NOTES_SHOWN:]) + "</details>")
    proves: dict[int, list[str]] = {}
    for g in p.groups:
        for row in g.rows:
            req = row.requirement
            if req.status == "present" and req.position is not None:
                proves.setdefault(req.position.line, []).append(
                    f'<a href="#{e(p.row_anchor(row.rule.id))}">{e(row.rule.title)}</a>')
    for n, links in proves.items():
        out.setdefault(n, []).append(f'<p class="ev">\u2713 Evidence for: {"; ".join(links)}</p>')
    return {n: "".join(parts) for n, parts in out.items()}


# --- what each requirement means -----------------------------------------------------------

def _rules_seen(policies, seen: dict | None = None) -> dict:
    """The rules of the policies' rows by id, in the order first met (added to ``seen``)."""
    seen = {} if seen is None else seen
    for p in policies:
        for g in p.groups:
            for row in g.rows:
                seen.setdefault(row.rule.id, row.rule)
    return seen


def _rules_explained(seen: dict) -> list[str]:
    if not seen:
        return []
    out = ['<section id="rules">', "<h2>What each requirement means</h2>",
           '<p class="muted">What the law asks, with model wording, for every requirement above.</p>']
    for rid, rule in seen.items():
        out.append(f'<div class="rule" id="rule-{e(rid)}"><h4>{e(rule.title)} '
                   f'<span class="meta"><code>{e(rid)}</code> · {e(matrix.regulation_name(rule.regulation))} · '
                   f"{e(rule.citation)}</span></h4>{_paragraphs(rule.help)}{_law_link(rule)}</div>")
    out.append("</section>")
    return out
