"""Dask scale-out on a real two-process LocalCluster: results equal the local run."""
from __future__ import annotations

import pytest

pytest.importorskip("dask.bag", reason="the dask extra is not installed: "
                                       "pip install 'ru_govdigest[dask]'")
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed: "
                                                        "pip install 'ru_govdigest[dask]'")
pd = pytest.importorskip("pandas", reason="the dask extra is not installed")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402

from conftest import SEEDS  # noqa: E402
from ru_govdigest.cli import main  # noqa: E402
from ru_govdigest import to_frames  # noqa: E402
from ru_govdigest.dask import extract_bag, extract_dataframe  # noqa: E402
from ru_govdigest.frames import COLUMNS, DTYPES  # noqa: E402

SEED_FILES = sorted(SEEDS.glob("*.txt"))
ITEMS = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in SEED_FILES]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            yield client


@pytest.fixture(scope="module")
def local_records(extractor):
    return [extractor.extract(item["text"], id=item["id"]).to_dict() for item in ITEMS]


def test_bag_on_the_cluster_equals_the_local_run(client, local_records):
    bag = db.from_sequence(ITEMS + ["Текст без id.", 42], npartitions=3)
    records = extract_bag(bag).compute()
    assert records[:len(ITEMS)] == local_records
    assert records[len(ITEMS)]["id"] is None and "error" not in records[len(ITEMS)]
    assert records[-1]["error"].startswith("not an article item")
    workers = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2


def test_dataframe_on_the_cluster_is_the_to_frames_table(client, extractor):
    dates = [None, "2021-09-07", None, None, None]
    frame = pd.DataFrame({"doc": [i["id"] for i in ITEMS] + ["x"],
                          "body": [i["text"] for i in ITEMS] + [None],
                          "date": dates + [None]})
    ddf_out = extract_dataframe(dd.from_pandas(frame, npartitions=2), text_col="body",
                                id_col="doc", published_col="date")
    assert dict(ddf_out.dtypes.astype(str)) == DTYPES  # the metadata Dask plans with
    out = ddf_out.compute().reset_index(drop=True)
    expected = [extractor.extract(i["text"], id=i["id"], published=p)
                for i, p in zip(ITEMS, dates)]
    local = to_frames(expected).table
    pd.testing.assert_frame_equal(out.iloc[:len(local)].reset_index(drop=True), local)
    last = out.iloc[-1]
    assert (last["id"], last["type"], last["error_kind"]) == ("x", "error", "input")
    assert list(out.columns) == list(COLUMNS)


def test_cli_scheduler_option_writes_the_local_output(client, tmp_path):
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl"
    (tmp_path / "in").mkdir()
    for path in SEED_FILES:
        (tmp_path / "in" / path.name).write_bytes(path.read_bytes())
    (tmp_path / "in" / "zz_empty.txt").write_bytes(b"")
    assert main(["extract", str(tmp_path / "in"), "-o", str(local), "--no-progress"]) == 0
    assert main(["extract", str(tmp_path / "in"), "-o", str(remote), "--no-progress",
                 "--scheduler", client.scheduler.address]) == 0
    assert remote.read_bytes() == local.read_bytes()
    assert len(remote.read_text(encoding="utf-8").splitlines()) == len(SEED_FILES) + 1
