"""Baselines: accept today's findings so that only new ones are reported.

A baseline is JSON: ``{"version": 1, "findings": [{"rule", "path", "fingerprint", "message"}]}``.
Paths are stored relative to the baseline file, so the run's working directory does not matter.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from .record import replace
from pathlib import Path

from . import pipes
from .errors import UserError
from .fingerprint import fingerprints
from .output import write_atomic

VERSION = 1


def _path_key(path: str, base: Path) -> str:
    if path.startswith("<"):
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), base)).as_posix()
    except ValueError:
        return Path(path).as_posix()


def entries(result, base: Path) -> list[dict]:
    out = []
    for f in result.files:
        key = _path_key(f.path, base)
        for finding, fp in zip(f.findings, fingerprints(f.findings, key)):
            out.append({"rule": finding.rule_id, "path": key, "fingerprint": fp,
                        "message": finding.message})
    return out


def write(result, file: str | Path) -> int:
    """Record every finding of ``result`` in ``file`` (atomically); returns how many."""
    file = Path(file)
    items = entries(result, file.resolve().parent)
    text = json.dumps({"version": VERSION, "tool": "privacylint", "findings": items},
                      indent=2, ensure_ascii=False) + "\n"
    write_atomic(file, text)
    return len(items)


def read(file: str | Path) -> Counter:
    """The (path, fingerprint) pairs a baseline records; anything else is a one-line error."""
    file = Path(file)
    try:
        with pipes.open_read(file) as handle:
            data = json.loads(handle.read().decode("utf-8"))
    except FileNotFoundError:
        raise UserError(f"{file}: baseline not found (create it with --write-baseline)") from None
    except ValueError as exc:  # also UnicodeDecodeError
        line = getattr(exc, "lineno", 1)
        msg = getattr(exc, "msg", None) or str(exc)
        raise UserError(f"{file}:{line}: not a privacylint baseline: {msg}") from None
    except RecursionError:
        raise UserError(f"{file}:1: not a privacylint baseline: nested too deeply") from None
    except OSError as exc:
        raise UserError(f"{file}: cannot read baseline: {exc.strerror or exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION \
            or not isinstance(data.get("findings"), list):
        raise UserError(f"{file}:1: not a privacylint baseline (version {VERSION})")
    known: Counter = Counter()
    for i, e in enumerate(data["findings"]):
        if not isinstance(e, dict):
            raise UserError(f"{file}:1: findings/{i}: expected an object with path and fingerprint")
        for key in ("path", "fingerprint"):
            if not isinstance(e.get(key), str):
                raise UserError(f"{file}:1: findings/{i}/{key}: expected a string, "
                                f"got {type(e.get(key)).__name__}")
        known[(e["path"], e["fingerprint"])] += 1
    return known


def apply(result, file: str | Path):
    """``result`` without the findings recorded in the baseline (moved to ``suppressed``)."""
    known = read(file)
    base = Path(file).resolve().parent
    return replace(result, files=tuple(apply_file(f, known, base) for f in result.files))


def apply_file(f, known: Counter, base: Path):
    """One file's result without the findings in ``known`` (as ``read`` gives it); ``base``
    is the baseline's folder."""
    key = _path_key(f.path, base)
    kept, accepted = [], []
    for finding, fp in zip(f.findings, fingerprints(f.findings, key)):
        (accepted if known[(key, fp)] > 0 else kept).append(finding)
    return replace(f, findings=tuple(kept), suppressed=f.suppressed + tuple(accepted))
