"""Fuzzing the readers of untrusted input: the three front ends, the YAML readers and the
baseline reader.  Whatever the input, they return a result or raise the documented
``UserError``; positions stay inside the file; the same input gives the same output.

Examples and sizes are bounded so the whole module takes well under a minute in CI.
"""
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import linter
from linter import baseline, config, formats, rulebook, suppress, yamlsource
from linter.errors import UserError
from linter.types import RunResult

RULES = linter.load_rules()
FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text that reaches the interesting paths: markup, entities, line ends, words rules look for.
_PIECES = ["<", ">", "</p>", "<p>", "<h2>", "<!--", "-->", "<script>", "&amp;", "&#x1F600;", "&",
           "#", "## ", "* ", "1. ", "|", "---", "===", "`", "[", "](", ")", "\n", "\r\n", "\r",
           "\t", " ", "\u00a0", "\ufeff", "\u2028", "Privacy Policy", "data protection officer",
           "dpo@example.com", "Last updated: 2024-02-30", "California", "sell", "ſ", "İ", "é"]
policy_text = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=40).map("".join)


def _assert_inside(text: str, result) -> None:
    lines = text.splitlines() or [""]
    for item in list(result.findings) + [r for r in result.requirements if r.position]:
        pos = item.position
        assert 1 <= pos.line <= pos.end_line <= len(lines) + 1, (pos, len(lines))
        assert pos.column >= 1 and pos.end_column >= 1


@pytest.mark.parametrize("name", ["policy.txt", "policy.md", "policy.html"])
@FUZZ
@given(text=policy_text)
def test_front_ends_never_crash_and_stay_inside_the_file(name, text):
    result = linter.lint_text(text, name, rules=RULES)
    _assert_inside(text, result)
    again = linter.lint_text(text, name, rules=RULES)
    run = RunResult((result,), tuple(c.rule for c in RULES))
    assert formats.render("json", run) == formats.render("json", RunResult((again,), run.rules))


_YAML_PIECES = ["a: ", "- ", "&x ", "*x", "[", "]", "{", "}", ": ", "\n", "  ", "!!binary ",
                "!!timestamp ", "2027-02-30", "2027-13-01", "? ", "|", ">", "'", '"', "#", "\x00",
                "rules:", "suppressions:", "facts:", "has-dpo: ", "true", "null", "~", "<<: *x"]
yaml_text = st.lists(st.one_of(st.sampled_from(_YAML_PIECES), st.text(max_size=6)), max_size=30).map("".join)


@FUZZ
@given(text=yaml_text)
def test_yaml_reader_raises_only_user_errors(text):
    try:
        yamlsource.load(text, "f.yaml")
    except UserError as exc:
        assert str(exc).startswith("f.yaml:") and "\n" not in str(exc)


@FUZZ
@given(text=yaml_text)
def test_configuration_reader_raises_only_user_errors(tmp_path, text):
    f = tmp_path / ".privacylint.yaml"
    f.write_text(text, encoding="utf-8")
    try:
        cfg = config.load(f)
        config.check_names(cfg, RULES)
    except UserError:
        pass


@FUZZ
@given(text=yaml_text)
def test_suppressions_reader_raises_only_user_errors(tmp_path, text):
    f = tmp_path / "s.yaml"
    f.write_text(text, encoding="utf-8")
    try:
        suppress.load_entries(f, [c.rule.id for c in RULES])
    except UserError:
        pass


@FUZZ
@given(text=yaml_text)
def test_rulebook_validator_raises_only_user_errors(text):
    try:
        rulebook.validate_text(text, "team.yaml")
    except UserError as exc:
        assert str(exc).startswith("team.yaml:")


_JSON_PIECES = ['{"version": 1, "findings": [', "]", "}", "{", '"path": ', '"fingerprint": ', '"a"',
                "1", "null", "[", ",", '"', "\\u0000", "1e999", "true"]
baseline_bytes = st.one_of(
    st.lists(st.sampled_from(_JSON_PIECES), max_size=30).map(lambda p: "".join(p).encode()),
    st.binary(max_size=40))


@FUZZ
@given(data=baseline_bytes)
def test_baseline_reader_raises_only_user_errors(tmp_path, data):
    f = Path(tmp_path) / "b.json"
    f.write_bytes(data)
    try:
        known = baseline.read(f)
    except UserError as exc:
        assert "\n" not in str(exc)
    else:
        assert all(isinstance(p, str) and isinstance(fp, str) for p, fp in known)
