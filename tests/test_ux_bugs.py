"""Regression tests for the bugs of the UX review (../shared/research/ux-review.md §7, B1-B15).

Each test runs the review's repro (in-process where it can) and asserts the fixed behaviour.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import linter
from linter import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BAKERY = EXAMPLES / "bakery-privacy-notice.md"
COMPLIANT = EXAMPLES / "compliant-privacy-policy.md"


def run(capsys, *args, env=None, monkeypatch=None):
    """``privacylint ARGS`` in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exc:
        cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


# B1 --------------------------------------------------------------------------------------
def test_b1_uk_gdpr_runs_the_uk_and_the_kept_eu_list(capsys):
    code, out, _ = run(capsys, "check", "--isolated", "--regulation", "uk-gdpr", "--format", "json", BAKERY)
    ids = {r["id"] for r in json.loads(out)["files"][0]["requirements"]}
    assert code == 1  # the bakery lacks most Art. 13 items: it must not pass
    assert "gdpr/legal-basis" in ids and "uk-gdpr/complaint-ico" in ids
    code, out, _ = run(capsys, "rules", "--regulation", "uk-gdpr")
    assert code == 0 and "uk-gdpr/complaint-ico" in out


# B2 --------------------------------------------------------------------------------------
def _b2_repo(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "privacy.md").write_text(BAKERY.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".privacylint.yaml").write_text("suppressions: s.yaml\n")
    (tmp_path / "s.yaml").write_text('suppressions:\n  - rule: gdpr/dpo-contact\n    files: "*.md"\n'
                                     "    reason: test\n    expires: 2026-01-01\n")
    return tmp_path


def test_b2_suppressions_file_is_not_counted_as_a_checked_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(_b2_repo(tmp_path))
    code, out, _ = run(capsys, "check", "privacy.md")
    assert "1 file checked" in out and "2 files" not in out
    assert "privacylint/expired-suppression" in out  # still reported, against s.yaml
    code, out, _ = run(capsys, "check", "--format", "json", "privacy.md")
    data = json.loads(out)
    assert data["summary"]["files"] == 1
    result = linter.lint_paths("privacy.md")
    assert [f.path for f in result.policies] == ["privacy.md"]


def test_b2_pre_commit_hook_runs_in_one_batch():
    """One process per commit: one summary, and an expired entry reported once."""
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert re.search(r"^\s*require_serial:\s*true\b", manifest, re.M)


# B3 --------------------------------------------------------------------------------------
def test_b3_shell_completion_prints_a_script(capsys, monkeypatch):
    monkeypatch.setenv("_PRIVACYLINT_COMPLETE", "bash_source")
    with pytest.raises(SystemExit):
        cli.main([])
    out = capsys.readouterr().out
    assert "complete" in out and "_privacylint_completion" in out and "Usage:" not in out


# B4 --------------------------------------------------------------------------------------
def test_b4_tool_rules_can_be_explained(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["explain", "privacylint/unused-suppression"])
    out = capsys.readouterr().out
    assert exc.value.code == 0 and "disable-next-line" in out


# B5 / B6 ---------------------------------------------------------------------------------
def test_b5_lint_paths_takes_one_path_as_a_string(monkeypatch):
    monkeypatch.chdir(EXAMPLES)
    for arg in ("bakery-privacy-notice.md", Path("bakery-privacy-notice.md")):
        result = linter.lint_paths(arg)
        assert [f.path for f in result.files] == ["bakery-privacy-notice.md"]


def test_b6_lint_text_rejects_an_unknown_fact():
    with pytest.raises(linter.UserError, match="has-dpo"):
        linter.lint_text("hello", "x.md", facts={"hass-dpo": True})
    assert linter.lint_text("hello", "x.md", facts={"has-dpo": True}).requirements


# B7 --------------------------------------------------------------------------------------
def test_b7_paths_in_a_nested_repository_are_relative_to_the_scanned_one(tmp_path, capsys, monkeypatch):
    outer = tmp_path / "outer"
    inner = outer / "vendor" / "legal-policies"
    (outer / ".git").mkdir(parents=True)
    (inner / ".git").mkdir(parents=True)
    (inner / "privacy.md").write_text(BAKERY.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(outer)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    _, out, _ = run(capsys, "check", "--isolated", "--format", "sarif", "vendor/legal-policies/privacy.md")
    loc = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": "vendor/legal-policies/privacy.md", "uriBaseId": "%SRCROOT%"}
    _, out, _ = run(capsys, "check", "--isolated", "--format", "github", "vendor/legal-policies/privacy.md")
    assert out.startswith(("::error file=vendor/legal-policies/privacy.md,",
                           "::warning file=vendor/legal-policies/privacy.md,",
                           "::notice file=vendor/legal-policies/privacy.md,"))
    # in Actions the checkout is the root, wherever the run starts
    monkeypatch.setenv("GITHUB_WORKSPACE", str(outer))
    monkeypatch.chdir(inner)
    _, out, _ = run(capsys, "check", "--isolated", "--format", "github", "privacy.md")
    assert out.startswith("::") and out.split(",", 1)[0].endswith(" file=vendor/legal-policies/privacy.md")


# B8 --------------------------------------------------------------------------------------
def test_b8_tool_rules_in_sarif_say_it_once_and_link_help(tmp_path, capsys, monkeypatch):
    p = tmp_path / "p.md"
    p.write_text("# Notice\n\n<!-- privacylint-disable-next-line gdpr/dpo-contact -->\nHello.\n")
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(capsys, "check", "--isolated", "--regulation", "all", "--format", "sarif", "p.md")
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    (tool,) = [r for r in rules if r["id"] == "privacylint/unused-suppression"]
    text = tool["fullDescription"]["text"]
    assert text.count("silences nothing") == 1 and "(privacylint)" not in text
    assert tool["helpUri"].startswith("https://")


# B9 --------------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [("--select", "gdpr/", "--regulation", "ccpa"), ("--ignore", "ALL")])
def test_b9_a_selection_that_leaves_no_rule_is_an_error(capsys, args):
    code, out, err = run(capsys, "check", "--isolated", *args, BAKERY)
    assert code == 2 and out == ""
    assert err.startswith("privacylint: error: ") and "nothing to check" in err and err.count("\n") == 1


# B10 -------------------------------------------------------------------------------------
def test_b10_disable_next_line_above_the_shown_line_silences_a_missing_disclosure(tmp_path, capsys):
    text = BAKERY.read_text(encoding="utf-8")
    base = tmp_path / "base.md"
    base.write_text(text, encoding="utf-8")
    _, out, _ = run(capsys, "check", "--isolated", "--regulation", "gdpr", "--format", "concise", base)
    (shown,) = [l for l in out.splitlines() if " gdpr/provision-requirement " in l]
    line = int(shown.split(":")[1])
    lines = text.splitlines(keepends=True)
    lines.insert(line - 1, "<!-- privacylint-disable-next-line gdpr/provision-requirement -- table -->\n")
    b10 = tmp_path / "b10.md"
    b10.write_text("".join(lines), encoding="utf-8")
    _, out, _ = run(capsys, "check", "--isolated", "--regulation", "gdpr", "--format", "concise", b10)
    assert "gdpr/provision-requirement" not in out
    assert "unused-suppression" not in out


def test_b10_a_misplaced_suppression_says_where_the_missing_finding_is(tmp_path, capsys):
    text = BAKERY.read_text(encoding="utf-8").replace(
        "## Your choices", "<!-- privacylint-disable gdpr/provision-requirement -->\n## Your choices")
    p = tmp_path / "p.md"
    p.write_text(text, encoding="utf-8")
    _, out, _ = run(capsys, "check", "--isolated", "--regulation", "gdpr", "--format", "concise", p)
    (unused,) = [l for l in out.splitlines() if "unused-suppression" in l]
    assert "reported at line 14" in unused and "disable-next-line" in unused


# B11 -------------------------------------------------------------------------------------
def test_b11_missing_complaint_right_is_reported_at_the_rights_heading(tmp_path, capsys):
    text = "".join(l for l in COMPLIANT.read_text(encoding="utf-8").splitlines(keepends=True)
                   if "Right to lodge a complaint" not in l)
    p = tmp_path / "b11.md"
    p.write_text(text, encoding="utf-8")
    _, out, _ = run(capsys, "check", "--isolated", "--format", "concise", p)
    (line,) = [l for l in out.splitlines() if " gdpr/complaint-authority " in l]
    n = int(line.split(":")[1])
    assert "rights" in text.splitlines()[n - 1].lower() and text.splitlines()[n - 1].startswith("#")


# B12 -------------------------------------------------------------------------------------
def test_b12_sarif_is_byte_identical_from_one_day_to_the_next(capsys, monkeypatch):
    outs = []
    for day in ("2026-12-01", "2026-12-02"):
        monkeypatch.setenv("PRIVACYLINT_TODAY", day)
        _, out, _ = run(capsys, "check", "--isolated", "--regulation", "all", "--format", "sarif", EXAMPLES)
        outs.append(out)
    assert outs[0] == outs[1]
    assert "2026-12-0" not in outs[0]  # no run date anywhere, invocations included
    assert '"startTimeUtc"' not in outs[0] and '"endTimeUtc"' not in outs[0]


# B13 (documented decision) ---------------------------------------------------------------
def test_b13_general_rules_are_documented_as_good_practice_with_their_sources():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "This is a decision, not an oversight (review B13)" in readme
    from linter.formats import text

    # the text output sets general rules' findings apart from those of the laws checked: it
    # names the laws checked, and general is not among them
    assert "general" not in text._laws(("gdpr", "coppa"))


# B14 -------------------------------------------------------------------------------------
def test_b14_install_instructions_use_a_virtual_environment_and_explain_rev():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 -m venv" in readme
    assert "rev:" in readme and "no release" in readme.lower()
    workflow = (EXAMPLES / "github-code-scanning.yml").read_text(encoding="utf-8")
    assert "pip install privacylint\n" not in workflow and "git+https://" in workflow


# B15 -------------------------------------------------------------------------------------
def test_b15_summary_singular_and_one_name_for_info(tmp_path, capsys):
    from linter.formats import text
    from linter.types import FileResult, Finding, Position, Requirement, RunResult

    findings = tuple(Finding(f"t/{s}", s, "m", "c", Position(1, 1, 1, 2)) for s in ("error", "warning", "info"))
    one = RunResult((FileResult("p.md", (Requirement("t/a", "present"),), findings),), ())
    (summary,) = text.summary(one)
    assert summary == "1 file checked: 1 present, 0 weak, 0 missing; 1 error, 1 warning, 1 info"
    code, out, _ = run(capsys, "check", "--isolated", "--regulation", "gdpr", BAKERY)
    summary = [l for l in out.splitlines() if " checked: " in l][0]
    assert summary.startswith("1 file checked: ") and "errors, 2 warnings, 5 info" in summary
    assert "notes" not in out
    _, out, _ = run(capsys, "check", "--isolated", "--regulation", "gdpr", "--format", "github", BAKERY)
    assert out.splitlines()[-1].endswith(" info") and "notes" not in out.splitlines()[-1]


def test_b15_bare_command_help_lists_short_help_option():
    proc = subprocess.run([sys.executable, "-m", "linter"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and "-h, --help" in proc.stdout


# packaging (issue 11, Build 7) ------------------------------------------------------------
def test_packaging_licence_classifiers_and_types():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").lstrip().startswith("Apache License")
    assert project["license"] == "Apache-2.0" and project["license-files"] == ["LICENSE"]
    assert "Typing :: Typed" in project["classifiers"]
    assert "Intended Audience :: Legal Industry" in project["classifiers"]
    assert (ROOT / "linter" / "py.typed").is_file()


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "html", "markdown", "github", "concise"])
def test_a_file_name_that_is_not_utf8_is_reported_not_a_crash(tmp_path, fmt):
    name = b"bad\xffname.md"
    try:
        (tmp_path / os.fsdecode(name)).write_bytes((EXAMPLES / "bakery-privacy-notice.md").read_bytes())
    except (OSError, UnicodeError):  # a file system that only takes UTF-8 names
        pytest.skip("this file system refuses names that are not UTF-8")
    proc = subprocess.run([sys.executable, "-m", "linter", "check", "--format", fmt, "."], cwd=tmp_path,
                          capture_output=True)
    assert proc.returncode == 1 and proc.stderr.decode().count("error:") == 0, proc.stderr
    if fmt == "sarif":  # a URI names the file's own bytes, so code scanning can find it
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in json.loads(proc.stdout)["runs"][0]["results"]}
        assert uris == {"bad%FFname.md"}
    else:
        assert "bad\ufffdname.md" in proc.stdout.decode("utf-8")
    if fmt == "json":
        json.loads(proc.stdout)


def test_corpus_line_with_a_lone_surrogate_is_written_escaped(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "x\\udcff", "text": "We sell data."}\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "linter", "corpus", str(src), "--out", "-", "-j", "1"],
                          capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["id"] == "x\udcff"  # the id as given, in valid JSON
