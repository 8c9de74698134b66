"""Score `rashomon analyze` on the bundled example corpus against its hand annotation.

Usage: python benchmarks/gold_eval.py [REPORT_JSON] [GOLD_JSON]
Without arguments it analyses examples/iran-belarus-2023 into a temporary folder first.
Prints the scores and writes them to benchmarks/results/gold_eval.json.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "iran-belarus-2023.gold.json"
EXAMPLES = ROOT / "examples" / "iran-belarus-2023"
RESULTS = ROOT / "benchmarks" / "results" / "gold_eval.json"
TARGETS = {"link_recall": 0.80, "link_precision": 0.80}


def analyze_examples(out: Path) -> Path:
    from rashomon.engines.local import analyze
    from rashomon.report import write_reports

    report = analyze([str(EXAMPLES)])
    return write_reports(report, out)["json"]


def main(argv: list[str]) -> int:
    from rashomon.evaluate import score

    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(argv[0]) if argv else analyze_examples(Path(scratch))
        gold_path = Path(argv[1]) if len(argv) > 1 else GOLD
        result = score(json.loads(report_path.read_text(encoding="utf-8")), json.loads(gold_path.read_text("utf-8")))
    scores = result.as_dict()
    print(f"{'metric':<28}{'value':>12}{'target':>12}")
    targets = {
        **TARGETS,
        "boilerplate_lines_left": 0,
        "repeated_headlines_left": 0,
        "persian_words_restored": "all",
        "citations_found": "4/4",
        "entities_found": ">= 13/14",
        "quote_groups_found": ">= 5/6",
        "quote_speakers_right": ">= 5/6",
        "source_links_found": "1/1",
        "divergences_found": "3/3",
    }
    for key, value in scores.items():
        print(f"{key:<28}{value!s:>12}{targets.get(key, '')!s:>12}")
    for line in result.boilerplate_left:
        print(f"  boilerplate left: {line}")
    for name, missed in (
        ("entity", result.missed_entities),
        ("quote group", result.missed_quotes),
        ("divergence", result.missed_divergences),
    ):
        for item in missed:
            print(f"  missed {name}: {item}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    met = (
        result.link_recall >= TARGETS["link_recall"]
        and result.link_precision >= TARGETS["link_precision"]
        and result.entities_found >= 13
        and result.quote_groups_found >= 5
        and result.divergences_found == result.divergences_total
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
