"""Line-independent identity of a finding, shared by the baseline and SARIF partialFingerprints.

A finding is known by its rule id, its file path and its anchor (the evidence text, or the
title of the section a missing disclosure belongs to), normalised so that re-wrapping or
re-casing does not change it.  Line numbers are left out on purpose: an edit above a finding
must not make it new (detect-secrets' lesson).  Findings with the same identity in one file
are told apart by an occurrence counter (1, 2, ...), as GitHub does for its line hashes.
"""
from __future__ import annotations

import hashlib
import unicodedata


def normalise(anchor: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", anchor).casefold().split())


def fingerprint(rule_id: str, path: str, anchor: str) -> str:
    """Hash of rule, path (or URI) and normalised anchor; the caller adds the counter."""
    return hashlib.sha256(f"{rule_id}\0{path}\0{normalise(anchor)}".encode()).hexdigest()[:32]


def fingerprints(findings, path: str) -> list[str]:
    """``"<hash>:<n>"`` for each finding of one file, in order; n counts equal hashes from 1."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        h = fingerprint(f.rule_id, path, f.anchor)
        seen[h] = seen.get(h, 0) + 1
        out.append(f"{h}:{seen[h]}")
    return out
