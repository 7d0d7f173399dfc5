"""Where a checked file lives, said the way CI tools want it: relative to the repository root.

GitHub resolves SARIF URIs and annotation paths against the root of the repository it scanned
(the checkout), whatever directory the linter ran in, and matches alerts across runs by that
path.  So a reported path must not depend on the working directory inside that repository.
The scanned repository is ``$GITHUB_WORKSPACE`` in Actions, else the git root of the working
directory; a file in a nested repository (a submodule, a vendored checkout) is reported
relative to that outer root, as the checkout sees it.  Only a file outside it falls back to
the git root of the file itself.
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


def scanned_root(base: Path, absolute: Path) -> Path | None:
    """The root of the repository being scanned, if ``absolute`` lies inside it."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    for root in (Path(workspace).resolve() if workspace else None, git_root(base)):
        if root is not None and absolute.is_relative_to(root):
            return root
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
        root = scanned_root(base, absolute) or git_root(absolute.parent) or base
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

    Spaces and non-ASCII characters are percent-encoded, as RFC 3986 wants; a name's bytes
    that are not UTF-8 (kept by Python as lone surrogates) are encoded as the bytes they are.
    """
    rel, relative = repo_relative(path, cwd)
    if relative:
        return quote(rel, safe="/", errors="surrogateescape"), True
    return Path(rel).as_uri(), False
