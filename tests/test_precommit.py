"""The pre-commit hook, run by the real pre-commit (``pre-commit try-repo``) in a scratch repository.

try-repo clones the hook repository at HEAD, so the test first copies the current working tree
(tracked and untracked, not ignored files) into a temporary repository and commits it there:
the test checks the files as they are now, not as last committed.  pre-commit then builds a
virtualenv and pip-installs the project, which takes a few seconds per run.
"""
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPLIANT = ROOT / "examples" / "compliant-privacy-policy.md"

INCOMPLETE = """\
# Privacy Policy

We collect your name and e-mail address when you sign up. Questions: hello@example.com.
"""

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or importlib.util.find_spec("pre_commit") is None,
    reason="needs git and pre-commit (pip install -e '.[test]')")

GIT_ENV = {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com",
           "GIT_CONFIG_NOSYSTEM": "1"}


def _git(cwd, *args, env):
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _project_files() -> list[Path]:
    if (ROOT / ".git").exists():
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, check=True, capture_output=True).stdout.decode()
        return [Path(p) for p in out.split("\0") if p and (ROOT / p).is_file()]
    skip = {".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache"}
    return [p.relative_to(ROOT) for p in ROOT.rglob("*")
            if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    base = tmp_path_factory.mktemp("precommit")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(base / "cache"),
           "HOME": str(base / "home"), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           # the compliant example is dated 2 November 2026: pin the run date for its age check
           "PRIVACYLINT_TODAY": "2026-11-22"}
    env.pop("PRE_COMMIT", None)
    (base / "home").mkdir()
    project = base / "project"
    for rel in _project_files():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, project / rel)
    _git(project, "init", "-q", env=env)
    _git(project, "add", "-A", env=env)
    _git(project, "commit", "-q", "-m", "snapshot of the working tree", env=env)

    work = base / "work"
    (work / "legal").mkdir(parents=True)
    shutil.copy2(COMPLIANT, work / "legal" / "privacy-policy.md")
    (work / "legal" / "incomplete-privacy-policy.md").write_text(INCOMPLETE, encoding="utf-8")
    _git(work, "init", "-q", env=env)
    _git(work, "add", "-A", env=env)
    return project, work, env


def try_repo(scratch, policy):
    project, work, env = scratch
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(project), "privacylint",
                           "--files", policy, "--color", "never"],
                          cwd=work, env=env, capture_output=True, text=True, timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


def test_manifest_is_valid():
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_default_files_pattern_selects_policy_names():
    import re

    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    pattern = re.compile(hook["files"])
    for name in ("privacy.md", "legal/Privacy-Policy.html", "docs/cookie_POLICY.txt", "PRIVACY.md"):
        assert pattern.search(name), name
    for name in ("README.md", "privacy/README.md", "docs/terms.html"):
        assert not pattern.search(name), name


def test_hook_fails_on_a_policy_missing_required_disclosures(scratch):
    code, out = try_repo(scratch, "legal/incomplete-privacy-policy.md")
    assert code == 1, out
    assert "privacylint (privacy policy disclosures)" in out and "Failed" in out, out
    assert "- exit code: 1" in out, out
    # the linter's own findings are shown, with the path pre-commit passed
    assert "legal/incomplete-privacy-policy.md" in out and " error " in out, out


def test_hook_passes_on_the_compliant_example(scratch):
    code, out = try_repo(scratch, "legal/privacy-policy.md")
    assert code == 0, out
    assert "Passed" in out, out
