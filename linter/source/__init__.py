"""Read policy files and pick the front end that turns each format into normalised text."""
from __future__ import annotations

import importlib
from pathlib import Path

from ..errors import UserError

# suffix -> front-end module (each has ``extract(source) -> Extracted``)
FORMATS = {
    ".txt": "plain",
    ".text": "plain",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def format_for(name: str) -> str:
    """The front-end name for a file name; plain text when the suffix is unknown."""
    return FORMATS.get(Path(name).suffix.lower(), "plain")


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


def read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return decode(data, str(path))
