"""What the project's command lines share: `--help` ends with the exit codes the command returns.

    parser = cli.parser("python -m x", __doc__.split("\n\n")[0], {0: "done", 2: "bad usage"})

The codes are given once, as a mapping code → meaning (a key may be text, e.g. "N", for a code
passed through from a command the CLI runs); where a module names its codes as constants, the
mapping is built from them.
"""
from __future__ import annotations

import argparse
import textwrap

# argparse exits 2 on a usage error (an unknown option, a missing argument) before main runs.
USAGE = "bad usage (argparse)"
WIDTH = 96


def exit_codes(codes: dict[int | str, str]) -> str:
    """The epilog listing every exit code and what it means, one code a line (wrapped)."""
    width = max(len(str(code)) for code in codes)
    lines = ["exit codes:"]
    for code, meaning in codes.items():
        lines += textwrap.wrap(meaning, WIDTH, initial_indent=f"  {str(code):<{width}}  ",
                               subsequent_indent=" " * (width + 4))
    return "\n".join(lines)


def parser(prog: str, description: str | None, codes: dict[int | str, str]) -> argparse.ArgumentParser:
    """An ArgumentParser whose --help ends with `exit_codes(codes)`, kept as written."""
    return argparse.ArgumentParser(prog=prog, description=description, epilog=exit_codes(codes),
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
