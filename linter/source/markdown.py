"""Markdown front end: the prose of a CommonMark/GFM document with a map back to the source.

A small line-based block pass finds headings, paragraphs, list items, quotes and table rows;
an inline pass then removes markup inside each block.  The lines of a block, with container
markers, indentation and comments cut away, are joined into one string whose pieces remember
their source offsets, so links and emphasis may span lines and still map back exactly.
(markdown-it-py only reports line ranges, which is why this is hand-written.)
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from .html import BLOCK_TAGS, TextMap, decode_entity
from ..types import Comment, Extracted, Heading
from ..regexcache import Lazy

_NEWLINE = Lazy(r"\r\n?|\n")
_QUOTE = Lazy(r" {0,3}>[ \t]?")
_BLANK = Lazy(r"[ \t]*$")
_FENCE = Lazy(r"[ \t]*(`{3,}|~{3,})")
_ATX = Lazy(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = Lazy(r"[ \t]+#+$")
_SETEXT = Lazy(r" {0,3}(=+|-+)[ \t]*$")
_HR = Lazy(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ITEM = Lazy(r"[ \t]*(?:[-+*]|(\d{1,9})[.)])(?:[ \t]+|$)")
_TABLE_DELIM = Lazy(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_REFDEF = Lazy(
    r" {0,3}\[((?:[^\]\\^]|\\.)(?:[^\]\\]|\\.)*)\]:[ \t]*(?:<[^>]*>|\S+)"
    r"""(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$"""
)

_SPECIAL = Lazy(r"[\\`*_~&<!\[\n]")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_TICKS = Lazy(r"`+")
_RUN = {c: re.compile(re.escape(c) + "+") for c in "*_~"}
_ENTITY = Lazy(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AUTOLINK = Lazy(
    r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>"
)
_TAG = Lazy(
    r"""</?([A-Za-z][A-Za-z0-9-]*)(?:\s+[A-Za-z_:][\w.:-]*"""
    r"""(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*/?>"""
    r"|<\?.*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[.*?\]\]>",
    re.S,
)
_BRACKET = Lazy(r"\\.|[\[\]]", re.S)
_DEST = Lazy(
    r"""\(\s*(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"""
    r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)"""
)
_LABEL = Lazy(r"\[((?:[^\[\]\\]|\\.){0,999})\]", re.S)
_PIPE = Lazy(r"\\.|\|")


class _Block:
    __slots__ = ("kind", "level", "depth", "lines")

    def __init__(self, kind: str, depth: int, line: tuple, level: int = 0) -> None:
        self.kind = kind  # "p" paragraph, "li" list item, "h" heading, "row" table row
        self.level = level
        self.depth = depth  # blockquote nesting, to tell a new quote from a lazy line
        self.lines = [line]  # (start, end, line break offset or None, masked ranges)


# Front-matter keys whose value a published page shows as the policy's date.
_DATE_KEY = Lazy(
    r"""\s*["']?(?:date|updated|last[_-]?(?:updated|modified|mod|revised)|lastmod|lastupdated|"""
    r"""modified|revised|effective(?:[_-]?date)?|effective[_-]?from)["']?\s*:\s*\S""", re.I)


def _norm(label: str) -> str:
    return " ".join(label.split()).casefold()


def _lines(source: str):
    """(start, end) of each line without its line break; a front matter block is skipped."""
    spans, pos = [], 0
    for m in _NEWLINE.finditer(source):
        spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(source):
        spans.append((pos, len(source)))
    if spans and source[spans[0][0] : spans[0][1]].rstrip() == "---":
        for k in range(1, len(spans)):
            if source[spans[k][0] : spans[k][1]].rstrip() in ("---", "..."):
                # front matter is metadata, except the dates a site shows as "last updated"
                kept = [sp for sp in spans[1:k] if _DATE_KEY.match(source, *sp)]
                return kept + spans[k + 1 :]
    return spans


def _blocks(source: str):
    """Split the document into blocks; collect link reference labels and comments."""
    blocks: list[_Block] = []
    refs: set[str] = set()
    comments: list[Comment] = []
    cur: _Block | None = None  # the block a non-blank line may continue
    in_table, fence = False, None
    comment_end = 0
    n = len(source)
    for ls, le in _lines(source):
        nl = le if le < n else None
        masks = []
        if comment_end > ls:  # inside a comment begun on an earlier line
            if comment_end >= le:
                cur, in_table = None, False
                continue
            masks.append((ls, comment_end))
        p, depth = ls, 0
        while m := _QUOTE.match(source, p, le):
            p, depth = m.end(), depth + 1
        if fence:
            m = _FENCE.match(source, p, le)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                if _BLANK.match(source, m.end(), le):
                    fence = None
            continue
        comment_end = max(comment_end, _comments(source, max(ls, comment_end), ls, le, comments, masks))
        ce = le
        while ce > p and source[ce - 1] in " \t":
            ce -= 1
        if ce <= p or (masks and not _visible(source, p, ce, masks).strip()):
            cur, in_table = None, False  # a blank line, or one holding only comments
            continue
        if cur is not None and depth > cur.depth:
            cur = None  # a quote starts inside a paragraph
        if not in_table and source[p].isalpha():
            # Most lines are prose that starts with a letter: no block construct can start
            # here, so skip the classification below.
            if cur is None:
                cur = _Block("p", depth, (p, ce, nl, masks))
                blocks.append(cur)
            else:
                cur.lines.append((p, ce, nl, masks))
            continue
        if m := _FENCE.match(source, p, le):
            if m.group(1)[0] == "~" or "`" not in source[m.end() : le]:
                fence, cur, in_table = m.group(1), None, False
                continue
        if m := _ATX.match(source, p, ce):
            a = m.end()
            if not source[a:ce].strip("#"):
                ce = a  # "# #": an empty heading
            elif c := _ATX_CLOSE.search(source, a, ce):
                ce = c.start()
            blocks.append(_Block("h", depth, (a, ce, nl, masks), len(m.group(1))))
            cur, in_table = None, False
            continue
        if in_table:
            if "|" in source[p:ce]:
                blocks.append(_Block("row", depth, (p, ce, nl, masks)))
                continue
            in_table = False
        if cur is not None and cur.kind == "p" and cur.depth == depth:
            if len(cur.lines) == 1 and "|" in source[cur.lines[0][0] : cur.lines[0][1]]:
                if "|" in source[p:ce] and _TABLE_DELIM.match(source, p, ce):
                    cur.kind, in_table, cur = "row", True, None
                    continue
            if m := _SETEXT.match(source, p, ce):
                cur.kind, cur.level = "h", 1 if m.group(1)[0] == "=" else 2
                cur = None
                continue
        if _HR.match(source, p, ce):
            cur = None
            continue
        if cur is None and (m := _REFDEF.match(source, p, ce)):
            refs.add(_norm(m.group(1)))
            continue
        m = _ITEM.match(source, p, ce)
        # In a paragraph only a bullet or "1." may start a list (CommonMark), so a wrapped
        # line beginning "2018." stays prose.
        if m and not (cur is not None and cur.kind == "p" and m.group(1) not in (None, "1")):
            cur = _Block("li", depth, (m.end(), ce, nl, masks))
            blocks.append(cur)
        elif cur is not None:
            cur.lines.append((p, ce, nl, masks))
        else:
            cur = _Block("p", depth, (p, ce, nl, masks))
            blocks.append(cur)
    return blocks, refs, comments


def _comments(source: str, pos: int, ls: int, le: int, comments: list, masks: list) -> int:
    """Record the comments that start in the line [ls, le) from ``pos`` on, mask them out of
    the line, and return where the last one ends (possibly on a later line)."""
    end = 0
    while (c := source.find("<!--", pos, le)) >= 0:
        pos = c + 4
        if source.count("`", ls, c) % 2:
            continue  # inside a code span: shown as code, not a comment
        close = source.find("-->", c + 2)
        end = len(source) if close < 0 else close + 3
        comments.append(Comment(c, end, source[c + 4 : max(c + 4, end - 3)].strip()))
        masks.append((c, min(end, le)))
        pos = end
    return end


def _visible(source: str, a: int, b: int, masks) -> str:
    parts = []
    for ma, mb in masks:
        if ma > a:
            parts.append(source[a:min(ma, b)])
        a = max(a, mb)
    parts.append(source[a:b])
    return "".join(parts)


def _join(source: str, lines):
    """One string for a block's lines, with the (string offset, source offset) of each piece."""
    if len(lines) == 1 and not lines[0][3]:  # the common case: one line, no comment
        a, b = lines[0][:2]
        t = source[a:b].lstrip(" \t")
        return t, [0], [b - len(t)]
    text, starts, srcs, size = [], [], [], 0
    for k, (a, b, nl, masks) in enumerate(lines):
        if k:
            prev_nl = lines[k - 1][2]
            text.append("\n")
            starts.append(size)
            srcs.append(prev_nl)
            size += 1
        while a < b and source[a] in " \t":
            a += 1
        for ma, mb in masks + [(b, b)]:  # the gaps between comments are the visible text
            if ma > a:
                e = min(ma, b)
                text.append(source[a:e])
                starts.append(size)
                srcs.append(a)
                size += e - a
            a = max(a, mb)
            if a >= b:
                break
    return "".join(text), starts, srcs


def _punct(ch: str) -> bool:
    return ch in _ESCAPABLE or unicodedata.category(ch)[0] in "PS"


def _delimiter(s: str, c: str, a: int, b: int) -> list | None:
    """An emphasis delimiter run [c, start, end, can_open, can_close], or None if inert."""
    before = s[a - 1] if a else " "
    after = s[b] if b < len(s) else " "
    left = not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))
    right = not before.isspace() and (not _punct(before) or after.isspace() or _punct(after))
    if c == "_":  # intraword underscores (snake_case) are not emphasis
        can_open = left and (not right or _punct(before))
        can_close = right and (not left or _punct(after))
    else:
        can_open, can_close = left, right
    return ["d", c, a, b, can_open, can_close] if can_open or can_close else None


def _resolve(toks: list, delims: list[int]) -> None:
    """Match emphasis openers with closers (CommonMark's stack, simplified); matched marker
    characters are cut from the runs, unmatched ones stay as literal text."""
    openers: list[int] = []
    for idx in delims:
        d = toks[idx]
        if d[5]:
            k = len(openers) - 1
            while k >= 0 and d[3] > d[2]:
                o = toks[openers[k]]
                if o[1] != d[1]:
                    k -= 1
                    continue
                used = 2 if o[3] - o[2] >= 2 and d[3] - d[2] >= 2 else 1
                o[3] -= used
                d[2] += used
                del openers[k + 1 :]
                if o[3] == o[2]:
                    openers.pop()
                    k -= 1
        if d[4] and d[3] > d[2]:
            openers.append(idx)


def _code(s: str, a: int, b: int, toks: list, in_table: bool) -> None:
    # Line ends inside a code span are line breaks of the block, like everywhere else.
    while (k := s.find("\n", a, b)) >= 0:
        if k > a:
            toks.append(("c", a, k))
        toks.append(("n", k))
        a = k + 1
    # GFM reads "\|" in a table cell as a pipe even inside code.
    while in_table and (k := s.find("\\|", a, b)) >= 0:
        toks.append(("c", a, k))
        a = k + 1
    if b > a:
        toks.append(("c", a, b))


class _Inline:
    """Inline markup of one block.  ``run`` appends tokens: ("c", a, b) copy s[a:b],
    ("e", text, a, b) decoded entity, ("n", a) line break, ("b",) break for a block-level
    HTML tag, and emphasis runs ["d", char, a, b, can_open, can_close]."""

    def __init__(self, s: str, refs: set[str], in_table: bool = False) -> None:
        self.s, self.refs, self.in_table = s, refs, in_table
        self._brackets: dict[int, int] | None = None
        self._ticks: dict[int, list[int]] | None = None

    def brackets(self) -> dict[int, int]:
        # Matching "]" of every "[", found once per block so that many unclosed brackets
        # cost linear time, not quadratic.
        if self._brackets is None:
            self._brackets, stack = {}, []
            for m in _BRACKET.finditer(self.s):
                if m.group() == "[":
                    stack.append(m.start())
                elif m.group() == "]" and stack:
                    self._brackets[stack.pop()] = m.start()
        return self._brackets

    def closing_ticks(self, j: int, n: int) -> int:
        """Start of the first run of exactly n backticks after j, or -1."""
        if self._ticks is None:
            self._ticks = {}
            for m in _TICKS.finditer(self.s):
                self._ticks.setdefault(m.end() - m.start(), []).append(m.start())
        runs = self._ticks.get(n, [])
        k = bisect_right(runs, j)
        return runs[k] if k < len(runs) else -1

    def link(self, i: int, end: int):
        """For "[" at i: (text start, text end, link end) of an inline or reference link."""
        s = self.s
        close = self.brackets().get(i, end)
        if close >= end:
            return None
        j = close + 1
        if s.startswith("(", j) and (m := _DEST.match(s, j, end)):
            return i + 1, close, m.end()
        if s.startswith("[", j) and (m := _LABEL.match(s, j, end)):
            label = m.group(1) or s[i + 1 : close]
            return (i + 1, close, m.end()) if _norm(label) in self.refs else None
        if self.refs and _norm(s[i + 1 : close]) in self.refs:
            return i + 1, close, j
        return None

    def run(self, i: int, end: int, toks: list) -> None:
        s = self.s
        delims: list[int] = []
        while i < end:
            m = _SPECIAL.search(s, i, end)
            if m is None:
                toks.append(("c", i, end))
                break
            j = m.start()
            if j > i:
                toks.append(("c", i, j))
            c = s[j]
            i = j + 1
            nxt = s[i] if i < end else ""
            if c == "\n":
                toks.append(("n", j))
            elif c == "\\":
                if nxt == "\n":  # hard line break: the backslash goes
                    toks.append(("n", i))
                    i += 1
                elif nxt and nxt in _ESCAPABLE:
                    toks.append(("c", i, i + 1))
                    i += 1
                else:
                    toks.append(("c", j, i))
            elif c == "`":
                k = _TICKS.match(s, j, end).end()
                close = self.closing_ticks(j, k - j)
                if close < 0 or close + k - j > end:
                    toks.append(("c", j, k))
                    i = k
                else:
                    a, b = k, close
                    if b - a >= 2 and s[a] in " \n" and s[b - 1] in " \n" and s[a:b].strip(" \n"):
                        a, b = a + 1, b - 1  # `` `x` `` shows `x`
                    _code(s, a, b, toks, self.in_table)
                    i = close + k - j
            elif c in "*_~":
                k = _RUN[c].match(s, j, end).end()
                d = _delimiter(s, c, j, k)
                if d is None:
                    toks.append(("c", j, k))
                else:
                    delims.append(len(toks))
                    toks.append(d)
                i = k
            elif c == "&":
                m = _ENTITY.match(s, j, end)
                text = decode_entity(m.group()) if m else None
                if text is None:
                    toks.append(("c", j, i))
                else:
                    toks.append(("e", text, j, m.end()))
                    i = m.end()
            elif c == "<":
                if m := _AUTOLINK.match(s, j, end):
                    toks.append(("c", j + 1, m.end() - 1))
                    i = m.end()
                elif m := _TAG.match(s, j, end):
                    if (m.group(1) or "").lower() in BLOCK_TAGS:
                        toks.append(("b",))
                    i = m.end()
                else:
                    toks.append(("c", j, i))
            else:  # "[" or "!": a link keeps its text, an image its alt text
                start = j if c == "[" else i
                link = self.link(start, end) if s.startswith("[", start) else None
                if link is None:
                    toks.append(("c", j, start + 1))
                    i = start + 1
                else:
                    self.run(link[0], link[1], toks)
                    i = link[2]
        _resolve(toks, delims)


def _src(starts: list[int], srcs: list[int], i: int) -> int:
    k = bisect_right(starts, i) - 1
    return srcs[k] + i - starts[k]


def _write(toks: list, starts: list[int], srcs: list[int], s: str, out: TextMap) -> None:
    """Hand the tokens of one block to ``out``, turning string offsets into source offsets."""
    last = len(starts) - 1
    text = out.text
    for t in toks:
        kind = t[0]
        if kind == "c" or kind == "d":
            a, b = (t[1], t[2]) if kind == "c" else (t[2], t[3])
            if a >= b:
                continue
            if not last:  # a one-line block: a single source piece
                text(s[a:b], srcs[0] + a)
                continue
            k = bisect_right(starts, a) - 1
            while a < b:  # a copy may cross from one source piece into the next
                e = min(b, starts[k + 1]) if k < last else b
                text(s[a:e], srcs[k] + a - starts[k])
                a, k = e, k + 1
        elif kind == "n":
            out.newline(_src(starts, srcs, t[1]))
        elif kind == "e":
            out.put(t[1], _src(starts, srcs, t[2]), _src(starts, srcs, t[3] - 1) + 1)
        else:
            out.newline()


def _cells(s: str) -> list[tuple[int, int]]:
    """Cell ranges of a table row; an escaped "\\|" stays inside its cell."""
    cells, a = [], 0
    for m in _PIPE.finditer(s):
        if m.group() == "|":
            cells.append((a, m.start()))
            a = m.end()
    cells.append((a, len(s)))
    return [(a, b) for a, b in cells if s[a:b].strip()]


# A paragraph that is one short bold line ("**Who sees my data?**") is used as a heading by
# many hand-written policies; it counts as the lowest heading level.
_BOLD_TITLE = Lazy(r"\s*(\*\*|__)(?=\S)([^*_\n]{1,120}?)(?<=\S)\1\s*:?\s*")


# So is a short line in capitals on its own ("WHAT WE KEEP", "4. RETENTION"): policies written
# as plain text and saved as .md keep their titles that way.
_CAPS_WORD = Lazy(r"[^\W\d_][\w'’-]*")


def _caps_title(s: str) -> bool:
    t = s.strip()
    if not t or len(t) > 90 or t.endswith((".", ",", ";")):
        return False
    letters = [c for c in t if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters) and 1 <= len(_CAPS_WORD.findall(t)) <= 12


def _bold_title_level(blk, s: str, source: str = "") -> int:
    if blk.kind not in ("p", "li") or len(blk.lines) != 1:
        return 0
    if _caps_title(s):
        if blk.kind == "p":
            return 6
        a = blk.lines[0][0]  # a numbered item ("4. RETENTION") only, not a bullet list in capitals
        return 6 if any(c.isdigit() for c in source[source.rfind("\n", 0, a) + 1:a]) else 0
    if blk.kind != "p":
        return 0
    m = _BOLD_TITLE.fullmatch(s)
    if not m or m.group(2).rstrip().endswith((".", ",", ";")) or len(m.group(2).split()) > 14:
        return 0
    return 6


def extract(source: str) -> Extracted:
    """Normalised prose of a Markdown document, its headings and its HTML comments."""
    blocks, refs, comments = _blocks(source)
    out = TextMap()
    headings = []
    for blk in blocks:
        s, starts, srcs = _join(source, blk.lines)
        inline = _Inline(s, refs, blk.kind == "row")
        out.block()
        start = out.heading_start()
        if blk.kind == "row":
            for a, b in _cells(s):
                toks: list = []
                inline.run(a, b, toks)
                out.cell()
                _write(toks, starts, srcs, s, out)
            continue
        toks = []
        inline.run(0, len(s), toks)
        _write(toks, starts, srcs, s, out)
        level = blk.level if blk.kind == "h" else _bold_title_level(blk, s, source)
        if level:
            out.block()
            if out.size > start:
                headings.append(Heading(start, out.size, level))
    return out.result(len(source), headings, comments)
