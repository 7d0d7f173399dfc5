"""Trying a pattern only where its analysis says a match can start finds what a scan finds.

``analysis.anchors`` names the places a match can begin (prefixes, near a digit, line
starts); ``match`` tries the pattern only there.  Each anchored pattern of the bundled
rulebook is checked against a plain scan of the same text.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import linter
from linter import analysis, source, structure
from linter.kinds import match, prefilter

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# digits, line starts, symbols and list markers that the example policies have few of
EXTRA = ("Retention\n\n12 months after 3 years; 30 days, 8 years old, thirteen (13) years.\n"
         "- to delete your data\n* Right to know: the categories\n1. Access to your data\n"
         "$5 or 10% off; Contact: privacy@example.com, +1 (555) 010-0199.\n"
         "Acme, Inc. and Widget GmbH receive your data.\n1234 AB Amsterdam\n"
         # e-mail addresses where their runs begin and end oddly (see analysis.run_before)
         "@start, a@b, x.y+z@mail-1.example.co.uk; ..dots..@example.org (first.last@EXAMPLE.COM)\n"
         "two@@example.com, name @ example.com, trailing@, mid-word@x.io@y.io and @@@.\n")


def _docs():
    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix in (".md", ".txt", ".html"):
            text = path.read_text(encoding="utf-8")
            yield path.name, structure.build(str(path), text, source.extractor(source.format_for(str(path)))(text))
    yield "extra", structure.build("extra.txt", EXTRA, source.extractor("plain")(EXTRA))


@pytest.fixture(scope="module")
def anchored():
    found = prefilter.patterns_of(linter.load_rules()).values()
    return [p for p in found if p.anchored and not p.bounded]


@pytest.mark.parametrize("name,doc", list(_docs()), ids=lambda x: x if isinstance(x, str) else "")
def test_anchored_scan_finds_what_a_full_scan_finds(name, doc, anchored):
    ix = match.doc_index(doc)
    assert ix is not None
    text = doc.match_text
    for p in anchored:
        expected = [m.span() for m in p.finditer(text)]
        assert match.spans_from_starts(ix, p) == expected, p.source[:80]


@pytest.mark.parametrize("name,doc", list(_docs())[-2:], ids=lambda x: x if isinstance(x, str) else "")
def test_first_match_in_a_sentence_is_the_search(name, doc, anchored):
    text = doc.match_text
    sentences = sorted({doc.unit("sentence", i) for i in range(0, len(text), 97)})
    for p in anchored:
        for a, b in sentences:
            m = match.first(doc, p, a, b)
            expected = p.search(text, a, b)
            assert (m and m.span()) == (expected and expected.span()), p.source[:80]


@pytest.mark.parametrize("pattern,prefixes,reach,line", [
    (r"\b(?:\d+|one|two)\s*days?", ("one", "two"), 0, False),  # a digit or a number word
    (r"\b(?:1[0-9]|[89]|thirteen)\s+years", ("thirteen",), 0, False),
    (r"(?:^|\n)[ *-]*to delete", ("\n ", "\n*", "\n-", "\nto"), None, True),
    (r"(?:\b(?:you may|or)|,)\s+have", (",", "or", "you"), None, False),
    (r"\$\d+", ("$",), None, False),
    (r"\b\d{1,4} (?-i:[A-Z])\w+", None, 0, False),
    (r"\b\w+ may use", None, None, False),  # a word of any letters: no anchor
    (r"\b(?:a|bc)\w", None, None, False),  # one letter is no anchor
])
def test_anchors_of_patterns(pattern, prefixes, reach, line):
    found = analysis.anchors(pattern, 2)
    assert (found[0], found[2], found[3]) == (prefixes, reach, line)


def test_capital_letter_property_is_read_through_its_translation():
    info = analysis.analyse(r"\b\d{4,5} (?-i:\p{Lu})[\w-]+ (?:tel|phone)")
    assert info[6] == 0 and info[0] == ("phone", "tel")


@pytest.mark.parametrize("pattern,after", [
    (r"\b(?!you\b|users?\b)\w+ (?:may |will )*(?:use|process)\b", ("may", "process", "use", "will")),
    (r"\b\w+ (?:shares?|sells?) your", ("sell", "share")),
    (r"\w+ use", None),  # no \b: the match may start inside a word
    (r"\b\w+use", None),  # no space after the word
    (r"\b\w{2,5} use", None),  # a bounded word: not the whole run of word characters
])
def test_patterns_that_begin_with_a_word_start_at_the_word_before_a_prefix(pattern, after):
    assert analysis.after_word(pattern, 2) == after


@pytest.mark.parametrize("pattern,run", [
    (r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[a-z]{2,}", (r"[\w.+-]", "@")),  # an e-mail address
    (r"(?<![\]x])[\]x]+y", (r"[\]x]", "y")),  # a "]" inside the class
    (r"[\w.+-]+@x", None),  # no look-behind: a match may start inside the run
    (r"(?<![\w])[\w.+-]+@x", None),  # a look-behind of another class
    (r"(?<![a@])[a@]+@", None),  # the literal is in the class: the run does not end there
    (r"(?<![\w.])[\w.]{2,5}@", None),  # a bounded run: it may start inside a longer one
])
def test_patterns_that_begin_with_a_run_start_where_the_run_before_the_literal_starts(pattern, run):
    assert analysis.run_before(pattern, 2) == run


def test_the_e_mail_pattern_is_tried_only_where_an_address_begins():
    doc = structure.build("extra.txt", EXTRA, source.extractor("plain")(EXTRA))
    email = next(p for p in prefilter.patterns_of(linter.load_rules()).values()
                 if analysis.run_before(p.source, 2) is not None)
    ix = match.doc_index(doc)
    starts = ix.starts(email)
    assert 0 < len(starts) <= EXTRA.count("@")
    assert match.spans_from_starts(ix, email) == [m.span() for m in email.finditer(doc.match_text)]
