"""Read policy files and pick the front end that turns each format into normalised text."""
from __future__ import annotations

import importlib
import re
from pathlib import Path

from ..errors import UserError
from ..regexcache import Lazy

# suffix -> front-end module (each has ``extract(source) -> Extracted``)
FORMATS = {
    ".txt": "plain",
    ".text": "plain",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def format_for(name: str, text: str | None = None) -> str:
    """The front-end name for a file name.  When the suffix is unknown (a crawl's hashed file
    names, standard input, a corpus id), ``text`` that opens as an HTML document is HTML; any
    other is plain text."""
    fmt = FORMATS.get(Path(name).suffix.lower())
    if fmt is not None:
        return fmt
    return "html" if text is not None and _opens_as_html(text) else "plain"


# a doctype or an html, head or body tag, after a byte-order mark, white space, an XML
# declaration and comments
_HTML_START = Lazy(r"\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                   re.I | re.S)


def _opens_as_html(text: str) -> bool:
    return _HTML_START.match(text, 0, 4096) is not None


def extractor(fmt: str):
    return importlib.import_module(f".{fmt}", __name__).extract


def decode(data: bytes, name: str) -> str:
    """UTF-8 with or without BOM; binary or undecodable content is a user error."""
    if b"\x00" in data[:8192]:
        raise UserError(f"{name}: binary file, not a policy text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{name}: not valid UTF-8 (byte {exc.start})") from None
    return text[1:] if text.startswith("\ufeff") else text


# Time and memory grow with a file's size (about 70 bytes of memory per byte of policy), so
# a file above this is refused rather than allowed to exhaust the machine; real policies,
# HTML included, are far below it.  ``--max-size`` raises it.
MAX_SIZE = 4 * 1024 * 1024


def parse_size(text: str) -> int:
    """A ``--max-size`` value: ``500K`` -> 512000 (K, M and G count in 1024s)."""
    units = {"": 1, "B": 1, "K": 2**10, "KB": 2**10, "M": 2**20, "MB": 2**20, "G": 2**30, "GB": 2**30}
    t = text.strip().upper()
    number = t.rstrip("KMGB")
    try:
        size = int(float(number) * units[t[len(number):]])
    except (ValueError, KeyError, OverflowError):
        size = 0
    if size < 1:
        raise UserError(f"--max-size: expected a size such as 4M, 500K or 100000, got {text!r}")
    return size


def size_text(n: int) -> str:
    return f"{n:,} bytes"  # exact: "4.0 MB, the limit is 4.0 MB" would explain nothing


class TooLarge(UserError):
    """A file over the size limit: refused even when found in a folder walk."""


def too_large(name: str, size: int | None, limit: int, what: str = "file") -> UserError:
    actual = f"{size_text(size)}, " if size is not None else ""
    return TooLarge(f"{name}: {what} too large ({actual}the limit is {size_text(limit)}; "
                     f"raise it with --max-size)")


def read_limited(handle, name: str, limit: int, size: int | None = None) -> bytes:
    """At most ``limit`` bytes from a binary ``handle``; more is a ``too_large`` error."""
    if size is not None and size > limit:
        raise too_large(name, size, limit)
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise too_large(name, None, limit)
    return data


def read(path: Path, limit: int = MAX_SIZE) -> str:
    import os
    import stat

    try:
        from .. import pipes

        with pipes.open_read(path) as handle:
            st = os.fstat(handle.fileno())
            size = st.st_size if stat.S_ISREG(st.st_mode) else None
            data = read_limited(handle, str(path), limit, size)
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return decode(data, str(path))
