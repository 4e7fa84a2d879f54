"""natasha's DatesExtractor on a folder of articles, as digests the shared scorer reads.

    python benchmarks/natasha_dates.py ../shared/eval/dev/texts -o natasha_dates.jsonl
    python ../shared/eval/score.py ../shared/eval/dev/gold.jsonl natasha_dates.jsonl --texts ../shared/eval/dev/texts

natasha gives year/month/day facts; each becomes the ISO value of its precision
(``2024-07-01``, ``2024-07``, ``2024``, or ``--07-01`` without a year). Only the dates task is
meaningful in the output; the other lists stay empty.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from natasha import DatesExtractor, MorphVocab


def iso(fact) -> str | None:
    if fact.year and fact.month and fact.day:
        return f"{fact.year:04d}-{fact.month:02d}-{fact.day:02d}"
    if fact.year and fact.month:
        return f"{fact.year:04d}-{fact.month:02d}"
    if fact.year:
        return f"{fact.year:04d}"
    if fact.month and fact.day:
        return f"--{fact.month:02d}-{fact.day:02d}"
    if fact.month:
        return f"--{fact.month:02d}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    extractor = DatesExtractor(MorphVocab())
    with args.output.open("w", encoding="utf-8") as out:
        for path in sorted(args.folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            dates = []
            for match in extractor(text):
                value = iso(match.fact)
                if value:
                    dates.append({"text": text[match.start:match.stop], "start": match.start,
                                  "end": match.stop, "value": value, "precision": ""})
            record = {"id": path.stem, "published": None, "regions": [], "officials": [],
                      "dates": dates, "indicators": []}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
