"""Reading a ``smrisk batch`` output back (CSV or Parquet), for the audit report and the review page."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from smrisk.batch import is_parquet
from smrisk.errors import ConfigError, InputError, install_hint
from smrisk.input_encoding import detect_encoding
from smrisk.score_columns import FLAG_COLUMNS, FLOAT_COLUMNS

_SNIFF_BYTES = 1 << 16


def read_batch_output(path: str) -> pd.DataFrame:
    """A batch output as a frame: every column as text ('' for missing), except the score and flag
    columns of a Parquet file, which keep their numbers. Errors name the file and the fix."""
    source = Path(path)
    if not source.is_file():
        raise InputError(f"scored file {path!r} does not exist; make one with: smrisk batch posts.csv -o {path}")
    if source.stat().st_size == 0:
        raise InputError(f"{path} is empty: expected the output of smrisk batch")
    if is_parquet(path):
        return _read_parquet(path)
    with source.open("rb") as handle:
        encoding = detect_encoding(handle.read(_SNIFF_BYTES))
    known = encoding if encoding in ("utf-8", "utf-8-sig", "utf-16") else "utf-8"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)  # rows wider than the header: refused, not cut
            frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding=known, encoding_errors="replace",
                                index_col=False)
    except pd.errors.EmptyDataError:
        raise InputError(f"{path} is empty: expected the output of smrisk batch") from None
    except (pd.errors.ParserError, pd.errors.ParserWarning, UnicodeError, ValueError) as exc:
        raise InputError(f"cannot read {path} as CSV ({str(exc).strip()}); is it the output of smrisk batch?") from None
    frame.columns = [str(c).removeprefix("\ufeff") for c in frame.columns]
    return frame


def _read_parquet(path: str) -> pd.DataFrame:
    try:
        import pyarrow.parquet as pq
        from pyarrow import ArrowException
    except ModuleNotFoundError:
        raise ConfigError(f"reading .parquet files needs pyarrow: {install_hint('parquet')}") from None
    try:
        table = pq.read_table(path)
    except (ArrowException, OSError) as exc:
        raise InputError(f"cannot read {path} as Parquet: {exc}") from None
    frame = table.to_pandas()
    for column in frame.columns:  # the report reads every input column as text, as from a CSV
        if column not in FLOAT_COLUMNS and column not in FLAG_COLUMNS:
            frame[column] = frame[column].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
    return frame
