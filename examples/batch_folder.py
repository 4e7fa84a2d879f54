"""A batch run over a folder of articles: the CLI writes JSON Lines, pandas reads them back.

    python examples/batch_folder.py                      # the seed articles
    python examples/batch_folder.py ARTICLES/ --out out/ --jobs 0

``govdigest extract`` does the heavy lifting (worker processes, input order kept, one
error record for a file it cannot read, progress and a summary line); ``to_frames`` turns
the JSON Lines into one DataFrame per kind of item. Needs ``pip install
"ru_govdigest[pandas]"``.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from ru_govdigest import to_frames

KINDS = ("regions", "officials", "dates", "indicators")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def run_batch(folder: Path, out: Path, jobs: int) -> None:
    """``govdigest extract FOLDER -o OUT``, through the interpreter running this script."""
    subprocess.run([sys.executable, "-m", "ru_govdigest.cli", "extract", str(folder),
                    "-o", str(out), "--jobs", str(jobs), "--no-progress"], check=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=SEEDS,
                        help="folder of .txt/.html/.jsonl articles (default: the seeds)")
    parser.add_argument("--out", type=Path, default=Path("out"),
                        help="where digests.jsonl and the CSV tables go (default: out/)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (0 = all cores)")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    jsonl = args.out / "digests.jsonl"
    run_batch(args.folder, jsonl, args.jobs)

    # Error records ({"id", "error"}) are listed here; to_frames skips them.
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    errors = [r for r in records if "error" in r]
    print(f"{len(records)} articles, {len(errors)} errors")
    for r in errors:
        print(f"  {r['id']}: {r['error']}")

    frames = to_frames(jsonl)
    print(frames)
    articles = pd.Index([r["id"] for r in records if "error" not in r], name="id")
    per_article = pd.DataFrame({kind: frames[kind].groupby("id").size()
                                .reindex(articles, fill_value=0) for kind in KINDS})
    primary = frames.regions[frames.regions["primary"]].set_index("id")["code"]
    per_article["primary region"] = primary.reindex(articles)
    print("\nItems per article:")
    print(per_article.to_string())
    print("\nIndicators by kind:")
    print(frames.indicators.groupby("kind")["value"].agg(["count", "median"]).to_string())

    for kind in KINDS:
        frames[kind].to_csv(args.out / f"{kind}.csv", index=False)
    print(f"\nWrote {jsonl.name} and {', '.join(k + '.csv' for k in KINDS)} in {args.out}")


if __name__ == "__main__":
    main()
