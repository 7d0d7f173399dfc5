"""A run with worker processes stops cleanly: Ctrl-C, ``kill`` or a killed parent leaves no
traceback on the terminal and no worker behind, and a corpus run resumes to the same file."""
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT

EXAMPLES = ROOT / "examples"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and /proc, as on Linux")


def _corpus(tmp_path, n=400):
    folder = tmp_path / "policies"
    folder.mkdir()
    sources = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".md", ".html"))
    for i in range(n):
        src = sources[i % len(sources)]
        shutil.copyfile(src, folder / f"{i:04d}{src.suffix}")
    return folder


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
            except OSError:  # ended meanwhile
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # the field after the state: ppid
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as f:
            return "\nState:\tZ" not in f.read()
    except FileNotFoundError:
        return False


def _start(args, cwd, module="linter", ready=lambda: True, settle=0.5, wait=30):
    """The command running, once it has two child processes (its workers) and ``ready()``."""
    proc = subprocess.Popen([sys.executable, "-m", module, *args], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + wait
    while not ready() or len(_children(proc.pid)) < 2:  # the workers are up, checking files
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it could be stopped"
        time.sleep(0.05)
    time.sleep(settle)
    return proc, _children(proc.pid)


def _gone(pids, seconds=10):
    deadline = time.monotonic() + seconds
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_alive(p) for p in pids)


@pytest.mark.parametrize("how", ["ctrl-c", "kill", "kill -9"])
def test_a_run_with_workers_stops_without_a_traceback_or_a_worker_left(tmp_path, how):
    folder = _corpus(tmp_path)
    proc, workers = _start(["check", "-j", "2", "--format", "json", str(folder)], tmp_path)
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)  # a terminal sends it to every process of the group
    else:
        os.kill(proc.pid, signal.SIGTERM if how == "kill" else signal.SIGKILL)
    err = proc.communicate(timeout=30)[1].decode()
    assert "Traceback" not in err and "ForkPoolWorker" not in err, err
    assert proc.returncode == {"ctrl-c": 2, "kill": 143, "kill -9": -signal.SIGKILL}[how], err
    assert _gone(workers), "a worker outlived the run"


def test_a_killed_corpus_run_resumes_to_the_same_results(tmp_path):
    folder = _corpus(tmp_path)
    whole, cut = tmp_path / "whole.jsonl", tmp_path / "cut.jsonl"
    done = subprocess.run([sys.executable, "-m", "linter", "corpus", str(folder), "--out", str(whole), "-j", "2"],
                          capture_output=True)
    assert done.returncode == 0, done.stderr
    proc, workers = _start(["corpus", str(folder), "--out", str(cut), "-j", "2"], tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    assert "Traceback" not in proc.communicate(timeout=30)[1].decode()
    assert _gone(workers)
    lines = cut.read_bytes().count(b"\n") if cut.exists() else 0
    assert lines < 400  # stopped part-way
    again = subprocess.run([sys.executable, "-m", "linter", "corpus", str(folder), "--out", str(cut), "-j", "2"],
                           capture_output=True)
    assert again.returncode == 0 and b"Traceback" not in again.stderr, again.stderr
    assert cut.read_bytes() == whole.read_bytes()


@pytest.mark.parametrize("how", ["ctrl-c", "kill -9"])
def test_the_dask_path_stops_in_one_line_and_leaves_no_worker(tmp_path, how):
    pytest.importorskip("dask")
    folder = _corpus(tmp_path)
    proc, workers = _start([str(folder), str(tmp_path / "parts"), "--partitions", "4"], tmp_path,
                           module="linter.dask_corpus", ready=(tmp_path / "parts").exists, settle=1, wait=60)
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGKILL)
    err = proc.communicate(timeout=60)[1].decode()
    assert "Traceback" not in err, err
    if how == "ctrl-c":
        assert proc.returncode == 2 and err.strip().splitlines()[-1] == "privacylint: error: interrupted", err
    assert _gone(workers, 20), "a Dask worker outlived the run"
