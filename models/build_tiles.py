"""Build models/region_tiles.tsv (the tile grid map of the federal subjects) from
models/region_points.tsv.

    .venv/bin/python models/build_tiles.py

Every subject gets one square tile of a COLUMNS x ROWS grid. Each subject's point
(latitude, longitude) is first spread so that the crowded west and the empty east of the
country get room in proportion to their number of subjects: a coordinate becomes a blend of
its rank among all points (share ``SPREAD``) and its linear position. Then the subjects are
assigned to distinct cells by the minimum total squared distance between where a point
falls and its cell (the Hungarian algorithm, exact), so neighbours on the ground stay
neighbours on the grid as far as squares allow. The same input gives the same layout.
"""
from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "region_points.tsv"
TARGET = HERE / "region_tiles.tsv"

COLUMNS, ROWS = 17, 10
SPREAD = {"lon": 0.9, "lat": 0.6}  # share of the rank in each spread coordinate
HEADER = ("# Built by models/build_tiles.py from models/region_points.tsv "
          "(minimum-cost assignment of each subject's point to a grid cell). "
          "Do not edit by hand.\n")


def read_points() -> list[dict[str, str]]:
    with SOURCE.open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def spread(values: list[float], share: float) -> list[float]:
    """Each value in [0, 1]: ``share`` of its rank plus the rest of its linear position."""
    low, high = min(values), max(values)
    order = sorted(range(len(values)), key=lambda i: values[i])
    rank = [0.0] * len(values)
    for position, i in enumerate(order):
        rank[i] = position / (len(values) - 1)
    return [share * rank[i] + (1 - share) * (v - low) / (high - low)
            for i, v in enumerate(values)]


def assign(cost: list[list[float]]) -> list[int]:
    """Minimum-cost assignment of n rows to distinct columns of an n x m matrix (n <= m):
    the column of each row. Hungarian algorithm with potentials, O(n^2 m)."""
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: the row (1-based) holding column j; column 0 is free
    way = [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0] = row
        j0 = 0
        best = [inf] * (m + 1)
        used = [False] * (m + 1)
        while owner[j0]:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if reduced < best[j]:
                        best[j], way[j] = reduced, j0
                    if best[j] < delta:
                        delta, j1 = best[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    best[j] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    column = [0] * n
    for j in range(1, m + 1):
        if owner[j]:
            column[owner[j] - 1] = j - 1
    return column


def layout(points: list[dict[str, str]]) -> list[tuple[int, int]]:
    """(row, column) of each point."""
    xs = spread([float(p["lon"]) for p in points], SPREAD["lon"])
    ys = spread([float(p["lat"]) for p in points], SPREAD["lat"])
    cells = [(r, c) for r in range(ROWS) for c in range(COLUMNS)]
    cost = [[(x * (COLUMNS - 1) - c) ** 2 + ((1 - y) * (ROWS - 1) - r) ** 2 for r, c in cells]
            for x, y in zip(xs, ys)]
    return [cells[j] for j in assign(cost)]


def main() -> None:
    points = read_points()
    with TARGET.open("w", encoding="utf-8", newline="") as f:
        f.write("code\tlabel\trow\tcol\n" + HEADER)
        for point, (row, col) in zip(points, layout(points)):
            f.write(f"{point['code']}\t{point['label']}\t{row}\t{col}\n")
    print(f"wrote {TARGET} ({len(points)} tiles, {COLUMNS} x {ROWS} grid)")


if __name__ == "__main__":
    main()
