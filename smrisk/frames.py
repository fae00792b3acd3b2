"""Score the text column of a pandas or Dask DataFrame: the same added columns as ``smrisk batch``.

A pandas frame is scored here, in chunks; a Dask frame lazily, one partition per task, each
worker loading its scorer once (``smrisk.worker``). Neither pandas nor Dask is imported until a
frame arrives, so ``import smrisk`` stays light.
"""

from __future__ import annotations

import os
from typing import Any

from smrisk.errors import InputTypeError
from smrisk.score_columns import FLAG_COLUMNS, FLOAT_COLUMNS, SCORE_COLUMNS, TEXT_COLUMNS, Cells, check_columns, score_rows
from smrisk.worker import ConfigLike, config_dict, scorer_for


def score_frame(
    frame: Any,
    text_column: str = "text",
    *,
    model: str | os.PathLike[str] | None = None,
    config: ConfigLike = None,
    reveal: bool = False,
    chunk_rows: int = 2000,
) -> Any:
    """The frame with the columns ``smrisk batch`` adds: scores, flags, evidence and ``status``.

    Parameters
    ----------
    frame : pandas.DataFrame or dask.dataframe.DataFrame
        A Dask frame gives a lazy Dask frame back (nothing is scored until it is computed).
    text_column : str
        The column to score (the first, if several have the name). A missing value is scored as
        empty text (status ``empty_text``).
    model : path, optional
        A model directory; the shipped model by default. With Dask, the workers must be able to
        read it: each loads it once and keeps it.
    config : ScoringConfig, dict or path of a TOML file, optional
        Thresholds, allow-list and detectors, as for ``smrisk batch --config``.
    reveal : bool
        Show detected secrets and PII unmasked in ``evidence``.

    Returns
    -------
    A frame of the same kind, index and rows, with ``smrisk.batch.SCORE_COLUMNS`` appended:
    float scores, nullable-integer flags, string evidence and status (the report cells are
    missing on a row that could not be scored; its status says why).

    Examples
    --------
    >>> import pandas as pd, smrisk
    >>> smrisk.score_frame(pd.DataFrame({"text": ["see you at the offsite!"]}))["status"].tolist()
    ['ok']
    """
    plain = config_dict(config)
    path = None if model is None else os.fspath(model)
    if type(frame).__module__.split(".")[0] == "dask":
        return _score_dask(frame, text_column, path, plain, reveal, chunk_rows)
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise InputTypeError(f"score_frame needs a pandas or Dask DataFrame, got {type(frame).__name__}")
    check_columns(list(frame.columns), text_column, "the frame")
    return _score_pandas(frame, text_column, path, plain, reveal, chunk_rows)


def _score_pandas(frame: Any, text_column: str, model: str | None, config: dict[str, Any] | None, reveal: bool,
                  chunk_rows: int) -> Any:
    column = frame.iloc[:, list(frame.columns).index(text_column)]
    texts = [None if missing else value for value, missing in zip(column.tolist(), column.isna().tolist(), strict=True)]
    cells: list[Cells] = []
    if texts:  # an empty frame (a Dask frame's meta) loads no model
        scorer = scorer_for(model, config)
        step = max(1, chunk_rows)
        for start in range(0, len(texts), step):
            part = texts[start:start + step]
            cells.extend(score_rows(part, [()] * len(part), scorer, reveal))
    return frame.assign(**_added_columns(cells))


def _added_columns(cells: list[Cells]) -> dict[str, Any]:
    """The added columns as arrays with fixed dtypes, the same for an empty and a full frame."""
    import pandas as pd

    dtypes = {**dict.fromkeys(FLOAT_COLUMNS, "float64"), **dict.fromkeys(FLAG_COLUMNS, "Int64"),
              **dict.fromkeys(TEXT_COLUMNS, pd.StringDtype())}
    return {name: pd.array([row[k] for row in cells], dtype=dtypes[name]) for k, name in enumerate(SCORE_COLUMNS)}


def _score_dask(frame: Any, text_column: str, model: str | None, config: dict[str, Any] | None, reveal: bool,
                chunk_rows: int) -> Any:
    from dask.dataframe.utils import make_meta

    check_columns(list(frame.columns), text_column, "the frame")
    meta = _score_pandas(make_meta(frame), text_column, model, config, reveal, chunk_rows)
    return frame.map_partitions(_score_pandas, text_column, model, config, reveal, chunk_rows, meta=meta)
