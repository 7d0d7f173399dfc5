"""Configuration: find it, validate it, and resolve the settings that apply to one file.

Discovery follows ruff and yamllint: for each checked file, the closest ``.privacylint.yaml``
(or ``.privacylint.yml``, or a ``pyproject.toml`` holding ``[tool.privacylint]``) in its
directory or a parent, up to the repository root (the directory holding ``.git``).  Files are
not merged: the closest wins.  ``--config FILE`` replaces discovery; command-line flags win
over every file.  Paths and globs in a file are relative to the file's directory.

The schema is checked with jsonschema, whose import costs more than a lint run; so, as for
rulebooks, a configuration that passed is remembered by its content hash.
"""
from __future__ import annotations

import datetime
import os
from pathlib import Path

from . import __version__, globs, pipes, selection
from .textfile import decode_text
from .errors import UserError
from .record import Record, _set, replace

YAML_NAMES = (".privacylint.yaml", ".privacylint.yml")
PYPROJECT = "pyproject.toml"
SCHEMA = Path(__file__).resolve().parent / "config.schema.json"
FAIL_ON = ("error", "warning", "info", "never")


# Records rather than dataclasses: building a dataclass costs about a millisecond at import.
class Options(Record):
    """What the command line (or a library caller) says; it wins over configuration files."""

    __slots__ = ("config", "isolated", "regulations", "facts", "select", "ignore", "severity",
                 "fail_on", "rules", "include", "exclude", "suppressions", "max_size", "addressed",
                 "evidence")

    def __init__(self, config: str | None = None, isolated: bool = False,
                 regulations: tuple | None = None, facts: dict | None = None,
                 select: tuple | None = None, ignore: tuple = (), severity: dict | None = None,
                 fail_on: str | None = None, rules: tuple = (), include: tuple | None = None,
                 exclude: tuple = (), suppressions: str | None = None, max_size: int | None = None,
                 addressed: bool = False, evidence: bool = True):
        _set(self, "config", config)              # --config FILE: use it for every file, no discovery
        _set(self, "isolated", isolated)          # --isolated: no configuration file at all
        _set(self, "regulations", regulations)    # --regulation (replaces)
        _set(self, "facts", {} if facts is None else facts)  # --fact NAME=true|false (per fact)
        _set(self, "select", select)              # --select (replaces)
        _set(self, "ignore", ignore)              # --ignore (adds)
        _set(self, "severity", {} if severity is None else severity)  # --severity ID=LEVEL
        _set(self, "fail_on", fail_on)
        _set(self, "rules", rules)                # --rules FILE (adds; relative to the working directory)
        _set(self, "include", include)            # --include GLOB (replaces; relative to the working directory)
        _set(self, "exclude", exclude)            # --exclude GLOB (adds)
        _set(self, "suppressions", suppressions)  # --suppressions FILE (replaces)
        _set(self, "max_size", max_size)          # --max-size: refuse larger policy files (None: default)
        # With no regulations and no select anywhere: True checks the laws each policy addresses
        # (the command line's default, linter/addressed.py); False runs every law (the library's).
        _set(self, "addressed", addressed)
        # False when the report shows verdicts and findings only (the text, concise and github
        # formats): a present requirement is then not ranked for the best evidence to quote
        _set(self, "evidence", evidence)


class ConfigFile(Record):
    __slots__ = ("path", "display", "text", "data", "toml")

    def __init__(self, path: Path, display: str, text: str, data: dict, toml: bool = False):
        _set(self, "path", path)
        _set(self, "display", display)
        _set(self, "text", text)
        _set(self, "data", data)
        _set(self, "toml", toml)

    @property
    def base(self) -> Path:
        return self.path.parent

    def line(self, path) -> int:
        if self.toml:
            from . import tomlsource
            return tomlsource.line_of(self.text, list(path))
        from . import yamlsource  # (an error's line: not on the common path)

        return yamlsource.line_of(self.text, list(path))

    def error(self, path, message: str) -> UserError:
        where = "/".join(map(str, path))
        return UserError(f"{self.display}:{self.line(path)}: {where + ': ' if where else ''}{message}")


class Settings(Record):
    """Everything that decides how one file is checked."""

    __slots__ = ("regulations", "facts", "select", "ignore", "severity", "rules", "suppressions",
                 "fail_on", "config")

    def __init__(self, regulations: frozenset | None = None, facts: dict | None = None,
                 select: tuple | None = None, ignore: tuple = (), severity: dict | None = None,
                 rules: tuple = (), suppressions: Path | None = None, fail_on: str = "error",
                 config: ConfigFile | None = None):
        _set(self, "regulations", regulations)
        _set(self, "facts", {} if facts is None else facts)
        _set(self, "select", select)
        _set(self, "ignore", ignore)
        _set(self, "severity", {} if severity is None else severity)
        _set(self, "rules", rules)  # extra rulebook files (absolute)
        _set(self, "suppressions", suppressions)
        _set(self, "fail_on", fail_on)
        _set(self, "config", config)


def display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


# --- discovery ---------------------------------------------------------------------------
def find(start: Path) -> Path | None:
    """The closest configuration file at or above directory ``start``, up to the repository root."""
    d = start.resolve()
    while True:
        for name in YAML_NAMES:
            if (d / name).is_file():
                return d / name
        py = d / PYPROJECT
        if py.is_file():
            try:
                # lenient here: a bad byte must not hide the table; loading reports it
                from . import tomlsource  # (only where a pyproject.toml is on the way up)

                if tomlsource.has_table(py.read_bytes().decode("utf-8", "replace")):
                    return py
            except OSError:
                return py  # unreadable: loading says so rather than running without it
        if (d / ".git").exists() or d.parent == d:
            return None
        d = d.parent


# --- loading and schema validation ---------------------------------------------------------
def read_user_file(path: Path, what: str) -> tuple[str, str]:
    """(path as shown to the user, text) of a configuration-like file; problems are user errors."""
    shown = display(path)
    try:
        with pipes.open_read(path) as handle:
            data = handle.read()
    except FileNotFoundError:
        raise UserError(f"{shown}: {what} not found") from None
    except OSError as exc:
        raise UserError(f"{shown}: cannot read {what}: {exc.strerror or exc}") from None
    return shown, decode_text(data, shown)


def load(path: Path) -> ConfigFile:
    """Read, parse and schema-check one configuration file."""
    path = Path(path)
    shown, text = read_user_file(path, "configuration file")
    is_toml = path.suffix.lower() == ".toml"
    if is_toml:
        from . import tomlsource

        data = tomlsource.load(text, shown)
        if data is None:
            raise UserError(f"{shown}:1: no [tool.privacylint] table")
    else:
        from . import yamlsource

        data = yamlsource.load(text, shown)
        if data is None:
            data = {}
    cfg = ConfigFile(path.resolve(), shown, text, jsonable(data), is_toml)
    validate(cfg, cfg.data)
    return cfg


def jsonable(data):
    """YAML and TOML dates become ISO strings, so the schema (and JSON) sees one type."""
    if isinstance(data, dict):
        return {str(k) if not isinstance(k, str) else k: jsonable(v) for k, v in data.items()}
    if isinstance(data, list):
        return [jsonable(v) for v in data]
    if isinstance(data, (datetime.date, datetime.datetime)):
        return data.isoformat()
    return data


def validate(cfg: ConfigFile, data, definition: str | None = None) -> None:
    """Schema-check ``data`` (the whole file, or one ``$defs`` entry); cached by content hash."""
    from .regexcache import write_atomic  # a cache file: replaced, never written through a link
    from .rulebook import _cache_dir, content_hash

    schema_text = SCHEMA.read_text(encoding="utf-8")
    import json  # only for a configuration file: most runs have none

    key = content_hash(json.dumps([__version__, schema_text, definition, data],
                                  sort_keys=True).encode())[:32]
    marker = _cache_dir() / f"config-{key}.ok"
    if marker.exists():
        return
    import jsonschema  # slow import: only for a configuration not seen before

    schema = json.loads(schema_text)
    if definition:
        schema = {"$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    validator = jsonschema.Draft202012Validator(schema)
    errors = list(validator.iter_errors(data))
    if errors:
        err = min(errors, key=lambda e: (list(map(str, e.absolute_path)), e.message))
        while err.context:
            err = max(err.context, key=lambda e: len(e.absolute_path))
        path = list(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = list(err.schema.get("properties", {}))
            extra = [k for k in err.instance if k not in allowed]
            if extra:
                raise cfg.error(path + [extra[0]],
                                f"unknown key {extra[0]!r}{selection.did_you_mean(extra[0], allowed)}")
        if err.validator == "required":
            msg = err.message.replace("is a required property", "is required")
        else:
            msg = err.message
        raise cfg.error(path, msg)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(marker, b"")
    except OSError:
        pass  # a read-only cache only costs speed


# --- names checked against the rulebook ----------------------------------------------------
def check_names(cfg: ConfigFile, rules) -> None:
    """Rule references, fact names and regulations must exist in the rulebook in use."""
    ids = [c.rule.id for c in rules] + list(selection.TOOL_RULES)
    facts = selection.rulebook_facts(rules)
    regs = selection.rulebook_regulations(rules)
    scopes = [((), cfg.data)] + [(("per-file", g), v) for g, v in cfg.data.get("per-file", {}).items()]
    for prefix, d in scopes:
        for key in ("select", "ignore"):
            for i, ref in enumerate(d.get(key, ())):
                if not selection.known(ref, ids):
                    raise cfg.error(list(prefix) + [key, i], selection.unknown_ref_message(ref, ids))
        for ref in d.get("severity", {}):
            if not selection.known(ref, ids):
                raise cfg.error(list(prefix) + ["severity", ref], selection.unknown_ref_message(ref, ids))
        for name in d.get("facts", {}):
            if name not in facts:
                raise cfg.error(list(prefix) + ["facts", name],
                                f"unknown fact {name!r}{selection.did_you_mean(name, facts)}")
        if d.get("regulations") is not None and not d["regulations"]:
            raise cfg.error(list(prefix) + ["regulations"], "no regulation named (an empty list would check nothing)")
        for i, reg in enumerate(d.get("regulations", ())):
            if reg not in regs:
                raise cfg.error(list(prefix) + ["regulations", i],
                                selection.unknown_regulation(reg, regs))


def check_options(options: Options, rules) -> None:
    ids = [c.rule.id for c in rules] + list(selection.TOOL_RULES)
    for flag, refs in (("--select", options.select or ()), ("--ignore", options.ignore),
                       ("--severity", tuple(options.severity))):
        for ref in refs:
            if not selection.known(ref, ids):
                raise UserError(f"{flag}: {selection.unknown_ref_message(ref, ids)}")
    facts = selection.rulebook_facts(rules)
    for name in options.facts:
        if name not in facts:
            raise UserError(f"--fact: unknown fact {name!r}{selection.did_you_mean(name, facts)}")
    regs = selection.rulebook_regulations(rules)
    for reg in options.regulations or ():
        if reg not in regs:
            raise UserError(f"--regulation: {selection.unknown_regulation(reg, regs)}")


# --- resolution ----------------------------------------------------------------------------
def rel_to(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


class Resolver:
    """Finds and caches the configuration for each checked file and resolves its settings."""

    def __init__(self, options: Options | None = None, cwd: Path | None = None):
        self.options = options or Options()
        self.cwd = (cwd or Path.cwd()).resolve()
        self._by_dir: dict[Path, ConfigFile | None] = {}
        self._loaded: dict[Path, ConfigFile] = {}
        self._forced = self._load(Path(self.options.config)) if self.options.config else None

    def _load(self, path: Path) -> ConfigFile:
        key = path.resolve()
        if key not in self._loaded:
            self._loaded[key] = load(path)
        return self._loaded[key]

    def loaded(self) -> list[Path]:
        """The configuration files read so far."""
        return list(self._loaded)

    def config_for(self, file: Path) -> ConfigFile | None:
        if self.options.isolated:
            return None
        if self._forced is not None:
            return self._forced
        d = (self.cwd / file).resolve().parent
        if d not in self._by_dir:
            found = find(d)
            self._by_dir[d] = self._load(found) if found else None
        return self._by_dir[d]

    def included(self, file: Path, explicit: bool = False) -> bool:
        """Include / exclude globs of the file's configuration, then of the command line."""
        cfg = self.config_for(file)
        absolute = (self.cwd / file).resolve()
        if cfg is not None:
            rel = rel_to(absolute, cfg.base)
            if "include" in cfg.data and not globs.any_match(cfg.data["include"], rel):
                return False
            if globs.any_match(cfg.data.get("exclude", ()), rel):
                return False
        rel = rel_to(absolute, self.cwd)
        o = self.options
        if o.include is not None and not globs.any_match(o.include, rel):
            return False
        return not globs.any_match(o.exclude, rel)

    def settings_for(self, file: Path) -> Settings:
        cfg = self.config_for(file)
        s = Settings(config=cfg)
        if cfg is not None:
            d = cfg.data
            s = _overlay(s, d)
            s = replace(s, rules=tuple((cfg.base / r).resolve() for r in d.get("rules", ())),
                        suppressions=(cfg.base / d["suppressions"]).resolve() if "suppressions" in d else None,
                        fail_on=d.get("fail-on", "error"))
            rel = rel_to((self.cwd / file).resolve(), cfg.base)
            for glob, over in d.get("per-file", {}).items():
                if globs.matches(glob, rel):
                    s = _overlay(s, over)
        o = self.options
        s = _overlay(s, {"regulations": o.regulations, "facts": o.facts, "select": o.select,
                         "ignore": o.ignore, "severity": o.severity})
        return replace(
            s,
            rules=s.rules + tuple((self.cwd / r).resolve() for r in o.rules),
            suppressions=(self.cwd / o.suppressions).resolve() if o.suppressions else s.suppressions,
            fail_on=o.fail_on or s.fail_on,
        )


def _overlay(s: Settings, d: dict) -> Settings:
    """Regulations and select replace; facts and severity merge; ignore adds."""
    if d.get("regulations") is not None:
        s = replace(s, regulations=frozenset(d["regulations"]))
    if d.get("select") is not None:
        s = replace(s, select=tuple(d["select"]))
    if d.get("facts"):
        s = replace(s, facts={**s.facts, **d["facts"]})
    if d.get("severity"):
        s = replace(s, severity={**s.severity, **d["severity"]})
    if d.get("ignore"):
        s = replace(s, ignore=s.ignore + tuple(d["ignore"]))
    return s
