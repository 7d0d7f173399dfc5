"""For rule authors: validate custom rulebooks and run the examples their rules carry.

``privacylint validate-rules`` loads each file with the bundled rulebook (so ids must not clash
and the named sub-patterns are available); ``privacylint test-rules`` runs every example of
the file's rules, as tests/test_rulebook.py does for the bundled ones.
"""
from __future__ import annotations

from pathlib import Path

from . import rulebook, yamlsource
from .errors import UserError


def expand(files) -> list[str]:
    """The rulebook files named: a folder stands for the ``*.yaml`` files in it."""
    out = []
    for f in files:
        p = Path(f)
        if not p.is_dir():
            out.append(f)
            continue
        found = sorted(p.glob("*.yaml"))
        if not found:
            raise UserError(f"{f}: no rulebook files (*.yaml) in this folder")
        out.extend(str(x) for x in found)
    return out


def _load(files) -> list:
    """The bundled rulebook with ``files``; a bundled file named (a contributor editing
    rules/) is not loaded a second time, so its ids do not clash with themselves."""
    bundled = {p.resolve() for p in rulebook.bundled_files()}
    return rulebook.load([Path(f) for f in files if Path(f).resolve() not in bundled])


def validate(files) -> tuple[list[str], list[str]]:
    """(ok lines, error lines) for each file; an error line reads ``file:line: message``."""
    ok, errors = [], []
    for f in expand(files):
        try:
            rules = _load([f])
        except UserError as exc:
            errors.append(str(exc))
            continue
        mine = [c for c in rules if c.rule.source == Path(f).name]
        slow = _exponential(f, mine)
        if slow:
            errors.extend(slow)
            continue
        n = len(mine)
        ok.append(f"{f}: ok, {n} rule{'s' if n != 1 else ''}")
    return ok, errors


def _exponential(f, compiled) -> list[str]:
    """Error lines for patterns that repeat a repetition (see ``redos``)."""
    from .redos import nested_repetition

    out, text = [], None
    for c in compiled:
        for p in dict.fromkeys(p.source for p in rulebook._patterns(c)):
            if nested_repetition(p):
                text = text if text is not None else Path(f).read_text(encoding="utf-8-sig")
                ids = [r.get("id") for r in (yamlsource.load(text, f) or {}).get("rules", [])]
                line = yamlsource.line_of(text, ["rules", ids.index(c.rule.id)]) if c.rule.id in ids else 1
                out.append(f"{f}:{line}: rule {c.rule.id}: pattern {p[:60]!r} repeats a repetition "
                           f"(as (a+)+ does), which can take exponential time; repeat it once (a+)")
    return out


def run_examples(files) -> tuple[int, list[str]]:
    """(examples run, failure lines); raises UserError if a file is not a valid rulebook."""
    from .api import lint_text

    files = expand(files)
    rules = _load(files)
    count, failures = 0, []
    for f in files:
        text = Path(f).read_text(encoding="utf-8-sig")
        # examples are read from the file: the loaded rules do not keep them (``rulebook._build``)
        specs = {r.get("id"): (i, r) for i, r in enumerate((yamlsource.load(text, f) or {}).get("rules", []))}
        for c in rules:
            if c.rule.source != Path(f).name or c.rule.id not in specs or c.rule.manual:
                continue
            i, spec = specs[c.rule.id]
            examples = spec.get("examples") or {}
            if not any(examples.values()):
                failures.append(f"{f}:{yamlsource.line_of(text, ['rules', i])}: {c.rule.id}: "
                                f"no examples (add present and missing examples)")
            for status, texts in examples.items():
                for j, example in enumerate(texts):
                    count += 1
                    result = lint_text(example, "example.txt", rules=[c])
                    if not result.requirements:  # not evaluated: the rule-error says why
                        line = yamlsource.line_of(text, ["rules", i, "examples", status, j])
                        failures.append(f"{f}:{line}: {c.rule.id}: {status} example {j + 1}: "
                                        f"{result.findings[0].message}")
                        continue
                    (req,) = result.requirements
                    if req.status != status:
                        line = yamlsource.line_of(text, ["rules", i, "examples", status, j])
                        failures.append(f"{f}:{line}: {c.rule.id}: {status} example {j + 1} is "
                                        f"{req.status}: {example!r}")
    return count, failures
