"""Split normalised text into blocks, sentences and sections, and recognise page chrome.

Everything here works on normalised offsets.  ``Document`` is what rules run against.
"""
from __future__ import annotations

import bisect
import re


from . import casefold, longtext
from .sourcemap import LineIndex
from .types import Extracted, Heading
from .regexcache import Lazy

# One-for-one substitutions, so offsets stay valid: curly quotes and odd spaces become plain.
_FOLD_PAIRS = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " "), ("\t", " "),
               ("\u2009", " "), ("\u202f", " "), ("‐", "-"), ("‑", "-"), ("–", "-"), ("—", "-"))
_ABBREV = ("e.g", "i.e", "etc", "inc", "ltd", "co", "corp", "no", "nr", "st", "mr", "mrs", "ms", "dr",
           "u.s", "u.k", "e.u", "vs", "art", "para", "sec", "ca", "cf", "llc", "gmbh", "p.o", "approx")
# A sentence ends at . ! ? (and closing quotes) before a space and a capital or a digit; the
# capital is checked in Python, as ``re`` has no Unicode letter-case classes.
_SENTENCE_END = Lazy(r"[.!?](?:['\")\]]*)(?= +[\"'(\[]?(\w))")
_LAST_WORD = Lazy(r"([\w.]+)[.!?]$")
_NEWLINES = Lazy(r"\n+")
_BLANK_LINES = Lazy(r"\n\n+")
_NOT_CHROME = Lazy(r"[.:;!?,@]\s*$|@|\d{3}")
_CHROME_WORDS = 3  # a navigation line has at most this many words
_CHROME_RUN = 8    # ... and chrome is a run of at least this many such lines


# Plain classes rather than dataclasses: building a dataclass costs about a millisecond at
# import, and this runs on every commit.
class Section:
    __slots__ = ("heading", "start", "end", "title", "titles")

    def __init__(self, heading: Heading | None, start: int, end: int, title: str,
                 titles: tuple[str, ...]):
        self.heading = heading
        self.start = start  # normalised offset of the heading (or 0)
        self.end = end
        self.title = title
        self.titles = titles  # this heading and its ancestors, innermost first

    def __repr__(self) -> str:
        return f"Section({self.title!r}, {self.start}, {self.end})"


class Document:
    def __init__(self, path: str, source: str, extracted: Extracted, lines: LineIndex,
                 match_text: str, blocks: list[tuple[int, int]], sentences: list[tuple[int, int]],
                 sections: list[Section], chrome: list[tuple[int, int]] | None = None,
                 lower: str | None = None, block_starts: list[int] | None = None):
        self.path, self.source, self.extracted, self.lines = path, source, extracted, lines
        self.match_text = match_text  # normalised text with single line breaks and curly quotes folded
        self.blocks, self.sentences, self.sections = blocks, sentences, sections
        self.chrome = chrome or []  # disjoint and in order (see ``_chrome``)
        self._chrome_starts = [a for a, _ in self.chrome]
        self.lower = lower  # match_text lower-cased, when that keeps every offset
        self.block_starts = block_starts or [a for a, _ in blocks]
        self._sentence_starts = [a for a, _ in sentences]
        self.memo: dict = {}  # pattern source -> match spans, and other per-document lookups
        # False when the report shows verdicts only: a present requirement then needs one
        # accepted place, not the best-ranked of them all (see ``kinds.require``)
        self.evidence = True

    # --- lookups -------------------------------------------------------------
    @property
    def text(self) -> str:
        return self.extracted.text

    def unit(self, kind: str, offset: int) -> tuple[int, int]:
        """The sentence, paragraph (block) or section holding ``offset``."""
        if kind == "section":
            s = self.section_at(offset)
            return s.start, s.end
        # asked for every candidate: bisect plain starts (no tuple built and compared per step)
        if kind == "sentence":
            spans, starts = self.sentences, self._sentence_starts
        else:
            spans, starts = self.blocks, self.block_starts
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0:
            a, b = spans[i]
            if offset < b or offset == a:
                return spans[i]
        return offset, offset

    def context(self, kind: str, offset: int) -> tuple[int, int]:
        """``unit``, widened to what a reader takes together with it: a list item with the
        lead-in that introduces its list ("You have the right to:"), the first block under a
        heading with that heading ("Right of access" / "You can ask for a copy ..."), and the
        other way round.  Rules check their other patterns and negations in this span."""
        a, b = self.unit(kind, offset)
        if kind == "section":
            return self._section_context(offset, a, b)
        if not self.blocks:
            return a, b
        ctx = self.memo.get(Document.context)
        if ctx is None:
            ctx = self.memo[Document.context] = _contexts(self)
        k = bisect.bisect_right(self.block_starts, offset) - 1
        if k < 0 or offset >= self.blocks[k][1] + 1:
            return a, b
        start, end = self.blocks[k]
        if a <= start:
            a = min(a, ctx[k][0])
        if b >= end:
            b = max(b, ctx[k][1])
        return a, b

    def _section_context(self, offset: int, a: int, b: int) -> tuple[int, int]:
        """A sub-section with its siblings: "Right of access" and "Right to erasure" under
        "Your rights" are read as one section.  Only for a parent of modest size, so that a
        document title heading over everything does not make the whole policy one section."""
        s = self.section_at(offset)
        if s.heading is None or len(s.titles) < 2:
            return a, b
        parent = self._parent(s)
        if parent is None or parent.end - parent.start > _PARENT_CHARS:
            return a, b
        return parent.start, parent.end

    def _parent(self, s: Section) -> Section | None:
        """The nearest enclosing section titled as ``s``'s parent heading: the latest-starting
        one before ``s`` among those with that title (bisected, not a walk over every section)."""
        if self.memo.get(Section) is False:  # pragma: no cover - front ends give headings in order
            return next((p for p in reversed(self.sections) if p.heading is not None and p.start < s.start
                         and s.end <= p.end and p.title == s.titles[1]), None)
        memo = self.memo.get(Document._parent)
        if memo is None:
            by_title: dict[str, tuple[list, list]] = {}
            memo = self.memo[Document._parent] = (by_title, {})
            for p in self.sections:
                if p.heading is not None:
                    entry = by_title.setdefault(p.title, ([], []))
                    entry[0].append(p.start)
                    entry[1].append(p)
        by_title, found_for = memo
        found = found_for.get(s)  # asked for every candidate in the section: found once each
        if found is None:
            found = found_for[s] = self._nearest(by_title.get(s.titles[1], ((), ())), s)
        return found or None

    @staticmethod
    def _nearest(entry: tuple, s: Section) -> Section | bool:
        starts, same = entry
        i = bisect.bisect_left(starts, s.start) - 1  # sections start in order (see section_at)
        while i >= 0:
            if s.end <= same[i].end:
                return same[i]
            i -= 1
        return False

    def section_at(self, offset: int) -> Section:
        """The innermost section holding ``offset`` (the latest-starting one), else the first."""
        sections, starts = self.sections, self.memo.get(Section)
        if starts is None:
            starts = [s.start for s in sections]
            starts = self.memo[Section] = starts if starts == sorted(starts) else False
        if starts is False:  # pragma: no cover - front ends give headings in order
            best = sections[0]
            for s in sections:
                if s.start <= offset < s.end and s.start >= best.start:
                    best = s
            return best
        i = bisect.bisect_right(starts, offset) - 1  # then outwards to one that holds it
        while i > 0 and not offset < sections[i].end:
            i -= 1
        return sections[max(i, 0)]

    def in_chrome(self, offset: int) -> bool:
        # asked once per candidate match: a binary search, not a walk over every region
        return _in_spans(self.chrome, self._chrome_starts, offset)

    def source_offset(self, offset: int) -> int:
        offs = self.extracted.offsets
        return offs[min(max(offset, 0), len(offs) - 1)]


def build(path: str, source: str, extracted: Extracted) -> Document:
    text = extracted.text
    match_text = _fold(text)
    blocks = _blocks(text)
    chrome = _chrome(text, blocks)
    chrome_starts = [a for a, _ in chrome]
    headings = [h for h in extracted.headings if not _in_spans(chrome, chrome_starts, h.start)]
    sentences = [s for b in blocks for s in _sentences(match_text, *b)]
    sections = _sections(text, headings)
    return Document(path, source, extracted, LineIndex(source), match_text, blocks, sentences,
                    sections, chrome, casefold.aligned(match_text),  # as ``re`` reads it
                    [b[0] for b in blocks])


def _in_spans(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (disjoint, sorted; ``starts`` their starts)."""
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and offset < spans[i][1]


def _fold(text: str) -> str:
    # str.translate looks every character up in a dict; a few str.replace scans are much faster
    for old, new in _FOLD_PAIRS if not text.isascii() else (("\t", " "),):
        if old in text:
            text = text.replace(old, new)
    # a single line break inside a block reads as a space; blank lines still separate blocks
    if "\n" not in text:
        return text
    return "".join(_NEWLINES.sub(_soft_break, piece) for piece in longtext.pieces(text))


def _soft_break(m: re.Match) -> str:
    return " " if len(m[0]) == 1 else m[0]


def _blocks(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _BLANK_LINES.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        first = m.group(1)
        if not (first.isupper() or first.isdecimal()):
            continue
        word = _LAST_WORD.search(text, max(start, m.start() - 12), m.start() + 1)
        if word and word.group(1).lower().rstrip(".") in _ABBREV:
            continue
        if word and len(word.group(1)) == 1:  # an initial such as "J." or a list letter
            continue
        out.append((pos, m.end()))
        pos = m.end() + 1
    if pos < end:
        out.append((pos, end))
    return out


def _chrome(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of many one- to three-word lines with no sentence punctuation: menus, footers."""
    out, run = [], []
    for b in blocks + [(len(text), len(text))]:
        chunk = text[b[0]:b[1]]
        short = b[1] > b[0] and "\n" not in chunk and len(chunk.split()) <= _CHROME_WORDS \
            and not _NOT_CHROME.search(chunk)
        if short:
            run.append(b)
            continue
        if len(run) >= _CHROME_RUN:
            out.append((run[0][0], run[-1][1]))
        run = []
    return out


_ITEM_MARK = Lazy(r"(?:^|\n)[ \t>]*(?:[-*+\u2022\u25cf\u25e6\u25aa\u00b7]|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])[ \t]*$")
_TEXT_MARK = Lazy(r"[-*+\u2022\u25cf\u25e6\u25aa\u00b7] |\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)] ")
_LI_OPEN = Lazy(r"<li\b[^>]*>(?:\s*<(?!/li)[^>]*>)*\s*$", re.IGNORECASE)
_PARENT_CHARS = 6000  # a parent section read with its sub-sections is at most this long
_LIST_REACH = 12      # items a lead-in reaches over
_LIST_CHARS = 2000    # ... and characters


def _is_item(doc: Document, k: int) -> bool:
    """Whether block ``k`` is a list item: a marker before it in the source, or in its text."""
    start = doc.blocks[k][0]
    if _TEXT_MARK.match(doc.text, start):
        return True
    src = doc.source_offset(start)
    before = doc.source[max(0, src - 200):src]
    return bool(_ITEM_MARK.search(before) or _LI_OPEN.search(before))


def _contexts(doc: Document) -> list[tuple[int, int]]:
    """Per block, the span a reader takes with it (see ``Document.context``)."""
    blocks, text = doc.blocks, doc.text
    head_starts = {h.start for h in doc.extracted.headings}
    heading = [a in head_starts for a, _ in blocks]
    lead = [text[a:b].rstrip().endswith(":") and not heading[k] for k, (a, b) in enumerate(blocks)]
    item = [None] * len(blocks)  # computed on demand: it reads the source

    def is_item(k: int) -> bool:
        if item[k] is None:
            item[k] = _is_item(doc, k)
        return item[k]

    out = [tuple(b) for b in blocks]
    for k, (a, b) in enumerate(blocks):
        lo, hi = a, b
        if k > 0 and heading[k - 1] and not heading[k]:
            lo = blocks[k - 1][0]
        elif k > 0 and not heading[k]:
            j = k - 1
            while j >= 0 and k - j <= _LIST_REACH and not lead[j] and not heading[j] and is_item(j) \
                    and a - blocks[j][0] < _LIST_CHARS:
                j -= 1
            if j >= 0 and lead[j] and (j == k - 1 or is_item(k)) and a - blocks[j][0] < _LIST_CHARS:
                lo = blocks[j][0]
        if heading[k] and k + 1 < len(blocks) and not heading[k + 1]:
            hi = blocks[k + 1][1]
        elif lead[k]:
            j = k + 1
            while j < len(blocks) and j - k <= _LIST_REACH and not heading[j] and not lead[j] \
                    and (j == k + 1 or is_item(j)) and blocks[j][1] - b < _LIST_CHARS:
                hi = blocks[j][1]
                j += 1
        out[k] = (lo, hi)
    return out


def _sections(text: str, headings: list[Heading]) -> list[Section]:
    root = Section(None, 0, len(text), "", ())
    out = [root]
    stack: list[tuple[Heading, str]] = []
    ends = _ends(headings, len(text))
    for i, h in enumerate(headings):
        end = ends[i]
        while stack and stack[-1][0].level >= h.level:
            stack.pop()
        title = text[h.start:h.end].strip()
        stack.append((h, title))
        out.append(Section(h, h.start, end, title, tuple(t for _, t in reversed(stack))))
    return out


def _ends(headings: list[Heading], length: int) -> list[int]:
    """Where each heading's section ends: at the next heading of the same or a higher level
    (a smaller number), else at the end of the text.  One pass with a stack of the headings
    still open, not a look ahead from every heading (quadratic on a long policy)."""
    ends = [length] * len(headings)
    open_: list[int] = []
    for i, h in enumerate(headings):
        while open_ and headings[open_[-1]].level >= h.level:
            ends[open_.pop()] = h.start
        open_.append(i)
    return ends
