"""The two example policies: what a correct linter reports on them (../shared/research/peers.md
§1.0, the project's mini gold standard, refined by the dev-corpus labels for these files)."""
import pytest

import linter

from conftest import ROOT

INMUSIC = ROOT / "examples" / "inmusic-privacy-policy.txt"
ALLEGRO = ROOT / "examples" / "allegro-music-center-privacy-policy.txt"

# rule id -> lines where the evidence may stand (present), or None (must not be present)
EXPECTED = {
    INMUSIC: {
        "general/controller-contact": range(224, 228),
        "gdpr/dpo-contact": [227],
        "gdpr/legal-basis": range(152, 161),
        "gdpr/retention": [168],
        "gdpr/retention-period": None,  # criteria only, and vague; "within 30 days" is a deadline
        "gdpr/data-subject-rights": range(169, 181),
        "gdpr/withdraw-consent": [176],
        "gdpr/complaint-authority": [178],
        "gdpr/transfer-mechanism": [166, *range(215, 222)],
        "coppa/age-threshold": [106, 107],
        "general/marketing-opt-out": [182],
        "general/last-updated": [82],
        "coppa/retention-policy": None,  # deleting an improperly registered child is no retention policy
    },
    ALLEGRO: {
        "general/controller-contact": [7, 11, 117, 118, 119, 174],
        "gdpr/legal-basis": None,
        "gdpr/retention": None,
        "ccpa/opt-out-sale": [17, 92],
        "coppa/age-threshold": [52],
        "general/marketing-opt-out": [111, 113, 115],
        "general/last-updated": [5],
    },
}
CHROME = {INMUSIC: [*range(1, 81), 228, 229, 230]}


@pytest.fixture(scope="module")
def results():
    rules = linter.load_rules()
    return {p: {r.rule_id: r for r in linter.lint_text(p.read_text(encoding="utf-8"), str(p),
                                                       rules=rules).requirements}
            for p in EXPECTED}


@pytest.mark.parametrize("path,rule_id", [(p, r) for p, rows in EXPECTED.items() for r in rows],
                         ids=lambda x: getattr(x, "name", x))
def test_seed_row(results, path, rule_id):
    req = results[path][rule_id]
    lines = EXPECTED[path][rule_id]
    if lines is None:
        assert req.status != "present", (req.position, req.evidence)
    else:
        assert req.status == "present", req
        assert req.position.line in lines, (req.position.line, req.evidence)


@pytest.mark.parametrize("path", list(CHROME), ids=lambda p: p.name)
def test_no_evidence_from_navigation_chrome(results, path):
    for req in results[path].values():
        if req.position is not None:
            assert req.position.line not in CHROME[path], (req.rule_id, req.position.line, req.evidence)
