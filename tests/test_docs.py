"""docs/rules.md is generated from the rulebook; this fails when someone forgets to regenerate it."""
from pathlib import Path

import linter
from linter import catalog

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_rules_reference_is_current():
    want = catalog.render_markdown([c.rule for c in linter.load_rules()])
    assert DOC.read_text(encoding="utf-8") == want, \
        "docs/rules.md is stale: run `privacylint rules --format markdown > docs/rules.md`"
