"""Markdown front end: normalised prose, headings, comments and an exact map to the source."""

import pytest
from hypothesis import given, settings, strategies as st

from conftest import CORPUS
import contract
from contract import titles
from linter.source.markdown import extract


def check_contract(source: str, e=None):
    return contract.check_contract(source, e or extract(source), collapses_whitespace=False)


def blocks(source):
    return check_contract(source).text.split("\n\n")


def test_line_ends_lf_crlf_cr_give_the_same_text_and_map_breaks_to_their_first_char():
    body = ["Privacy Policy", "==============", "", "We collect your", "name.", "", "- one", "- two"]
    texts = set()
    for end in ("\n", "\r\n", "\r"):
        src = end.join(body)
        e = check_contract(src)
        texts.add(e.text)
        nl = e.text.index("your\n") + 4
        assert e.offsets[nl] == src.index(end + "name")
        assert e.offsets[e.text.index("name")] == src.index("name")
    assert texts == {"Privacy Policy\n\nWe collect your\nname.\n\none\n\ntwo"}


def test_offsets_point_at_each_word():
    src = "# Title #\r\n\r\nSome **bold** and _it_ text\r\n  wrapped [link](http://x.example \"t\") end.\r\n"
    e = check_contract(src)
    assert e.text == "Title\n\nSome bold and it text\nwrapped link end."
    for word in ("Title", "Some", "bold", "it", "text", "wrapped", "link", "end."):
        assert e.offsets[e.text.index(word)] == src.index(word), word
    assert e.offsets[-1] == src.index("end.") + 4


def test_atx_and_setext_headings():
    src = "Main\n====\n\nIntro.\n\nSub title\n---------\n\n### Third ###\n\n####### not a heading\n\n#hashtag"
    e = check_contract(src)
    assert titles(e) == [("Main", 1), ("Sub title", 2), ("Third", 3)]
    assert "====" not in e.text and "---" not in e.text
    assert e.text.endswith("####### not a heading\n\n#hashtag")


def test_setext_heading_over_two_lines_and_heading_offsets():
    src = "Data we\r\ncollect\r\n---\r\ntext"
    e = check_contract(src)
    assert titles(e) == [("Data we\ncollect", 2)]
    assert e.offsets[e.headings[0].start] == 0


def test_emphasis_markers_go_text_stays():
    assert blocks("*a* **b** _c_ __d__ ***e*** ~~f~~") == ["a b c d e f"]
    assert blocks("snake_case_name and 5 * 3 and **unclosed") == ["snake_case_name and 5 * 3 and **unclosed"]
    assert blocks("**bold across\nlines**") == ["bold across\nlines"]


def test_links_images_and_autolinks_keep_their_text():
    src = (
        "See [our *terms*](https://x.example/t \"Terms\"), ![a logo](l.png), "
        "<https://y.example/p> and <dpo@z.example>.\n\n"
        "Ref [the form][f], [f] and [missing][nope].\n\n[f]: https://f.example \"F\"\n"
    )
    assert blocks(src) == [
        "See our terms, a logo, https://y.example/p and dpo@z.example.",
        "Ref the form, f and [missing][nope].",
    ]


def test_link_text_may_span_lines():
    src = "our [Terms\r\nof Service](/terms) apply"
    e = check_contract(src)
    assert e.text == "our Terms\nof Service apply"
    assert e.offsets[e.text.index("of Service")] == src.index("of Service")


def test_code_spans_and_fenced_code():
    src = "Use `npm pack` or ``a`b``.\n\n```js\nsecret = 1\n```\n\n~~~\nx\n~~~\nAfter."
    assert blocks(src) == ["Use npm pack or a`b.", "After."]
    assert blocks("Before\n\n```\nnever closed\n\nstill code") == ["Before"]


def test_lists_nested_ordered_and_continuations():
    src = "Intro:\n- one\n  continued\n    - nested\n* star\n+ plus\n1. first\n2) second\n\n   para in item"
    assert blocks(src) == ["Intro:", "one\ncontinued", "nested", "star", "plus", "first", "second", "para in item"]
    # Only "1." may interrupt a paragraph: a wrapped year stays prose.
    assert blocks("Updated in May\n2018. We collect") == ["Updated in May\n2018. We collect"]


def test_blockquotes():
    assert blocks("> quoted\n> more\n>\n> second\n\nplain\n> starts a quote") == [
        "quoted\nmore", "second", "plain", "starts a quote"
    ]


def test_tables_join_cells_and_drop_the_delimiter_row():
    src = "| Data | Purpose |\r\n|:-----|--------:|\r\n| e-mail &amp; name | `a\\|b` |\r\n|  | empty |\r\n\r\nAfter"
    e = check_contract(src)
    assert e.text.split("\n\n") == ["Data | Purpose", "e-mail & name | a|b", "empty", "After"]
    bar = e.text.index(" | ")
    assert e.offsets[bar] == e.offsets[bar + 3] == src.index("Purpose")


def test_hard_breaks_escapes_and_rules():
    src = "line one  \nline two\\\nline three \\*not em\\* \\q\n\n***\n\n- - -\n\nend"
    e = check_contract(src)
    assert e.text == "line one\nline two\nline three *not em* \\q\n\nend"
    assert e.offsets[e.text.index("*not")] == src.index("*not")


def test_front_matter_is_dropped_only_at_the_top():
    assert blocks("---\ntitle: x\nlayout: page\n---\n\n# Policy") == ["Policy"]
    assert blocks("Text\n\n---\n\nmore") == ["Text", "more"]


def test_entities_decode_to_the_ampersand():
    src = "A&amp;B &copy; it&#39;s &#x41; &bogus; &nbsp;x"
    e = check_contract(src)
    assert e.text == "A&B © it's A &bogus; \xa0x"
    assert e.offsets[e.text.index("'")] == src.index("&#39;")
    assert e.offsets[e.text.index("©")] == src.index("&copy;")


def test_inline_html_tags_dropped_text_kept():
    src = 'We <span class="x">collect</span> data<br>per <a href="/p">policy</a>.'
    assert blocks(src) == ["We collect data\nper policy."]
    assert blocks("<div align=\"center\">\n\nCentered\n\n</div>") == ["Centered"]


def test_comments_are_recorded_and_removed():
    src = "Intro <!-- privacylint-disable gdpr/dpo --> text\r\n<!--\r\nmulti\r\n\r\nline -->\r\nAfter\r\n`<!-- shown -->`"
    e = check_contract(src)
    assert e.text == "Intro  text\n\nAfter\n<!-- shown -->"  # Markdown keeps the spaces around
    assert [c.text for c in e.comments] == ["privacylint-disable gdpr/dpo", "multi\r\n\r\nline"]
    first, second = e.comments
    assert src[first.start : first.end] == "<!-- privacylint-disable gdpr/dpo -->"
    assert src[second.start : second.end].endswith("line -->")
    # a comment line between paragraphs separates them, like an HTML block
    assert blocks("one\n<!-- c -->\ntwo") == ["one", "two"]
    unclosed = check_contract("a\n<!-- never closed\nb")
    assert unclosed.text == "a" and unclosed.comments[0].end == len("a\n<!-- never closed\nb")


def test_empty_and_blank_documents():
    for src in ("", "\n\n", "   \r\n\t", "---\n---\n"):
        e = check_contract(src)
        assert e.text == "" and tuple(e.offsets) == (len(src),)


def test_pathological_markup_keeps_the_contract():
    # thousands of unclosed brackets and emphasis markers (timed in bench/frontends.py)
    check_contract("[" * 20000 + "`" * 3 + "``" + "*_" * 5000 + "](x)")


FRAGMENTS = [
    "# Title", "Title", "===", "---", "- item", "  - nested", "1. one", "2) two", "> quote", ">",
    "| a | b |", "|---|---|", "```", "~~~", "*em*", "**strong**", "_u_", "__uu__", "`code`", "``",
    "[link](http://x.example)", "[ref][r]", "[r]: http://r.example", "[r]", "![alt](i.png)",
    "<https://a.example>", "<a@b.example>", "<b>", "</p>", "<br>", "<!-- c -->", "<!--", "-->",
    "&amp;", "&nbsp;", "&#39;", "&#x27;", "&nope;", "\\*", "\\", "  ", "\t", "word", "snake_case",
    "***", "*", "_", "[", "]", "(", ")", "`", "~~x~~", "2018.", "#", "| x", "é", "",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(["", " ", "\n", "\r\n", "\r", "\n\n"])), max_size=40))
def test_generated_documents_keep_the_contract(parts):
    check_contract("".join(a + b for a, b in parts))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab *_`[]()!<>&#;|\\-=>~\r\n\t", max_size=200))
def test_random_markup_soup_keeps_the_contract(source):
    check_contract(source)


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFG,.'’é", min_size=1, max_size=8)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.lists(WORD, min_size=1, max_size=6), min_size=1, max_size=4), min_size=1, max_size=5),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_plain_prose_is_copied_exactly(paragraphs, end):
    paras = [[" ".join(words) for words in lines] for lines in paragraphs]
    source = (end + end).join(end.join(lines) for lines in paras)
    e = check_contract(source)
    assert e.text == "\n\n".join("\n".join(lines) for lines in paras)
    for i, ch in enumerate(e.text):
        if "\n\n" not in e.text[max(i - 1, 0) : i + 2]:  # not a block separator
            assert source[e.offsets[i]] == (ch if ch != "\n" else end[0])


CORPUS_MD = sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS_MD, reason="the shared corpus (../shared/corpus/dev) is not available")
@pytest.mark.parametrize("path", CORPUS_MD, ids=lambda p: p.name)
def test_corpus_files_keep_the_contract_and_have_headings(path):
    source = path.read_bytes().decode("utf-8-sig")
    e = check_contract(source)
    assert e.headings, "no headings found"
    assert len(e.text) > len(source) // 2


@pytest.mark.skipif(not CORPUS_MD, reason="the shared corpus (../shared/corpus/dev) is not available")
@settings(max_examples=100, deadline=None)
@given(st.data())
def test_slices_of_corpus_files_keep_the_contract(data):
    source = data.draw(st.sampled_from(CORPUS_MD)).read_bytes().decode("utf-8-sig")
    start = data.draw(st.integers(0, len(source)))
    end = data.draw(st.integers(start, min(len(source), start + 3000)))
    check_contract(source[start:end])


def test_front_matter_keeps_only_the_policy_date():
    src = "---\ntitle: Privacy\nlastUpdated: 2 February 2026\nlayout: page\n---\n\nWe collect little.\n"
    e = extract(src)
    assert e.text == "lastUpdated: 2 February 2026\n\nWe collect little."
    assert src[e.offsets[0]:e.offsets[0] + 11] == "lastUpdated"


def test_a_paragraph_of_one_short_bold_line_is_a_heading():
    e = check_contract("# Policy\n\n**Who sees my data?**\n\nOur payment provider.\n\n**Note:** bold in a sentence.\n")
    assert titles(e) == [("Policy", 1), ("Who sees my data?", 6)]


def test_short_lines_in_capitals_are_lowest_level_headings():
    src = "1. OUR PROMISE\n\nWe keep no logs.\n\nWHO WE ARE\n\nExample AG, Zug.\n\n- EMAIL ADDRESS\n- IP ADDRESS\n\nNOT A TITLE BECAUSE IT ENDS WITH A FULL STOP.\n"
    e = extract(src)
    assert [(e.text[h.start:h.end], h.level) for h in e.headings] == [("OUR PROMISE", 6), ("WHO WE ARE", 6)]
    check_contract(src, e)
