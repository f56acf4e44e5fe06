"""Re-checking a corrected version of the same department-year-stage replaces the earlier check and
says what changed: findings fixed, still open, new. Kept in <check root>/history.json."""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path


def _key(document: dict) -> str | None:
    parts = [document.get("department_name"), document.get("fiscal_year"), document.get("stage")]
    if any(p in (None, "") for p in parts):
        return None               # an unidentified document is compared with nothing
    return "|".join(str(p) for p in parts)


def record_and_compare(result, findings) -> dict | None:
    root: Path = result.stored.folder.parent
    path = root / "history.json"
    history = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    key = _key(result.document or {})
    if key is None:
        return None
    texts = {f.key: f"[{f.rule_id}] {f.detail or f.message}" for f in findings}
    earlier = history.get(key)
    changes = None
    if earlier and earlier["sha256"] != result.stored.sha256:
        before = earlier["findings"]
        changes = {
            "previous_sha256": earlier["sha256"], "previous_checked_at": earlier["checked_at"],
            "fixed": sorted(text for k, text in before.items() if k not in texts),
            "open": sorted(text for k, text in texts.items() if k in before),
            "new": sorted(text for k, text in texts.items() if k not in before),
        }
    history[key] = {"sha256": result.stored.sha256, "folder": result.stored.folder.name,
                    "checked_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "findings": texts}
    tmp = path.with_suffix(f".{os.getpid()}.part")
    tmp.write_text(json.dumps(history, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return changes
