"""The two halves of the claims benchmark, read from the per-story annotation files in parts/.

Fit on `load_half("fit")`; report on `load_half("heldout")`; never fit on the held-out half. The split is
fixed here: each family of recurring actors has stories on both sides.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PARTS = Path(__file__).resolve().parent / "parts"
SPLIT = {
    "fit": [
        "erdogan-putin-sochi-2018-09-17",
        "erdogan-putin-sochi-2021-09-29",
        "izmir-samos-earthquake-2020-10-30",
        "pope-francis-iraq-2021-03-05",
    ],
    "heldout": [
        "erdogan-putin-sochi-2023-09-04",
        "hatay-defne-earthquake-2023-02-20",
        "kahramanmaras-earthquakes-2023-02-06",
        "pope-francis-mongolia-2023-09-01",
    ],
}


def load_half(half: str) -> dict[str, Any]:
    """{"about", "stories": [one annotated story per event of the half]} (format: ../shared/annotation/CLAIMS.md)."""
    stories = [json.loads((PARTS / f"{event}.json").read_text(encoding="utf-8")) for event in SPLIT[half]]
    return {"about": f"claims benchmark, {half} half (benchmarks/claims/README.md)", "stories": stories}
