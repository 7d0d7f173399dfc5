"""Find where a rule's alternatives match in a document."""
from __future__ import annotations

from . import Hit


def find(doc, alt, index: int = 0) -> list[Hit]:
    """Every place ``alt`` matches: its first pattern, with the others in the same unit."""
    text = doc.match_text
    first, rest = alt.patterns[0], alt.patterns[1:]
    hits = []
    for m in first.finditer(text):
        s = m.start()
        if doc.in_chrome(s):
            continue
        if alt.section is not None and not any(alt.section.search(t) for t in doc.section_at(s).titles):
            continue
        if alt.not_section is not None and any(alt.not_section.search(t) for t in doc.section_at(s).titles):
            continue
        if alt.unless:
            a, b = doc.unit("sentence", s)
            if any(u.search(text, a, b) for u in alt.unless):
                continue
        if rest:
            a, b = doc.unit(alt.within, s)
            if not all(p.search(text, a, b) for p in rest):
                continue
        hits.append(Hit(s, m.end(), index, alt.message, alt.severity))
    return hits


def find_any(doc, alts) -> list[Hit]:
    return [h for i, alt in enumerate(alts) for h in find(doc, alt, i)]


def best(doc, hits: list[Hit], section) -> Hit | None:
    """The hit to show as evidence: earliest-listed alternative, then the topical section, then first."""
    if not hits:
        return None

    def topical(h: Hit) -> bool:
        return section is not None and any(section.search(t) for t in doc.section_at(h.start).titles)

    return min(hits, key=lambda h: (h.alt, not topical(h), h.start))
