"""``--output FILE``: any format, written atomically; a write error is one line and exit 2."""
import json
import os

import pytest

from linter import output
from linter.errors import UserError

from integration_helpers import make_repo, run_cli


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "html", "markdown"])
def test_output_file_holds_what_stdout_would(fmt, tmp_path, capsys, monkeypatch):
    policy = make_repo(tmp_path)
    monkeypatch.chdir(policy.parent)
    code, expected, _ = run_cli(["--format", fmt, policy.name], capsys)
    target = tmp_path / f"report.{fmt}"
    code2, out, err = run_cli(["--format", fmt, "--output", str(target), policy.name], capsys)
    assert (code, code2) == (1, 1)  # findings still decide the exit status
    # a CI log must not stay empty (review W5): one summary line on stderr, nothing on stdout
    assert out == "" and err.startswith("privacylint: 1 file checked; ") and err.count("\n") == 1
    assert target.read_text(encoding="utf-8") == expected
    if fmt in ("json", "sarif"):
        json.loads(target.read_text(encoding="utf-8"))
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_replaces_an_existing_file_and_keeps_its_mode(tmp_path, capsys, monkeypatch):
    policy = make_repo(tmp_path)
    monkeypatch.chdir(policy.parent)
    target = tmp_path / "report.sarif"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    run_cli(["--format", "sarif", "-o", str(target), policy.name], capsys)
    assert target.read_text(encoding="utf-8").startswith("{")
    assert target.stat().st_mode & 0o777 == 0o640


def test_failed_replace_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "report.sarif"
    target.write_text("old report", encoding="utf-8")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", refuse)
    with pytest.raises(UserError) as exc:
        output.write_atomic(target, "new report")
    assert "No space left on device" in str(exc.value)
    assert target.read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.sarif"]


def test_unwritable_output_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    policy = make_repo(tmp_path)
    monkeypatch.chdir(policy.parent)
    code, out, err = run_cli(["--format", "sarif", "--output", str(tmp_path / "no" / "such" / "dir.sarif"),
                              policy.name], capsys)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("privacylint: error: ") and "cannot write output" in err
