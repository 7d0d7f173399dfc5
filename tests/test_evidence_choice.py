"""Evidence is chosen, not found first: the sentence that makes the disclosure is quoted."""
import linter


def _req(text: str, rule_id: str, path: str = "policy.md"):
    result = linter.lint_text(text, path)
    return next(r for r in result.requirements if r.rule_id == rule_id)


def test_topical_section_beats_an_earlier_mention():
    text = "\n".join([
        "# Privacy Policy", "",
        "## Keeping your data", "",
        "We may keep some records where we have a legal obligation or a lawful basis to do so.", "",
        "## Legal basis for processing", "",
        "We process your order data on the legal basis that it is necessary to perform our contract with you.",
        "",
    ])
    r = _req(text, "gdpr/legal-basis")
    assert r.status == "present"
    assert r.position.line == 9, r


def test_a_sentence_beats_a_link_label():
    text = "\n".join([
        "# Privacy Policy", "",
        "[Do Not Sell My Personal Information](https://example.com/opt-out)", "",
        "## About us", "",
        "We run a small bicycle shop and this notice explains how we handle data about you.", "",
        "California residents have the right to opt out of the sale of their personal information.",
        "",
    ])
    r = _req(text, "ccpa/opt-out-sale")
    assert r.status == "present"
    assert r.position.line == 9, r


def test_without_a_better_candidate_the_first_mention_stays():
    text = "# Privacy Policy\n\nWe never sell your personal information to anyone.\n\nThanks for reading.\n"
    r = _req(text, "ccpa/opt-out-sale")
    assert r.status == "present" and r.position.line == 3


def test_choice_is_deterministic():
    text = ("# Privacy\n\nYou have the right to opt out of the sale of your data.\n\n"
            "You have the right to opt out of the sale of your data.\n")
    lines = {_req(text, "ccpa/opt-out-sale").position.line for _ in range(3)}
    assert lines == {3}  # equal candidates: the earliest
