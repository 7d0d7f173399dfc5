"""The one-file run imports and compiles only what it needs, and the ``re`` spellings of
patterns outside ``re``'s syntax match exactly as ``regex`` does."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import regex

from linter import addressed, lookbehind, patterns, properties, rulebook, source, structure

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".md", ".html"))
FIXTURES = sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.suffix in (".txt", ".md", ".html"))


def _modules_after(args: list[str]) -> set[str]:
    code = ("import sys\nfrom linter import cli\ntry:\n    cli.main(sys.argv[1:])\n"
            "except SystemExit:\n    pass\nsys.stderr.write('\\nMODULES ' + ' '.join(sys.modules))\n")
    run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    return set(run.stderr.rsplit("MODULES ", 1)[1].split())


@pytest.mark.parametrize("policy", EXAMPLES, ids=lambda p: p.name)
def test_one_file_run_imports_no_regex_yaml_or_jsonschema(policy):
    _modules_after(["check", str(policy)])  # warms the rulebook cache
    loaded = _modules_after(["check", str(policy)])
    assert "linter.engine" in loaded  # it did lint
    assert not loaded & {"regex", "yaml", "jsonschema"}, loaded & {"regex", "yaml", "jsonschema"}
    # the report waits in memory (``spill``): no temporary file, no tempfile/shutil imports
    assert not loaded & {"tempfile", "shutil"}, loaded & {"tempfile", "shutil"}
    # one document earns no Aho-Corasick automaton back (``kinds.prefilter``): not even imported
    assert "ahocorasick" not in loaded


def _bundled_sources_outside_re() -> list[str]:
    seen = {p.source for c in rulebook.load() for p in rulebook._patterns(c)}
    return sorted(s for s in seen if s.startswith("(?<") and lookbehind.split(s) or "\\p{" in s)


def _texts():
    for path in EXAMPLES + FIXTURES:
        raw = path.read_text(encoding="utf-8", errors="replace")
        yield raw
        yield structure.build(str(path), raw, source.extractor(source.format_for(str(path)))(raw)).match_text


def test_rulebook_patterns_outside_re_match_as_regex_does():
    sources = _bundled_sources_outside_re()
    assert len(sources) >= 3  # two variable-width look-behinds and a \p{Lu}
    ours = {s: patterns._compile(s) for s in sources}
    assert not any(type(c).__module__.startswith("regex") for c in ours.values())
    theirs = {s: regex.compile(s, regex.IGNORECASE) for s in sources}
    found = 0
    for text in _texts():
        for s in sources:
            expected = [m.span() for m in theirs[s].finditer(text)]
            found += len(expected)
            assert [m.span() for m in ours[s].finditer(text)] == expected, s[:60]
            for pos in [a for a, _ in expected[:20]] + list(range(0, len(text), max(1, len(text) // 20))):
                for method, args in (("match", (pos,)), ("search", (pos, min(len(text), pos + 2000)))):
                    want, got = getattr(theirs[s], method)(text, *args), getattr(ours[s], method)(text, *args)
                    assert (want and want.span()) == (got and got.span()), (s[:60], method, pos)
    assert found > 50  # the texts exercise the patterns


@pytest.mark.parametrize("pattern, text", [
    (r"(?<=\bwe (?:do )?not\s+)\b(?:sell|share)\b", "We do not   sell. We   not share; we sell."),
    (r"(?<!\b(?:never|not)\s+(?:\w+\s+)?)\bdelete\b", "Delete. never delete, not really delete, not ever really delete"),
    (r"(?<=(?i:a)[^\n]{0,3}\n\n)(?-i:[A-Z]+)", "xA..\n\nBB a\n\nc A\n\nDD"),
    (r"(?<=\bwe (?:do )?not\s+)\b(?:sell|share)\b", "We sell and share; we do sell."),  # no B at all
])
def test_variable_look_behind_agrees_with_regex(pattern, text):
    assert lookbehind.split(pattern) is not None
    ours = patterns._outside_re(pattern)
    assert isinstance(ours, lookbehind.LookBehind)
    theirs = regex.compile(pattern, regex.IGNORECASE)
    assert [m.span() for m in ours.finditer(text)] == [m.span() for m in theirs.finditer(text)]
    for pos in range(len(text) + 1):
        for end in (len(text), max(pos, len(text) - 5)):
            want, got = theirs.search(text, pos, end), ours.search(text, pos, end)
            assert (want and want.span()) == (got and got.span())
            want, got = theirs.match(text, pos, end), ours.match(text, pos, end)
            assert (want and want.span()) == (got and got.span())


@pytest.mark.parametrize("pattern", [r"(?<=(a))b", r"(?<=^a*)b", r"(?<=a(?=b)\s*)c", r"(?<=a*)"])
def test_look_behinds_that_do_not_reverse_exactly_stay_with_regex(pattern):
    assert lookbehind.split(pattern) is None


@pytest.mark.parametrize("name", ["Lu", "Ll", "Lt"])
def test_cased_property_classes_are_regex_own(name):
    chars = "".join(map(chr, range(0x30000)))
    ours = patterns.regexcache.compile_re(f"(?-i:\\p{{{name}}})", properties.for_re(f"(?-i:\\p{{{name}}})"))
    assert [m.span() for m in ours.finditer(chars)] == \
        [m.span() for m in regex.finditer(f"\\p{{{name}}}", chars)]
    assert properties.for_re(r"\p{Lu}") is None  # with case folding: left to regex


def test_laws_addressed_as_with_regex():
    for text in _texts():
        for law, (_, p) in addressed.SIGNALS.items():
            assert bool(regex.search(p, text)) == addressed.occurs(p, text, addressed.stand_in(text)), law
        assert bool(regex.search(addressed.GDPR_TERMS, text)) == addressed.occurs(addressed.GDPR_TERMS, text, addressed.stand_in(text))


# --- the click-free path of ``privacylint check PATH...`` -------------------------------------

def test_plain_check_takes_click_defaults():
    from linter.cli import check as check_command, commands

    params = commands.check.make_context("check", ["policy.md"]).params
    assert params.pop("paths") == ("policy.md",)
    assert params == check_command.DEFAULTS


def test_only_a_bare_list_of_paths_skips_click():
    from linter import cli

    assert cli._plain_check(["check", "a.md", "b"]) == ("a.md", "b")
    for args in (["check"], ["check", "-"], ["check", "a", "--format", "json"], ["check", "--", "a"],
                 ["check", "-q", "a"], ["rules"], ["explain", "x"], []):
        assert cli._plain_check(args) is None


def _run(args, **kw):
    run = subprocess.run([sys.executable, "-m", "linter", *args], capture_output=True, cwd=ROOT, **kw)
    return run.returncode, run.stdout, run.stderr


def test_plain_check_writes_what_click_writes(tmp_path):
    ansi = tmp_path / "ansi-privacy.txt"  # evidence quoting escape codes: click strips them
    ansi.write_text("Privacy policy\n\nWe collect your \x1b[31memail\x1b[0m address. Contact us at a@b.example.\n",
                    encoding="utf-8")
    binary = tmp_path / "binary-policy.txt"
    binary.write_bytes(b"\x00\x01\x02 not text")
    cases = [[str(p) for p in EXAMPLES], [str(EXAMPLES[0])], ["examples"], [str(ansi)], [str(binary)],
             [str(tmp_path / "missing.md")], [str(tmp_path)]]
    for paths in cases:
        fast, slow = _run(["check", *paths]), _run(["check", "--", *paths])  # "--": through click
        assert fast == slow, paths
    assert b"\x1b" not in _run(["check", str(ansi)])[1]
    assert _run(["check", str(tmp_path / "missing.md")])[0] == 2
    ascii_env = {**__import__("os").environ, "PYTHONIOENCODING": "ascii"}  # click re-wraps stdout
    assert _run(["check", *map(str, EXAMPLES)], env=ascii_env) == _run(["check", "--", *map(str, EXAMPLES)], env=ascii_env)


def test_plain_check_does_not_import_click():
    assert "click" not in _modules_after(["check", str(EXAMPLES[0])])
    assert "click" in _modules_after(["check", "--", str(EXAMPLES[0])])


@pytest.mark.parametrize("error", [KeyboardInterrupt, EOFError, BrokenPipeError, RuntimeError])
def test_plain_check_ends_on_errors_as_click_does(error, monkeypatch, capsys):
    from linter import cli
    from linter.cli import check as check_command

    def fail(*args, **kw):
        raise error("boom")

    monkeypatch.setattr(check_command, "run", fail)
    ends = []
    for args in (["check", "x.md"], ["check", "--", "x.md"]):
        stdout, stderr = sys.stdout, sys.stderr
        with pytest.raises(SystemExit) as exc:
            cli.main(args)
        sys.stdout, sys.stderr = stdout, stderr  # a broken pipe wraps them, as click does
        ends.append((exc.value.code, capsys.readouterr()))
    assert ends[0] == ends[1]
    assert ends[0][0] in (1, 2)


@pytest.mark.parametrize("message", ["plain", "caf\u00e9 \u2713", "\x1b[1mbold\x1b[0m", ""])
@pytest.mark.parametrize("nl, color", [(True, None), (False, None), (False, False), (False, True)])
def test_echo_writes_what_click_echo_writes(message, nl, color, tmp_path):
    code = ("import sys, click\nfrom linter.cli.console import echo\n"
            "f = click.echo if sys.argv[1] == 'click' else echo\n"
            f"f({message!r}, nl={nl}, color={color})\nf({message!r}, err=True, nl={nl}, color={color})\n")
    outs = []
    for which in ("click", "ours"):
        with open(tmp_path / f"{which}.out", "wb") as out:
            run = subprocess.run([sys.executable, "-c", code, which], stdout=out, stderr=subprocess.PIPE)
        outs.append(((tmp_path / f"{which}.out").read_bytes(), run.stderr, run.returncode))
    assert outs[0] == outs[1]


def test_law_signal_that_may_start_at_a_digit_is_not_skipped():
    low_text = "write to 1 main st, la jolla, CA 92122."  # no "california": only the ZIP code form
    assert addressed.occurs(addressed.SIGNALS["caloppa"][1], low_text, low_text.lower())
    assert "caloppa" in addressed.laws_addressed(low_text, {"caloppa", "gdpr"})


def test_lower_case_stands_in_only_where_offsets_and_folds_agree():
    assert addressed.stand_in("Caf\u00e9 \u201cUK\u201d") == "caf\u00e9 \u201cuk\u201d"
    # "İ" lower-cases to two characters, but re reads it as "i": one for one, offsets kept
    assert addressed.stand_in("\u0130STANBUL \u0130") == "istanbul i"
    assert addressed.stand_in("Shine the \u017fight") == "shine the sight"  # re folds the long s to "s"
    text = "Our \u017fHINE THE LIGHT notice"  # found by (?i:shine the light) through the fold
    assert addressed.occurs(addressed.SIGNALS["shine-the-light"][1], text, addressed.stand_in(text)) \
        == bool(regex.search(addressed.SIGNALS["shine-the-light"][1], text))


def test_a_language_menu_keeps_the_stand_in_and_the_signals_answer_as_regex_does():
    menu = "English | Русский | Ελληνικά | Српски | T\u00fcrk\u00e7e | \u0130stanbul\n\n"
    turkish = "W\u0130E SCHÜTZEN M\u0130NORS? Our UK office, \u0130stanbul, is not in the EU.\n\n"
    for text in [menu + t for t in _texts()] + [menu + "We follow the GDPR. \u017fHINE THE LIGHT: write to us.", turkish]:
        low = addressed.stand_in(text)
        assert low is not None and len(low) == len(text)  # before the fold: None, and every signal scanned
        for law, (_, p) in addressed.SIGNALS.items():
            assert bool(regex.search(p, text)) == addressed.occurs(p, text, low), law
        assert bool(regex.search(addressed.GDPR_TERMS, text)) == addressed.occurs(addressed.GDPR_TERMS, text, low)


def test_lower_case_stands_in_for_ordinary_non_ascii_text():
    text = "\u201cWe\u201d \u00a9 2024 \u2013 Kelvin-free text, is it?"
    assert addressed.stand_in(text) == text.lower()


def test_the_kelvin_sign_keeps_the_stand_in_and_the_signals_answer_as_regex_does():
    # the Kelvin sign lower-cases to "k", and re without case reads it as "k" too: a place
    # to try, confirmed on the text (before, it dropped the stand-in: every signal scanned)
    assert addressed.stand_in("5 \u212a") == "5 k"
    kelvin = "Temperature in \u212a. U\u212a residents: we comply with the \u212aids rule.\n\n"
    for text in [kelvin + t for t in _texts()] + [kelvin, "UNITED \u212aINGDOM: Data Protection Act 2018"]:
        low = addressed.stand_in(text)
        assert low is not None and len(low) == len(text)
        for law, (_, p) in addressed.SIGNALS.items():
            assert bool(regex.search(p, text)) == addressed.occurs(p, text, low), law
        assert bool(regex.search(addressed.GDPR_TERMS, text)) == addressed.occurs(addressed.GDPR_TERMS, text, low)


def test_no_import_cycles_at_module_level():
    """The modules imported when a module loads (not those imported inside functions) form no
    cycle: the split of the command line (cli, check_command, commands, console) keeps that."""
    import ast

    package = ROOT / "linter"
    graph: dict[str, set[str]] = {}
    names = {".".join(("linter",) + p.relative_to(package).with_suffix("").parts).removesuffix(".__init__")
             for p in package.rglob("*.py")}
    for path in package.rglob("*.py"):
        name = ".".join(("linter",) + path.relative_to(package).with_suffix("").parts).removesuffix(".__init__")
        is_pkg = path.name == "__init__.py"
        deps = graph.setdefault(name, set())
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.level:
                base = name.split(".")[: len(name.split(".")) - node.level + (1 if is_pkg else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
                subs = {f"{target}.{a.name}" for a in node.names}
                deps.update(subs if subs & names else {target})
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith("linter"))
    graph = {k: {d for d in v if d in graph and d != k} for k, v in graph.items()}
    assert "linter.config" in graph["linter.api"]  # the graph was read
    # a module using its package (``from . import __version__``): the package is set up first
    graph = {k: {d for d in v if not k.startswith(d + ".")} for k, v in graph.items()}
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                raise AssertionError(" -> ".join(trail + [node, dep]))
            if dep not in state:
                visit(dep, trail + [node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert "linter.cli.commands" not in graph["linter.cli"]  # click is imported only when needed


def test_cached_programs_are_read_only_when_used(monkeypatch):
    import marshal

    from linter import analysis, regexcache

    code = ("import sys\nfrom linter import cli, regexcache\ntry:\n    cli.main(sys.argv[1:])\n"
            "except SystemExit:\n    pass\nt = regexcache._programs.values()\n"
            "n = len(t) + len(regexcache._unread_programs)\n"
            "sys.stderr.write(f'\\nREAD {sum(isinstance(v, tuple) for v in t)} {n}')\n")
    for args in (["--regulation", "all", "examples"], [str(EXAMPLES[0])]):  # the first fills the cache
        run = subprocess.run([sys.executable, "-c", code, "check", *args],
                             capture_output=True, text=True, cwd=ROOT)
    read, total = map(int, run.stderr.rsplit("READ ", 1)[1].split())
    assert 0 < read < total / 2
    # an entry that does not read back as a program or an analysis is made again
    monkeypatch.setitem(regexcache._programs, "ab+c", marshal.dumps((1, 2)))
    assert regexcache.compile_re("ab+c").search("xABBC").span() == (1, 5)
    monkeypatch.setitem(regexcache._analyses, "ab+c", marshal.dumps("junk"))
    assert regexcache.analysis_of("ab+c") == analysis.analyse("ab+c")


def test_a_cached_analysis_is_used_as_it_was_saved(monkeypatch):
    import marshal

    from linter import analysis, regexcache

    info = analysis.analyse(r"\b(?:\d+|one) days?")
    monkeypatch.setitem(regexcache._analyses, "cached-analysis", marshal.dumps(info))
    monkeypatch.setattr(analysis, "analyse", lambda source: pytest.fail("analysed again"))
    assert regexcache.analysis_of("cached-analysis") == info


def test_the_cache_knows_the_length_of_an_analysis():
    from linter import analysis, regexcache

    assert len(analysis.analyse("ab+c")) == regexcache.ANALYSIS_FIELDS


def test_a_cached_entry_of_the_wrong_shape_is_dropped_when_first_asked_for():
    import marshal

    from linter import regexcache

    table = {"ok": marshal.dumps((1, 2)), "junk": b"\x00junk", "int": 7, "long": marshal.dumps((1, 2, 3))}
    assert regexcache._entry(table, "ok", 2) == (1, 2)
    assert regexcache._entry(table, "ok", 2) == (1, 2)  # read once, then kept as a tuple
    for key in ("junk", "int", "long"):
        assert regexcache._entry(table, key, 2) is None
        assert key not in table  # dropped, so the run compiles and analyses anew
    assert regexcache._entry(table, "absent", 2) is None


def test_a_warm_one_file_run_writes_no_cache_file(tmp_path):
    # from a folder whose pyproject.toml names privacylint (config discovery reads it before
    # the rulebook's program cache is loaded: nothing it compiles may make the cache dirty)
    env = {**__import__("os").environ, "PRIVACYLINT_CACHE_DIR": str(tmp_path / "cache")}
    policy = str(EXAMPLES[0])
    for _ in range(2):  # the second run may still record the rulebook's stamps
        assert _run(["check", policy], env=env)[0] in (0, 1)
    folder = tmp_path / "cache" / "privacylint"
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert any(n.startswith("programs-") for n in before)
    assert _run(["check", policy], env=env)[0] in (0, 1)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_a_damaged_entry_of_the_programs_file_is_made_anew(monkeypatch):
    from array import array

    from linter import regexcache as rc

    programs, analyses = {}, {}
    for attr, value in (("_programs", programs), ("_analyses", analyses), ("_locs", array("I")),
                        ("_unread_programs", {}), ("_unread_analyses", {}), ("_regex_only", set()),
                        ("_programs_dirty", False)):
        monkeypatch.setattr(rc, attr, value)
    rc.compile_re("ab+c")
    rc.compile_re("x[yz]")
    data = bytearray(rc._indexed("p.marshal", rc._dumped(programs, {}), {}, []))
    assert rc.read_index("p.marshal", bytes(data)) is not None
    assert rc.read_index("q.marshal", bytes(data)) is None  # sealed for another file
    spoilt = bytes(data[:14]) + bytes([data[14] ^ 1]) + bytes(data[15:])
    assert rc.read_index("p.marshal", spoilt) is None  # a damaged index: the whole file is made anew
    programs.clear()
    data[-3] ^= 0xFF  # inside the last entry, "x[yz]"'s program
    assert rc._load_indexed("p.marshal", bytes(data))
    assert rc.has_program("ab+c") and rc.has_program("x[yz]") and not programs
    monkeypatch.setattr(rc, "_programs_dirty", False)
    assert rc.compile_re("ab+c").search("xABBC").span() == (1, 5)
    assert isinstance(programs["ab+c"], tuple) and not rc._programs_dirty  # read from the file
    assert rc.compile_re("x[yz]").search("aXZ").span() == (1, 3)  # not believed: made anew
    assert rc._programs_dirty  # and the file is to be written again
    assert rc._dumped(programs, rc._unread_programs).keys() == {"ab+c", "x[yz]"}


def _shape(c) -> tuple:
    def pat(p):
        return None if p is None else (p.source, p.bounded)

    def alts(xs):
        return tuple((tuple(map(pat, a.patterns)), a.within, pat(a.section), tuple(map(pat, a.unless)),
                      a.message, a.severity, pat(a.not_section), a.valid_from, a.superseded_on)
                     for a in xs)

    return (c.rule, alts(c.present), alts(c.weak), alts(c.when), alts(c.establish),
            pat(c.section), pat(c.own), pat(c.foreign))


def test_rules_loaded_from_the_cache_build_their_patterns_when_first_used():
    import pickle

    from linter.record import replace

    loaded = rulebook.load()
    assert all(c._pending is not None for c in loaded)  # nothing built at load
    data, expanded = rulebook._cached(rulebook.bundled_files())
    eager = rulebook.compile_rulebook(data, dict(expanded))
    assert all(c._pending is None for c in eager)
    assert loaded[0].present and loaded[0]._pending is None  # built on first use
    assert [_shape(c) for c in loaded] == [_shape(c) for c in eager]
    twin = pickle.loads(pickle.dumps(rulebook.load()[1]))  # as a worker process gets it
    assert twin._pending is None and _shape(twin) == _shape(eager[1])
    moved = replace(rulebook.load()[2], rule=replace(eager[2].rule, severity="info"))
    assert _shape(moved)[1:] == _shape(eager[2])[1:] and moved.rule.severity == "info"


def test_a_one_file_run_builds_only_the_rules_it_runs():
    code = ("import sys\nfrom linter import cli, rulebook\nseen = []\nreal = rulebook.load\n"
            "def load(*a, **k):\n    seen.extend(real(*a, **k))\n    return seen\n"
            "rulebook.load = load\ntry:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(f'\\nBUILT {sum(c._pending is None for c in seen)} {len(seen)}')\n")
    bakery = str(ROOT / "examples" / "bakery-privacy-notice.md")  # a UK bakery: the UK GDPR and general rules
    run = subprocess.run([sys.executable, "-c", code, "check", bakery], capture_output=True, text=True, cwd=ROOT)
    built, total = map(int, run.stderr.rsplit("BUILT ", 1)[1].split())
    assert 0 < built < total / 2
