"""Make the parts written by `python -m ingest --shard I/N` one landed set.

    python -m ingest.merge PART ... [--out seeds/landed] [--format csv|parquet] [--quiet]

Each PART is the folder one shard wrote (on any machine; copy them to one place). The relations
between files that no shard could see alone (the same content twice, one publication printed as
several files, two versions of one department-year) are made here, over every file, exactly as a
single run makes them; so N shards merged land what one run over all the files lands. A
publication's parts are joined only when their files can still be read at the paths the shards
read them from. Exit codes: EXIT_CODES below (`--help` lists them): those of `python -m ingest`,
with 2 for parts that are not the N shards of one split.
"""
from __future__ import annotations

import sys
from pathlib import Path

from . import cli
from .__main__ import EXIT_CODES as INGEST_EXIT_CODES
from .__main__ import land
from .land import FORMATS, load_part, relate

EXIT_CODES = {
    **INGEST_EXIT_CODES,
    2: "a PART is not a folder written by `python -m ingest --shard`, or the parts are not the N "
       f"shards of one split (one missing, repeated, or from splits of different N); or {cli.USAGE}",
}


def main(argv: list[str] | None = None) -> int:
    ap = cli.parser("python -m ingest.merge", __doc__.split("\n\n")[0], EXIT_CODES)
    ap.add_argument("parts", nargs="+", type=Path, help="the folders the shards wrote")
    ap.add_argument("--out", type=Path, default=Path("seeds/landed"))
    ap.add_argument("--format", choices=FORMATS, default="csv")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    shards, outcomes = {}, []
    for folder in args.parts:
        try:
            (i, n), part = load_part(folder)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"ingest.merge: {folder} is not a part written by `python -m ingest --shard`: {exc}",
                  file=sys.stderr)
            return 2
        if i in shards:
            print(f"ingest.merge: {folder} and {shards[i][1]} are both shard {i}", file=sys.stderr)
            return 2
        shards[i] = (n, folder)
        outcomes += part
    splits = {n for n, _ in shards.values()}
    if len(splits) != 1 or set(shards) != set(range(1, next(iter(splits)) + 1)):
        have = ", ".join(f"{i}/{n}" for i, (n, _) in sorted(shards.items()))
        print(f"ingest.merge: the parts are shards {have}: not every shard of one split",
              file=sys.stderr)
        return 2
    outcomes.sort(key=lambda o: o.source_file)
    relate(outcomes)
    from rich.console import Console
    return land(outcomes, args.out, args.format, Console(stderr=True), args.quiet)


if __name__ == "__main__":
    sys.exit(main())
