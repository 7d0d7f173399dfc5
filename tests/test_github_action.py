"""The composite action (action.yml) and the example workflow: what GitHub would run."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
WORKFLOW_TEXT = (ROOT / "examples" / "github-code-scanning.yml").read_text(encoding="utf-8")
WORKFLOW = yaml.safe_load(WORKFLOW_TEXT)


def _uses(steps):
    return [s["uses"] for s in steps if "uses" in s]


def _major(ref: str) -> int:
    return int(re.search(r"@v(\d+)", ref).group(1))


def test_actions_run_on_node_24():
    steps = WORKFLOW["jobs"]["privacy-policy"]["steps"] + ACTION["runs"]["steps"]
    for ref in _uses(steps):
        name = ref.split("@")[0]
        need = {"actions/checkout": 5, "actions/setup-python": 6, "github/codeql-action/upload-sarif": 4}[name]
        assert _major(ref) >= need, ref


def test_workflow_documents_permissions_and_plan_and_guards_the_upload():
    assert WORKFLOW["permissions"]["security-events"] == "write"
    assert "Code Security" in WORKFLOW_TEXT and "public" in WORKFLOW_TEXT
    steps = WORKFLOW["jobs"]["privacy-policy"]["steps"]
    (upload,) = [s for s in steps if "upload-sarif" in s.get("uses", "")]
    assert "exit-code != '2'" in upload["if"]
    check = next(s for s in steps if s.get("id") == "check")
    assert "--format markdown" in check["run"] and "GITHUB_STEP_SUMMARY" in check["run"]
    assert re.search(r"privacylint check (--color always )?policies/", check["run"])  # findings in the log
    assert "pip install privacylint\n" not in WORKFLOW_TEXT


def test_action_inputs_and_upload_condition():
    assert {"paths", "regulation", "fail-on", "upload-sarif"} <= set(ACTION["inputs"])
    assert ACTION["runs"]["using"] == "composite"
    (upload,) = [s for s in ACTION["runs"]["steps"] if "upload-sarif" in s.get("uses", "")]
    assert "inputs.upload-sarif == 'true'" in upload["if"] and "!= '2'" in upload["if"]


def _check_step():
    return next(s for s in ACTION["runs"]["steps"] if s.get("id") == "check")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("regulation,code", [("gdpr", "1"), ("gdrp", "2")])
def test_action_check_step_runs_as_github_would(tmp_path, regulation, code):
    """The step's script with its inputs as environment variables, as the runner passes them."""
    step = _check_step()
    assert "${{" not in step["run"]  # inputs reach the script only through env: no injection
    policies = tmp_path / "policies"
    policies.mkdir()
    shutil.copy(ROOT / "examples" / "bakery-privacy-notice.md", policies / "privacy.md")
    out, summary = tmp_path / "out.txt", tmp_path / "summary.md"
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
           "PL_PATHS": "policies/", "PL_REGULATION": regulation, "PL_FAIL_ON": "",
           "PL_SARIF": "privacylint.sarif", "GITHUB_OUTPUT": str(out), "GITHUB_STEP_SUMMARY": str(summary)}
    proc = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr  # the last step fails the job, after the upload
    assert out.read_text().strip() == f"exit-code={code}"
    if code == "1":
        assert (tmp_path / "privacylint.sarif").is_file()
        assert "gdpr/legal-basis" in proc.stdout  # the findings are in the log
        assert summary.exists()
    else:
        assert not (tmp_path / "privacylint.sarif").exists()
        assert "unknown regulation" in proc.stderr
