"""``--format html``: the matrix, evidence and line anchors match the run; everything is escaped."""
from __future__ import annotations

import base64
import hashlib
import re
import shutil

import pytest

from report_helpers import EXAMPLES, ROOT, json_report, parse, report, run, stored_lines


@pytest.fixture(scope="module")
def examples():
    html = report("html", [p.relative_to(ROOT) for p in EXAMPLES])
    return html, parse(html), json_report([p.relative_to(ROOT) for p in EXAMPLES])


def test_one_matrix_row_per_requirement_with_its_status(examples):
    _, page, data = examples
    for i, f in enumerate(data["files"], 1):
        rows = {n.attrs["id"]: n for n in page.ids[f"p{i}"].find_all("tr") if "id" in n.attrs}
        assert sorted(rows) == sorted(f"p{i}-{r['id']}" for r in f["requirements"])
        for r in f["requirements"]:
            row = rows[f"p{i}-{r['id']}"]
            assert row.attrs["class"] == r["status"]
            assert row.find("span", "st").attrs["class"] == f"st st-{r['status']}"
            assert r["title"] in row.text() and r["citation"] in row.text()


def test_evidence_is_quoted_and_linked_to_its_line(examples):
    _, page, data = examples
    checked = 0
    for i, f in enumerate(data["files"], 1):
        lines = stored_lines(ROOT / f["path"])
        for r in f["requirements"]:
            row = page.ids[f"p{i}-{r['id']}"]
            if r["status"] not in ("present", "weak"):
                assert row.find("blockquote") is None
                continue
            assert row.find("blockquote").text() == r["evidence"]
            where = row.find_all("td")
            link = list(where)[-1].find("a")
            assert link.attrs["href"] == f"#p{i}-L{r['line']}"
            target = page.ids[f"p{i}-L{r['line']}"]
            code = target.find("code").text()
            assert code == lines[r["line"] - 1].translate({c: "\ufffd" for c in range(32) if c != 9})
            assert code[r["column"] - 1:r["end_column"] - 1] == r["evidence"]
            checked += 1
    assert checked > 100  # the examples hold well over a hundred quoted disclosures


def test_policy_text_is_the_file_as_stored_one_anchor_per_line(examples):
    _, page, data = examples
    for i, f in enumerate(data["files"], 1):
        lines = stored_lines(ROOT / f["path"])
        shown = [n for n in page.ids[f"p{i}-text"].parent.find_all("div", "ln")]
        assert [n.attrs["id"] for n in shown] == [f"p{i}-L{k}" for k in range(1, len(lines) + 1)]
        assert [n.find("a").text() for n in shown] == [str(k) for k in range(1, len(lines) + 1)]
        assert [n.find("code").text() for n in shown] == lines


def test_evidence_is_highlighted_and_findings_stand_beside_their_line(examples):
    _, page, data = examples
    for i, f in enumerate(data["files"], 1):
        for r in f["requirements"]:
            if r["status"] in ("present", "weak") and r["evidence"]:
                code = page.ids[f"p{i}-L{r['line']}"].find("code")
                marked = "".join(m.text() for m in code.find_all("mark"))
                assert r["evidence"] in marked or all(
                    part in marked for part in r["evidence"].split()), (f["path"], r["id"])
        for x in f["findings"]:
            notes = page.ids[f"p{i}-L{x['line']}"].find("div", "notes")
            assert notes is not None and x["message"] in notes.text(), (f["path"], x["rule"])


def test_index_has_one_row_per_policy_linking_to_its_section(examples):
    _, page, data = examples
    index = page.root.find("table")
    rows = list(index.find("tbody").find_all("tr"))
    assert len(rows) == len(data["files"])
    for i, (row, f) in enumerate(zip(rows, data["files"]), 1):
        cells = [c.text() for c in row.find_all("td")]
        assert cells[0] == f["path"] and row.find("a").attrs["href"] == f"#p{i}"
        counts = [sum(r["status"] == s for r in f["requirements"])
                  for s in ("present", "weak", "missing", "not-applicable")]
        counts += [sum(x["severity"] == s for x in f["findings"]) for s in ("error", "warning", "info")]
        assert cells[1:8] == [str(n) for n in counts]


def test_coverage_chart_per_regulation(examples):
    _, page, data = examples
    f = data["files"][1]  # the bakery
    chart = page.ids["p2-coverage"].parent.find("div", "chart")
    regs = {r["regulation"] for r in f["requirements"]}
    assert len(list(chart.find_all("svg"))) == len(regs)
    gdpr = [r for r in f["requirements"] if r["regulation"] == "gdpr"]
    present = sum(r["status"] == "present" for r in gdpr)
    applicable = sum(r["status"] != "not-applicable" for r in gdpr)
    assert f"{present} of {applicable} present" in chart.text()
    bar = chart.find("svg")  # GDPR comes first
    widths = [float(r.attrs["width"]) for r in bar.find_all("rect")]
    assert abs(sum(widths) - 100) < 0.05
    assert abs(float(bar.find("rect", "b-present").attrs["width"]) - 100 * present / applicable) < 0.01
    assert bar.find("rect", "b-not-applicable") is None  # the bar is of what applies


def test_manual_checks_are_a_checklist_of_the_laws_checked(tmp_path):
    bakery = ROOT / "examples/bakery-privacy-notice.md"
    page = parse(report("html", [bakery], "--regulation", "all"))
    items = list(page.ids["p1-manual"].parent.find("ul", "check").find_all("li"))
    assert items and all(li.find("input").attrs["type"] == "checkbox" for li in items)
    assert any("caloppa/conspicuous-posting" in li.find("input").attrs["id"] for li in items)
    gdpr_only = parse(report("html", [bakery], "--regulation", "gdpr"))
    ids = [n.attrs["id"] for n in gdpr_only.root.find_all("input")]
    assert not any("/caloppa/" in i or "-caloppa/" in i for i in ids)


def test_settings_and_facts_that_applied(tmp_path):
    policy = tmp_path / "privacy.md"
    shutil.copy(ROOT / "examples/bakery-privacy-notice.md", policy)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".privacylint.yaml").write_text("regulations: [gdpr]\nfacts:\n  has-dpo: true\n",
                                                encoding="utf-8")
    done = run(["check", "--format", "html", "--fact", "transfers-outside-eea=false", "privacy.md"],
               cwd=tmp_path)
    page = parse(done.stdout)
    settings = dict(zip([n.text() for n in page.root.find_all("dt")], [n.text() for n in page.root.find_all("dd")]))
    assert settings["Configuration file"] == ".privacylint.yaml"
    assert settings["Regulations setting"] == "gdpr"
    assert settings["Laws checked"].startswith("GDPR (EU)")
    facts = {row.find("code").text(): [c.text() for c in row.find_all("td")][1]
             for row in page.ids["p1-settings"].parent.find_all("tr") if row.find("code")}
    assert facts["has-dpo"] == "yes" and facts["transfers-outside-eea"] == "no"
    assert facts["uses-legitimate-interests"] == "not known"
    assert "directed-to-children" not in facts  # a COPPA fact: no COPPA rule ran


HOSTILE = """<!DOCTYPE html><html><head><title>x</title><script>window.pwned = 1</script></head>
<body><h1>Privacy policy "quoted" & <b>bold</b></h1>
<p>We collect your e-mail address.<img src=x onerror="window.pwned=2"></p>
<p>"><script>window.pwned=3</script><svg onload="window.pwned=4">
<p>You may ask us for a copy of your data. Contact privacy@example.com.</p>
</body></html>
"""


def test_policy_text_cannot_inject_markup(tmp_path):
    policy = tmp_path / 'a"><img src=x onerror=y()><script>.html'
    policy.write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "b.md").write_text("# Privacy <script>window.pwned=5</script>\n\n"
                                   "We collect your <img src=x onerror=alert(1)> name.\n", encoding="utf-8")
    html = report("html", [policy.name, "b.md"], cwd=tmp_path)
    page = parse(html)
    assert "<script" not in html.lower() and "<img" not in html.lower() and "<svg onload" not in html.lower()
    tags = {n.tag for n in page.root.find_all()}
    assert not tags & {"script", "img", "iframe", "object", "embed", "b"}
    assert len(list(page.root.find_all("h1"))) == 1  # the report's own title only
    # every attribute that could load or run something is ours
    for n in page.root.find_all():
        assert not any(a.startswith("on") for a in n.attrs), n.tag
        assert "src" not in n.attrs
        href = n.attrs.get("href")
        assert href is None or href.startswith("#") or href.startswith("https://"), href
    lines = [n.find("code").text() for n in page.ids["p1-text"].parent.find_all("div", "ln")]
    assert lines == HOSTILE.rstrip("\n").split("\n")  # shown literally, markup included
    assert page.ids["p1"].find("h2").text() == policy.name


def test_page_loads_nothing_and_allows_no_script(examples):
    html, page, _ = examples
    csp = next(n for n in page.root.find_all("meta") if n.attrs.get("http-equiv") == "Content-Security-Policy")
    policy = csp.attrs["content"]
    assert "default-src 'none'" in policy and "script-src" not in policy  # falls back to none
    style = page.root.find("style").text()
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in policy
    assert "url(" not in style and "@import" not in style
    assert not re.search(r"""\s(src|srcset|data|poster|action)=""", html)
    assert len(list(page.root.find_all("style"))) == 1 and page.root.find("link") is None


def test_byte_identical_across_runs_and_hash_seeds():
    paths = [p.relative_to(ROOT) for p in EXAMPLES]
    a = report("html", paths, env={"PYTHONHASHSEED": "1"})
    b = report("html", paths, env={"PYTHONHASHSEED": "2"})
    assert a == b


def test_stdin_text_is_not_passed_off_as_a_file_on_disk(tmp_path):
    (tmp_path / "privacy.md").write_text("# Privacy\n\nSomething else entirely.\n", encoding="utf-8")
    text = (ROOT / "examples/bakery-privacy-notice.md").read_text(encoding="utf-8")
    done = run(["check", "--isolated", "--format", "html", "--stdin-filename", "privacy.md", "-"],
               cwd=tmp_path, stdin=text)
    page = parse(done.stdout)
    assert page.root.find("div", "ln") is None
    assert "not shown" in page.ids["p1-text"].parent.text()
    rows = [n for n in page.ids["p1"].find_all("tr") if "id" in n.attrs]
    assert rows  # the matrix still stands, with the quotes that were checked


def test_output_path_that_is_an_input_is_refused(tmp_path):
    policy = tmp_path / "privacy.md"
    shutil.copy(ROOT / "examples/bakery-privacy-notice.md", policy)
    before = policy.read_bytes()
    done = run(["check", "--isolated", "--format", "html", "-o", "privacy.md", "privacy.md"], cwd=tmp_path)
    assert done.returncode == 2 and "would overwrite" in done.stderr
    assert policy.read_bytes() == before


def test_portfolio_shows_each_requirement_across_the_policies(examples):
    _, page, data = examples
    table = page.root.find("table", "portfolio")
    heads = [th.attrs.get("title") for th in table.find("thead").find_all("th")][1:]
    assert heads == [f["path"] for f in data["files"]]
    status = {(i, r["id"]): r["status"] for i, f in enumerate(data["files"], 1) for r in f["requirements"]}
    rows = list(table.find("tbody").find_all("tr"))
    assert len(rows) == len({rid for _, rid in status})
    for row in rows:
        rid = row.find("a").attrs["href"].removeprefix("#rule-")
        for i, cell in enumerate(list(row.find_all("td"))[1:], 1):
            link = cell.find("a")
            if (i, rid) not in status:
                assert link is None and cell.text() == "not checked"
                continue
            assert link.attrs["href"] == f"#p{i}-{rid}" and link.attrs["class"] == f"st st-{status[(i, rid)]}"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_lines_are_counted_as_stored_whatever_the_line_ends(tmp_path, newline):
    text = (ROOT / "examples/bakery-privacy-notice.md").read_text(encoding="utf-8")
    (tmp_path / "privacy.md").write_bytes(newline.join(text.split("\n")).encode("utf-8"))
    page = parse(report("html", ["privacy.md"], cwd=tmp_path))
    data = json_report(["privacy.md"], cwd=tmp_path)
    shown = [n.find("code").text() for n in page.ids["p1-text"].parent.find_all("div", "ln")]
    assert shown == text.rstrip("\n").split("\n")
    for r in data["files"][0]["requirements"]:
        if r["evidence"]:
            code = page.ids[f"p1-L{r['line']}"].find("code").text()
            assert code[r["column"] - 1:r["end_column"] - 1] == r["evidence"]
