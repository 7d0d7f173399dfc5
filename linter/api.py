"""The library API: lint text or paths and get typed results.  The CLI is a thin shell on this."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from . import config, engine, rulebook, rundate, selection, source, structure
from .errors import UserError
from .record import replace
from .types import FileResult, RunResult


def load_rules(extra: Iterable[str | Path] = (), bundled: bool = True):
    return rulebook.load([Path(p) for p in extra], bundled=bundled)


def lint_text(text: str, path: str = "<text>", fmt: str | None = None, rules=None,
              facts: dict | None = None) -> FileResult:
    """Lint one policy given as a string; ``fmt`` is plain/markdown/html (default: from ``path``).

    Inline suppression comments are honoured; configuration files are not read (see
    ``lint_paths`` for that)."""
    rules = load_rules() if rules is None else rules
    ids = [c.rule.id for c in rules]
    return _lint_source(text, path, fmt, rules, facts, ids)


def _lint_source(text, path, fmt, rules, facts, known_ids) -> FileResult:
    if text.startswith("\ufeff"):
        text = text[1:]
    extracted = source.extractor(fmt or source.format_for(path))(text)
    doc = structure.build(path, text, extracted)
    requirements, findings = engine.run(doc, rules, facts)
    if not extracted.comments:
        return FileResult(path, tuple(requirements), tuple(findings))
    from . import suppress  # only documents with comments can hold suppressions

    kept, silenced, tool = suppress.apply_inline(
        findings, requirements, extracted.comments, doc.lines,
        list(known_ids) + list(selection.TOOL_RULES), [c.rule.id for c in rules])
    kept = sorted(kept + tool, key=lambda f: (f.position.line, f.position.column, f.rule_id))
    return FileResult(path, tuple(requirements), tuple(kept), tuple(silenced))


def collect(paths: Iterable[str]) -> list[tuple[str, bool]]:
    """Expand directories (sorted, known suffixes only) into (path, named explicitly) pairs.

    A missing path is a user error."""
    out: list[tuple[str, bool]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(f for f in path.rglob("*") if f.is_file()
                           and f.suffix.lower() in source.FORMATS
                           and not any(part.startswith(".") for part in f.relative_to(path).parts))
            out.extend((_join(p, f.relative_to(path)), False) for f in found)
        elif path.exists():
            out.append((p, True))
        else:
            raise UserError(f"{p}: no such file or directory")
    return out


def _join(given: str, rel: Path) -> str:
    """Keep paths as the user wrote them: ``examples/`` + ``a.txt`` -> ``examples/a.txt``."""
    if given in (".", "./"):
        return rel.as_posix()
    return given.rstrip("/\\") + "/" + rel.as_posix()


def lint_paths(paths: Iterable[str], rules=None, facts: dict | None = None,
               fail_on: str | None = None, *, options: config.Options | None = None,
               stdin: str | None = None, stdin_filename: str | None = None,
               baseline: str | Path | None = None) -> RunResult:
    """Lint files and directories with the configuration that applies to each file.

    ``options`` holds what the command line says and wins over configuration files; ``facts``
    and ``fail_on`` are shorthands for the same.  ``rules`` replaces the bundled rulebook.
    ``"-"`` in ``paths`` reads ``stdin`` (a string) named ``stdin_filename``.  With
    ``baseline``, findings recorded in that baseline file are left out."""
    options = options or config.Options()
    rundate.today()  # a malformed PRIVACYLINT_TODAY stops the run before any file is read
    if facts:
        options = replace(options, facts={**facts, **options.facts})
    if fail_on and not options.fail_on:
        options = replace(options, fail_on=fail_on)
    run = _Run(options, rules)
    results, skipped = [], []
    if "-" in paths:
        name = stdin_filename or "<stdin>"
        results.append(run.lint(stdin or "", name, Path(stdin_filename) if stdin_filename else None))
    for p, explicit in collect([p for p in paths if p != "-"]):
        if not run.resolver.included(Path(p)):
            continue
        try:
            text = source.read(Path(p), options.max_size or source.MAX_SIZE)
        except source.TooLarge:
            raise  # refusing to read it is the answer, not a file to pass over quietly
        except UserError as exc:
            if explicit:
                raise
            skipped.append(str(exc))  # a stray binary file in a folder should not stop the run
            continue
        results.append(run.lint(text, p, Path(p)))
        run.read.append(p)
    results.extend(run.expired())
    if baseline is not None:
        run.read.append(str(baseline))
    result = RunResult(tuple(results), run.rules_ran(results), run.fail_on(), tuple(skipped),
                       run.inputs())
    if baseline is not None:
        from . import baseline as baselines

        result = baselines.apply(result, baseline)
    return result


class _Run:
    """One run: configuration per file, rulebooks per set of extra rule files, suppressions."""

    def __init__(self, options: config.Options, rules=None):
        self.options = options
        self.base_rules = rules
        self.resolver = config.Resolver(options)
        self._rulebooks: dict[tuple, list] = {}
        self._checked: set = set()
        self._entries: dict[Path, list] = {}
        self._fail_on: set[str] = set()
        self._ran: dict[str, object] = {}
        self._today = None
        self.read: list[str] = []  # policy files read, for ``inputs``

    def rulebook(self, extra: tuple) -> list:
        if extra not in self._rulebooks:
            if self.base_rules is None:
                rules = load_rules(extra)
            else:
                rules = list(self.base_rules)
                if extra:
                    ids = {c.rule.id for c in rules}
                    names = {Path(e).name for e in extra}
                    rules += [c for c in load_rules(extra) if c.rule.source in names
                              and c.rule.id not in ids]
            self._rulebooks[extra] = rules
        return self._rulebooks[extra]

    def lint(self, text: str, path: str, file: Path | None) -> FileResult:
        settings = self.resolver.settings_for(file) if file else self.resolver.settings_for(Path("-"))
        rules = self.rulebook(settings.rules)
        ids = [c.rule.id for c in rules]
        if (None, settings.rules) not in self._checked:
            config.check_options(self.options, rules)
            self._checked.add((None, settings.rules))
        cfg = settings.config
        if cfg is not None and (cfg.path, settings.rules) not in self._checked:
            config.check_names(cfg, rules)
            self._checked.add((cfg.path, settings.rules))
        active = selection.apply(rules, settings)
        for c in active:
            self._ran.setdefault(c.rule.id, c.rule)
        self._fail_on.add(settings.fail_on)
        result = _lint_source(text, path, None, active, settings.facts, ids)
        findings = [f for f in result.findings
                    if f.rule_id not in selection.TOOL_RULES or selection.enabled(f.rule_id, "", settings)]
        findings = selection.override_severity(findings, settings.severity)
        silenced = list(result.suppressed)
        if settings.suppressions is not None:
            from . import suppress

            entries = self.entries(settings.suppressions, ids)
            findings, more = suppress.apply_entries(findings, entries, file or Path(path), self.today())
            silenced += more
        return replace(result, findings=tuple(findings), suppressed=tuple(silenced))

    def inputs(self) -> tuple[str, ...]:
        """Every file the run read: an output path must not be one of them."""
        files = list(self.read) + [str(p) for p in self.resolver.loaded()]
        files += [str(p) for extra in self._rulebooks for p in extra]
        files += [str(p) for p in self._entries]
        return tuple(dict.fromkeys(files))

    def today(self):
        if self._today is None:
            self._today = rundate.today()
        return self._today

    def entries(self, path: Path, ids) -> list:
        from . import suppress

        if path not in self._entries:
            self._entries[path] = suppress.load_entries(path, list(ids) + list(selection.TOOL_RULES))
        return self._entries[path]

    def expired(self) -> list[FileResult]:
        """Expired out-of-band suppressions, reported against the suppressions file."""
        if not self._entries:
            return []
        from . import suppress

        out = []
        for path, entries in self._entries.items():
            findings = suppress.expired_findings(entries, self.today())
            if findings:
                out.append(FileResult(entries[0].display, (), tuple(findings)))
        return out

    def rules_ran(self, results) -> tuple:
        rules = list(self._ran.values())
        if not rules:
            rules = [c.rule for c in next(iter(self._rulebooks.values()), None) or self.rulebook(())]
        used = {f.rule_id for r in results for f in r.findings}
        return tuple(rules) + tuple(r for r in selection.tool_rules() if r.id in used)

    def fail_on(self) -> str:
        if self.options.fail_on:
            return self.options.fail_on
        order = ["info", "warning", "error", "never"]
        return min(self._fail_on, key=order.index) if self._fail_on else "error"
