"""Speed and scale changes keep the output: -j, the streamed JSON report, and the pieces the
speed-ups replaced (chrome lookup, value records, YAML line lookup, the caches)."""
import os
import json
import re
import pickle
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, need_corpus
from linter import api, formats, patterns, regexcache, rulebook, source, structure, yamlsource
from linter.config import Options
from linter.record import replace
from linter.types import Finding, Position, Rule

EXAMPLES = ROOT / "examples"


def run(*args, cwd=None, env=None):
    proc = subprocess.run([sys.executable, "-m", "linter", *map(str, args)], capture_output=True,
                          cwd=cwd, env=env)
    return proc.returncode, proc.stdout, proc.stderr.decode()


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """A folder of 20 policies (the examples, several times, in nested folders)."""
    root = tmp_path_factory.mktemp("many")
    small = [EXAMPLES / "bakery-privacy-notice.md", EXAMPLES / "studio-privacy-policy.html"]
    for i in range(20):
        src = EXAMPLES / "allegro-music-center-privacy-policy.txt" if i in (3, 11) else small[i % 2]
        dest = root / f"part{i % 3}" / f"{i:02d}-{src.name}"
        dest.parent.mkdir(exist_ok=True)
        shutil.copy(src, dest)
    return root


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_two_processes_give_the_output_of_one(many, fmt):
    one = run("check", "--format", fmt, "-j", "1", ".", cwd=many)
    two = run("check", "--format", fmt, "-j", "2", ".", cwd=many)
    auto = run("check", "--format", fmt, ".", cwd=many)  # 20 files: auto picks the cores
    assert one[0] == 1 and one[1]
    assert two == one and auto == one


def test_two_processes_on_the_labelled_corpus():
    corpus = need_corpus()
    one = api.lint_paths([str(corpus)], options=Options(isolated=True, regulations=("all",)), jobs=1)
    two = api.lint_paths([str(corpus)], options=Options(isolated=True, regulations=("all",)), jobs=2)
    assert formats.render("json", two) == formats.render("json", one)
    assert len(one.files) > 10


def test_streamed_json_is_the_rendered_report(many):
    whole = formats.render("json", api.lint_paths([str(many)], jobs=1))
    parts = []
    stream = api.stream_paths([str(many)], jobs=1)
    formats.streamer("json")(stream, parts.append)
    assert "".join(parts) == whole
    assert len(parts) > 20  # written a file at a time, not at the end
    assert json.loads(whole)["summary"]["files"] == 20


def test_streamed_json_with_no_files_and_with_a_baseline(tmp_path, many):
    (tmp_path / "empty").mkdir()
    for paths, kw in (([str(tmp_path / "empty")], {}), ([str(many)], {"baseline": None})):
        stream = api.stream_paths(paths, jobs=1, **kw)
        parts = []
        formats.streamer("json")(stream, parts.append)
        assert "".join(parts) == formats.render("json", api.lint_paths(paths, jobs=1, **kw))
    base = tmp_path / "base.json"
    assert run("check", "--write-baseline", base, many)[0] == 0
    code, out, _ = run("check", "--format", "json", "--baseline", base, many)
    report = json.loads(out)
    assert code == 0 and report["summary"]["findings"] == {"error": 0, "warning": 0, "info": 0}
    # the command line checks the laws each policy addresses (Options(addressed=True))
    same = api.lint_paths([str(many)], baseline=base, options=Options(addressed=True))
    assert out.decode() == formats.render("json", same)


def test_streamed_report_is_not_left_half_written_on_an_error(tmp_path):
    good = tmp_path / "a.md"
    good.write_text("# Privacy\n\nWe do not sell your personal information.\n")
    out = tmp_path / "report.json"
    out.write_text("old\n")
    code, stdout, err = run("check", "--format", "json", "-o", out, good, tmp_path / "missing.md")
    assert code == 2 and stdout == b"" and "missing.md" in err
    assert out.read_text() == "old\n"


def test_bad_jobs_value_is_a_one_line_error():
    code, _, err = run("check", "-j", "none", EXAMPLES)
    assert code == 2 and err.startswith("privacylint: error: --jobs") and err.count("\n") == 1


def test_auto_jobs(monkeypatch):
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    assert api.auto_jobs(3) == 1
    assert api.auto_jobs(1000) >= 1
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert api.auto_jobs(1000) == 1


def test_chrome_lookup_agrees_with_a_scan():
    text = ("Home\n\nShop\n\nAbout\n\nBlog\n\nNews\n\nHelp\n\nJobs\n\nPress\n\n"
            "We collect your e-mail address when you sign up.\n\n") * 3
    doc = structure.build("p.txt", text, source.extractor("plain")(text))
    assert len(doc.chrome) == 3
    for offset in range(-1, len(doc.match_text) + 2):
        assert doc.in_chrome(offset) == any(a <= offset < b for a, b in doc.chrome), offset


def test_records_behave_as_frozen_values():
    p = Position(1, 2, 3, 4)
    f = Finding("r", "error", "m", "c", p)
    assert f == Finding("r", "error", "m", "c", Position(1, 2, 3, 4)) and hash(f) == hash(replace(f))
    assert f != replace(f, severity="warning") and replace(f, severity="warning").severity == "warning"
    assert pickle.loads(pickle.dumps(f)) == f
    assert repr(p) == "Position(line=1, column=2, end_line=3, end_column=4)"
    with pytest.raises(AttributeError):
        p.line = 5
    with pytest.raises(TypeError):
        replace(p, row=1)
    rule = Rule("a", "t", "gdpr", "c", "error", "require", "m", "h", spec={"x": 1})
    assert rule == replace(rule, spec={"y": 2})  # the spec is not part of a rule's identity
    assert replace(Options(), fail_on="info").fail_on == "info"


def test_yaml_lines_agree_with_line_of():
    text = "rules:\n  - id: a/b\n    title: x\n  - id: c/d\n    title: y\n"
    lines = yamlsource.Lines(text)
    for path in (["rules", 0, "id"], ["rules", 1, "title"], ["rules", 5], ["nope"], []):
        assert lines.of(path) == yamlsource.line_of(text, path)
    assert lines.of(["rules", 1, "id"]) == 4
    assert yamlsource.Lines("a: [unclosed\n").of(["a"]) == 1


def test_pattern_outside_re_syntax_is_remembered():
    source = r"(?<!\b(?:not|never)\s+(?:\w+\s+)?)\bsell\b"
    compiled = patterns._compile(source)
    assert not isinstance(compiled, re.Pattern)  # the regex module took it
    assert regexcache.needs_regex(source) and not regexcache.has_program(source)


def test_rulebook_cache_is_shared_by_checkouts(tmp_path, monkeypatch):
    from test_rule_authoring import OWN  # a valid team rulebook

    monkeypatch.setenv("PRIVACYLINT_CACHE_DIR", str(tmp_path / "cache"))
    books = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "own.yaml").write_text(OWN, encoding="utf-8")
        books.append(rulebook.load([tmp_path / name / "own.yaml"], bundled=False))
    assert [c.rule.id for c in books[0]] == [c.rule.id for c in books[1]]
    assert len(books[0]) == 1
    assert len(list((tmp_path / "cache" / "privacylint").glob("rulebook-*"))) == 1


def _corpus_input(tmp_path):
    small = (EXAMPLES / "bakery-privacy-notice.md").read_text(encoding="utf-8")
    lines = [json.dumps({"id": f"t{i}", "text": small}) for i in range(3)]
    lines.insert(1, json.dumps({"id": "html", "path": str(EXAMPLES / "studio-privacy-policy.html")}))
    lines.append(json.dumps({"id": "gone", "path": str(tmp_path / "missing.md")}))
    lines += [json.dumps({"id": f"u{i}.md", "text": small}) for i in range(16)]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def test_corpus_input_is_counted_where_that_needs_no_second_parse(tmp_path):
    import gzip

    from linter import corpus

    src = _corpus_input(tmp_path)
    src.write_text(src.read_text(encoding="utf-8") + "\n  \n", encoding="utf-8")  # blank lines: no policy
    assert corpus.expected(str(src)) == 21
    assert len(corpus.records(str(EXAMPLES))) == 5  # a folder: its policy files, listed once
    packed = tmp_path / "in.jsonl.gz"
    packed.write_bytes(gzip.compress(src.read_bytes()))
    assert corpus.expected(str(packed)) is None and corpus.expected("-") is None
    assert corpus.expected(str(tmp_path / "nothing.jsonl")) is None


def test_corpus_progress_bar_on_a_terminal_gets_its_total(tmp_path, monkeypatch):
    pytest.importorskip("tqdm")
    import io
    import threading

    from linter import corpus

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    src = _corpus_input(tmp_path)
    shown = Terminal()
    bar = corpus._progress(iter(range(21)), str(src), corpus.records(str(src)), done=1, stream=shown)
    for t in threading.enumerate():
        if t.name == "privacylint-count":
            t.join(10)
    assert bar.total == 20  # 21 policies, one already done by the run resumed
    assert list(bar) == list(range(21))  # the items pass through unchanged
    assert "policies" in shown.getvalue()
    folder = corpus._progress(iter(()), str(EXAMPLES), corpus.records(str(EXAMPLES)), done=2, stream=Terminal())
    assert folder.total == 3  # a folder's total is known from its listing, at once
    plain = io.StringIO()  # not a terminal: no bar at all
    items = iter(range(3))
    assert corpus._progress(items, str(src), stream=plain) is items and plain.getvalue() == ""


def test_corpus_mode_writes_a_line_per_policy_and_resumes(tmp_path):
    from linter import corpus

    src = _corpus_input(tmp_path)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    # 21 lines, none there before, one of them the error of the policy file that is gone
    assert corpus.run(str(src), str(one), jobs=1) == (21, 0, 1, 0)
    assert corpus.run(str(src), str(two), jobs=2) == (21, 0, 1, 0)
    assert one.read_bytes() == two.read_bytes()
    rows = [json.loads(l) for l in one.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows][:5] == ["t0", "html", "t1", "t2", "gone"]
    assert "missing.md" in rows[4]["error"]
    # each line is the JSON report's entry for that policy
    report = json.loads(formats.render("json", api.lint_paths(
        [str(EXAMPLES / "studio-privacy-policy.html")], options=Options(isolated=True))))
    assert {k: v for k, v in rows[1].items() if k != "id"} == report["files"][0]
    # interrupted mid-line: the torn line is dropped and only the rest is checked again
    data = one.read_bytes()
    cut = data.index(b"\n", len(data) // 2) + 20
    one.write_bytes(data[:cut])
    done, before, _, _ = corpus.run(str(src), str(one), jobs=1)
    assert one.read_bytes() == data and done + before == 21 and before > 5


def test_corpus_holds_an_inline_text_to_the_size_limit_as_a_file(tmp_path):
    from linter import corpus

    src = tmp_path / "in.jsonl"
    small, big = "We never sell data. " * 10, "We never sell data. " * 1000  # 200 and 20,000 bytes
    wide = "\u00e9" * 3000  # 3,000 characters, 6,000 bytes of UTF-8
    src.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in
                             (("small", small), ("big", big), ("wide", wide))) + "\n", encoding="utf-8")
    tally = corpus.run(str(src), str(tmp_path / "out.jsonl"), jobs=1, max_size=5_000)
    rows = {r["id"]: r for r in map(json.loads, (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines())}
    assert tally == (3, 0, 2, 0) and "requirements" in rows["small"]
    assert rows["big"]["error"] == ("big: text too large (20,000 bytes, the limit is 5,000 bytes; "
                                    "raise it with --max-size)")
    assert rows["wide"]["error"].startswith("wide: text too large (6,000 bytes")  # bytes, not characters


def test_dask_path_holds_policies_to_max_size_as_corpus_mode_does(tmp_path):
    pytest.importorskip("dask")
    from linter import corpus

    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": "We never sell data. " * n})
                             for i, n in (("small", 10), ("big", 1000))) + "\n", encoding="utf-8")
    corpus.run(str(src), str(tmp_path / "local.jsonl"), jobs=1, max_size=5_000)
    proc = subprocess.run([sys.executable, "-m", "linter.dask_corpus", str(src), str(tmp_path / "parts"),
                           "--partitions", "1", "--max-size", "5000"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr == f"privacylint: wrote 1 part to {tmp_path / 'parts'}\n", proc.stderr
    assert (tmp_path / "parts" / "part-0000.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert "text too large" in (tmp_path / "local.jsonl").read_text(encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "linter.dask_corpus", str(src), str(tmp_path / "p2"),
                           "--max-size", "big"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "--max-size" in proc.stderr, proc.stderr


def test_corpus_retry_errors_checks_unreadable_policies_again(tmp_path):
    from linter import corpus

    src = _corpus_input(tmp_path)  # its "gone" policy names tmp_path/missing.md
    out, fresh = tmp_path / "out.jsonl", tmp_path / "fresh.jsonl"
    assert corpus.run(str(src), str(out), jobs=1).unreadable == 1
    first = out.read_bytes()
    (tmp_path / "missing.md").write_text("# Privacy\n\nWe never sell your data.\n", encoding="utf-8")
    assert corpus.run(str(src), str(out), jobs=1) == (0, 21, 0, 1)  # kept, and counted
    assert out.read_bytes() == first
    code, _, err = run("corpus", src, "--out", out, "-j", "1")
    assert code == 0 and "(1 of them could not be checked: --retry-errors tries it again)" in err, err
    with open(out, "ab") as handle:
        handle.write(b'{"id": "t9", "path"')  # a torn last line as well
    assert corpus.run(str(src), str(out), jobs=2, retry_errors=True) == (1, 20, 0, 0)
    corpus.run(str(src), str(fresh), jobs=1)
    lines, want = out.read_text(encoding="utf-8").splitlines(), fresh.read_text(encoding="utf-8").splitlines()
    assert sorted(lines) == sorted(want) and len(lines) == 21  # the error line replaced, nothing twice
    assert json.loads(lines[-1])["id"] == "gone" and "error" not in json.loads(lines[-1])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl.")]  # no temporary left
    code, _, err = run("corpus", src, "--out", "-", "--retry-errors")
    assert code == 2 and "--retry-errors" in err and err.count("\n") == 1, err


def test_corpus_command_reads_a_folder_and_refuses_bad_input(tmp_path):
    out = tmp_path / "out.jsonl"
    code, _, err = run("corpus", EXAMPLES, "--out", out, "-j", "1")
    assert code == 0 and "5 policies checked" in err
    ids = [json.loads(l)["id"] for l in out.read_text(encoding="utf-8").splitlines()]
    assert ids == sorted(ids) and "bakery-privacy-notice.md" in ids
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "x"}\n{"text": "no id"}\n', encoding="utf-8")
    code, _, err = run("corpus", bad, "--out", tmp_path / "o2.jsonl")
    assert code == 2 and f"{bad}:2:" in err and err.count("\n") == 1
    # a repeated id would make two results under one name, and a resumed run skip the second
    dup = tmp_path / "dup.jsonl"
    dup.write_text('{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n{"id": "a", "text": "z"}\n',
                   encoding="utf-8")
    for jobs in ("1", "2"):
        code, _, err = run("corpus", dup, "--out", tmp_path / f"o{jobs}.jsonl", "-j", jobs)
        assert code == 2 and f"{dup}:3: duplicate id 'a' (first on line 1)" in err, err
        assert err.count("\n") == 1


def test_corpus_output_that_is_not_results_is_refused_untouched(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    mine = tmp_path / "notes.txt"
    for content in (b"my notes\n", b"my notes without a line end", b'{"id": "a"}\nnot json\n', b"[1]\n"):
        mine.write_bytes(content)
        code, _, err = run("corpus", src, "--out", mine)
        assert code == 2 and "not a line of corpus results" in err and err.count("\n") == 1, err
        assert mine.read_bytes() == content
    code, _, err = run("corpus", src, "--out", tmp_path)
    assert code == 2 and "--out is not a file" in err and err.count("\n") == 1 and "Traceback" not in err
    # a device such as /dev/stdout is not a results file either; the message names the way to it
    code, _, err = run("corpus", src, "--out", os.devnull)
    assert code == 2 and "or - for standard output" in err and err.count("\n") == 1, err


def test_dask_corpus_mode_writes_the_same_lines(tmp_path):
    pytest.importorskip("dask.bag")
    from linter import corpus, dask_corpus

    src = _corpus_input(tmp_path)
    corpus.run(str(src), str(tmp_path / "local.jsonl"), jobs=1)
    files = dask_corpus.run(str(src), str(tmp_path / "parts"), partitions=3)
    assert len(files) == 3
    joined = b"".join(open(f, "rb").read() for f in sorted(files))
    assert joined == (tmp_path / "local.jsonl").read_bytes()


def _dask(*args):
    proc = subprocess.run([sys.executable, "-m", "linter.dask_corpus", *map(str, args)],
                          capture_output=True, text=True)
    return proc.returncode, proc.stderr


@pytest.mark.parametrize("lines, extra, message", [
    ('{"id": "a", "text": "x"}\nnot json\n', (), "in.jsonl:2: not a JSON line"),
    ('{"text": "no id"}\n', (), 'in.jsonl:1: expected {"id": ..., "text": ...}'),
    ('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', (), "in.jsonl:2: duplicate id 'a'"),
    ('{"id": "a", "text": "x"}\n', ("--regulation", "gdrp"), "unknown regulation 'gdrp'"),
    ('{"id": "a", "text": "x"}\n', ("--partitions", "0"), "--partitions: expected a number"),
])
def test_dask_corpus_mode_refuses_bad_input_in_one_line(tmp_path, lines, extra, message):
    pytest.importorskip("dask.bag")
    src = tmp_path / "in.jsonl"
    src.write_text(lines, encoding="utf-8")
    code, err = _dask(src, tmp_path / "out", *extra)
    assert code == 2 and message in err and err.count("\n") == 1, err
    assert not (tmp_path / "out").exists()  # refused before any worker wrote a part


def test_dask_corpus_mode_refuses_a_missing_input_and_an_output_over_it(tmp_path):
    pytest.importorskip("dask.bag")
    code, err = _dask(tmp_path / "gone.jsonl", tmp_path / "out")
    assert code == 2 and "gone.jsonl: no such file or directory" in err and err.count("\n") == 1
    code, err = _dask("-", tmp_path / "out")
    assert code == 2 and "cannot read standard input" in err and err.count("\n") == 1
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    code, err = _dask(src, src)
    assert code == 2 and "would overwrite the input" in err and src.read_text() == '{"id": "a", "text": "x"}\n'
    mine = tmp_path / "notes.txt"
    mine.write_text("keep", encoding="utf-8")
    code, err = _dask(src, mine)
    assert code == 2 and "is a file" in err and err.count("\n") == 1 and mine.read_text() == "keep"


def test_dask_corpus_mode_reads_a_folder_as_the_corpus_command_does(tmp_path):
    pytest.importorskip("dask.bag")
    from linter import corpus, dask_corpus

    corpus.run(str(EXAMPLES), str(tmp_path / "local.jsonl"), jobs=1)
    files = dask_corpus.run(str(EXAMPLES), str(tmp_path / "parts"), partitions=2)
    joined = b"".join(open(f, "rb").read() for f in sorted(files))
    assert joined == (tmp_path / "local.jsonl").read_bytes()


def test_parallel_run_stops_on_an_unreadable_file_named_explicitly(tmp_path, many):
    bad = tmp_path / "policy.txt"
    bad.write_bytes(b"\x00\x01binary")
    for jobs in ("1", "2"):
        code, out, err = run("check", "--format", "json", "-j", jobs, many, bad)
        assert code == 2 and out == b"" and str(bad) in err and err.count("\n") == 1, (jobs, err)


def test_a_linted_document_is_freed_without_the_cycle_collector(monkeypatch):
    """A document's index refers back to it; the run breaks that cycle when the document is
    done, so a run of many files does not wait for the cycle collector to free each one."""
    import gc
    import weakref

    from linter import api, structure

    text = (ROOT / "examples" / "inmusic-privacy-policy.txt").read_text(encoding="utf-8")
    rules = api.load_rules()
    built, real = [], structure.build

    def build(*args):  # the linted document itself (other tests may keep documents alive)
        doc = real(*args)
        built.append(weakref.ref(doc))
        return doc

    monkeypatch.setattr(structure, "build", build)
    gc.collect()
    gc.disable()
    try:
        api.lint_text(text, "inmusic.txt", rules=rules)
        alive = [ref for ref in built if ref() is not None]
    finally:
        gc.enable()
    assert len(built) == 1 and not alive


def test_corpus_input_that_is_not_utf8_is_one_line_naming_it(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(b'{"id": "a", "text": "x"}\n{"id": "b", "text": "caf\xe9"}\n')
    code, _, err = run("corpus", src, "--out", out, "-j", "1")
    assert code == 2 and f"{src}:2: not UTF-8" in err and err.count("\n") == 1, err
    assert "internal error" not in err
    # the first line's result was written before line 2 was read: kept, so a rerun resumes
    assert [json.loads(l)["id"] for l in out.read_text(encoding="utf-8").splitlines()] == ["a"]
    src.write_bytes(b'\xff{"id": "a", "text": "x"}\n')
    out2 = tmp_path / "out2.jsonl"
    code, _, err = run("corpus", src, "--out", out2)
    assert code == 2 and f"{src}:1: not UTF-8" in err
    assert not out2.exists()  # stopped before its first line: no empty results file left


def test_corpus_input_with_a_byte_order_mark_is_read(tmp_path):
    from linter import corpus

    plain, marked = tmp_path / "plain.jsonl", tmp_path / "marked.jsonl"
    plain.write_text('{"id": "a", "text": "We collect your e-mail address."}\n', encoding="utf-8")
    marked.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    corpus.run(str(plain), str(tmp_path / "p.jsonl"), jobs=1)
    corpus.run(str(marked), str(tmp_path / "m.jsonl"), jobs=1)
    assert (tmp_path / "p.jsonl").read_bytes() == (tmp_path / "m.jsonl").read_bytes()


def test_dask_parts_joined_are_the_corpus_file_with_more_parts_than_policies(tmp_path):
    pytest.importorskip("dask.bag")
    from linter import corpus, dask_corpus

    src = tmp_path / "in.jsonl"
    src.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "We sell data."}\n{"id": "b", "text": "x"}\n')
    corpus.run(str(src), str(tmp_path / "local.jsonl"), jobs=1)
    files = dask_corpus.run(str(src), str(tmp_path / "parts"), partitions=5)
    joined = b"".join(open(f, "rb").read() for f in sorted(files))
    assert joined == (tmp_path / "local.jsonl").read_bytes()  # no blank line from an empty part


def test_more_jobs_than_files_or_cores_start_no_more_processes(many, monkeypatch, tmp_path):
    from linter import corpus, parallel

    started = []
    real = parallel._context

    class Counting:
        def __init__(self, ctx):
            self.ctx = ctx

        def get_start_method(self):
            return self.ctx.get_start_method()

        def Pool(self, processes, *args):
            started.append(processes)
            assert processes <= parallel.PER_CORE * api.cores()  # (a regression must not fork 10,000)
            return self.ctx.Pool(processes, *args)

    monkeypatch.setattr(parallel, "_context", lambda: Counting(real()))
    two = sorted(p for p in many.rglob("*") if p.is_file())[:2]
    options = Options(isolated=True)
    assert api.lint_paths(two, options=options, jobs=10_000) == api.lint_paths(two, options=options, jobs=1)
    assert started == [2]  # one per file
    src = _corpus_input(tmp_path)
    corpus.run(str(src), str(tmp_path / "one.jsonl"), jobs=1)
    corpus.run(str(src), str(tmp_path / "many.jsonl"), jobs=10_000)
    assert started[1] == parallel.PER_CORE * api.cores()  # an unknown count: capped by the cores
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "many.jsonl").read_bytes()


@pytest.mark.parametrize("suffix, module", [(".gz", "gzip"), (".bz2", "bz2"), (".xz", "lzma")])
def test_corpus_reads_compressed_input_and_refuses_a_damaged_one(tmp_path, suffix, module):
    import importlib

    from linter import corpus

    src = _corpus_input(tmp_path)
    packed = tmp_path / f"in.jsonl{suffix}"
    packed.write_bytes(importlib.import_module(module).compress(src.read_bytes()))
    corpus.run(str(src), str(tmp_path / "plain.jsonl"), jobs=1)
    corpus.run(str(packed), str(tmp_path / "packed.jsonl"), jobs=1)
    assert (tmp_path / "plain.jsonl").read_bytes() == (tmp_path / "packed.jsonl").read_bytes()
    bad = tmp_path / f"bad.jsonl{suffix}"
    bad.write_bytes(b"not compressed at all\n")
    code, _, err = run("corpus", bad, "--out", tmp_path / "o.jsonl")
    assert code == 2 and f"{bad}: cannot read:" in err and err.count("\n") == 1, err


def test_corpus_reads_standard_input_and_names_an_output_it_cannot_write(tmp_path):
    src = _corpus_input(tmp_path)
    code, _, err = run("corpus", src, "--out", tmp_path / "file.jsonl", "-j", "1")
    assert code == 0, err
    proc = subprocess.run([sys.executable, "-m", "linter", "corpus", "-", "--out", str(tmp_path / "piped.jsonl"),
                           "-j", "1"], input=src.read_bytes(), capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "piped.jsonl").read_bytes() == (tmp_path / "file.jsonl").read_bytes()
    for jobs in ("1", "2"):  # --out -: the same lines on standard output
        proc = subprocess.run([sys.executable, "-m", "linter", "corpus", "-", "--out", "-", "-j", jobs],
                              input=src.read_bytes(), capture_output=True)
        assert proc.returncode == 0 and proc.stdout == (tmp_path / "file.jsonl").read_bytes(), proc.stderr
        assert proc.stderr.decode() == ('privacylint: 21 policies checked '
                                        '(1 could not be checked: see the "error" of its line)\n')
    code, _, err = run("corpus", src, "--out", tmp_path / "no" / "such" / "out.jsonl")
    assert code == 2 and "cannot write: No such file or directory" in err and err.count("\n") == 1, err
    assert "internal error" not in err


@pytest.mark.parametrize("failing", ["copymode", "replace"])
def test_a_retry_rewrite_that_fails_leaves_the_results_and_no_copy(tmp_path, monkeypatch, failing):
    from linter import corpus

    src = _corpus_input(tmp_path)  # its "gone" policy names tmp_path/missing.md: one error line
    out = tmp_path / "out.jsonl"
    corpus.run(str(src), str(out), jobs=1)
    before = out.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil if failing == "copymode" else os, failing, full_disk)
    with pytest.raises(OSError):
        corpus.run(str(src), str(out), jobs=1, retry_errors=True)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
