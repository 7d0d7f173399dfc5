"""Plain text front end: blocks from lines, headings from how a line looks.

Scraped and hand-written .txt policies rarely mark paragraphs consistently: some put a blank
line between paragraphs, some put each paragraph on one line, some wrap at 72 columns.  A new
block starts after a blank line, at a heading-like or bulleted line, and after a line that ends
a sentence; otherwise wrapped lines join the current block.
"""
from __future__ import annotations

import re

from ..regexcache import Lazy
from ..sourcemap import SourceMap
from ..types import Extracted, Heading

_LINE = Lazy(r"[^\r\n]*(?:\r\n|\r|\n)?")
_BULLET = Lazy(r"[ \t]*(?:[•*\-–·▪◦‣○●]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)])[ \t]+")
# Forum-style markup seen in exported .txt policies: [B]...[/B], [URL=...]...[/URL]
_BBCODE = Lazy(r"\[/?(?:b|i|u|s|url|color|size|font|quote|center)(?:=[^\]\r\n]*)?\]", re.I)
_ENDS_SENTENCE = Lazy(r"[.!?:;]['\"”’)]*$")
_WORD = Lazy(r"[^\W\d_][\w'’-]*")
_NUMBERED = Lazy(r"\s*[0-9]{1,2}[.)]\s")
# a line drawn under a title ("Your rights" over "-----------"): the setext convention that
# hand-written .txt notices share with Markdown; the rule itself is not text
_RULER = Lazy(r"[ \t\ufeff]*(?:={3,}|-{3,}|~{3,}|_{3,}|\*{3,})[ \t]*")
# "IV. Rights of the data subject": Roman-numbered section titles (common in notices translated
# from German) are headings even in sentence case
_ROMAN = Lazy(r"\s*(?=[IVX])(?:X{0,2}(?:IX|IV|V?I{0,3}))[.)]\s+(?=[^\W\d_])")
_BOLD_LINE = Lazy(r"\s*\[b\].*\[/b\]\s*", re.I)
_MINOR = frozenset("a an and as at by for from in of on or the to with our your we you how what who why when do does is are this its".split())


def heading_level(line: str, bold: bool = False) -> int:
    """0 if ``line`` does not look like a heading, else 1 (upper case) or 2 (title case)."""
    roman = _ROMAN.match(line)
    if roman and roman.end() > len(line) - len(line.lstrip()) + 2:
        s = line[roman.end():].strip()
    else:
        roman = None
        s = _BULLET.sub("", line, count=1).strip() if _NUMBERED.match(line) else line.strip()
    if not s or len(s) > 90 or s.endswith((".", ",", ";")):
        return 0
    words = _WORD.findall(s)
    if not 1 <= len(words) <= 12:
        return 0
    if bold or (roman and not s.endswith(":") and s[0].isupper()):
        return 2
    if s.isupper() or not s.isascii():  # (ASCII letters are all upper case only if isupper())
        letters = [c for c in s if c.isalpha()]
        if letters and all(c.isupper() for c in letters) and len(letters) > 2:
            return 1
    major = [w for w in words if w.lower() not in _MINOR]
    if major and all(w[0].isupper() for w in major) and words[0][0].isupper():
        return 2
    return 0


def extract(source: str) -> Extracted:
    parts: list[str] = []  # pieces of normalised text
    offsets = SourceMap()
    headings: list[Heading] = []
    size = 0
    in_block = False
    prev_closed = True  # the previous line ended a block
    lines = [m for m in _LINE.finditer(source) if m.group()]
    rulers = {i for i, m in enumerate(lines) if _RULER.fullmatch(m.group().rstrip("\r\n"))}
    for i, m in enumerate(lines):
        raw = m.group()
        start = m.start()
        body = raw.rstrip("\r\n")
        if i in rulers:  # ends the block like a blank line; an underline made its title a heading
            in_block = False
            prev_closed = True
            continue
        # a single line between a blank line (or the start) and a ruler is an underlined title
        underlined = (i + 1 in rulers and i not in rulers
                      and (i == 0 or not lines[i - 1].group().strip(" \t\r\n\ufeff")))
        # visible segments of the line: bbcode tags are cut out, positions kept
        segments, pos = [], 0
        for bm in _BBCODE.finditer(body):
            segments.append((pos, bm.start()))
            pos = bm.end()
        segments.append((pos, len(body)))
        visible = "".join(body[a:b] for a, b in segments)
        content = visible.strip(" \t\ufeff")
        if not content:
            in_block = False
            prev_closed = True
            continue
        bold = len(segments) > 1 and bool(_BOLD_LINE.fullmatch(body))
        bullet = _BULLET.match(visible)
        level = heading_level(content, bold or underlined)
        if level and underlined and lines[i + 1].group().lstrip(" \t\ufeff").startswith("="):
            level = 1
        skip = bullet.end() if bullet and not level else len(visible) - len(visible.lstrip(" \t\ufeff"))
        keep = len(visible.rstrip(" \t"))
        if parts:
            sep = "\n\n" if (not in_block or prev_closed or bullet or level) else "\n"
            first = _source_index(segments, skip)
            parts.append(sep)
            offsets.inserted(start + first, len(sep))
            size += len(sep)
        begin = size
        done = 0  # characters of ``visible`` consumed so far
        for a, b in segments:
            lo, hi = max(a, a + skip - done), min(b, a + keep - done)
            if hi > lo:
                parts.append(body[lo:hi])
                offsets.copied(start + lo, start + hi)
                size += hi - lo
            done += b - a
        if level:
            headings.append(Heading(begin, size, level))
        in_block = True
        prev_closed = level > 0 or bool(_ENDS_SENTENCE.search(content))
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return Extracted("".join(parts), offsets, tuple(headings))


def _source_index(segments: list[tuple[int, int]], visible_index: int) -> int:
    """Position in the line of the ``visible_index``-th visible character."""
    for a, b in segments:
        if visible_index < b - a:
            return a + visible_index
        visible_index -= b - a
    return segments[-1][1]
