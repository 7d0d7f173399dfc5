"""Find where a rule's alternatives match in a document."""
from __future__ import annotations

import bisect

from . import Hit


def scan(doc, pattern) -> list[tuple[int, int]]:
    """(start, end) of every match of ``pattern``; several rules share patterns, so memoised."""
    spans = doc.memo.get(pattern.source)
    if spans is None:
        if not pattern.prefixes and pattern.branches:
            spans = _leftmost([sp + (k,) for k, b in enumerate(pattern.branches) for sp in scan(doc, b)])
        else:
            spans = [m.span() for m in _scan(doc, pattern)]
        doc.memo[pattern.source] = spans
    return spans


def _leftmost(spans: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Merge the matches of a union's alternatives as the union itself would report them:
    leftmost first, the earliest-listed alternative at a tie, no overlaps."""
    out, last = [], -1
    for s, e, _ in sorted(spans, key=lambda x: (x[0], x[2])):
        if s >= last:
            out.append((s, e))
            last = e if e > s else s + 1
    return out


def _scan(doc, pattern, reach: int = 2):
    """Matches of ``pattern``, run only near paragraphs that hold one of its needed literals.

    A match may run on from a list's lead-in into its items, so each paragraph holding a
    literal is scanned together with ``reach`` paragraphs on either side.
    """
    text, low, lits = doc.match_text, doc.lower, pattern.literals
    if low is not None and pattern.prefixes:
        yield from _scan_from_prefixes(text, low, pattern)
        return
    if not lits or low is None:
        yield from pattern.finditer(text)
        return
    starts, blocks = doc.block_starts, doc.blocks
    chosen = set()
    for lit in lits:
        i = low.find(lit)
        while i >= 0:
            k = bisect.bisect_right(starts, i) - 1
            if k >= 0 and i < blocks[k][1]:
                chosen.add(k)
                i = low.find(lit, blocks[k][1])
            else:
                i = low.find(lit, i + 1)
    ranges: list[list[int]] = []
    for k in sorted(chosen):
        a, b = blocks[max(k - reach, 0)][0], blocks[min(k + reach, len(blocks) - 1)][1]
        if ranges and a <= ranges[-1][1] + 2:
            ranges[-1][1] = max(ranges[-1][1], b)
        else:
            ranges.append([a, b])
    for a, b in ranges:
        yield from pattern.finditer(text, a, b)


def _scan_from_prefixes(text: str, low: str, pattern):
    """Leftmost non-overlapping matches, tried only where a match can begin."""
    positions = set()
    for prefix in pattern.prefixes:
        i = low.find(prefix)
        while i >= 0:
            positions.add(i)
            i = low.find(prefix, i + 1)
    end, last = len(text), -1
    for i in sorted(positions):
        if i < last:
            continue
        m = pattern.match_at(text, i, end)
        if m is not None:
            yield m
            last = m.end() if m.end() > i else i + 1


def search(doc, pattern, a: int, b: int):
    """First match of ``pattern`` in [a, b), skipped cheaply when no needed literal is there."""
    lits, low = pattern.literals, doc.lower
    if low is not None and not lits and pattern.branches:
        return any(search(doc, branch, a, b) for branch in pattern.branches)
    if lits and low is not None and not any(low.find(lit, a, b) >= 0 for lit in lits):
        return None
    return pattern.search(doc.match_text, a, b)


def find(doc, alt, index: int = 0) -> list[Hit]:
    """Every place ``alt`` matches: its first pattern, with the others in the same unit.

    The scan reports non-overlapping matches, so a match that fails the checks (its sentence
    lacks the other patterns, say, because it ran on from a heading into the next paragraph)
    could hide a good match starting inside it; such a match is searched for and tried too.
    """
    text = doc.match_text
    first = alt.patterns[0]
    hits = []
    for s, e in scan(doc, first):
        limit = e  # retried matches start inside the rejected one, so the scan never repeats them
        while not _accepted(doc, alt, s):
            m = first.search(text, s + 1, min(len(text), e + _RETRY_REACH))
            if m is None or m.start() >= limit:
                break
            s, e = m.span()
        else:
            hits.append(Hit(s, e, index, alt.message, alt.severity))
    return hits


_RETRY_REACH = 500  # how far past a rejected match an overlapping one may end


def _accepted(doc, alt, s: int) -> bool:
    """Whether the first pattern's match at ``s`` counts: section, negations, other patterns."""
    if doc.in_chrome(s):
        return False
    if alt.section is not None and not any(alt.section.search(t) for t in doc.section_at(s).titles):
        return False
    if alt.not_section is not None and any(alt.not_section.search(t) for t in doc.section_at(s).titles):
        return False
    if alt.unless:
        a, b = doc.unit("sentence", s)
        if any(search(doc, u, a, b) for u in alt.unless):
            return False
    rest = alt.patterns[1:]
    if rest:
        a, b = doc.unit(alt.within, s)
        if not all(search(doc, p, a, b) for p in rest):
            return False
    return True


def find_any(doc, alts) -> list[Hit]:
    """Hits of the first alternative that matches at all.

    ``best`` ranks the earliest-listed alternative first, so later ones need not be searched.
    """
    for i, alt in enumerate(alts):
        hits = find(doc, alt, i)
        if hits:
            return hits
    return []


def best(doc, hits: list[Hit], section) -> Hit | None:
    """The hit to show as evidence: earliest-listed alternative, then the topical section, then first."""
    if not hits:
        return None

    def topical(h: Hit) -> bool:
        return section is not None and any(section.search(t) for t in doc.section_at(h.start).titles)

    return min(hits, key=lambda h: (h.alt, not topical(h), h.start))
