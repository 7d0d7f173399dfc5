"""The library API: lint text or paths and get typed results.  The CLI is a thin shell on this."""
from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Iterable

from . import config, engine, rulebook, rundate, selection, source, structure
from .errors import UserError
from .record import replace
from .types import SEVERITY_RANK, FileResult, RunResult


def load_rules(extra: Iterable[str | Path] = (), bundled: bool = True):
    return rulebook.load([Path(p) for p in extra], bundled=bundled)


def lint_text(text: str, path: str = "<text>", fmt: str | None = None, rules=None,
              facts: dict | None = None) -> FileResult:
    """Lint one policy given as a string; ``fmt`` is plain/markdown/html (default: from ``path``).

    Inline suppression comments are honoured; configuration files are not read (see
    ``lint_paths`` for that)."""
    rules = load_rules() if rules is None else rules
    if facts:  # as on the command line: a misspelt fact must not silently change nothing
        config.check_options(config.Options(facts=dict(facts)), rules)
    ids = [c.rule.id for c in rules]
    return _lint_source(text, path, fmt, rules, facts, ids)


def _lint_source(text, path, fmt, rules, facts, known_ids, choose=None, evidence=True) -> FileResult:
    """``choose(doc)``, when given, picks the rules for the document: (rules, laws chosen).
    ``evidence`` false: present requirements carry a place that makes the disclosure, not
    the best-ranked one (for reports that do not show it)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    extracted = source.extractor(fmt or source.format_for(path, text))(text)
    doc = structure.build(path, text, extracted)
    doc.evidence = evidence
    chosen: tuple = ()
    if choose is not None:
        rules, chosen = choose(doc)
    requirements, findings = engine.run(doc, rules, facts)
    doc.memo.clear()  # its index refers back to the document: without the cycle it is freed now
    if not extracted.comments:
        return FileResult(path, tuple(requirements), tuple(findings), chosen=chosen)
    from . import suppress  # only documents with comments can hold suppressions

    kept, silenced, tool = suppress.apply_inline(
        findings, requirements, extracted.comments, doc.lines,
        list(known_ids) + list(selection.TOOL_RULES), [c.rule.id for c in rules])
    kept = sorted(kept + tool, key=lambda f: (f.position.line, f.position.column, f.rule_id))
    return FileResult(path, tuple(requirements), tuple(kept), tuple(silenced), chosen=chosen)


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


def lint_paths(paths: Iterable[str | Path] | str | Path, rules=None, facts: dict | None = None,
               fail_on: str | None = None, *, options: config.Options | None = None,
               stdin: str | None = None, stdin_filename: str | None = None,
               baseline: str | Path | None = None, jobs: int | None = 1) -> RunResult:
    """Lint files and directories with the configuration that applies to each file.

    ``options`` holds what the command line says and wins over configuration files; ``facts``
    and ``fail_on`` are shorthands for the same.  ``rules`` replaces the bundled rulebook.
    ``"-"`` in ``paths`` reads ``stdin`` (a string) named ``stdin_filename``.  With
    ``baseline``, findings recorded in that baseline file are left out.  ``jobs`` processes
    check files side by side (None: see ``auto_jobs``); the result is the same."""
    stream = stream_paths(paths, rules, facts, fail_on, options=options, stdin=stdin,
                          stdin_filename=stdin_filename, baseline=baseline, jobs=jobs)
    return stream.result(tuple(stream))


def stream_paths(paths: Iterable[str | Path] | str | Path, rules=None, facts: dict | None = None,
                 fail_on: str | None = None, *, options: config.Options | None = None,
                 stdin: str | None = None, stdin_filename: str | None = None,
                 baseline: str | Path | None = None, jobs: int | None = 1) -> "Stream":
    """``lint_paths`` one file at a time: iterate the returned ``Stream`` for each file's
    result as it is done (in the order ``lint_paths`` gives), then ask it for the rest."""
    if isinstance(paths, (str, Path)):  # one path, not the characters of its name
        paths = [paths]
    paths = [str(p) for p in paths]
    options = options or config.Options()
    rundate.today()  # a malformed PRIVACYLINT_TODAY stops the run before any file is read
    if facts:
        options = replace(options, facts={**facts, **options.facts})
    if fail_on and not options.fail_on:
        options = replace(options, fail_on=fail_on)
    return Stream(_Run(options, rules), list(paths), stdin, stdin_filename, baseline, jobs)


PARALLEL_FROM = 16  # files: below this, starting worker processes costs more than it saves


def shown(path: str) -> str:
    """``path`` as reports name it: a file name that is not UTF-8 (Python keeps each such byte
    as a lone surrogate) gets U+FFFD for those bytes, so every report can be written."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return path


def auto_jobs(files: int) -> int:
    """Processes for ``files`` files when none are asked for: one under pre-commit (which runs
    hooks in parallel itself) or for a few files, else one per core this process may use."""
    if os.environ.get("PRE_COMMIT") or files < PARALLEL_FROM:
        return 1
    return max(1, min(cores(), files // 4))


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


class Stream:
    """The files of one run, linted as they are iterated; then ``result``, ``failed`` etc.

    Only the counts a summary needs are kept, not the results (see ``result``)."""

    def __init__(self, run: "_Run", paths: list, stdin, stdin_filename, baseline, jobs):
        self.run, self.paths, self.stdin, self.stdin_filename = run, paths, stdin, stdin_filename
        self.baseline, self.jobs = baseline, jobs
        self.skipped: list[str] = []
        self.severities: dict[str, int] = {}
        self.count = 0  # policies (a suppressions file reporting expired entries is not one)
        self._done = False
        self._tools: dict | None = None

    def rule(self, rule_id: str):
        """The rule ``result().rules`` will hold for ``rule_id``, or None; those of the files
        yielded so far are known (a file's rules are noted as run before it is yielded)."""
        rule = self.run._ran.get(rule_id)
        if rule is None and rule_id in self.run.used:
            if self._tools is None:
                self._tools = {r.id: r for r in selection.tool_rules()}
            rule = self._tools.get(rule_id)
        return rule

    def __iter__(self):
        if self._done:
            raise RuntimeError("a Stream is iterated once")
        self._done = True
        known = base = None
        if self.baseline is not None:
            from . import baseline as baselines

            known, base = baselines.read(self.baseline), Path(self.baseline).resolve().parent
        for result in self._results():
            self.run.chosen(result)
            self.run.used.update(f.rule_id for f in result.findings)
            if known is not None:
                result = baselines.apply_file(result, known, base)
            self.count += result.kind == "policy"
            for f in result.findings:
                self.severities[f.severity] = self.severities.get(f.severity, 0) + 1
            yield result
        if self.baseline is not None:
            self.run.read.append(str(self.baseline))

    def _results(self):
        run, options = self.run, self.run.options
        if "-" in self.paths:
            name = self.stdin_filename or "<stdin>"
            yield run.lint(self.stdin or "", name, Path(self.stdin_filename) if self.stdin_filename else None)
        files = collect([p for p in self.paths if p != "-"])
        # no more processes than files: each would start (and fork the rulebook) for nothing
        jobs = auto_jobs(len(files)) if self.jobs is None else max(1, min(self.jobs, len(files)))

        def texts():
            for p, explicit in files:
                if not run.resolver.included(Path(p)):
                    continue
                try:
                    text = source.read(Path(p), options.max_size or source.MAX_SIZE)
                except source.TooLarge:
                    raise  # refusing to read it is the answer, not a file to pass over quietly
                except UserError as exc:
                    if explicit:
                        raise
                    self.skipped.append(str(exc))  # a stray binary file in a folder should not stop the run
                    continue
                run.read.append(p)
                yield text, p

        if jobs > 1 and len(files) > 1:
            from . import parallel

            yield from parallel.lint(run, texts(), jobs)
        else:
            for text, p in texts():
                yield run.lint(text, p, Path(p))
        yield from run.expired()

    def fail_on(self) -> str:
        return self.run.fail_on()

    def failed(self) -> bool:
        """As ``RunResult.failed``, from the counts (once the files are iterated)."""
        fail_on = self.fail_on()
        if fail_on == "never":
            return False
        threshold = SEVERITY_RANK[fail_on]
        return any(n and SEVERITY_RANK[s] >= threshold for s, n in self.severities.items())

    def result(self, files: tuple = ()) -> RunResult:
        """The run's ``RunResult`` holding ``files`` (those iterated, if they were kept)."""
        return RunResult(files, self.run.rules_ran(), self.fail_on(), tuple(self.skipped),
                         self.run.inputs())


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
        self.used: set[str] = set()  # rule ids with findings (before a baseline), for ``rules_ran``
        self._noted: set = set()  # default selections already noted as run (see ``chosen``)
        self._selected: dict[tuple, tuple] = {}  # the default selection's rules (see ``lint``)

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

    def prepare(self, file: Path | None):
        """Settings, rules and the run's bookkeeping for one file: all of ``lint`` but the
        linting (a parallel run does this part in order, the rest in workers)."""
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
        self._fail_on.add(settings.fail_on)
        active = None  # the default selection: decided per policy, from its text (``lint``)
        if not self.addressed(settings):
            active = self.select(rules, settings, file)
        if settings.suppressions is not None:
            self.entries(settings.suppressions, ids)
        return settings, ids, rules, active

    def addressed(self, settings) -> bool:
        return self.options.addressed and settings.regulations is None and settings.select is None

    def select(self, rules, settings, file, note: bool = True) -> list:
        """The rules ``settings`` turn on (``note``: noted as run); none to check is an error."""
        active = selection.apply(rules, settings)
        if not any(not c.rule.manual for c in active):
            raise UserError(f"{file or '-'}: the rule selection leaves nothing to check "
                            f"({selection.describe(settings)}); widen --select/--regulation or "
                            f"narrow --ignore")
        for c in active if note else ():
            self._ran.setdefault(c.rule.id, c.rule)
        return active

    def chosen(self, result: FileResult) -> None:
        """Note the rules a default selection ran for ``result`` (in the parent, also when a
        worker process did the linting)."""
        if result.chosen and result.settings is not None:
            key = (result.settings.rules, result.settings.ignore, result.chosen)
            if key in self._noted:  # policies addressing the same laws run the same rules
                return
            self._noted.add(key)
            s = replace(result.settings, regulations=frozenset(result.chosen))
            self.select(self.rulebook(s.rules), s, result.path)

    def lint(self, text: str, path: str, file: Path | None) -> FileResult:
        settings, ids, rules, active = self.prepare(file)
        choose = None
        if active is None:
            def choose(doc):
                from .addressed import laws_addressed

                chosen = tuple(laws_addressed(doc.text, {c.rule.regulation for c in rules}))
                # policies addressing the same laws under the same settings run the same rules:
                # selected once (the rulebook is kept with the entry, so its id is not reused)
                key = (id(rules), chosen, settings.select, settings.ignore, frozenset(settings.severity.items()))
                entry = self._selected.get(key)
                if entry is None:
                    s = replace(settings, regulations=frozenset(chosen))
                    # noted as run by ``chosen`` in the parent: a worker's notes would be lost
                    entry = self._selected[key] = (rules, self.select(rules, s, path, note=False))
                return entry[1], chosen
        result = _lint_source(text, shown(path), None, active, settings.facts, ids, choose,
                              self.options.evidence)
        findings = [f for f in result.findings
                    if f.rule_id not in selection.TOOL_RULES or selection.enabled(f.rule_id, "", settings)]
        findings = selection.override_severity(findings, settings.severity)
        silenced = list(result.suppressed)
        if settings.suppressions is not None:
            from . import suppress

            entries = self.entries(settings.suppressions, ids)
            findings, more = suppress.apply_entries(findings, entries, file or Path(path), self.today())
            silenced += more
        return replace(result, findings=tuple(findings), suppressed=tuple(silenced), settings=settings,
                       stored=path if result.path != path else None)

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
                out.append(FileResult(entries[0].display, (), tuple(findings), kind="suppressions"))
        return out

    def rules_ran(self) -> tuple:
        rules = list(self._ran.values())
        if not rules:
            rules = [c.rule for c in next(iter(self._rulebooks.values()), None) or self.rulebook(())]
        return tuple(rules) + tuple(r for r in selection.tool_rules() if r.id in self.used)

    def fail_on(self) -> str:
        if self.options.fail_on:
            return self.options.fail_on
        order = ["info", "warning", "error", "never"]
        return min(self._fail_on, key=order.index) if self._fail_on else "error"
