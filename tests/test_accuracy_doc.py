"""docs/accuracy.md: every rule measured, and no rule blocks a commit without shown precision.

The measurement itself needs ../shared (regenerate with ``python bench/accuracy.py``); these
checks read the committed result, so they run on any clone."""
import json
import sys

import pytest

import linter

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import accuracy  # noqa: E402

REPORT = json.loads((ROOT / "docs" / "accuracy.json").read_text(encoding="utf-8"))
RULES = linter.load_rules()


def test_every_rule_is_listed():
    assert set(REPORT["rules"]) == {c.rule.id for c in RULES}


def test_markdown_is_rendered_from_the_json():
    assert (ROOT / "docs" / "accuracy.md").read_text(encoding="utf-8") == accuracy.render_markdown(REPORT)


@pytest.mark.parametrize("c", [c for c in RULES if c.rule.severity == "error"], ids=lambda c: c.rule.id)
def test_error_rules_show_their_precision(c):
    measured = REPORT["rules"][c.rule.id]
    assert measured["shows_precision"], (
        f"{c.rule.id} reports at error but its measured precision is {measured['total']['precision']}"
        f" (bar {accuracy.PRECISION_BAR}): lower its severity or fix it and re-run bench/accuracy.py")


def test_recorded_severity_is_current():
    for c in RULES:
        assert REPORT["rules"][c.rule.id]["severity"] == c.rule.severity, c.rule.id


def test_shows_precision_rule():
    assert accuracy.shows_precision({"tp": 9, "fp": 1, "tn": 0})
    assert not accuracy.shows_precision({"tp": 8, "fp": 2, "tn": 50})
    assert accuracy.shows_precision({"tp": 0, "fp": 0, "tn": accuracy.MIN_CHANCES})
    assert not accuracy.shows_precision({"tp": 0, "fp": 0, "tn": accuracy.MIN_CHANCES - 1})
