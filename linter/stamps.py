"""Remember the content hash of files that have not changed, without reading them again.

The rulebook cache is named by a hash of the rulebook's contents (so checkouts and installs
of one rulebook share it); reading and hashing its files was a tenth of a one-file run.  A
file's *stamp* is what the system changes whenever the file is written or replaced: path,
size, inode, modification and status-change times.  The status-change time cannot be set
back by copying tools (``cp -p``, ``tar``, ``rsync -t`` restore the modification time only),
so an equal stamp means the file was not rewritten since it was hashed.  The stamps are
taken before the files are read, so a file rewritten while it is being read is hashed again
on the next run.
"""
from __future__ import annotations

import os
from pathlib import Path

from . import regexcache

NAME = "stamps.marshal"
KEEP = 64  # stamp sets remembered (checkouts, rulebooks, branches in use on one machine)


SETTLED_NS = 2_000_000_000  # a file changed less than this ago may change again in the same tick


def key_of(paths) -> tuple[str, bool]:
    """(the stamps of ``paths`` as one key, whether they may be remembered).

    Timestamps have a granularity (a few milliseconds): a file written twice within one tick
    keeps its stamp if its size is kept too.  As git does with its index, a file changed in
    the last two seconds is not remembered; it is hashed again until it has settled.  Raises
    OSError when a file cannot be read."""
    import time

    now, parts, settled = time.time_ns(), [], True
    for path in paths:
        st = os.stat(path)
        parts.append(f"{os.path.abspath(path)}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}"
                     f"\0{st.st_ino}\0{st.st_dev}")
        settled = settled and now - max(st.st_mtime_ns, st.st_ctime_ns) > SETTLED_NS
    return "\n".join(parts), settled


def _load(folder: Path) -> dict:
    try:
        data = regexcache.unseal(NAME, (folder / NAME).read_bytes())
    except OSError:
        return {}
    if isinstance(data, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return data
    return {}  # damaged: start again


def recall(folder: Path, key: str) -> str | None:
    """The hash recorded for ``key`` (the stamps of a set of files), if any."""
    return _load(folder).get(key)


def record(folder: Path, key: str, digest: str) -> None:
    """Remember ``digest`` for ``key``; a cache that cannot be written only costs speed."""
    known = _load(folder)
    if known.get(key) == digest:
        return
    known.pop(key, None)
    known[key] = digest  # the newest last; the oldest go first
    while len(known) > KEEP:
        del known[next(iter(known))]
    try:
        regexcache.write_atomic(folder / NAME, regexcache.seal(NAME, known))
    except (OSError, ValueError):
        pass
