"""What a person sees: grouped text, the default selection, anchors of missing disclosures,
and the SARIF fields GitHub code scanning reads (issue 11)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

import linter
from linter import cli
from linter.addressed import laws_addressed
from linter.fingerprint import fingerprints

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BAKERY = EXAMPLES / "bakery-privacy-notice.md"
SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
KNOWN = {"gdpr", "uk-gdpr", "ccpa", "caloppa", "coppa", "shine-the-light", "us-states", "us-tx", "us-ct"}


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


# --- text -----------------------------------------------------------------------------------
def test_bakery_without_configuration_fits_one_screen_and_every_finding_says_where_and_what(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "check", "examples/bakery-privacy-notice.md")
    lines = out.splitlines()
    assert code == 1
    assert len(lines) <= 55, len(lines)
    assert max(map(len, lines)) <= 100
    finding = re.compile(r"^ {4}(\d+):(\d+) (error|warning|info)\s+[a-z-]+/[a-z0-9-]+\s+\S")
    shown = [l for l in lines if finding.match(l)]
    data = json.loads(run(capsys, "check", "--format", "json", "examples/bakery-privacy-notice.md")[1])
    rows = [x for x in data["files"][0]["findings"] if not x["message"].startswith("Applies if ")]
    assert len(shown) == len(rows)  # each finding has its own line: position, severity, rule
    src = BAKERY.read_text(encoding="utf-8").splitlines()
    for l in shown:  # the position is real: a heading or the title, never front matter
        n = int(finding.match(l).group(1))
        assert src[n - 1].strip() not in ("---", "title: Privacy notice")
    assert "  § What we collect:\n    14:4 error   gdpr/provision-requirement" in out
    assert 'write: "' in out  # a model-wording hint
    assert "has-dpo: gdpr/dpo-contact" in out  # the fact to set, by name
    assert "--regulation all" in out and "(laws it addresses: uk-gdpr)" in out  # the default, and how to change it


def test_weak_findings_quote_the_sentence(capsys):
    _, out, _ = run(capsys, "check", "--regulation", "all", EXAMPLES / "inmusic-privacy-policy.txt")
    quotes = [l for l in out.splitlines() if l.lstrip().startswith('> "')]
    assert quotes and any("Privacy Shield" in q for q in quotes)


def test_quiet_prints_only_failing_findings_one_line_each(capsys):
    code, out, _ = run(capsys, "check", "-q", BAKERY)
    lines = [l for l in out.splitlines() if l]
    assert code == 1
    assert all(" error " in l for l in lines[:-1]) and lines[-1].startswith("1 file checked:")
    assert all(l.startswith(f"{BAKERY}:") for l in lines[:-1])
    assert "write:" not in out


def test_statistics_counts_per_rule(capsys):
    _, out, _ = run(capsys, "check", "--statistics", "--regulation", "all", EXAMPLES)
    data = json.loads(run(capsys, "check", "--format", "json", "--regulation", "all", EXAMPLES)[1])
    from collections import Counter

    want = Counter(x["rule"] for f in data["files"] for x in f["findings"])
    got = {m.group(2): int(m.group(1)) for m in re.finditer(r"^\s*(\d+)\s+(\S+/\S+)\s", out, re.M)}
    assert got == dict(want)


def test_quiet_and_statistics_are_for_text_only(capsys):
    code, _, err = run(capsys, "check", "--statistics", "--format", "json", BAKERY)
    assert code == 2 and "text" in err


def test_colour_only_when_asked_or_on_a_terminal(capsys, monkeypatch):
    _, plain, _ = run(capsys, "check", BAKERY)  # captured: not a terminal
    assert "\x1b[" not in plain
    _, coloured, _ = run(capsys, "check", "--color", "always", BAKERY)
    assert "\x1b[31merror" in coloured and "\x1b[1m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_output_to_a_file_still_tells_the_log(tmp_path, capsys):
    code, out, err = run(capsys, "check", "--format", "sarif", "-o", tmp_path / "r.sarif", BAKERY)
    assert code == 1 and out == ""
    assert re.fullmatch(r"privacylint: 1 file checked; \d+ errors, \d+ warnings, \d+ info\n", err)


# --- default selection ----------------------------------------------------------------------
@pytest.mark.parametrize("text,laws", [
    ("We are based in Bristol, United Kingdom.", {"uk-gdpr"}),
    ("Notice for California residents under the CCPA.", {"ccpa", "caloppa"}),
    ("Our controller in Berlin, Germany, relies on Art. 6 GDPR.", {"gdpr"}),
    ("We do not knowingly collect data from children under 13.", {"gdpr", "coppa"}),
    ("We collect your e-mail address.", {"gdpr"}),  # names no law or place: the core
])
def test_default_selection_follows_what_the_policy_addresses(text, laws):
    assert set(laws_addressed(text, KNOWN)) == laws


def test_regulation_all_still_runs_every_rule(capsys):
    _, out, _ = run(capsys, "check", "--regulation", "all", "--format", "json", BAKERY)
    ran = {r["id"] for r in json.loads(out)["files"][0]["requirements"]}
    everything = {c.rule.id for c in linter.load_rules() if not c.rule.manual}
    assert ran == everything
    assert "regulations" not in json.loads(out)["files"][0]  # nothing was chosen for the user


def test_library_default_is_every_law():
    result = linter.lint_paths([str(BAKERY)], options=linter.api.config.Options(isolated=True))
    assert any(f.rule_id.startswith("coppa/") for f in result.findings)
    assert result.files[0].chosen == ()


# --- anchors of missing disclosures ---------------------------------------------------------
HTML = """<!DOCTYPE html>
<html><head><title>Privacy</title>
<meta charset="utf-8"></head>
<body>
<h1>Privacy policy</h1>
<p>We sell bread and collect your name.</p>
<h2>Your rights</h2>
<p>You may ask for a copy of your data.</p>
</body></html>
"""


def _missing(text, path):
    r = linter.lint_text(text, path)
    missing = {q.rule_id for q in r.requirements if q.status == "missing"}
    return r, [f for f in r.findings if f.rule_id in missing]


def test_missing_disclosures_are_never_anchored_in_markup_or_front_matter():
    r, missing = _missing(HTML, "p.html")
    lines = HTML.splitlines()
    assert missing
    for f in missing:
        line = lines[f.position.line - 1]
        assert f.position.line >= 5, (f.rule_id, line)  # not <!DOCTYPE>, not <head>
        assert line[f.position.column - 1] not in "<>", (f.rule_id, line)
    by_id = {f.rule_id: f for f in missing}
    assert by_id["gdpr/complaint-authority"].position.line == 7  # its section: "Your rights"
    assert by_id["gdpr/legal-basis"].position.line == 5  # no section of its own: the title
    md = "---\ntitle: x\n---\n\n# Our privacy notice\n\nWe collect your name.\n"
    _, missing = _missing(md, "p.md")
    assert {f.position.line for f in missing} == {5}


def test_fingerprints_of_missing_findings_survive_edits_elsewhere():
    _, before = _missing(HTML, "p.html")
    edited = HTML.replace("<title>Privacy</title>", "<title>Privacy | Bakery</title>\n<style>p{}</style>")
    edited = edited.replace("<p>We sell bread", "<p>A new paragraph above.</p>\n<p>We sell bread")
    _, after = _missing(edited, "p.html")
    assert [f.rule_id for f in before] == [f.rule_id for f in after]
    assert fingerprints(before, "p.html") == fingerprints(after, "p.html")
    assert any(a.position.line != b.position.line for a, b in zip(before, after))  # lines did move


# --- SARIF for GitHub -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def log():
    from linter.formats import sarif

    result = linter.lint_paths([str(EXAMPLES)], options=linter.api.config.Options(isolated=True))
    return sarif.log(result)


def test_sarif_is_valid_with_the_new_fields(log):
    validator = jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")),
                                           format_checker=jsonschema.FormatChecker())
    errors = list(validator.iter_errors(log))
    assert not errors, [e.message for e in errors[:5]]
    (run_,) = log["runs"]
    assert run_["invocations"] == [{"executionSuccessful": True}]
    assert "%SRCROOT%" in run_["originalUriBaseIds"]
    assert "uri" not in run_["originalUriBaseIds"]["%SRCROOT%"]  # no machine path in the artifact


def test_sarif_precision_comes_from_the_measured_accuracy(log):
    report = json.loads((ROOT / "docs" / "accuracy.json").read_text(encoding="utf-8"))
    import importlib.util

    spec = importlib.util.spec_from_file_location("precision", ROOT / "bench" / "precision.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    shipped = json.loads((ROOT / "rules" / "precision.json").read_text(encoding="utf-8"))["precision"]
    assert shipped == mod.levels(report), "run python bench/precision.py after bench/accuracy.py"
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        props = rule["properties"]
        assert props["precision"] in ("very-high", "high", "medium", "low")
        assert "security-severity" not in props
        if not rule["id"].startswith("privacylint/"):
            assert props["precision"] == shipped[rule["id"]]
            assert "**In privacylint:**" in rule["help"]["markdown"]


def test_skipped_files_are_tool_notifications(tmp_path, capsys, monkeypatch):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "b.md").write_text("# Privacy\n\nWe do not sell your personal information.\n")
    monkeypatch.chdir(tmp_path)
    _, out, err = run(capsys, "check", "--format", "sarif", ".")
    (inv,) = json.loads(out)["runs"][0]["invocations"]
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "warning" and "a.txt" in note["message"]["text"]
    assert "skipped" in err


def test_readme_example_output_is_a_real_run(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cmd = "$ privacylint check examples/bakery-privacy-notice.md\n"
    block = readme[readme.index(cmd) + len(cmd):]
    block = block[:block.index("```")]
    _, out, _ = run(capsys, "check", "examples/bakery-privacy-notice.md")
    assert out == block


def test_colour_follows_the_terminal_and_no_color(monkeypatch):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli._text_view(False, False, "auto", to_terminal=True)["color"] is True
    assert cli._text_view(False, False, "auto", to_terminal=False)["color"] is False  # --output FILE
    assert cli._text_view(False, False, "never", to_terminal=True)["color"] is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli._text_view(False, False, "auto", to_terminal=True)["color"] is False
    assert cli._text_view(False, False, "always", to_terminal=True)["color"] is True
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert cli._text_view(False, False, "auto", to_terminal=True) == {
        "quiet": False, "statistics": False, "color": False, "width": 100}
