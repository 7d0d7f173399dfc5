"""Suppressions: inline comments (Markdown and HTML) and the out-of-band suppressions file."""

import linter
from config_helpers import (TEST_RULES, assert_config_error, ids, lint, make_repo, run_cli,
                            book_rules)

WEAK = "We have a data protection officer."


def check(text, path="p.md"):
    return linter.lint_text(text, path, rules=book_rules())


def tool(result, rule_id):
    return [f for f in result.findings if f.rule_id == rule_id]


# --- inline ---------------------------------------------------------------------------------
def test_file_level_suppression_silences_a_missing_disclosure():
    text = "# Notice\n\n<!-- privacylint-disable-file coppa/x-parental-consent -->\n\nContact us.\n"
    result = check(text)
    assert "coppa/x-parental-consent" not in {f.rule_id for f in result.findings}
    assert [f.rule_id for f in result.suppressed] == ["coppa/x-parental-consent"]
    assert {q.rule_id: q.status for q in result.requirements}["coppa/x-parental-consent"] == "missing"
    assert not tool(result, "privacylint/unused-suppression")


def test_range_silences_findings_inside_it_only():
    inside = f"<!-- privacylint-disable gdpr/x-dpo-contact, general/ -->\n\n{WEAK}\n\n<!-- privacylint-enable -->\n"
    result = check("# Notice\n\n" + inside + "\nContact us.\n")
    assert "gdpr/x-dpo-contact" not in {f.rule_id for f in result.findings}
    outside = f"# Notice\n\n{WEAK}\n\n<!-- privacylint-disable gdpr/x-dpo-contact -->\n\nText.\n<!-- privacylint-enable -->\n"
    result = check(outside)
    assert "gdpr/x-dpo-contact" in {f.rule_id for f in result.findings}
    assert tool(result, "privacylint/unused-suppression")


def test_range_without_enable_runs_to_the_end_and_ranges_never_silence_missing():
    result = check(f"# Notice\n\n<!-- privacylint-disable gdpr/, coppa/ -->\n\n{WEAK}\n")
    got = {f.rule_id for f in result.findings}
    assert "gdpr/x-dpo-contact" not in got
    assert "coppa/x-parental-consent" in got  # a missing disclosure needs disable-file
    (unused,) = tool(result, "privacylint/unused-suppression")
    assert "coppa/" in unused.message and unused.position.line == 3


def test_disable_next_line_covers_only_the_next_line():
    text = f"# Notice\n\n<!-- privacylint-disable-next-line gdpr/x-dpo-contact -- DPO is on the imprint -->\n{WEAK}\n"
    assert "gdpr/x-dpo-contact" not in {f.rule_id for f in check(text).findings}
    text = f"# Notice\n\n<!-- privacylint-disable-next-line gdpr/x-dpo-contact -->\nOther.\n\n{WEAK}\n"
    result = check(text)
    assert "gdpr/x-dpo-contact" in {f.rule_id for f in result.findings}
    assert tool(result, "privacylint/unused-suppression")


def test_unknown_rule_ids_and_id_less_suppressions_are_warnings():
    text = "# N\n\n<!-- privacylint-disable-file gdpr/x-dpo-contcat -->\n<!-- privacylint-disable -->\nContact us.\n"
    result = check(text)
    (unknown,) = tool(result, "privacylint/unknown-rule")
    assert unknown.severity == "warning" and unknown.position.line == 3
    assert "did you mean 'gdpr/x-dpo-contact'" in unknown.message
    (invalid,) = tool(result, "privacylint/invalid-suppression")
    assert invalid.position.line == 4


def test_html_comments_work_too():
    text = ("<html><body><h1>Notice</h1>\n<!-- privacylint-disable-file coppa/x-parental-consent -->\n"
            f"<p>{WEAK}</p>\n<!-- privacylint-disable-next-line gdpr/x-dpo-contact -->\n<p>{WEAK}</p>\n</body></html>\n")
    result = check(text, "p.html")
    got = {f.rule_id for f in result.findings}
    assert "coppa/x-parental-consent" not in got
    # the first weak DPO mention (line 3) is the evidence; the comment covers line 5 only
    assert "gdpr/x-dpo-contact" in got and tool(result, "privacylint/unused-suppression")


def test_tool_findings_can_be_ignored_by_config(tmp_path):
    repo = make_repo(tmp_path, {
        ".privacylint.yaml": "ignore: [privacylint/unused-suppression]\n",
        "p.md": "# N\n\n<!-- privacylint-disable-file general/x-contact -->\nContact us.\n",
    })
    assert ids(lint(repo, "p.md")) == ["ccpa/x-opt-out-sale", "coppa/x-parental-consent",
                                        "gdpr/x-dpo-contact"]


# --- out of band ----------------------------------------------------------------------------
SUPPRESSIONS = """suppressions:
  - rule: gdpr/x-dpo-contact
    files: 'site/*.html'
    quote: data protection officer
    reason: The DPO's address is on the imprint page, linked from every page.
    expires: 2030-01-31
  - rule: coppa/
    files: 'site/*.html'
    reason: Not directed to children.
"""
PAGE = f"<h1>Privacy</h1>\n<p>{WEAK}</p>\n<p>Contact us.</p>\n"


def oob_repo(tmp_path, suppressions=SUPPRESSIONS):
    return make_repo(tmp_path, {
        ".privacylint.yaml": "suppressions: policy/suppressions.yaml\n",
        "policy/suppressions.yaml": suppressions,
        "site/index.html": PAGE,
        "other/index.html": PAGE,
    })


def test_out_of_band_suppression_silences_matching_files_only(tmp_path, monkeypatch):
    monkeypatch.setenv("PRIVACYLINT_TODAY", "2030-01-31")
    result = lint(oob_repo(tmp_path), "site", "other")
    assert "gdpr/x-dpo-contact" not in ids(result, "site/index.html")
    assert "coppa/x-parental-consent" not in ids(result, "site/index.html")
    assert {"gdpr/x-dpo-contact", "coppa/x-parental-consent"} <= set(ids(result, "other/index.html"))


def test_quote_must_appear_in_the_finding(tmp_path, monkeypatch):
    monkeypatch.setenv("PRIVACYLINT_TODAY", "2026-01-01")
    repo = oob_repo(tmp_path, SUPPRESSIONS.replace("quote: data protection officer", "quote: chief privacy officer"))
    assert "gdpr/x-dpo-contact" in ids(lint(repo, "site"), "site/index.html")


def test_expired_out_of_band_suppression_stops_working_and_is_reported(tmp_path):
    repo = oob_repo(tmp_path)
    code, out, err = run_cli("check", "site", "--rules", TEST_RULES, "--format", "concise", cwd=repo,
                             env={"PRIVACYLINT_TODAY": "2030-02-01"})
    assert "site/index.html:2:" in out and "gdpr/x-dpo-contact" in out
    line = [l for l in out.splitlines() if "privacylint/expired-suppression" in l]
    assert line and line[0].startswith("policy/suppressions.yaml:2:1: warning")
    assert "expired on 2030-01-31" in line[0]


def test_suppressions_file_errors_give_file_line(tmp_path):
    repo = oob_repo(tmp_path, SUPPRESSIONS.replace("    reason: Not directed to children.\n", ""))
    code, out, err = run_cli("check", "site", "--rules", TEST_RULES, cwd=repo)
    assert_config_error(code, err, "policy/suppressions.yaml:7:")
    assert "'reason' is required" in err
    repo = oob_repo(tmp_path, SUPPRESSIONS.replace("rule: coppa/", "rule: copa/"))
    code, out, err = run_cli("check", "site", "--rules", TEST_RULES, cwd=repo)
    assert_config_error(code, err, "policy/suppressions.yaml:7:")
    assert "did you mean 'coppa/'" in err


def test_today_must_be_a_date(tmp_path):
    code, _, err = run_cli("check", "site", "--rules", TEST_RULES, cwd=oob_repo(tmp_path),
                           env={"PRIVACYLINT_TODAY": "tomorrow"})
    assert_config_error(code, err, "PRIVACYLINT_TODAY")
