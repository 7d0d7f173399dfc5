"""Issue 10: dead transfer mechanisms judged by date, --as-of, UK GDPR and the state rulebooks."""
import json
from pathlib import Path

from config_helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
INMUSIC = ROOT / "examples" / "inmusic-privacy-policy.txt"
COMPLIANT = ROOT / "examples" / "compliant-privacy-policy.md"
RULE = "gdpr/outdated-transfer-mechanism"


def _status(tmp_path, path, *extra):
    code, out, err = run_cli("check", path, "--isolated", "--select", RULE, "--format", "json", *extra,
                             cwd=tmp_path)
    assert code in (0, 1), err
    (req,) = json.loads(out)["files"][0]["requirements"]
    return req


def test_inmusic_privacy_shield_reliance_is_found_beside_model_clauses(tmp_path):
    req = _status(tmp_path, INMUSIC)
    assert req["status"] == "weak" and req["line"] == 219
    assert "may rely on the EU-US Privacy Shield" in req["evidence"] and "Privacy Shield" in req["note"]


def test_old_clauses_found_dpf_accepted_history_ignored(tmp_path):
    cases = {
        "old.md": ("We rely on the standard contractual clauses of Commission Decision 2010/87/EU.\n", "weak"),
        "dpf.md": ("Our US processors are certified under the EU-U.S. Data Privacy Framework.\n", "present"),
        "past.md": ("We no longer rely on the Privacy Shield; we use the Data Privacy Framework.\n", "present"),
    }
    for name, (text, want) in cases.items():
        (tmp_path / name).write_text(text)
        assert _status(tmp_path, name)["status"] == want, name


def test_as_of_judges_the_policy_on_that_day(tmp_path):
    (tmp_path / "p.md").write_text("Transfers rest on the EU-US Privacy Shield.\n")
    assert _status(tmp_path, "p.md", "--as-of", "2019-06-01")["status"] == "present"
    assert _status(tmp_path, "p.md", "--as-of", "2020-07-16")["status"] == "weak"
    code, _, err = run_cli("check", "p.md", "--isolated", "--as-of", "2020-02-30", cwd=tmp_path)
    assert code == 2 and err.startswith("privacylint: error: --as-of:") and "Traceback" not in err


def test_rule_in_force_later_is_not_applicable_before(tmp_path):
    (tmp_path / "p.md").write_text("We take privacy seriously.\n")
    code, out, _ = run_cli("check", "p.md", "--isolated", "--select", "us-ct/llm-training", "--format",
                           "json", "--as-of", "2026-06-30", cwd=tmp_path)
    (req,) = json.loads(out)["files"][0]["requirements"]
    assert req["status"] == "not-applicable" and "2026-07-01" in req["note"]


def test_uk_gdpr_runs_the_uk_rules(tmp_path):
    code, out, err = run_cli("check", COMPLIANT, "--isolated", "--regulation", "uk-gdpr", "--format", "json",
                             cwd=tmp_path, env={"PRIVACYLINT_TODAY": "2026-11-22"})
    ids = {r["id"] for r in json.loads(out)["files"][0]["requirements"]}
    assert {"uk-gdpr/complaint-ico", "uk-gdpr/complaint-process", "uk-gdpr/uk-representative"} <= ids
    # B1: the UK GDPR keeps the EU Art. 13/14 list, so a UK team's selection runs it too
    assert {"gdpr/complaint-authority", "gdpr/legal-basis"} <= ids
    assert not any(i.startswith(("ccpa/", "coppa/", "caloppa/")) for i in ids)


def test_misspelt_or_empty_regulation_exits_2(tmp_path):
    code, _, err = run_cli("check", COMPLIANT, "--isolated", "--regulation", "uk-gdrp", cwd=tmp_path)
    assert code == 2 and "did you mean 'uk-gdpr'?" in err
    code, _, err = run_cli("check", COMPLIANT, "--isolated", "--regulation", ",", cwd=tmp_path)
    assert code == 2 and err.startswith("privacylint: error: --regulation:")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".privacylint.yaml").write_text("regulations: []\n")
    (tmp_path / "p.md").write_text("Hello.\n")
    code, _, err = run_cli("check", "p.md", cwd=tmp_path)
    assert code == 2 and "regulations" in err and "Traceback" not in err


def test_rules_lists_and_explain_shows_the_new_laws(tmp_path):
    code, out, _ = run_cli("rules", cwd=tmp_path)
    for reg in ("uk-gdpr", "us-states", "us-tx", "us-ct", "shine-the-light"):
        assert f" {reg} " in out, reg
    code, out, _ = run_cli("explain", "uk-gdpr/complaint-process", cwd=tmp_path)
    assert code == 0 and "DPA 2018 s 164A" in out and "In force: from 2026-06-19" in out and "Model wording" in out
