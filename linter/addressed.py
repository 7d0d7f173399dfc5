"""The default selection: the laws a policy itself addresses.

Without ``regulations`` (command line or configuration) and without ``select``, a file is
checked against the laws its own text points to, so that a UK bakery is not told about
COPPA and CalOPPA.  A policy that names no law and no place gets the ``CORE`` (the GDPR's
Art. 13/14 list, the fullest catalogue of what a notice must say).  ``general`` rules always
run.  ``--regulation all`` turns every law on.

The signals are deliberately broad: a law named, the place it protects (a California
section, an EU or UK address), or the people it protects (children).  A false signal costs a
few findings; a missed one hides a duty, so the summary always says what was chosen and how
to change it.
"""
from __future__ import annotations

from . import casefold, regexcache
from .patterns import prefixes_only

CORE = ("gdpr",)
AUDIENCE = {"coppa"}  # laws named for whom a policy serves, not where: they do not replace the core

_EU_STATES = (
    "Austria|Belgium|Bulgaria|Croatia|Cyprus|Czech Republic|Czechia|Denmark|Estonia|Finland|France|"
    "Germany|Greece|Hungary|Ireland|Italy|Latvia|Lithuania|Luxembourg|Malta|Netherlands|Poland|"
    "Portugal|Romania|Slovakia|Slovenia|Spain|Sweden|Iceland|Liechtenstein|Norway")
_US_STATES = (
    "Virginia|Colorado|Connecticut|Utah|Texas|Oregon|Montana|Iowa|Delaware|New Jersey|"
    "New Hampshire|Tennessee|Minnesota|Maryland|Indiana|Kentucky|Rhode Island|Nebraska")

# law -> (why, pattern).  Case-sensitive where an acronym would otherwise match a word.
SIGNALS: dict[str, tuple[str, str]] = {
    "gdpr": ("GDPR, the EU/EEA or an EU country", (
        r"\bGDPR\b|General Data Protection Regulation|2016/679|\bEEA\b|European (?:Economic Area|Union)"
        rf"|\bEU\b|\b(?:{_EU_STATES})\b")),
    "uk-gdpr": ("the UK GDPR or the United Kingdom", (
        r"\bUK\b|United Kingdom|Information Commissioner|\bICO\b|Data Protection Act 2018"
        r"|\b(?:England|Scotland|Wales|Northern Ireland)\b")),
    "ccpa": ("California or the CCPA/CPRA", r"California|\bCCPA\b|\bCPRA\b|Cal\. Civ\. Code"),
    # CalOPPA reaches any commercial site that collects personal information from Californians:
    # a US business (a US address, "LLC") addresses it as much as a California section does.
    "caloppa": ("California or the United States", (
        r"California|CalOPPA|(?i:do[- ]not[- ]track)|United States|\bU\.S\.(?:A\.)?|\bUSA\b|\bLLC\b"
        r"|\b[A-Z]{2} \d{5}(?:-\d{4})?\b")),
    "shine-the-light": ("Shine the Light", r"(?i:shine the light)|1798\.83"),
    "coppa": ("children", r"\bCOPPA\b|(?i:\bchild(?:ren)?(?:'s|\u2019s)?\b|\bkids\b|\bminors?\b|under (?:the age of )?13\b)"),
    "us-states": ("a US state privacy law", rf"\b(?:{_US_STATES})\b|(?i:state privacy laws?)"),
    "us-tx": ("Texas", r"\bTexas\b"),
    "us-ct": ("Connecticut", r"\bConnecticut\b"),
}
# GDPR vocabulary that names no place: the EU GDPR's, unless the UK GDPR (which shares it) is
# the law the policy names.
GDPR_TERMS = r"(?i:\b(?:lawful|legal) basis\b|supervisory authority|\bdata controller\b)"


def laws_addressed(text: str, known) -> tuple[str, ...]:
    """The laws ``text`` addresses among ``known`` regulations."""
    low = stand_in(text)
    at = _occurrences(low)
    found = [law for law in SIGNALS if law in known and occurs(SIGNALS[law][1], text, low, at)]
    if "gdpr" in known and "gdpr" not in found and "uk-gdpr" not in found and occurs(GDPR_TERMS, text, low, at):
        found.insert(0, "gdpr")
    if not any(law not in AUDIENCE for law in found):  # no place named: the core, plus the audience
        found = [law for law in CORE if law in known] + found
    return tuple(found)


def stand_in(text: str) -> str | None:
    """``text`` lower-cased and folded as ``re`` reads it (``casefold``), if that keeps one
    character for one, else None.

    Every match ``occurs`` reports is confirmed on ``text``, so the stand-in only has to
    hold a signal's strings wherever a match could start: a character outside ASCII that
    lower-cases into ASCII (the Kelvin sign is "k") only adds places to try."""
    if casefold.FOLD is None and not text.isascii():  # pragma: no cover - other Pythons:
        return None  # without re's table, "ſ" and its like would be missed
    return casefold.aligned(text)


# The signals' prefixes found in one Aho-Corasick pass when the fast extra is installed: from
# a run's second policy on (a one-file run would not earn the import and the build back).
_automaton: tuple | None = None
_asked = 0


def _occurrences(low: str | None) -> dict[str, list[int]] | None:
    """Prefix -> offsets in ``low`` of every signal's prefixes, or None (no engine, or the
    first policy of the run): ``occurs`` then looks them up one by one, with the same answer."""
    global _automaton, _asked
    _asked += 1
    if low is None or _asked < 2:
        return None
    if _automaton is None:
        from .kinds import prefilter

        module = prefilter.engine()
        automaton = None
        if module is not None:
            automaton = module.Automaton()
            for pattern in [p for _, p in SIGNALS.values()] + [GDPR_TERMS]:
                for prefix in _ascii_prefixes(pattern) or ():
                    automaton.add_word(prefix, (prefix, len(prefix)))
            automaton.make_automaton()
        _automaton = (automaton,)
    automaton = _automaton[0]
    if automaton is None:
        return None
    at: dict[str, list[int]] = {}
    for end, (s, n) in automaton.iter(low):
        found = at.get(s)
        if found is None:
            at[s] = [end - n + 1]
        else:
            found.append(end - n + 1)
    return at


def _ascii_prefixes(pattern: str) -> tuple[str, ...] | None:
    """The strings (lower-cased) one of which every match of ``pattern`` starts with, when
    they are known and ASCII."""
    prefixes = prefixes_only(regexcache.analysis_of(pattern))
    return prefixes if prefixes and all(p.isascii() for p in prefixes) else None


def occurs(pattern: str, text: str, low: str | None = None, at: dict | None = None) -> bool:
    """Whether ``pattern`` (case-sensitive) matches in ``text``; ``low``: ``stand_in(text)``;
    ``at``: where ``_occurrences`` found the prefixes in ``low``.

    Scanning a whole policy for a union of names is most of the cost (``re`` tries a union
    that starts with ``\\b`` at every character), so the pattern's analysis (``regexcache``)
    says where a match can start: it is tried only there, and not at all where no literal
    every match holds occurs.  A case-sensitive match also matches without case, so what the
    analysis says of the latter holds of it.  Matched with ``re`` (from the program cache):
    the same answers as ``regex``, which need not be imported."""
    compiled = regexcache.compile_re(pattern, flags=0)
    if low is not None:
        prefixes = _ascii_prefixes(pattern)
        if prefixes and at is not None:  # where each prefix occurs is known: try those places
            match = compiled.match
            return any(match(text, i) is not None for p in prefixes for i in at.get(p, ()))
        literals = regexcache.analysis_of(pattern)[0]
        if literals and all(lit.isascii() for lit in literals) and not any(lit in low for lit in literals):
            return False
        if prefixes:
            starts = _places(low, prefixes)
            if starts is not None:
                return any(compiled.match(text, i) is not None for i in starts)
    return compiled.search(text) is not None


def _places(low: str, prefixes, limit: int = 2000) -> list[int] | None:
    """Where one of ``prefixes`` occurs in ``low``, in order (None: more than ``limit``)."""
    found: set[int] = set()
    for p in prefixes:
        i = low.find(p)
        while i >= 0:
            found.add(i)
            if len(found) > limit:
                return None
            i = low.find(p, i + 1)
    return sorted(found)
