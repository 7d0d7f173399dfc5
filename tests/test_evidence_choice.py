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


_LIST_RULE = """
rules:
  - id: test/erasure
    title: Right to erasure
    regulation: gdpr
    citation: "GDPR Art. 17"
    severity: error
    kind: require
    message: No right to erasure
    help: Tell people that they may have their data erased, by request or otherwise.
    present:
      - all: ['\\berase\\b', '\\b(?:right|ask us)\\b']
        within: sentence
    examples:
      present: ["You may ask us to erase your data."]
      missing: ["We erase logs weekly."]
"""


def test_rights_given_as_a_list_under_a_lead_in(tmp_path):
    book = tmp_path / "list.yaml"
    book.write_text(_LIST_RULE, encoding="utf-8")
    rules = linter.load_rules([book], bundled=False)
    text = "\n".join([
        "# Privacy Policy", "",
        "## What you can ask of us", "",
        "Under data protection law you may ask us to:", "",
        "- send you a copy of the information we hold about you;",
        "- erase what we hold once we no longer need it.", "",
        "We erase logs weekly.", "",
    ])
    r = linter.lint_text(text, "p.md", rules=rules).requirements[0]
    assert r.status == "present", r
    assert r.position.line == 8
    alone = "# Privacy Policy\n\nWe erase logs weekly.\n"
    assert linter.lint_text(alone, "p.md", rules=rules).requirements[0].status == "missing"


def test_definition_style_sub_heading_with_its_explanation():
    from linter import source, structure
    text = "# Privacy\n\n### Right of access\n\nYou can ask for a copy of what we hold.\n"
    doc = structure.build("p.md", text, source.extractor("markdown")(text))
    explanation = doc.match_text.index("You can")
    a, b = doc.context("sentence", explanation)
    assert doc.match_text[a:b] == "Right of access\n\nYou can ask for a copy of what we hold."
    a, b = doc.context("sentence", doc.match_text.index("Right of"))
    assert doc.match_text[a:b].endswith("what we hold.")
    # an ordinary paragraph keeps its own sentence
    text2 = "# Privacy\n\nWe are a shop.\n\nYou can ask for a copy.\n"
    doc2 = structure.build("p.md", text2, source.extractor("markdown")(text2))
    i = doc2.match_text.index("You can")
    assert doc2.context("sentence", i) == doc2.unit("sentence", i)


def test_json_lists_further_evidence_in_other_sentences():
    import json
    from linter.formats import json_report
    text = ("# Privacy\n\n## Your choices\n\nYou have the right to opt out of the sale of your data.\n\n"
            "We never sell your personal information.\n\nWe never sell your personal information.\n")
    run = linter.lint_paths(["-"], stdin=text, stdin_filename="p.md")
    item = next(r for r in json.loads(json_report.render(run))["files"][0]["requirements"]
                if r["id"] == "ccpa/opt-out-sale")
    more = item["more_evidence"]
    assert item["line"] == 5 and [m["line"] for m in more] == [7, 9]
    assert all(m["evidence"] == "We never sell your personal information." for m in more)


def test_a_section_addressed_to_the_laws_people_ranks_first():
    text = "\n".join([
        "# Privacy Policy", "",
        "## Your California privacy rights", "",
        "California residents may request access to the personal information we collected about them.", "",
        "## Your rights", "",
        "You may request access to the personal information we hold about you.", "",
    ])
    assert _req(text, "gdpr/right-of-access").position.line == 9  # not the California one
    general_first = "\n".join([
        "# Privacy Policy", "",
        "## Your rights", "",
        "You may request access to the personal information we hold about you.", "",
        "## Your California privacy rights", "",
        "California residents may request access to the personal information we collected about them.", "",
    ])
    assert _req(general_first, "ccpa/right-to-know").position.line == 9


_SECTION_RULE = """
rules:
  - id: test/rights
    title: Rights of access and erasure
    regulation: gdpr
    citation: "GDPR Art. 15, 17"
    severity: error
    kind: require
    message: No rights of access and erasure
    help: Tell people that they may get a copy of their data and have it erased.
    present:
      - all: ['\\bcopy\\b', '\\berase\\b']
        within: section
    examples:
      present: ["You may ask for a copy of your data or ask us to erase it."]
      missing: ["We erase logs weekly."]
"""


def test_sibling_sub_sections_are_read_with_their_parent(tmp_path):
    book = tmp_path / "section.yaml"
    book.write_text(_SECTION_RULE, encoding="utf-8")
    rules = linter.load_rules([book], bundled=False)
    text = "\n".join([
        "# Privacy Policy", "", "Intro text.", "",
        "## Your rights", "",
        "### Right of access", "", "You can ask for a copy of your data.", "",
        "### Right to erasure", "", "You can ask us to erase your data.", "",
        "## Cookies", "", "We erase cookies after a year.", "",
    ])
    assert linter.lint_text(text, "p.md", rules=rules).requirements[0].status == "present"
    apart = text.replace("## Your rights", "## Access").replace("### Right to erasure", "## Erasure")
    assert linter.lint_text(apart, "p.md", rules=rules).requirements[0].status == "missing"


def test_an_html_footer_link_is_not_the_statement():
    # A footer of links reads as prose by its words; the link markup says it is navigation.
    html = "\n".join([
        "<html><body>",
        "<h1>Privacy Policy</h1>",
        "<p>We run a small bicycle shop and this notice explains how we handle data about you.</p>",
        "<p>You may tell us not to sell your personal information, and we will stop within 15 days.</p>",
        '<div><a href="/privacy">Privacy</a></div>',
        '<div><a href="/opt-out">Do not sell or share my personal information</a></div>',
        "</body></html>",
    ])
    r = _req(html, "ccpa/opt-out-sale", "policy.html")
    assert r.status == "present" and r.position.line == 4, r


def test_a_copyright_footer_is_not_the_statement():
    text = "\n".join([
        "# Privacy Policy", "",
        "Copyright © 2024 Example LLC | All rights reserved | Do not sell my personal information", "",
        "## About us", "",
        "You may tell us not to sell your personal information, and we will stop within 15 days.", "",
    ])
    r = _req(text, "ccpa/opt-out-sale")
    assert r.status == "present" and r.position.line == 7, r


def test_a_sentence_addressed_to_another_jurisdiction_ranks_down():
    text = "\n".join([
        "# Privacy Policy", "",
        "## Your rights", "",
        "EEA and UK individuals have the right to obtain a copy of the personal information we hold about them.", "",
        "You have the right to request a copy of the personal information we hold about you.", "",
    ])
    r = _req(text, "ccpa/right-to-know")
    assert r.status == "present" and r.position.line == 7, r


def test_how_to_act_on_a_right_is_not_the_right_itself():
    # the how-to sentence comes first and sits in a section named for the right
    text = "\n".join([
        "# Privacy Policy", "",
        "## Deleting your information", "",
        "To exercise your right to delete, please email privacy@example.com or call 555-0100.", "",
        "You may request that we delete the personal information we collected from you, subject to exceptions.", "",
    ])
    assert _req(text, "ccpa/right-to-delete").position.line == 7
    # for the rule about how to send a request, the how-to sentence is the evidence
    methods = _req(text, "ccpa/request-methods")
    assert methods.status == "present" and methods.position.line == 5, methods


def test_a_sentence_naming_the_laws_people_beats_a_general_one():
    text = "\n".join([
        "# Privacy Policy", "",
        "## Your choices", "",
        "You have the right to request access to the personal information we hold about you.", "",
        "California residents have the right to request access to the personal information we hold about them.", "",
    ])
    r = _req(text, "ccpa/right-to-know")
    assert r.status == "present" and r.position.line == 7, r


def test_an_italic_paragraph_heads_a_sub_section(tmp_path):
    html = "\n".join([
        "<html><body>",
        "<p><strong>State rights</strong></p>",
        "<p><em>Virginia Consumer Data Protection Act</em></p>",
        "<p>The right to delete personal data.</p>",
        "<p><em>California residents</em></p>",
        "<p>The right to request that we delete personal information, subject to exceptions (see below).</p>",
        "</body></html>",
    ])
    r = _req(html, "ccpa/right-to-delete", "policy.html")
    assert r.status == "present" and r.position.line == 6, r


def test_a_section_for_everyone_but_the_laws_people_is_foreign():
    text = "\n".join([
        "# Privacy Policy", "",
        "## For all states except California", "",
        "You have the right to request that we delete your personal data.", "",
        "## Appendix: Mexico", "",
        "You have the right to request that we delete your personal data.", "",
        "## Your rights", "",
        "You may ask us to delete the personal information we collected from you.", "",
    ])
    r = _req(text, "ccpa/right-to-delete")
    assert r.status == "present" and r.position.line == 13, r


def test_an_email_link_is_a_contact_detail_not_navigation():
    html = "\n".join([
        "<html><body>",
        "<p>Harbor Games Ltd., 3 Quay Street, Dublin 2, Ireland, is responsible for your data.",
        'Contact: <a href="mailto:privacy@harbor.example">privacy@harbor.example</a>.</p>',
        "<h2>Your rights</h2>",
        "<p>You can ask us to delete your account from Settings, or by writing to privacy@harbor.example.</p>",
        "</body></html>",
    ])
    r = _req(html, "general/controller-contact", "policy.html")
    assert r.status == "present" and r.position.line in (2, 3), r
    from linter.source import html as front
    assert front.extract(html).links == ()  # a mailto label is the address, not a link label
