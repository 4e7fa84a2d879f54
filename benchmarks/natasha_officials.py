"""Baseline: officials from natasha's NER alone, scored like ours.

Every PER span of natasha's full pipeline (segmenter, morphology tagger, NER) over the
whole article becomes a person, normalized by natasha itself (``span.normalize`` and
``NamesExtractor`` for first/last name); people are grouped by natasha's last name (or
the normalized span's last word). natasha gives no positions, so ``position`` is null.

    .venv/bin/python benchmarks/natasha_officials.py ../shared/eval/dev/texts -o /tmp/natasha.jsonl
    .venv/bin/python ../shared/eval/score.py ../shared/eval/dev/gold.jsonl /tmp/natasha.jsonl \
        --texts ../shared/eval/dev/texts
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from natasha import (Doc, MorphVocab, NamesExtractor, NewsEmbedding, NewsMorphTagger,
                     NewsNERTagger, Segmenter)


def officials(text: str, tools) -> list[dict]:
    segmenter, morph_tagger, ner_tagger, morph_vocab, names = tools
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_morph(morph_tagger)
    doc.tag_ner(ner_tagger)
    people: dict[str, dict] = {}
    for span in doc.spans:
        if span.type != "PER":
            continue
        span.normalize(morph_vocab)
        match = names.find(span.normal)
        fact = match.fact if match else None
        last = (fact.last if fact and fact.last else span.normal.split()[-1])
        key = last.lower().replace("ё", "е")
        person = people.setdefault(key, {"name": span.normal, "last_name": last,
                                         "first_name": None, "middle_name": None,
                                         "position": None, "mentions": []})
        if fact:
            person["first_name"] = person["first_name"] or fact.first
            person["middle_name"] = person["middle_name"] or fact.middle
        if len(span.normal) > len(person["name"]):
            person["name"] = span.normal
        person["mentions"].append({"start": span.start, "end": span.stop,
                                   "text": text[span.start:span.stop]})
    return list(people.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("texts", type=Path, help="folder of .txt articles")
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    start = time.perf_counter()
    emb = NewsEmbedding()
    morph_vocab = MorphVocab()
    tools = (Segmenter(), NewsMorphTagger(emb), NewsNERTagger(emb), morph_vocab,
             NamesExtractor(morph_vocab))
    loaded = time.perf_counter()
    paths = sorted(args.texts.glob("*.txt"))
    with args.output.open("w", encoding="utf-8") as out:
        for path in paths:
            text = path.read_bytes().decode("utf-8")
            row = {"id": path.stem, "published": None, "regions": [],
                   "officials": officials(text, tools), "dates": [], "indicators": []}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    done = time.perf_counter()
    print(f"natasha: {len(paths)} articles, load {loaded - start:.2f} s, "
          f"{(done - loaded) / max(len(paths), 1) * 1000:.1f} ms/article")


if __name__ == "__main__":
    main()
