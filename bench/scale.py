#!/usr/bin/env python3
"""Speed and scale figures of issue 12, each as a ratio against a floor, a peer or a goal
measured or stated in the same run.

    python bench/scale.py [--quick] [--files 2000] [--sizes 1,4,16] [--runs 9] [--peer CMD]
                          [--partitions 8] [--only startup|corpus|memory|large|dask|engine|scripts]

1. one-file run (as pre-commit runs it) / ``python -c "import yaml, click, regex"``, and / the
   rulestamp COPPA linter's one-file run when its command is on PATH (or ``--peer``); then
   both on more work in one process: 32 policies, and one policy of 4 MB;
2. a generated corpus of policies (copies of examples/ under different names): files/s and
   MB/s of one process against the goal of 5 MB/s, and the speed-up of ``-j 2``;
3. peak resident memory of a ``-j 1`` run on that corpus for the JSON, SARIF and text
   reports, against the goal (150 MB) and against a run on 20 of the same files (1.0 = flat
   in file count);
4. one large policy (examples/inmusic repeated) of 1, 4 and 16 MB: seconds and MB/s per MB,
   the ratio of the last to the first (1.0 = linear) and peak memory;
5. corpus mode on the same corpus as JSON Lines: ``python -m linter.dask_corpus`` (Dask's
   local multiprocessing scheduler, the ``[dask]`` extra) against ``privacylint corpus -j 2``
   on the same lines, with a check that both wrote the same results;
6. where a corpus file's instructions go (valgrind callgrind on 20 of its files, start-up
   taken out): the share inside ``re``'s engine, and so the most MB/s a run could reach were
   all the rest free (the floor that the 5 MB/s goal is measured against here);
7. text outside ASCII: 200 of the corpus files with a language menu (Russian, Greek, İ) on top,
   against the same files without it (1.00 = such text costs nothing extra; a letter that
   ``re`` folds otherwise than ``str.lower``, as Cyrillic "с" or Greek "Σ", once sent the
   whole policy past the word index).

Everything runs the installed ``privacylint`` through ``sys.executable -m linter`` on
generated data in a temporary folder; no policy text outside examples/ is used.  The machine
is shared, so ratios (measured side by side) mean more than seconds.  Peak memory is the
largest resident set of the run and of each of its worker processes.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from arguments import at_least, positive_list  # bench/arguments.py (the script's folder is on the path)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
POLICIES = ["inmusic-privacy-policy.txt", "allegro-music-center-privacy-policy.txt",
            "compliant-privacy-policy.md", "studio-privacy-policy.html", "bakery-privacy-notice.md"]
ONE = EXAMPLES / "inmusic-privacy-policy.txt"
PEER = "coppa-notice-lint-2026"  # the command of: pip install rulestamp-coppa-notice-lint-2026
GOAL_MB_S = 5.0  # per process (issue 12)
GOAL_RSS_MB = 150.0  # on the 2,000-file corpus (issue 12)
SMALL = 20  # files: the memory floor's corpus


def measured(cmd: list[str], cwd=None) -> tuple[float, float]:
    """Wall seconds and peak resident MB of ``cmd`` (and its worker processes), run in a
    fresh helper so that the peak is this command's alone.  A failing command stops the bench."""
    helper = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
              "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode; "
              "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")
    out = subprocess.run([sys.executable, "-c", helper, *cmd], capture_output=True, text=True,
                         cwd=cwd, check=True).stdout.split()
    if int(out[2]) not in (0, 1):  # 1: the policies have findings
        raise SystemExit(f"bench: {' '.join(cmd)} exited {out[2]}")
    return float(out[0]), float(out[1]) / 1024


def median_wall(cmds: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall time of each command, the commands taking turns (fair under load)."""
    from startup import median_times  # bench/startup.py, beside this script

    return median_times(cmds, runs)


def lint_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "linter", "check", "--isolated", *args]


def startup(runs: int, peer: str | None) -> None:
    f = str(ONE)
    cmds = {"floor": [sys.executable, "-c", "import yaml, click, regex"],
            "privacylint": [sys.executable, "-m", "linter", "check", f]}
    peer = peer or shutil.which(PEER)
    if peer:
        cmds["rulestamp"] = [peer, f]
    t = median_wall(cmds, runs)
    print(f"1. one file (inmusic, {runs} runs each, medians): floor {t['floor'] * 1000:.0f} ms, "
          f"privacylint {t['privacylint'] * 1000:.0f} ms"
          + (f", rulestamp {t['rulestamp'] * 1000:.0f} ms" if "rulestamp" in t else ""))
    print(f"   privacylint / import floor = {t['privacylint'] / t['floor']:.2f}  (goal <= 1.50)")
    if "rulestamp" in t:
        print(f"   privacylint / rulestamp    = {t['privacylint'] / t['rulestamp']:.2f}  (goal < 1.00)")
    else:
        print(f"   rulestamp: {PEER} not on PATH, peer ratio not measured")


def peer_work(tmp: Path, runs: int, peer: str | None) -> None:
    """Section 1, continued: the same tools on more work, one process each (``-j 1``): 32
    policies named on one command line, and one policy of 4 MB."""
    peer = peer or shutil.which(PEER)
    if not peer:
        return
    files = [str(p) for p in sorted(make_corpus(tmp, 32, "peer")[0].rglob("*.*"))]
    big = tmp / "peer-4mb.txt"
    text = ONE.read_text(encoding="utf-8") + "\n\n"
    big.write_text(text * (4_000_000 // len(text)), encoding="utf-8")
    runs = min(runs, 5)  # each run of ours on 4 MB takes seconds
    for label, names in ((f"{len(files)} policies", files), ("one 4 MB policy", [str(big)])):
        t = median_wall({"privacylint": lint_cmd("-j", "1", "--max-size", "1G", *names),
                         "rulestamp": [peer, *names]}, runs)
        print(f"   {label} in one process ({runs} runs): privacylint {t['privacylint']:.2f} s, "
              f"rulestamp {t['rulestamp']:.2f} s; privacylint / rulestamp = {t['privacylint'] / t['rulestamp']:.2f}")
    big.unlink()


def make_corpus(tmp: Path, n: int, name: str = "corpus") -> tuple[Path, float]:
    """``n`` copies of the examples (in turn) in 20 folders; returns the folder and its MB."""
    folder = tmp / name
    size = 0
    for i in range(n):
        src = EXAMPLES / POLICIES[i % len(POLICIES)]
        dest = folder / f"d{i % 20:02d}" / f"{i:05d}{src.suffix}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        size += dest.stat().st_size
    return folder, size / 1e6


def corpus(folder: Path, n: int, mb: float) -> tuple[float, float]:
    """Section 2; returns the peak memory of the ``-j 1`` JSON run (section 3 uses it) and
    its MB/s (section 6)."""
    one, rss1 = measured(lint_cmd("--format", "json", "-j", "1", str(folder)))
    two, rss2 = measured(lint_cmd("--format", "json", "-j", "2", str(folder)))
    print(f"2. corpus of {n} files, {mb:.1f} MB, JSON report:")
    print(f"   -j 1: {one:.1f} s, {n / one:.1f} files/s, {mb / one:.2f} MB/s, peak {rss1:.0f} MB")
    print(f"   -j 2: {two:.1f} s, {n / two:.1f} files/s, {mb / two:.2f} MB/s, peak {rss2:.0f} MB "
          f"(largest process)")
    print(f"   MB/s per process / goal {GOAL_MB_S:.0f} = {mb / one / GOAL_MB_S:.2f}  (goal >= 1.00)")
    print(f"   -j 2 speed-up = {one / two:.2f}  (goal >= 1.7 on 2 idle cores; {os.cpu_count()} cores here)")
    return rss1, mb / one


def memory(tmp: Path, folder: Path, n: int, json_rss: float | None) -> None:
    small = make_corpus(tmp, SMALL, "small")[0]  # the same mix of policies, fewer of them
    peaks = {"json": json_rss}
    print(f"3. peak memory, -j 1, {n} files against {SMALL} of the same files:")
    for fmt in ("json", "sarif", "text", "html", "markdown"):
        if peaks.get(fmt) is None:
            peaks[fmt] = measured(lint_cmd("--format", fmt, "-j", "1", str(folder)))[1]
        floor = measured(lint_cmd("--format", fmt, "-j", "1", str(small)))[1]
        print(f"   {fmt:<8} {peaks[fmt]:4.0f} MB = {peaks[fmt] / GOAL_RSS_MB:.2f} of the goal "
              f"({GOAL_RSS_MB:.0f} MB); / {SMALL} files ({floor:.0f} MB) = {peaks[fmt] / floor:.2f}  "
              f"(1.00 = flat in file count)")


def large(tmp: Path, sizes: list[int]) -> None:
    text = ONE.read_text(encoding="utf-8") + "\n\n"
    rows = []
    for mb in sizes:
        f = tmp / f"large-{mb}mb.txt"
        f.write_text(text * max(1, mb * 1_000_000 // len(text)), encoding="utf-8")
        real = f.stat().st_size / 1e6
        secs, rss = measured(lint_cmd("--format", "json", "--max-size", "1G", str(f)))
        rows.append((real, secs, rss))
        f.unlink()
    print("4. one large policy:")
    for real, secs, rss in rows:
        print(f"   {real:5.1f} MB: {secs:6.1f} s, {secs / real:.2f} s/MB, {real / secs:.2f} MB/s "
              f"= {real / secs / GOAL_MB_S:.2f} of the goal, peak {rss:.0f} MB ({rss / real:.0f}x the file)")
    if len(rows) > 1:
        first, last = rows[0][1] / rows[0][0], rows[-1][1] / rows[-1][0]
        print(f"   s/MB at {rows[-1][0]:.0f} MB / s/MB at {rows[0][0]:.0f} MB = {last / first:.2f}  (1.00 = linear)")


MENU = "English | Deutsch | Русский | Ελληνικά | Türkçe | Српски | İstanbul"


def scripts(tmp: Path, n: int) -> None:
    plain, mb = make_corpus(tmp, n, "ascii")
    menu = tmp / "menus"
    for f in sorted(plain.rglob("*.*")):
        dest = menu / f.relative_to(plain)
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = f.read_text(encoding="utf-8")
        if f.suffix == ".html":
            text = text.replace("<body>", f"<body><p>{MENU}</p>", 1)
        else:
            text = MENU + "\n\n" + text
        dest.write_text(text, encoding="utf-8")
    base = measured(lint_cmd("--format", "json", "-j", "1", str(plain)))[0]
    odd = measured(lint_cmd("--format", "json", "-j", "1", str(menu)))[0]
    print(f"7. text outside ASCII, {n} files, -j 1: with a language menu {odd:.1f} s, without "
          f"{base:.1f} s = {odd / base:.2f}  (1.00 = costs nothing extra)")


def dask(tmp: Path, folder: Path, n: int, partitions: int) -> None:
    try:
        import dask  # noqa: F401  (the [dask] extra)
    except ImportError:
        print('5. corpus mode: dask not installed (pip install "privacylint[dask]"), not measured')
        return
    lines = tmp / "corpus.jsonl"
    with open(lines, "w", encoding="utf-8") as handle:
        for i, p in enumerate(sorted(folder.rglob("*.*"))):
            handle.write(json.dumps({"id": i, "path": str(p)}) + "\n")
    out = tmp / "corpus-out.jsonl"
    one, rss1 = measured([sys.executable, "-m", "linter", "corpus", str(lines), "--out", str(out), "-j", "2"])
    parts = tmp / "dask-out"
    two, rss2 = measured([sys.executable, "-m", "linter.dask_corpus", str(lines), str(parts),
                          "--partitions", str(partitions)])
    written = b"".join(p.read_bytes() for p in sorted(parts.glob("part-*.jsonl")))
    same = "the same lines" if written == out.read_bytes() else "DIFFERENT lines"
    print(f"5. corpus mode, {n} policies as JSON Lines ({{\"id\", \"path\"}}):")
    print(f"   privacylint corpus -j 2: {one:.1f} s, {n / one:.1f} files/s, peak {rss1:.0f} MB")
    print(f"   dask_corpus, local processes, {partitions} partitions: {two:.1f} s, {n / two:.1f} files/s, "
          f"peak {rss2:.0f} MB; {same}")
    print(f"   Dask files/s / privacylint corpus files/s = {one / two:.2f}")


_SRE_ENTRY = re.compile(r"^\s*([\d,]+) .*Modules/_sre/clinic/sre\.c\.h:_sre_SRE_(?:Pattern|Scanner)_\w+(?: \[[^]]*\])?$")


def _callgrind(cmd: list[str], out: Path) -> tuple[int, int]:
    """(all instructions, instructions inside ``re``'s engine) of ``cmd``, by valgrind's
    callgrind: the engine's entry points (match, search, finditer's scanner, sub, findall, ...)
    counted with everything they call.  Instruction counts do not move with the machine's load."""
    code = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env={**os.environ, "PYTHONHASHSEED": "0"}).returncode
    if code not in (0, 1):  # 1: the policies have findings
        raise SystemExit(f"bench: valgrind {' '.join(cmd)} exited {code}")
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", str(out)], capture_output=True,
                          text=True, check=True).stdout
    total = int(re.search(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", text)[1].replace(",", ""))
    engine = sum(int(m[1].replace(",", "")) for m in map(_SRE_ENTRY.match, text.splitlines()) if m)
    return total, engine


def engine_share(tmp: Path, folder: Path, n: int, mb: float, mb_s: float | None) -> None:
    """Section 6: how much of the corpus run the regex engine itself does, in instructions, on
    ``n`` of the corpus's files beyond the run's start-up (a one-file run subtracted).  Were
    everything else free, a run could go at most 1 / share times as fast."""
    if not (shutil.which("valgrind") and shutil.which("callgrind_annotate")):
        print("6. the regex engine's share: valgrind is not installed, not measured")
        return
    files = sorted(folder.rglob("*.*"), key=lambda f: f.name)  # by number: the examples in turn
    some, one = tmp / "share", tmp / "share-one"
    for i, f in enumerate(files[:n]):
        (some / f"{i:03d}").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, some / f"{i:03d}" / f.name)
    one.mkdir()
    shutil.copyfile(files[0], one / files[0].name)
    size = sum(f.stat().st_size for f in files[:n]) / 1e6
    total_n, engine_n = _callgrind(lint_cmd("--format", "json", "-j", "1", str(some)), tmp / "cg-n.out")
    total_1, engine_1 = _callgrind(lint_cmd("--format", "json", "-j", "1", str(one)), tmp / "cg-1.out")
    # the one-file run is start-up plus a first file: scale its file's part away
    per_file, engine = (total_n - total_1) / (n - 1), (engine_n - engine_1) / (n - 1)
    share = engine / per_file
    print(f"6. where a file's instructions go (valgrind callgrind, {n} files of the corpus, "
          f"{size:.2f} MB, start-up taken out):")
    print(f"   per file {per_file / 1e6:.0f} M instructions, in re's engine {engine / 1e6:.0f} M "
          f"= {share:.2f} of them")
    if mb_s:
        print(f"   MB/s were all but the regex engine free: at most {mb_s / share:.2f} "
              f"(= {mb_s / share / GOAL_MB_S:.2f} of the goal {GOAL_MB_S:.0f}; -j 1 ran {mb_s:.2f})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes: 100 files, 1 and 4 MB, 5 runs")
    ap.add_argument("--files", type=at_least(SMALL), default=2000,
                    help=f"policies in the generated corpus ({SMALL} or more: section 3 compares with {SMALL})")
    ap.add_argument("--sizes", type=positive_list, default=[1, 4, 16], help="large-policy sizes in MB, e.g. 1,4,16")
    ap.add_argument("--runs", type=at_least(1), default=9)
    ap.add_argument("--partitions", type=at_least(1), default=8, help="Dask partitions")
    ap.add_argument("--peer", help=f"path of the rulestamp command (default: {PEER} on PATH)")
    ap.add_argument("--only", choices=["startup", "corpus", "memory", "large", "dask", "engine", "scripts"],
                    help="one part only")
    args = ap.parse_args()
    files, sizes, runs = args.files, args.sizes, args.runs
    if args.quick:
        files, sizes, runs = 100, [1, 4], 5
    part = args.only
    # Byte-compile the package as pip does when it installs one: with PYTHONDONTWRITEBYTECODE
    # set, a checkout would otherwise recompile every module of ours on every run.
    import linter

    compileall.compile_dir(Path(linter.__file__).parent, quiet=1)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    if part in (None, "startup"):
        startup(runs, args.peer)
    with tempfile.TemporaryDirectory() as tmp:
        if part in (None, "startup"):
            peer_work(Path(tmp), runs, args.peer)
        if part in (None, "corpus", "memory", "dask", "engine"):
            folder, mb = make_corpus(Path(tmp), files)
        rss = mb_s = None
        if part in (None, "corpus"):
            rss, mb_s = corpus(folder, files, mb)
        if part in (None, "memory"):
            memory(Path(tmp), folder, files, rss)
        if part in (None, "large"):
            large(Path(tmp), sizes)
        if part in (None, "dask"):
            dask(Path(tmp), folder, files, args.partitions)
        if part in (None, "engine"):
            if mb_s is None:  # the -j 1 corpus run's MB/s, which the share bounds
                mb_s = mb / measured(lint_cmd("--format", "json", "-j", "1", str(folder)))[0]
            engine_share(Path(tmp), folder, 20, mb, mb_s)
        if part in (None, "scripts"):
            scripts(Path(tmp), min(files, 200))
    print(f"load {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
