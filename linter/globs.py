"""Path globs as users write them in configuration: ``*``, ``?``, ``[...]`` and ``**``.

A glob without a slash matches a file name at any depth (``*.html``); a glob with one is
anchored at the directory of the file that declares it (``policies/**/kids-*.md``).
"""
from __future__ import annotations

import functools

import re


@functools.lru_cache(maxsize=512)
def compile_glob(glob: str):
    g = glob.strip().replace("\\", "/")
    if g.startswith("./"):
        g = g[2:]
    if "/" not in g.rstrip("/"):
        g = "**/" + g
    if g.endswith("/"):
        g += "**"
    out, i = [], 0
    while i < len(g):
        if g.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif g.startswith("**", i):
            out.append(".*")
            i += 2
        elif g[i] == "*":
            out.append("[^/]*")
            i += 1
        elif g[i] == "?":
            out.append("[^/]")
            i += 1
        elif g[i] == "[" and "]" in g[i + 2:]:
            j = g.index("]", i + 2)
            body = g[i + 1:j]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = j + 1
        else:
            out.append(re.escape(g[i]))
            i += 1
    # a directory glob also covers everything below it ("drafts/**" and "drafts")
    return re.compile("".join(out) + "(?:/.*)?")


def matches(glob: str, rel_path: str) -> bool:
    """Whether ``rel_path`` (POSIX, relative to the glob's base directory) matches ``glob``."""
    return compile_glob(glob).fullmatch(rel_path) is not None


def any_match(globs, rel_path: str) -> bool:
    return any(matches(g, rel_path) for g in globs)
