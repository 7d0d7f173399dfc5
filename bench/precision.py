"""Write rules/precision.json: each rule's SARIF ``precision`` from the measured docs/accuracy.json.

GitHub code scanning sorts alerts by ``properties.precision`` (very-high, high, medium, low).
The level must come from measurement, so it is derived from docs/accuracy.json (made by
bench/accuracy.py) and shipped with the rulebooks.  Run after bench/accuracy.py:

    python bench/precision.py

tests/test_sarif_github.py fails when the two files disagree.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def level(measured: dict) -> str:
    """very-high: >= 0.97 over at least 20 findings; high: what the accuracy bar accepts
    (>= 0.90, docs/accuracy.md); medium: >= 0.75 over at least 5 findings, or too few findings
    to tell; low: below that."""
    total = measured["total"]
    n = total["tp"] + total["fp"]
    p = total["precision"]
    if p is not None and n >= 20 and p >= 0.97:
        return "very-high"
    if measured.get("shows_precision"):
        return "high"
    if p is None or n < 5 or p >= 0.75:
        return "medium"
    return "low"


def levels(report: dict) -> dict[str, str]:
    return {rule: level(m) for rule, m in sorted(report["rules"].items()) if not m.get("manual")}


def main() -> None:
    report = json.loads((ROOT / "docs" / "accuracy.json").read_text(encoding="utf-8"))
    out = {"source": "docs/accuracy.json (bench/precision.py)", "precision": levels(report)}
    (ROOT / "rules" / "precision.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n",
                                                   encoding="utf-8")


if __name__ == "__main__":
    main()
