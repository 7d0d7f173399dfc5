"""Read the ``[tool.privacylint]`` table of a pyproject.toml and find the line of a key in it.

tomllib keeps no positions, so ``line_of`` scans table headers and ``key =`` lines; it is
only used to place error messages, where a near line is far better than none.
"""
from __future__ import annotations

import re

from .errors import UserError

TABLE = ("tool", "privacylint")
# compiled where used (``re`` keeps them): has_table runs wherever a pyproject.toml is on the
# way up, before the program cache is loaded; the others only place an error message
_HEADER = r"^\s*\[\[?\s*(.+?)\s*\]\]?\s*(?:#.*)?$"
_KEY = r"""^\s*((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
_TABLE = r"^\s*\[\s*tool\s*\.\s*[\"']?privacylint"
_PART = r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|$)"""


def has_table(text: str) -> bool:
    """Cheap test, before paying for a parse: does the text mention [tool.privacylint]?"""
    return "privacylint" in text and re.search(_TABLE, text, re.M) is not None


def load(text: str, name: str):
    """The [tool.privacylint] table (None when absent); a syntax error gives ``name:line: ...``."""
    import tomllib  # only paid when a pyproject.toml mentions privacylint

    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise UserError(f"{name}:1: invalid TOML: nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at (?:line (\d+), column \d+|end of document)\)$", msg)
        line = int(m.group(1)) if m and m.group(1) else max(1, len(text.splitlines())) if m else 1
        msg = msg[:m.start()].strip() if m else msg
        raise UserError(f"{name}:{line}: invalid TOML: {msg}") from None
    tool = data.get("tool", {})
    return tool.get("privacylint") if isinstance(tool, dict) else None


def _split(dotted: str) -> list[str]:
    parts = []
    for m in re.finditer(_PART, dotted):
        p = m.group(1)
        parts.append(p[1:-1] if p[:1] in "\"'" else p)
    return parts


def line_of(text: str, path) -> int:
    """1-based line of the key at ``path`` (relative to [tool.privacylint]), or a near one."""
    path = [str(p) for p in path if not isinstance(p, int)]
    best_line, best_depth = 1, -1
    table: list[str] | None = None
    for n, line in enumerate(text.splitlines(), 1):
        h = re.match(_HEADER, line)
        if h and not re.match(_KEY, line):
            table = _split(h.group(1))
            rel = table[2:] if table[:2] == list(TABLE) else None
            table = rel
            if rel is not None and rel == path[:len(rel)] and len(rel) > best_depth:
                best_line, best_depth = n, len(rel)
            continue
        if table is None:
            continue
        k = re.match(_KEY, line)
        if k:
            full = table + _split(k.group(1))
            depth = 0
            while depth < min(len(full), len(path)) and full[depth] == path[depth]:
                depth += 1
            if depth == len(full) and depth > best_depth:
                best_line, best_depth = n, depth
    return best_line
