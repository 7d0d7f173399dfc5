"""``--format markdown``: the matrix as valid GitHub tables, escaped, linked, and cut to fit a job summary."""
from __future__ import annotations

import re

import pytest

from linter import api
from linter.formats import markdown

from report_helpers import EXAMPLES, ROOT, json_report, report, run

ICONS = {"present": "\u2705 Present", "weak": "\u26a0\ufe0f Weak", "missing": "\u274c Missing",
         "not-applicable": "\u2796 Not applicable"}


def cells(line: str) -> list[str]:
    """A GFM table row split as GitHub splits it: a backslash escapes the next character."""
    assert line.startswith("|") and line.endswith("|"), line
    out, cur = [], ""
    for token in re.findall(r"\\.|\||[^\\|]+", line[1:-1]):
        if token == "|":
            out.append(cur)
            cur = ""
        else:
            cur += token
    return [c.strip() for c in out + [cur]]


def tables(text: str) -> list[list[list[str]]]:
    """Every table: header, delimiter and body rows, split into cells; each row as wide as its header."""
    found, current = [], None
    for line in text.split("\n"):
        if line.startswith("|"):
            if current is None:
                current = []
                found.append(current)
            current.append(cells(line))
        else:
            current = None
    for t in found:
        assert len(t) >= 2 and all(re.fullmatch(r":?-+:?", c) for c in t[1]), t[:2]
        assert all(len(row) == len(t[0]) for row in t), t[0]
    return found


def unescape(cell: str) -> str:
    return re.sub(r"\\(.)", r"\1", cell)


@pytest.fixture(scope="module")
def examples():
    paths = [p.relative_to(ROOT) for p in EXAMPLES]
    return report("markdown", paths), json_report(paths)


def test_matrix_rows_are_the_requirements_with_status_evidence_and_line(examples):
    text, data = examples
    matrices = [t for t in tables(text) if t[0] == ["Status", "Requirement", "What the policy says", "Line"]]
    rows = [r for t in matrices for r in t[2:]]
    expected = [r for f in data["files"] for r in sorted(
        f["requirements"], key=lambda r: _law_order(r["regulation"]))]
    assert len(rows) == len(expected)
    for row, r in zip(rows, expected):
        status, requirement, said, line = row
        assert status == ICONS[r["status"]]
        assert f"`{r['id']}`" in requirement and unescape(requirement).startswith(r["title"])
        if r["status"] in ("present", "weak"):
            quote = " ".join(r["evidence"].split())  # on one line, as a cell must be
            assert unescape(said).startswith(f"\u201c{quote}\u201d")
            assert line == str(r["line"])
        if r["status"] == "not-applicable":
            assert line == ""


def _law_order(regulation):
    from linter.formats.matrix import regulation_order
    return regulation_order(regulation)


def test_policy_index_and_coverage_counts(examples):
    text, data = examples
    index = tables(text)[0]
    assert index[0][0] == "Policy" and len(index) - 2 == len(data["files"])
    for row, f in zip(index[2:], data["files"]):
        assert unescape(row[0]) == f["path"]
        assert row[1:5] == [str(sum(r["status"] == s for r in f["requirements"]))
                            for s in ("present", "weak", "missing", "not-applicable")]
    assert "cut short" not in text  # the examples fit easily


def test_escapes_what_policy_text_could_turn_into_markup(tmp_path):
    policy = tmp_path / "privacy.md"
    policy.write_text(
        "# Privacy policy\n\n"
        "We collect your e-mail address | <img src=x onerror=alert(1)> [click](javascript:alert(1)) "
        "@octocat $x^2$ **bold** `code` ~~gone~~ and your name.\n", encoding="utf-8")
    text = report("markdown", ["privacy.md"], cwd=tmp_path)
    tables(text)  # still valid tables, each row as wide as its header
    for unescaped in (r"(?<!\\)<img", r"(?<!\\)\]\(javascript", r"(?<!\\)@octocat"):
        assert not re.search(unescaped, text), unescaped
    row = next(line for line in text.split("\n") if "e-mail address" in line and line.startswith("|"))
    said = cells(row)[2]
    assert "\\|" in said and "\\<img" in said and "\\[click\\]" in said and "\\@octocat" in said
    assert "\\$x^2\\$" in said and "\\*\\*bold\\*\\*" in said and "\\`code\\`" in said
    assert unescape(said).startswith("\u201cWe collect your e-mail address | <img src=x onerror=alert(1)>")


def test_md_puts_text_on_one_line_and_escapes_cell_breakers():
    assert markdown.md("a|b\nc\r\nd\te") == "a\\|b c d e"
    assert markdown.md("\\|") == "\\\\\\|"
    assert cells("| " + markdown.md("x \\| y") + " | z |") == ["x \\\\\\| y", "z"]
    assert markdown.md_code("a`b|c") == "a'b\\|c"


def test_lines_link_to_github_in_actions(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies/privacy.md").write_text(
        (ROOT / "examples/bakery-privacy-notice.md").read_text(encoding="utf-8"), encoding="utf-8")
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/legal",
           "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567"}
    text = report("markdown", ["policies/privacy.md"], cwd=tmp_path, env=env)
    data = json_report(["policies/privacy.md"], cwd=tmp_path)
    r = next(r for r in data["files"][0]["requirements"] if r["id"] == "gdpr/retention")
    row = next(cells(x) for x in text.split("\n") if "`gdpr/retention`" in x)
    assert row[3] == (f"[{r['line']}](https://github.com/acme/legal/blob/"
                      f"0123456789abcdef0123456789abcdef01234567/policies/privacy.md#L{r['line']})")
    plain = report("markdown", ["policies/privacy.md"], cwd=tmp_path,
                   env={"GITHUB_SERVER_URL": "", "GITHUB_REPOSITORY": "", "GITHUB_SHA": ""})
    assert "](http" not in plain


def _result():
    return api.lint_paths([str(p.relative_to(ROOT)) for p in EXAMPLES], options=_isolated())


def _isolated():
    from linter.config import Options
    return Options(isolated=True)


@pytest.mark.parametrize("limit", [6_000, 20_000, 60_000])
def test_cut_to_the_size_limit_at_whole_rows_with_a_note(limit, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = _result()
    full = markdown.render(result)
    text = markdown.render(result, limit=limit)
    assert len(text.encode("utf-8")) <= limit < len(full.encode("utf-8"))
    assert text.count("<details") == text.count("</details>")
    tables(text)
    shown = sum(1 for line in text.split("\n") if line.startswith("| ") and
                any(line.startswith(f"| {icon} ") for icon in ICONS.values()))
    total = sum(len(f.requirements) for f in result.files)
    note = re.search(r"(\d+) of (\d+) requirement rows", text)
    assert note and (int(note[1]), int(note[2])) == (total - shown, total)
    assert "--format html" in text.split("cut short")[1]
    shown_part = text[:text.index("\n> [!NOTE]")]
    shown_part = shown_part[:-len("\n</details>\n\n")] if shown_part.endswith("\n</details>\n\n") else shown_part
    assert full.startswith(shown_part)  # what is shown is the full report's beginning, unchanged


def test_default_limit_is_github_step_summary_limit(monkeypatch):
    assert markdown.LIMIT == 1024 * 1024
    monkeypatch.chdir(ROOT)
    result = _result()
    many = type(result)(result.files * 40, result.rules, result.fail_on)
    text = markdown.render(many)
    assert len(text.encode("utf-8")) <= 1024 * 1024
    assert "cut short" in text and "of 200 policies" in text


def test_byte_identical_across_runs():
    paths = [p.relative_to(ROOT) for p in EXAMPLES]
    assert report("markdown", paths, env={"PYTHONHASHSEED": "3"}) == \
        report("markdown", paths, env={"PYTHONHASHSEED": "4"})


def test_rule_catalogue_markdown_is_unchanged():
    done = run(["rules", "--format", "markdown"])
    assert done.returncode == 0
    assert done.stdout == (ROOT / "docs/rules.md").read_text(encoding="utf-8")
