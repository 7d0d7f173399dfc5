"""The small, frozen value types shared by every part of the linter.

Offsets are character offsets (Unicode code points) into a string.  Two strings matter:
the *source* (the file as stored, decoded, without a BOM) and the *normalised text* that a
front end derives from it.  Only ``SourceMap`` and ``LineIndex`` cross between them; only the
output edge turns offsets into line and column.
"""
from __future__ import annotations

from .record import Record, _set

TYPE_CHECKING = False  # typing costs every run milliseconds to import; type checkers see this
if TYPE_CHECKING:
    from typing import Literal

    Status = Literal["present", "weak", "missing", "not-applicable"]
    Severity = Literal["error", "warning", "info"]
else:
    Status = Severity = str

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


# Records, not dataclasses: see ``record`` (this module is imported by every run).
class Heading(Record):
    """A heading in normalised text: [start, end) and its level (1 = top)."""

    __slots__ = ("start", "end", "level")

    def __init__(self, start: int, end: int, level: int):
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "level", level)


class Comment(Record):
    """A markup comment (HTML or Markdown) at source offsets; used by inline suppressions."""

    __slots__ = ("start", "end", "text")

    def __init__(self, start: int, end: int, text: str):
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "text", text)


class Extracted(Record):
    """What a front end returns.

    ``text`` is the normalised prose: blocks (paragraphs, list items, table rows, headings)
    are separated by a blank line ("\\n\\n"), lines inside a block by "\\n", and it holds no "\\r".
    ``offsets[i]`` is the source offset of ``text[i]`` (a ``sourcemap.SourceMap``, or any
    sequence of ints); ``len(offsets) == len(text) + 1`` and
    the last entry is the source offset just after the last character.  Characters the front
    end inserts (block separators, cell separators) map to a neighbouring source offset.
    ``links`` are the (start, end) text spans of hyperlink labels, in order.
    """

    __slots__ = ("text", "offsets", "headings", "comments", "links")

    def __init__(self, text: str, offsets, headings: tuple = (), comments: tuple = (), links: tuple = ()):
        _set(self, "text", text)
        _set(self, "offsets", offsets)
        _set(self, "headings", headings)
        _set(self, "comments", comments)
        _set(self, "links", links)


class Position(Record):
    """A 1-based line and column range in the source, as an editor shows it."""

    __slots__ = ("line", "column", "end_line", "end_column")

    def __init__(self, line: int, column: int, end_line: int, end_column: int):
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "end_line", end_line)
        _set(self, "end_column", end_column)


class Requirement(Record):
    """The status of one rule for one file, with the evidence that decided it."""

    __slots__ = ("rule_id", "status", "position", "evidence", "note", "more")

    def __init__(self, rule_id: str, status: Status, position: Position | None = None,
                 evidence: str = "", note: str = "", more: tuple = ()):
        _set(self, "rule_id", rule_id)
        _set(self, "status", status)
        _set(self, "position", position)
        _set(self, "evidence", evidence)
        _set(self, "note", note)
        _set(self, "more", more)  # further evidence (position, quote), best first


class Finding(Record):
    """A problem to report: a weak or missing disclosure, or a defect in one."""

    __slots__ = ("rule_id", "severity", "message", "citation", "position", "evidence", "anchor",
                 "section")
    _hidden = ("section",)

    def __init__(self, rule_id: str, severity: Severity, message: str, citation: str,
                 position: Position, evidence: str = "", anchor: str = "", section: str = ""):
        _set(self, "rule_id", rule_id)
        _set(self, "severity", severity)
        _set(self, "message", message)
        _set(self, "citation", citation)
        _set(self, "position", position)
        _set(self, "evidence", evidence)
        _set(self, "anchor", anchor)  # line-independent locator (evidence or section title) for fingerprints
        _set(self, "section", section)  # title of the section it concerns ("": the policy)


class FileResult(Record):
    __slots__ = ("path", "requirements", "findings", "suppressed", "settings", "kind", "chosen",
                 "stored")
    _hidden = ("settings", "stored")

    def __init__(self, path: str, requirements: tuple, findings: tuple, suppressed: tuple = (),
                 settings=None, kind: str = "policy", chosen: tuple = (), stored: str | None = None):
        _set(self, "path", path)
        _set(self, "requirements", requirements)
        _set(self, "findings", findings)
        _set(self, "suppressed", suppressed)  # silenced inline, out of band or by the baseline
        _set(self, "settings", settings)  # the config.Settings it was checked under (None from lint_text)
        _set(self, "kind", kind)  # or "suppressions": a suppressions file with expired entries
        _set(self, "chosen", chosen)  # laws picked by the default selection (empty: configured)
        # the name as the file system has it, when ``path`` had to replace bytes that are not
        # UTF-8 (None: the same); a SARIF URI percent-encodes those bytes so it names the file
        _set(self, "stored", stored)


class RunResult(Record):
    __slots__ = ("files", "rules", "fail_on", "skipped", "inputs")

    def __init__(self, files: tuple, rules: tuple, fail_on: str = "error", skipped: tuple = (),
                 inputs: tuple = ()):
        _set(self, "files", files)  # tuple[FileResult, ...]
        _set(self, "rules", rules)  # tuple[Rule, ...] that ran, in rulebook order
        _set(self, "fail_on", fail_on)  # a severity, or "never"
        _set(self, "skipped", skipped)  # "path: reason" for files a directory walk could not read
        _set(self, "inputs", inputs)  # every file the run read (policies, configuration, rulebooks)

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


class Rule(Record):
    """One rule of the rulebook, after loading; ``spec`` keeps the kind-specific fields."""

    __slots__ = ("id", "title", "regulation", "citation", "severity", "kind", "message", "help",
                 "spec", "source", "manual")
    _hidden = ("spec",)  # not compared, hashed or shown

    def __init__(self, id: str, title: str, regulation: str, citation: str, severity: Severity,
                 kind: str, message: str, help: str, spec: dict, source: str = "",
                 manual: bool = False):
        _set(self, "id", id)
        _set(self, "title", title)
        _set(self, "regulation", regulation)
        _set(self, "citation", citation)
        _set(self, "severity", severity)
        _set(self, "kind", kind)
        _set(self, "message", message)
        _set(self, "help", help)
        _set(self, "spec", spec)
        _set(self, "source", source)  # rulebook file the rule came from
        _set(self, "manual", manual)  # a documented manual check: listed, never evaluated
