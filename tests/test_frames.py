"""smrisk.score_frame: pandas in, pandas out, Dask in, lazy Dask out, with exactly the batch's added cells."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

import smrisk
import smrisk.worker
from smrisk.batch import SCORE_COLUMNS
from smrisk.cli import main
from smrisk.errors import ConfigError, InputError, InputTypeError
from smrisk.policy import load_policy
from smrisk.report import POLICY_COLUMNS
from tests.conftest import speaker_csv

TEXTS = ["you idiot read the manual", None, "A note:\nwe did it, on time.", "my password is hunter22", "", "Happy Friday!"]


@pytest.fixture(scope="module")
def posts() -> pd.DataFrame:
    return pd.DataFrame({"id": range(len(TEXTS)), "text": TEXTS, "likes": [3, 1, 4, 1, 5, 9]}, index=[7, 7, 8, 9, 10, 11])


def batch_cells(tmp_path, frame: pd.DataFrame, model) -> list[list[str]]:  # noqa: ANN001
    """The cells `smrisk batch` adds to the same texts, as written in its CSV."""
    frame.assign(text=frame["text"].fillna("")).to_csv(tmp_path / "in.csv", index=False)
    assert main(["batch", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"), "--model", str(model), "--no-progress"]) == 0
    with (tmp_path / "out.csv").open(newline="") as handle:
        return [[row[c] for c in SCORE_COLUMNS] for row in csv.DictReader(handle)]


def as_csv_cells(frame: pd.DataFrame) -> list[list[str]]:
    return [["" if pd.isna(v) else str(v) for v in row] for row in frame[list(SCORE_COLUMNS)].itertuples(index=False)]


def test_pandas_frame_gets_the_batch_columns(tmp_path, tiny_model_dir, posts) -> None:
    scored = smrisk.score_frame(posts, model=tiny_model_dir, chunk_rows=4)
    assert list(scored.columns) == [*posts.columns, *SCORE_COLUMNS]
    assert scored.index.tolist() == posts.index.tolist()
    pd.testing.assert_frame_equal(scored[list(posts.columns)], posts)  # the caller's columns untouched
    assert as_csv_cells(scored) == batch_cells(tmp_path, posts, tiny_model_dir)
    assert scored["status"].tolist()[1] == "empty_text"  # a missing text is an empty one, as in CSV
    assert str(scored["derogatory_flag"].dtype) == "Int64" and str(scored["status"].dtype).startswith("string")


def test_values_that_are_not_text_get_an_error_status(tiny_model_dir) -> None:
    scored = smrisk.score_frame(pd.DataFrame({"text": ["hello", 42]}), model=tiny_model_dir)
    assert scored["status"].tolist() == ["ok", "error: InputTypeError: the text is an int, not a string"]
    assert scored.loc[1, list(SCORE_COLUMNS[:-1])].isna().all()


@pytest.mark.parametrize(
    ("frame", "error", "message"),
    [
        (pd.DataFrame({"body": ["x"]}), InputError, "no column 'text' in the frame; columns are: body"),
        (pd.DataFrame({"text": ["x"], "status": ["y"]}), InputError, r"already has smrisk columns \['status'\]"),
        (["not", "a", "frame"], InputTypeError, "needs a pandas or Dask DataFrame, got list"),
    ],
)
def test_bad_frames_are_clear_errors(frame, error, message: str) -> None:  # noqa: ANN001
    with pytest.raises(error, match=message):
        smrisk.score_frame(frame)


def test_dask_frame_is_scored_lazily_on_worker_processes(tiny_model_dir, posts, monkeypatch) -> None:
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(smrisk.worker, "_scorers", {})
    lazy = smrisk.score_frame(dd.from_pandas(posts, npartitions=3), model=tiny_model_dir, config={"top_spans": 2})
    assert isinstance(lazy, dd.DataFrame) and list(lazy.columns) == [*posts.columns, *SCORE_COLUMNS]
    assert smrisk.worker._scorers == {}  # building the graph and its meta loaded no model here
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster, \
            distributed.Client(cluster):
        computed = lazy.compute()
    expected = smrisk.score_frame(posts, model=tiny_model_dir, config={"top_spans": 2})
    pd.testing.assert_frame_equal(computed, expected, check_dtype=False)
    added = dict(computed.dtypes[list(SCORE_COLUMNS)])
    assert added == dict(lazy.dtypes[list(SCORE_COLUMNS)]) == dict(expected.dtypes[list(SCORE_COLUMNS)])  # meta told the truth


def test_dask_frame_without_the_text_column_fails_at_once(tiny_model_dir) -> None:
    dd = pytest.importorskip("dask.dataframe")
    with pytest.raises(InputError, match="no column 'body'"):
        smrisk.score_frame(dd.from_pandas(pd.DataFrame({"text": ["x"]}), npartitions=1), "body", model=tiny_model_dir)


def test_a_policy_adds_the_batch_policy_columns(tmp_path, tiny_model_dir, policy_file) -> None:
    """The same route, speaker and digest cells as `smrisk batch --policy`, for pandas and (lazily) for Dask."""
    posts = pd.read_csv(speaker_csv(tmp_path / "posts.csv"), dtype=str)  # blank authors and channels are NaN here
    policy = load_policy(policy_file)
    speakers = {"author_column": "author", "channel_column": "channel"}
    scored = smrisk.score_frame(posts, model=tiny_model_dir, policy=policy, chunk_rows=3, **speakers)
    added = [*SCORE_COLUMNS, *POLICY_COLUMNS]
    assert list(scored.columns) == [*posts.columns, *added]
    assert all(str(scored[c].dtype).startswith("string") for c in POLICY_COLUMNS)
    assert scored["policy_sha256"].tolist() == [policy.digest] * len(posts)
    assert scored["speaker"].tolist()[2].startswith("needs_approval: official channel, author unknown")
    posts.fillna("").to_csv(tmp_path / "in.csv", index=False)
    assert main(["batch", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"), "--model", str(tiny_model_dir),
                 "--policy", str(policy_file), "--author-column", "author", "--channel-column", "channel", "--no-progress"]) == 0
    with (tmp_path / "out.csv").open(newline="") as handle:
        expected = [[row[c] for c in added] for row in csv.DictReader(handle)]
    as_csv = [["" if pd.isna(v) else str(v) for v in row] for row in scored[added].itertuples(index=False)]
    assert as_csv == expected
    by_path = smrisk.score_frame(posts, model=tiny_model_dir, policy=policy_file, **speakers)  # a path works as well
    pd.testing.assert_frame_equal(by_path, scored)
    dd = pytest.importorskip("dask.dataframe")
    lazy = smrisk.score_frame(dd.from_pandas(posts, npartitions=2), model=tiny_model_dir, policy=policy, **speakers)
    assert list(lazy.columns) == list(scored.columns)
    pd.testing.assert_frame_equal(lazy.compute(scheduler="sync"), scored, check_dtype=False)  # Dask stores strings its own way


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"author_column": "author"}, ConfigError, "need a policy"),
        ({"policy": "{policy}", "channel_column": "where"}, InputError, "no column 'where' in the frame; columns are: id, author"),
        ({"policy": "{policy}"}, InputError, r"already has smrisk columns \['route'\]"),
    ],
)
def test_bad_policy_use_on_a_frame_is_a_clear_error(policy_file, kwargs, error, message: str) -> None:  # noqa: ANN001
    frame = pd.DataFrame({"id": [1], "author": ["j.doe"], "text": ["x"]})
    if "where" not in message and "need" not in message:
        frame = frame.assign(route=["north"])
    with pytest.raises(error, match=message):
        smrisk.score_frame(frame, **{k: str(policy_file) if v == "{policy}" else v for k, v in kwargs.items()})
