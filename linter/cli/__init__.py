"""Command line: run a command, print, and exit 0 / 1 / 2 (a one-line error, never a traceback).

The package holds the command line alone, over the library: ``commands`` (the click commands),
``check`` (what ``check`` does with its options), ``console`` (writing as click does, without
importing it).  ``privacylint check PATH...`` with no option, as pre-commit runs it, goes
straight to ``check.run`` with click's defaults: click is the largest import such a run would
otherwise make.  Its errors end as click's do.
"""
from __future__ import annotations

import atexit
import gc
import os
import sys

from .check import _text_view  # noqa: F401  (part of this module's interface)
from .console import echo
from ..errors import UserError

EXIT_USAGE = 2


def main(argv=None) -> None:
    # The objects made by imports and the rulebook live until the process ends: frozen, the
    # cycle collector stops walking them over and over, and again at exit.  A document's
    # garbage is collected less often, in larger batches (measured: a one-file run spent
    # 7 ms in 26 collections, now 1.4 ms in 6; documents free themselves, see ``api``).
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
    from .. import rulebook  # (imported by every command that lints)

    rulebook.freeze_loaded = True
    atexit.register(gc.freeze)
    args = sys.argv[1:] if argv is None else list(argv)
    completing = any(k.startswith("_PRIVACYLINT_COMPLETE") for k in os.environ)
    try:
        paths = None if completing else _plain_check(args)
        if paths is not None:
            _check(paths)  # exits with the run's status
        else:
            _click(args, completing)
    except UserError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("interrupted")
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:  # never show a traceback to a user; keep one for debugging
        if os.environ.get("PRIVACYLINT_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc}")
    sys.exit(0)


def _plain_check(args: list[str]) -> tuple[str, ...] | None:
    """The paths of ``check PATH...`` with nothing that could be an option, else None."""
    if len(args) > 1 and args[0] == "check" and not any(a.startswith("-") for a in args[1:]):
        return tuple(args[1:])
    return None


def _check(paths: tuple[str, ...]) -> None:
    """``check`` as click runs it (``click.Command.main`` without standalone mode)."""
    from . import check as check_command

    try:
        check_command.run(paths, **check_command.DEFAULTS)
    except (EOFError, KeyboardInterrupt):
        echo("", err=True)  # click closes the terminal's ^C echo, then aborts
        _fail("aborted")
    except OSError as exc:
        import errno

        if exc.errno != errno.EPIPE:
            raise
        from click import utils  # a closed pipe: quiet at exit, as click makes it

        wrap = getattr(utils, "_PacifyFlushWrapper", None) or utils.PacifyFlushWrapper
        sys.stdout, sys.stderr = wrap(sys.stdout), wrap(sys.stderr)
        sys.exit(1)


def _click(args: list[str], completing: bool) -> None:
    import click

    from .commands import cli

    if not args and not completing:  # a bare "privacylint" asks what the tool can do: the help
        with cli.make_context("privacylint", [], resilient_parsing=True) as ctx:
            click.echo(cli.get_help(ctx))
        sys.exit(0)
    try:
        cli.main(args=args, prog_name="privacylint", standalone_mode=False)
    except click.exceptions.Abort:
        _fail("aborted")
    except click.ClickException as exc:
        _fail(exc.format_message().replace("\n", " "))


MESSAGE_MAX = 500  # an error quoting hostile input must not flood the terminal


def one_line(message: str) -> str:
    """``message`` on one line, cut to ``MESSAGE_MAX`` characters."""
    import re

    message = re.sub(r"\s*[\r\n\v\f\x85\u2028\u2029]+\s*", " ", message.strip())
    return message if len(message) <= MESSAGE_MAX else message[:MESSAGE_MAX - 1] + "\u2026"


def _fail(message: str) -> None:
    echo(f"privacylint: error: {one_line(message)}", err=True)
    sys.exit(EXIT_USAGE)
