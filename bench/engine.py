"""Matching engines side by side: today's prefilter index against multi-pattern engines.

    python bench/engine.py [--runs 5] [--hyperscan] [FILES...]   (default: the policies in examples/)

Everything is CPU time (``time.process_time``) measured in this one run, medians of ``--runs``,
printed as ratios, so a loaded machine shifts both sides alike:

1. the rule evaluation (``engine.run`` with every bundled rule): seconds per MB, the reference;
2. patterns that match nowhere in a document: how many of those the rules ask about, and the
   share of (1) they cost; the most that a one-pass "which patterns occur at all" prefilter
   could save, told by an oracle (``re`` over the whole text, not timed);
3. where the rulebook's prefixes occur: today's word index (``kinds.match.Index``) against one
   Aho-Corasick pass (``pyahocorasick``, when installed) producing the same offsets (checked).
   The pass wins for every prefix at once, but a run looks up only the prefixes its rules
   reach, so in the engine (``kinds.prefilter``, the ``fast`` extra) whole runs gain less;
4. the places where patterns are tried at their known starts (``match.spans_from_starts``):
   how many a document has, the share where no match begins, the regex engine's CPU there
   against (1), and a *windowed conjunction*: every match holds one literal from each of
   several sets within the pattern's greatest width of its start, so a start lacking one
   can be passed over; how many starts that rules out, and what the check costs in Python;
5. with ``--hyperscan`` (when the ``hyperscan`` package is installed): how many of the
   rulebook's patterns Hyperscan compiles, the compile time, and one presence scan of every
   document against (1).  Compiling takes about a minute.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from arguments import at_least, policy_file  # bench/arguments.py (the script's folder is on the path)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter import api, engine, source, structure  # noqa: E402
from linter.kinds import match  # noqa: E402

EXAMPLES = ["inmusic-privacy-policy.txt", "allegro-music-center-privacy-policy.txt",
            "compliant-privacy-policy.md", "studio-privacy-policy.html", "bakery-privacy-notice.md"]


def cpu(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def documents(files: list[Path]) -> list:
    out = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        out.append(structure.build(str(f), text, source.extractor(source.format_for(str(f)))(text)))
    return out


def all_patterns(rules) -> dict:
    """Every pattern the rules can ask about, unions' pieces included, by source."""
    from linter.kinds.prefilter import patterns_of

    return patterns_of(rules)


def run_rules(docs, rules):
    for d in docs:
        d.memo.clear()
        engine.run(d, rules)


def dead_share(docs, rules, runs: int) -> tuple[int, int, float]:
    """(patterns asked that match nowhere, patterns asked, CPU share of the rules' run they take)."""
    dead: dict = {}

    def nowhere(doc, p) -> bool:
        key = (id(doc), p.source)
        if key not in dead:
            dead[key] = p.search(doc.match_text) is None
        return dead[key]

    real = match.scan, match.first, match._search
    match.scan = lambda doc, p: [] if nowhere(doc, p) else real[0](doc, p)
    match.first = lambda doc, p, a, b, before=None: None if nowhere(doc, p) else real[1](doc, p, a, b, before)
    match._search = lambda doc, p, a, b: None if nowhere(doc, p) else real[2](doc, p, a, b)
    try:
        run_rules(docs, rules)  # the oracle learns, untimed
        skipped = cpu(lambda: run_rules(docs, rules), runs)
    finally:
        match.scan, match.first, match._search = real
    full = cpu(lambda: run_rules(docs, rules), runs)
    return sum(dead.values()), len(dead), 1 - skipped / full


def prefixes(patterns) -> tuple[set[str], set[str]]:
    word, anywhere = set(), set()
    for p in patterns.values():
        if p.anchored:
            for s in p.prefixes or ():
                (word if s in p.word_prefixes else anywhere).add(s)
    return word, anywhere


def index_lookups(docs, word, anywhere) -> list[dict]:
    out = []
    for d in docs:
        ix = match.Index(d)
        found = {s: ix.at_words(s) for s in word}
        found.update({("any", s): ix.anywhere(s) for s in anywhere})
        out.append(found)
    return out


def aho_corasick(automaton, docs, word, anywhere) -> list[dict]:
    out = []
    for d in docs:
        low, every = d.lower, {}
        for end, (s, n) in automaton.iter(low):
            every.setdefault(s, []).append(end - n + 1)
        found = {s: [i for i in every.get(s, ()) if i == 0 or not match._is_word(low[i - 1])] for s in word}
        found.update({("any", s): every.get(s, []) for s in anywhere})
        out.append(found)
    return out


def tried_starts(docs, rules) -> list[tuple]:
    """(text, lower-cased text, the pattern, its starts) for every scan at known starts in
    one run of the rules."""
    seen, real = [], match.spans_from_starts

    def spy(ix, pattern):
        seen.append((ix.text, ix.low, pattern, list(ix.starts(pattern))))
        return real(ix, pattern)

    match.spans_from_starts = spy
    try:
        run_rules(docs, rules)
    finally:
        match.spans_from_starts = real
    return seen


def needed_sets(source: str) -> tuple[list[list[str]], int] | None:
    """(sets of lower-cased literals, a match holding one of each set; the greatest width
    of a match), from the pattern's top-level sequence, or None when ``re`` cannot parse it."""
    import re
    from re import _constants as c, _parser

    from linter import analysis

    try:
        tree = _parser.parse(source, re.IGNORECASE)
    except Exception:  # noqa: BLE001 - patterns only ``regex`` reads
        return None
    items = list(tree.data)
    while len(items) == 1 and items[0][0] is c.SUBPATTERN:  # (?:...) around all of it
        items = list(items[0][1][-1])
    sets, run = [], []
    for op, av in items:
        if op is c.LITERAL:
            run.append((op, av))
            continue
        if run:
            sets.append(analysis._best(run))
            run = []
        if op in (c.SUBPATTERN, c.BRANCH) or (op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1):
            sets.append(analysis._best([(op, av)]))  # a part every match goes through
    if run:
        sets.append(analysis._best(run))
    return [x for x in sets if x], tree.getwidth()[1]


def _lacks_one(low: str, i: int, sets, width: int) -> bool:
    """Whether a match starting at ``i`` misses a literal of one of ``sets``."""
    hi = min(len(low), i + width)
    return any(not any(low.find(lit, i, hi) >= 0 for lit in group) for group in sets)


def starts_share(docs, rules, rules_cpu: float, runs: int) -> str:
    needed = {}  # pattern source -> ``needed_sets``
    tried = []  # (text, lower-cased text, match, ``needed_sets``, the starts the scan tries)
    failed = ruled_out = 0
    out_of_reach = []  # (text, match, start) where the conjunction rules the start out
    for text, low, pattern, starts in tried_starts(docs, rules):
        if pattern.source not in needed:
            needed[pattern.source] = needed_sets(pattern.source)
        match_at, need, end, last, at = pattern.compiled.match, needed[pattern.source], len(text), -1, []
        for i in starts:
            if i < last:  # inside the previous match: the scan does not try it
                continue
            at.append(i)
            m = match_at(text, i, end)
            if m is not None:
                last = max(m.end(), i + 1)
                continue
            failed += 1
            if need and _lacks_one(low, i, *need):
                ruled_out += 1
                out_of_reach.append((text, match_at, i))
        tried.append((text, low, match_at, need, at))
    places = sum(len(at) for *_, at in tried)

    def engine_at_starts():
        for text, _, match_at, _, at in tried:
            end = len(text)
            for i in at:
                match_at(text, i, end)

    def engine_ruled_out():
        for text, match_at, i in out_of_reach:
            match_at(text, i, len(text))

    def check():
        for _, low, _, need, at in tried:
            if need:
                for i in at:
                    _lacks_one(low, i, *need)

    at_starts, saved, checking = (cpu(f, runs) for f in (engine_at_starts, engine_ruled_out, check))
    return (f"4. places tried at known starts: {places / len(docs):.0f} a document, {failed / places:.0%} "
            f"with no match; the regex engine there = {at_starts / rules_cpu:.2f} of the run.  A windowed "
            f"conjunction rules out {ruled_out / places:.0%} of them, saving {saved / rules_cpu:.2f} of the "
            f"run; checking it in Python costs {checking / rules_cpu:.2f}")


def hyperscan_scan(patterns, docs, rules_cpu: float, runs: int) -> None:
    import hyperscan

    flags = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH  # presence only, ASCII
    t0 = time.process_time()
    ok = []
    for s in sorted(patterns):
        try:
            hyperscan.Database().compile(expressions=[s.encode()], flags=[flags])
            ok.append(s)
        except Exception:  # noqa: BLE001 - look-arounds, back-references, \b in Unicode mode
            pass
    db = hyperscan.Database()
    db.compile(expressions=[s.encode() for s in ok], ids=list(range(len(ok))), flags=[flags] * len(ok))
    compile_s = time.process_time() - t0
    scratch = hyperscan.Scratch(db)
    data = [d.match_text.encode() for d in docs]

    def scan():
        for b in data:
            db.scan(b, match_event_handler=lambda *a: None, scratch=scratch)

    scan_s = cpu(scan, runs)
    print(f"5. Hyperscan (ASCII, caseless, presence only): compiles {len(ok)} of {len(patterns)} patterns "
          f"in {compile_s:.0f} s; one scan of every document / the rules' run = {scan_s / rules_cpu:.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=policy_file)
    ap.add_argument("--runs", type=at_least(1), default=5)
    ap.add_argument("--hyperscan", action="store_true", help="also compile the rulebook for Hyperscan (slow)")
    args = ap.parse_args()
    files = args.files or [ROOT / "examples" / f for f in EXAMPLES]
    rules = api.load_rules()
    docs = documents(files)
    mb = sum(f.stat().st_size for f in files) / 1e6
    run_rules(docs, rules)  # compile every pattern first
    rules_cpu = cpu(lambda: run_rules(docs, rules), args.runs)
    print(f"1. rules' run on {len(files)} files, {mb:.2f} MB: {rules_cpu / mb:.2f} s/MB ({mb / rules_cpu:.2f} MB/s)")
    dead, asked, share = dead_share(docs, rules, args.runs)
    print(f"2. patterns asked that match nowhere in their document: {dead} of {asked}; they take "
          f"{share:.0%} of the run (the most a presence prefilter can save)")
    patterns = all_patterns(rules)
    word, anywhere = prefixes(patterns)
    index_cpu = cpu(lambda: index_lookups(docs, word, anywhere), args.runs)
    line = (f"3. offsets of the rulebook's {len(word) + len(anywhere)} prefixes: word index "
            f"{index_cpu / rules_cpu:.2f} of the run")
    try:
        import ahocorasick
    except ImportError:
        print(line + "; pyahocorasick not installed")
    else:
        t0 = time.process_time()
        automaton = ahocorasick.Automaton()
        for s in word | anywhere:
            automaton.add_word(s, (s, len(s)))
        automaton.make_automaton()
        build = time.process_time() - t0
        same = all({k: sorted(v) for k, v in a.items()} == {k: sorted(v) for k, v in b.items()}
                   for a, b in zip(index_lookups(docs, word, anywhere), aho_corasick(automaton, docs, word, anywhere)))
        ac_cpu = cpu(lambda: aho_corasick(automaton, docs, word, anywhere), args.runs)
        print(line + f"; Aho-Corasick pass {ac_cpu / rules_cpu:.2f} (built in {build * 1000:.0f} ms); "
              f"Aho-Corasick / index = {ac_cpu / index_cpu:.2f}; same offsets: {same}")
    print(starts_share(docs, rules, rules_cpu, args.runs))
    if args.hyperscan:
        try:
            hyperscan_scan(patterns, docs, rules_cpu, args.runs)
        except ImportError:
            print("5. hyperscan not installed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
