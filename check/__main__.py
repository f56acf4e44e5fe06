"""Check one disclosure before it is published: python -m check FILE [--root DIR]

The file is stored under its content hash, read in a child process with limits, built into a
scratch warehouse of its own (the shared warehouse is never written) and gated alone. Progress is
printed per stage; the report lands in <root>/<hash>/: annotated.pdf (each finding on its page),
findings.xlsx, report.md, findings.json and pages/finding-N.png.

exit codes (the gate's):
  0  pass: no unwaived error-severity finding
  1  fail: an unwaived error-severity finding
  2  cannot decide: a key rule could not be evaluated, or the file was refused (empty, not a PDF,
     encrypted, too large, too many pages, or its reading failed or exceeded a limit)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .pipeline import ROOT, STAGES, check_file
from .report import VERDICT_ZH


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m check", description=__doc__.splitlines()[0],
                                     epilog=__doc__.split("exit codes")[1].join(["exit codes", ""]),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", help="the PDF (or text extraction) to check")
    parser.add_argument("--root", default=str(ROOT), help=f"where checks are kept (default {ROOT})")
    args = parser.parse_args(argv)
    path = Path(args.file)
    if not path.is_file():
        print(f"check: no such file: {args.file}", file=sys.stderr)
        return 2
    numbers = {key: k + 1 for k, (key, _) in enumerate(STAGES)}

    def progress(stage: str, text: str) -> None:
        print(f"[{numbers.get(stage, '?')}/{len(STAGES)}] {text}", flush=True)

    result = check_file(path.read_bytes(), path.name, root=Path(args.root), progress=progress)
    print(f"结论：{VERDICT_ZH.get(result.verdict, result.verdict)}　{result.message}")
    if result.seconds:
        print("用时：" + "，".join(f"{k} {v:.1f}s" for k, v in result.seconds.items()))
    for name, artifact in result.artifacts.items():
        print(f"{name}: {artifact}")
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
