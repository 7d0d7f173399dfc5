"""The commands and their options, parsed with click (``cli.main`` runs them)."""
from __future__ import annotations

import sys

import click

from .. import __version__, formats
from . import check as check_command
from .check import _jobs, _pairs, _refs
from ..errors import UserError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="privacylint")
def cli() -> None:
    """Check privacy policies against the disclosures GDPR, UK GDPR, CCPA/CPRA, COPPA, CalOPPA
    and the US state privacy laws require."""


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
              help="Check files in N processes (same output; at most one per file, four per "
                   "core); auto: one per core for 16 files or more, one under pre-commit.")
def check(paths, fmt, fail_on, rule_files, stdin_filename, output, config_file, isolated, select,
          ignore, regulation, fact, severity, include, exclude, suppressions, baseline,
          write_baseline, max_size, as_of, quiet, statistics, color, jobs) -> None:
    """Lint policy files or directories (.txt, .md, .html); '-' reads standard input."""
    check_command.run(paths, fmt, fail_on, rule_files, stdin_filename, output, config_file,
                      isolated, select, ignore, regulation, fact, severity, include, exclude,
                      suppressions, baseline, write_baseline, max_size, as_of, quiet,
                      statistics, color, jobs)


@cli.command()
@click.argument("source_path", metavar="INPUT")
@click.option("--out", "out", required=True, metavar="FILE",
              help="JSON Lines results, one line per policy; an existing FILE is resumed; "
                   "- for standard output.")
@click.option("--jobs", "-j", "jobs", default="auto", show_default=True, metavar="N|auto",
              help="Check policies in N processes (same output; at most four per core).")
@click.option("--regulation", multiple=True, metavar="NAMES",
              help="The laws that apply, e.g. gdpr,ccpa (comma-separated; default: all).")
@click.option("--max-size", metavar="SIZE", help="Refuse policies (files or texts) larger than SIZE (default 4M).")
@click.option("--retry-errors", is_flag=True,
              help="Try again the policies whose line in --out is an error (a file that could not "
                   "be read, a policy over --max-size); those lines are replaced.")
def corpus(source_path, out, jobs, regulation, max_size, retry_errors) -> None:
    """Check a corpus: INPUT is JSON Lines ({"id", "text"} or {"id", "path"}; - for standard
    input; .gz, .bz2 or .xz compressed) or a folder."""
    from .. import corpus as corpus_mode, source

    done, before, unreadable, unreadable_before = corpus_mode.run(
        source_path, out, _jobs(jobs), _refs(regulation) or None,
        source.parse_size(max_size) if max_size is not None else source.MAX_SIZE, progress=True,
        retry_errors=retry_errors)
    click.echo(f"privacylint: {done} polic{'ies' if done != 1 else 'y'} checked"
               + (f" ({unreadable} could not be checked: see the \"error\" of {'their' if unreadable != 1 else 'its'} line)"
                  if unreadable else "")
               + (f", {before} already in {out}" if before else "")
               + (f" ({unreadable_before} of them could not be checked: --retry-errors tries "
                  f"{'them' if unreadable_before != 1 else 'it'} again)" if unreadable_before else "")
               + (f"; results in {out}" if out != "-" else ""), err=True)


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True)
@click.option("--regulation", help="Only rules of this regulation (gdpr, uk-gdpr, ccpa, coppa, caloppa, us-states, us-tx, ..., general).")
@click.option("--rules", "rule_files", multiple=True, metavar="FILE", help="Extra rulebook file.")
def list_rules(fmt, regulation, rule_files) -> None:
    """List the rules: id, regulation, severity, title and citation."""
    from .. import api, catalog

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

    from .. import api, catalog

    from ..selection import tool_rules

    loaded = api.load_rules(rule_files)
    rules = {c.rule.id: c.rule for c in loaded}
    rules.update((r.id, r) for r in tool_rules())  # ids that appear in reports are explainable
    if rule_id not in rules:
        close = difflib.get_close_matches(rule_id, rules, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        law = rule_id.strip().lower().rstrip("/")
        if law in {c.rule.regulation for c in loaded}:  # a law, not a rule (nor the tool's own)
            hint = f"; {law} is a regulation: `privacylint rules --regulation {law}` lists its rules"
        raise UserError(f"unknown rule id {rule_id!r}{hint}")
    click.echo(catalog.explain(rules[rule_id]))


@cli.command("validate-rules")
@click.argument("files", nargs=-1, required=True)
def validate_rules(files) -> None:
    """Check custom rulebook files against the rulebook schema (exit 1 if one is invalid)."""
    from .. import ruletest

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
    from .. import ruletest

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

    from .. import api, config, starter
    from ..output import write_atomic

    if Path(target).exists() and not force:
        raise UserError(f"{target}: already exists (use --force to overwrite)")
    options = config.Options(regulations=_refs(regulation) or None, facts=_pairs(fact, "--fact"))
    rules = api.load_rules()
    config.check_options(options, rules)
    from ..selection import rulebook_facts

    write_atomic(target, starter.render(options.regulations or (), options.facts, rulebook_facts(rules)))
    click.echo(f"privacylint: wrote {target}", err=True)
