"""Parquet in and out of `smrisk batch`: the same added cells as CSV, streamed, input types kept."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from smrisk.batch import SCORE_COLUMNS, score_file
from smrisk.cli import main
from smrisk.report import POLICY_COLUMNS
from tests.conftest import awkward_csv, speaker_csv

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def csv_cells(value: object) -> str:
    """A Parquet value as the csv module writes it."""
    return "" if value is None else str(value)


def parquet_as_csv_rows(path: Path) -> list[list[str]]:
    table = pq.read_table(path)
    return [table.column_names] + [[csv_cells(v) for v in row.values()] for row in table.to_pylist()]


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def run(*argv: str) -> int:
    return main(["batch", *argv, "--no-progress"])


def test_csv_to_parquet_has_the_csv_cells(tmp_path, tiny_model_dir) -> None:
    source = awkward_csv(tmp_path / "in.csv")
    model = ["--model", str(tiny_model_dir), "--chunk-rows", "7"]
    assert run(str(source), "-o", str(tmp_path / "out.csv"), *model) == 0
    assert run(str(source), "-o", str(tmp_path / "out.parquet"), *model) == 0
    assert parquet_as_csv_rows(tmp_path / "out.parquet") == csv_rows(tmp_path / "out.csv")
    schema = pq.read_schema(tmp_path / "out.parquet")
    assert [str(schema.field(c).type) for c in SCORE_COLUMNS] == ["double"] * 3 + ["int64"] * 3 + ["string"] * 2
    assert str(schema.field("id").type) == "string"


def test_parquet_in_parquet_out_and_csv_out(tmp_path, tiny_model_dir) -> None:
    texts = ["you idiot read the manual", None, "A note:\nwe did it, on time.", "my password is hunter22", ""]
    table = pa.table({"id": pa.array([10, 11, 12, 13, 14], pa.int64()), "text": texts,
                      "likes": pa.array([1.5, None, 3.0, 4.0, 0.0])})
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=2)
    model = ["--model", str(tiny_model_dir), "--chunk-rows", "3"]
    assert run(str(tmp_path / "in.parquet"), "-o", str(tmp_path / "out.parquet"), *model) == 0
    assert run(str(tmp_path / "in.parquet"), "-o", str(tmp_path / "out.csv"), *model) == 0
    scored = pq.read_table(tmp_path / "out.parquet")
    assert scored.schema.field("id").type == pa.int64() and scored.schema.field("likes").type == pa.float64()
    assert scored.column("id").to_pylist() == [10, 11, 12, 13, 14]
    assert scored.column("status").to_pylist() == ["ok", "empty_text", "ok", "ok", "empty_text"]
    assert parquet_as_csv_rows(tmp_path / "out.parquet") == csv_rows(tmp_path / "out.csv")
    # the same texts through CSV get the same scores
    frame = io.StringIO()
    csv.writer(frame).writerows([["id", "text"], *[[i, t or ""] for i, t in zip(range(10, 15), texts, strict=True)]])
    (tmp_path / "texts.csv").write_text(frame.getvalue(), encoding="utf-8", newline="")
    assert run(str(tmp_path / "texts.csv"), "-o", str(tmp_path / "texts_out.csv"), *model) == 0
    from_csv = [row[2:] for row in csv_rows(tmp_path / "texts_out.csv")]
    from_parquet = [row[3:] for row in csv_rows(tmp_path / "out.csv")]
    assert from_parquet == from_csv


def test_parquet_round_trip_of_a_scored_csv_input(tmp_path, tiny_model_dir) -> None:
    """CSV -> Parquet (the input columns as strings) -> scores: the same bytes as scoring the CSV itself."""
    source = tmp_path / "in.csv"
    source.write_text('id,text\n1,"line one\nline two, with a comma"\n2,you idiot\n3,\n4,"he said ""hi"""\n', newline="")
    with source.open(newline="") as handle:
        header, *rows = list(csv.reader(handle))
    pq.write_table(pa.table({name: [row[i] for row in rows] for i, name in enumerate(header)}), tmp_path / "in.parquet")
    model = ["--model", str(tiny_model_dir)]
    assert run(str(source), "-o", str(tmp_path / "a.csv"), *model) == 0
    assert run(str(tmp_path / "in.parquet"), "-o", str(tmp_path / "b.csv"), *model) == 0
    assert (tmp_path / "b.csv").read_bytes() == (tmp_path / "a.csv").read_bytes()


def test_a_policy_run_to_parquet_has_the_policy_columns(tmp_path, tiny_model_dir, policy_file) -> None:
    source = speaker_csv(tmp_path / "in.csv")
    argv = ["--model", str(tiny_model_dir), "--chunk-rows", "3", "--policy", str(policy_file), "--author-column", "author",
            "--channel-column", "channel"]
    assert run(str(source), "-o", str(tmp_path / "out.csv"), *argv) == 0
    assert run(str(source), "-o", str(tmp_path / "out.parquet"), *argv) == 0
    schema = pq.read_schema(tmp_path / "out.parquet")
    assert schema.names[-4:] == ["status", *POLICY_COLUMNS]
    assert [str(schema.field(c).type) for c in POLICY_COLUMNS] == ["string"] * 3
    assert parquet_as_csv_rows(tmp_path / "out.parquet") == csv_rows(tmp_path / "out.csv")
    # and back in: a Parquet input's author and channel columns are read the same way
    pq.write_table(pa.table({name: pq.read_table(tmp_path / "out.parquet").column(name) for name in ("id", "author", "channel", "text")}),
                   tmp_path / "in.parquet")
    assert run(str(tmp_path / "in.parquet"), "-o", str(tmp_path / "again.csv"), *argv) == 0
    assert csv_rows(tmp_path / "again.csv") == csv_rows(tmp_path / "out.csv")


def test_resume_from_a_parquet_input(tmp_path, tiny_scorer) -> None:
    pq.write_table(pa.table({"text": [f"post number {i}" for i in range(10)]}), tmp_path / "in.parquet", row_group_size=4)
    full, out = tmp_path / "full.csv", tmp_path / "out.csv"
    score_file(str(tmp_path / "in.parquet"), str(full), tiny_scorer, chunk_rows=3, progress=False)
    (tmp_path / "out.csv.partial").write_bytes(full.read_bytes() + b"post num")
    (tmp_path / "out.csv.progress").write_text('{"rows_done": 5}')
    summary = score_file(str(tmp_path / "in.parquet"), str(out), tiny_scorer, chunk_rows=3, resume=True, progress=False)
    assert out.read_bytes() == full.read_bytes() and summary.resumed_from == 5 and summary.rows == 10


def test_a_large_parquet_input_is_read_in_batches(tmp_path, tiny_scorer, monkeypatch) -> None:
    """Streamed: the reader asks pyarrow for batches of chunk_rows, never for the whole table."""
    pq.write_table(pa.table({"text": [f"post number {i}" for i in range(25)]}), tmp_path / "in.parquet", row_group_size=10)
    monkeypatch.setattr(pq.ParquetFile, "read", lambda *a, **k: pytest.fail("read the whole file"))
    monkeypatch.setattr(pq, "read_table", lambda *a, **k: pytest.fail("read the whole file"))
    sizes: list[int] = []
    original = pq.ParquetFile.iter_batches

    def iter_batches(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        for batch in original(self, *args, **kwargs):
            sizes.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", iter_batches)
    summary = score_file(str(tmp_path / "in.parquet"), str(tmp_path / "out.parquet"), tiny_scorer, chunk_rows=4, progress=False)
    assert summary.rows == 25 and max(sizes) <= 4 and sum(sizes) == 25


@pytest.mark.parametrize(
    ("make", "argv", "message"),
    [
        ("ints", ["--text-column", "id"], "column 'id' of .* holds int64, not text"),
        ("ints", ["--text-column", "body"], "no column 'body'.*columns are: id, text"),
        ("garbage", [], "cannot read .* as Parquet"),
        ("ints", ["--resume", "-o", "{tmp}/again.parquet"], "--resume needs a CSV output"),
    ],
)
def test_bad_parquet_use_is_one_line(tmp_path, tiny_scorer, capsys, make: str, argv: list[str], message: str) -> None:
    import re

    import smrisk.api

    source = tmp_path / "in.parquet"
    if make == "garbage":
        source.write_bytes(b"id,text\n1,not parquet\n")
    else:
        pq.write_table(pa.table({"id": [1, 2], "text": ["a", "b"]}), source)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    out = [] if "-o" in argv else ["-o", str(tmp_path / "out.parquet")]
    smrisk_default, smrisk.api._default = smrisk.api._default, tiny_scorer
    try:
        code = run(str(source), *out, *argv)
    finally:
        smrisk.api._default = smrisk_default
    err = capsys.readouterr().err
    assert code == 2 and re.search(message, err) and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "out.parquet").exists() and not (tmp_path / "out.parquet.partial").exists()
