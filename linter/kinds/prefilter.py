"""Where a rule set's prefixes occur in a document, every one found in one pass.

Patterns are tried only where one of their prefixes occurs (see ``match.Index``).  With
``pyahocorasick`` installed (``pip install "privacylint[fast]"``) one Aho-Corasick automaton
over every prefix the rules can ask about reports them all in a single pass over the text.
Measured (``bench/engine.py``): the pass costs about two fifths of looking every prefix up in
the word index; a run looks up only those its rules reach, so whole runs gain less (CPU 0.93x
on the dev corpus, even on a 1 MB policy).  Without the package, or for a prefix outside the
automaton, ``Index`` looks prefixes up one by one; the offsets are the same either way.
"""
from __future__ import annotations

from array import array

from ..longtext import offset_code

# The optional extra's module, imported when a run first builds an automaton (a one-file run
# builds none); None when it is not installed: prefixes are then looked up one by one.
ahocorasick = ...

_KEEP = 8  # rule sets whose automaton is kept (a run selects few distinct sets)
LARGE = 200_000  # characters from which one document earns its automaton back
_automata: dict[tuple, tuple] = {}  # ids of the rules -> (the rules, automaton, prefixes)
_seen: set[tuple] = set()  # rule sets that have run once without an automaton


def occurrences(low: str | None, rules, packed: bool = False) -> tuple[frozenset, dict[str, list[int]]] | None:
    """(the prefixes searched, prefix -> sorted offsets where it occurs in ``low``), or None
    when no multi-pattern engine is installed or ``rules`` run for the first time.  ``packed``:
    the offsets in arrays of machine integers rather than lists (see ``match.packer``).

    Collecting the rulebook's prefixes and building the automaton costs about 40 ms, which one
    document does not earn back (a pre-commit run of one file ran 1.25x slower): the automaton
    is built when the same rules run on a second document, or on a first one of ``LARGE``
    characters or more (where looking prefixes up one by one costs more than building it)."""
    if ahocorasick is None or low is None:
        return None
    key = tuple(map(id, rules))
    if key not in _automata and key not in _seen and len(low) < LARGE:
        _seen.add(key)
        return None
    if engine() is None:
        return None
    entry = _automaton(rules)
    if entry is None:
        return None
    automaton, known = entry
    every: dict[str, list[int]] = {}
    code = offset_code(len(low))
    for end, (s, n) in automaton.iter(low):  # by end offset: each string's starts ascend
        found = every.get(s)
        if found is None:
            every[s] = array(code, (end - n + 1,)) if packed else [end - n + 1]
        else:
            found.append(end - n + 1)
    return known, every


def engine():
    """The ``ahocorasick`` module, or None when the fast extra is not installed."""
    global ahocorasick
    if ahocorasick is ...:
        try:
            import ahocorasick as module
        except ImportError:
            module = None
        ahocorasick = module
    return ahocorasick


def _automaton(rules):
    rules = tuple(rules)
    key = tuple(map(id, rules))  # the rules are kept with the entry, so no id is reused
    entry = _automata.get(key)
    if entry is None:
        known = frozenset(prefixes(rules))
        automaton = None
        if known:
            automaton = ahocorasick.Automaton()
            for s in known:
                automaton.add_word(s, (s, len(s)))
            automaton.make_automaton()
        if len(_automata) >= _KEEP:
            del _automata[next(iter(_automata))]
        entry = _automata[key] = (rules, automaton, known)
    return None if entry[1] is None else entry[1:]


def prefixes(rules) -> set[str]:
    """The prefixes of every pattern the rules can try at their prefixes (unions' pieces too)."""
    return {x for p in patterns_of(rules).values() for x in (p.prefixes or ()) + (p.after_word or ())}


def patterns_of(rules) -> dict:
    """Every pattern the rules can ask about, the pieces of unions included, by source."""
    found: dict = {}

    def add(p) -> None:
        if p is not None and p.source not in found:
            found[p.source] = p
            for q in (p.branches or []) + (p.parts or []):
                add(q)

    for c in rules:
        for alt in c.present + c.weak + c.when + c.establish:
            for p in alt.patterns + alt.unless:
                add(p)
            add(alt.section)
            add(alt.not_section)
        for p in (c.section, c.own, c.foreign):
            add(p)
    return found
