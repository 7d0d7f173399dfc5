"""The library API: lint text or paths and get typed results.  The CLI is a thin shell on this."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from . import engine, rulebook, source, structure
from .errors import UserError
from .types import FileResult, RunResult


def load_rules(extra: Iterable[str | Path] = (), bundled: bool = True):
    return rulebook.load([Path(p) for p in extra], bundled=bundled)


def lint_text(text: str, path: str = "<text>", fmt: str | None = None, rules=None,
              facts: dict | None = None) -> FileResult:
    """Lint one policy given as a string; ``fmt`` is plain/markdown/html (default: from ``path``)."""
    rules = load_rules() if rules is None else rules
    if text.startswith("\ufeff"):
        text = text[1:]
    extracted = source.extractor(fmt or source.format_for(path))(text)
    doc = structure.build(path, text, extracted)
    requirements, findings = engine.run(doc, rules, facts)
    return FileResult(path, tuple(requirements), tuple(findings))


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
               fail_on: str = "error") -> RunResult:
    rules = load_rules() if rules is None else rules
    results, skipped = [], []
    for p, explicit in collect(paths):
        try:
            text = source.read(Path(p))
        except UserError as exc:
            if explicit:
                raise
            skipped.append(str(exc))  # a stray binary file in a folder should not stop the run
            continue
        results.append(lint_text(text, p, rules=rules, facts=facts))
    return RunResult(tuple(results), tuple(c.rule for c in rules), fail_on, tuple(skipped))
