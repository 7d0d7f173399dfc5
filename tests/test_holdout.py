"""Generalisation check: the bundled rules against hand-written, hand-labelled policies.

tests/fixtures/holdout/ holds policies written for this test (not taken from the dev corpus the
rules were tuned on), each with NAME.labels.yaml in the corpus labelling format
(../shared/corpus/LABELING.md).  The scoring follows the corpus scorer: a requirement is
*flagged* when its status is missing or weak (or it is not reported at all), and the positive
class is "should be flagged" (label present: false).  A confirmed requirement whose label says
present must point at a line within LINE_SLACK lines of a labelled line.
"""
from pathlib import Path

import pytest
import yaml

import linter

HOLDOUT = Path(__file__).resolve().parent / "fixtures" / "holdout"
# A second set written later, in voices and layouts unlike the usual templates (FAQ, numbered
# B2B clauses, layered notice, second person, translated from German, CRLF text, ad-tech HTML).
HOLDOUT2 = Path(__file__).resolve().parent / "fixtures" / "holdout2"
FLAGGED = {"missing", "weak"}
LINE_SLACK = 2
MIN_F1 = 0.95  # measured 0.891 before and 1.000 after the fixes that these fixtures prompted;
#               the fixes were fitted to them, so a margin below the measured value
# holdout2: F1 0.833 (precision 0.723, recall 0.984, evidence 0.904) before any rule saw it,
# F1 1.000 and evidence 0.972 after the fixes it prompted; bars a margin below those
MIN_F1_2 = 0.95
MIN_EVIDENCE_2 = 0.93
# A third set (store boilerplate HTML, GLBA bank notice with a CCPA part in CRLF text, Irish SaaS,
# French notice in translation, podcast app, ride-hailing HTML, no-logs VPN, children's game with a
# COPPA notice, UK alumni statement with a BOM and underlined titles, WordPress blog with a cookie
# plugin, telehealth with HIPAA, German marketplace with joint controllers), written and labelled
# before the rules were run on it.  Before any fix: F1 0.781 (precision 0.658, recall 0.961,
# evidence 0.929); 0.785 after the label corrections noted in the commit (one status, seven
# line lists).  After the general fixes it prompted: F1 0.993, evidence 1.000.  Bars a margin
# below, as above.
HOLDOUT3 = Path(__file__).resolve().parent / "fixtures" / "holdout3"
MIN_F1_3 = 0.95
MIN_EVIDENCE_3 = 0.95
# A fourth set (Swedish municipality on public task and archive law, Spanish hotel chain in
# translation, Polish software house with section signs, Belgian NGO, Austrian practice with a
# Datenschutzbeauftragter by post, UK estate agent, Dutch webshop with cookie tables, Maltese casino
# with risk scoring, Swiss bank under revFADP and GDPR, Czech SaaS with a sub-processor table),
# written and labelled before the rules were run on it.  Before any fix: F1 0.714 (precision 0.556,
# recall 1.000, evidence 0.924), after labelling the ccpa ids by the corpus convention.  After the
# first general fixes (complaint wording, withdrawal of "it"/permission, automated scoring, dates in
# dd-mm-yyyy and German/French/Spanish months): F1 0.774, evidence 0.933.  Many false alarms remain,
# so the bar only guards against regressions; raise it as the fixes land.
HOLDOUT4 = Path(__file__).resolve().parent / "fixtures" / "holdout4"
MIN_F1_4 = 0.90
MIN_EVIDENCE_4 = 0.95
# A sixth set (eight EU/UK notices: Italian fashion shop in translation, Portuguese language app,
# Estonian e-residency provider, Greek ferry line in HTML, Irish pharmacy chain with a DPO, Finnish
# game studio, UK NHS dentist, Luxembourg investment fund), written and labelled before the rules
# were run on it.  Before any fix: F1 0.800 (precision 0.682, recall 0.968, evidence 0.914; 0.943
# after two controller-contact line lists were completed with the contact-channel line).  After the
# general gdpr/general fixes it prompted: F1 0.897, evidence 1.000; every remaining error is in the
# ccpa/coppa rules (general access/erasure/request wording for the ccpa ids, a parent's right to see
# a child's records), so the bar sits a margin below the measured value; raise it as those land.
HOLDOUT6 = Path(__file__).resolve().parent / "fixtures" / "holdout6"
MIN_F1_6 = 0.85
MIN_EVIDENCE_6 = 0.95


def _cases(directory=HOLDOUT):
    out = []
    for labels in sorted(directory.glob("*.labels.yaml")):
        doc = yaml.safe_load(labels.read_text(encoding="utf-8"))
        out.append((directory / doc["policy"], doc["labels"]))
    return out


CASES = _cases()
CASES2 = _cases(HOLDOUT2)
CASES3 = _cases(HOLDOUT3)
CASES4 = _cases(HOLDOUT4)
CASES6 = _cases(HOLDOUT6)


def _lint(cases):
    rules = linter.load_rules()
    out = {}
    for path, _ in cases:
        # read bytes: keep CRLF line ends exactly as stored, like the command-line front end
        text = path.read_bytes().decode("utf-8")
        result = linter.lint_text(text, str(path), rules=rules)
        out[path.name] = {r.rule_id: r for r in result.requirements}
    return out


@pytest.fixture(scope="module")
def results():
    return _lint(CASES)


@pytest.fixture(scope="module")
def results2():
    return _lint(CASES2)


@pytest.fixture(scope="module")
def results3():
    return _lint(CASES3)


@pytest.fixture(scope="module")
def results4():
    return _lint(CASES4)


@pytest.mark.parametrize("cases", [CASES, CASES2, CASES3, CASES4], ids=["holdout", "holdout2", "holdout3", "holdout4"])
def test_every_fixture_is_labelled_for_every_id(cases):
    assert len(cases) >= 10
    ids = set(cases[0][1])
    assert len(ids) == 20
    for path, labels in cases:
        assert path.is_file(), path
        assert set(labels) == ids, path.name
        for rid, lab in labels.items():
            if lab["present"]:
                assert lab.get("lines"), (path.name, rid)


def _confusion(results, cases=CASES):
    tp = fp = fn = tn = 0
    errors = []
    for path, labels in cases:
        got = results[path.name]
        for rid, lab in labels.items():
            r = got.get(rid)
            flagged = r is None or r.status in FLAGGED
            should = not lab.get("present", False)
            if flagged and should:
                tp += 1
            elif flagged:
                fp += 1
                errors.append(f"FP {path.name} {rid}: {r.status if r else 'not reported'}")
            elif should:
                fn += 1
                errors.append(f"FN {path.name} {rid}: confirmed at line {r.position.line if r.position else None}")
            else:
                tn += 1
    return tp, fp, fn, tn, errors


def test_flagging_f1(results):
    tp, fp, fn, tn, errors = _confusion(results)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert f1 >= MIN_F1, (f"precision {precision:.3f} recall {recall:.3f} f1 {f1:.3f}", errors)


@pytest.mark.parametrize("path,labels", CASES, ids=[p.name for p, _ in CASES])
def test_confirmed_evidence_is_at_a_labelled_line(results, path, labels):
    got = results[path.name]
    wrong = []
    for rid, lab in labels.items():
        r = got.get(rid)
        if r is None or r.status in FLAGGED or not lab.get("present"):
            continue
        line = r.position.line if r.position else None
        if line is None or not any(abs(line - l) <= LINE_SLACK for l in lab["lines"]):
            wrong.append((rid, line, lab["lines"]))
    assert not wrong, wrong


def test_holdout2_flagging_f1_and_evidence(results2):
    _check_f1_and_evidence(results2, CASES2, MIN_F1_2, MIN_EVIDENCE_2)


def test_holdout3_flagging_f1_and_evidence(results3):
    _check_f1_and_evidence(results3, CASES3, MIN_F1_3, MIN_EVIDENCE_3)


def _check_f1_and_evidence(results, cases, min_f1, min_evidence):
    tp, fp, fn, tn, errors = _confusion(results, cases)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert f1 >= min_f1, (f"precision {precision:.3f} recall {recall:.3f} f1 {f1:.3f}", errors)
    ok = n = 0
    wrong = []
    for path, labels in cases:
        for rid, lab in labels.items():
            r = results[path.name].get(rid)
            if r is None or r.status in FLAGGED or not lab.get("present"):
                continue
            n += 1
            line = r.position.line if r.position else None
            if line is not None and any(abs(line - l) <= LINE_SLACK for l in lab["lines"]):
                ok += 1
            else:
                wrong.append((path.name, rid, line, lab["lines"]))
    assert n and ok / n >= min_evidence, (f"evidence {ok}/{n}", wrong)


def test_holdout4_flagging_f1_and_evidence(results4):
    _check_f1_and_evidence(results4, CASES4, MIN_F1_4, MIN_EVIDENCE_4)


@pytest.fixture(scope="module")
def results6():
    return _lint(CASES6)


def test_holdout6_is_labelled_for_every_id():
    assert len(CASES6) >= 8
    ids = set(CASES[0][1])
    for path, labels in CASES6:
        assert path.is_file(), path
        assert set(labels) == ids, path.name
        for rid, lab in labels.items():
            if lab["present"]:
                assert lab.get("lines"), (path.name, rid)


def test_holdout6_flagging_f1_and_evidence(results6):
    _check_f1_and_evidence(results6, CASES6, MIN_F1_6, MIN_EVIDENCE_6)
