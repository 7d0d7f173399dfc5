"""HTML front end: the prose of a page as normalised text with a map back to the source.

The standard parser runs with ``convert_charrefs=False`` so that every text run, entity and
tag arrives with its own position.  ``TextMap`` assembles the text; the Markdown front end
uses it too, because Markdown embeds HTML and needs the same entity and block handling.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ..sourcemap import SourceMap
from ..types import Comment, Extracted, Heading
from ..regexcache import Lazy

# Elements that start and end a block of prose.  Everything else is inline.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body br caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre "
    "section summary table tbody tfoot thead td th tr ul".split()
)
# Elements whose content is never prose a reader sees as part of the policy.
SKIP_TAGS = frozenset("script style noscript template title svg textarea".split())
HEADING_LEVEL = {f"h{n}": n for n in range(1, 7)}

# Separator strength: a stronger pending separator replaces a weaker one.
_RANK = {"": 0, " ": 1, " | ": 2, "\n": 3, "\n\n": 4}
# A run of words joined by single spaces: HTML whitespace collapsing leaves it unchanged.
_CHUNK = Lazy(r"[^ \t\n\r\f]+(?: [^ \t\n\r\f]+)*")
_BREAK = Lazy(r"\r\n?|\n")


class TextMap:
    """Collects normalised text and, for every character, its source offset.

    Separators (spaces, line breaks, block breaks, cell bars) are held back until the next
    real character arrives, so text never starts or ends with one and two never stack.
    Whitespace at the start and end of a line is dropped as it is written.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.ends: list[int] = []  # source offset just after each part
        self.offsets = SourceMap()
        self.size = 0
        self.pending = ""
        self.pending_at: int | None = None  # None: map to the next real character
        self.links: list[tuple[int, int]] = []
        self._link_at: int | None = None

    def text(self, s: str, start: int) -> None:
        """Append ``s``, copied from the source at ``start``."""
        pending = self.pending
        if pending:
            if pending != " ":  # at the start of a line or cell
                t = s.lstrip(" \t")
                if not t:
                    return
                start += len(s) - len(t)
                s = t
            self._flush(start)
        elif not self.size:
            s2 = s.lstrip(" \t")
            if not s2:
                return
            start += len(s) - len(s2)
            s = s2
        end = start + len(s)
        self.parts.append(s)
        self.ends.append(end)
        self.offsets.copied(start, end)
        self.size += len(s)

    def put(self, s: str, at: int, end: int) -> None:
        """Append decoded text ``s``; every character maps to ``at``, the source ends at ``end``."""
        if not s:
            return
        if self.pending:
            self._flush(at)
        self.parts.append(s)
        self.ends.append(end)
        self.offsets.inserted(at, len(s))
        self.size += len(s)

    def space(self, at: int) -> None:
        self._want(" ", at)

    def newline(self, at: int | None = None) -> None:
        self._strip_tail()
        self._want("\n", at)

    def cell(self) -> None:
        self._strip_tail()
        self._want(" | ", None)

    def block(self) -> None:
        self._strip_tail()
        self._want("\n\n", None)

    def heading_start(self) -> int:
        """Where the next real character will land: call right after ``block()``."""
        return self.size + (len(self.pending) if self.size else 0)

    def link_open(self) -> None:
        self._link_at = self.heading_start()

    def link_close(self) -> None:
        # Link labels ("Do Not Sell My Personal Information" in a footer) are navigation, not
        # statements; the evidence ranking needs to know where they are.
        if self._link_at is not None and self.size > self._link_at:
            self.links.append((self._link_at, self.size))
        self._link_at = None

    def result(self, source_len: int, headings=(), comments=()) -> Extracted:
        self._strip_tail()
        end = self.ends[-1] if self.parts else source_len
        self.offsets.append(end)  # the map is done with: it becomes the result's
        return Extracted("".join(self.parts), self.offsets, tuple(headings), tuple(comments),
                         tuple(self.links))

    def _want(self, sep: str, at: int | None) -> None:
        if self.size and _RANK[sep] > _RANK[self.pending]:
            self.pending, self.pending_at = sep, at

    def _flush(self, next_at: int) -> None:
        sep, at = self.pending, self.pending_at
        self.pending, self.pending_at = "", None
        if self.size:
            self.parts.append(sep)
            self.ends.append(next_at)
            self.offsets.inserted(next_at if at is None else at, len(sep))
            self.size += len(sep)

    def _strip_tail(self) -> None:
        # Trailing blanks of a line are layout, not prose; they are always real characters
        # here because separators are only written in front of real text.
        parts = self.parts
        while parts:
            last = parts[-1]
            kept = last.rstrip(" \t")
            if kept == last:
                return
            cut = len(last) - len(kept)
            self.offsets.drop(cut)
            self.size -= cut
            if kept:
                parts[-1] = kept
                self.ends[-1] = self.offsets[-1] + 1
                return
            parts.pop()
            self.ends.pop()


def decode_entity(ref: str) -> str | None:
    """The text of an entity reference such as ``&amp;`` or ``&#39;``; None if unknown."""
    text = html.unescape(ref)
    if text == ref:
        return None
    # A line break written as an entity is not a break of the prose; "\r" never reaches text.
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


class _Parser(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        # HTMLParser counts lines by "\n" only, so its (line, column) maps back through a
        # table of "\n" positions, whatever line ends the file uses.
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.out = TextMap()
        self.skipping: list[str] = []
        self.pre = 0
        self.cut = len(source)  # where an unterminated comment hides the rest
        self.heading: tuple[int, int] | None = None  # (start, level) of the open heading
        self.headings: list[Heading] = []
        self.comments: list[Comment] = []

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    # -- tags -------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skipping.append(tag)
        elif tag == "body":
            self.skipping.clear()  # an unclosed <title> must not swallow the page
        if tag == "a" and not self.skipping and not _is_address(attrs):
            self.out.link_open()  # (an e-mail or phone link's label is the contact detail itself)
        if self.skipping or tag not in BLOCK_TAGS:
            return
        out = self.out
        if tag == "br":
            out.newline()
            return
        if tag in ("td", "th"):
            out.cell()
            return
        self._boundary()
        if tag in HEADING_LEVEL:
            self._close_heading(force=True)
            out.block()
            self.heading = (out.heading_start(), HEADING_LEVEL[tag])
        elif tag == "pre":
            self.pre += 1

    def handle_endtag(self, tag):
        if tag == "a" and not self.skipping:
            self.out.link_close()
        if tag in SKIP_TAGS:
            if tag in self.skipping:
                # Close the innermost open element of that name and whatever it left open.
                idx = len(self.skipping) - 1 - self.skipping[::-1].index(tag)
                del self.skipping[idx:]
            return
        if self.skipping or tag not in BLOCK_TAGS or tag in ("br", "td", "th"):
            if tag == "br" and not self.skipping:
                self.out.newline()  # browsers read a stray </br> as <br>
            return
        if tag in HEADING_LEVEL:
            self._close_heading(force=True)
        elif tag == "pre" and self.pre:
            self.pre -= 1
        self._boundary()

    def handle_startendtag(self, tag, attrs):
        # <br/>, <hr/>, or a self-closed element: an empty element in either reading.
        if tag not in SKIP_TAGS:
            self.handle_starttag(tag, attrs)
            if tag not in ("br", "hr") and tag in BLOCK_TAGS:
                self.handle_endtag(tag)

    def _boundary(self) -> None:
        # A block boundary inside an open heading ends it once it has text (unclosed <h2>),
        # but <h2><p>Title</p></h2> keeps its title.
        self._close_heading(force=False)
        self.out.block()

    def _close_heading(self, force: bool) -> None:
        if self.heading is None:
            return
        start, level = self.heading
        out = self.out
        out.block()
        if out.size > start:
            self.headings.append(Heading(start, out.size, level))
            self.heading = None
        elif force:
            self.heading = None

    # -- text ---------------------------------------------------------------------------
    def handle_data(self, data):
        if self.skipping:
            return
        base = self._pos()
        if base >= self.cut:
            return
        if data[:1] == "<" and self.source.startswith("<!--", base):
            if self.source.find("-->", base + 4) < 0:
                # The parser hands an unterminated comment over as text; a browser hides the
                # rest of the file.
                self.comments.append(Comment(base, len(self.source), self.source[base + 4 :].strip()))
                self.cut = base
                return
        if not self.pre:
            self._collapse(data, base)
            return
        pos = 0
        for m in _BREAK.finditer(data):  # inside <pre> line breaks are kept
            self._collapse(data[pos : m.start()], base + pos)
            self.out.newline(base + m.start())
            pos = m.end()
        self._collapse(data[pos:], base + pos)

    def _collapse(self, data: str, base: int) -> None:
        out = self.out
        pos = 0
        for m in _CHUNK.finditer(data):
            if m.start() > pos:
                out.space(base + pos)
            out.text(m.group(), base + m.start())
            pos = m.end()
        if pos < len(data):
            out.space(base + pos)

    def handle_entityref(self, name):
        self._ref(1 + len(name))  # "&name", the ";" is optional

    def handle_charref(self, name):
        self._ref(2 + len(name))  # "&#name" with name "39" or "x27"

    def _ref(self, length: int) -> None:
        if self.skipping:
            return
        start = self._pos()
        if start >= self.cut:
            return
        end = start + length
        if self.source.startswith(";", end):
            end += 1
        raw = self.source[start:end]
        text = decode_entity(raw)
        if text is None:
            self.out.text(raw, start)
        elif text.isspace():
            self.out.space(start)  # &nbsp; runs are layout: collapse them like spaces
        else:
            self.out.put(text, start, end)

    def handle_comment(self, data):
        start = self._pos()
        if start >= self.cut or not self.source.startswith("<!--", start):
            return  # "</1>" and "<!x>" are bogus comments: no text, no directive
        close = self.source.find(">", start + 4 + len(data))
        end = len(self.source) if close < 0 else close + 1
        self.comments.append(Comment(start, end, data.strip()))


def extract(source: str) -> Extracted:
    """Normalised prose of an HTML document, its headings and its comments."""
    parser = _Parser(source)
    parser.feed(source)
    parser.close()
    parser._close_heading(force=True)
    out = parser.out
    result = out.result(len(source), parser.headings, parser.comments)
    extra = _bold_titles(source, result)
    if not extra:
        return result
    headings = tuple(sorted(result.headings + tuple(extra), key=lambda h: h.start))
    return Extracted(result.text, result.offsets, headings, result.comments, result.links)


def _is_address(attrs) -> bool:
    href = next((v for k, v in attrs if k == "href"), None) or ""
    return href.strip().lower().startswith(("mailto:", "tel:", "sms:"))


# A block that is nothing but one short <strong>/<b> element ("<p><b>Your choices</b></p>") is
# how many hand-made pages mark a heading; it counts as the lowest heading level.  One that is
# nothing but an <em>/<i>/<u> element marks a sub-heading under it ("<p><em>Virginia</em></p>").
_OPEN_BOLD = Lazy(r"<(?:strong|b)(?:\s[^>]*)?>\s*$", re.I)
_CLOSE_BOLD = Lazy(r"\s*:?\s*</(?:strong|b)\s*>", re.I)
_OPEN_ITALIC = Lazy(r"<(?:em|i|u)(?:\s[^>]*)?>\s*$", re.I)
_CLOSE_ITALIC = Lazy(r"\s*:?\s*</(?:em|i|u)\s*>", re.I)


def _bold_titles(source: str, e: Extracted) -> list[Heading]:
    taken = {h.start for h in e.headings}
    out, pos, text = [], 0, e.text
    while pos < len(text):
        end = text.find("\n\n", pos)
        end = len(text) if end < 0 else end
        block = text[pos:end]
        if (pos not in taken and "\n" not in block and len(block.split()) <= 14
                and not block.rstrip().endswith((".", ",", ";"))):
            a, b = e.offsets[pos], e.offsets[end - 1] + 1
            if _OPEN_BOLD.search(source, max(0, a - 80), a) and _CLOSE_BOLD.match(source, b):
                out.append(Heading(pos, end, 6))
            elif _OPEN_ITALIC.search(source, max(0, a - 80), a) and _CLOSE_ITALIC.match(source, b):
                out.append(Heading(pos, end, 7))
        pos = end + 2
    return out
