#!/usr/bin/env python3
"""Time a one-file run against the bare cost of importing our dependencies (pre-commit budget).

    python bench/startup.py [--runs 21] [--breakdown] [--instructions] [--peer CMD] [FILE]

Prints the median wall time of ``privacylint check FILE``, of
``python -c "import yaml, click, regex"`` and, when installed, of the rulestamp COPPA linter
(``pip install rulestamp-coppa-notice-lint-2026``) on the same file, the commands taking
turns (fair on a shared machine), and the ratios (targets: at most 1.5 the floor, below the
peer).  The first run of each warms caches and is not counted.  ``--breakdown`` adds the
median CPU time of the parts of a run: importing the CLI, loading the rulebook, linting,
rendering.  ``--instructions`` adds the instructions each command executes (valgrind): a
ratio that does not move with the machine's load.

The package's modules are byte-compiled first, as an installed package's are (pip compiles
them; pre-commit installs the hook with pip).  Without that, a checkout run with
PYTHONDONTWRITEBYTECODE=1 recompiles every module of ours on every run, while the libraries
it is compared with were compiled when installed.
"""
from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from arguments import at_least, policy_file  # bench/arguments.py (the script's folder is on the path)

ROOT = Path(__file__).resolve().parent.parent

# One run, timed in parts with CPU time (less noisy than wall time on a shared machine).
PARTS = r"""
import sys, time
t0 = time.process_time()
import linter.cli
t1 = time.process_time()
from linter import api, formats
rules = api.load_rules()
t2 = time.process_time()
result = api.lint_paths([sys.argv[1]], rules=rules)
t3 = time.process_time()
formats.render("text", result)
t4 = time.process_time()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""


PEER = "coppa-notice-lint-2026"


def median_times(cmds: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall time of each command, the commands taking turns."""
    for cmd in cmds.values():
        subprocess.run(cmd, capture_output=True)  # warm-up: file cache, rulebook cache
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True)
            times[name].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in times.items()}


def instructions(cmds: dict[str, list[str]]) -> dict[str, int] | None:
    """Instructions each command executes, counted by valgrind's cachegrind (None when
    valgrind is not installed).  Unlike wall time the count is the same from run to run
    whatever else the machine is doing, so its ratio holds on a shared machine too."""
    if not shutil.which("valgrind"):
        return None
    out = {}
    for name, cmd in cmds.items():
        # with the processes it starts (the peer's launcher runs node)
        run = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=yes",
                              "--cachegrind-out-file=/dev/null", *cmd], capture_output=True, text=True)
        found = [line for line in run.stderr.splitlines() if "I refs:" in " ".join(line.split())]
        if not found:
            return None
        out[name] = sum(int(line.rsplit(":", 1)[1].replace(",", "").strip()) for line in found)
    return out


def breakdown(file: str, runs: int) -> list[float]:
    cmd = [sys.executable, "-c", PARTS, file]
    subprocess.run(cmd, capture_output=True)
    rows = [[float(x) for x in subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()]
            for _ in range(runs)]
    return [statistics.median(col) for col in zip(*rows)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", type=policy_file, default=ROOT / "examples" / "inmusic-privacy-policy.txt")
    ap.add_argument("--runs", type=at_least(1), default=21)
    ap.add_argument("--breakdown", action="store_true", help="also time the parts of a run (CPU)")
    ap.add_argument("--peer", help=f"the peer's command (default: {PEER} if on PATH)")
    ap.add_argument("--instructions", action="store_true",
                    help="also count the instructions of each command (needs valgrind)")
    args = ap.parse_args()
    import linter

    compileall.compile_dir(Path(linter.__file__).parent, quiet=1)
    cmds = {"python": [sys.executable, "-c", "pass"],
            "floor": [sys.executable, "-c", "import yaml, click, regex"],
            "ours": [sys.executable, "-m", "linter", "check", args.file]}
    peer = args.peer or shutil.which(PEER)
    if peer:
        cmds["peer"] = [peer, args.file]
    t = median_times(cmds, args.runs)
    print(f"python -c pass            : {t['python'] * 1000:7.1f} ms (median of {args.runs})")
    print(f"import yaml, click, regex : {t['floor'] * 1000:7.1f} ms")
    print(f"privacylint check (1 file): {t['ours'] * 1000:7.1f} ms")
    if peer:
        print(f"rulestamp peer (1 file)   : {t['peer'] * 1000:7.1f} ms")
    print(f"ours / floor              : {t['ours'] / t['floor']:7.2f}  (target <= 1.50)")
    if peer:
        print(f"ours / peer               : {t['ours'] / t['peer']:7.2f}  (target < 1.00)")
    if args.instructions:
        counts = instructions({k: v for k, v in cmds.items() if k != "python"})
        if counts is None:
            print("instructions: valgrind is not installed")
        else:
            line = (f"instructions: floor {counts['floor'] / 1e6:.0f} M, ours {counts['ours'] / 1e6:.0f} M"
                    f" = {counts['ours'] / counts['floor']:.2f} of the floor")
            if "peer" in counts:
                line += f"; peer {counts['peer'] / 1e6:.0f} M, ours / peer = {counts['ours'] / counts['peer']:.2f}"
            print(line)
    if args.breakdown:
        parts = breakdown(args.file, args.runs)
        print("CPU, median: " + ", ".join(f"{name} {t * 1000:.1f} ms" for name, t in
                                          zip(("import", "load", "lint", "render"), parts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
