"""Plain text front end: blocks from lines, headings from how a line looks.

Scraped and hand-written .txt policies rarely mark paragraphs consistently: some put a blank
line between paragraphs, some put each paragraph on one line, some wrap at 72 columns.  A new
block starts after a blank line, at a heading-like or bulleted line, and after a line that ends
a sentence; otherwise wrapped lines join the current block.
"""
from __future__ import annotations

import regex

from ..types import Extracted, Heading

_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_BULLET = regex.compile(r"[ \t]*(?:[•*\-–·▪◦‣○●]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)])[ \t]+")
# Forum-style markup seen in exported .txt policies: [B]...[/B], [URL=...]...[/URL]
_BBCODE = regex.compile(r"\[/?(?:b|i|u|s|url|color|size|font|quote|center)(?:=[^\]\r\n]*)?\]", regex.I)
_ENDS_SENTENCE = regex.compile(r"[.!?:;]['\"”’)]*$")
_WORD = regex.compile(r"[^\W\d_][\w'’-]*")
_MINOR = frozenset("a an and as at by for from in of on or the to with our your we you how what who why when do does is are this its".split())


def heading_level(line: str, bold: bool = False) -> int:
    """0 if ``line`` does not look like a heading, else 1 (upper case) or 2 (title case)."""
    s = _BULLET.sub("", line, count=1).strip() if regex.match(r"\s*[0-9]{1,2}[.)]\s", line) else line.strip()
    if not s or len(s) > 90 or s.endswith((".", ",", ";")):
        return 0
    words = _WORD.findall(s)
    if not 1 <= len(words) <= 12:
        return 0
    if bold:
        return 2
    letters = [c for c in s if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 2:
        return 1
    major = [w for w in words if w.lower() not in _MINOR]
    if major and all(w[0].isupper() for w in major) and words[0][0].isupper():
        return 2
    return 0


def extract(source: str) -> Extracted:
    text: list[str] = []
    offsets: list[int] = []
    headings: list[Heading] = []
    in_block = False
    prev_closed = True  # the previous line ended a block
    pos = 0
    for m in _LINE.finditer(source):
        raw = m.group()
        if not raw:
            break
        start = m.start()
        body = raw.rstrip("\r\n")
        pos = start + len(raw)
        # strip bbcode by blanking it (keeps offsets), then trim
        bold = bool(regex.fullmatch(r"\s*\[b\].*\[/b\]\s*", body, regex.I))
        chars = list(body)
        for bm in _BBCODE.finditer(body):
            for i in range(bm.start(), bm.end()):
                chars[i] = "\0"
        cleaned = "".join(chars)
        lead = len(cleaned) - len(cleaned.lstrip(" \t\0\ufeff"))
        content = cleaned.strip(" \t\0")
        if not content:
            in_block = False
            prev_closed = True
            continue
        bullet = _BULLET.match(cleaned)
        level = heading_level(content.replace("\0", ""), bold)
        new_block = not in_block or prev_closed or bool(bullet) or level > 0
        if text:
            if new_block:
                _emit(text, offsets, "\n\n", start + lead)
            else:
                _emit(text, offsets, "\n", start + lead)
        if bullet and not level:
            lead = bullet.end()
        begin = len(text)
        for i in range(lead, len(cleaned)):
            c = cleaned[i]
            if c == "\0":
                continue
            text.append(c)
            offsets.append(start + i)
        while text and text[-1] in " \t" and len(text) > begin:
            text.pop()
            offsets.pop()
        if level:
            headings.append(Heading(begin, len(text), level))
        in_block = True
        prev_closed = level > 0 or bool(_ENDS_SENTENCE.search(content))
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return Extracted("".join(text), tuple(offsets), tuple(headings))


def _emit(text: list[str], offsets: list[int], chars: str, at: int) -> None:
    for c in chars:
        text.append(c)
        offsets.append(at)
