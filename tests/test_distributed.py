"""Batch scoring on Dask workers: the same bytes out as one process, rows in order, models loaded once per worker."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from smrisk.batch import Chunk, score_file
from smrisk.cli import main
from smrisk.errors import InputError
from smrisk.model.store import load_bundle
from smrisk.policy import load_policy
from tests.conftest import awkward_csv

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    """Two single-threaded worker processes, as a user's own cluster would be."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):  # a dying worker fails its task at once
        local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0")
    with local:
        yield local


@pytest.fixture(scope="module")
def single_process(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> tuple[Path, bytes]:
    """The awkward CSV and its single-process output: what every distributed run must reproduce byte for byte."""
    folder = tmp_path_factory.mktemp("single")
    source = awkward_csv(folder / "in.csv")
    out = folder / "out.csv"
    assert main(["batch", str(source), "-o", str(out), "--model", str(tiny_model_dir), "--chunk-rows", "5", "--no-progress"]) == 0
    return source, out.read_bytes()


def test_single_process_output_keeps_awkward_rows(single_process: tuple[Path, bytes]) -> None:
    """The reference itself is right: quoted newlines kept inside their row, malformed rows kept, in order."""
    _, body = single_process
    rows = list(csv.DictReader(body.decode().splitlines(keepends=True)))
    assert len(rows) == 6 * 8 + 1 and [r["id"] for r in rows[:3]] == ["M001", "M002", "M003"]
    assert rows[0]["text"] == "A note to my team:\n\nWe did it, on time.\nThank you, all of you." and rows[0]["status"] == "ok"
    assert rows[6]["text"] == "two lines\r\nwith a CRLF inside"
    assert rows[2]["status"].startswith("malformed") and rows[3]["status"].startswith("malformed")
    assert rows[5]["status"] == "empty_text" and rows[-1]["status"].startswith("suspect")


def test_two_local_workers_write_the_same_bytes(tmp_path, tiny_model_dir, single_process, capsys) -> None:
    source, expected = single_process
    out = tmp_path / "out.csv"
    argv = ["batch", str(source), "-o", str(out), "--model", str(tiny_model_dir), "--chunk-rows", "5", "--no-progress"]
    assert main([*argv, "--workers", "2"]) == 0
    assert out.read_bytes() == expected
    assert not Path(f"{out}.partial").exists() and not Path(f"{out}.progress").exists()
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [err.strip().splitlines()[-1]] and "scored 49 rows" in err  # no Dask chatter


def test_closing_the_local_cluster_logs_nothing_even_with_verbose(tmp_path, tiny_model_dir, capsys) -> None:
    """-v shows Dask's start-up, but not its shutdown (dozens of INFO lines on each run, and at times
    a harmless CommClosedError traceback after a clean finish)."""
    import logging

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    dask_log = logging.getLogger("distributed")
    level = dask_log.level
    dask_log.addHandler(handler)
    source = tmp_path / "in.csv"
    source.write_text("text\nsee you at the offsite\n", encoding="utf-8")
    try:
        dask_log.setLevel(logging.INFO)
        argv = ["-v", "batch", str(source), "-o", str(tmp_path / "out.csv"), "--model", str(tiny_model_dir), "--no-progress"]
        assert main([*argv, "--workers", "1"]) == 0
    finally:
        dask_log.removeHandler(handler)
        dask_log.setLevel(level)
    assert any("Start" in r.getMessage() for r in records)  # verbose: the cluster's start is shown
    assert not [r.getMessage() for r in records if "clos" in r.getMessage().lower()]
    assert "scored 1 row" in capsys.readouterr().err


def test_scheduler_address_gives_the_same_bytes_and_loads_the_model_once_per_worker(
    tmp_path, tiny_model_dir, single_process, cluster
) -> None:
    source, expected = single_process
    out = tmp_path / "out.csv"
    argv = ["batch", str(source), "-o", str(out), "--model", str(tiny_model_dir), "--chunk-rows", "5", "--no-progress"]
    assert main([*argv, "--scheduler", cluster.scheduler_address]) == 0
    assert out.read_bytes() == expected
    with distributed.Client(cluster, set_as_default=False) as client:
        cached = client.run(lambda: sorted(str(model) for model, *_ in __import__("smrisk.worker").worker._scorers))
    # ten tasks of five rows, yet each worker holds one scorer: loaded on first use, never shipped per task
    assert sorted(cached.values()) == [[str(tiny_model_dir)]] * 2


def test_resume_and_progress_bar_with_workers(tmp_path, tiny_model_dir, single_process, cluster, capsys) -> None:
    from smrisk.cluster import DaskRunner

    source, expected = single_process
    out = tmp_path / "out.csv"
    # a run killed after three rows, in the middle of writing more: resume cuts back to three and goes on
    Path(f"{out}.partial").write_bytes(expected + b"M004,half-writ")
    with DaskRunner(scheduler=cluster.scheduler_address, model=tiny_model_dir) as runner:
        assert runner.model_id == load_bundle(tiny_model_dir).model_id  # read from the card, the weights stay on the workers
        Path(f"{out}.progress").write_text('{"rows_done": 3, "model_id": "other@0123456789ab"}')
        with pytest.raises(InputError, match="scored with model other@0123456789ab, this run uses"):
            score_file(str(source), str(out), runner, chunk_rows=5, resume=True, progress=False)
        Path(f"{out}.progress").write_text('{"rows_done": 3}')  # as a release that recorded no model wrote it
        summary = score_file(str(source), str(out), runner, chunk_rows=5, resume=True, progress=True)
    assert out.read_bytes() == expected and summary.resumed_from == 3 and summary.rows == 49
    err = capsys.readouterr().err
    assert "smrisk batch" in err and "100%" in err


def test_at_most_in_flight_chunks_are_read_ahead(tiny_model_dir, cluster) -> None:
    """The driver reads only a few chunks ahead of what it has written, so its memory stays flat."""
    from smrisk.cluster import DaskRunner

    pulled = 0

    def chunks() -> Iterator[Chunk]:
        nonlocal pulled
        for i in range(12):
            pulled += 1
            yield Chunk([f"post number {i}"], [()], [[str(i)]], i)

    with DaskRunner(scheduler=cluster.scheduler_address, model=tiny_model_dir, in_flight=3) as runner:
        seen = []
        for done, (chunk, cells) in enumerate(runner.map(chunks(), reveal=False), start=1):
            assert pulled - done <= 3
            seen.append(chunk.cells[0][0])
            assert cells[0][-1] == "ok"
    assert seen == [str(i) for i in range(12)]


def test_a_policy_run_on_two_workers_writes_the_same_bytes_and_parses_the_policy_once_per_worker(
    tmp_path, tiny_model_dir, policy_file, cluster
) -> None:
    """The tasks carry the policy file's bytes; each worker parses them once and keeps the scorer by digest."""
    source = awkward_csv(tmp_path / "in.csv")  # "brand" is an official channel in this policy; ids stand in for authors
    argv = ["batch", str(source), "--model", str(tiny_model_dir), "--chunk-rows", "5", "--no-progress", "--policy",
            str(policy_file), "--author-column", "id", "--channel-column", "channel"]
    assert main([*argv, "-o", str(tmp_path / "one.csv")]) == 0
    expected = (tmp_path / "one.csv").read_bytes()
    rows = list(csv.DictReader(expected.decode().splitlines(keepends=True)))
    digest = load_policy(policy_file).digest
    assert len(rows) == 49 and {r["policy_sha256"] for r in rows} == {digest}
    assert rows[7]["speaker"].startswith("needs_approval: official channel, author M008 is not a spokesperson")
    assert rows[1]["speaker"] == "ok: personal account"
    assert main([*argv, "-o", str(tmp_path / "two.csv"), "--scheduler", cluster.scheduler_address]) == 0
    assert (tmp_path / "two.csv").read_bytes() == expected
    with distributed.Client(cluster, set_as_default=False) as client:
        cached = client.run(lambda: [key[2] for key in __import__("smrisk.worker").worker._scorers if key[2]])
    assert all(found in ([], [digest]) for found in cached.values()) and [digest] in cached.values(), cached


def test_a_row_swallowed_by_an_unclosed_quote_is_suspect_on_workers_too(tmp_path, tiny_model_dir, cluster, capsys) -> None:
    """The reader decides ``suspect`` where the file is read, so Dask workers and one process write the same rows."""
    source = tmp_path / "in.csv"
    source.write_text('id,text,parent\n1,"hello there,\n2,"who wants to split an ounce of coke for the offsite",\n'
                      '3,"great quarter everyone",\n')
    argv = ["batch", str(source), "--model", str(tiny_model_dir), "--chunk-rows", "1", "--no-progress"]
    assert main([*argv, "-o", str(tmp_path / "one.csv")]) == 0
    expected = (tmp_path / "one.csv").read_bytes()
    rows = list(csv.DictReader(expected.decode().splitlines(keepends=True)))
    assert [r["id"] for r in rows] == ["1", "3"] and rows[0]["status"].startswith("suspect: lines 2-3") and rows[1]["status"] == "ok"
    assert main([*argv, "-o", str(tmp_path / "two.csv"), "--scheduler", cluster.scheduler_address]) == 0
    assert (tmp_path / "two.csv").read_bytes() == expected
    assert capsys.readouterr().err.count("scored 2 rows [utf-8]: ok=1, suspect=1") == 2


def test_a_missing_model_on_the_workers_is_one_line(tmp_path, cluster, capsys) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text\nhello\n")
    code = main(["batch", str(source), "-o", str(tmp_path / "out.csv"), "--model", str(tmp_path / "nope"),
                 "--scheduler", cluster.scheduler_address])
    err = capsys.readouterr().err
    assert code == 2 and "does not exist" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("address", ["nonsense:::", "foo://bar"])
def test_a_malformed_scheduler_address_is_one_line(tmp_path, capsys, address: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text\nhello\n")
    assert main(["batch", str(source), "-o", str(tmp_path / "out.csv"), "--scheduler", address]) == 2
    err = capsys.readouterr().err
    assert f"cannot reach the Dask scheduler at {address}" in err and len(err.strip().splitlines()) == 1


def test_a_worker_that_dies_is_one_line_and_the_rows_so_far_are_kept(tmp_path, tiny_model_dir, cluster, monkeypatch, capsys) -> None:
    """Runs last in this module: it kills a worker (the nanny starts a new one)."""
    import smrisk.cluster
    from smrisk.worker import score_chunk

    def dies_on_the_third_chunk(rows, *args):  # noqa: ANN001, ANN002, ANN202
        import os

        from smrisk.worker import unpack

        if unpack(rows)[0][0] == "post number 10":
            os._exit(1)
        return score_chunk(rows, *args)

    monkeypatch.setattr(smrisk.cluster, "score_chunk", dies_on_the_third_chunk)
    source = tmp_path / "in.csv"
    source.write_text("text\n" + "".join(f"post number {i}\n" for i in range(20)))
    out = tmp_path / "out.csv"
    code = main(["batch", str(source), "-o", str(out), "--model", str(tiny_model_dir), "--chunk-rows", "5", "--no-progress",
                 "--scheduler", cluster.scheduler_address])
    err = capsys.readouterr().err
    assert code == 2 and "the Dask cluster failed while scoring (KilledWorker" in err and "--resume" in err, err
    assert len(err.strip().splitlines()) == 1
    # the chunks finished before the death are kept, in order; which of the first two survive depends on
    # which worker held them when the other died, so only whole chunks, never the failing one, are asserted
    kept = Path(f"{out}.partial").read_text().splitlines()[1:]
    assert len(kept) in (0, 5, 10) and not out.exists()
    assert [line.split(",")[0] for line in kept] == [f"post number {i}" for i in range(len(kept))]


def test_suggestion_columns_on_workers_are_the_same_bytes(tmp_path, tiny_model_dir, cluster) -> None:
    """The suggested response is computed where the file is read and written, so a Dask run matches one process."""
    source = awkward_csv(tmp_path / "in.csv")
    argv = ["batch", str(source), "--model", str(tiny_model_dir), "--chunk-rows", "5", "--no-progress", "--library", "starter"]
    assert main([*argv, "-o", str(tmp_path / "one.csv")]) == 0
    expected = (tmp_path / "one.csv").read_bytes()
    rows = list(csv.DictReader(expected.decode().splitlines(keepends=True)))
    assert list(rows[0])[-2:] == ["suggested_response", "suggested_owner"] and any(r["suggested_response"] for r in rows)
    assert main([*argv, "-o", str(tmp_path / "two.csv"), "--scheduler", cluster.scheduler_address]) == 0
    assert (tmp_path / "two.csv").read_bytes() == expected
