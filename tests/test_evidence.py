"""Line numbers are sacred: evidence quoted for a present requirement sits at its line and column."""
from pathlib import Path

import pytest

import linter
from linter.sourcemap import LineIndex

from conftest import CORPUS, ROOT

FILES = sorted((ROOT / "examples").glob("*.*"))
if CORPUS.is_dir():
    FILES += sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".html"))


def _quote_at(source: str, line: int, column: int, quote: str) -> bool:
    idx = LineIndex(source)
    start = idx.starts[line - 1] + column - 1
    return source[start:start + len(quote)] == quote


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_evidence_quote_is_at_its_position(path: Path):
    source = path.read_text(encoding="utf-8-sig")
    result = linter.lint_text(source, str(path))
    for r in result.requirements:
        if r.status in ("present", "weak"):
            p = r.position
            assert r.evidence, r
            assert _quote_at(source, p.line, p.column, r.evidence), (r.rule_id, p, r.evidence)
            assert (p.end_line, p.end_column) >= (p.line, p.column)
    for f in result.findings:
        assert 1 <= f.position.line <= source.count("\n") + source.count("\r") + 1


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_positions_survive_line_ends_and_bom(end, bom):
    lines = ["Privacy Policy", "", "Last updated: 1 May 2026", "",
             "Contact our data protection officer at dpo@example.com."]
    result = linter.lint_text(bom + end.join(lines), "p.txt")
    dpo = next(r for r in result.requirements if r.rule_id == "gdpr/dpo-contact")
    assert dpo.status == "present"
    assert (dpo.position.line, dpo.position.column) == (5, 1)
