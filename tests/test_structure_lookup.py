"""The document lookups the engine asks for every candidate match give what a plain walk over
every sentence, block and section gives (they bisect or are memoised for speed)."""
import bisect
from pathlib import Path

from hypothesis import given, strategies as st

from linter import source, structure
from linter.types import Heading

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
POLICIES = ["inmusic-privacy-policy.txt", "compliant-privacy-policy.md", "studio-privacy-policy.html",
            "allegro-music-center-privacy-policy.txt"]


def _doc(name: str, repeat: int = 1) -> structure.Document:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    text = "\n\n".join([text] * repeat)
    return structure.build(name, text, source.extractor(source.format_for(name))(text))


def _unit_by_walk(spans, text_len, offset):
    i = bisect.bisect_right(spans, (offset, text_len + 1)) - 1
    if i >= 0 and spans[i][0] <= offset < max(spans[i][1], spans[i][0] + 1):
        return spans[i]
    return offset, offset


def test_sentence_and_block_lookup_match_the_spans_for_every_offset():
    for name in POLICIES:
        doc = _doc(name)
        n = len(doc.text)
        for offset in range(-1, n + 2):
            assert doc.unit("sentence", offset) == _unit_by_walk(doc.sentences, n, offset)
            assert doc.unit("block", offset) == _unit_by_walk(doc.blocks, n, offset)


def _parent_by_walk(doc, s):
    for p in reversed(doc.sections):
        if p.heading is not None and p.start < s.start and s.end <= p.end and p.title == s.titles[1]:
            return p
    return None


def test_parent_section_is_the_nearest_enclosing_one_with_the_parent_title():
    for name in POLICIES:
        doc = _doc(name, repeat=3)  # repeated titles: the nearest one must be chosen
        asked = 0
        for s in doc.sections:
            if s.heading is not None and len(s.titles) >= 2:
                assert doc._parent(s) is _parent_by_walk(doc, s)
                asked += 1
        if name.endswith(".md"):
            assert asked > 0  # the Markdown example has sub-sections


def _ends_by_walk(headings, length):
    out = []
    for i, h in enumerate(headings):
        out.append(next((later.start for later in headings[i + 1:] if later.level <= h.level), length))
    return out


@given(st.lists(st.integers(min_value=1, max_value=4), max_size=40))
def test_section_ends_at_the_next_heading_of_its_level_or_higher(levels):
    headings = [Heading(10 * i, 10 * i + 5, level) for i, level in enumerate(levels)]
    length = 10 * len(levels) + 3
    assert structure._ends(headings, length) == _ends_by_walk(headings, length)


def test_sections_headed_by_a_pattern_are_those_whose_title_matches():
    import linter
    from linter import source, structure
    from linter.kinds import match
    from linter.kinds.prefilter import patterns_of

    rules = linter.load_rules()
    sections = {c.section for c in rules if c.section is not None}
    patterns = list(patterns_of(rules).values()) + list(sections)
    checked = 0
    for path in sorted(EXAMPLES.glob("*-policy.*")) + sorted(EXAMPLES.glob("*-notice.md")):
        text = path.read_text(encoding="utf-8")
        doc = structure.build(str(path), text, source.extractor(source.format_for(str(path)))(text))
        for p in patterns:
            want = [s for s in doc.sections if s.heading and p.search(s.title) is not None]
            assert match.headed(doc, p) == want, (path.name, p.source)
            checked += bool(want)
    assert checked > 50
