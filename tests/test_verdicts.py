"""A run whose report shows verdicts only (``Options(evidence=False)``: the text, concise and
github formats) stops at the first place that makes a disclosure instead of ranking them all.
It must change nothing such a report shows: statuses, notes and findings are those of a full run.
"""
from pathlib import Path

import pytest

from linter import api, formats, source
from linter.config import Options
from linter.sourcemap import LineIndex

from conftest import need_corpus

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
POLICIES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in {".txt", ".md", ".html"})
WITHOUT = [name for name in formats.names() if not formats.shows_evidence(name)]


def _run(paths, evidence: bool, **options):
    return api.lint_paths(paths, options=Options(addressed=True, evidence=evidence, **options))


def _verdicts(result):
    return [(f.path, [(r.rule_id, r.status, r.note) for r in f.requirements], f.findings)
            for f in result.files]


@pytest.mark.parametrize("regulations", [None, ("all",)])
def test_examples_get_the_same_verdicts_and_findings_either_way(regulations):
    full, quick = (_run(POLICIES, e, regulations=regulations) for e in (True, False))
    assert sum(len(f.requirements) for f in full.files) > 100
    assert _verdicts(quick) == _verdicts(full)
    # the verdict-only run did take the shortcut: some present requirement kept no ranking
    assert any(r.more for f in full.files for r in f.requirements)
    assert not any(r.more for f in quick.files for r in f.requirements)


def test_a_verdict_only_place_is_quoted_at_its_line_and_column():
    # not shown by the reports that use it, but still a place that makes the disclosure
    result = _run(POLICIES, False, regulations=("all",))
    seen = 0
    for f in result.files:
        text = Path(f.path).read_text(encoding="utf-8-sig")
        starts = LineIndex(text).starts
        for r in f.requirements:
            if r.status == "present":
                at = starts[r.position.line - 1] + r.position.column - 1
                assert r.evidence and text[at:at + len(r.evidence)] == r.evidence, (f.path, r)
                seen += 1
    assert seen > 50


@pytest.mark.parametrize("name", WITHOUT)
def test_formats_that_show_no_evidence_render_the_same_report(name):
    full, quick = (_run(POLICIES, e) for e in (True, False))
    assert formats.render(name, quick) == formats.render(name, full)


def test_the_formats_that_quote_present_evidence_ask_for_it():
    assert set(WITHOUT) == {"text", "concise", "github"}
    assert all(formats.shows_evidence(n) for n in ("json", "sarif", "html", "markdown"))


def test_dev_corpus_gets_the_same_verdicts_and_findings_either_way():
    corpus = need_corpus()
    paths = sorted(p for p in corpus.iterdir() if p.suffix in source.FORMATS)
    assert len(paths) >= 10
    for regulations in (None, ("all",)):
        full, quick = (_run(paths, e, regulations=regulations) for e in (True, False))
        assert _verdicts(quick) == _verdicts(full)
