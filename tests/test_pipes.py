"""A named pipe (FIFO) given as input or output: read or written when a process is at the other
end, a one-line error (exit 2) instead of a hang when none is."""
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from linter import pipes
from linter.cli import main

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "bakery-privacy-notice.md"


@pytest.fixture
def fifo(tmp_path, monkeypatch):
    monkeypatch.setattr(pipes, "WAIT", 0.3)
    path = tmp_path / "policy.md"
    os.mkfifo(path)
    return path


def run(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def feed(path: Path, data: bytes) -> threading.Thread:
    """A writer at the other end of ``path``, as a shell's ``cat file > path &`` would be."""
    def write():
        with open(path, "wb") as handle:
            handle.write(data)
    t = threading.Thread(target=write, daemon=True)
    t.start()
    return t


def drain(path: Path, into: list) -> threading.Thread:
    def read():
        with open(path, "rb") as handle:
            into.append(handle.read())
    t = threading.Thread(target=read, daemon=True)
    t.start()
    return t


def test_a_pipe_nobody_writes_to_is_a_one_line_error(fifo):
    # a separate process, with the real wait: a hang fails here instead of stalling the suite
    done = subprocess.run([sys.executable, "-m", "linter", "check", str(fifo)],
                          capture_output=True, text=True, timeout=60)
    code, out, err = done.returncode, done.stdout, done.stderr
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0
    assert str(fifo) in err and "named pipe" in err and "no process wrote" in err


def test_a_pipe_with_a_writer_is_checked_like_the_file(fifo, tmp_path, capsys):
    copy = tmp_path / "copy.md"
    copy.write_bytes(EXAMPLE.read_bytes())
    code_file, out_file, _ = run(["check", "--format", "json", str(copy)], capsys)
    writer = feed(fifo, EXAMPLE.read_bytes())
    code_pipe, out_pipe, err = run(["check", "--format", "json", str(fifo)], capsys)
    writer.join(5)
    assert err == "" or "error" not in err
    assert code_pipe == code_file == 1
    assert out_pipe.replace(str(fifo), "X").replace(fifo.name, "X") == \
        out_file.replace(str(copy), "X").replace(copy.name, "X")


def test_output_to_a_pipe_nobody_reads_is_refused_at_once(fifo, capsys):
    code, out, err = run(["check", str(EXAMPLE), "--format", "json", "-o", str(fifo)], capsys)
    assert code == 2
    assert "cannot write output" in err and "no process is reading" in err


def test_output_to_a_pipe_with_a_reader_arrives_whole(fifo, capsys):
    got: list = []
    reader = drain(fifo, got)
    time.sleep(0.2)  # the reader is blocked in its open before the run looks for one
    code, _, err = run(["check", str(EXAMPLE), "--format", "json", "-o", str(fifo)], capsys)
    reader.join(5)
    assert code == 1, err
    report = json.loads(got[0])
    assert report["files"][0]["path"].endswith("bakery-privacy-notice.md")


def test_corpus_from_a_pipe(fifo, tmp_path, capsys):
    out = tmp_path / "results.jsonl"
    code, _, err = run(["corpus", str(fifo), "--out", str(out)], capsys)
    assert code == 2 and "named pipe" in err and not out.exists()
    line = json.dumps({"id": "bakery", "text": EXAMPLE.read_text(encoding="utf-8")}) + "\n"
    writer = feed(fifo, line.encode())
    code, _, err = run(["corpus", str(fifo), "--out", str(out)], capsys)
    writer.join(5)
    assert code == 0, err
    results = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in results] == ["bakery"]


def test_configuration_and_baseline_from_a_silent_pipe(fifo, capsys):
    for flag, what in (("--config", "configuration file"), ("--baseline", "baseline")):
        code, _, err = run(["check", str(EXAMPLE), flag, str(fifo)], capsys)
        assert code == 2, flag
        assert f"cannot read {what}" in err and "named pipe" in err
