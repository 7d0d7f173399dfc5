"""Baselines: record today's findings, then report only new ones, whatever moves around them."""
import json

from config_helpers import TEST_RULES, assert_config_error, ids, lint, make_repo, run_cli

POLICY = "# Notice\n\nWe have a data protection officer.\n\nContact us.\n"


def test_baseline_hides_recorded_findings(tmp_path):
    repo = make_repo(tmp_path, {"p.md": POLICY})
    code, out, err = run_cli("check", "p.md", "--isolated", "--regulation", "all", "--rules", TEST_RULES,
                             "--write-baseline", "baseline.json", cwd=repo)
    assert code == 0 and "wrote" in err
    data = json.loads((repo / "baseline.json").read_text())
    assert data["version"] == 1
    assert {e["rule"] for e in data["findings"]} >= {"gdpr/x-dpo-contact", "coppa/x-parental-consent"}
    assert all(e["path"] == "p.md" and ":" in e["fingerprint"] for e in data["findings"])
    code, out, err = run_cli("check", "p.md", "--isolated", "--regulation", "all", "--rules", TEST_RULES,
                             "--baseline", "baseline.json", cwd=repo)
    assert code == 0, out + err
    assert not [l for l in out.splitlines() if l.startswith("p.md:")]


def test_baseline_survives_an_unrelated_edit_above_the_finding(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, {"p.md": POLICY})
    monkeypatch.chdir(repo)  # result paths are relative to the working directory
    before = lint(repo, "p.md")
    from linter import baseline
    baseline.write(before, repo / "b.json")
    (repo / "p.md").write_text("# Notice\n\nAn intro paragraph,\nnow two lines long.\n\n"
                               "We have a   Data Protection Officer.\n\nContact us.\n")
    after = lint(repo, "p.md")
    assert [f.position.line for f in after.findings if f.rule_id == "gdpr/x-dpo-contact"] == [6]
    assert ids(lint(repo, "p.md", baseline=repo / "b.json")) == []


def test_new_findings_are_still_reported(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, {"p.md": "# Notice\n\nContact us.\n"})
    monkeypatch.chdir(repo)
    from linter import baseline
    baseline.write(lint(repo, "p.md"), repo / "b.json")
    (repo / "p.md").write_text(POLICY)  # adds a weak DPO mention
    result = lint(repo, "p.md", baseline=repo / "b.json")
    assert ids(result) == ["gdpr/x-dpo-contact"]
    assert "coppa/x-parental-consent" in {f.rule_id for f in result.files[0].suppressed}


def test_baseline_paths_do_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, {"docs/p.md": POLICY})
    monkeypatch.chdir(repo)
    from linter import baseline
    baseline.write(lint(repo, "docs/p.md"), repo / "b.json")
    assert ids(lint(repo / "docs", "p.md", baseline=repo / "b.json")) == []


def test_baseline_is_written_atomically_and_replaced_whole(tmp_path):
    repo = make_repo(tmp_path, {"p.md": POLICY})
    (repo / "b.json").write_text("old")
    code, _, err = run_cli("check", "p.md", "--isolated", "--regulation", "all", "--rules", TEST_RULES,
                           "--write-baseline", "b.json", cwd=repo)
    assert code == 0, err
    json.loads((repo / "b.json").read_text())
    assert sorted(p.name for p in repo.iterdir()) == [".git", "b.json", "p.md"]  # no temp file left


def test_a_bad_baseline_is_a_usage_error(tmp_path):
    repo = make_repo(tmp_path, {"p.md": POLICY, "b.json": "{\"findings\": 3}"})
    code, _, err = run_cli("check", "p.md", "--baseline", "b.json", cwd=repo)
    assert_config_error(code, err, "b.json:1: not a privacylint baseline")
    code, _, err = run_cli("check", "p.md", "--baseline", "none.json", cwd=repo)
    assert_config_error(code, err, "none.json: baseline not found")
