"""Choose the evidence for a disclosure among every place it is made.

Reporting the first alternative that matches quotes whatever sentence happens to share the
words (a retention sentence that says "legal basis", a footer link "Do Not Sell"), while the
section named for the topic states the disclosure plainly.  So every present alternative is
searched and each candidate is ranked by what makes a lawyer accept it as the proof:

* it stands in the section whose heading names the topic (the rule's ``section``);
* it is a sentence that states something, not a heading, a link or menu label, or a page footer;
* the disclosure opens the sentence ("You have the right to delete ...") rather than being
  reached at its end;
* other alternatives match the same sentence too (a sentence that names the basis *and* says
  "legal basis" states it; one that only shares a word mentions it);
* it stands in a section addressed to the people the rule's law protects ("Your California
  privacy rights" for the CCPA), or its sentence names them, not in a section or sentence
  addressed to others (the rulebook's ``jurisdiction``);
* its alternative is one the rule lists early (rule authors put the specific forms first);
* it states the disclosure rather than how to act on it ("To exercise your right to know,
  submit ..." is the request method's evidence, not the right's), unless the rule's disclosure
  is itself a procedure (the rulebook's ``procedure``); a footer or menu of links ranks last.

The weights were fitted on the labelled development sets (dev and the three external halves,
about 2,500 labelled disclosures) by coordinate search over these few features, and are kept
few and plain so that a ranking can be explained.

At equal rank the earliest candidate wins, so output stays deterministic.
"""
from __future__ import annotations

import bisect
import re

from ..regexcache import Lazy
from . import Hit
from .match import find, found_any, in_titles, search

_TOPICAL = 0.5     # in a section whose heading, or a parent's, names the topic
_INNER = 1.0       # ... and the innermost heading itself names it
_STATEMENT = 0.75  # a sentence of several words, not a heading or a label
_ORDER = 1.0       # spread over the alternatives, first listed highest
_HEADING = 0.7     # a heading naming the topic: nearly as good, but the prose under it wins a tie
_OWN = 1.5         # in a section addressed to this law's people
_FOREIGN = -2.0    # in a section addressed only to people of another law
_OWN_SENTENCE = 0.75  # elsewhere, a sentence naming this law's people ("California residents may ...")
_AGREE = 0.75      # per further alternative matching the same sentence (at most two count)
_OPENS = 0.75      # the match starts within the first few words of its sentence
_OPENING = 40      # ... within this many characters
_HOW_TO = -0.5     # a sentence that says how to act on the disclosure (see _PROCEDURE)
_LINKS = -0.5      # a sentence that is mostly link labels (a footer, a menu, a contents list)
# How-to openings: "To exercise ...", "Upon receipt of your request ...", "We will verify ...".
_PROCEDURE = Lazy(
    r"\W*(?:(?:in order )?to (?:exercise|submit|make|initiate|send|file|request)\b"
    r"|upon (?:receipt|receiving)|once we (?:receive|verify)|after (?:we|receiving)"
    r"|for (?:right|requests?)\b|(?:residents|consumers|you) (?:may|can|must) (?:submit|make|send|exercise)"
    r"|please (?:submit|send|contact|email|call)|we (?:will|may|must) (?:verify|request|ask|need)"
    r"|verif|when you (?:submit|make))", re.I)
_DIGIT = Lazy(r"\d")
_WORD = Lazy(r"[^\W\d_][\w'-]*")
_MIN_WORDS = 6     # fewer words than this read as a title, a link or a table label
_LINKED = 0.6      # a sentence this much covered by link labels is navigation
_ENUMERATOR = Lazy(r"^\W*(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\s", re.I)
_LEGAL_LINE = Lazy(r"©|\(c\) ?\d{4}|\ball rights reserved\b|\bcopyright \d{4}", re.I)


def candidates(doc, alts, c=None) -> list[Hit]:
    """Hits of the alternatives, each tagged with its index.

    With the rule ``c``, the search stops once a hit stands where nothing can outrank it by
    place (prose, in the topic's own innermost section, and the law's own jurisdiction when
    the rulebook names one).  A later alternative could still win on agreement or on opening
    its sentence; measured, stopping costs about 0.3 % of evidence accuracy (gt200) and saves
    about a fifth of the run time, as the common, well-structured policy stops early."""
    hits: list[Hit] = []
    for i, alt in enumerate(alts):
        found = find(doc, alt, i)
        hits.extend(found)
        if c is not None and found and any(_best_place(doc, h, c) for h in found):
            break
    return hits


def present(doc, c, limit: int) -> list[Hit]:
    """Up to ``limit`` places making the rule ``c``'s disclosure, best first (see
    ``best_first``); for a report of verdicts alone (``doc.evidence`` false), the first place
    found: whether there is one is the same either way."""
    if not doc.evidence:
        hit = found_any(doc, c.present)
        return [] if hit is None else [hit]
    return best_first(doc, candidates(doc, c.present, c), c, c.present, limit)


def _best_place(doc, h: Hit, c) -> bool:
    if c.section is None or not is_statement(doc, h.start) or _how_to(doc, h.start, c):
        return False
    titles = doc.section_at(h.start).titles
    return _names(doc, c.section, titles, inner=True) and (c.own is None or in_titles(doc, c.own, titles))


def _names(doc, pattern, titles, inner: bool = False) -> bool:
    """Whether the section's heading (``inner``) or one of its headings matches ``pattern``."""
    return pattern is not None and in_titles(doc, pattern, titles[:1] if inner else titles)


def choose(doc, hits: list[Hit], c, alts) -> Hit | None:
    """The best-ranked hit (see the module docstring), or None when there are none."""
    ranked = best_first(doc, hits, c, alts, 1)
    return ranked[0] if ranked else None


def best_first(doc, hits: list[Hit], c, alts, limit: int) -> list[Hit]:
    """Up to ``limit`` hits of the rule ``c``'s alternatives ``alts``, best first, at most one
    per sentence."""
    if not hits:
        return []
    n_alts = len(alts)
    alts_in: dict[tuple[int, int], set[int]] = {}
    for h in hits:
        alts_in.setdefault(doc.unit("sentence", h.start), set()).add(h.alt)
    if limit == 1:
        return [max(hits, key=lambda h: (rank(doc, h, c, n_alts, alts_in), -h.start))]
    out, seen = [], set()
    for h in sorted(hits, key=lambda h: (-rank(doc, h, c, n_alts, alts_in), h.start)):
        unit = doc.unit("sentence", h.start)
        if unit not in seen:
            seen.add(unit)
            out.append(h)
            if len(out) == limit:
                break
    return out


def rank(doc, h: Hit, c, n_alts: int, alts_in: dict | None = None) -> float:
    titles = doc.section_at(h.start).titles
    score = _ORDER * (1.0 - h.alt / max(n_alts, 1))
    unit = doc.unit("sentence", h.start)
    linked = _mostly_links(doc, *unit)
    if linked:
        score += _LINKS
    elif alts_in:  # (a link title repeats the topic's words by design: no agreement bonus)
        score += _AGREE * min(len(alts_in[unit]) - 1, 2)
    inner = _names(doc, c.section, titles, inner=True)
    if inner or _names(doc, c.section, titles):
        score += _TOPICAL + (_INNER if inner else 0.0)
    if is_statement(doc, h.start):
        score += _STATEMENT
        if _how_to(doc, h.start, c):
            score += _HOW_TO
    elif inner and _in_heading(doc, h.start):  # a heading naming the topic: the rights-list sub-heading
        score += _HEADING
    if h.start - unit[0] < _OPENING:
        score += _OPENS
    if _names(doc, c.own, titles):
        score += _OWN
    elif c.own is not None and search(doc, c.own, *unit):
        score += _OWN_SENTENCE
    elif _names(doc, c.foreign, titles) or _foreign_sentence(doc, unit, c):
        score += _FOREIGN
    return score


def _how_to(doc, offset: int, c) -> bool:
    """Whether the sentence at ``offset`` says how to act ("To exercise your right ...") for a
    rule whose disclosure is not itself a procedure."""
    return not c.rule.spec.get("procedure") and _PROCEDURE.match(
        doc.match_text, *doc.unit("sentence", offset)) is not None


def _foreign_sentence(doc, unit: tuple[int, int], c) -> bool:
    """A sentence that addresses others ("EEA and UK individuals have the right to ...")."""
    if c.foreign is None:
        return False
    a, b = unit
    return search(doc, c.foreign, a, b) and not (c.own is not None and search(doc, c.own, a, b))


def is_statement(doc, offset: int) -> bool:
    """Whether ``offset`` lies in a sentence of prose rather than a heading or a label.

    Labels (links, menu entries, titles such as "Do Not Sell My Personal Information") are
    short or capitalise most of their words; prose does neither.  A label with a value
    ("Last Updated: 7 February 2022", an address line) states that value."""
    if _in_heading(doc, offset):
        return False
    unit = doc.unit("sentence", offset)
    memo = doc.memo.setdefault(is_statement, {})
    found = memo.get(unit)
    if found is None:
        found = memo[unit] = _prose(doc.match_text[unit[0]:unit[1]]) and not _mostly_links(doc, *unit)
    return found


def _mostly_links(doc, a: int, b: int) -> bool:
    """Whether link labels make up most of the sentence ``a:b`` (a footer or menu of links)."""
    links = doc.extracted.links
    if not links or b <= a:
        return False
    memo = doc.memo.get(_mostly_links)
    if memo is None:
        memo = doc.memo[_mostly_links] = {None: [x for x, _ in links]}
    found = memo.get((a, b))
    if found is None:  # asked once per sentence by is_statement and again per hit by rank
        starts = memo[None]
        i = max(bisect.bisect_right(starts, a) - 1, 0)
        covered = 0
        while i < len(links) and links[i][0] < b:
            x, y = links[i]
            covered += max(0, min(y, b) - max(x, a))
            i += 1
        found = memo[a, b] = covered >= _LINKED * (b - a)
    return found


def _prose(sentence: str) -> bool:
    if _LEGAL_LINE.search(sentence):
        return False  # "Copyright © 2023 ... All rights reserved | Do Not Sell ...": a page footer
    sentence = _ENUMERATOR.sub("", sentence, 1)  # "7. how you can access ..." in a contents list
    if _DIGIT.search(sentence):
        return True
    words = _WORD.findall(sentence)
    if len(words) < _MIN_WORDS:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised < 0.5 * len(words)


def _in_heading(doc, offset: int) -> bool:
    starts = doc.memo.get(_in_heading)
    heads = doc.extracted.headings
    if starts is None:
        starts = doc.memo[_in_heading] = [h.start for h in heads]
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and offset < heads[i].end
