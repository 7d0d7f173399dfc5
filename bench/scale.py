#!/usr/bin/env python3
"""Speed and scale figures, each as a ratio against a floor or peer measured in the same run.

    python bench/scale.py [--quick] [--files 400] [--sizes 1,4,16] [--runs 9] [--peer CMD]
                          [--only startup|corpus|large]

1. one-file run (as pre-commit runs it) / ``python -c "import yaml, click, regex"``, and / the
   rulestamp COPPA linter's one-file run when its command is on PATH;
2. a generated corpus of policies (copies of examples/ under different names): files/s,
   MB/s, peak resident memory for the JSON report, and the speed-up of ``-j 2`` over ``-j 1``;
3. one large policy (examples/inmusic repeated) of 1, 4 and 16 MB: seconds per MB, the ratio
   of the last to the first (1.0 = linear) and peak memory.

Everything runs the installed ``privacylint`` through ``sys.executable -m linter`` on
generated data in a temporary folder; no policy text outside examples/ is used.  The machine
is shared, so ratios (measured side by side) mean more than seconds.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
POLICIES = ["inmusic-privacy-policy.txt", "allegro-music-center-privacy-policy.txt",
            "compliant-privacy-policy.md", "studio-privacy-policy.html", "bakery-privacy-notice.md"]
PEER = "coppa-notice-lint-2026"  # the command of: pip install rulestamp-coppa-notice-lint-2026


def measured(cmd: list[str], cwd=None) -> tuple[float, float]:
    """Wall seconds and peak resident MB of ``cmd`` (and its worker processes), run in a
    fresh helper so that the peak is this command's alone."""
    helper = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
              "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
              "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", helper, *cmd], capture_output=True, text=True,
                         cwd=cwd, check=True).stdout.split()
    return float(out[0]), float(out[1]) / 1024


def median_wall(cmds: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall time of each command, the commands taking turns (fair under load)."""
    for cmd in cmds.values():
        subprocess.run(cmd, capture_output=True)  # warm-up: file cache, rulebook cache
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True)
            times[name].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in times.items()}


def lint_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "linter", "check", "--isolated", *args]


def startup(runs: int, peer: str | None) -> None:
    f = str(EXAMPLES / "inmusic-privacy-policy.txt")
    cmds = {"floor": [sys.executable, "-c", "import yaml, click, regex"],
            "privacylint": [sys.executable, "-m", "linter", "check", f]}
    peer = peer or shutil.which(PEER)
    if peer:
        cmds["rulestamp"] = [peer, f]
    t = median_wall(cmds, runs)
    print(f"1. one file (inmusic, {runs} runs each, medians): floor {t['floor'] * 1000:.0f} ms, "
          f"privacylint {t['privacylint'] * 1000:.0f} ms")
    print(f"   privacylint / import floor = {t['privacylint'] / t['floor']:.2f}  (goal <= 1.50)")
    if "rulestamp" in t:
        print(f"   privacylint / rulestamp    = {t['privacylint'] / t['rulestamp']:.2f}  (goal < 1.00)")
    else:
        print(f"   rulestamp: {PEER} not on PATH, peer ratio not measured")


def corpus(tmp: Path, n: int) -> None:
    folder = tmp / "corpus"
    size = 0
    for i in range(n):
        src = EXAMPLES / POLICIES[i % len(POLICIES)]
        dest = folder / f"d{i % 20:02d}" / f"{i:05d}{src.suffix}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        size += dest.stat().st_size
    mb = size / 1e6
    one, rss1 = measured(lint_cmd("--format", "json", "-j", "1", str(folder)))
    two, rss2 = measured(lint_cmd("--format", "json", "-j", "2", str(folder)))
    print(f"2. corpus of {n} files, {mb:.1f} MB, JSON report:")
    print(f"   -j 1: {one:.1f} s, {n / one:.1f} files/s, {mb / one:.2f} MB/s, peak {rss1:.0f} MB")
    print(f"   -j 2: {two:.1f} s, {n / two:.1f} files/s, {mb / two:.2f} MB/s, peak {rss2:.0f} MB "
          f"(all processes' largest)")
    print(f"   -j 2 speed-up = {one / two:.2f}  (goal >= 1.7 on 2 idle cores; {os.cpu_count()} cores here)")


def large(tmp: Path, sizes: list[int]) -> None:
    text = (EXAMPLES / "inmusic-privacy-policy.txt").read_text(encoding="utf-8") + "\n\n"
    rows = []
    for mb in sizes:
        f = tmp / f"large-{mb}mb.txt"
        f.write_text(text * max(1, mb * 1_000_000 // len(text)), encoding="utf-8")
        real = f.stat().st_size / 1e6
        secs, rss = measured(lint_cmd("--format", "json", "--max-size", "1G", str(f)))
        rows.append((real, secs, rss))
    print("3. one large policy:")
    for real, secs, rss in rows:
        print(f"   {real:5.1f} MB: {secs:6.1f} s, {secs / real:.2f} s/MB, peak {rss:.0f} MB "
              f"({rss / real:.0f}x the file)")
    if len(rows) > 1:
        first, last = rows[0][1] / rows[0][0], rows[-1][1] / rows[-1][0]
        print(f"   s/MB at {rows[-1][0]:.0f} MB / s/MB at {rows[0][0]:.0f} MB = {last / first:.2f}  (1.00 = linear)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes: 100 files, 1 and 4 MB, 5 runs")
    ap.add_argument("--files", type=int, default=400)
    ap.add_argument("--sizes", default="1,4,16", help="large-policy sizes in MB")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--peer", help=f"path of the rulestamp command (default: {PEER} on PATH)")
    ap.add_argument("--only", choices=["startup", "corpus", "large"], help="one part only")
    args = ap.parse_args()
    files, sizes, runs = args.files, [int(s) for s in args.sizes.split(",")], args.runs
    if args.quick:
        files, sizes, runs = 100, [1, 4], 5
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    if args.only in (None, "startup"):
        startup(runs, args.peer)
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "corpus"):
            corpus(Path(tmp), files)
        if args.only in (None, "large"):
            large(Path(tmp), sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
