"""Streamed reports: every format with a ``stream`` writes what its ``render`` returns, with one
process or two, while holding no file's result after it is written."""
import functools
import io
import json
import shutil

import jsonschema
import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT
from integration_helpers import DATA
from linter import api, formats
from linter.config import Options
from linter.formats import sarif, streaming

EXAMPLES = ROOT / "examples"
# "cli": as the command line runs (the laws each policy addresses); "all": every law
OPTIONS = {"cli": Options(addressed=True), "all": Options(regulations=("all",))}


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """8 policies in two folders; the first is also named again on its own (see ``paths``)."""
    root = tmp_path_factory.mktemp("many")
    sources = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".md", ".html", ".txt"))
    for i in range(8):
        src = sources[i % len(sources)]
        dest = root / f"part{i % 2}" / f"{i:02d}{src.suffix}"
        dest.parent.mkdir(exist_ok=True)
        shutil.copy(src, dest)
    return root


def paths(root) -> list[str]:
    # a file checked twice: SARIF counts equal fingerprints of one URI across both results
    return [str(root), str(min((root / "part0").iterdir()))]


def streamed(fmt, names, jobs=1, options="cli", **view) -> list[str]:
    parts: list[str] = []
    stream = api.stream_paths(names, options=OPTIONS[options], jobs=jobs)
    formats.streamer(fmt)(stream, parts.append, **view)
    return parts


@functools.lru_cache(maxsize=None)
def _result(names: tuple, options: str):
    return api.lint_paths(list(names), options=OPTIONS[options], jobs=1)


def rendered(fmt, names, options="cli", **view) -> str:
    return formats.render(fmt, _result(tuple(names), options), **view)


VIEWS = [("sarif", {}), ("github", {}), ("concise", {}), ("text", {}), ("text", {"quiet": True}),
         ("text", {"statistics": True}), ("text", {"color": True, "width": 70}), ("html", {}),
         ("markdown", {})]


@pytest.mark.parametrize("fmt,view", VIEWS)
def test_streamed_formats_are_the_rendered_report(many, fmt, view):
    whole = rendered(fmt, paths(many), **view)
    assert "".join(streamed(fmt, paths(many), **view)) == whole
    if not view:  # in order from two processes too
        assert "".join(streamed(fmt, paths(many), 2, **view)) == whole
    assert whole.count("\n") > 20


def test_text_and_github_are_written_a_file_at_a_time(many):
    with_findings = sum(bool(f.findings) for f in _result(tuple(paths(many)), "cli").files)
    assert with_findings >= 6
    for fmt in ("github", "concise"):  # a part per file with findings, then the summary
        assert len([p for p in streamed(fmt, paths(many)) if p]) == with_findings + 1, fmt
    assert len(streamed("text", paths(many))) >= with_findings + 1


def test_every_format_is_streamed():
    assert {n for n in formats.names() if formats.streamer(n)} == set(formats.names())


def test_streamed_html_without_the_portfolio_and_markdown_cut_short(many, monkeypatch):
    """Past PORTFOLIO_MAX policies the html report keeps only counts for its table; past its
    size limit the Markdown report stops at whole rows: both as ``render`` writes them."""
    from linter.formats import html, markdown

    whole = rendered("html", paths(many))
    assert 'class="portfolio"' in whole
    monkeypatch.setattr(html, "PORTFOLIO_MAX", 3)
    narrow = rendered("html", paths(many))
    assert 'class="portfolio"' not in narrow and "".join(streamed("html", paths(many))) == narrow
    monkeypatch.setattr(markdown, "LIMIT", 12_000)
    cut = markdown.render(_result(tuple(paths(many)), "cli"), limit=12_000)
    assert "cut short" in cut and "".join(streamed("markdown", paths(many), 2)) == cut


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft4Validator(json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")))


def test_streamed_sarif_is_valid_and_counts_fingerprints_across_files(many, validator):
    text = "".join(streamed("sarif", paths(many), 2, options="all"))
    assert text == rendered("sarif", paths(many), options="all")
    log = json.loads(text)
    assert not list(validator.iter_errors(log))
    prints = [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in log["runs"][0]["results"]]
    assert any(p.endswith(":2") for p in prints) and len(set(prints)) == len(prints)


def test_streamed_sarif_caps_results_as_rendering_does(many, monkeypatch, validator):
    whole = json.loads(rendered("sarif", paths(many)))["runs"][0]["results"]
    levels = {r["level"] for r in whole}
    assert {"error", "warning"} <= levels
    monkeypatch.setattr(sarif, "MAX_RESULTS", sum(r["level"] == "error" for r in whole) + 3)
    capped = rendered("sarif", paths(many))
    assert "".join(streamed("sarif", paths(many))) == capped
    run = json.loads(capped)["runs"][0]
    kept = run["results"]
    assert run["properties"]["resultsOmitted"] == len(whole) - len(kept) > 0
    assert sum(r["level"] == "error" for r in kept) == sum(r["level"] == "error" for r in whole)
    assert kept != whole[:len(kept)]  # the most severe, not the first
    assert not list(validator.iter_errors(json.loads(capped)))


def test_streamed_reports_of_no_files(tmp_path):
    (tmp_path / "empty").mkdir()
    for fmt, view in VIEWS:
        names = [str(tmp_path / "empty")]
        assert "".join(streamed(fmt, names, **view)) == rendered(fmt, names, **view), fmt


@pytest.mark.parametrize("items", [[], [1], [{"a": [1, {"b": "x\ny"}], "c": {}}, "z\u00e9"]])
def test_a_list_written_an_item_at_a_time_is_what_json_dumps_writes(items):
    def doc(value):
        return {"a": 1, "runs": [{"x": {"results": value, "after": [1, []]}}]}

    parts: list[str] = []
    streaming.write_with_items(parts.append, doc(streaming.items_here()), iter(items))
    assert "".join(parts) == json.dumps(doc(items), indent=2, ensure_ascii=False) + "\n"


def test_the_spool_gives_back_what_it_was_given_in_order():
    values = [["a\nb", 1, True], {"k": "\u2028\udcff"}, "é" * 5000, []]
    with streaming.Spool() as spool:
        for v in values:
            spool.add(v)
        assert list(spool) == values


@pytest.mark.parametrize("limit", [1 << 20, 10])
def test_the_report_buffer_gives_back_its_bytes_in_memory_or_moved_to_disk(limit):
    from linter.spill import Spill

    parts = [b"first line\n", "caf\u00e9\n".encode("utf-8"), b"x" * 25, b""]
    with Spill(limit) as buffer:
        for part in parts:
            buffer.write(part)
        on_disk = not isinstance(buffer.file, io.BytesIO)
        assert buffer.rewound().read() == b"".join(parts)
    assert on_disk == (limit == 10)  # past the limit the bytes moved to a temporary file
    assert buffer.file.closed


def _report(args, capsys) -> str:
    from linter import cli

    with pytest.raises(SystemExit):
        cli.main(args)
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_report_larger_than_the_memory_buffer_is_written_whole(fmt, tmp_path, monkeypatch, capsys):
    from linter import spill

    src = str(EXAMPLES / "inmusic-privacy-policy.txt")
    in_memory = _report(["check", "--format", fmt, src], capsys)
    import tempfile

    made = []
    real = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *a, **k: made.append(1) or real(*a, **k))
    assert _report(["check", "--format", fmt, src], capsys) == in_memory
    assert not made  # a report this small stays in memory
    monkeypatch.setattr(spill, "LIMIT", 64)  # the report moves to disk after 64 bytes
    assert _report(["check", "--format", fmt, src], capsys) == in_memory
    assert made
    out = tmp_path / "report"
    _report(["check", "--format", fmt, "--output", str(out), src], capsys)
    assert out.read_text(encoding="utf-8") == in_memory
    assert len(in_memory) > 1000


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(), st.floats(allow_nan=True))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(st.one_of(st.text(max_size=5), st.integers()), inner, max_size=4)), max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(_VALUES, st.integers(min_value=0, max_value=3))
def test_a_value_written_at_a_depth_is_what_json_dumps_writes_indented_there(value, depth):
    # reports are written by streaming's own encoder; any value must come out as json's
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)
    assert streaming.dumps_at(value, depth) == expected
