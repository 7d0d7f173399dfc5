"""Hostile input (issue 8): nothing the user owns is overwritten, nothing crashes or hangs,
nothing is silently misread.  Each test reproduces one numbered case of the issue."""
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import linter
from linter import api, patterns, regexcache, rulebook
from linter.config import Options
from linter.errors import UserError

POLICY = "Privacy Policy\n\nWe collect your e-mail address to send you our newsletter.\n"


def run(*args, cwd, stdin: bytes | None = None, env=None):
    """The command line in a subprocess; the timeout only turns a hang into a failure."""
    proc = subprocess.run([sys.executable, "-m", "linter", *map(str, args)], input=stdin,
                          capture_output=True, cwd=cwd, timeout=120,
                          env={**os.environ, **(env or {})})
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def assert_error(result, *needles):
    code, _, err = result
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("privacylint: error:"), err
    assert "Traceback" not in err and "internal error" not in err, err
    assert len(err) < 600, len(err)
    for needle in needles:
        assert needle in err, err


@pytest.fixture
def repo(tmp_path):
    (tmp_path / ".git").mkdir()  # stop configuration discovery here
    (tmp_path / "privacy.txt").write_text(POLICY)
    return tmp_path


# 1. output written over an input -------------------------------------------------------
@pytest.mark.parametrize("flag", ["--output", "--write-baseline"])
def test_output_onto_the_checked_file_is_refused_and_the_file_kept(repo, flag):
    assert_error(run("check", flag, "privacy.txt", "privacy.txt", cwd=repo),
                 "privacy.txt: " + flag, "which this run reads")
    assert (repo / "privacy.txt").read_text() == POLICY


def test_output_onto_a_file_inside_a_checked_folder_is_refused(repo):
    (repo / "legal").mkdir()
    (repo / "legal" / "cookies.md").write_text(POLICY)
    assert_error(run("check", "--output", "legal/cookies.md", "legal", cwd=repo), "legal/cookies.md")
    assert (repo / "legal" / "cookies.md").read_text() == POLICY


def test_output_through_a_link_to_an_input_is_refused(repo):
    (repo / "report.txt").symlink_to("privacy.txt")
    assert_error(run("check", "--output", "report.txt", "privacy.txt", cwd=repo), "report.txt")
    assert (repo / "privacy.txt").read_text() == POLICY


def test_output_onto_the_configuration_is_refused(repo):
    (repo / ".privacylint.yaml").write_text("fail-on: never\n")
    assert_error(run("check", "--output", ".privacylint.yaml", "privacy.txt", cwd=repo))
    assert (repo / ".privacylint.yaml").read_text() == "fail-on: never\n"


# 2. --output onto a symlink or a device --------------------------------------------------
def test_output_through_a_symlink_keeps_the_link_and_fills_its_target(repo):
    (repo / "out").symlink_to("reports/report.txt")
    (repo / "reports").mkdir()
    code, _, err = run("check", "--output", "out", "privacy.txt", cwd=repo)
    assert code == 1, err
    assert (repo / "out").is_symlink()
    assert "1 file checked" in (repo / "reports" / "report.txt").read_text()


@pytest.mark.skipif(not Path("/proc/self/fd/1").exists(), reason="needs /proc")
def test_output_to_a_link_to_standard_output_prints_the_report(repo):
    (repo / "out").symlink_to("/proc/self/fd/1")
    code, out, _ = run("check", "--output", "out", "privacy.txt", cwd=repo)
    assert code == 1 and "1 file checked" in out
    assert (repo / "out").is_symlink()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_output_to_a_named_pipe_writes_through_it(repo):
    fifo = repo / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    code, _, err = run("check", "--output", "pipe", "privacy.txt", cwd=repo)
    reader.join(60)
    assert code == 1, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert "1 file checked" in got[0]


# 3. YAML bombs ----------------------------------------------------------------------------
def bomb(levels: int, key: str = "x") -> str:
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + f"\n{key}: *a{levels}\n"


def test_bomb_in_config_file_is_refused(repo):
    (repo / "c.yaml").write_text(bomb(9))
    assert_error(run("check", "--config", "c.yaml", "privacy.txt", cwd=repo), "c.yaml:", "aliases")


def test_bomb_in_discovered_config_is_refused_without_any_flag(repo):
    (repo / ".privacylint.yaml").write_text(bomb(9))
    assert_error(run("check", "privacy.txt", cwd=repo), ".privacylint.yaml:", "aliases")


def test_bomb_in_suppressions_is_refused(repo):
    (repo / "s.yaml").write_text(bomb(9, "suppressions"))
    assert_error(run("check", "--suppressions", "s.yaml", "privacy.txt", cwd=repo), "s.yaml:")


@pytest.mark.parametrize("levels", [6, 9])
def test_bomb_under_rules_is_refused_with_a_short_error(repo, levels):
    (repo / "team.yaml").write_text(bomb(levels, "rules"))
    assert_error(run("check", "--rules", "team.yaml", "privacy.txt", cwd=repo), "team.yaml:")


def test_a_few_aliases_are_still_allowed(repo):
    (repo / ".privacylint.yaml").write_text("ignore: &skip [general/]\nper-file:\n  '*.txt':\n"
                                             "    ignore: *skip\n")
    code, _, err = run("check", "privacy.txt", cwd=repo)
    assert code == 1, err


def test_a_cyclic_alias_is_refused(tmp_path):
    from linter import yamlsource

    with pytest.raises(UserError, match=r"^c\.yaml:1: .*contains it"):
        yamlsource.load("a: &x [*x]\n", "c.yaml")


# 4. ReDoS in a custom rule ---------------------------------------------------------------
REDOS_RULE = """\
rules:
  - id: team/redos
    title: A pattern that backtracks without end
    regulation: general
    citation: none
    severity: warning
    kind: require
    message: The text does not end in a run of the letter a.
    help: Written to show that a team pattern cannot hang a run.
    present:
      - pattern: '(a+)+$'
    examples:
      present: ["aaaa"]
      missing: ["bbbb"]
"""


def test_redos_pattern_becomes_a_rule_error_and_the_run_goes_on(repo, monkeypatch):
    (repo / "team.yaml").write_text(REDOS_RULE)
    (repo / "a.txt").write_text("a" * 4000 + "b\n")
    monkeypatch.setattr(patterns, "RULE_TIME_LIMIT", 0.2)
    rules = api.load_rules([repo / "team.yaml"])
    result = api.lint_text((repo / "a.txt").read_text(), "a.txt", rules=rules)
    errors = [f for f in result.findings if f.rule_id == "privacylint/rule-error"]
    assert len(errors) == 1 and "team/redos" in errors[0].message and errors[0].severity == "error"
    ids = {r.rule_id for r in result.requirements}
    assert "team/redos" not in ids and "gdpr/dpo-contact" in ids  # every other rule ran


def test_redos_on_the_command_line_exits_1_with_the_rule_error(repo):
    (repo / "team.yaml").write_text(REDOS_RULE)
    (repo / "a.txt").write_text("a" * 4000 + "b\n")
    code, out, err = run("check", "--rules", "team.yaml", "a.txt", cwd=repo)
    assert code == 1, err
    assert "privacylint/rule-error" in out and "team/redos" in out


def test_validate_rules_refuses_a_repeated_repetition(repo):
    (repo / "team.yaml").write_text(REDOS_RULE)
    code, _, err = run("validate-rules", "team.yaml", cwd=repo)
    assert code == 1 and "team.yaml:2: rule team/redos" in err and "exponential" in err


def test_bundled_patterns_are_trusted_and_team_patterns_bounded(tmp_path):
    (tmp_path / "team.yaml").write_text(REDOS_RULE)
    bundled = {p.source for c in rulebook.load() for p in rulebook._patterns(c)}
    for c in rulebook.load([tmp_path / "team.yaml"]):
        for p in rulebook._patterns(c):
            assert p.bounded == (p.source not in bundled), (c.rule.id, p.source)


def test_a_team_file_redefining_a_named_pattern_bounds_the_bundled_rules_using_it(tmp_path):
    (tmp_path / "team.yaml").write_text("patterns:\n  email: '(x+)+y'\n")
    rules = rulebook.load([tmp_path / "team.yaml"])
    using = [p for c in rules for p in rulebook._patterns(c) if "(x+)+y" in p.source]
    assert using and all(p.bounded for p in using)


# 5. impossible dates -----------------------------------------------------------------------
def test_impossible_date_in_suppressions_is_an_error_at_its_line(repo):
    (repo / "s.yaml").write_text("suppressions:\n  - rule: gdpr/\n    files: '*'\n    reason: ok\n"
                                 "    expires: 2027-02-30\n")
    assert_error(run("check", "--suppressions", "s.yaml", "privacy.txt", cwd=repo),
                 "s.yaml:5:", "2027-02-30")


def test_impossible_date_in_config_is_an_error_at_its_line(repo):
    (repo / "c.yaml").write_text("facts:\n  has-dpo: 2027-02-30\n")
    assert_error(run("check", "--config", "c.yaml", "privacy.txt", cwd=repo), "c.yaml:2:")


def test_impossible_date_in_rulebook_is_an_error_at_its_line(repo):
    (repo / "team.yaml").write_text(REDOS_RULE.replace("A pattern that backtracks without end",
                                                       "2027-02-30"))
    assert_error(run("check", "--rules", "team.yaml", "privacy.txt", cwd=repo), "team.yaml:3:")


# 6. baselines ------------------------------------------------------------------------------
@pytest.mark.parametrize("text,where", [
    ('{"version": 1, "findings": [{"path": ["a"], "fingerprint": {"b": 1}}]}', "findings/0/path"),
    ('{"version": 1, "findings": [{"path": "a", "fingerprint": 3}]}', "findings/0/fingerprint"),
    ('{"version": 1, "findings": [7]}', "findings/0"),
    ("[" * 100_000, "nested too deeply"),
    ('{"version": 1,\n "findings": [}', "b.json:2:"),
    (b"\xff\xfe{}", "b.json"),
])
def test_malformed_baseline_is_a_one_line_error(repo, text, where):
    (repo / "b.json").write_bytes(text if isinstance(text, bytes) else text.encode())
    assert_error(run("check", "--baseline", "b.json", "privacy.txt", cwd=repo), where)


# 7. caches -----------------------------------------------------------------------------------
def _cache_files(cache: Path, prefix: str) -> list[Path]:
    return sorted(cache.glob(f"privacylint/{prefix}-*"))


def _verdicts(repo, cache):
    code, out, err = run("check", "--format", "json", "privacy.txt", cwd=repo,
                         env={"PRIVACYLINT_CACHE_DIR": str(cache)})
    assert code in (0, 1), err
    return json.loads(out)


DAMAGES = {
    "byte": lambda f, d: d[:len(d) // 2] + bytes([d[len(d) // 2] ^ 1]) + d[len(d) // 2 + 1:],
    "shape": lambda f, d: regexcache.seal(f.name, {"not": "a rulebook"}),
    # sealed for another file: a rulebook with no rules, which would pass every policy
    "foreign": lambda f, d: regexcache.seal("rulebook-other.marshal", ([], {})),
}


def test_a_damaged_cache_never_changes_a_verdict_and_is_rebuilt(repo, tmp_path):
    cache = tmp_path / "cache"
    good = _verdicts(repo, cache)
    for damage, spoil in DAMAGES.items():
        files = _cache_files(cache, "rulebook") + _cache_files(cache, "programs")
        assert len(files) == 2
        for f in files:
            f.write_bytes(spoil(f, f.read_bytes()))
        assert _verdicts(repo, cache) == good, damage
        for f in files:  # rebuilt (a programs file's damaged entry is dropped when first read)
            read = regexcache.read_index if f.name.startswith("programs-") else regexcache.unseal
            assert read(f.name, f.read_bytes()) is not None, (damage, f)


def test_unseal_checks_content_and_name():
    sealed = regexcache.seal("a", {"k": 1})
    assert regexcache.unseal("a", sealed) == {"k": 1}
    assert regexcache.unseal("b", sealed) is None
    assert regexcache.unseal("a", sealed[:-1] + bytes([sealed[-1] ^ 1])) is None
    assert regexcache.unseal("a", b"") is None
    assert regexcache.unseal("a", sealed[: len(sealed) // 2]) is None  # truncated
    assert regexcache.unseal("a", __import__("marshal").dumps({"k": 1})) is None  # old format


# 8. silently misread input ------------------------------------------------------------------
def test_pyproject_with_a_bad_byte_is_an_error_not_ignored(repo):
    (repo / "pyproject.toml").write_bytes(b'[tool.privacylint]\nfail-on = "never"\n# caf\xe9\n')
    assert_error(run("check", "privacy.txt", cwd=repo), "pyproject.toml:3:", "UTF-8")


def test_malformed_run_date_is_an_error(repo):
    assert_error(run("check", "privacy.txt", cwd=repo, env={"PRIVACYLINT_TODAY": "yesterday"}),
                 "PRIVACYLINT_TODAY")


def test_config_with_a_nul_byte_is_a_one_line_error(repo):
    (repo / "c.yaml").write_bytes(b"facts:\n  has-dpo: \x00\n")
    assert_error(run("check", "--config", "c.yaml", "privacy.txt", cwd=repo), "c.yaml:2:")


def test_rulebook_with_a_bad_byte_is_an_error_at_its_line(repo):
    (repo / "team.yaml").write_bytes(b"rules: []\n# \xff\n")
    assert_error(run("check", "--rules", "team.yaml", "privacy.txt", cwd=repo), "team.yaml:2:")


# 9. large files ----------------------------------------------------------------------------------
def test_a_file_over_the_limit_is_refused(repo):
    (repo / "big.txt").write_text(POLICY * 10)
    assert_error(run("check", "--max-size", "100", "big.txt", cwd=repo),
                 "big.txt: file too large", "--max-size")


def test_the_limit_can_be_raised(repo):
    code, _, err = run("check", "--max-size", "1K", "privacy.txt", cwd=repo)
    assert code == 1, err


def test_an_oversized_file_found_in_a_folder_stops_the_run(repo):
    (repo / "docs").mkdir()
    (repo / "docs" / "a.txt").write_text(POLICY)
    (repo / "docs" / "b.txt").write_text(POLICY * 10)
    assert_error(run("check", "--max-size", "200", "docs", cwd=repo), "docs/b.txt: file too large")


def test_standard_input_over_the_limit_is_refused(repo):
    assert_error(run("check", "--max-size", "100", "-", cwd=repo, stdin=POLICY.encode() * 10),
                 "<stdin>: file too large")


@pytest.mark.parametrize("bad", ["0", "-5", "lots", "1X", "nan"])
def test_a_bad_max_size_is_a_usage_error(repo, bad):
    assert_error(run("check", "--max-size", bad, "privacy.txt", cwd=repo), "--max-size")


def test_the_default_limit_applies_to_the_library(tmp_path, monkeypatch):
    from linter import source

    monkeypatch.setattr(source, "MAX_SIZE", 50)
    (tmp_path / "p.txt").write_text(POLICY)
    with pytest.raises(UserError, match="file too large"):
        linter.lint_paths([str(tmp_path / "p.txt")], options=Options(isolated=True))
    run_ok = linter.lint_paths([str(tmp_path / "p.txt")], options=Options(isolated=True, max_size=1000))
    assert len(run_ok.files) == 1


# error messages --------------------------------------------------------------------------------
def test_error_messages_are_one_line_and_capped():
    from linter.cli import MESSAGE_MAX, one_line

    assert one_line("a\n  in b\r\nc") == "a in b c"
    assert len(one_line("x" * 10_000)) == MESSAGE_MAX


def test_no_bundled_pattern_repeats_a_repetition():
    from linter.redos import nested_repetition

    bad = sorted({p.source for c in rulebook.load() for p in rulebook._patterns(c)
                  if nested_repetition(p.source)})
    assert bad == []
