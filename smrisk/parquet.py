"""Parquet input and output for ``smrisk batch``, streamed with pyarrow: never the whole file in memory.

Read in record batches (``ParquetFile.iter_batches``), written in row groups (``ParquetWriter``).
A Parquet input's columns keep their Arrow types; a CSV input's columns are written as strings.
The added columns are float64 scores, int64 flags, and string evidence and status (then string
route, speaker and policy_sha256 under a policy); the report cells are null on a row that could
not be scored (its status says why). Imported only for
``.parquet`` paths, so the core install needs no pyarrow.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from smrisk.batch import Chunk
from smrisk.errors import InputError
from smrisk.report import POLICY_COLUMNS
from smrisk.score_columns import FLAG_COLUMNS, FLOAT_COLUMNS, TEXT_COLUMNS, Cells, missing_input

_ROW_GROUP_ROWS = 65_536
_ROW_GROUP_BYTES = 64 << 20


def added_fields(policy: bool = False) -> list[pa.Field]:
    """The Arrow fields of the columns smrisk adds, in ``added_columns(policy)`` order."""
    return [
        *(pa.field(name, pa.float64()) for name in FLOAT_COLUMNS),
        *(pa.field(name, pa.int64()) for name in FLAG_COLUMNS),
        *(pa.field(name, pa.string()) for name in TEXT_COLUMNS),
        *(pa.field(name, pa.string()) for name in (POLICY_COLUMNS if policy else ())),
    ]


def _holds_text(kind: pa.DataType) -> bool:
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind) or pa.types.is_null(kind)


class ParquetSource:
    """A Parquet file read one record batch at a time; a null text is scored as empty."""

    unit = "rows"
    encoding = "parquet"

    def __init__(self, path: str, text_column: str) -> None:
        if not Path(path).is_file():
            raise InputError(missing_input(path))
        try:
            self._file = pq.ParquetFile(path)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"cannot read {path} as Parquet: {exc}") from None
        self.path = path
        self.schema = self._file.schema_arrow
        self.header = list(self.schema.names)
        self.total: int | None = self._file.metadata.num_rows
        if text_column in self.header:
            kind = self.schema.field(self.header.index(text_column)).type
            if not _holds_text(kind):
                self.close()
                raise InputError(f"column {text_column!r} of {path} holds {kind}, not text; name a string column with --text-column")

    def chunks(self, position: int, chunk_rows: int, skip: int) -> Iterator[Chunk]:
        """Record batches of at most ``chunk_rows`` rows, after the first ``skip``."""
        seen = 0
        batches = self._file.iter_batches(batch_size=chunk_rows, use_threads=False)
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                return
            except (pa.ArrowException, OSError) as exc:
                raise InputError(f"cannot read {self.path} after row {seen}: {exc}") from None
            if seen + batch.num_rows <= skip:
                seen += batch.num_rows
                continue
            if seen < skip:
                batch = batch.slice(skip - seen)
                seen = skip
            seen += batch.num_rows
            texts = batch.column(position).to_pylist()
            yield Chunk(texts, [()] * len(texts), batch, seen)

    def close(self) -> None:
        self._file.close()


class ParquetSink:
    """Rows written to a Parquet file: the input's columns, then the added ones, in row groups of
    up to 65,536 rows (or 64 MB), so memory stays bounded however long the input."""

    def __init__(self, path: str, header: list[str], schema: pa.Schema | None, policy: bool = False, extra: Sequence[str] = ()) -> None:
        inputs = schema.remove_metadata() if schema is not None else pa.schema([pa.field(name, pa.string()) for name in header])
        self._width = len(inputs)
        self._added = [*added_fields(policy), *(pa.field(name, pa.string()) for name in extra)]  # extra: text columns
        self._schema = pa.schema([*inputs, *self._added])
        try:
            self._writer = pq.ParquetWriter(path, self._schema)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"cannot write {path}: {exc}") from None
        self._pending: list[pa.RecordBatch] = []

    def write(self, chunk: Chunk, cells: list[Cells]) -> None:
        if isinstance(chunk.cells, list):  # CSV rows, already padded to the header's width
            inputs = [pa.array([row[i] for row in chunk.cells], pa.string()) for i in range(self._width)]
        else:
            inputs = chunk.cells.columns
        added = [pa.array([row[k] for row in cells], f.type) for k, f in enumerate(self._added)]
        self._pending.append(pa.RecordBatch.from_arrays([*inputs, *added], schema=self._schema))
        if sum(b.num_rows for b in self._pending) >= _ROW_GROUP_ROWS or sum(b.nbytes for b in self._pending) >= _ROW_GROUP_BYTES:
            self.finish()

    def finish(self) -> None:
        """Write what is buffered as one row group."""
        if self._pending:
            self._writer.write_table(pa.Table.from_batches(self._pending, schema=self._schema))
            self._pending = []

    def close(self) -> None:
        self._writer.close()
