"""The map from normalised text back to the source, and from source offsets to 1-based line
and column numbers (the only place that makes those)."""
from __future__ import annotations

import bisect
from array import array
from itertools import repeat

from .regexcache import Lazy

_LINE_BREAK = Lazy(r"\r\n|\r|\n")


class LineIndex:
    """Line starts of a source string; "\\r\\n", "\\r" and "\\n" each end a line."""

    def __init__(self, source: str):
        self.source = source
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(source)]

    def line_of(self, offset: int) -> int:
        """0-based line index of a source offset."""
        return bisect.bisect_right(self.starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset; columns count code points."""
        line = self.line_of(offset)
        return line + 1, offset - self.starts[line] + 1

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Source [start, end) of the line holding ``offset``, without its line break."""
        line = self.line_of(offset)
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.source)
        while end > start and self.source[end - 1] in "\r\n":
            end -= 1
        return start, end


class SourceMap:
    """For every character of a front end's normalised text, its offset in the source.

    Held as runs, not one entry per character: a run of copied text counts up one source
    offset a character, and a run of inserted or decoded characters (separators, an entity's
    text) maps every character to one offset.  Prose is copied in long runs, so a policy's map
    takes a few bytes a line where an array took four a character.  Front ends only append
    (``copied``, ``inserted``) and drop from the end (``drop``); everything else reads it as a
    sequence of ints.
    """

    __slots__ = ("_at", "_src", "_flat", "_size")

    def __init__(self) -> None:
        self._at = array("I")  # text offset of each run's first character
        self._src = array("I")  # its source offset (sources beyond 4 G characters are refused)
        self._flat = bytearray()  # 1: the run's characters all map to that offset; 0: they count up
        self._size = 0

    def copied(self, start: int, end: int) -> None:
        """Append characters copied from ``source[start:end]``."""
        if end > start:
            self._add(start, 0, end - start)

    def inserted(self, at: int, count: int) -> None:
        """Append ``count`` characters that all map to source offset ``at``."""
        if count > 0:
            self._add(at, 1, count)

    def append(self, offset: int) -> None:
        self.copied(offset, offset + 1)

    def drop(self, count: int) -> None:
        """Remove the last ``count`` characters."""
        self._size = max(self._size - count, 0)
        at = self._at
        while at and at[-1] >= self._size:
            at.pop()
            self._src.pop()
            self._flat.pop()

    def _add(self, src: int, flat: int, count: int) -> None:
        """Append a run, or lengthen the last one where it goes on the same way (a run of one
        character goes on either way)."""
        if self._size:
            k = len(self._at) - 1
            length = self._size - self._at[k]
            last = self._src[k] if self._flat[k] else self._src[k] + length - 1
            if src == last + 1 - flat and (length == 1 or self._flat[k] == flat):
                self._flat[k] = flat
                self._size += count
                return
        self._at.append(self._size)
        self._src.append(src)
        self._flat.append(flat)
        self._size += count

    def __len__(self) -> int:
        return self._size

    @property
    def nbytes(self) -> int:
        """What the runs take (an array of offsets would take ``4 * len(self)``)."""
        return (len(self._at) + len(self._src)) * self._at.itemsize + len(self._flat)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._size))]
        if i < 0:
            i += self._size
        if not 0 <= i < self._size:
            raise IndexError("source map index out of range")
        k = bisect.bisect_right(self._at, i) - 1
        return self._src[k] if self._flat[k] else self._src[k] + i - self._at[k]

    def __iter__(self):
        at, src, flat, runs = self._at, self._src, self._flat, len(self._at)
        for k in range(runs):
            n = (at[k + 1] if k + 1 < runs else self._size) - at[k]
            yield from (repeat(src[k], n) if flat[k] else range(src[k], src[k] + n))

    def __eq__(self, other):
        try:
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        except TypeError:
            return NotImplemented

    __hash__ = None  # grows while a front end writes it

    def __repr__(self) -> str:
        return f"SourceMap({len(self)} characters in {len(self._at)} runs)"
