"""examples/compliant-privacy-policy.md is the model policy: no finding of any severity."""
from pathlib import Path

import linter

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "compliant-privacy-policy.md"


def test_compliant_example_has_no_findings(monkeypatch):
    # the policy is dated 2 November 2026; pin the run date so the 12-month check stays quiet
    monkeypatch.setenv("PRIVACYLINT_TODAY", "2026-11-22")
    result = linter.lint_paths([str(EXAMPLE)])
    (f,) = result.files
    assert [(x.rule_id, x.severity, x.position.line, x.message) for x in f.findings] == []
    assert not any(r.status in ("missing", "weak") for r in f.requirements)
