"""A reviewer's decision on a finding, kept as data: accepted as an exception (waive) with a reason,
or marked as this project's reading error (false_finding, for the maintainers). Appended to
seeds/reference/ref_waivers.csv, which every build loads: the decision survives rebuilds, takes
the finding out of the gate's count and shows in fct_compliance_findings and the scorecard.

    python -m check.decide DOC_ID RULE_ID SUBJECT_CODE --waive|--false-finding --reason TEXT --by NAME

SUBJECT_CODE is the finding's subject_code ('*' for every subject of the rule, '' for a finding
that has none).
"""
from __future__ import annotations

import argparse
import csv
import fcntl
import os
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

# The seed every build loads. CHECK_DECISIONS_FILE moves where decisions are written, for a test
# (the build still loads SEED only).
SEED = Path(__file__).resolve().parent.parent / "seeds" / "reference" / "ref_waivers.csv"
WAIVERS = Path(os.environ.get("CHECK_DECISIONS_FILE") or SEED)
COLUMNS = ["doc_id", "rule_id", "subject_code", "reason", "decision", "decided_by", "decided_at"]
DECISIONS = {"waive": "接受为例外", "false_finding": "本项目读取错误"}


class BadDecision(ValueError):
    """The decision cannot be recorded as given; the message says why (中文)."""


def record(doc_id: str, rule_id: str, subject_code: str | None, decision: str, reason: str, by: str,
           path: Path = WAIVERS) -> dict:
    if not re.fullmatch(r"[0-9a-z]{6,64}", doc_id or ""):
        raise BadDecision("文档编号（doc_id）不对。")
    if not re.fullmatch(r"R[0-9]{2}[A-Z]?", rule_id or ""):
        raise BadDecision("规则编号不对（如 R23）。")
    if decision not in DECISIONS:
        raise BadDecision("决定只能是 waive（接受为例外）或 false_finding（本项目读取错误）。")
    reason, by = " ".join((reason or "").split()), " ".join((by or "").split())
    if not reason:
        raise BadDecision("请写明理由。")
    if not by:
        raise BadDecision("请写明决定人。")
    row = {"doc_id": doc_id, "rule_id": rule_id, "subject_code": subject_code or "", "reason": reason[:500],
           "decision": decision, "decided_by": by[:100],
           "decided_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    with path.open("a+", encoding="utf-8", newline="") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)           # two reviewers saving at once append whole rows
        fh.seek(0)
        if not fh.read(1):
            csv.writer(fh, lineterminator="\n").writerow(COLUMNS)
        fh.seek(0, 2)
        csv.DictWriter(fh, COLUMNS, lineterminator="\n").writerow(row)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m check.decide", description=__doc__.splitlines()[0],
                                 epilog="\n".join(__doc__.splitlines()[5:]),
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("doc_id")
    ap.add_argument("rule_id")
    ap.add_argument("subject_code")
    which = ap.add_mutually_exclusive_group(required=True)
    which.add_argument("--waive", action="store_const", const="waive", dest="decision")
    which.add_argument("--false-finding", action="store_const", const="false_finding", dest="decision")
    ap.add_argument("--reason", required=True)
    ap.add_argument("--by", required=True)
    args = ap.parse_args(argv)
    try:
        row = record(args.doc_id, args.rule_id, args.subject_code, args.decision, args.reason, args.by)
    except BadDecision as exc:
        print(f"decide: {exc}", file=sys.stderr)
        return 2
    print(f"decide: {DECISIONS[row['decision']]} — {row['doc_id']} {row['rule_id']} {row['subject_code'] or '(无对象)'}"
          f"，{row['decided_by']}，{row['decided_at']}；下次构建或检查时生效（{WAIVERS}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
