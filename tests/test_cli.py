"""The command line as a user meets it: exit codes, one-line errors, stdin, determinism."""
import subprocess
import sys

from conftest import ROOT

EXAMPLES = ROOT / "examples"


def run(*args, stdin: bytes | None = None, cwd=None):
    proc = subprocess.run([sys.executable, "-m", "linter", *map(str, args)], input=stdin,
                          capture_output=True, cwd=cwd)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def assert_one_line_error(code, err):
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("privacylint: error:"), err
    assert "Traceback" not in err


def test_examples_fail_with_findings_for_both_seed_policies():
    code, out, _ = run("check", "--format", "concise", EXAMPLES)
    assert code == 1
    for name in ("inmusic-privacy-policy.txt", "allegro-music-center-privacy-policy.txt"):
        assert any(line.startswith(f"{EXAMPLES}/{name}:") for line in out.splitlines())
    assert "files checked" in out


def test_output_lines_are_sorted_and_well_formed():
    _, out, _ = run("check", "--format", "concise", EXAMPLES / "allegro-music-center-privacy-policy.txt")
    lines = [l for l in out.splitlines() if l.startswith(str(EXAMPLES))]
    keys = [(int(l.split(":")[1]), int(l.split(":")[2])) for l in lines]
    assert keys == sorted(keys)
    assert all(" [" in l and l.endswith("]") for l in lines)


def test_missing_path_is_a_one_line_error(tmp_path):
    assert_one_line_error(*run("check", tmp_path / "nope.md")[::2])


def test_binary_file_named_explicitly_is_an_error(tmp_path):
    f = tmp_path / "policy.txt"
    f.write_bytes(b"\x00\x01\x02binary")
    assert_one_line_error(*run("check", f)[::2])


def test_binary_file_in_a_folder_is_skipped_with_a_warning(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01")
    (tmp_path / "b.md").write_text("# Privacy\n\nWe do not sell your personal information.\n")
    code, out, err = run("check", tmp_path)
    assert code in (0, 1)
    assert "skipped" in err and "a.txt" in err
    assert "b.md" in out


def test_invalid_utf8_is_an_error(tmp_path):
    f = tmp_path / "p.txt"
    f.write_bytes(b"caf\xe9 policy")
    assert_one_line_error(*run("check", f)[::2])


def test_unknown_option_value_is_a_one_line_error():
    assert_one_line_error(*run("check", "--format", "xml", EXAMPLES)[::2])


def test_invalid_user_rulebook_names_file_line_and_key(tmp_path):
    rules = tmp_path / "team.yaml"
    rules.write_text("rules:\n  - id: team/eu-rep\n    title: EU representative named\n"
                     "    regulation: gdpr\n    citation: GDPR Art. 27\n    severity: fatal\n"
                     "    kind: require\n    message: x\n    help: y\n", encoding="utf-8")
    code, _, err = run("check", "--rules", rules, EXAMPLES)
    assert_one_line_error(code, err)
    assert f"{rules}:6:" in err and "severity" in err


def test_rulebook_yaml_syntax_error_gives_its_line(tmp_path):
    rules = tmp_path / "bad.yaml"
    rules.write_text("rules:\n  - id: x/y\n    title: [unclosed\n", encoding="utf-8")
    code, _, err = run("check", "--rules", rules, EXAMPLES)
    assert_one_line_error(code, err)
    assert str(rules) + ":" in err


def test_stdin_uses_the_given_name_and_its_format():
    text = b"# Privacy\n\nWrite to our [Data Protection Officer](https://x.example) at dpo@example.com.\n"
    code, out, _ = run("check", "--format", "json", "--stdin-filename", "policy.md", "-", stdin=text)
    assert code == 1
    import json
    report = json.loads(out)
    (f,) = report["files"]
    assert f["path"] == "policy.md"
    dpo = next(r for r in f["requirements"] if r["id"] == "gdpr/dpo-contact")
    assert dpo["status"] == "present" and dpo["line"] == 3


def test_output_is_deterministic():
    first = run("check", "--format", "json", EXAMPLES)[1]
    second = run("check", "--format", "json", EXAMPLES)[1]
    assert first == second


def test_fail_on_never_exits_zero():
    assert run("check", "--fail-on", "never", EXAMPLES)[0] == 0


def test_rules_and_explain():
    code, out, _ = run("rules", "--regulation", "gdpr")
    assert code == 0 and "gdpr/dpo-contact" in out and "ccpa/" not in out
    code, out, _ = run("explain", "gdpr/dpo-contact")
    assert code == 0 and "Art. 37(7)" in out
    assert_one_line_error(*run("explain", "gdpr/no-such-rule")[::2])
    code, _, err = run("explain", "uk-gdpr")  # a law's name, not a rule's: say how to list its rules
    assert_one_line_error(code, err)
    assert "privacylint rules --regulation uk-gdpr" in err


def test_regulation_all_runs_every_law_even_over_a_narrower_config(tmp_path):
    (tmp_path / ".privacylint.yaml").write_text("regulations: [gdpr]\n", encoding="utf-8")
    policy = tmp_path / "p.md"
    policy.write_text("# Privacy\n\nWe do not sell your personal information.\n", encoding="utf-8")
    _, narrow, _ = run("check", "--format", "json", policy, cwd=tmp_path)
    _, every, _ = run("check", "--format", "json", "--regulation", "all", policy, cwd=tmp_path)
    assert '"ccpa/opt-out-sale"' not in narrow
    assert '"ccpa/opt-out-sale"' in every and '"coppa/age-threshold"' in every
    code, _, err = run("check", "--regulation", "alll", policy, cwd=tmp_path)
    assert_one_line_error(code, err)
    assert "did you mean 'all'" in err
