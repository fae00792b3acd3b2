"""Score the text column of a pandas or Dask DataFrame: the same added columns as ``smrisk batch``.

A pandas frame is scored here, in chunks; a Dask frame lazily, one partition per task, each
worker loading its scorer once (``smrisk.worker``). Neither pandas nor Dask is imported until a
frame arrives, so ``import smrisk`` stays light.
"""

from __future__ import annotations

import os
from typing import Any

from smrisk.errors import ConfigError, InputTypeError
from smrisk.report import POLICY_COLUMNS
from smrisk.score_columns import FLAG_COLUMNS, FLOAT_COLUMNS, TEXT_COLUMNS, Cells, added_columns, check_columns, column_position, score_rows
from smrisk.worker import ConfigLike, PolicyBlob, PolicyLike, config_dict, policy_blob, scorer_for


def score_frame(
    frame: Any,
    text_column: str = "text",
    *,
    model: str | os.PathLike[str] | None = None,
    config: ConfigLike = None,
    policy: PolicyLike = None,
    author_column: str | None = None,
    channel_column: str | None = None,
    reveal: bool = False,
    chunk_rows: int = 2000,
) -> Any:
    """The frame with the columns ``smrisk batch`` adds: scores, flags, evidence and ``status``
    (then ``route``, ``speaker`` and ``policy_sha256`` under a policy).

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
        A ``[scoring]`` table alone (thresholds, allow-list, detectors); it replaces a policy's
        ``[scoring]``, and the policy's ``[allow]`` phrases are added to it.
    policy : Policy or path of a policy file, optional
        A company policy (``smrisk.load_policy``), as for ``smrisk batch --policy``. With Dask, the
        tasks carry the file's bytes; each worker parses them once.
    author_column, channel_column : str, optional
        Columns holding each post's author and channel, for the policy's speaker rules (a missing
        or blank value is unknown). They need a policy.
    reveal : bool
        Show detected secrets and PII unmasked in ``evidence``.

    Returns
    -------
    A frame of the same kind, index and rows, with ``smrisk.batch.SCORE_COLUMNS`` appended:
    float scores, nullable-integer flags, string evidence and status (the report cells are
    missing on a row that could not be scored; its status says why); under a policy, then string
    ``route``, ``speaker`` and ``policy_sha256`` columns.

    Examples
    --------
    >>> import pandas as pd, smrisk
    >>> smrisk.score_frame(pd.DataFrame({"text": ["see you at the offsite!"]}))["status"].tolist()
    ['ok']
    """
    plain = config_dict(config)
    blob = policy_blob(policy)
    if blob is None and (author_column or channel_column):
        raise ConfigError("author_column and channel_column need a policy: its speaker rules are what reads them")
    path = None if model is None else os.fspath(model)
    columns = (text_column, author_column, channel_column)
    if type(frame).__module__.split(".")[0] == "dask":
        return _score_dask(frame, columns, path, plain, blob, reveal, chunk_rows)
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise InputTypeError(f"score_frame needs a pandas or Dask DataFrame, got {type(frame).__name__}")
    _check(list(frame.columns), columns, blob is not None)
    return _score_pandas(frame, columns, path, plain, blob, reveal, chunk_rows)


Columns = tuple[str, str | None, str | None]  # the text, author and channel columns


def _check(names: list[Any], columns: Columns, policy: bool) -> None:
    check_columns(names, columns[0], "the frame", policy)
    for name in columns[1:]:
        if name is not None:
            column_position(names, name, "the frame")


def _values(frame: Any, name: str | None) -> list[object] | None:
    """A column's values (the first of that name), missing ones as None; None when not asked for."""
    if name is None:
        return None
    column = frame.iloc[:, list(frame.columns).index(name)]
    return [None if missing else value for value, missing in zip(column.tolist(), column.isna().tolist(), strict=True)]


def _score_pandas(frame: Any, columns: Columns, model: str | None, config: dict[str, Any] | None, policy: PolicyBlob | None,
                  reveal: bool, chunk_rows: int) -> Any:
    texts = _values(frame, columns[0]) or []
    authors, channels = _values(frame, columns[1]), _values(frame, columns[2])
    cells: list[Cells] = []
    if texts:  # an empty frame (a Dask frame's meta) loads no model
        scorer = scorer_for(model, config, policy)
        step = max(1, chunk_rows)
        for start in range(0, len(texts), step):
            part = slice(start, start + step)
            cells.extend(score_rows(texts[part], [()] * len(texts[part]), scorer, reveal,
                                    None if authors is None else authors[part], None if channels is None else channels[part]))
    return frame.assign(**_added_columns(cells, policy is not None))


def _added_columns(cells: list[Cells], policy: bool) -> dict[str, Any]:
    """The added columns as arrays with fixed dtypes, the same for an empty and a full frame."""
    import pandas as pd

    dtypes = {**dict.fromkeys(FLOAT_COLUMNS, "float64"), **dict.fromkeys(FLAG_COLUMNS, "Int64"),
              **dict.fromkeys((*TEXT_COLUMNS, *POLICY_COLUMNS), pd.StringDtype())}
    return {name: pd.array([row[k] for row in cells], dtype=dtypes[name]) for k, name in enumerate(added_columns(policy))}


def _score_dask(frame: Any, columns: Columns, model: str | None, config: dict[str, Any] | None, policy: PolicyBlob | None,
                reveal: bool, chunk_rows: int) -> Any:
    from dask.dataframe.utils import make_meta

    _check(list(frame.columns), columns, policy is not None)
    meta = _score_pandas(make_meta(frame), columns, model, config, policy, reveal, chunk_rows)
    return frame.map_partitions(_score_pandas, columns, model, config, policy, reveal, chunk_rows, meta=meta)
