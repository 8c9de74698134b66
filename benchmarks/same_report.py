"""Check that two report.json files hold the same analysis, apart from timing.

Usage: python benchmarks/same_report.py BEFORE.json AFTER.json

Used when a change must not alter behaviour (a refactoring, a speed-up): run `make run` before and
after, keep the first report.json, then compare. Timing stats (`seconds*`) and the recorded
configuration's run-specific fields are ignored; everything else must be equal. Exits 0 when the
two analyses are the same, 1 with the first differences otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

IGNORED_STATS_PREFIX = "seconds"
IGNORED_KEYS = {"config", "schema_version"}  # recorded by newer reports only (schema 1.4 added config)


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    """The report without timing stats and run-specific fields."""
    kept = {key: value for key, value in report.items() if key not in IGNORED_KEYS}
    stats = kept.get("stats", {})
    kept["stats"] = {key: value for key, value in stats.items() if not key.startswith(IGNORED_STATS_PREFIX)}
    return kept


def differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Paths at which two JSON values differ (at most the first few per level)."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = [f"{path}.{key}: only in one report" for key in sorted(set(before) ^ set(after))]
        for key in sorted(set(before) & set(after)):
            found += differences(before[key], after[key], f"{path}.{key}")
        return found
    if isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            return [f"{path}: {len(before)} vs {len(after)} items"]
        pairs = enumerate(zip(before, after, strict=True))
        return [d for i, (b, a) in pairs for d in differences(b, a, f"{path}[{i}]")]
    return [] if before == after else [f"{path}: {before!r:.80} vs {after!r:.80}"]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2])
        return 2
    before, after = (comparable(json.loads(Path(p).read_text(encoding="utf-8"))) for p in argv)
    found = differences(before, after)
    for line in found[:20]:
        print(line)
    print("same analysis" if not found else f"{len(found)} differences")
    return 0 if not found else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
