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
def check(paths, fmt, fail_on, rule_files, stdin_filename) -> None:
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
    if file_paths:
        files.extend(api.lint_paths(file_paths, rules=rules).files)
    result = RunResult(tuple(files), tuple(c.rule for c in rules),
                       "error" if fail_on == "never" else fail_on)
    click.echo(formats.render(fmt, result), nl=False)
    sys.exit(1 if fail_on != "never" and result.failed() else 0)


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
