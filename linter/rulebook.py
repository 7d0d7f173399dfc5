"""Load rulebooks: YAML files of rules, validated against rules/schema.json, compiled for matching.

Validating needs jsonschema, whose import alone costs more than a whole lint run.  So a
validated rulebook is cached as JSON, keyed by a hash of its files and the schema; a run with
an unchanged rulebook imports neither jsonschema nor runs the validator.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import __version__, yamlsource
from .errors import UserError
from . import analysis, regexcache
from .patterns import compile_pattern
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


@dataclass(frozen=True)
class Alternative:
    patterns: tuple  # compiled regexes; all must match within ``within``
    within: str
    section: object  # compiled regex or None
    unless: tuple
    message: str = ""
    severity: str = ""
    not_section: object = None  # compiled regex or None: discard hits in such sections


@dataclass(frozen=True)
class Compiled:
    rule: Rule
    present: tuple[Alternative, ...]
    weak: tuple[Alternative, ...]
    when: tuple[Alternative, ...]
    establish: tuple[Alternative, ...]
    section: object


def load(extra: list[Path] | tuple = (), bundled: bool = True) -> list[Compiled]:
    """Load the bundled rulebook (unless ``bundled`` is false) and any extra rulebook files."""
    files = (bundled_files() if bundled else []) + [Path(p) for p in extra]
    texts = []
    for f in files:
        try:
            texts.append((str(f), f.read_text(encoding="utf-8-sig")))
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"{f}: cannot read rulebook: {exc}") from None
    data = _cached(texts)
    return compile_rulebook(data)


def _cache_dir() -> Path:
    base = os.environ.get("PRIVACYLINT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") \
        or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "privacylint"


def _cached(texts: list[tuple[str, str]]) -> list[tuple[str, dict]]:
    schema_text = schema_path().read_text(encoding="utf-8")
    h = hashlib.sha256(f"{__version__}\0{analysis.VERSION}\0{schema_text}".encode())
    for name, text in texts:
        h.update(b"\0" + name.encode() + b"\0" + text.encode())
    cache = _cache_dir() / f"rulebook-{h.hexdigest()[:32]}.json"
    regexcache.use_cache(_cache_dir(), h.hexdigest()[:16])
    try:
        return [tuple(x) for x in json.loads(cache.read_text(encoding="utf-8"))]
    except (OSError, ValueError):
        pass
    data = [(name, validate_text(text, name, schema_text)) for name, text in texts]
    _check_ids(data, dict(texts))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, cache)
        _prune(cache.parent)
    except OSError:
        pass  # a read-only home only costs speed
    return data


def _prune(folder: Path, keep: int = 8) -> None:
    """Each rulebook edit makes new cache files; keep only the most recently written ones."""
    for pattern in ("rulebook-*.json", "programs-*.marshal"):
        files = sorted(folder.glob(pattern), key=lambda f: f.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            try:
                old.unlink()
            except OSError:
                pass


def validate_text(text: str, name: str, schema_text: str | None = None) -> dict:
    """Parse and schema-check one rulebook file; errors read ``name:line: message``."""
    import jsonschema  # slow import: only when a rulebook is not in the cache

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
    for name, doc in data:
        for i, r in enumerate(doc.get("rules", [])):
            line = yamlsource.line_of(texts[name], ["rules", i, "id"])
            if r["id"] in seen:
                raise UserError(f"{name}:{line}: rules/{i}/id: duplicate rule id {r['id']!r} "
                                f"(first defined in {seen[r['id']]})")
            seen[r["id"]] = name
            try:
                for pat in _patterns(_compile_rule(r, named, name)):
                    check_pattern(pat)
            except UserError as exc:
                raise UserError(f"{name}:{line}: rule {r['id']}: {exc}") from None


def _patterns(c: Compiled):
    for alt in c.present + c.weak + c.when + c.establish:
        yield from alt.patterns
        yield from alt.unless
        if alt.section is not None:
            yield alt.section
        if alt.not_section is not None:
            yield alt.not_section
    if c.section is not None:
        yield c.section


def check_pattern(p) -> None:
    """Compile now (with the regex module, the documented syntax) so errors surface at load."""
    import regex

    try:
        regex.compile(p.source, regex.IGNORECASE)
    except regex.error as exc:
        raise UserError(f"bad pattern {p.source[:80]!r}: {exc}") from None


def compile_rulebook(data: list[tuple[str, dict]]) -> list[Compiled]:
    named: dict[str, str] = {}
    for _, doc in data:
        named.update(doc.get("patterns", {}))
    return [_compile_rule(r, named, name) for name, doc in data for r in doc.get("rules", [])]


def _alts(items, named, rule_unless=(), rule_not_section=None) -> tuple[Alternative, ...]:
    out = []
    for a in items or ():
        pats = [a["pattern"]] if "pattern" in a else a["all"]
        out.append(Alternative(
            tuple(compile_pattern(p, named) for p in pats),
            a.get("within", "sentence"),
            compile_pattern(a["section"], named) if a.get("section") else None,
            tuple(compile_pattern(p, named) for p in a.get("unless", ())) + rule_unless,
            a.get("message", ""),
            a.get("severity", ""),
            compile_pattern(a["not_section"], named) if a.get("not_section") else rule_not_section,
        ))
    return tuple(out)


def _compile_rule(r: dict, named: dict, source: str) -> Compiled:
    rule = Rule(id=r["id"], title=r["title"], regulation=r["regulation"], citation=r["citation"],
                severity=r["severity"], kind=r["kind"], message=r["message"].strip(),
                help=r["help"].strip(), spec=r, source=Path(source).name,
                manual=r["kind"] == "manual")
    unless = tuple(compile_pattern(p, named) for p in r.get("unless", ()))
    not_section = compile_pattern(r["not_section"], named) if r.get("not_section") else None
    applies = r.get("applies_if") or {}
    return Compiled(
        rule,
        _alts(r.get("present"), named, unless, not_section),
        _alts(r.get("weak"), named, unless, not_section),
        _alts(r.get("when"), named),
        _alts(applies.get("establish"), named),
        compile_pattern(r["section"], named) if r.get("section") else None,
    )
