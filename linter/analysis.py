"""What the matcher knows about a pattern besides its compiled form.

Scanning a policy with a pattern that starts with a long alternation costs the regex engine
work at every character.  Finding a literal with ``str.find`` costs almost nothing.  So for each
pattern we work out, from the parse tree ``re`` itself builds:

- *necessary literals*: strings one of which every match contains, so the matcher can skip
  paragraphs without any (the idea behind code search engines and Hyperscan);
- *prefixes*: strings one of which every match starts with, so the matcher tries the pattern
  only where one occurs;
- whether a leading ``\\b`` can be checked by hand, which lets ``re`` use its fast first-character
  search on the rest;
- the top-level alternatives of a union, which often have literals when the union has none.

The results are cached on disk with the compiled programs (see ``regexcache``).
"""

from __future__ import annotations

import functools
import re

from . import casefold

try:
    from re import _constants as _c, _parser
except ImportError:  # pragma: no cover - other Pythons: no prefilter, same results
    _parser = None

MAX_LITERALS = 64
MIN_SCORE = 2.5


@functools.lru_cache(maxsize=8)
def _parse(source: str, flags: int):
    """``re``'s parse tree of ``source`` (read-only here); ``analyse`` asks for it four times."""
    return _parser.parse(source, flags)


def _tree(source: str, flags: int):
    """The parse tree, or None when ``re``'s parser is missing or refuses the pattern."""
    if _parser is None:
        return None
    try:
        return _parse(source, flags)
    except Exception:
        return None


def necessary(source: str, flags: int) -> tuple[str, ...] | None:
    """Literals (lower-cased and folded, ``casefold.char``) one of which every match contains,
    or None when we cannot tell."""
    tree = _tree(source, flags)
    if tree is None:
        return None
    best = _best(tree.data)
    if not best or _score(best) < MIN_SCORE:
        return None
    return tuple(sorted(set(best)))


def anchors(source: str, flags: int) -> tuple[tuple[str, ...] | None, tuple[str, ...], int | None, bool]:
    """Where a match can start: (prefixes, word_prefixes, digit_reach, line_start).

    Every match starts with one of the ``prefixes``, lower-cased and folded as the index
    reads text (``casefold.char``), those in ``word_prefixes`` only where a word starts (the
    pattern asserts ``\\b`` before them); or, when
    ``digit_reach`` is not None, at most that many characters before a digit, or, when
    ``line_start``, where a line begins (``^``).  With these the matcher tries the pattern
    only at such places instead of at every character; the result is the same as a scan,
    because no match can start elsewhere.  (None, (), None, False): unknown.
    """
    unknown = (None, (), None, False)
    tree = _tree(source, flags)
    if tree is None:
        return unknown
    narrow = tree.state.flags & _NARROW
    found = _prefixes(tree.data, narrow)
    if found:
        return found
    reach = _reach(tree.data, tree.state)
    if reach is not None:
        return None, (), reach, False
    # a union of unlike parts (a word | a postcode): each part by its own means
    lead, data = [], list(tree.data)  # re factors a common "\\b" out of the alternatives
    while data and (data[0][0] in (_c.AT, _c.ASSERT, _c.ASSERT_NOT) or len(data) == 1
                    and data[0][0] is _c.SUBPATTERN and not data[0][1][1] & _NARROW):
        if data[0][0] is _c.SUBPATTERN:
            data = list(data[0][1][-1])
        else:
            lead.append(data.pop(0))
    if len(data) != 1 or data[0][0] is not _c.BRANCH:
        return unknown
    anywhere, word, reach, line = set(), set(), None, False
    for alt in data[0][1][1]:
        alt = lead + list(alt)
        found = _prefixes(alt, narrow)
        if found:
            anywhere.update(p for p in found[0] or () if p not in found[1])
            word.update(found[1])
            if found[2] is not None:
                reach = max(found[2], reach or 0)
            line = line or found[3]
            continue
        r = _reach(alt, tree.state)
        if r is None:
            return unknown
        reach = max(r, reach or 0)
    if len(anywhere | word) > MAX_PREFIXES:
        return unknown
    anywhere, word = _pruned(anywhere, word)
    return tuple(sorted(anywhere | word)) or None, tuple(sorted(word)), reach, line


def after_word(source: str, flags: int) -> tuple[str, ...] | None:
    """For a pattern that begins with a word and a space (``\\b\\w+ ``, look-arounds before
    it allowed), the prefixes of what follows the space; else None.

    Such a match starts where the word before one of those prefixes starts (the word is the
    whole run of word characters before the space, since ``\\b`` precedes it), a few
    hundred places in a policy instead of every character of it."""
    tree = _tree(source, flags)
    if tree is None or tree.state.flags & _NARROW:  # (other meanings of \\w)
        return None
    items, k = list(tree.data), 0
    while k < len(items) and (items[k][0] in (_c.ASSERT, _c.ASSERT_NOT)
                              or items[k] == (_c.AT, _c.AT_BOUNDARY)):
        k += 1
    if k == 0 or (_c.AT, _c.AT_BOUNDARY) not in items[:k] or len(items) < k + 3:
        return None
    op, av = items[k]
    if not (op is _c.MAX_REPEAT and av[0] >= 1 and av[1] is _c.MAXREPEAT
            and list(av[2]) == [(_c.IN, [(_c.CATEGORY, _c.CATEGORY_WORD)])]
            and items[k + 1] == (_c.LITERAL, ord(" "))):
        return None
    found = _prefixes(items[k + 2:], 0)
    if not found or not found[0] or found[2] is not None or found[3]:
        return None
    return found[0]


def run_before(source: str, flags: int) -> tuple[str, str] | None:
    """For a pattern that begins with a run of one character class which its own look-behind
    keeps from following itself, then a literal outside the class ("(?<![\\w.+-])[\\w.+-]+@",
    an e-mail address): (the class as written, the literal lower-cased); else None.

    Such a match starts where the run of that class before an occurrence of the literal
    starts: the look-behind rules out a start inside the run, and the run ends at the literal.
    A policy holds a few "@"s, where the pattern would be tried at every word."""
    tree = _tree(source, flags)
    if tree is None or tree.state.flags & _NARROW or not source.startswith("(?<!["):
        return None
    items = list(tree.data)
    if len(items) < 3:
        return None
    (op0, av0), (op1, av1), (op2, av2) = items[:3]
    if op0 is not _c.ASSERT_NOT or av0[0] != -1 or op2 is not _c.LITERAL:
        return None
    behind = list(av0[1])
    if len(behind) != 1 or behind[0][0] is not _c.IN:
        return None
    if op1 not in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) or av1[0] < 1 \
            or av1[1] is not _c.MAXREPEAT or list(av1[2]) != behind:
        return None
    end = _class_end(source, 4)  # the class as written: "(?<![...])[...]+" repeats it
    if end is None:
        return None
    cls = source[4:end]
    if not source.startswith(")" + cls + "+", end):
        return None
    literal = chr(av2)
    if any(re.fullmatch(cls, ch, flags) for ch in {literal, literal.lower(), literal.upper()}):
        return None
    return cls, casefold.char(literal)


def _class_end(source: str, i: int) -> int | None:
    """The index just past the character class that opens at ``source[i]`` ("[")."""
    j = i + 1
    if source.startswith("^", j):
        j += 1
    if source.startswith("]", j):  # a "]" first is a member, not the end
        j += 1
    while j < len(source):
        if source[j] == "\\":
            j += 2
            continue
        if source[j] == "]":
            return j + 1
        j += 1
    return None


# Stand-ins in spelled heads (``_spell``): a digit (``\\d``, or a class of digits too large to
# spell out) and the start of a line (``^``).  Neither can be a pattern's literal character:
# ``_spell`` stops at a literal NUL or SOH.
_DIGIT_MARK, _LINE_MARK = "\x00", "\x01"


def _prefixes(data, narrow: int) -> tuple[tuple[str, ...] | None, tuple[str, ...], int | None, bool] | None:
    """(all prefixes, word-start prefixes, digit reach, line start) of a parsed pattern, or None.

    A way to begin that is a digit, or fewer than two characters and then a digit, becomes a
    digit reach (the match starts that many characters before a digit); one that is ``^``, a
    line start.  The rest must be strings of two characters or more, or one character that is
    neither a letter, a digit nor a space ("$", "@", a newline): one letter occurs everywhere."""
    found, _ = _spell(data, {("", False)})
    if not found or len(found) > MAX_PREFIXES:
        return None
    strings, reach, line = set(), None, False
    for s, w in found:
        if s.startswith(_LINE_MARK):
            line = True
            continue
        spelt = s.split(_DIGIT_MARK, 1)[0]
        if _selective(spelt):
            strings.add((spelt, w))
            continue
        k = next((i for i, ch in enumerate(s) if ch == _DIGIT_MARK or ch.isdecimal()), None)
        if k is None:
            return None
        reach = max(k, reach or 0)
    if reach is not None:  # a string that begins with a digit adds no place to try
        strings = {(s, w) for s, w in strings if not s[0].isdecimal()}
    at_word = {_cut(s) for s, w in strings if w and _WORD.match(s) and not narrow}
    anywhere = {_cut(s) for s, w in strings if not (w and _WORD.match(s) and not narrow)}
    anywhere, word = _pruned(anywhere, at_word)
    if not (anywhere or word or reach is not None or line):
        return None
    return tuple(sorted(anywhere | word)) or None, tuple(sorted(word)), reach, line


def _selective(s: str) -> bool:
    """Whether looking a way to begin up finds few enough places (see ``_prefixes``)."""
    return len(s) >= 2 or len(s) == 1 and not (s.isalnum() or s in " \t")


def _cut(s: str) -> str:
    """A prefix cut after its first word of three letters or more ("sell, or share" -> "sell",
    "do not sell" -> "do not"): looking up fewer, shorter strings costs less than trying the
    pattern at the few more places they occur."""
    m = _WORD_END.search(s, 3)
    return (s[:m.start()] if m else s)[:MAX_PREFIX_LEN]


def _pruned(anywhere: set[str], word: set[str]) -> tuple[set[str], set[str]]:
    """A string is a word prefix only if no part needs it elsewhere; drop strings that begin
    with another: they add no place to try (a word start is such a place too)."""
    anywhere = {s for s in anywhere if not any(t != s and s.startswith(t) for t in anywhere)}
    word = {s for s in word - anywhere if not any(t != s and s.startswith(t) for t in word | anywhere)}
    return anywhere, word


MAX_PREFIXES = 128
MAX_PREFIX_LEN = 16
_SMALL_SET = 10  # a character class of at most this many characters is spelled out
_WORD = re.compile(r"\w")
_WORD_END = re.compile(r"\b(?=\W)")
_NARROW = _c.SRE_FLAG_ASCII | _c.SRE_FLAG_LOCALE if _parser else 0  # other meanings of \w and \b


def _spell(seq, heads: set[tuple[str, bool]]) -> tuple[set[tuple[str, bool]], bool]:
    """Extend ``heads`` (the ways a match may begin so far) by what ``seq`` must match next.

    A head is (text, whether ``\\b`` was asserted before its first character).  Returns the
    extended set and whether all of ``seq`` was spelled out; when it was not, the set still
    holds a beginning of every match, which is all a prefix needs.  Literals, small classes
    such as ``[- ]``, alternatives and optional parts are spelled out; zero-width assertions
    take no characters and are passed over (``re`` factors ``not|never`` into ``n(?:ot|ever)``,
    so spelling on past a first literal matters).
    """
    for k, (op, av) in enumerate(seq):
        if op is _c.LITERAL:
            if chr(av) in (_DIGIT_MARK, _LINE_MARK):
                return heads, False
            heads = {(h + casefold.char(chr(av)), w) for h, w in heads}
        elif op is _c.AT:
            if av is _c.AT_BOUNDARY:
                heads = {(h, w or not h) for h, w in heads}
            elif av in (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING):  # (a superset without (?m))
                heads = {(h or _LINE_MARK, w) for h, w in heads}
        elif op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue
        elif op is _c.IN:
            chars = _class_chars(av)
            if chars is None:
                if all(_digits_only(item) for item in av):  # \\d: the place is near a digit
                    return {(h + _DIGIT_MARK, w) for h, w in heads}, False
                return heads, False
            heads = {(h + ch, w) for h, w in heads for ch in chars}
            if len(heads) > MAX_PREFIXES:
                return _shrink(heads), False
        elif op is _c.SUBPATTERN or op is _c.ATOMIC_GROUP:
            if op is _c.SUBPATTERN and av[1] & _NARROW:
                return heads, False
            heads, whole = _spell(av[-1] if op is _c.SUBPATTERN else av, heads)
            if not whole:
                return heads, False
        elif op is _c.BRANCH:
            out, whole = set(), True
            for alt in av[1]:
                more, done = _spell(alt, heads)
                out |= more
                whole = whole and done
            if len(out) > MAX_PREFIXES:
                return _shrink(out), False
            if not whole:
                return out, False
            heads = out
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            lo, hi, body = av
            taken, whole = _spell(body, heads)
            if lo >= 1:  # at least once: every match goes on with the body
                if hi == 1 and whole:
                    heads = taken
                    continue
                return taken, False
            if hi == 1 and whole and len(taken | heads) <= MAX_PREFIXES:
                heads = taken | heads  # optional: with it or without it
                continue
            skipped, _ = _spell(seq[k + 1:], heads)  # zero times: what follows begins
            return _shrink(taken | skipped), False
        else:
            return heads, False
    return heads, True


def _shrink(heads: set[tuple[str, bool]]) -> set[tuple[str, bool]]:
    """Cut too many heads back to shorter ones (still a beginning of every match)."""
    n = max((len(h) for h, _ in heads), default=0)
    while len(heads) > MAX_PREFIXES and n > 0:
        n -= 1
        heads = {(h[:n], w) for h, w in heads}
    return heads


def needs_digit(source: str, flags: int) -> bool:
    """Whether every match contains a digit (``\\d``): most text between two full stops has
    none, so a search there can be skipped (postcodes, phone numbers, dates)."""
    tree = _tree(source, flags)
    return tree is not None and _needs_digit(tree.data)


def _needs_digit(seq) -> bool:
    for op, av in seq:
        if op is _c.LITERAL and chr(av).isdecimal():
            return True
        if op is _c.IN and all(_digits_only(item) for item in av):
            return True
        if op is _c.SUBPATTERN and _needs_digit(av[-1]) or op is _c.ATOMIC_GROUP and _needs_digit(av):
            return True
        if op is _c.BRANCH and all(_needs_digit(alt) for alt in av[1]):
            return True
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1 \
                and _needs_digit(av[2]):
            return True
    return False


MAX_REACH = 24


def _reach(seq, state, i: int = 0, before: int = 0) -> int | None:
    """Characters before the first digit of ``seq[i:]``, at most, given ``before`` so far."""
    for k in range(i, len(seq)):
        op, av = seq[k]
        first = _first_digit(op, av, state)
        if first is not None:
            return before + first
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] == 0:
            taken = _reach(av[2], state)  # optional: its digit if taken, else what follows
            if taken is not None and av[1] == 1:
                rest = _reach(seq, state, k + 1, before)
                return None if rest is None else max(before + taken, rest)
        lo, hi = _parser.SubPattern(state, [(op, av)]).getwidth()
        before += hi
        if before > MAX_REACH:
            return None
    return None


def _first_digit(op, av, state) -> int | None:
    """Characters before the first digit of an item that always holds one, else None."""
    if op is _c.LITERAL:
        return 0 if chr(av).isdecimal() else None
    if op is _c.IN:
        return 0 if all(_digits_only(item) for item in av) else None
    if op is _c.SUBPATTERN:
        return _reach(av[-1], state)
    if op is _c.ATOMIC_GROUP:
        return _reach(av, state)
    if op is _c.BRANCH:
        reaches = [_reach(alt, state) for alt in av[1]]
        return None if None in reaches else max(reaches)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _reach(av[2], state)
    return None


def _digits_only(item) -> bool:
    op, av = item
    if op is _c.CATEGORY:
        return av is _c.CATEGORY_DIGIT
    if op is _c.LITERAL:
        return chr(av).isdecimal()
    if op is _c.RANGE:
        return all(chr(c).isdecimal() for c in range(av[0], av[1] + 1))
    return False


def _class_chars(items) -> list[str] | None:
    """The characters (as ``casefold.char`` reads them) of a small, plain character class
    (``[- ]``), else None."""
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(casefold.char(chr(av)))
        elif op is _c.RANGE and av[1] - av[0] < _SMALL_SET:
            chars.update(casefold.char(chr(c)) for c in range(av[0], av[1] + 1))
        else:  # negation, categories (\\w, \\d), large ranges
            return None
        if len(chars) > _SMALL_SET:
            return None
    return sorted(chars)


def _score(cands: list[str]) -> float:
    """How selective a literal set is: its weakest member's length (rare symbols count more)."""
    weakest = min(len(s) + 2 * sum(not ch.isalnum() and ch != " " for ch in s) for s in cands)
    return weakest - len(cands) / 32


def _best(seq) -> list[str] | None:
    best: list[str] | None = None
    run: list[str] = []

    def consider(cands):
        nonlocal best
        if cands and len(cands) <= MAX_LITERALS and (best is None or _score(cands) > _score(best)):
            best = cands

    for op, av in seq:
        if op is _c.LITERAL:
            run.append(casefold.char(chr(av)))
            continue
        if run:
            consider(["".join(run)])
            run = []
        if op is _c.SUBPATTERN:
            consider(_best(av[-1]))
        elif op is _c.ATOMIC_GROUP:
            consider(_best(av))
        elif op is _c.BRANCH:
            alts = [_best(b) for b in av[1]]
            if all(alts):
                consider([s for a in alts for s in a])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_best(av[2]))
        # anything else (classes, any-char, assertions, boundaries) contributes nothing
    if run:
        consider(["".join(run)])
    return best


def _syntax(source: str):
    """(index, character, group depth before it) of each character that is regex syntax:
    escapes and character classes are skipped, since their "(" and "|" are literal."""
    depth, i, in_class = 0, 0, False
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if source[i + 1:i + 2] == "]" or source[i + 1:i + 3] == "^]":
                i += 2 if source[i + 1] == "]" else 3
                continue
        else:
            yield i, c, depth
            depth += (c == "(") - (c == ")")
        i += 1


def _split_top(source: str) -> list[str]:
    """``source`` cut at each "|" outside any group or character class."""
    parts, start = [], 0
    for i, c, depth in _syntax(source):
        if c == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
    parts.append(source[start:])
    return parts


def _top_level_alternation(source: str) -> bool:
    """True when ``source`` has a "|" outside any group or character class."""
    return len(_split_top(source)) > 1


def split_alternatives(source: str) -> list[str]:
    """The top-level alternatives of ``source``, with ``(?:a|b)`` wrappers opened up."""
    parts = _split_top(source)
    out = []
    for part in parts:
        if part.startswith("(?:") and part.endswith(")") and _wraps(part):
            inner = part[3:-1]
            out.extend(split_alternatives(inner) if _top_level_alternation(inner) else [inner])
        else:
            out.append(part)
    return out


def _wraps(part: str) -> bool:
    """Whether the "(" at the start of ``part`` closes at its very end."""
    for i, c, depth in _syntax(part):
        if c == ")" and depth == 1:
            return i == len(part) - 1
    return False


def analyse(source: str) -> tuple:
    """What the matcher needs to know about a pattern beyond its compiled form.

    (necessary literals, literal prefixes, whether a leading ``\\b`` can be checked by hand,
    the sources of its top-level alternatives, the prefixes that only occur at a word start,
    whether every match holds a digit, how far before a digit a match may start (see
    ``anchors``), the alternatives of a union however deeply it is wrapped, whether some
    matches start at a line start, the prefixes after a leading word (``after_word``), and the
    class and literal of a leading run before a literal (``run_before``)).
    Pure Python and slow-ish, so cached on disk.
    """
    flags = re.IGNORECASE.value
    strip = source.startswith("\\b") and len(source) > 2 and not _top_level_alternation(source[2:])
    parts = split_alternatives(source) if _top_level_alternation(source) or source.startswith("(?:") \
        else [source]
    # a leading (?m) or (?s) is global: a part split off would lose it
    global_flags = source.startswith("(?") and source[2:3] in tuple("aiLmsux")
    branches = tuple(parts) if len(parts) > 1 and all(parts) and not global_flags else None
    while len(parts) == 1 and parts[0].startswith("(?:"):  # (?:(?:a|b)) too, for searches
        inner = split_alternatives(parts[0])
        if inner == parts:
            break
        parts = inner
    parts = tuple(parts) if len(parts) > 1 and all(parts) and not global_flags else None
    parsed = source  # ``re`` cannot parse ``\\p{Lu}``: read its translation (same matches)
    if "\\p{" in source or "\\P{" in source:
        from .properties import for_re

        parsed = for_re(source) or source
    prefixes, word, reach, line = anchors(parsed, flags)
    after = after_word(parsed, flags)
    run = run_before(parsed, flags) if prefixes is None and reach is None and not line and after is None \
        else None
    return (necessary(parsed, flags), prefixes, strip, branches, word, needs_digit(parsed, flags), reach,
            parts, line, after, run)
