#!/usr/bin/env python3
"""Time a one-file run against the bare cost of importing our dependencies (pre-commit budget).

    python bench/startup.py [--runs 21] [FILE]

Prints the median wall time of ``privacylint check FILE`` and of
``python -c "import yaml, click, regex"``, and their ratio (target: at most 1.5).
The first run warms the rulebook cache and is not counted.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_time(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, capture_output=True)  # warm-up: file cache, rulebook cache
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", default=str(ROOT / "examples" / "inmusic-privacy-policy.txt"))
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    base = median_time([sys.executable, "-c", "import yaml, click, regex"], args.runs)
    ours = median_time([sys.executable, "-m", "linter", "check", args.file], args.runs)
    print(f"import yaml, click, regex : {base * 1000:7.1f} ms (median of {args.runs})")
    print(f"privacylint check (1 file): {ours * 1000:7.1f} ms (median of {args.runs})")
    print(f"ratio                     : {ours / base:7.2f}  (target <= 1.50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
