"""GitHub Actions workflow-command annotations (``--format github``)."""
from linter.formats import github
from linter.types import FileResult, Finding, Position, RunResult

from integration_helpers import make_repo, run_cli


def test_escaping_follows_actions_core():
    assert github.escape_data("100%\r\nnext: a, b") == "100%25%0D%0Anext: a, b"
    assert github.escape_property("100%\r\nnext: a, b") == "100%25%0D%0Anext%3A a%2C b"
    # % first, so an escape sequence already in the text is not decoded by GitHub
    assert github.escape_property("%3A") == "%253A"


def _render(position, severity="error", path="privacy.txt", message="Missing: thing, 100%"):
    finding = Finding("gdpr/dpo-contact", severity, message, "Art. 13(1)(b)", position)
    return github.render(RunResult((FileResult(path, (), (finding,)),), ()))


def test_one_line_range_has_columns():
    first = _render(Position(4, 2, 4, 9)).splitlines()[0]
    assert first == ("::error file=privacy.txt,line=4,col=2,endLine=4,endColumn=9,"
                     "title=privacylint gdpr/dpo-contact::Missing: thing, 100%25 [Art. 13(1)(b)]")


def test_multi_line_range_has_no_columns():
    first = _render(Position(4, 2, 6, 3), severity="warning").splitlines()[0]
    assert first.startswith("::warning file=privacy.txt,line=4,endLine=6,title=")
    assert "col=" not in first and "endColumn=" not in first


def test_info_is_a_notice_and_newlines_are_escaped():
    first = _render(Position(1, 1, 1, 1), severity="info", message="two\nlines").splitlines()[0]
    assert first.startswith("::notice ")
    assert first.endswith("::two%0Alines [Art. 13(1)(b)]")


def test_property_values_are_escaped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = _render(Position(1, 1, 1, 2), path="a,b:c.txt").splitlines()[0]
    assert first.startswith("::error file=a%2Cb%3Ac.txt,line=1,")


def test_cli_github_paths_are_repository_relative(tmp_path, capsys, monkeypatch):
    policy = make_repo(tmp_path)
    monkeypatch.chdir(policy.parent)
    code, out, _ = run_cli(["--format", "github", policy.name], capsys)
    assert code == 1
    lines = out.splitlines()
    ours = [line for line in lines if "privacylint test/" in line]
    assert {line.split(" ", 1)[0] for line in ours} == {"::error", "::warning", "::notice"}
    assert all(line.split(" ", 1)[1].startswith("file=docs/privacy policy.txt,line=") for line in ours)
    assert lines[-1].startswith("privacylint: 1 file checked;")
