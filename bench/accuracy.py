"""Measure every rule on every labelled policy set and write docs/accuracy.md and .json.

    python bench/accuracy.py            # measure what is available, rewrite both files
    python bench/accuracy.py --print    # measure and print, write nothing

Sets: the project's own hand-written holdouts (tests/fixtures/holdout*/, always here), the dev
corpus (../shared/corpus/dev, with the extra ids labelled in tests/labels/dev/*/) and the
development halves of the external corpora (../shared/corpus/external/*), when present.

Scoring follows ../shared/corpus/score.py: a requirement is *flagged* when its status is missing
or weak (or it is not reported); the positive class is "should be flagged" (label present:
false), so precision is the share of raised findings that are right.  A label with
``applies: false`` (the duty does not arise) should not be flagged and carries no evidence.
An "Applies if ..." note (a duty resting on a fact the text does not establish) on such a label
is counted as correct.  A confirmed requirement must point within LINE_SLACK lines of a
labelled line.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import linter  # noqa: E402
from linter import config  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
FLAGGED = {"missing", "weak"}
LINE_SLACK = 2
PRECISION_BAR = 0.90  # below it a rule may not report at error by default
MIN_CHANCES = 5       # a rule that never fired shows its precision only over this many chances


def label_sets() -> list[tuple[str, Path, list[Path]]]:
    """(name, policy folder, extra label folders) for every set available here."""
    sets = [(d.name, d, []) for d in sorted((ROOT / "tests" / "fixtures").glob("holdout*"))]
    if (SHARED / "dev").is_dir():
        sets.append(("dev", SHARED / "dev", sorted((ROOT / "tests" / "labels" / "dev").glob("*/"))))
    for d in sorted((SHARED / "external").glob("*/")):
        sets.append((d.name, d, []))
    return sets


def load_labels(folder: Path, extra: list[Path]) -> dict[str, dict]:
    labels: dict[str, dict] = {}
    for f in sorted(folder.glob("*.labels.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        labels.setdefault(doc["policy"], {}).update(doc["labels"])
    for d in extra:
        for f in sorted(d.glob("*.labels.yaml")):
            doc = yaml.safe_load(f.read_text(encoding="utf-8"))
            labels.setdefault(doc["policy"], {}).update(doc["labels"])
    return labels


def measure(folder: Path, labels: dict[str, dict], rules) -> dict[str, dict]:
    """Per rule id: tp, fp, fn, tn, evidence_ok, evidence_n, and the wrong decisions."""
    paths = [str(folder / name) for name in sorted(labels)]
    run = linter.lint_paths(paths, rules=rules, options=config.Options(regulations=("all",),
                                                                        isolated=True))
    got = {Path(r.path).name: {q.rule_id: q for q in r.requirements} for r in run.files}
    # a duty that depends on a fact the text does not establish is reported as an "Applies if"
    # note: for a label saying the duty does not arise, that is the right answer, not an alarm
    noted = {(Path(r.path).name, f.rule_id) for r in run.files for f in r.findings
             if f.severity == "info" and f.message.startswith("Applies if")}
    out: dict[str, dict] = {}
    for policy, plabels in sorted(labels.items()):
        for rid, lab in sorted(plabels.items()):
            s = out.setdefault(rid, {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "evidence_ok": 0,
                                     "evidence_n": 0, "errors": []})
            req = got.get(policy, {}).get(rid)
            status = req.status if req else "missing"
            applies = lab.get("applies", True) is not False
            flagged = status in FLAGGED and (applies or (policy, rid) not in noted)
            should = applies and not lab.get("present", False)
            if flagged and should:
                s["tp"] += 1
            elif flagged:
                s["fp"] += 1
                s["errors"].append(f"FP {policy}: {status}, labelled "
                                   + ("not applicable" if not applies else f"present at {lab.get('lines')}"))
            elif should:
                s["fn"] += 1
                s["errors"].append(f"FN {policy}: {status} at line "
                                   f"{req.position.line if req and req.position else None}")
            else:
                s["tn"] += 1
                if applies and lab.get("lines"):
                    s["evidence_n"] += 1
                    line = req.position.line if req and req.position else None
                    if line is not None and any(abs(line - x) <= LINE_SLACK for x in lab["lines"]):
                        s["evidence_ok"] += 1
                    else:
                        s["errors"].append(f"LINE {policy}: at {line}, labelled {lab['lines']}")
    return out


def ratios(s: dict) -> dict:
    def r(a, b):
        return round(a / b, 3) if b else None
    return {"precision": r(s["tp"], s["tp"] + s["fp"]), "recall": r(s["tp"], s["tp"] + s["fn"]),
            "evidence": r(s["evidence_ok"], s["evidence_n"]),
            "labels": s["tp"] + s["fp"] + s["fn"] + s["tn"]}


def pooled(per_set: dict[str, dict]) -> dict:
    keys = ("tp", "fp", "fn", "tn", "evidence_ok", "evidence_n")
    return {k: sum(s[k] for s in per_set.values()) for k in keys}


def shows_precision(total: dict) -> bool:
    """Whether measurement shows precision >= the bar: over its findings, or, for a rule that
    raised none, over at least MIN_CHANCES labels where a false alarm was possible."""
    fired = total["tp"] + total["fp"]
    if fired:
        return total["tp"] / fired >= PRECISION_BAR
    return total["tn"] >= MIN_CHANCES


def build(rules) -> dict:
    per_rule: dict[str, dict] = {c.rule.id: {} for c in rules}
    sets = []
    for name, folder, extra in label_sets():
        labels = load_labels(folder, extra)
        if not labels:
            continue
        sets.append({"name": name, "policies": len(labels)})
        for rid, s in measure(folder, labels, rules).items():
            if rid in per_rule:
                per_rule[rid][name] = s
    report = {"sets": sets, "precision_bar": PRECISION_BAR, "rules": {}}
    for c in rules:
        rid = c.rule.id
        total = pooled(per_rule[rid])
        report["rules"][rid] = {
            "severity": c.rule.severity, "manual": c.rule.manual,
            "total": {**total, **ratios(total)},
            "shows_precision": (not c.rule.manual) and shows_precision(total),
            "sets": {k: {**{x: v[x] for x in ("tp", "fp", "fn", "tn", "evidence_ok", "evidence_n")},
                         **ratios(v)} for k, v in sorted(per_rule[rid].items())},
        }
    return report


def _fmt(x) -> str:
    return "–" if x is None else f"{x:.2f}"


def render_markdown(report: dict, errors: dict | None = None) -> str:
    lines = [
        "# Accuracy of every rule",
        "",
        "Generated by `python bench/accuracy.py` from the labelled policy sets; do not edit by hand.",
        "Precision is the share of findings (missing or weak) that are right; recall the share of",
        "absent disclosures that are found; evidence the share of confirmed disclosures quoted at a",
        f"labelled line (±{LINE_SLACK}). Pooled over every set. A rule that cannot show precision",
        f"≥ {PRECISION_BAR:.2f} (over its findings, or with no finding over at least {MIN_CHANCES} chances",
        "to raise a false one) does not report at `error` by default.",
        "",
        "Sets: " + ", ".join(f"`{s['name']}` ({s['policies']} policies)" for s in report["sets"]) + ".",
        "",
        "| rule | severity | labels | precision | recall | evidence | tp fp fn tn | shows ≥ bar | per set (P/R/E) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for rid, r in sorted(report["rules"].items()):
        t = r["total"]
        if r["manual"]:
            lines.append(f"| `{rid}` | manual | – | – | – | – | – | manual check | – |")
            continue
        per = "; ".join(f"{k} {_fmt(v['precision'])}/{_fmt(v['recall'])}/{_fmt(v['evidence'])}"
                        for k, v in r["sets"].items()) or "no labels"
        lines.append(f"| `{rid}` | {r['severity']} | {t['labels']} | {_fmt(t['precision'])} | "
                     f"{_fmt(t['recall'])} | {_fmt(t['evidence'])} | {t['tp']} {t['fp']} {t['fn']} {t['tn']} | "
                     f"{'yes' if r['shows_precision'] else 'no'} | {per} |")
    unlabelled = [rid for rid, r in sorted(report["rules"].items()) if not r["manual"] and not r["sets"]]
    lines += ["", f"Rules with no labelled case: {', '.join(f'`{x}`' for x in unlabelled) or 'none'}.", ""]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--print", action="store_true", help="print the table, write nothing")
    ap.add_argument("--errors", metavar="RULE", help="print every wrong decision of one rule id")
    args = ap.parse_args()
    rules = linter.load_rules()
    report = build(rules)
    if args.errors:
        for name, folder, extra in label_sets():
            labels = load_labels(folder, extra)
            s = measure(folder, labels, rules).get(args.errors)
            for e in (s or {}).get("errors", []):
                print(f"{name}: {e}")
        return 0
    md = render_markdown(report)
    if args.print:
        print(md)
        return 0
    (ROOT / "docs" / "accuracy.md").write_text(md, encoding="utf-8")
    (ROOT / "docs" / "accuracy.json").write_text(json.dumps(report, indent=1, sort_keys=True) + "\n",
                                                 encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
