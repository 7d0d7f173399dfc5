"""Shared helpers for the output-format tests: a tiny rulebook and a fake repository."""
from __future__ import annotations

from pathlib import Path

import pytest

from linter import cli

DATA = Path(__file__).resolve().parent / "data"
RULES = DATA / "integration-rules.yaml"

POLICY = """\
# Privacy notice

## Contact

Write to us. Our data protection officer, Ana, works here.

## Retention

We keep data a while.
"""


def make_repo(tmp_path: Path, name: str = "docs/privacy policy.txt", text: str = POLICY) -> Path:
    """A directory that looks like a git checkout (a ``.git`` folder) holding one policy."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    policy = repo / name
    policy.parent.mkdir(parents=True, exist_ok=True)
    policy.write_text(text, encoding="utf-8")
    return policy


def run_cli(args, capsys) -> tuple[int, str, str]:
    """Run ``privacylint`` in-process with the test rulebook only."""
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "--rules", str(RULES), "--regulation", "all", *args])
    out, err = capsys.readouterr()
    return exc.value.code, out, err
