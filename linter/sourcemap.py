"""Turn source offsets into 1-based line and column numbers (the only place that does)."""
from __future__ import annotations

import bisect

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
