"""Output formats: one module per format, each ``render(result) -> str``, registered by name."""
from __future__ import annotations

import importlib

# name -> module in this package
FORMATS = {"text": "text", "json": "json_report", "sarif": "sarif", "github": "github",
           "html": "html", "markdown": "markdown"}


def names() -> list[str]:
    return sorted(FORMATS)


def render(name: str, result) -> str:
    return importlib.import_module(f".{FORMATS[name]}", __name__).render(result)
