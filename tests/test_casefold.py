"""Text outside ASCII that ``re`` folds otherwise than ``str.lower`` still goes through the
word index (``casefold``), and the index finds exactly what the patterns match there."""
import re

import pytest

import linter
from linter import addressed, casefold, source, structure
from linter.kinds import match, prefilter
from linter.patterns import Pattern

from conftest import ROOT

# characters to compare with ``re``: the folded groups, the scripts they come from and ASCII
SAMPLE = sorted({chr(c) for lo, hi in ((0x20, 0x24F), (0x370, 0x52F), (0x1C80, 0x1C8F), (0x1E00, 0x1FFF),
                                       (0x2126, 0x212B), (0xA640, 0xA69F), (0xFB00, 0xFB06))
                 for c in range(lo, hi + 1)} | {chr(c) for c in casefold.FOLD} | set(casefold.FOLD.values()))
assert "\u0130" in SAMPLE  # "İ", which str.lower makes two characters and re makes "i"


def test_the_fold_never_changes_ascii_and_is_settled_in_one_step():
    assert not any(chr(k).isascii() for k in casefold.FOLD)
    assert all(v not in map(chr, casefold.FOLD) for v in casefold.FOLD.values())
    assert casefold.fold("Consent, SETTINGS") == "Consent, SETTINGS"


def test_two_characters_read_alike_exactly_when_re_matches_one_to_the_other():
    wrong = []
    for p in [c for c in SAMPLE if c.isalpha()]:
        one = re.compile(re.escape(p), re.IGNORECASE)
        for x in SAMPLE:
            if bool(one.fullmatch(x)) != (casefold.char(x) == casefold.char(p)):
                wrong.append((p, x))
    assert not wrong, wrong[:10]


# what a policy of an international site holds beside English: a language menu, a Greek
# summary, a long s in an old-style word, a dotless i
MENU = "English | Deutsch | Русский | Ελληνικά | Türkçe | Српски | İstanbul ofisi\n\n"
GREEK = ("\n\nΣΥΝΟΨΗ. Επεξεργαζόμαστε τα προσωπικά σας δεδομένα μόνο με τη συγκατάθεσή σας. "
         "We ask for your conſent before we ſhare data; you may wıthdraw it at any time. "
         "WE WILL NOT SELL YOUR PERSONAL İNFORMATİON.\n\n")


def _odd_policies():
    for name in ("compliant-privacy-policy.md", "studio-privacy-policy.html", "allegro-music-center-privacy-policy.txt"):
        text = (ROOT / "examples" / name).read_text(encoding="utf-8")
        if name.endswith(".html"):
            cut = text.index("<body>") + len("<body>")
            text = text[:cut] + "<p>" + MENU.strip() + "</p>" + text[cut:].replace("</body>", "<p>" + GREEK.strip() + "</p></body>")
        else:
            half = text.index("\n\n", len(text) // 2)
            text = MENU + text[:half] + GREEK + text[half:]
        yield name, text


@pytest.fixture(scope="module")
def rules():
    return linter.load_rules()


@pytest.mark.parametrize("name,text", list(_odd_policies()), ids=lambda v: v if len(v) < 60 else "")
def test_the_index_finds_what_each_pattern_matches_in_text_with_odd_folds(name, text, rules):
    doc = structure.build(name, text, source.extractor(source.format_for(name, text))(text))
    assert {"ς", "ſ", "ı", "\u0130"} <= set(doc.match_text)
    match.prepare(doc, rules)
    assert match.doc_index(doc) is not None  # before the fold these went without the index
    anchored = [p for p in prefilter.patterns_of(rules).values() if p.anchored]
    assert len(anchored) > 500
    wrong = [p.source for p in anchored
             if match.scan(doc, p) != [m.span() for m in p.finditer(doc.match_text)]]
    assert not wrong, wrong[:5]
    spans = [m.span() for m in Pattern(r"\bconsent before we share\b").finditer(doc.match_text)]
    assert spans and match.scan(doc, Pattern(r"\bconsent before we share\b")) == spans


def test_a_rule_written_in_greek_finds_every_spelling_re_accepts():
    text = ("Πολιτική απορρήτου.\n\nΖητάμε τη ΣΥΓΚΑΤΆΘΕΣΉ σας.\n\nΗ συγκατάθεςη δίνεται ελεύθερα.\n\n"
            "Δόσεις 5 µg και 5 μg.")
    doc = structure.build("gr.txt", text, source.extractor("plain")(text))
    assert match.doc_index(doc) is not None
    for src in (r"\bσυγκατάθεσ", r"\b5 μg\b", r"\bσυγκατάθεση\b"):
        p = Pattern(src)
        expected = [m.span() for m in re.finditer(src, doc.match_text, re.IGNORECASE)]
        assert expected and match.scan(doc, p) == expected, src


def test_a_lint_of_text_with_odd_folds_gives_what_a_full_scan_gives(rules, monkeypatch):
    name, text = next(_odd_policies())
    indexed = linter.lint_text(text, name, rules=rules)
    monkeypatch.setattr(match, "_plain_case", lambda doc: False)  # every pattern scanned in full
    monkeypatch.setattr(match, "_scan", lambda doc, pattern, reach=2: pattern.finditer(doc.match_text))
    scanned = linter.lint_text(text, name, rules=rules)
    assert indexed.requirements == scanned.requirements and indexed.findings == scanned.findings
    assert sum(r.status == "present" for r in indexed.requirements) > 10


def test_the_lowered_text_is_kept_only_while_every_offset_stays_where_it_was(monkeypatch):
    # on this Python every character lower-cases to one ("İ" included), so it is kept ...
    text = "".join(SAMPLE)
    assert casefold.aligned(text) == casefold.lower(text)
    assert len(casefold.aligned(text)) == len(text)
    # ... and were a later Unicode to make one two, neither the index nor the signals use it
    monkeypatch.setattr(casefold, "lower", lambda t: t.lower().replace("k", "kk"))
    assert casefold.aligned("Kid") is None
    assert addressed.stand_in("Kid") is None
    doc = structure.build("p.md", "Kids", source.extractor("markdown")("Kids"))
    assert doc.lower is None and match.doc_index(doc) is None
