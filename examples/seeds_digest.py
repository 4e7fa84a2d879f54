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
# # Digests of the seed articles
#
# Extract the five seed press releases, look at one digest with its mentions highlighted,
# then turn all of them into pandas tables: a region × indicator table across articles and
# one figure.
#
# Run it from `examples/` (Jupyter does: the kernel starts in the notebook's folder), or
# headless with `jupyter execute examples/seeds_digest.ipynb`. `GOVDIGEST_SEEDS` and
# `GOVDIGEST_OUT` override where the articles are read from and where the figure is
# written. Needs `pip install "ru_govdigest[notebook]"`.

# %%
import os
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from ru_govdigest import Extractor, to_frames

SEEDS = Path(os.environ.get("GOVDIGEST_SEEDS", "../seeds"))
OUT = Path(os.environ.get("GOVDIGEST_OUT", "../out"))
OUT.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## Extract
# An `Extractor` loads its models once; `pipe` takes `(id, text)` pairs and keeps their order.

# %%
extractor = Extractor()
articles = [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))]
digests = list(extractor.pipe(articles))
for d in digests:
    print(repr(d))

# %% [markdown]
# ## One digest
# In a notebook a `Digest` shows itself as the article with regions, officials, positions,
# dates and indicators highlighted (hover a highlight for its value), then a table of each.

# %%
display(digests[2])

# %% [markdown]
# ## Tables
# `to_frames` gives the digest table (one row per item, the rows `govdigest extract -o
# items.parquet` writes) and a view of it per kind of item, each row with the article `id`:
# ready for `groupby`, `merge` and `pivot_table`.

# %%
frames = to_frames(digests)
print(frames)
display(frames.regions[["id", "code", "name", "primary", "mentions", "text"]])

# %% [markdown]
# ### Region × indicator across articles
# How many figures each region's articles report, by kind of figure, with the regions'
# names taken from the regions table.

# %%
names = frames.regions.drop_duplicates("code").set_index("code")["name"]
indicators = frames.indicators.assign(
    region_name=frames.indicators["region"].map(names).fillna("(no region)"))
by_region = indicators.pivot_table(index="region_name", columns="kind", values="value",
                                   aggfunc="count", fill_value=0)
by_region["total"] = by_region.sum(axis=1)
by_region = by_region.sort_values("total", ascending=False)
display(by_region)

# %% [markdown]
# The largest percentage each article reports, with what it measures:

# %%
percents = indicators[indicators["kind"] == "percent"]
display(percents.loc[percents.groupby("id")["value"].idxmax(),
                     ["id", "region_name", "text", "value", "qualifier", "subject"]])

# %% [markdown]
# ## One figure
# Figures per region, stacked by kind, shown here and written to
# `OUT/indicators_by_region.png`.

# %%
fig, ax = plt.subplots(figsize=(8, 4))
by_region.drop(columns="total").plot.barh(stacked=True, ax=ax)
ax.invert_yaxis()
ax.set_xlabel("indicators in the seed articles")
ax.set_ylabel("")
ax.set_title("Numeric indicators by region and kind")
fig.tight_layout()
figure_path = OUT / "indicators_by_region.png"
fig.savefig(figure_path, dpi=100)
print("figure written to", figure_path)
display(fig)  # inline, once: closing it keeps Jupyter from showing it again
plt.close(fig)
