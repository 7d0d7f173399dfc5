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
    reqs = {r["id"]: r for r in json.loads(out)["files"][0]["requirements"]}
    assert {"uk-gdpr/complaint-ico", "uk-gdpr/complaint-process", "uk-gdpr/uk-representative"} <= set(reqs)
    # the EU duties that still hold run, with their UK citations; those the UK changed do not
    assert {"gdpr/dpo-contact", "gdpr/legal-basis", "gdpr/right-of-access"} <= set(reqs)
    assert not {"gdpr/complaint-authority", "gdpr/automated-decisions", "gdpr/eu-representative",
                "gdpr/transfer-mechanism"} & set(reqs)
    assert all(r["citation"].startswith("UK GDPR") for i, r in reqs.items() if i.startswith("gdpr/"))
    assert "Art. 6(1)(ea)" in reqs["gdpr/legal-basis"]["citation"]


def test_eu_citation_when_gdpr_is_selected_too(tmp_path):
    code, out, err = run_cli("check", COMPLIANT, "--isolated", "--regulation", "gdpr,uk-gdpr", "--format", "json",
                             "--select", "gdpr/dpo-contact", cwd=tmp_path)
    (req,) = json.loads(out)["files"][0]["requirements"]
    assert req["citation"].startswith("GDPR Art. 13(1)(b)")


def test_a_state_runs_the_core_duties_it_shares(tmp_path):
    code, out, err = run_cli("rules", "--regulation", "us-ut", "--format", "json", cwd=tmp_path)
    rows = {r["id"]: r for r in json.loads(out)}
    # Utah's law has no appeal right and no profiling opt-out
    assert "us-states/consumer-rights" in rows and "us-states/appeal" not in rows
    assert "us-states/profiling-opt-out" not in rows
    assert rows["us-states/consumer-rights"]["citation"].startswith("Utah Code §13-61-302")
    code, out, err = run_cli("rules", "--regulation", "us-va", "--format", "json", cwd=tmp_path)
    assert "Va. Code §59.1-578(C)(3)" in {r["id"]: r for r in json.loads(out)}["us-states/appeal"]["citation"]
    policy = tmp_path / "p.md"
    policy.write_text("## Notice for Virginia residents\n\nYou may delete your data. If we refuse, you"
                      " may appeal.\n", encoding="utf-8")
    code, out, err = run_cli("check", str(policy), "--isolated", "--regulation", "us-va", "--format", "json",
                             cwd=tmp_path)
    data = json.loads(out)["files"][0]
    status = {r["id"]: r["status"] for r in data["requirements"]}
    assert status["us-states/appeal"] == "weak" and "us-tx/sale-notices" not in status
    appeal = [f for f in data["findings"] if f["rule"] == "us-states/appeal"]
    # a section addressed to Virginia residents establishes the law: a real warning, not an info note
    assert appeal[0]["severity"] == "warning" and appeal[0]["citation"].startswith("Va. Code")
    code, out, err = run_cli("explain", "us-states/appeal", cwd=tmp_path)
    assert "Also under us-va: Va. Code §59.1-578(C)(3)" in out and "In force: from 2023-01-01" in out


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


def _req(tmp_path, text, rule, *extra):
    policy = tmp_path / "p.md"
    policy.write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", str(policy), "--isolated", "--select", rule, "--format", "json", *extra,
                             cwd=tmp_path)
    data = json.loads(out)["files"][0]
    (req,) = data["requirements"]
    return req, data["findings"]


def test_minors_opt_in_has_its_own_fact(tmp_path):
    text = "We may share personal information of users under 16 with advertising partners.\n"
    req, _ = _req(tmp_path, text, "ccpa/minor-opt-in", "--fact", "sells-or-shares=true",
                  "--fact", "sells-shares-under16=false")
    assert req["status"] == "not-applicable"
    req, findings = _req(tmp_path, text, "ccpa/minor-opt-in", "--fact", "sells-or-shares=false")
    assert req["status"] == "missing" and findings[0]["severity"] == "warning"


def test_gpc_answer_counts_as_a_response_to_browser_signals(tmp_path):
    # CalOPPA (b)(5) "or other mechanisms", as the labelling convention reads it
    text = "We collect data across other websites.\n\nWe honor the Global Privacy Control signal as an opt-out.\n"
    req, findings = _req(tmp_path, text, "caloppa/do-not-track")
    assert req["status"] == "present" and not findings
    req, findings = _req(tmp_path, "We collect data across other websites.\n\nYour browser may offer a Do Not Track setting.\n",
                         "caloppa/do-not-track")
    assert req["status"] == "weak"


def test_children_recipients_need_identities(tmp_path):
    base = "Our site is directed to children.\n\n"
    req, _ = _req(tmp_path, base + "Service providers receive children's usernames only to host the site.\n",
                  "coppa/third-parties")
    assert req["status"] == "weak"
    req, _ = _req(tmp_path, base + "CloudHost Inc. receives children's usernames only to host the site.\n",
                  "coppa/third-parties")
    assert req["status"] == "present"


def test_state_duty_judged_by_its_effective_date(tmp_path):
    text = "## Minnesota residents\n\nYou may delete your data.\n"
    req, _ = _req(tmp_path, text, "us-mn/retention-policy", "--as-of", "2025-07-30")
    assert req["status"] == "not-applicable" and "2025-07-31" in req["note"]
    req, findings = _req(tmp_path, text, "us-mn/retention-policy", "--as-of", "2025-07-31")
    assert req["status"] == "missing" and findings[0]["severity"] == "warning"
