#!/usr/bin/env python3
"""Time the front ends on large, markup-dense documents (best of 5).

    python bench/frontends.py

Real policies of 40 KB extract in a few milliseconds; these synthetic ones are denser in
markup.  A time far above the others points at quadratic behaviour.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from linter.source import html, markdown, plain  # noqa: E402

SENTENCE_MD = "We **collect** your [name](https://x.example) and e-mail address when you sign up. "
SECTION_MD = ("## How we use your data\n\n" + (SENTENCE_MD * 5 + "\n") * 3 + "\n"
              "- to run the `service` &amp; bill you\n- to answer *your* questions\n\n"
              "| Data | Kept for |\n|---|---|\n| e-mail | 2 years |\n\n")
SECTION_HTML = ("<h2>How we use your data</h2>\n<p>We <b>collect</b> your <a href='x'>name</a>\n"
                "and e-mail&nbsp;address when you sign up.</p>\n<ul><li>to run the service</li>"
                "<li>to answer <em>your</em> questions</li></ul>\n<table><tr><td>e-mail</td>"
                "<td>2 years</td></tr></table>\n")
SECTION_TXT = "HOW WE USE YOUR DATA\nWe collect your name and e-mail address when you sign up.\n  • to run the service\n\n"

CASES = {
    "markdown, 40 KB": (markdown.extract, SECTION_MD * (40_000 // len(SECTION_MD))),
    "markdown, 20 000 unclosed brackets": (markdown.extract, "[" * 20000 + "`" * 5 + "*_" * 5000 + "](x)"),
    "html, 40 KB": (html.extract, SECTION_HTML * (40_000 // len(SECTION_HTML))),
    "plain text, 40 KB": (plain.extract, SECTION_TXT * (40_000 // len(SECTION_TXT))),
}


def best_of(fn, arg, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - t)
    return min(times)


if __name__ == "__main__":
    for name, (fn, src) in CASES.items():
        print(f"{name:36} {best_of(fn, src) * 1000:7.1f} ms")
