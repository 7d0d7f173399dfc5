"""Corpus mode beyond one machine: the same ``corpus.lint_record`` mapped over a Dask bag.

    pip install "privacylint[dask]"
    python -m linter.dask_corpus policies.jsonl results/ [--partitions 64] [--scheduler ADDRESS]

Reads JSON Lines (``{"id", "text"}`` or ``{"id", "path"}``, paths readable by the workers),
splits them into partitions, and writes ``results/part-NNNN.jsonl``: the lines
``privacylint corpus`` writes, in input order across the parts.  Without ``--scheduler`` it
runs on this machine (Dask's multiprocessing scheduler); with a ``dask.distributed`` scheduler
address it runs on that cluster.  Dask does the scheduling; this module only says what to map.
"""
from __future__ import annotations

import argparse
import json
import sys

from . import corpus


def _lint_partition(records, regulations):
    run = corpus.new_run(regulations)  # one per partition: the rulebook loads from the cache
    return [corpus.lint_record(r, run) for r in records]


def bag(input_path: str, partitions: int = 8, regulations: tuple | None = None):
    """A Dask bag of output lines, one per policy of ``input_path``, in input order."""
    import dask.bag as db

    records = db.read_text(input_path).filter(str.strip).map(json.loads)
    records = records.repartition(npartitions=partitions)
    return records.map_partitions(_lint_partition, regulations)


def run(input_path: str, out_dir: str, partitions: int = 8, regulations: tuple | None = None,
        scheduler: str | None = None) -> list[str]:
    """Write the results under ``out_dir``; returns the files written."""
    texts = bag(input_path, partitions, regulations)
    if scheduler:
        from dask.distributed import Client  # pip install "dask[distributed]"

        with Client(scheduler):
            return texts.to_textfiles(f"{out_dir}/part-*.jsonl", name_function=_part, last_endline=True)
    return texts.to_textfiles(f"{out_dir}/part-*.jsonl", name_function=_part, last_endline=True, compute=True,
                              scheduler="processes")


def _part(i: int) -> str:
    return f"{i:04d}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("out_dir")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--regulation", help="comma-separated laws (default: all)")
    ap.add_argument("--scheduler", help="a dask.distributed scheduler address (default: this machine)")
    args = ap.parse_args(argv)
    regs = tuple(r.strip() for r in args.regulation.split(",") if r.strip()) if args.regulation else None
    files = run(args.input, args.out_dir, args.partitions, regs, args.scheduler)
    print(f"privacylint: wrote {len(files)} parts to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
