"""HTML front end: normalised prose, headings, comments and an exact map to the source."""
import re

import pytest
from hypothesis import given, settings, strategies as st

from conftest import CORPUS, ROOT
import contract
from contract import titles
from linter.source.html import extract


def check_contract(source: str, e=None):
    return contract.check_contract(source, e or extract(source), collapses_whitespace=True)


def blocks(source):
    return check_contract(source).text.split("\n\n")


def test_line_ends_lf_crlf_cr_collapse_to_spaces_at_their_first_char():
    for end in ("\n", "\r\n", "\r"):
        src = f"<p>We collect{end}   your name{end}</p>{end}<p>Second</p>"
        e = check_contract(src)
        assert e.text == "We collect your name\n\nSecond"
        assert e.offsets[e.text.index(" your")] == src.index(end + "   your")
        assert e.offsets[e.text.index("your")] == src.index("your")
        assert e.offsets[e.text.index("Second")] == src.index("Second")


def test_offsets_after_several_lines_with_cr_only():
    # The parser counts lines by "\n" only; positions must still be exact.
    src = "<html>\r<body>\r<h1>Title</h1>\r<p>one\rtwo &amp; three</p>\r</body></html>"
    e = check_contract(src)
    assert e.text == "Title\n\none two & three"
    for word in ("Title", "one", "two", "three"):
        assert e.offsets[e.text.index(word)] == src.index(word), word
    assert e.offsets[e.text.index("&")] == src.index("&amp;")
    assert e.offsets[-1] == src.index("three") + 5


def test_text_broken_across_inline_tags_keeps_each_offset():
    src = "<p>Data <b>Pro</b><i>tec</i>tion\n  <a href='x'>Officer</a> .</p>"
    e = check_contract(src)
    assert e.text == "Data Protection Officer ."
    for part in ("Pro", "tec", "tion", "Officer"):
        assert e.offsets[e.text.index(part)] == src.index(part), part


def test_entities_named_decimal_hex_and_unknown():
    src = "<p>A&amp;B &copy;&#169;&#xA9; it&#39;s &nope; &lt;tag&gt; a&nbsp;&nbsp;b AT&T</p>"
    e = check_contract(src)
    assert e.text == "A&B ©©© it's &nope; <tag> a b AT&T"
    assert e.offsets[e.text.index("'")] == src.index("&#39;")
    assert e.offsets[e.text.index("©") + 2] == src.index("&#xA9;")
    assert e.offsets[e.text.index("<")] == src.index("&lt;")


def test_headings_and_their_levels():
    src = "<H1>Privacy <EM>Policy</EM></H1><h3 id=x>\n  Your rights\n</h3><p>text</p><h2><p>Inner</p></h2>"
    e = check_contract(src)
    assert titles(e) == [("Privacy Policy", 1), ("Your rights", 3), ("Inner", 2)]
    assert e.offsets[e.headings[1].start] == src.index("Your")


def test_unclosed_heading_ends_at_the_next_block():
    e = check_contract("<h2>Contact<p>Write to us.</p>")
    assert titles(e) == [("Contact", 2)]
    assert e.text == "Contact\n\nWrite to us."


def test_blocks_lists_and_breaks():
    src = "<div>one<p>two<ul><li>a<li>b</ul>three<br>four<br/>five</div><section>six</section>"
    assert blocks(src) == ["one", "two", "a", "b", "three\nfour\nfive", "six"]


def test_tables_become_rows_of_cells():
    src = "<table><tr><th>Data</th><th> Purpose </th></tr>\n<tr><td>e-mail</td><td></td><td>login</td></tr></table>"
    e = check_contract(src)
    assert e.text == "Data | Purpose\n\ne-mail | login"
    bar = e.text.index(" | ")
    assert e.offsets[bar] == src.index("Purpose")


def test_skipped_elements():
    src = (
        "<head><title>Page title</title><style>p{}</style></head><body><script>var a='<p>x</p>'</script>"
        "<noscript>Enable JS</noscript><template><p>t</p></template><p>Kept</p></body>"
    )
    assert blocks(src) == ["Kept"]
    assert blocks("<title>Unclosed<body><p>Text</p>") == ["Text"]


def test_pre_keeps_line_breaks():
    src = "<pre>line  one\r\nline two</pre>"
    e = check_contract(src)
    assert e.text == "line one\nline two"
    assert e.offsets[e.text.index("\n")] == src.index("\r\n")


def test_comments_are_recorded_not_shown():
    src = "<p>a<!-- privacylint-disable gdpr/dpo -->b</p>\n<!--\nmulti\n-->\n<p>c</p><!-- open"
    e = check_contract(src)
    assert e.text == "ab\n\nc"
    assert [c.text for c in e.comments] == ["privacylint-disable gdpr/dpo", "multi", "open"]
    assert src[e.comments[0].start : e.comments[0].end] == "<!-- privacylint-disable gdpr/dpo -->"
    assert e.comments[2].end == len(src)


def test_real_world_mess_never_raises():
    for src in (
        "<P>Unclosed<P>Second</p></p></div></li></td><LI>item",
        "</b></i>stray end tags<br></br>",
        "<p>bad < less than & amp <a href=\"x>broken attr</a>",
        "<table><td>cell without row<td>two</table>text",
        "<![CDATA[x]]><?php echo 1 ?><!DOCTYPE html><p>ok",
        "&", "<", "<!--", "<!---->", "<h1></h1><h2> </h2>", "",
    ):
        check_contract(src)


def test_empty_documents():
    for src in ("", "<html><head></head><body> \n </body></html>", "<!-- only -->"):
        e = check_contract(src)
        assert e.text == ""


FRAGMENTS = [
    "<p>", "</p>", "<P>", "<div>", "</div>", "<h1>", "</h1>", "<h3 class='x'>", "</h3>", "<li>", "</li>",
    "<ul>", "</ul>", "<table>", "<tr>", "<td>", "</td>", "<th>", "</tr>", "<br>", "<br/>", "<hr>",
    "<b>", "</b>", "<a href=\"x\">", "</a>", "<span>", "</span>", "<pre>", "</pre>", "<script>",
    "</script>", "<style>", "</style>", "<title>", "</title>", "<body>", "<!-- c -->", "<!--", "-->",
    "&amp;", "&nbsp;", "&#39;", "&#x27;", "&nope;", "&copy", "&", "<", ">", "word", "two words",
    "  ", "\t", "é", "AT&T", "",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(["", " ", "\n", "\r\n", "\r"])), max_size=40))
def test_generated_documents_keep_the_contract(parts):
    check_contract("".join(a + b for a, b in parts))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab <>/&#;!-=\"'pbrh1\r\n\t", max_size=200))
def test_random_tag_soup_keeps_the_contract(source):
    check_contract(source)


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC,.'’é", min_size=1, max_size=8)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(WORD, min_size=1, max_size=8), min_size=1, max_size=5),
       st.sampled_from(["\n", "\r\n", "\r", " ", "\t  "]))
def test_words_in_paragraphs_are_copied_exactly(paragraphs, gap):
    source = "".join("<p>" + gap.join(words) + "</p>" + gap for words in paragraphs)
    e = check_contract(source)
    assert e.text == "\n\n".join(" ".join(words) for words in paragraphs)
    for m in re.finditer(r"\S+", e.text):
        assert source[e.offsets[m.start()] : e.offsets[m.start()] + len(m.group())] == m.group()


CORPUS_HTML = sorted(CORPUS.glob("*.html")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS_HTML, reason="the shared corpus (../shared/corpus/dev) is not available")
@pytest.mark.parametrize("path", CORPUS_HTML, ids=lambda p: p.name)
def test_corpus_files_keep_the_contract_and_find_headings(path):
    source = path.read_bytes().decode("utf-8-sig")
    e = check_contract(source)
    assert len(e.text) > 1000
    heading_tags = len(re.findall(r"<h[1-6][\s>]", source, re.I))
    # a paragraph that is only bold, italic or underlined text, not a sentence, is a title too
    emphasised = re.findall(r"<p>\s*(?:<(?:b|strong|em|i|u)>\s*)+([^<]{1,120})(?:</(?:b|strong|em|i|u)>\s*)+</p>",
                            source, re.I)
    bold_titles = sum(1 for t in emphasised if not t.rstrip().endswith((".", ",", ";")))
    assert len(e.headings) == heading_tags + bold_titles  # every <hN> in these pages has text


@pytest.mark.skipif(not CORPUS_HTML, reason="the shared corpus (../shared/corpus/dev) is not available")
@settings(max_examples=100, deadline=None)
@given(st.data())
def test_slices_of_corpus_files_keep_the_contract(data):
    source = data.draw(st.sampled_from(CORPUS_HTML)).read_bytes().decode("utf-8-sig")
    start = data.draw(st.integers(0, len(source)))
    end = data.draw(st.integers(start, min(len(source), start + 3000)))
    check_contract(source[start:end])


def test_a_block_of_one_short_bold_element_is_a_heading():
    e = check_contract("<h1>Policy</h1><p><strong>Who sees my data?</strong></p>"
                       "<p>Our <b>payment</b> provider.</p><p><b>Note:</b> bold, then text.</p>")
    assert titles(e) == [("Policy", 1), ("Who sees my data?", 6)]


@pytest.mark.parametrize("name, text, fmt", [
    ("page", "<!DOCTYPE html>\n<html><body><p>x</p></body></html>", "html"),
    ("3f9a0c", "\ufeff  \n<?xml version='1.0'?>\n<!-- saved 2024 -->\n<HTML lang='en'>", "html"),
    ("-", "<body><p>We collect e-mail addresses.</p></body>", "html"),
    ("page", "We <b>never</b> sell data.", "plain"),  # markup inside prose: not a document
    ("page", "<bodyguard> services", "plain"),
    ("page.txt", "<!DOCTYPE html><html>", "plain"),  # a known suffix wins
    ("page.md", "<html><body>x</body></html>", "markdown"),
    ("page", None, "plain"),
])
def test_a_name_without_a_known_suffix_is_read_as_html_when_it_opens_as_html(name, text, fmt):
    from linter import source

    assert source.format_for(name, text) == fmt


def test_an_html_file_without_a_suffix_gets_the_html_files_verdicts(tmp_path):
    import json
    import subprocess
    import sys

    page = (ROOT / "examples" / "studio-privacy-policy.html").read_bytes()
    (tmp_path / "saved.html").write_bytes(page)
    (tmp_path / "9b1e44c0").write_bytes(page)  # as a crawl stores it

    def requirements(*args, **kw):
        proc = subprocess.run([sys.executable, "-m", "linter", "check", "--isolated", "--format", "json", *args],
                              cwd=tmp_path, capture_output=True, **kw)
        assert proc.returncode in (0, 1), proc.stderr
        return json.loads(proc.stdout)["files"][0]["requirements"]

    want = requirements("saved.html")
    assert requirements("9b1e44c0") == want
    assert requirements("-", input=page) == want  # standard input too
