"""Custom rulebooks: validate-rules and test-rules, for teams that write their own rules."""
from config_helpers import TEST_RULES, run_cli

OWN = """rules:
  - id: acme/eu-representative
    title: Our EU representative is named
    regulation: gdpr
    citation: "GDPR Art. 27"
    severity: error
    kind: require
    message: The notice does not name our EU representative, Acme EU B.V.
    help: Art. 27 requires a representative in the Union; name Acme EU B.V. and its address.
    present:
      - pattern: '\\bAcme EU B\\.V\\.'
    examples:
      present: ["Our representative in the EU is Acme EU B.V., Amsterdam."]
      missing: ["We have a representative."]
"""


def test_validate_rules_accepts_a_good_rulebook(tmp_path):
    (tmp_path / "own.yaml").write_text(OWN)
    code, out, err = run_cli("validate-rules", "own.yaml", TEST_RULES, cwd=tmp_path)
    assert code == 0, err
    assert "own.yaml: ok, 1 rule" in out and "config-rules.yaml: ok, 4 rules" in out


def test_validate_rules_reports_file_line_and_exits_1(tmp_path):
    (tmp_path / "own.yaml").write_text(OWN.replace("    severity: error\n", "    severity: fatal\n"))
    code, out, err = run_cli("validate-rules", "own.yaml", cwd=tmp_path)
    assert code == 1 and "Traceback" not in err
    assert err.startswith("own.yaml:6: rules/0/severity:"), err


def test_test_rules_runs_the_examples(tmp_path):
    (tmp_path / "own.yaml").write_text(OWN)
    code, out, _ = run_cli("test-rules", "own.yaml", cwd=tmp_path)
    assert code == 0 and "2 examples run, 0 failed" in out
    (tmp_path / "own.yaml").write_text(OWN.replace('missing: ["We have', 'missing: ["Acme EU B.V. is'))
    code, out, _ = run_cli("test-rules", "own.yaml", cwd=tmp_path)
    assert code == 1
    assert "own.yaml:14: acme/eu-representative: missing example 1 is present" in out


def test_rule_commands_take_a_folder_and_the_bundled_files(tmp_path):
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "own.yaml").write_text(OWN)
    code, out, _ = run_cli("test-rules", "team", cwd=tmp_path)
    assert code == 0 and "2 examples run, 0 failed" in out
    # a contributor testing the bundled rulebook itself: its ids do not clash with themselves
    import linter.rulebook as rb
    ccpa = str(rb.bundled_dir() / "ccpa.yaml")
    code, out, err = run_cli("validate-rules", ccpa, cwd=tmp_path)
    assert code == 0 and "ccpa.yaml: ok" in out, err
    (tmp_path / "empty").mkdir()
    code, _, err = run_cli("test-rules", "empty", cwd=tmp_path)
    assert code == 2 and "no rulebook files" in err and "Traceback" not in err
