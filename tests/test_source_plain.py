"""Plain-text front end: blocks, headings and an exact map back to the stored file."""
from hypothesis import given, strategies as st

from linter.source import plain


def _check_contract(source: str) -> None:
    e = plain.extract(source)
    assert len(e.offsets) == len(e.text) + 1
    assert list(e.offsets) == sorted(e.offsets)
    for i, ch in enumerate(e.text):
        if ch != "\n":
            assert source[e.offsets[i]] == ch


def test_line_ends_lf_crlf_cr_give_the_same_text():
    body = ["Privacy Policy", "", "We collect your name.", "We keep it for a year."]
    texts = {end: plain.extract(end.join(body)).text for end in ("\n", "\r\n", "\r")}
    assert len(set(texts.values())) == 1
    assert "\r" not in texts["\r\n"]


def test_headings_by_shape():
    e = plain.extract("YOUR RIGHTS\nYou may ask for a copy of your data.\nHow We Use Information\nWe use it.")
    titles = [(e.text[h.start:h.end], h.level) for h in e.headings]
    assert titles == [("YOUR RIGHTS", 1), ("How We Use Information", 2)]


def test_wrapped_lines_join_one_paragraph_and_sentence_ends_split():
    e = plain.extract("We collect your name and\nyour address when you order.\nWe keep it.\n")
    assert e.text == "We collect your name and\nyour address when you order.\n\nWe keep it."


def test_bullets_are_blocks_without_their_marker():
    src = "We collect:\n  • your name\n  • your e-mail address\n"
    e = plain.extract(src)
    assert e.text.split("\n\n") == ["We collect:", "your name", "your e-mail address"]
    _check_contract(src)


@given(st.lists(st.sampled_from([
    "Privacy Policy", "", "  • item one", "We keep data.", "wrapped line without end",
    "CONTACT US", "Email: a@b.example", "\t", "1. Who We Are", "[B]Bold Title[/B]",
]), max_size=30), st.sampled_from(["\n", "\r\n", "\r"]))
def test_offsets_point_at_the_same_characters(lines, end):
    _check_contract(end.join(lines))


def test_roman_numbered_sentence_case_titles_are_headings():
    # notices translated from German number their sections "I.", "II.", ... in sentence case
    from linter.source.plain import heading_level
    assert heading_level("VIII. Rights of the affected person") == 2
    assert heading_level("II. Name and address of the data protection officer") == 2
    assert heading_level("IV) Storage duration") == 2
    # not headings: a sentence, a lower-case start, a label ending in a colon, a pronoun "I"
    assert heading_level("II. We keep your data for as long as we need it.") == 0
    assert heading_level("V. please write to us") == 0
    assert heading_level("III. Contact details:") == 0
    assert heading_level("I think this policy is fine") == 0


def test_underlined_titles_are_headings_and_rulers_are_not_text():
    src = ("Data Statement\n==============\n\nYour rights\n-----------\nYou may ask for a copy.\n\n"
           "We keep logs\n----------\n\nfor a year.\n")
    e = plain.extract(src)
    titles = [(e.text[h.start:h.end], h.level) for h in e.headings]
    assert titles == [("Data Statement", 1), ("Your rights", 2), ("We keep logs", 2)]
    assert "---" not in e.text and "===" not in e.text
    assert "You may ask for a copy." in e.text.split("\n\n")
    _check_contract(src)


def test_a_ruler_under_a_wrapped_paragraph_does_not_make_a_heading():
    e = plain.extract("We collect your name and\nyour address when you order\n------\nMore text.\n")
    assert e.headings == ()
