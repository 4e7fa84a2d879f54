"""A batch run over a folder of articles from Python, then pandas tables of the result.

    python examples/batch_folder.py                      # the seed articles
    python examples/batch_folder.py ARTICLES/ --out out/ --jobs 0

``Extractor.extract_folder`` reads the folder as ``govdigest extract`` does (every input
format, ids, encodings; worker processes with a time limit per article) and gives one
Digest per input in order, an unusable input as a Digest with its ``error``;
``to_frames`` turns the digests into the digest table and one view per kind of item.
Needs ``pip install "ru_govdigest[pandas]"``.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from ru_govdigest import Extractor, to_frames

KINDS = ("regions", "officials", "dates", "indicators")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=SEEDS,
                        help="folder of articles: .txt, .html, .jsonl, .csv, ... "
                             "(default: the seeds)")
    parser.add_argument("--out", type=Path, default=Path("out"),
                        help="where digests.jsonl and the CSV tables go (default: out/)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="worker processes (0: one per core; 1: this process)")
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds an article may take in a worker (default: 300)")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    jsonl = args.out / "digests.jsonl"
    digests = []
    with jsonl.open("w", encoding="utf-8") as f:
        for digest in Extractor().extract_folder(args.folder, n_process=args.jobs,
                                                 timeout=args.timeout):
            f.write(digest.to_json() + "\n")  # error digests as error records
            digests.append(digest)

    errors = [d for d in digests if d.error]
    print(f"{len(digests)} articles, {len(errors)} errors")
    for d in errors:
        print(f"  {d.id}: {d.error}")

    frames = to_frames(digests)
    print(frames)
    articles = pd.Index([d.id for d in digests if not d.error], name="id")
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
