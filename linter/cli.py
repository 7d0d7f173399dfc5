"""Command line: parse options, call the library, print, and exit 0 / 1 / 2."""
from __future__ import annotations

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


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(formats.names()), default="text", show_default=True,
              help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="Lowest finding severity that makes the exit status 1.")
@click.option("--rules", "rule_files", multiple=True, metavar="FILE",
              help="Extra rulebook file (repeatable).")
@click.option("--stdin-filename", metavar="NAME", help="Name (and so format) of the text read from '-'.")
@click.option("--output", "-o", "output", metavar="FILE",
              help="Write the report to FILE (atomically) instead of standard output.")
def check(paths, fmt, fail_on, rule_files, stdin_filename, output) -> None:
    """Lint policy files or directories (.txt, .md, .html); '-' reads standard input."""
    from . import api
    from .types import RunResult

    rules = api.load_rules(rule_files)
    files = []
    file_paths = [p for p in paths if p != "-"]
    if "-" in paths:
        name = stdin_filename or "<stdin>"
        text = sys.stdin.buffer.read()
        from .source import decode
        files.append(api.lint_text(decode(text, name), name, rules=rules))
    skipped: tuple = ()
    if file_paths:
        run = api.lint_paths(file_paths, rules=rules)
        files.extend(run.files)
        skipped = run.skipped
    for reason in skipped:
        click.echo(f"privacylint: warning: skipped {reason}", err=True)
    result = RunResult(tuple(files), tuple(c.rule for c in rules),
                       "error" if fail_on == "never" else fail_on)
    report = formats.render(fmt, result)
    if output:
        from .output import write_atomic
        write_atomic(output, report)
    else:
        click.echo(report, nl=False)
    sys.exit(1 if fail_on != "never" and result.failed() else 0)


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True)
@click.option("--regulation", help="Only rules of this regulation (gdpr, ccpa, coppa, caloppa, general).")
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

    rules = {c.rule.id: c.rule for c in api.load_rules(rule_files)}
    if rule_id not in rules:
        close = difflib.get_close_matches(rule_id, rules, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UserError(f"unknown rule id {rule_id!r}{hint}")
    click.echo(catalog.explain(rules[rule_id]))


def main(argv=None) -> None:
    try:
        cli.main(args=argv, prog_name="privacylint", standalone_mode=False)
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


def _fail(message: str) -> None:
    click.echo(f"privacylint: error: {message}", err=True)
    sys.exit(EXIT_USAGE)
