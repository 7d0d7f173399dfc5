"""The bench scripts refuse a bad argument at once, as a usage error, instead of a traceback
halfway through a run or a figure timed on a command that failed."""
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.parametrize("script, args, says", [
    ("scale.py", ["--files", "3"], "--files: expected a whole number of 20 or more, got '3'"),
    ("scale.py", ["--sizes", "1,x"], "--sizes: expected a whole number of 1 or more, got 'x'"),
    ("scale.py", ["--runs", "0"], "--runs: expected a whole number of 1 or more"),
    ("scale.py", ["--partitions", "0"], "--partitions: expected a whole number of 1 or more"),
    ("startup.py", ["--runs", "0"], "--runs: expected a whole number of 1 or more"),
    ("startup.py", ["no-such-policy.txt"], "no-such-policy.txt: no such file"),
    ("engine.py", ["no-such-policy.txt"], "no-such-policy.txt: no such file"),
])
def test_a_bad_bench_argument_is_a_usage_error(script, args, says):
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert says in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""  # nothing was measured
