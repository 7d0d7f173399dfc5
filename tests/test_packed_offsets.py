"""A large document keeps its offset lists packed in arrays (``match.packer``): less memory,
the same results as lists."""
from array import array
from pathlib import Path

import pytest

import linter
from linter import source, structure
from linter.kinds import match, prefilter

from conftest import need_corpus

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
POLICY_SUFFIXES = {".txt", ".md", ".html", ".htm", ".markdown"}


@pytest.fixture(scope="module")
def rules():
    return linter.load_rules()


def _results(paths, rules):
    out = []
    for p in paths:
        r = linter.lint_text(p.read_text(encoding="utf-8"), p.name, rules=rules)
        out.append((r.requirements, r.findings))
    return out


def _same_packed_or_not(paths, rules, monkeypatch):
    lists = _results(paths, rules)
    monkeypatch.setattr(match, "PACK_FROM", 0)  # every document packs
    packed = _results(paths, rules)
    assert packed == lists
    assert sum(len(findings) for _, findings in lists) > 0


@pytest.mark.parametrize("one_pass", [True, False], ids=["one-pass finder", "word index"])
def test_packed_offsets_give_the_results_lists_give_on_the_examples(one_pass, rules, monkeypatch):
    if not one_pass:
        monkeypatch.setattr(prefilter, "ahocorasick", None)
    elif prefilter.engine() is None:
        pytest.skip("pyahocorasick (the fast extra) is not installed")
    paths = sorted(p for p in EXAMPLES.iterdir() if p.suffix in POLICY_SUFFIXES)
    assert len(paths) >= 4
    # the second round of each policy uses the one-pass finder, when installed
    _same_packed_or_not(paths + paths, rules, monkeypatch)


def test_packed_offsets_give_the_results_lists_give_on_the_dev_corpus(rules, monkeypatch):
    corpus = need_corpus()
    paths = sorted(p for p in corpus.iterdir() if p.suffix in POLICY_SUFFIXES)
    assert len(paths) >= 10
    _same_packed_or_not(paths, rules, monkeypatch)


def _index(text: str) -> match.Index:
    doc = structure.build("p.txt", text, source.extractor("plain")(text))
    return match.Index(doc)


def test_a_large_document_keeps_arrays_and_a_small_one_lists():
    sentence = "We do not sell your personal information to third parties. "
    many = match.PACK_FROM // len(sentence) + 1
    small, large = _index(sentence * 10), _index(sentence * many)
    for ix, kind, n in ((small, list, 10), (large, array, many)):
        found = ix.at_words("sell")
        assert type(found) is kind
        assert len(found) == n and list(found) == sorted(found)
        assert type(ix.anywhere("third part")) is kind
    # the same offsets either way, where the texts agree
    assert list(large.at_words("sell"))[:10] == small.at_words("sell")
