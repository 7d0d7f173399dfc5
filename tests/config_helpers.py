"""A throwaway repository (a folder with .git) holding policies and configuration files."""
import os
import subprocess
import sys
from pathlib import Path

import linter

from conftest import ROOT

TEST_RULES = ROOT / "tests" / "data" / "config-rules.yaml"
ONLY_TEST_RULES = None


def book_rules():
    global ONLY_TEST_RULES
    if ONLY_TEST_RULES is None:
        ONLY_TEST_RULES = linter.load_rules([TEST_RULES], bundled=False)
    return ONLY_TEST_RULES


def make_repo(root: Path, files: dict) -> Path:
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def run_cli(*args, cwd, env=None):
    """The command line as a user runs it (``python -m linter``): code, stdout, stderr."""
    proc = subprocess.run([sys.executable, "-m", "linter", *map(str, args)], capture_output=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def lint(root: Path, *paths, **kw):
    """Lint with only the test rulebook, from ``root`` as working directory."""
    old = os.getcwd()
    os.chdir(root)
    try:
        return linter.lint_paths(list(paths) or ["."], rules=book_rules(), **kw)
    finally:
        os.chdir(old)


def ids(result, path=None):
    return sorted(f.rule_id for r in result.files if path is None or r.path == path for f in r.findings)


def status(result, path, rule_id):
    (r,) = [f for f in result.files if f.path == path]
    return {q.rule_id: q for q in r.requirements}[rule_id]


def assert_config_error(code, err, where):
    """Exit 2, one line, ``file:line: message``, no traceback."""
    assert code == 2, err
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    assert err.startswith(f"privacylint: error: {where}"), err
