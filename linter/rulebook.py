"""Load rulebooks: YAML files of rules, validated against rules/schema.json, compiled for matching.

Validating needs jsonschema, whose import alone costs more than a whole lint run.  So a
validated rulebook is cached (marshal: the fastest format Python reads), keyed by a hash of
its files and the schema, together with its patterns with named sub-patterns expanded; a run
with an unchanged rulebook imports neither jsonschema nor runs the validator.
"""
from __future__ import annotations

import gc
import os
from pathlib import Path

from . import __version__
from .errors import UserError
from . import pipes, regexcache, stamps
from .patterns import Pattern, expand
from .record import Record, _set
from .textfile import decode_text
from .types import Rule

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


def bundled_dir() -> Path:
    """The rulebook folder: rules/ in a source checkout, linter/rules once installed."""
    if (RULES_DIR / "schema.json").is_file():
        return RULES_DIR
    return Path(__file__).resolve().parent / "rules"


def bundled_files() -> list[Path]:
    return sorted(bundled_dir().glob("*.yaml"))


def schema_path() -> Path:
    return bundled_dir() / "schema.json"


# A plain class rather than a dataclass: building a dataclass costs about a millisecond at
# import, and this runs on every commit.
class Alternative:
    __slots__ = ("patterns", "within", "section", "unless", "message", "severity", "not_section",
                 "valid_from", "superseded_on")

    def __init__(self, patterns: tuple, within: str, section, unless: tuple, message: str = "",
                 severity: str = "", not_section=None, valid_from: str = "", superseded_on: str = ""):
        self.patterns = patterns  # compiled patterns; all must match within ``within``
        self.within = within
        self.section = section  # compiled pattern or None
        self.unless = unless
        self.message = message
        self.severity = severity
        self.not_section = not_section  # compiled pattern or None: discard hits in such sections
        self.valid_from = valid_from  # ISO dates (or ""): the alternative counts only in between
        self.superseded_on = superseded_on


class Compiled(Record):  # a record: selection.apply replaces its rule
    """A rule with its patterns.  Loaded from the cache, its alternatives are built when first
    asked for (``_pending``): a run checks a policy against the laws it addresses, about half
    of the rulebook, and building the rest cost a millisecond of every commit."""

    __slots__ = ("rule", "present", "weak", "when", "establish", "section", "own", "foreign", "_pending")
    _hidden = ("_pending",)

    def __init__(self, rule: Rule, present: tuple = (), weak: tuple = (), when: tuple = (),
                 establish: tuple = (), section=None, own=None, foreign=None, _pending=None):
        _set(self, "rule", rule)
        _set(self, "_pending", _pending)  # () -> the fields below, or None once they are set
        if _pending is None:
            self._fill(present, weak, when, establish, section, own, foreign)

    def _fill(self, present, weak, when, establish, section, own, foreign) -> None:
        _set(self, "present", present)  # tuple[Alternative, ...]
        _set(self, "weak", weak)
        _set(self, "when", when)
        _set(self, "establish", establish)
        _set(self, "section", section)
        _set(self, "own", own)  # headings of sections addressed to this law's people (rank evidence up)
        _set(self, "foreign", foreign)  # headings of sections addressed to others (rank evidence down)

    def __getattr__(self, name: str):  # only for a field not set yet
        pending = object.__getattribute__(self, "_pending")
        if pending is None:
            raise AttributeError(name)
        self._fill(*pending())
        _set(self, "_pending", None)
        return object.__getattribute__(self, name)


def load(extra: list[Path] | tuple = (), bundled: bool = True) -> list[Compiled]:
    """Load the bundled rulebook (unless ``bundled`` is false) and any extra rulebook files."""
    files = (bundled_files() if bundled else []) + [Path(p) for p in extra]
    trusted = None  # the bundled rulebook alone: every pattern is ours
    if extra:
        # Patterns as the bundled rulebook alone expands them are ours; any other (a team's,
        # or ours with a named sub-pattern a team file redefined) is matched with a time limit.
        n = len(files) - len(extra)
        trusted = set(_cached(files[:n])[1].values()) if n else set()
    data, expanded = _cached(files)
    rules = compile_rulebook(data, expanded, trusted, lazy=True)
    if freeze_loaded:
        gc.freeze()
    return rules


def examples(files: list[Path] | None = None) -> dict[str, dict]:
    """Each rule's ``examples`` (status -> texts) as its file states them: the loaded rules
    do not keep them (see ``_build``)."""
    from . import yamlsource

    out: dict[str, dict] = {}
    for name, text in _read(bundled_files() if files is None else [Path(f) for f in files]):
        for r in (yamlsource.load(text, name) or {}).get("rules", []):
            out[r.get("id")] = r.get("examples") or {}
    return out


def _read(files: list[Path]) -> list[tuple[str, str]]:
    texts = []
    for f in files:
        try:
            with pipes.open_read(f) as handle:
                data = handle.read()
        except OSError as exc:
            raise UserError(f"{f}: cannot read rulebook: {exc.strerror or exc}") from None
        texts.append((str(f), decode_text(data, str(f))))
    return texts


# Set by the command line, which owns its process: a rulebook it loads lives until the run
# ends, so its many small objects are moved out of the cycle collector's way (``gc.freeze``)
# instead of being walked again at every collection.  A library caller's process is left alone.
freeze_loaded = False


def _cache_dir() -> Path:
    base = os.environ.get("PRIVACYLINT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") \
        or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "privacylint"


def content_hash(data: bytes) -> str:
    """A hex digest naming cache files.  ``_blake2`` is built into CPython; ``hashlib`` would
    first load OpenSSL, a few milliseconds of every run."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other Pythons
        from hashlib import blake2b
    return blake2b(data, digest_size=32).hexdigest()


def _cached(files: list[Path]) -> tuple[list[tuple[str, dict]], dict[str, str]]:
    """The validated rulebook files and their expanded patterns, from the cache if there.

    The cache is keyed by the files' names (not folders) and contents: several checkouts or
    installs of one rulebook share an entry.  Files unchanged since a run hashed them are
    not read again (``stamps``)."""
    folder, names = _cache_dir(), [str(f) for f in files]
    try:
        stamp, settled = stamps.key_of([schema_path(), *files])
        stamp = f"{__version__}\0{regexcache.FORMAT}\n{stamp}"
    except OSError:  # reading them below says what is wrong
        stamp, settled = None, False
    digest = stamps.recall(folder, stamp) if stamp else None
    if digest is not None:
        found = _entry(folder, digest, names)
        if found is not None:
            return found
    texts = _read(files)
    schema_text = schema_path().read_text(encoding="utf-8")
    key = [f"{__version__}\0{regexcache.FORMAT}\0{schema_text}".encode()]
    for name, text in texts:
        key.append(b"\0" + os.path.basename(name).encode() + b"\0" + text.encode())
    digest = content_hash(b"".join(key))
    found = _entry(folder, digest, names)
    if found is None:
        found = _build(folder, digest, texts, schema_text)
    if settled:
        stamps.record(folder, stamp, digest)
    return found


def _entry(folder: Path, digest: str, names: list[str]):
    """The cache entry named by ``digest`` (its programs loaded too), or None."""
    cache = folder / f"rulebook-{digest[:32]}.marshal"
    regexcache.use_cache(folder, digest[:16])
    try:
        cached = regexcache.unseal(cache.name, cache.read_bytes())
    except OSError:
        cached = None
    if not _rulebook_shape(cached, names):  # rebuilt by the caller, the bad file overwritten
        return None
    data, expanded = cached
    return [(name, doc) for name, (_, doc) in zip(names, data)], expanded


def _build(folder: Path, digest: str, texts: list[tuple[str, str]], schema_text: str):
    """Validate and compile the rulebook files, and write their cache entry."""
    data = [(name, validate_text(text, name, schema_text)) for name, text in texts]
    _check_ids(data, dict(texts))
    for _, doc in data:  # a fifth of the rulebook, read by ``test-rules`` alone (from the files)
        for r in doc.get("rules", []):
            r.pop("examples", None)
    expanded: dict[str, str] = {}
    compile_rulebook(data, expanded)
    cache = folder / f"rulebook-{digest[:32]}.marshal"
    try:
        stored = [(os.path.basename(name), doc) for name, doc in data]
        regexcache.write_atomic(cache, regexcache.seal(cache.name, (stored, expanded)))
        _prune(cache.parent)
    except (OSError, ValueError):
        pass  # a read-only home only costs speed
    return data, expanded


def _rulebook_shape(cached, names: list[str]) -> bool:
    """Whether a checksummed cache entry also has the shape this version writes: one
    (name, rulebook) pair per file, in order, and a map of pattern expansions."""
    if not (isinstance(cached, tuple) and len(cached) == 2):
        return False
    data, expanded = cached
    return (isinstance(data, list) and isinstance(expanded, dict) and len(data) == len(names)
            and all(isinstance(d, tuple) and len(d) == 2 and d[0] == os.path.basename(name)
                    and isinstance(d[1], dict)
                    for d, name in zip(data, names))
            and all(isinstance(k, str) and isinstance(v, str) for k, v in expanded.items()))


def _prune(folder: Path, keep: int = 32) -> None:
    """Each rulebook edit makes new cache files; keep only the most recently written ones
    (enough for the rulebooks of several branches and teams on one machine)."""
    for pattern in ("rulebook-*", "programs-*.marshal"):
        files = sorted(folder.glob(pattern), key=lambda f: f.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            try:
                old.unlink()
            except OSError:
                pass


def validate_text(text: str, name: str, schema_text: str | None = None) -> dict:
    """Parse and schema-check one rulebook file; errors read ``name:line: message``."""
    import json

    import jsonschema  # slow import: only when a rulebook is not in the cache

    from . import yamlsource  # only when a rulebook is not in the cache

    doc = yamlsource.load(text, name)
    if doc is None:
        doc = {}
    schema = json.loads(schema_text or schema_path().read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        err = min(errors, key=lambda e: (-len(e.absolute_path), str(e.message)))
        err = _deepest(err)
        path = list(err.absolute_path)
        where = "/".join(map(str, path)) or "top level"
        raise UserError(f"{name}:{yamlsource.line_of(text, path)}: {where}: {_plain(err)}")
    return doc


def _deepest(err):
    while err.context:
        err = max(err.context, key=lambda e: len(e.absolute_path))
    return err


def _plain(err) -> str:
    if err.validator == "additionalProperties":
        return f"unknown key: {err.message.split('(')[-1].rstrip(')')}"
    if err.validator == "required":
        return err.message.replace("is a required property", "is required")
    return err.message


def _check_ids(data: list[tuple[str, dict]], texts: dict[str, str]) -> None:
    seen: dict[str, str] = {}
    named: dict[str, str] = {}
    for name, doc in data:
        named.update(doc.get("patterns", {}))
    make = _Patterns(named, {})  # shared: a pattern used by many rules is checked once
    checked: set[str] = set()
    for name, doc in data:
        from . import yamlsource

        lines = yamlsource.Lines(texts[name])  # parsed once per file, only if a line is asked for
        for i, r in enumerate(doc.get("rules", [])):
            if r["id"] in seen:
                raise UserError(f"{name}:{lines.of(['rules', i, 'id'])}: rules/{i}/id: duplicate "
                                f"rule id {r['id']!r} (first defined in {seen[r['id']]})")
            seen[r["id"]] = name
            try:
                for pat in _patterns(_compile_rule(r, make, name, doc.get("jurisdiction") or {})):
                    if pat.source not in checked:
                        check_pattern(pat)
                        checked.add(pat.source)
            except UserError as exc:
                raise UserError(f"{name}:{lines.of(['rules', i, 'id'])}: rule {r['id']}: {exc}") from None


def _patterns(c: Compiled):
    for alt in c.present + c.weak + c.when + c.establish:
        yield from alt.patterns
        yield from alt.unless
        if alt.section is not None:
            yield alt.section
        if alt.not_section is not None:
            yield alt.not_section
    for p in (c.section, c.own, c.foreign):
        if p is not None:
            yield p


def check_pattern(p) -> None:
    """Compile now (with the regex module, the documented syntax) so errors surface at load."""
    import regex

    try:
        regex.compile(p.source, regex.IGNORECASE)
    except regex.error as exc:
        raise UserError(f"bad pattern {p.source[:80]!r}: {exc}") from None


def compile_rulebook(data: list[tuple[str, dict]], expanded: dict[str, str] | None = None,
                     trusted: set[str] | None = None, lazy: bool = False) -> list[Compiled]:
    """Compiled rules; ``expanded`` maps a rule's pattern text to its expansion (filled in as
    patterns are expanded).  Rules share one ``Pattern`` per expanded source.  With
    ``trusted``, every expanded source not in it is bounded in time."""
    named: dict[str, str] = {}
    for _, doc in data:
        named.update(doc.get("patterns", {}))
    make = _Patterns(named, {} if expanded is None else expanded, trusted)
    return [_compile_rule(r, make, name, doc.get("jurisdiction") or {}, lazy)
            for name, doc in data for r in doc.get("rules", [])]


class _Patterns:
    """Pattern text -> shared ``Pattern``, expanding named sub-patterns once per text."""

    def __init__(self, named: dict[str, str], expanded: dict[str, str], trusted=None):
        self.named, self.expanded, self.made, self.trusted = named, expanded, {}, trusted

    def __call__(self, text: str) -> Pattern:
        source = self.expanded.get(text)
        if source is None:
            source = self.expanded[text] = expand(text, self.named)
        made = self.made.get(source)
        if made is None:
            bounded = self.trusted is not None and source not in self.trusted
            made = self.made[source] = Pattern(source, bounded)
        return made


def _alts(items, make, rule_unless=(), rule_not_section=None) -> tuple[Alternative, ...]:
    out = []
    for a in items or ():
        pats = [a["pattern"]] if "pattern" in a else a["all"]
        out.append(Alternative(
            tuple(make(p) for p in pats),
            a.get("within", "sentence"),
            make(a["section"]) if a.get("section") else None,
            tuple(make(p) for p in a.get("unless", ())) + rule_unless,
            a.get("message", ""),
            a.get("severity", ""),
            make(a["not_section"]) if a.get("not_section") else rule_not_section,
            str(a.get("valid_from", "")),
            str(a.get("superseded_on", "")),
        ))
    return tuple(out)


def _compile_rule(r: dict, make, source: str, jurisdiction: dict, lazy: bool = False) -> Compiled:
    rule = Rule(id=r["id"], title=r["title"], regulation=r["regulation"], citation=r["citation"],
                severity=r["severity"], kind=r["kind"], message=r["message"].strip(),
                help=r["help"].strip(), spec=r, source=os.path.basename(source),
                manual=r["kind"] == "manual")
    if lazy:
        return Compiled(rule, _pending=lambda: _fields(r, make, jurisdiction))
    return Compiled(rule, *_fields(r, make, jurisdiction))


def _fields(r: dict, make, jurisdiction: dict) -> tuple:
    """A rule's alternatives and section patterns, in ``Compiled``'s order."""
    unless = tuple(make(p) for p in r.get("unless", ()))
    not_section = make(r["not_section"]) if r.get("not_section") else None
    applies = r.get("applies_if") or {}
    return (
        _alts(r.get("present"), make, unless, not_section),
        _alts(r.get("weak"), make, unless, not_section),
        _alts(r.get("when"), make),
        _alts(applies.get("establish"), make),
        make(r["section"]) if r.get("section") else None,
        make(jurisdiction["own"]) if jurisdiction.get("own") else None,
        make(jurisdiction["foreign"]) if jurisdiction.get("foreign") else None,
    )
