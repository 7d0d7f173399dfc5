"""The small, frozen value types shared by every part of the linter.

Offsets are character offsets (Unicode code points) into a string.  Two strings matter:
the *source* (the file as stored, decoded, without a BOM) and the *normalised text* that a
front end derives from it.  Only ``SourceMap`` and ``LineIndex`` cross between them; only the
output edge turns offsets into line and column.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["present", "weak", "missing", "not-applicable"]
Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Heading:
    """A heading in normalised text: [start, end) and its level (1 = top)."""

    start: int
    end: int
    level: int


@dataclass(frozen=True)
class Comment:
    """A markup comment (HTML or Markdown) at source offsets; used by inline suppressions."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Extracted:
    """What a front end returns.

    ``text`` is the normalised prose: blocks (paragraphs, list items, table rows, headings)
    are separated by a blank line ("\\n\\n"), lines inside a block by "\\n", and it holds no "\\r".
    ``offsets[i]`` is the source offset of ``text[i]``; ``len(offsets) == len(text) + 1`` and
    the last entry is the source offset just after the last character.  Characters the front
    end inserts (block separators, cell separators) map to a neighbouring source offset.
    ``links`` are the (start, end) text spans of hyperlink labels, in order.
    """

    text: str
    offsets: tuple[int, ...]
    headings: tuple[Heading, ...] = ()
    comments: tuple[Comment, ...] = ()
    links: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Position:
    """A 1-based line and column range in the source, as an editor shows it."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Requirement:
    """The status of one rule for one file, with the evidence that decided it."""

    rule_id: str
    status: Status
    position: Position | None = None
    evidence: str = ""
    note: str = ""
    more: tuple[tuple[Position, str], ...] = ()  # further evidence (position, quote), best first


@dataclass(frozen=True)
class Finding:
    """A problem to report: a weak or missing disclosure, or a defect in one."""

    rule_id: str
    severity: Severity
    message: str
    citation: str
    position: Position
    evidence: str = ""
    anchor: str = ""  # line-independent locator (evidence text or section title) for fingerprints
    section: str = field(default="", compare=False)  # title of the section it concerns ("": the policy)


@dataclass(frozen=True)
class FileResult:
    path: str
    requirements: tuple[Requirement, ...]
    findings: tuple[Finding, ...]
    suppressed: tuple[Finding, ...] = ()  # silenced inline, out of band or by the baseline
    # the config.Settings the file was checked under (None from lint_text), for reports
    settings: object = field(default=None, compare=False, repr=False)
    kind: str = "policy"  # or "suppressions": a suppressions file with expired entries
    chosen: tuple[str, ...] = ()  # laws picked by the default selection (empty: configured)


@dataclass(frozen=True)
class RunResult:
    files: tuple[FileResult, ...]
    rules: tuple  # tuple[Rule, ...] that ran, in rulebook order
    fail_on: str = "error"  # a severity, or "never"
    skipped: tuple[str, ...] = ()  # "path: reason" for files a directory walk could not read
    inputs: tuple[str, ...] = ()  # every file the run read (policies, configuration, rulebooks)

    @property
    def policies(self) -> tuple[FileResult, ...]:
        """The policy files checked (a suppressions file reporting expired entries is not one)."""
        return tuple(f for f in self.files if f.kind == "policy")

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for r in self.files for f in r.findings)

    def failed(self) -> bool:
        if self.fail_on == "never":
            return False
        threshold = SEVERITY_RANK[self.fail_on]
        return any(SEVERITY_RANK[f.severity] >= threshold for f in self.findings)


@dataclass(frozen=True)
class Rule:
    """One rule of the rulebook, after loading; ``spec`` keeps the kind-specific fields."""

    id: str
    title: str
    regulation: str
    citation: str
    severity: Severity
    kind: str
    message: str
    help: str
    spec: dict = field(compare=False, hash=False, repr=False)
    source: str = ""  # rulebook file the rule came from
    manual: bool = False  # a documented manual check: listed, never evaluated
