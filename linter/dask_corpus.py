"""Corpus mode beyond one machine: the same ``corpus.lint_record`` mapped over a Dask bag.

    pip install "privacylint[dask]"
    python -m linter.dask_corpus policies.jsonl results/ [--partitions 64] [--scheduler ADDRESS]
                                 [--regulation gdpr,ccpa] [--max-size 4M]

Reads JSON Lines (``{"id", "text"}`` or ``{"id", "path"}``, paths readable by the workers)
or a folder of policies, splits them into partitions, and writes ``results/part-NNNN.jsonl``:
the lines ``privacylint corpus`` writes, in input order across the parts.  Without
``--scheduler`` it runs on this machine (Dask's multiprocessing scheduler); with a
``dask.distributed`` scheduler address it runs on that cluster.  Dask does the scheduling;
this module only says what to map.

A local input is read through once before any worker starts, so that a malformed line, a
repeated id or an unknown law stops the run with one line naming it (exit 2) rather than a
traceback from a worker; an input Dask reads elsewhere (``s3://...``, a glob) is checked line
by line as the workers read it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import corpus, source
from .errors import UserError


def _lint_partition(records, regulations, max_size):
    run = corpus.new_run(regulations)  # one per partition: the rulebook loads from the cache
    return [corpus.lint_record(r, run, max_size) for r in records]


def bag(input_path: str, partitions: int = 8, regulations: tuple | None = None,
        max_size: int = source.MAX_SIZE):
    """A Dask bag of output lines, one per policy of ``input_path``, in input order."""
    import dask.bag as db

    if Path(input_path).is_dir():  # a folder: its files, named as ``privacylint corpus`` names them
        records = db.from_sequence(list(corpus.records(input_path)), npartitions=max(1, partitions))
    else:
        records = db.read_text(input_path).filter(str.strip).map(corpus.parse_line, input_path)
        records = records.repartition(npartitions=partitions)
    return records.map_partitions(_lint_partition, regulations, max_size)


def check(input_path: str, out_dir: str, partitions: int, regulations: tuple | None) -> None:
    """Refuse, before Dask starts, what would fail in every worker or overwrite the input."""
    if partitions < 1:
        raise UserError(f"--partitions: expected a number of at least 1, got {partitions}")
    if regulations:  # an unknown law
        from . import api, config

        config.check_options(config.Options(regulations=regulations), api.load_rules())
    if input_path == "-":
        raise UserError("-: Dask's workers cannot read standard input; give a file, a folder or a URL")
    local = Path(input_path)
    if "://" in input_path or any(c in input_path for c in "*?["):
        return  # read by Dask where it lives: lines are checked as the workers read them
    if not local.exists():
        raise UserError(f"{input_path}: no such file or directory")
    out = Path(out_dir)
    if out.resolve() == local.resolve():
        raise UserError(f"{out_dir}: the results folder would overwrite the input; choose another")
    if out.exists() and not out.is_dir():
        raise UserError(f"{out_dir}: the results folder is a file; name a folder for the part files")
    if local.is_file():  # malformed lines and repeated ids, with line numbers (a folder has neither)
        for _ in corpus.records(input_path):
            pass


def run(input_path: str, out_dir: str, partitions: int = 8, regulations: tuple | None = None,
        scheduler: str | None = None, max_size: int = source.MAX_SIZE) -> list[str]:
    """Write the results under ``out_dir``; returns the files written."""
    check(input_path, out_dir, partitions, regulations)
    # the last line of a partition ended by hand: an empty partition then writes an empty part,
    # not a lone newline (Dask's last_endline), so the parts joined are corpus mode's file
    texts = bag(input_path, partitions, regulations, max_size).map_partitions(_ended)
    if scheduler:
        from dask.distributed import Client  # pip install "dask[distributed]"

        with Client(scheduler):
            return texts.to_textfiles(f"{out_dir}/part-*.jsonl", name_function=_part, last_endline=False)
    import dask

    from .parallel import die_with_parent

    # local workers end with this process: a killed run leaves none behind
    with dask.config.set({"multiprocessing.initializer": die_with_parent}):
        return texts.to_textfiles(f"{out_dir}/part-*.jsonl", name_function=_part, last_endline=False,
                                  compute=True, scheduler="processes")


def _ended(lines) -> list[str]:
    lines = list(lines)
    if lines:  # Dask writes a newline between lines: only the last needs its own
        lines[-1] += "\n"
    return lines


def _part(i: int) -> str:
    return f"{i:04d}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("out_dir")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--regulation", help="comma-separated laws (default: all)")
    ap.add_argument("--scheduler", help="a dask.distributed scheduler address (default: this machine)")
    ap.add_argument("--max-size", metavar="SIZE",
                    help="refuse policies (files or texts) larger than SIZE (default 4M), as privacylint corpus does")
    args = ap.parse_args(argv)
    regs = tuple(r.strip() for r in args.regulation.split(",") if r.strip()) if args.regulation else None
    try:
        max_size = source.parse_size(args.max_size) if args.max_size is not None else source.MAX_SIZE
        files = run(args.input, args.out_dir, args.partitions, regs, args.scheduler, max_size)
    except UserError as exc:  # a worker's too: Dask raises it again, its traceback appended
        print(f"privacylint: error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    except ImportError as exc:
        print(f"privacylint: error: {exc.name or exc} is not installed: "
              f'pip install "privacylint[dask]"', file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: one line, not the scheduler's traceback
        print("privacylint: error: interrupted", file=sys.stderr)
        return 2
    print(f"privacylint: wrote {len(files)} part{'s' if len(files) != 1 else ''} to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
