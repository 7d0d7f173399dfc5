"""Find where a rule's alternatives match in a document.

Most patterns can only match where one of a few strings occurs (their *prefixes*, see
``analysis``).  A per-document index tells where those are, and the pattern is tried only
there: the same matches as a scan, without running the regex engine over every character.
"""
from __future__ import annotations

import bisect
from array import array
from collections import defaultdict
from itertools import chain

from . import Hit, prefilter
from .. import casefold
from ..longtext import offset_code
from ..patterns import boundary_at, is_word as _is_word, non_ascii
from ..regexcache import Lazy, compile_re

_WORDS = Lazy(r"\w+")
_DIGIT = Lazy(r"\d")
# From this many characters a document's kept offset lists are packed into arrays: a list
# holds a pointer and an int object per offset (about 40 bytes), an array 4 or 8 bytes.  On a
# 4 MB policy the lists were two thirds of the peak; a small one gains nothing from packing.
PACK_FROM = 200_000


def packer(length: int):
    """What keeps a sorted list of offsets into a text of ``length`` characters: the list
    itself for a small text, an array of machine integers (read as the list is) for a large one."""
    if length < PACK_FROM:
        return _same
    code = offset_code(length)

    def pack(offsets):
        return offsets if type(offsets) is array else array(code, offsets)
    return pack


def _same(offsets):
    return offsets


class Pairs:
    """A large document's list of (start, end) spans, kept as one array of their offsets
    (a tuple and its two ints take about 120 bytes, two array items 8); read as the list is."""

    __slots__ = ("_flat",)

    def __init__(self, spans: list[tuple[int, int]], length: int):
        self._flat = array(offset_code(length), chain.from_iterable(spans))

    def __iter__(self):
        items = iter(self._flat)
        return zip(items, items)

    def __len__(self) -> int:
        return len(self._flat) // 2


class Index:
    """Where strings occur in one document: words by their start, other strings on demand.

    Only built for a document whose lower-cased, folded text stands in for IGNORECASE
    matching character by character (see ``doc_index``); otherwise patterns are scanned in full.
    """

    def __init__(self, doc, every: tuple | None = None):
        self.doc, self.text, self.low = doc, doc.match_text, doc.lower
        # (strings found in one pass, string -> every offset where it occurs), see ``prefilter``
        self._known, self._every = every if every is not None else (frozenset(), {})
        self._words: tuple | None = None  # the words by their start, for strings not passed
        self._found: dict[str, list[int]] = {}  # string -> offsets where it occurs
        self._at_words: dict[str, list[int]] = {}  # string -> word starts where it occurs
        self._starts: dict[str, list[int]] = {}  # pattern source -> offsets to try it at
        self._present: dict[str, bool] = {}  # necessary literal -> whether the text has it
        self._by_anchors: dict[tuple, list[int]] = {}  # what ``starts`` depends on -> offsets
        self._pack = packer(len(self.low))  # how those offsets are kept (``every`` comes so: ``prepare``)

    def _vocabulary(self) -> tuple[dict[str, list[int]], list[str]]:
        if self._words is None:
            words: dict[str, list[int]] = defaultdict(list)
            for m in _WORDS.finditer(self.low):
                words[m[0]].append(m.start())
            if self._pack is not _same:
                words = {w: self._pack(at) for w, at in words.items()}
            self._words = words, sorted(words)
        return self._words

    def at_words(self, prefix: str) -> list[int]:
        """Sorted offsets of word starts where ``prefix`` occurs (memoised: patterns share
        prefixes; the list is shared, not to be changed)."""
        found = self._at_words.get(prefix)
        if found is None:
            if prefix in self._known:  # prefixes begin with a word character (``analysis``)
                low = self.low  # (``patterns.is_word`` inlined: this runs for every offset)
                found = [i for i in self._every.get(prefix, ())
                         if i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_")]
            else:
                found = self._look_up(prefix)
            self._at_words[prefix] = found = self._pack(found)
        return found

    def _look_up(self, prefix: str) -> list[int]:
        (words, keys), low = self._vocabulary(), self.low
        whole = _whole_words(prefix)
        if whole is None:  # one word or its beginning: the words that begin with it
            i, n, out = bisect.bisect_left(keys, prefix), len(keys), []
            while i < n and keys[i].startswith(prefix):
                out += words[keys[i]]
                i += 1
            out.sort()  # several words' offsets: in text order, as every other lookup gives
            return out
        # "do not sell": start from its rarest whole word, then check the rest
        at, word = min(whole, key=lambda sp: len(words.get(sp[1], ())))
        out = []
        for i in words.get(word, ()):
            i -= at
            if i >= 0 and low.startswith(prefix, i) and (at == 0 or i == 0 or not _is_word(low[i - 1])):
                out.append(i)
        return out

    def anywhere(self, s: str) -> list[int]:
        found = self._found.get(s)
        if found is None and s in self._known:
            found = self._found[s] = self._every.get(s, [])
        if found is None:
            found, low = [], self.low
            i = low.find(s)
            while i >= 0:
                found.append(i)
                i = low.find(s, i + 1)
            self._found[s] = found = self._pack(found)
        return found

    def _possible(self, literals) -> bool:
        """Whether one of ``literals`` (one of which every match holds) occurs at all."""
        if not literals:
            return True
        present = self._present
        for lit in literals:
            found = present.get(lit)
            if found is None:  # what a lookup already found answers without reading the text
                if lit in self._known:
                    found = lit in self._every
                elif lit in self._found:
                    found = bool(self._found[lit])
                else:
                    found = lit in self.low
                present[lit] = found
            if found:
                return True
        return False

    def starts(self, pattern) -> list[int]:
        """Sorted offsets where a match of ``pattern`` can begin: where a prefix occurs, up to
        ``digit_reach`` characters before a digit, or at a line start (see
        ``analysis.anchors``).  For a pattern whose leading ``\\b`` we check by hand, only
        those where it holds.  No places at all when a string every match holds is absent."""
        found = self._starts.get(pattern.source)
        if found is None:
            info = pattern.info  # patterns that differ elsewhere often start alike: shared
            key = (info[0], info[1], info[2], info[6], info[8], info[9], info[10])
            found = self._by_anchors.get(key)
            if found is None:
                found = self._by_anchors[key] = self._pack(self._places(info))
            self._starts[pattern.source] = found
        return found

    def _places(self, info) -> list[int]:
        literals, prefixes, strip, word, reach, line = info[0], info[1] or (), info[2], info[4], info[6], info[8]
        if info[9] is not None:
            return self._unless_impossible(self._after_words(info[9]), literals)
        if info[10] is not None:
            return self._unless_impossible(self._runs_before(*info[10]), literals)
        if reach is None and not line and len(word) == len(prefixes):
            if len(word) == 1:
                found = self.at_words(word[0])
            else:  # no word prefix begins with another (``analysis._pruned``): no offset twice
                found = []
                for p in word:  # (sorted runs joined and sorted: C-level, no loop per offset)
                    found += self.at_words(p)
                found.sort()
            return self._unless_impossible(found, literals)
        at: set[int] = set()
        for p in prefixes:
            if p not in word:
                at.update(self.anywhere(p))
        if reach is not None:
            digits = _digits(self.doc)
            at.update(digits)
            for k in range(1, reach + 1):  # (one list per distance: a generator costs more)
                at.update([d - k for d in digits if d >= k])
        if line:
            at.add(0)
            at.update(i + 1 for i in self.anywhere("\n"))
        if at and strip:
            text = self.text
            at = {i for i in at if boundary_at(text, i)}
        for p in word:
            at.update(self.at_words(p))
        return self._unless_impossible(sorted(at), literals)

    def _after_words(self, prefixes) -> list[int]:
        """Starts of the words followed by a space and one of ``prefixes`` (see
        ``analysis.after_word``)."""
        low, at = self.low, set()
        for p in prefixes:
            for j in self.at_words(p) if _is_word(p[0]) else self.anywhere(p):
                if j >= 2 and low[j - 1] == " " and _is_word(low[j - 2]):
                    i = j - 2
                    while i > 0 and _is_word(low[i - 1]):
                        i -= 1
                    at.add(i)
        return sorted(at)

    def _runs_before(self, cls: str, literal: str) -> list[int]:
        """Starts of the runs of characters of ``cls`` (a class, IGNORECASE) that end where
        ``literal`` occurs (see ``analysis.run_before``)."""
        member, text, at = compile_re(cls).match, self.text, set()
        for p in self.anywhere(literal):
            i = p  # each run ends at its own literal: the walks back do not overlap
            while i > 0 and member(text, i - 1) is not None:
                i -= 1
            if i < p:
                at.add(i)
        return sorted(at)

    def _unless_impossible(self, places: list[int], literals) -> list[int]:
        """``places``, or none when a string every match holds is absent from the text.

        Looking for a string reads the whole text, about the cost of trying the pattern at
        a few dozen places per 30 kB: only worth it where there are more places than that."""
        if len(places) > 8 + len(self.low) // 1024 and not self._possible(literals):
            return []
        return places


_WHOLE: dict[str, tuple | None] = {}


def _whole_words(prefix: str) -> tuple | None:
    """(offset, word) of the whole words in a prefix of several words, None for one word.

    Depends on the prefix alone, and every document asks about the same prefixes: kept."""
    whole = _WHOLE.get(prefix, False)
    if whole is not False:
        return whole
    if prefix.isalnum():  # one run of word characters (``\w`` is alphanumeric or "_"): one word
        _WHOLE[prefix] = None
        return None
    spans = [(m.start(), m[0]) for m in _WORDS.finditer(prefix)]
    if spans[0][1] == prefix:
        whole = None
    else:
        whole = tuple(spans if spans[-1][0] + len(spans[-1][1]) < len(prefix) else spans[:-1])
    _WHOLE[prefix] = whole
    return whole


def doc_index(doc) -> Index | None:
    """The document's index, or None when lower-casing does not model IGNORECASE for it."""
    ix = doc.memo.get(Index, False)
    if ix is False:
        ix = doc.memo[Index] = Index(doc) if _plain_case(doc) else None
    return ix


def prepare(doc, rules) -> None:
    """Build the document's index before ``rules`` run, every prefix they can ask about found
    in one pass when a multi-pattern engine is installed (see ``prefilter``)."""
    if Index not in doc.memo:
        if _plain_case(doc):
            packed = len(doc.lower) >= PACK_FROM
            doc.memo[Index] = Index(doc, prefilter.occurrences(doc.lower, rules, packed))
        else:
            doc.memo[Index] = None


def _plain_case(doc) -> bool:
    """Whether IGNORECASE matching and word boundaries read the same on the lower-cased,
    folded text (``casefold``): true unless a character lower-cases to several ("İ"), or
    is a word character and reads as none there, or the other way round."""
    text, low = doc.match_text, doc.lower
    if low is None:
        return False
    if text.isascii():
        return True
    if casefold.FOLD is None:
        return False
    return not any(c.isalnum() != casefold.char(c).isalnum() for c in non_ascii(text))


def scan(doc, pattern) -> list[tuple[int, int]]:
    """(start, end) of every match of ``pattern``; several rules share patterns, so memoised."""
    spans = doc.memo.get(pattern.source)
    if spans is None:
        if not pattern.anchored and pattern.branches:
            spans = _leftmost([sp + (k,) for k, b in enumerate(pattern.branches) for sp in scan(doc, b)])
        else:
            ix = doc_index(doc)
            if ix is not None and pattern.anchored:  # the common case, without generators
                spans = spans_from_starts(ix, pattern)
            else:
                spans = [m.span() for m in _scan(doc, pattern)]
        if len(spans) > 1 and len(doc.match_text) >= PACK_FROM:
            spans = Pairs(spans, len(doc.match_text))
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
    """Matches of a pattern whose starts are not known (see ``spans_from_starts``), run
    only near paragraphs that hold one of its needed literals.

    A match may run on from a list's lead-in into its items, so each paragraph holding a
    literal is scanned together with ``reach`` paragraphs on either side.
    """
    text, low, lits = doc.match_text, doc.lower, pattern.literals
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


def spans_from_starts(ix: Index, pattern) -> list[tuple[int, int]]:
    """Spans of the leftmost non-overlapping matches, tried only where a match can begin."""
    match, text = pattern.compiled.match, ix.text
    end, last, out = len(text), -1, []
    for i in ix.starts(pattern):
        if i < last:
            continue
        m = match(text, i, end)
        if m is not None:
            span = m.span()
            out.append(span)
            last = span[1] if span[1] > i else i + 1
    return out


def first(doc, pattern, a: int, b: int, before: int | None = None):
    """The leftmost match of ``pattern`` in [a, b) (``pattern.search``), tried only at its starts.

    With ``before``, only a match starting before it is wanted: later starts are not tried."""
    ix = doc_index(doc)
    if ix is None or not pattern.anchored:
        if not pattern.parts:
            m = pattern.search(doc.match_text, a, b)
            return m if m is None or before is None or m.start() < before else None
        found = None  # the leftmost of the parts' first matches; at a tie, the earliest part's
        for part in pattern.parts:
            m = first(doc, part, a, b, before)
            if m is not None and (found is None or m.start() < found.start()):
                found = m
        return found
    return _first_at(ix, pattern, a, b, b if before is None else min(b, before))


def _first_at(ix: Index, pattern, a: int, b: int, last: int):
    """``first`` for an anchored pattern: tried at its starts in [a, last), matched up to b."""
    starts = ix._starts.get(pattern.source)
    if starts is None:
        starts = ix.starts(pattern)
    k = bisect.bisect_left(starts, a)
    if k == len(starts) or starts[k] >= last:  # the common case: nowhere to try
        return None
    return _try_from(ix.text, pattern, starts, k, b, last)


def _try_from(text: str, pattern, starts: list[int], k: int, b: int, last: int):
    """The first match of ``pattern`` (up to ``b``) at ``starts[k:]`` before ``last``."""
    match, n = pattern.compiled.match, len(starts)
    while k < n and starts[k] < last:
        m = match(text, starts[k], b)
        if m is not None:
            return m
        k += 1
    return None


def search(doc, pattern, a: int, b: int):
    """Whether ``pattern`` matches in [a, b); rules ask the same of one sentence, so memoised."""
    key = (pattern.source, a, b)
    found = doc.memo.get(key)
    if found is None:
        found = doc.memo[key] = _search(doc, pattern, a, b) is not None
    return found


def _search(doc, pattern, a: int, b: int):
    """``pattern.search`` in [a, b), skipped cheaply when no needed literal is there."""
    info = pattern.info
    if info[5] and not _digit_in(doc, a, b):  # every match holds a digit
        return None
    if info[1] or info[6] is not None or info[8] or info[9] is not None or info[10] is not None:  # anchored
        ix = doc.memo.get(Index, False)
        if ix is False:
            ix = doc_index(doc)
        if ix is not None:
            return _first_at(ix, pattern, a, b, b)
    if pattern.parts:  # a union matches where one of its parts does: each by its own means
        return any(_search(doc, part, a, b) for part in pattern.parts) or None
    lits, low = info[0], doc.lower
    if lits and low is not None and not any(low.find(lit, a, b) >= 0 for lit in lits):
        return None
    return pattern.search(doc.match_text, a, b)


def _digits(doc) -> list[int]:
    """Offsets of the document's digits (``\\d``)."""
    digits = doc.memo.get(_DIGIT)
    if digits is None:
        digits = doc.memo[_DIGIT] = [m.start() for m in _DIGIT.finditer(doc.match_text)]
    return digits


def _digit_in(doc, a: int, b: int) -> bool:
    digits = _digits(doc)
    k = bisect.bisect_left(digits, a)
    return k < len(digits) and digits[k] < b


def find(doc, alt, index: int = 0, one: bool = False) -> list[Hit]:
    """Every place ``alt`` matches: its first pattern, with the others in the same unit
    (``one``: only the first such place, for a verdict that needs no ranking).

    The scan reports non-overlapping matches, so a match that fails the checks (its sentence
    lacks the other patterns, say, because it ran on from a heading into the next paragraph)
    could hide a good match starting inside it; such a match is searched for and tried too.
    """
    spans = scan(doc, alt.patterns[0])
    if not spans:
        return []
    lead, n = alt.patterns[0], len(doc.match_text)
    ix = doc_index(doc)
    starts = ix.starts(lead) if ix is not None and lead.anchored else None
    hits = []
    for s, e in spans:
        limit = e  # retried matches start inside the rejected one, so the scan never repeats them
        while not _accepted(doc, alt, s, ix):
            if starts is None:
                m = first(doc, lead, s + 1, min(n, e + _RETRY_REACH), limit)
            else:  # ``first`` for an anchored lead, without asking for its starts again
                b = min(n, e + _RETRY_REACH)
                last = min(b, limit)
                k = bisect.bisect_right(starts, s)
                m = None if k == len(starts) or starts[k] >= last else _try_from(
                    ix.text, lead, starts, k, b, last)
            if m is None:
                break
            s, e = m.span()
        else:
            hits.append(Hit(s, e, index, alt.message, alt.severity))
            if one:
                break
    return hits


_RETRY_REACH = 500  # how far past a rejected match an overlapping one may end


def _accepted(doc, alt, s: int, ix: Index | None = None) -> bool:
    """Whether the first pattern's match at ``s`` counts: section, negations, other patterns.

    ``ix``: the document's index, when it has one.  A pattern none of whose known starts lies
    in the span has no match there (``_first_at``): that is settled by one bisection, before
    ``search`` and its memo, as it is for most of the candidates."""
    if doc.chrome and doc.in_chrome(s):
        return False
    if alt.section is not None or alt.not_section is not None:
        titles = doc.section_at(s).titles
        if alt.section is not None and not in_titles(doc, alt.section, titles):
            return False
        if alt.not_section is not None and in_titles(doc, alt.not_section, titles):
            return False
    memo = doc.memo
    known = ix._starts if ix is not None else _NONE
    if alt.unless:
        a, b = doc.unit("sentence", s)  # negations bind to their own sentence only
        for u in alt.unless:  # (loops, not any/all over generators: this runs per candidate)
            starts = known.get(u.source)
            if starts is not None:
                k = bisect.bisect_left(starts, a)
                if k == len(starts) or starts[k] >= b:
                    continue
            found = memo.get((u.source, a, b))
            if found is None:
                found = memo[u.source, a, b] = _search(doc, u, a, b) is not None
            if found:
                return False
    patterns = alt.patterns
    if len(patterns) > 1:
        a, b = doc.context(alt.within, s)
        for p in patterns[1:]:
            starts = known.get(p.source)
            if starts is not None:
                k = bisect.bisect_left(starts, a)
                if k == len(starts) or starts[k] >= b:
                    return False
            found = memo.get((p.source, a, b))
            if found is None:
                found = memo[p.source, a, b] = _search(doc, p, a, b) is not None
            if not found:
                return False
    return True


_NONE: dict = {}  # no known starts: every pattern goes through ``search``


def found_any(doc, alts) -> Hit | None:
    """The first accepted place of the first alternative that matches: whether ``alts`` are
    disclosed, when the report will not show where best."""
    for i, alt in enumerate(alts):
        hits = find(doc, alt, i, one=True)
        if hits:
            return hits[0]
    return None


def find_any(doc, alts) -> list[Hit]:
    """Hits of the first alternative that matches at all.

    ``best`` ranks the earliest-listed alternative first, so later ones need not be searched.
    """
    for i, alt in enumerate(alts):
        hits = find(doc, alt, i)
        if hits:
            return hits
    return []


def in_titles(doc, pattern, titles) -> bool:
    """Whether ``pattern`` occurs in one of ``titles`` (headings: few, and asked about often)."""
    memo = doc.memo.get(in_titles)
    if memo is None:
        memo = doc.memo[in_titles] = {}
    seen = memo.get(pattern.source)  # title -> whether it matches, per pattern: no tuple keys
    if seen is None:
        seen = memo[pattern.source] = {}
    for t in titles:
        hit = seen.get(t)
        if hit is None:
            hit = seen[t] = _in_title(pattern, t)
        if hit:
            return True
    return False


def headed(doc, pattern) -> list:
    """The sections whose heading matches ``pattern``, in order.

    Asked for each missing disclosure's section: all the headings are looked at together
    first, since a pattern needing a string that none of them holds matches none of them."""
    heads = doc.memo.get(headed)
    if heads is None:
        sections = [s for s in doc.sections if s.heading]
        joined = "\n".join(s.title for s in sections)
        heads = doc.memo[headed] = (sections, joined.lower() if joined.isascii() else None)
    sections, low = heads
    if low is not None and _lacks_needed(pattern, low):
        return []
    return [s for s in sections if in_titles(doc, pattern, (s.title,))]


def _in_title(pattern, title: str) -> bool:
    # an ASCII title lower-cased stands in for IGNORECASE: without a needed string, no match
    if title.isascii() and _lacks_needed(pattern, title.lower()):
        return False
    return pattern.search(title) is not None


def _lacks_needed(pattern, low: str) -> bool:
    """Whether ``low`` (ASCII text lower-cased) holds none of the strings one of which every
    match of ``pattern`` holds or starts with: then it has no match."""
    need = pattern.literals or pattern.only_at_prefixes
    return bool(need) and not any(n in low for n in need)


def best(doc, hits: list[Hit], section) -> Hit | None:
    """The hit to show as evidence: earliest-listed alternative, then the topical section, then first."""
    if not hits:
        return None

    def topical(h: Hit) -> bool:
        return section is not None and in_titles(doc, section, doc.section_at(h.start).titles)

    return min(hits, key=lambda h: (h.alt, not topical(h), h.start))
