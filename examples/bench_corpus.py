# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Who, where and which figures: a corpus of 14,681 news posts
#
# The bench corpus (`../shared/bench`, see its README) holds 14,681 Russian news posts from
# Telegram channels, August 2023 to December 2024. We extract every post once, dated by
# `news_sources.tsv`, and ask the `Corpus` view three questions an analyst would ask:
#
# 1. Which regions are written about, and which are posts mainly about?
# 2. Who is written about most, under which titles, and when?
# 3. Which figures were reported over time: the rouble's exchange rate, and Moscow's figures?
#
# Run it from `examples/`. `GOVDIGEST_BENCH` (the corpus folder), `GOVDIGEST_OUT` (where
# digests, figures and the report go), `GOVDIGEST_BENCH_EVERY` (take every n-th post; the
# tests take every 10th) and `GOVDIGEST_JOBS` (worker processes) override the defaults.
# Needs `pip install "ru_govdigest[notebook]"`.

# %%
import csv
import json
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # figures go to files; nothing opens a window
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from ru_govdigest import Extractor
from ru_govdigest.corpus import Corpus
from ru_govdigest.report import write_report

BENCH = Path(os.environ.get("GOVDIGEST_BENCH", "../../shared/bench"))
OUT = Path(os.environ.get("GOVDIGEST_OUT", "../out"))
EVERY = int(os.environ.get("GOVDIGEST_BENCH_EVERY", "1"))
JOBS = int(os.environ.get("GOVDIGEST_JOBS", os.cpu_count() or 1))
OUT.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## Extract once
# Each post gets its channel's date as `published`. All 14,681 posts take about a minute on
# two cores; the digests are written to a JSON Lines file and read back on later runs
# (`govdigest extract` writes the same file from the command line).

# %%
DIGESTS = OUT / f"bench_digests_every{EVERY}.jsonl"
if not DIGESTS.exists():
    with (BENCH / "news_sources.tsv").open(encoding="utf-8", newline="") as f:
        published = {row["id"]: row["date"] for row in csv.DictReader(f, delimiter="\t")}
    with (BENCH / "news.jsonl").open(encoding="utf-8") as f:
        posts = [json.loads(line) for n, line in enumerate(f, 1) if n % EVERY == 0]
    records = [{"id": p["id"], "text": p["text"], "published": published[p["id"]]} for p in posts]
    with DIGESTS.open("w", encoding="utf-8") as out:
        for digest in Extractor().pipe(records, n_process=JOBS):
            out.write(digest.to_json() + "\n")

corpus = Corpus.from_jsonl(DIGESTS)
corpus

# %% [markdown]
# ## 1. Which regions are written about?
# `regions()` counts, per region, the posts that name it, those mainly about it
# (`primary`), the persons whose region it is and the figures that belong to it.

# %%
regions = corpus.regions()
articles = corpus.articles()
print(f"{articles['regions'].gt(0).mean():.0%} of posts name a region, "
      f"{articles['primary'].notna().mean():.0%} are mainly about one; "
      f"{len(regions)} regions in all")
display(regions.head(10))

top = regions.head(12).set_index("name")[["articles", "primary"]].iloc[::-1]
ax = top.plot.barh(figsize=(7, 4.5), color=["#3b78b5", "#9cc0e4"])
ax.set_xlabel("posts")
ax.set_ylabel("")
ax.figure.savefig(OUT / "bench_regions.png", bbox_inches="tight")
plt.close(ax.figure)

# %% [markdown]
# ## 2. Who is written about most?
# `officials()` merges the spellings of a person across posts: a surname alone or with
# initials joins the full name when that is unambiguous in the corpus.

# %%
officials = corpus.officials()
raw_names = corpus.official_mentions()["name"].nunique()
print(f"{raw_names} name strings -> {len(officials)} persons")
display(officials.head(15)[["name", "position", "articles", "first_seen", "last_seen",
                            "regions"]])

# %% [markdown]
# The persons written in more than one way, and the spellings merged into each:

# %%
merged = officials[officials["spellings"].map(len) > 1]
display(merged.head(10)[["name", "spellings", "articles", "positions"]])

# %% [markdown]
# ## 3. Which figures were reported over time?
# `timeline()` gives the figures with a date (their own, else the post's), oldest first.
# The rouble's exchange rate: figures whose subject says `курс`, in roubles, in the range a
# dollar or euro rate takes.

# %%
rates = corpus.timeline(subject="курс")
rates = rates[(rates["unit"] == "руб.") & rates["value"].between(50, 150)]
weekly = rates.set_index("when")["value"].resample("W").agg(["median", "min", "max", "count"])
weekly = weekly[weekly["count"] > 0]
display(weekly.tail(8))

fig, ax = plt.subplots(figsize=(7, 3))
ax.plot(weekly.index, weekly["median"], marker="o", color="#b5549a")
ax.fill_between(weekly.index, weekly["min"], weekly["max"], alpha=0.2, color="#b5549a")
ax.set_ylabel("roubles, weekly median")
fig.autofmt_xdate()
fig.savefig(OUT / "bench_rates.png", bbox_inches="tight")
plt.close(fig)

# %% [markdown]
# Moscow's figures by the month of their post and by kind: `indicators()` is ready for
# `pivot_table`.

# %%
moscow = corpus.indicators().query("region == 'RU-MOW' and date_source == 'article'")
display(moscow.pivot_table(index=moscow["when"].dt.to_period("M"), columns="kind",
                           values="value", aggfunc="count", fill_value=0).tail(6))

# %% [markdown]
# ## The report
# The same corpus as one HTML page to share: maps, charts, the officials and a sample of
# the figures, each linked to its post's digest (`govdigest report` does the same).

# %%
report = write_report(corpus, OUT / "bench_report.html", title="Bench news corpus")
print(f"{report} ({report.stat().st_size / 1e6:.1f} MB)")
