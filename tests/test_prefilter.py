"""The one-pass prefix finder (``kinds.prefilter``, the ``fast`` extra) changes nothing but speed:
the same offsets as the word index, the same results on the development corpus."""
from pathlib import Path

import pytest

import linter
from linter import source, structure
from linter.kinds import match, prefilter

from conftest import need_corpus

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
POLICY_SUFFIXES = {".txt", ".md", ".html", ".htm", ".markdown"}


@pytest.fixture
def automaton():
    if prefilter.engine() is None:
        pytest.skip("pyahocorasick (the fast extra) is not installed")
    return prefilter.engine()


@pytest.fixture(scope="module")
def rules():
    return linter.load_rules()


def _doc(name: str, text: str) -> structure.Document:
    return structure.build(name, text, source.extractor(source.format_for(name))(text))


def test_offsets_of_every_prefix_are_those_of_the_word_index(automaton, rules):
    text = (EXAMPLES / "inmusic-privacy-policy.txt").read_text(encoding="utf-8")
    # characters outside the BMP and accents before the words: offsets count characters
    text = "Caf\u00e9 \U0001F600 d\u00e9j\u00e0 vu: we do not sell data.\n\n" + text
    doc = _doc("p.txt", text)
    wanted = prefilter.prefixes(rules)
    assert len(wanted) > 500
    prefilter.occurrences(doc.lower, rules)  # a first document may go without (see occurrences)
    every = prefilter.occurrences(doc.lower, rules)
    assert every is not None and every[0] == wanted
    fast, plain = match.Index(doc, every), match.Index(doc)
    word = {s for c in rules for alt in c.present + c.weak for p in alt.patterns for s in p.word_prefixes}
    assert len(word) > 300
    for s in sorted(wanted):
        assert sorted(fast.anywhere(s)) == sorted(plain.anywhere(s)), s
        if s in word:  # where a word starts: as the index looks words up
            assert sorted(fast.at_words(s)) == sorted(plain.at_words(s)), s
    assert fast.at_words("do not s") == plain.at_words("do not s")  # not in the automaton: looked up
    assert fast.at_words("sell") and fast.at_words("data")


def test_rules_running_on_one_document_only_build_no_automaton(automaton, monkeypatch):
    monkeypatch.setattr(prefilter, "_seen", set())
    monkeypatch.setattr(prefilter, "_automata", {})
    rules = linter.load_rules()
    assert prefilter.occurrences("we sell data", rules) is None
    assert not prefilter._automata
    known, every = prefilter.occurrences("we sell data", rules)
    assert "sell" in known and every["sell"] == [3]


def test_without_the_package_nothing_is_passed(monkeypatch, rules):
    monkeypatch.setattr(prefilter, "ahocorasick", None)
    assert prefilter.occurrences("we sell data", rules) is None


def _results(paths, rules):
    return [linter.lint_text(p.read_text(encoding="utf-8"), p.name, rules=rules) for p in paths]


def test_same_results_with_and_without_the_one_pass_finder_on_the_dev_corpus(automaton, rules, monkeypatch):
    corpus = need_corpus()
    paths = sorted(p for p in corpus.iterdir() if p.suffix in POLICY_SUFFIXES)
    assert len(paths) >= 10
    fast = _results(paths, rules)
    monkeypatch.setattr(prefilter, "ahocorasick", None)
    plain = _results(paths, rules)
    assert [r.requirements for r in fast] == [r.requirements for r in plain]
    assert [r.findings for r in fast] == [r.findings for r in plain]
    assert sum(len(r.findings) for r in plain) > 0


def _laws_of(texts, known, monkeypatch, engine: bool) -> list:
    from linter import addressed

    monkeypatch.setattr(addressed, "_automaton", None)
    monkeypatch.setattr(addressed, "_asked", 1)  # past the first policy: the pass is used
    if not engine:
        monkeypatch.setattr(prefilter, "ahocorasick", None)
    out = [addressed.laws_addressed(t, known) for t in texts]
    assert (addressed._automaton[0] is not None) == engine
    return out


def test_the_laws_a_policy_addresses_are_the_same_with_and_without_the_one_pass_finder(automaton, monkeypatch):
    from linter import addressed

    corpus = need_corpus()
    paths = sorted(p for p in corpus.iterdir() if p.suffix in POLICY_SUFFIXES)
    paths += sorted(p for p in EXAMPLES.iterdir() if p.suffix in POLICY_SUFFIXES)
    texts = [source.extractor(source.format_for(p.name))(p.read_text(encoding="utf-8")).text for p in paths]
    # each signal on its own, and names in odd places: mid-word, at the very start and end
    texts += ["GDPR", "we follow the gdpr", "UK", "Texas\u2019s law", "minors", "nEU", "ShineTheLight",
              "Caf\u00e9 in Berlin, Germany", "our LLC", "CA 94105", "\u017fhine the light"]
    known = set(addressed.SIGNALS)
    fast = _laws_of(texts, known, monkeypatch, engine=True)
    plain = _laws_of(texts, known, monkeypatch, engine=False)
    assert fast == plain
    assert len({laws for laws in fast}) > 5  # the policies differ in the laws they address


def test_a_run_of_one_policy_builds_no_automaton_for_the_laws_it_addresses(automaton, monkeypatch):
    from linter import addressed

    monkeypatch.setattr(addressed, "_automaton", None)
    monkeypatch.setattr(addressed, "_asked", 0)
    assert addressed.laws_addressed("Under the GDPR you may ask us", set(addressed.SIGNALS)) == ("gdpr",)
    assert addressed._automaton is None  # the first policy: prefixes looked up one by one
    assert addressed.laws_addressed("California residents", set(addressed.SIGNALS)) == ("ccpa", "caloppa")
    assert addressed._automaton is not None and addressed._automaton[0] is not None
