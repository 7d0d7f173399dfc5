"""A long text worked on a piece at a time, so that memory stays near the text's own size.

``str.lower`` on a text outside ASCII reserves room for three lower-case characters of four
bytes for every character of the whole text (a 16 MB policy: about 200 MB at once), and
``re.sub`` holds every piece of its result until the end.  Pieces of about ``PIECE``
characters give the same result with a fraction of that."""
from __future__ import annotations

PIECE = 1 << 20  # characters


def pieces(text: str, size: int | None = None):
    """``text`` in consecutive slices of about ``size`` characters, each after the first
    starting at a space.  A space is neither a line break nor a letter, so a run of line
    breaks, a word, and what Unicode's lower-casing looks at around a letter (the final sigma)
    never cross a cut."""
    pos, n, size = 0, len(text), size or PIECE
    while pos < n:
        cut = text.find(" ", pos + size)
        if cut < 0:
            yield text[pos:]
            return
        yield text[pos:cut]
        pos = cut


def lowered(text: str, then=None) -> str:
    """``text.lower()``, a piece at a time for a long text that is not all ASCII; ``then``:
    a function applied to each lower-cased piece as well (one character for one)."""
    if text.isascii():
        return text.lower()
    if len(text) <= PIECE:
        return text.lower() if then is None else then(text.lower())
    return "".join(piece.lower() if then is None else then(piece.lower()) for piece in pieces(text))


def offset_code(length: int) -> str:
    """The ``array`` type code that holds every offset into a text of ``length`` characters."""
    return "i" if length < 2 ** 31 else "q"
