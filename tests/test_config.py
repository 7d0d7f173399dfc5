"""Configuration: discovery, validation errors, applicability, per-file settings, selection."""
import subprocess
import sys

import pytest

from config_helpers import (TEST_RULES, assert_config_error, ids, lint, make_repo, run_cli,
                            status)
from linter import config
from linter.config import Options

EU = "# Privacy notice\n\nWe have a data protection officer.\n\nContact us at hello@example.com.\n"
KIDS = "# Children's notice\n\nContact us at kids@example.com.\n"


def rules_line():
    return f"rules: ['{TEST_RULES.as_posix()}']\n"


# --- discovery ------------------------------------------------------------------------------
def test_closest_config_wins_and_search_stops_at_the_repository_root(tmp_path):
    (tmp_path / ".privacylint.yaml").write_text("ignore: [general/]\n")  # above the repo root
    repo = make_repo(tmp_path / "repo", {
        ".privacylint.yaml": "ignore: [gdpr/]\n",
        "eu.md": EU,
        "sub/.privacylint.yaml": "ignore: [coppa/]\n",
        "sub/eu.md": EU,
    })
    result = lint(repo)
    assert ids(result, "eu.md") == ["ccpa/x-opt-out-sale", "coppa/x-parental-consent"]
    assert ids(result, "sub/eu.md") == ["ccpa/x-opt-out-sale", "gdpr/x-dpo-contact"]


def test_pyproject_table_is_found_and_a_pyproject_without_it_is_not(tmp_path):
    repo = make_repo(tmp_path, {
        "pyproject.toml": "[tool.privacylint]\nignore = ['coppa/']\n",
        "a/pyproject.toml": "[project]\nname = 'x'\n",
        "a/eu.md": EU,
    })
    assert "coppa/x-parental-consent" not in ids(lint(repo, "a/eu.md"))


def test_yaml_file_wins_over_pyproject_in_the_same_folder(tmp_path):
    repo = make_repo(tmp_path, {
        "pyproject.toml": "[tool.privacylint]\nignore = ['coppa/']\n",
        ".privacylint.yaml": "ignore: [gdpr/]\n",
        "eu.md": EU,
    })
    got = ids(lint(repo, "eu.md"))
    assert "coppa/x-parental-consent" in got and "gdpr/x-dpo-contact" not in got


def test_config_option_overrides_discovery_and_isolated_ignores_files(tmp_path):
    repo = make_repo(tmp_path, {
        ".privacylint.yaml": "ignore: [gdpr/]\n",
        "other.yaml": "ignore: [coppa/]\n",
        "eu.md": EU,
    })
    got = ids(lint(repo, "eu.md", options=Options(config="other.yaml")))
    assert "gdpr/x-dpo-contact" in got and "coppa/x-parental-consent" not in got
    got = ids(lint(repo, "eu.md", options=Options(isolated=True)))
    assert "gdpr/x-dpo-contact" in got and "coppa/x-parental-consent" in got


def test_pyproject_ignore_removes_a_rules_findings(tmp_path):
    """Through the command line, with the bundled rulebook as well."""
    repo = make_repo(tmp_path, {
        "pyproject.toml": f"[tool.privacylint]\nrules = ['{TEST_RULES.as_posix()}']\n"
                          "ignore = ['gdpr/x-dpo-contact']\nregulations = ['all']\n",
        "eu.md": EU,
    })
    code, out, err = run_cli("check", "eu.md", "--isolated", cwd=repo)
    assert "gdpr/x-dpo-contact" not in out  # --isolated: no config, no test rules at all
    code, out, err = run_cli("check", "eu.md", "--rules", TEST_RULES, "--isolated", cwd=repo)
    assert "gdpr/x-dpo-contact" in out
    code, out, err = run_cli("check", "eu.md", cwd=repo)
    assert err == "" and "gdpr/x-dpo-contact" not in out and "coppa/x-parental-consent" in out


# --- applicability ----------------------------------------------------------------------------
def test_regulations_limit_the_laws_but_general_rules_always_run(tmp_path):
    repo = make_repo(tmp_path, {".privacylint.yaml": "regulations: [gdpr]\n", "eu.md": EU + "\nHi.\n"})
    result = lint(repo, "eu.md")
    assert ids(result) == ["gdpr/x-dpo-contact"]
    assert {q.rule_id for q in result.files[0].requirements} == {"gdpr/x-dpo-contact", "general/x-contact"}


def test_per_file_glob_applies_coppa_only_to_the_childrens_notice(tmp_path):
    repo = make_repo(tmp_path, {
        ".privacylint.yaml": "regulations: [gdpr]\n"
                             "per-file:\n"
                             "  'children/*.md':\n"
                             "    regulations: [coppa]\n"
                             "    facts: {directed-to-children: true}\n",
        "eu.md": EU,
        "children/kids.md": KIDS,
    })
    result = lint(repo)
    assert ids(result, "eu.md") == ["gdpr/x-dpo-contact"]
    assert ids(result, "children/kids.md") == ["coppa/x-parental-consent"]


def test_false_fact_makes_a_rule_not_applicable_with_the_reason(tmp_path):
    repo = make_repo(tmp_path, {".privacylint.yaml": "facts: {sells-or-shares: false}\n", "eu.md": EU})
    req = status(lint(repo, "eu.md"), "eu.md", "ccpa/x-opt-out-sale")
    assert req.status == "not-applicable" and "sells-or-shares is false" in req.note


def test_true_unknown_and_established_facts(tmp_path):
    repo = make_repo(tmp_path, {
        "eu.md": EU,
        "ca.md": EU + "\n## California residents\n\nYou have rights.\n",
    })
    def sev(result, path):
        return [f.severity for r in result.files if r.path == path for f in r.findings
                if f.rule_id == "ccpa/x-opt-out-sale"]
    assert sev(lint(repo, "eu.md"), "eu.md") == ["info"]  # unknown: reported as info
    assert sev(lint(repo, "ca.md"), "ca.md") == ["error"]  # the text establishes it
    assert sev(lint(repo, "eu.md", facts={"sells-or-shares": True}), "eu.md") == ["error"]


def test_command_line_wins_over_the_file(tmp_path):
    repo = make_repo(tmp_path, {
        ".privacylint.yaml": "facts: {sells-or-shares: false}\nselect: [gdpr/]\nfail-on: never\n",
        "eu.md": EU,
    })
    result = lint(repo, "eu.md")
    assert ids(result) == ["gdpr/x-dpo-contact"] and not result.failed()
    result = lint(repo, "eu.md", options=Options(select=("ccpa/", "coppa"), facts={"sells-or-shares": True},
                                                 fail_on="error"))
    assert ids(result) == ["ccpa/x-opt-out-sale", "coppa/x-parental-consent"] and result.failed()


# --- selection and severity -------------------------------------------------------------------
def test_select_ignore_by_prefix_and_severity_override(tmp_path):
    repo = make_repo(tmp_path, {
        ".privacylint.yaml": "select: [gdpr, coppa/]\nignore: [coppa/x-parental-consent]\n"
                             "severity: {gdpr/: info, gdpr/x-dpo-contact: warning}\nfail-on: warning\n",
        "eu.md": EU,
    })
    result = lint(repo, "eu.md")
    assert [(f.rule_id, f.severity) for f in result.findings] == [("gdpr/x-dpo-contact", "warning")]
    assert result.failed()
    result = lint(repo, "eu.md", options=Options(severity={"gdpr/x-dpo-contact": "info"}))
    assert [f.severity for f in result.findings] == ["info"] and not result.failed()


def test_extra_rulebooks_are_relative_to_the_config_file(tmp_path):
    repo = make_repo(tmp_path, {
        "policies/.privacylint.yaml": "rules: [../team/rules.yaml]\nselect: [gdpr/x-dpo-contact]\n",
        "team/rules.yaml": TEST_RULES.read_text(),
        "policies/eu.md": EU,
    })
    code, out, err = run_cli("check", "--format", "concise", "eu.md", cwd=repo / "policies")
    assert code == 1 and err == ""
    assert [l.split()[2] for l in out.splitlines() if l.startswith("eu.md:")] == ["gdpr/x-dpo-contact"]


def test_include_and_exclude_globs(tmp_path):
    repo = make_repo(tmp_path, {
        ".privacylint.yaml": "include: ['policies/**']\nexclude: ['**/drafts/**', '*.html']\n",
        "README.md": "# Readme\n",
        "policies/eu.md": EU,
        "policies/page.html": "<p>x</p>",
        "policies/drafts/new.md": EU,
    })
    assert [r.path for r in lint(repo).files] == ["policies/eu.md"]
    # explicit paths follow the same globs (pre-commit passes every changed file)
    assert [r.path for r in lint(repo, "README.md", "policies/eu.md").files] == ["policies/eu.md"]
    got = [r.path for r in lint(repo, options=Options(exclude=("policies/eu.md",))).files]
    assert got == []


# --- errors -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name,text,where,says", [
    ("pyproject.toml", "[tool.privacylint]\nignore = ['a'\nselect = []\n", "pyproject.toml:3:", "invalid TOML"),
    (".privacylint.yaml", "select: [gdpr/\nignore: x\n", ".privacylint.yaml:", "invalid YAML"),
    (".privacylint.yaml", "regulations: [gdpr]\nignor: [gdpr/]\n", ".privacylint.yaml:2:",
     "unknown key 'ignor'; did you mean 'ignore'?"),
    ("pyproject.toml", "[tool.privacylint]\nfail-on = 'error'\n\n[tool.privacylint.per-file.'k/*.md']\nselct = []\n",
     "pyproject.toml:5:", "unknown key 'selct'; did you mean 'select'?"),
    (".privacylint.yaml", "ignore:\n  - gdpr/\n  - gdpr/x-dpo-contcat\n", ".privacylint.yaml:3:",
     "unknown rule id or prefix 'gdpr/x-dpo-contcat'; did you mean 'gdpr/x-dpo-contact'?"),
    (".privacylint.yaml", "per-file:\n  '*.md':\n    select: [nope/]\n", ".privacylint.yaml:3:",
     "unknown rule id or prefix 'nope/'"),
    (".privacylint.yaml", "facts:\n  has-dpp: true\n", ".privacylint.yaml:2:",
     "unknown fact 'has-dpp'; did you mean 'has-dpo'?"),
    (".privacylint.yaml", "regulations: [gdrp]\n", ".privacylint.yaml:1:",
     "unknown regulation 'gdrp'; did you mean 'gdpr'?"),
    (".privacylint.yaml", "fail-on: sometimes\n", ".privacylint.yaml:1:", "fail-on"),
    (".privacylint.yaml", "severity: {gdpr/: fatal}\n", ".privacylint.yaml:1:", "severity/gdpr/"),
])
def test_bad_configuration_exits_2_with_file_line_message(tmp_path, name, text, where, says):
    repo = make_repo(tmp_path, {name: text, "eu.md": EU})
    code, out, err = run_cli("check", "eu.md", "--rules", TEST_RULES, cwd=repo)
    assert_config_error(code, err, where)
    assert says in err


@pytest.mark.parametrize("args,says", [
    (["--select", "gdpr/x-dpo-contcat"], "--select: unknown rule id or prefix 'gdpr/x-dpo-contcat'; did you mean"),
    (["--ignore", "gpdr"], "--ignore: unknown rule id or prefix 'gpdr'"),
    (["--fact", "has-dpo=maybe"], "--fact: has-dpo: expected true, false or unknown"),
    (["--fact", "sells-or-share=true"], "--fact: unknown fact 'sells-or-share'; did you mean 'sells-or-shares'?"),
    (["--regulation", "copa"], "--regulation: unknown regulation 'copa'; did you mean 'coppa'?"),
    (["--regulation", "xyz"], "--regulation: unknown regulation 'xyz'; the rulebook's are all, caloppa, ccpa, coppa,"),
    (["--config", "missing.yaml"], "missing.yaml: configuration file not found"),
])
def test_bad_options_exit_2(tmp_path, args, says):
    repo = make_repo(tmp_path, {"eu.md": EU})
    code, out, err = run_cli("check", "eu.md", "--rules", TEST_RULES, *args, cwd=repo)
    assert_config_error(code, err, says)


def test_validated_config_is_cached_so_jsonschema_is_not_imported(tmp_path):
    repo = make_repo(tmp_path, {".privacylint.yaml": "regulations: [gdpr]\nfail-on: warning\n"})
    code = ("import sys; from pathlib import Path; from linter import config; "
            "config.load(Path('.privacylint.yaml')); print('jsonschema' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True)
    second = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True)
    assert (first.stdout, second.stdout) == ("True\n", "False\n"), first.stderr + second.stderr


def test_schema_is_valid_and_ships_as_package_data():
    import json

    import jsonschema

    jsonschema.Draft202012Validator.check_schema(json.loads(config.SCHEMA.read_text()))
    from conftest import ROOT
    assert '"linter" = ["config.schema.json", "py.typed"]' in (ROOT / "pyproject.toml").read_text()


# --- init and explain -------------------------------------------------------------------------
def test_init_writes_a_valid_starter_and_never_overwrites(tmp_path):
    code, _, err = run_cli("init", "--regulation", "gdpr,coppa", "--fact", "has-dpo=true",
                           "--fact", "sells-or-shares=false", cwd=tmp_path)
    assert code == 0, err
    cfg = config.load(tmp_path / ".privacylint.yaml")
    assert cfg.data["regulations"] == ["gdpr", "coppa"]
    assert cfg.data["facts"] == {"has-dpo": True, "sells-or-shares": False}
    text = (tmp_path / ".privacylint.yaml").read_text()
    assert "# per-file:" in text and "directed-to-children" in text
    code, _, err = run_cli("init", cwd=tmp_path)
    assert_config_error(code, err, ".privacylint.yaml: already exists")
    assert (tmp_path / ".privacylint.yaml").read_text() == text
    code, _, _ = run_cli("init", "--force", cwd=tmp_path)
    assert code == 0 and "\nregulations:" not in (tmp_path / ".privacylint.yaml").read_text()
    assert config.load(tmp_path / ".privacylint.yaml").data == {"fail-on": "error"}


def test_explain_names_the_facts_a_rule_uses(tmp_path):
    code, out, _ = run_cli("explain", "ccpa/x-opt-out-sale", "--rules", TEST_RULES, cwd=tmp_path)
    assert code == 0 and "sells-or-shares" in out
    code, out, _ = run_cli("explain", "general/x-contact", "--rules", TEST_RULES, cwd=tmp_path)
    assert code == 0 and "Facts: none" in out
