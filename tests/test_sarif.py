"""SARIF output: valid against the official 2.1.0 schema and shaped for GitHub code scanning."""
import hashlib
import json
from pathlib import Path

import jsonschema
import pytest

import linter

from linter import api
from linter.formats import sarif
from linter.types import FileResult, Finding, Position, RunResult

from integration_helpers import DATA, POLICY, RULES, make_repo, run_cli

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = DATA / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft4Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def assert_valid(validator, log):
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_vendored_schema_is_the_official_file():
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256
    assert SCHEMA_SHA256 in (DATA / "README.md").read_text(encoding="utf-8")
    jsonschema.Draft4Validator.check_schema(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def test_the_schema_rejects_what_it_should(validator):
    """Guard against a validator that accepts anything."""
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                          "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}
    assert list(validator.iter_errors(bad))


def _sarif(tmp_path, capsys, monkeypatch, *extra):
    policy = make_repo(tmp_path)
    monkeypatch.chdir(policy.parent)  # the uri must not depend on the working directory
    code, out, err = run_cli(["--format", "sarif", *extra, policy.name], capsys)
    return code, json.loads(out), err


def test_cli_sarif_is_schema_valid_and_complete(tmp_path, capsys, monkeypatch, validator):
    code, log, _ = _sarif(tmp_path, capsys, monkeypatch)
    assert code == 1
    assert_valid(validator, log)
    assert log["version"] == "2.1.0" and log["$schema"].startswith("https://")
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert "automationDetails" not in run
    driver = run["tool"]["driver"]
    assert driver["name"] == "privacylint"
    assert driver["version"] == driver["semanticVersion"] == linter.__version__
    assert driver["informationUri"].startswith("https://")
    ran = [c.rule for c in api.load_rules([RULES]) if not c.rule.manual]
    assert [r["id"] for r in driver["rules"]] == [r.id for r in ran]
    rules = {r["id"]: r for r in driver["rules"]}
    dpo = rules["test/dpo"]
    assert dpo["name"] == "ContactDetailsOfTheDataProtectionOfficer"
    assert dpo["shortDescription"]["text"] == "Contact details of the data protection officer"
    assert "GDPR Art. 13(1)(b)" in dpo["fullDescription"]["text"]
    assert "GDPR Art. 13(1)(b)" in dpo["help"]["text"] and "dpo@example.com" in dpo["help"]["text"]
    assert "**GDPR Art. 13(1)(b)**" in dpo["help"]["markdown"]
    assert dpo["helpUri"] == "https://gdpr-info.eu/art-13-gdpr/"
    assert dpo["properties"]["tags"] == ["gdpr", "privacy", "compliance"]
    assert [rules[i]["defaultConfiguration"]["level"] for i in ("test/dpo", "test/retention", "test/children")] \
        == ["error", "warning", "note"]
    assert "helpUri" not in rules["test/retention"]

    results = {r["ruleId"]: r for r in run["results"] if r["ruleId"].startswith("test/")}
    assert set(results) == {"test/dpo", "test/retention", "test/children"}
    for r in run["results"]:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        (loc,) = r["locations"]
        artifact = loc["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": "docs/privacy%20policy.txt", "uriBaseId": "%SRCROOT%"}
        assert "primaryLocationLineHash" not in r["partialFingerprints"]
        assert set(r["partialFingerprints"]) == {sarif.FINGERPRINT_KEY}
    dpo = results["test/dpo"]
    assert dpo["level"] == "error"
    assert dpo["message"]["text"] == \
        "A data protection officer is named but not how to reach them (GDPR Art. 13(1)(b))."
    region = dpo["locations"][0]["physicalLocation"]["region"]
    line = POLICY.splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1:region["endColumn"] - 1] == \
        "Our data protection officer, Ana, works here."
    assert results["test/retention"]["level"] == "warning"
    assert results["test/children"]["level"] == "note"


def test_sarif_is_byte_identical_across_runs(tmp_path, capsys, monkeypatch):
    policy = make_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    first = run_cli(["--format", "sarif", str(policy)], capsys)[1]
    monkeypatch.chdir(policy.parent)
    second = run_cli(["--format", "sarif", policy.name], capsys)[1]
    assert first == second


def _fingerprints(text):
    rules = api.load_rules([RULES], bundled=False)
    result = RunResult((api.lint_text(text, "privacy.txt", rules=rules),), tuple(c.rule for c in rules))
    return {(r["ruleId"], r["partialFingerprints"][sarif.FINGERPRINT_KEY]):
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in sarif.log(result)["runs"][0]["results"]}


def test_fingerprints_survive_an_unrelated_line_inserted_above():
    before = _fingerprints(POLICY)
    after = _fingerprints(POLICY.replace("# Privacy notice\n", "# Privacy notice\n\nWelcome to our notice.\n"))
    assert set(before) == set(after)
    moved = [k for k in before if k[0] in ("test/dpo", "test/retention")]
    assert moved and all(after[k] == before[k] + 2 for k in moved)


def test_fingerprints_change_with_the_evidence():
    before = _fingerprints(POLICY)
    after = _fingerprints(POLICY.replace("Ana, works here", "Bo, works there"))
    changed = {k[0] for k in set(before) ^ set(after)}
    assert changed == {"test/dpo"}


def _finding(rule_id="test/dpo", severity="error", line=3, anchor="same", message="Missing thing"):
    return Finding(rule_id, severity, message, "Art. 1", Position(line, 1, line, 5), anchor, anchor)


def _result(findings, path="privacy.txt"):
    rules = tuple(c.rule for c in api.load_rules([RULES], bundled=False))
    return RunResult((FileResult(path, (), tuple(findings)),), rules)


def test_duplicate_anchors_get_a_counter():
    log = sarif.log(_result([_finding(line=3), _finding(line=9)]))
    prints = [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in log["runs"][0]["results"]]
    assert prints[0].endswith(":1") and prints[1].endswith(":2")
    assert prints[0].rsplit(":", 1)[0] == prints[1].rsplit(":", 1)[0]


def test_results_are_capped_most_severe_first(monkeypatch, validator):
    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    findings = [_finding("test/children", "info", line=1, anchor="a"),
                _finding("test/dpo", "error", line=2, anchor="b"),
                _finding("test/retention", "warning", line=3, anchor="c"),
                _finding("test/children", "info", line=4, anchor="d"),
                _finding("test/dpo", "error", line=5, anchor="e")]
    log = sarif.log(_result(findings))
    assert_valid(validator, log)
    run = log["runs"][0]
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run["results"]]
    assert lines == [2, 3, 5]
    assert run["properties"]["resultsOmitted"] == 2


def test_long_messages_are_cut_to_githubs_limit(validator):
    log = sarif.log(_result([_finding(message="x" * 5000)]))
    assert_valid(validator, log)
    text = log["runs"][0]["results"][0]["message"]["text"]
    assert len(text) == sarif.MAX_MESSAGE and text.endswith("…")


def test_file_outside_any_repository_gets_an_absolute_uri(tmp_path, monkeypatch, validator):
    outside = tmp_path / "elsewhere" / "privacy.txt"
    outside.parent.mkdir()
    outside.write_text(POLICY, encoding="utf-8")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    log = sarif.log(_result([_finding()], path=str(outside)))
    assert_valid(validator, log)
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": outside.resolve().as_uri()}


def test_rule_names():
    assert sarif.rule_name("Right to withdraw consent") == "RightToWithdrawConsent"
    assert sarif.rule_name("Children's data (COPPA)") == "ChildrensDataCOPPA"
    assert sarif.rule_name("Datenschutzbeauftragte:r") == "DatenschutzbeauftragteR"


def test_examples_folder_validates_with_the_bundled_rulebook(capsys, monkeypatch, validator):
    """The closing check of issue 4: SARIF from examples/ against the official schema."""
    from linter import cli

    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "--format", "sarif", "examples/"])
    out, err = capsys.readouterr()
    assert exc.value.code in (0, 1), err
    log = json.loads(out)
    assert_valid(validator, log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert all(u.startswith("examples/") for u in uris)
