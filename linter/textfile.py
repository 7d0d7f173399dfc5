"""Decode a configuration-like file (rulebook, configuration, suppressions) as UTF-8."""
from __future__ import annotations

from .errors import UserError


def decode_text(data: bytes, shown: str) -> str:
    """UTF-8 (a BOM is dropped); a bad byte is an error at its line, never skipped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UserError(f"{shown}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x})") from None
