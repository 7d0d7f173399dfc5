"""The ``check`` command without click: a one-file run (pre-commit's) need not import it.

``commands`` parses the options with click and calls ``run``; ``cli.main`` calls ``run``
with ``DEFAULTS`` when the command line names only paths (a test holds ``DEFAULTS`` to
click's defaults).  Output goes through ``console.echo``, which writes what ``click.echo``
writes.
"""
from __future__ import annotations

import os
import sys

from .. import formats
from .console import echo
from ..errors import UserError

# The options' values when none is given (those of the click options in ``commands``).
DEFAULTS = {"fmt": "text", "fail_on": None, "rule_files": (), "stdin_filename": None, "output": None,
            "config_file": None, "isolated": False, "select": (), "ignore": (), "regulation": (),
            "fact": (), "severity": (), "include": (), "exclude": (), "suppressions": None,
            "baseline": None, "write_baseline": None, "max_size": None, "as_of": None,
            "quiet": False, "statistics": False, "color": "auto", "jobs": "auto"}


def _refs(values) -> tuple:
    """``--select a,b --select c`` -> ("a", "b", "c")."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _pairs(values, flag: str, choices=None) -> dict:
    """``--fact has-dpo=true`` -> {"has-dpo": True}; ``--severity ID=warning`` likewise."""
    out = {}
    for value in values:
        name, sep, v = value.partition("=")
        name, v = name.strip(), v.strip().lower()
        if not sep or not name:
            raise UserError(f"{flag}: expected NAME=VALUE, got {value!r}")
        if choices is None:
            bools = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False,
                     "unknown": None}
            if v not in bools:
                raise UserError(f"{flag}: {name}: expected true, false or unknown, got {v!r}")
            out[name] = bools[v]
        else:
            if v not in choices:
                raise UserError(f"{flag}: {name}: expected one of {', '.join(choices)}, got {v!r}")
            out[name] = v
    return out


def run(paths, fmt, fail_on, rule_files, stdin_filename, output, config_file, isolated, select,
        ignore, regulation, fact, severity, include, exclude, suppressions, baseline,
        write_baseline, max_size, as_of, quiet, statistics, color, jobs) -> None:
    """Lint policy files or directories and exit 0 / 1 (see ``commands.check`` for the options)."""
    from .. import api, rundate, source
    from ..config import Options

    if (quiet or statistics) and fmt != "text":
        raise UserError(f"--{'quiet' if quiet else 'statistics'} applies to --format text only")
    if quiet and statistics:
        raise UserError("--quiet and --statistics: choose one")
    if regulation and not _refs(regulation):
        raise UserError("--regulation: no regulation named (e.g. gdpr,ccpa, or all)")
    rundate.set_as_of(as_of)

    options = Options(
        config=config_file, isolated=isolated,
        regulations=_refs(regulation) or None, facts=_pairs(fact, "--fact"),
        select=_refs(select) or None, ignore=_refs(ignore),
        severity=_pairs(severity, "--severity", ("error", "warning", "info")),
        fail_on=fail_on, rules=tuple(rule_files), include=_refs(include) or None,
        exclude=_refs(exclude), suppressions=suppressions,
        max_size=source.parse_size(max_size) if max_size is not None else None, addressed=True,
        evidence=bool(write_baseline) or formats.shows_evidence(fmt))
    stdin = None
    if "-" in paths:
        name = stdin_filename or "<stdin>"
        data = source.read_limited(sys.stdin.buffer, name, options.max_size or source.MAX_SIZE)
        stdin = source.decode(data, name)
    stream = api.stream_paths(paths, options=options, stdin=stdin, stdin_filename=stdin_filename,
                              baseline=None if write_baseline else baseline, jobs=_jobs(jobs))
    view = _text_view(quiet, statistics, color, to_terminal=not output) if fmt == "text" else {}
    writer = None if write_baseline else formats.streamer(fmt)
    if writer is not None:  # written a file at a time: memory stays flat however many files
        _stream(stream, writer, output, view)
    result = stream.result(tuple(stream))
    for reason in result.skipped:
        echo(f"privacylint: warning: skipped {reason}", err=True)
    if write_baseline:
        from .. import baseline as baselines
        _refuse_inputs(write_baseline, result, "--write-baseline")
        n = baselines.write(result, write_baseline)
        echo(f"privacylint: wrote {n} finding{'s' if n != 1 else ''} to {write_baseline}", err=True)
        sys.exit(0)
    report = formats.render(fmt, result, **view)
    if output:
        from ..output import write_atomic
        _refuse_inputs(output, result, "--output")
        write_atomic(output, report)
        from collections import Counter

        # a CI log must not stay empty when the report goes to a file
        _tell(len(result.policies), Counter(x.severity for x in result.findings))
    else:
        echo(report, nl=False, color=bool(view.get("color")))  # click strips colour otherwise
    sys.exit(1 if result.failed() else 0)


def _text_view(quiet: bool, statistics: bool, color: str, to_terminal: bool) -> dict:
    """Options of the text format: colour and width follow the terminal, never a pipe or file."""
    tty = to_terminal and sys.stdout.isatty()
    paint = color == "always" or (color == "auto" and tty and not os.environ.get("NO_COLOR"))
    width = 100
    if tty:
        import shutil  # only for a terminal: a pipe (pre-commit's) has no width

        width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    return {"quiet": quiet, "statistics": statistics, "color": paint, "width": width}


def _tell(n: int, sev) -> None:
    """One summary line on stderr when the report went to a file: ``n`` policies, ``sev``
    findings per severity."""
    from ..formats.text import plural

    echo(f"privacylint: {plural(n, 'file')} checked; {plural(sev.get('error', 0), 'error')}, "
               f"{plural(sev.get('warning', 0), 'warning')}, {sev.get('info', 0)} info", err=True)


def _jobs(text: str) -> int | None:
    """``--jobs 4`` -> 4; ``auto`` -> None (the library decides, see ``api.auto_jobs``)."""
    if text.strip().lower() == "auto":
        return None
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise UserError(f"--jobs: expected a number of processes (1 or more) or auto, got {text!r}")
    return n


def _stream(stream, writer, output, view: dict) -> None:
    """Write the report as files finish to a spool, then where it goes, and exit.

    The spool keeps a run that stops on an error from leaving half a report behind.
    ``view``: the text format's options (and its colour, which click keeps or strips)."""
    import io

    from ..spill import Spill

    with Spill() as buffer:
        writer(stream, lambda text: buffer.write(text.encode("utf-8")), **view)
        result = stream.result()
        for reason in result.skipped:
            echo(f"privacylint: warning: skipped {reason}", err=True)
        spool = buffer.rewound()
        if output:
            from ..output import write_atomic
            _refuse_inputs(output, result, "--output")
            write_atomic(output, spool)
            _tell(stream.count, stream.severities)
        else:
            text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
            color = bool(view["color"]) if view else None  # as the whole report was echoed
            # whole lines, so that no colour sequence is cut in two (click strips them whole)
            for chunk in iter(lambda: "".join(text.readlines(1 << 20)), ""):
                echo(chunk, nl=False, color=color)
    sys.exit(1 if stream.failed() else 0)


def _refuse_inputs(path: str, result, flag: str) -> None:
    from .. import rulebook
    from ..output import refuse_inputs

    refuse_inputs(path, list(result.inputs) + [str(f) for f in rulebook.bundled_files()], flag)
