"""Command line: parse options, call the library, print, and exit 0 / 1 / 2."""
from __future__ import annotations

import atexit
import gc
import os
import sys

import click

from . import __version__, formats
from .errors import UserError

EXIT_USAGE = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="privacylint")
def cli() -> None:
    """Check privacy policies against the disclosures GDPR, CCPA/CPRA, COPPA and CalOPPA require."""


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


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(formats.names()), default="text", show_default=True,
              help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Lowest finding severity that makes the exit status 1 (default: the "
                   "configuration's fail-on, else error).")
@click.option("--rules", "rule_files", multiple=True, metavar="FILE",
              help="Extra rulebook file (repeatable).")
@click.option("--stdin-filename", metavar="NAME", help="Name (and so format) of the text read from '-'.")
@click.option("--output", "-o", "output", metavar="FILE",
              help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--config", "config_file", metavar="FILE",
              help="Use this configuration (.privacylint.yaml or pyproject.toml) for every file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--select", multiple=True, metavar="IDS", help="Only these rule ids or prefixes (comma-separated).")
@click.option("--ignore", multiple=True, metavar="IDS", help="Skip these rule ids or prefixes (comma-separated).")
@click.option("--regulation", multiple=True, metavar="NAMES",
              help="The laws that apply, e.g. gdpr,ccpa, or all (comma-separated; default: the "
                   "laws each policy addresses).")
@click.option("--fact", multiple=True, metavar="NAME=true|false", help="A fact about the service.")
@click.option("--severity", multiple=True, metavar="ID=LEVEL", help="Override a rule's severity.")
@click.option("--include", multiple=True, metavar="GLOB", help="Only check files matching GLOB.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Do not check files matching GLOB.")
@click.option("--suppressions", metavar="FILE", help="Out-of-band suppressions file.")
@click.option("--baseline", metavar="FILE", help="Report only findings not recorded in FILE.")
@click.option("--write-baseline", metavar="FILE", help="Record the current findings in FILE and exit 0.")
@click.option("--max-size", metavar="SIZE",
              help="Refuse policy files larger than SIZE: bytes, or with K, M or G (default 4M).")
@click.option("--as-of", "as_of", metavar="DATE",
              help="Judge the policy as of DATE (YYYY-MM-DD; default: PRIVACYLINT_TODAY, else today).")
@click.option("--quiet", "-q", is_flag=True,
              help="Text: only the findings that fail the run, one line each, and the summary.")
@click.option("--statistics", is_flag=True, help="Text: a count per rule instead of the findings.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text output (auto: on a terminal, unless NO_COLOR is set).")
@click.option("--jobs", "-j", "jobs", default="auto", show_default=True, metavar="N|auto",
              help="Check files in N processes (same output); auto: one per core for 16 files "
                   "or more, one under pre-commit.")
def check(paths, fmt, fail_on, rule_files, stdin_filename, output, config_file, isolated, select,
          ignore, regulation, fact, severity, include, exclude, suppressions, baseline,
          write_baseline, max_size, as_of, quiet, statistics, color, jobs) -> None:
    """Lint policy files or directories (.txt, .md, .html); '-' reads standard input."""
    from . import api, rundate
    from .config import Options

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
        max_size=_size(max_size) if max_size is not None else None, addressed=True)
    stdin = None
    if "-" in paths:
        from . import source
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
        click.echo(f"privacylint: warning: skipped {reason}", err=True)
    if write_baseline:
        from . import baseline as baselines
        _refuse_inputs(write_baseline, result, "--write-baseline")
        n = baselines.write(result, write_baseline)
        click.echo(f"privacylint: wrote {n} finding{'s' if n != 1 else ''} to {write_baseline}", err=True)
        sys.exit(0)
    report = formats.render(fmt, result, **view)
    if output:
        from .output import write_atomic
        _refuse_inputs(output, result, "--output")
        write_atomic(output, report)
        from collections import Counter

        # a CI log must not stay empty when the report goes to a file
        _tell(len(result.policies), Counter(x.severity for x in result.findings))
    else:
        click.echo(report, nl=False, color=bool(view.get("color")))  # click strips colour otherwise
    sys.exit(1 if result.failed() else 0)


def _text_view(quiet: bool, statistics: bool, color: str, to_terminal: bool) -> dict:
    """Options of the text format: colour and width follow the terminal, never a pipe or file."""
    import shutil

    tty = to_terminal and sys.stdout.isatty()
    paint = color == "always" or (color == "auto" and tty and not os.environ.get("NO_COLOR"))
    width = min(shutil.get_terminal_size((100, 24)).columns, 120) if tty else 100
    return {"quiet": quiet, "statistics": statistics, "color": paint, "width": width}


def _tell(n: int, sev) -> None:
    """One summary line on stderr when the report went to a file: ``n`` policies, ``sev``
    findings per severity."""
    from .formats.text import plural

    click.echo(f"privacylint: {plural(n, 'file')} checked; {plural(sev.get('error', 0), 'error')}, "
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
    """Write the report as files finish to a spool file, then where it goes, and exit.

    The spool keeps a run that stops on an error from leaving half a report behind.
    ``view``: the text format's options (and its colour, which click keeps or strips)."""
    import io
    import tempfile

    with tempfile.TemporaryFile() as spool:
        writer(stream, lambda text: spool.write(text.encode("utf-8")), **view)
        result = stream.result()
        for reason in result.skipped:
            click.echo(f"privacylint: warning: skipped {reason}", err=True)
        spool.seek(0)
        if output:
            from .output import write_atomic
            _refuse_inputs(output, result, "--output")
            write_atomic(output, spool)
            _tell(stream.count, stream.severities)
        else:
            text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
            color = bool(view["color"]) if view else None  # as the whole report was echoed
            # whole lines, so that no colour sequence is cut in two (click strips them whole)
            for chunk in iter(lambda: "".join(text.readlines(1 << 20)), ""):
                click.echo(chunk, nl=False, color=color)
    sys.exit(1 if stream.failed() else 0)


def _size(text: str) -> int:
    """``--max-size 500K`` -> 512000."""
    units = {"": 1, "B": 1, "K": 2**10, "KB": 2**10, "M": 2**20, "MB": 2**20, "G": 2**30, "GB": 2**30}
    t = text.strip().upper()
    number = t.rstrip("KMGB")
    try:
        value = float(number)
        size = int(value * units[t[len(number):]])
    except (ValueError, KeyError, OverflowError):
        size = 0
    if size < 1:
        raise UserError(f"--max-size: expected a size such as 4M, 500K or 100000, got {text!r}")
    return size


def _refuse_inputs(path: str, result, flag: str) -> None:
    from . import rulebook
    from .output import refuse_inputs

    refuse_inputs(path, list(result.inputs) + [str(f) for f in rulebook.bundled_files()], flag)


@cli.command()
@click.argument("source_path", metavar="INPUT")
@click.option("--out", "out", required=True, metavar="FILE",
              help="JSON Lines results, one line per policy; an existing FILE is resumed.")
@click.option("--jobs", "-j", "jobs", default="auto", show_default=True, metavar="N|auto",
              help="Check policies in N processes (same output).")
@click.option("--regulation", multiple=True, metavar="NAMES",
              help="The laws that apply, e.g. gdpr,ccpa (comma-separated; default: all).")
@click.option("--max-size", metavar="SIZE", help="Refuse policy files larger than SIZE (default 4M).")
def corpus(source_path, out, jobs, regulation, max_size) -> None:
    """Check a corpus: INPUT is JSON Lines ({"id", "text"} or {"id", "path"}) or a folder."""
    from . import corpus as corpus_mode, source

    done, before = corpus_mode.run(
        source_path, out, _jobs(jobs), _refs(regulation) or None,
        _size(max_size) if max_size is not None else source.MAX_SIZE, progress=True)
    click.echo(f"privacylint: {done} polic{'ies' if done != 1 else 'y'} checked"
               + (f", {before} already in {out}" if before else "") + f"; results in {out}", err=True)


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True)
@click.option("--regulation", help="Only rules of this regulation (gdpr, uk-gdpr, ccpa, coppa, caloppa, us-states, us-tx, ..., general).")
@click.option("--rules", "rule_files", multiple=True, metavar="FILE", help="Extra rulebook file.")
def list_rules(fmt, regulation, rule_files) -> None:
    """List the rules: id, regulation, severity, title and citation."""
    from . import api, catalog

    rules = catalog.rows([c.rule for c in api.load_rules(rule_files)], regulation)
    if regulation and not rules:
        raise UserError(f"no rules for regulation {regulation!r}")
    render = {"text": catalog.render_text, "json": catalog.render_json,
              "markdown": catalog.render_markdown}[fmt]
    click.echo(render(rules), nl=False)


@cli.command()
@click.argument("rule_id")
@click.option("--rules", "rule_files", multiple=True, metavar="FILE", help="Extra rulebook file.")
def explain(rule_id, rule_files) -> None:
    """Explain a rule: what the law requires and what good wording looks like."""
    import difflib

    from . import api, catalog

    from .selection import tool_rules

    rules = {c.rule.id: c.rule for c in api.load_rules(rule_files)}
    rules.update((r.id, r) for r in tool_rules())  # ids that appear in reports are explainable
    if rule_id not in rules:
        close = difflib.get_close_matches(rule_id, rules, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UserError(f"unknown rule id {rule_id!r}{hint}")
    click.echo(catalog.explain(rules[rule_id]))


@cli.command("validate-rules")
@click.argument("files", nargs=-1, required=True)
def validate_rules(files) -> None:
    """Check custom rulebook files against the rulebook schema (exit 1 if one is invalid)."""
    from . import ruletest

    ok, errors = ruletest.validate(files)
    for line in ok:
        click.echo(line)
    for line in errors:
        click.echo(line, err=True)
    sys.exit(1 if errors else 0)


@cli.command("test-rules")
@click.argument("files", nargs=-1, required=True)
def test_rules(files) -> None:
    """Run the examples of the rules in custom rulebook files (exit 1 if one fails)."""
    from . import ruletest

    count, failures = ruletest.run_examples(files)
    for line in failures:
        click.echo(line)
    click.echo(f"{count} example{'s' if count != 1 else ''} run, {len(failures)} failed")
    sys.exit(1 if failures else 0)


@cli.command()
@click.option("--regulation", multiple=True, metavar="NAMES", help="Laws that apply (comma-separated).")
@click.option("--fact", multiple=True, metavar="NAME=true|false", help="A fact about the service.")
@click.option("--path", "target", default=".privacylint.yaml", show_default=True, metavar="FILE",
              help="Where to write the configuration.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(regulation, fact, target, force) -> None:
    """Write a commented starter configuration (.privacylint.yaml)."""
    from pathlib import Path

    from . import api, config, starter
    from .output import write_atomic

    if Path(target).exists() and not force:
        raise UserError(f"{target}: already exists (use --force to overwrite)")
    options = config.Options(regulations=_refs(regulation) or None, facts=_pairs(fact, "--fact"))
    rules = api.load_rules()
    config.check_options(options, rules)
    from .selection import rulebook_facts

    write_atomic(target, starter.render(options.regulations or (), options.facts, rulebook_facts(rules)))
    click.echo(f"privacylint: wrote {target}", err=True)


def main(argv=None) -> None:
    # The objects made by imports and the rulebook live until the process ends: frozen, the
    # cycle collector stops walking them over and over, and again at exit.
    gc.freeze()
    atexit.register(gc.freeze)
    args = sys.argv[1:] if argv is None else list(argv)
    completing = any(k.startswith("_PRIVACYLINT_COMPLETE") for k in os.environ)
    if not args and not completing:  # a bare "privacylint" asks what the tool can do: the help
        with cli.make_context("privacylint", [], resilient_parsing=True) as ctx:
            click.echo(cli.get_help(ctx))
        sys.exit(0)
    try:
        cli.main(args=args, prog_name="privacylint", standalone_mode=False)
    except UserError as exc:
        _fail(str(exc))
    except click.exceptions.Abort:
        _fail("aborted")
    except click.ClickException as exc:
        _fail(exc.format_message().replace("\n", " "))
    except KeyboardInterrupt:
        _fail("interrupted")
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:  # never show a traceback to a user; keep one for debugging
        if os.environ.get("PRIVACYLINT_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc}")
    sys.exit(0)


MESSAGE_MAX = 500  # an error quoting hostile input must not flood the terminal


def one_line(message: str) -> str:
    """``message`` on one line, cut to ``MESSAGE_MAX`` characters."""
    import re

    message = re.sub(r"\s*[\r\n\v\f\x85\u2028\u2029]+\s*", " ", message.strip())
    return message if len(message) <= MESSAGE_MAX else message[:MESSAGE_MAX - 1] + "\u2026"


def _fail(message: str) -> None:
    click.echo(f"privacylint: error: {one_line(message)}", err=True)
    sys.exit(EXIT_USAGE)
