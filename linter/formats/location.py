"""Where a checked file lives, said the way CI tools want it: relative to the repository root.

GitHub resolves SARIF URIs and annotation paths against the repository root, whatever
directory the linter ran in, and matches alerts across runs by that path.  So a reported path
must not depend on the working directory: we find the git root from the file itself.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote


@lru_cache(maxsize=None)
def git_root(directory: Path) -> Path | None:
    """The closest directory at or above ``directory`` holding ``.git`` (a folder, or a file
    in worktrees and submodules)."""
    for d in (directory, *directory.parents):
        if (d / ".git").exists():
            return d
    return None


def repo_relative(path: str, cwd: str | None = None) -> tuple[str, bool]:
    """(posix path relative to the git root, or to the working directory when there is no
    repository; True) — or (the path unchanged, False) when the file lies outside both.

    Symlinks are resolved: GitHub does not show results in files reached through a symlink.
    A name that is not a file (standard input) is kept as given.
    """
    base = Path(cwd or os.getcwd()).resolve()
    p = Path(path)
    if (base / p).exists():
        absolute = (base / p).resolve()
        root = git_root(absolute.parent) or base
    elif p.is_absolute() or path.startswith("<"):
        return p.as_posix(), not p.is_absolute()
    else:  # a name given with --stdin-filename: place it as if it were there
        absolute = Path(os.path.normpath(base / p))
        root = git_root(base) or base
    try:
        return absolute.relative_to(root).as_posix(), True
    except ValueError:
        return absolute.as_posix(), False


def uri(path: str, cwd: str | None = None) -> tuple[str, bool]:
    """A SARIF ``artifactLocation.uri`` and whether it is relative to ``%SRCROOT%``.

    Spaces and non-ASCII characters are percent-encoded, as RFC 3986 wants.
    """
    rel, relative = repo_relative(path, cwd)
    if relative:
        return quote(rel, safe="/"), True
    return Path(rel).as_uri(), False
