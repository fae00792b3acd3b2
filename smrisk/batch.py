"""Batch scoring of CSV and Parquet files: streamed in chunks, every input row kept, in order.

Each output row is the input row (all its columns, as read) followed by the scores, flags,
a short evidence summary and a ``status``: ``ok``, or why the row could not be scored
normally (empty text, bytes that could not be decoded, a malformed CSV line...). Under a
company policy, ``route``, ``speaker`` and ``policy_sha256`` follow ``status``. Rows out
always equals rows in, and memory does not grow with the number of rows.

Reading and writing happen here, in one process, whoever scores: a CSV is split only between
the records the csv module has read (never at byte offsets, which would cut a quoted field that
holds a newline), and chunks go to a ``ChunkRunner``: this process by default, or Dask workers
(``smrisk.cluster``), which hand results back in input order.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from smrisk.errors import ConfigError, InputError, install_hint
from smrisk.input_encoding import SNIFF_BYTES, DecodedText, auto_encoding, binary_format, detect_encoding, text_stream
from smrisk.output_lock import output_lock
from smrisk.policy import Policy
from smrisk.score_columns import (
    DECODE_REPLACED,
    MALFORMED,
    SCORE_COLUMNS,
    STATUS,
    Cells,
    added_columns,
    check_columns,
    column_position,
    counted_kinds,
    missing_input,
    score_rows,
)
from smrisk.scorer import Scorer

log = logging.getLogger("smrisk")

__all__ = ["SCORE_COLUMNS", "BatchSummary", "Chunk", "ChunkRunner", "ExtraColumns", "InProcess", "detect_encoding", "is_parquet",
           "score_csv",
           "score_file"]

_FIELD_LIMIT = 16 << 20  # a field over 16 MB is almost surely an unbalanced quote


@dataclass
class BatchSummary:
    """What a batch run did: the rows of the output file and how many had each status.

    After ``--resume``, ``rows`` and ``statuses`` cover the whole file: the ``resumed_from`` rows
    the interrupted run wrote (their statuses read back from it) and the ``scored`` rows of this run.
    """

    rows: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    encoding: str = ""
    resumed_from: int = 0
    scored: int = 0  # rows scored by this run
    blank_lines: int = 0  # blank lines of the input: no rows, skipped

    def count(self, cells: list[Cells]) -> None:
        """Add a chunk's rows, by the first word of each status (and ``decode_replaced``: ``counted_kinds``)."""
        self.rows += len(cells)
        self.scored += len(cells)
        self.statuses.update(kind for row in cells for kind in counted_kinds(row[STATUS]))

    def line(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in sorted(self.statuses.items()))
        blank = f"; {self.blank_lines} blank line{'' if self.blank_lines == 1 else 's'} skipped" if self.blank_lines else ""
        if not self.resumed_from:
            return f"scored {_row_count(self.rows)} [{self.encoding}]: {counts or 'none'}{blank}"
        return (f"{_row_count(self.rows)} in the output: {self.resumed_from} already done by the interrupted run, "
                f"{self.scored} scored now [{self.encoding}]: {counts or 'none'}{blank}")


def _row_count(count: int) -> str:
    return f"{count} row{'' if count == 1 else 's'}"


def _open_input(path: str, encoding: str) -> tuple[DecodedText, IO[bytes], int | None]:
    raw: IO[bytes]
    if path == "-":
        raw = io.BufferedReader(sys.stdin.buffer, SNIFF_BYTES)  # type: ignore[arg-type, type-var]
        size = None
    else:
        source = Path(path)
        if not source.is_file():
            raise InputError(missing_input(path))
        raw = source.open("rb", buffering=SNIFF_BYTES)  # a buffer that holds what ``peek`` must show: the first megabyte
        size = source.stat().st_size
    head = raw.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
    binary = binary_format(head, detected=encoding == "auto")
    if binary is not None:
        raw.close()
        raise InputError(f"{'standard input' if path == '-' else path} cannot be read as CSV: it looks like {binary}; "
                         "save or export it as CSV first")
    if encoding == "auto":
        encoding = auto_encoding(head)
    try:
        return text_stream(raw, encoding), raw, size
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None


@dataclass(frozen=True)
class _Row:
    values: list[str]
    problems: tuple[str, ...]


def _logged(lines: Iterable[str], log: list[str]) -> Iterator[str]:
    """``lines``, each also appended to ``log``: the physical lines behind the csv module's records."""
    for line in lines:
        log.append(line)
        yield line


def _rows(reader: Iterator[list[str]], width: int, line_of: Callable[[], int], log: list[str], text_at: int,
          tally: Counter[str]) -> Iterator[_Row]:
    """Every record after the header, malformed ones included, with what is wrong with each. A blank line is no
    record: it is skipped and counted in ``tally["blank"]`` (a spreadsheet's export ends with some).

    ``log`` collects the physical lines the reader takes (see ``_logged``): a record read from
    several lines is checked for lines that read as rows of their own (``_swallowed_line``)."""
    before: list[str] = []  # the last record read from one line, with every field: what a row of this file looks like
    while True:
        start = line_of() + 1
        log.clear()
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield _Row([], (f"{MALFORMED}: line {start}: {exc}",))
            continue
        if not values:
            tally["blank"] += 1
            continue
        problems = []
        end = line_of()
        if end == start and len(values) == width:
            before = values
        swallowed = _swallowed_line(log, width, _first_line_fields(values) or before, text_at) if end > start else None
        if swallowed is not None:  # first: the summary counts it, and a wrong field count is its consequence
            problems.append(f"suspect: lines {start}-{end} were read as one row, but line {start + swallowed} reads as a "
                            f"row of its own; an unclosed quote on line {start} may have swallowed the rows after it")
        elif sum(line.count('"') for line in log) % 2:  # a quote never closed: the reader ran to the end of the file
            problems.append(f"suspect: a quote opened in lines {start}-{end} is never closed, so they were read as one row "
                            "to the end of the file; it may have swallowed the rows after it")
        if len(values) != width:
            problems.append(f"{MALFORMED}: line {start} has {len(values)} fields, expected {width}")
        if any("\ufffd" in v for v in values):
            problems.append(DECODE_REPLACED)
        yield _Row(values, tuple(problems))


def _first_line_fields(values: list[str]) -> list[str]:
    """The fields of a record that lie wholly on its first line: those before its first line break."""
    for at, value in enumerate(values):
        if "\n" in value or "\r" in value:
            return values[:at]
    return values


def _swallowed_line(lines: list[str], width: int, row: list[str], text_at: int) -> int | None:
    """The first line after the first of a record's physical ``lines`` that reads as the start of a
    row of this file, as an offset from the record's first line (None: no such line).

    Such a line, parsed alone, has at least ``width`` fields, balanced quotes (it neither opens
    nor closes a quoted field of the record), and each field shaped like the same column of
    ``row`` ("M02" under "M01", "10" under "9"): the record's own fields from its first line, or,
    when the break is in its first field, the last row read from one line. The text column and
    blank cells are not compared, as prose has no shape. An unclosed quote reads the lines after
    it into one field, and the rows written on them still parse alone; a real multi-line post's
    lines are prose, and its last line, which holds the record's own trailing fields, closes a quote.
    """
    columns = [(at, _shape(value)) for at, value in enumerate(row) if at != text_at and value.strip()]
    if width < 2 or not columns:
        return None
    needed = max(width, columns[-1][0] + 1)
    for at, line in enumerate(lines[1:], 1):
        if line.count('"') % 2:
            continue
        fields = next(csv.reader([line.rstrip("\r\n")]), [])
        if len(fields) >= needed and all(_shape(fields[column]) == shape for column, shape in columns):
            return at
    return None


def _shape(value: str) -> str:
    """A value's pattern: each run of letters as a, of digits as 0 ("M01" -> "a0", "2024-05" -> "0-0")."""
    return re.sub(r"[^\W\d_]+", "a", re.sub(r"\d+", "0", value))


@dataclass(slots=True)
class Chunk:
    """Rows read together: what a scorer needs (texts, the reader's problems) and what a writer needs.

    ``cells`` are the input rows as read: a list of rows (CSV, padded to the header's width) or a
    pyarrow ``RecordBatch`` (Parquet). ``progress`` is how far through the input this chunk ends,
    in the progress bar's unit (bytes, or rows). ``authors`` and ``channels`` are the cells of the
    ``--author-column`` and ``--channel-column`` (None when not asked for): the policy's speaker rules read them.
    ``contexts`` are the cells of the ``--context-column``: the message each row answers (None when not asked for).
    """

    texts: list[object]
    problems: list[tuple[str, ...]]
    cells: Any
    progress: int
    authors: list[object] | None = None
    channels: list[object] | None = None
    contexts: list[object] | None = None

    def column(self, position: int) -> list[object]:
        """The cells of one input column."""
        if isinstance(self.cells, list):
            return [row[position] for row in self.cells]
        return list(self.cells.column(position).to_pylist())

    def rows(self) -> list[list[Any]]:
        """The input cells as one list per row."""
        if isinstance(self.cells, list):
            return self.cells
        columns = [column.to_pylist() for column in self.cells.columns]
        return [list(row) for row in zip(*columns, strict=True)] if columns else [[] for _ in range(self.cells.num_rows)]


class ChunkRunner(Protocol):
    """Scores chunks somewhere (this process, Dask workers) and hands them back in input order,
    under ``policy`` (None: none), which decides the columns the output gets."""

    policy: Policy | None

    @property
    def model_id(self) -> str:
        """The model the rows are scored with, recorded so a resumed run can check it."""
        ...

    def map(self, chunks: Iterable[Chunk], reveal: bool) -> Iterator[tuple[Chunk, list[Cells]]]:
        """Each chunk with its rows' added cells, in the order the chunks came."""
        ...


class InProcess:
    """Scores chunks one after another in this process: the default, with no Dask involved."""

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer
        self.policy = scorer.policy
        self.model_id = scorer.model_id

    def map(self, chunks: Iterable[Chunk], reveal: bool) -> Iterator[tuple[Chunk, list[Cells]]]:
        for chunk in chunks:
            yield chunk, score_rows(chunk.texts, chunk.problems, self.scorer, reveal, chunk.authors, chunk.channels, chunk.contexts)


class ExtraColumns(Protocol):
    """Columns computed here, in the reading process, from one input column and written after the
    scores (``smrisk batch --library``'s suggested response): the same whoever scored the rows."""

    columns: tuple[str, ...]
    source_column: str

    @property
    def digest(self) -> str:
        """What decides the cells (a library's hash), recorded so a resumed run can check it."""
        ...

    def cells(self, values: list[object]) -> list[tuple[Any, ...]]:
        """One tuple of ``columns`` cells per value of ``source_column``."""
        ...


class _Source(Protocol):
    header: list[str]

    @property
    def encoding(self) -> str: ...  # as used on the rows read so far

    schema: Any  # a pyarrow schema for Parquet input, else None
    total: int | None
    unit: str

    def chunks(self, position: int, chunk_rows: int, skip: int) -> Iterator[Chunk]: ...

    def close(self) -> None: ...


class _Sink(Protocol):
    def write(self, chunk: Chunk, cells: list[Cells]) -> None: ...

    def finish(self) -> None: ...

    def close(self) -> None: ...


class _CsvSource:
    """A CSV file (or stdin) read record by record: a quoted field's newlines stay inside its row."""

    def __init__(self, path: str, encoding: str, text_column: str) -> None:
        csv.field_size_limit(_FIELD_LIMIT)
        self._text, self._raw, size = _open_input(path, encoding)
        self.schema = None
        self.total: int | None = size or None  # the bar counts bytes of a file, rows of stdin
        self.unit = "B" if size else "rows"
        self._lines: list[str] = []  # the physical lines of the record being read
        self._reader = csv.reader(_logged(self._text, self._lines))
        self.tally: Counter[str] = Counter()  # blank lines skipped
        try:
            header = next(self._reader)
        except StopIteration:
            self.close()
            raise InputError(f"{path} is empty: expected a header row with a {text_column!r} column") from None
        except csv.Error as exc:
            self.close()
            raise InputError(f"{path}: the header row is not valid CSV ({exc})") from None
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        self.header = header

    def chunks(self, position: int, chunk_rows: int, skip: int) -> Iterator[Chunk]:
        """Chunks of ``chunk_rows`` records after the first ``skip`` (already scored by a resumed run)."""
        width = len(self.header)
        pending: list[_Row] = []
        index = 0
        for row in _rows(self._reader, width, lambda: self._reader.line_num, self._lines, position, self.tally):
            index += 1
            if index <= skip:
                continue
            pending.append(row)
            if len(pending) >= chunk_rows:
                yield self._chunk(pending, position, index)
                pending = []
        if pending:
            yield self._chunk(pending, position, index)

    def _chunk(self, rows: list[_Row], position: int, index: int) -> Chunk:
        width = len(self.header)
        cells = [_fit_width(row.values, width) for row in rows]
        return Chunk(
            # the text as the output row shows it (a long row's surplus fields folded in); None: no such field
            texts=[row_cells[position] if position < len(row.values) else None for row, row_cells in zip(rows, cells, strict=True)],
            problems=[row.problems for row in rows],
            cells=cells,
            progress=self._raw.tell() if self.total else index,
        )

    @property
    def encoding(self) -> str:
        """The encoding as used on the rows read so far (``Decoding.label``)."""
        return self._text.decoding.label()

    def close(self) -> None:
        self._text.close()


class _CsvSink:
    """Rows written as CSV (UTF-8), flushed after every chunk so a resumed run can trust them."""

    def __init__(self, path: str, columns: list[str], append: bool) -> None:
        self._out, self._close = _open_output(path, append)
        self._writer = csv.writer(self._out)
        if not append:
            self._writer.writerow(columns)

    def write(self, chunk: Chunk, cells: list[Cells]) -> None:
        self._writer.writerows([*row, *added] for row, added in zip(chunk.rows(), cells, strict=True))
        self._out.flush()

    def finish(self) -> None:
        self._out.flush()

    def close(self) -> None:
        self._close()


def is_parquet(path: str) -> bool:
    """Whether a path is read or written as Parquet: by its extension (``-`` is always CSV)."""
    return path != "-" and path.lower().endswith(".parquet")


def _parquet_module():  # noqa: ANN202
    """smrisk.parquet, or a one-line error naming the extra when pyarrow is not installed."""
    try:
        from smrisk import parquet
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] != "pyarrow":
            raise
        raise ConfigError(f"reading or writing .parquet files needs pyarrow: {install_hint('parquet')}") from None
    return parquet


def _open_source(path: str, encoding: str, text_column: str) -> _Source:
    if is_parquet(path):
        source: _Source = _parquet_module().ParquetSource(path, text_column)
        return source
    return _CsvSource(path, encoding, text_column)


def _open_sink(output_path: str, source: _Source, append: bool, policy: bool, extra: tuple[str, ...] = ()) -> _Sink:
    """A writer of ``output_path``'s format, writing to its working path until the run completes."""
    if is_parquet(output_path):
        sink: _Sink = _parquet_module().ParquetSink(_working_path(output_path), source.header, source.schema, policy, extra)
        return sink
    return _CsvSink(_working_path(output_path), [*source.header, *added_columns(policy), *extra], append)


def score_file(
    input_path: str,
    output_path: str,
    scorer: Scorer | ChunkRunner,
    text_column: str = "text",
    encoding: str = "auto",
    chunk_rows: int = 2000,
    reveal: bool = False,
    resume: bool = False,
    progress: bool | None = None,
    author_column: str | None = None,
    channel_column: str | None = None,
    context_column: str | None = None,
    extra: ExtraColumns | None = None,
) -> BatchSummary:
    """Score the ``text_column`` of a CSV or Parquet file into a new file (``-`` for CSV on stdin/stdout).

    Paths ending in ``.parquet`` are Parquet (needs ``smrisk[parquet]``), anything else CSV; any
    input may go to any output. ``scorer`` is a ``Scorer`` (score here, one chunk after another)
    or a ``ChunkRunner`` such as ``smrisk.cluster.DaskRunner`` (score on Dask workers); either
    way the rows are read and written here, in input order.

    Under a policy (the scorer's, or the runner's), each row also gets ``route``, ``speaker`` and
    ``policy_sha256`` after ``status``; ``author_column`` and ``channel_column`` name the columns
    the speaker rules read (a blank cell is an unknown author or channel). ``context_column`` names
    the column holding the message each row answers (a JSON array of strings is several messages,
    oldest first; a blank cell is none): each text is then scored in context (``smrisk.conversation``).

    Rows are written to ``OUTPUT.partial`` beside the output and renamed to ``OUTPUT`` when all
    are done, so a crash never leaves a half-written file under the final name. With ``resume``,
    an interrupted run is continued: the chunks it finished (as recorded in ``OUTPUT.progress``)
    are neither re-scored nor written twice (CSV output only: a Parquet file cannot be continued);
    a run with another policy (or none), model, context column, response library, ``reveal`` or text,
    author or channel column than the interrupted one is refused, since its rows would be judged (or masked) two ways, and so is a
    partial file whose progress record is gone. A progress file from a release that recorded neither
    the model nor ``reveal`` is read as written by the same model, masked. The output may not be the
    input file, and one run at a time writes it (``OUTPUT.lock``: a second run is refused).

    ``extra`` adds columns computed here from one input column, after all the others (the
    suggested response of ``smrisk batch --library``).
    """
    _refuse_same_file(input_path, output_path)
    _refuse_other_formats(output_path)
    if resume and output_path == "-":
        raise InputError("--resume needs an output file: rows written to stdout cannot be continued")
    if resume and is_parquet(output_path):
        raise InputError(f"--resume needs a CSV output: an interrupted Parquet file ({output_path}) cannot be continued; "
                         "run again without --resume")
    runner = InProcess(scorer) if isinstance(scorer, Scorer) else scorer
    policy = runner.policy
    if policy is None and (author_column or channel_column):
        raise ConfigError("author and channel columns need a policy: its speaker rules are what reads them")
    digest = None if policy is None else policy.digest
    with output_lock(output_path):  # one run at a time writes an output
        source = _open_source(input_path, encoding, text_column)
        try:
            extra_names = () if extra is None else extra.columns
            position = check_columns(source.header, text_column, input_path, policy is not None, extra_names)
            speakers = [None if name is None else column_position(source.header, name, input_path)
                        for name in (author_column, channel_column, context_column)]
            extra_at = None if extra is None else column_position(source.header, extra.source_column, input_path)
            columns = [*source.header, *added_columns(policy is not None), *extra_names]
            run = _Run(digest, context_column, runner.model_id, None if extra is None else extra.digest, reveal,
                       {"text_column": text_column, "author_column": author_column, "channel_column": channel_column})
            done, statuses = _progress_done(output_path, columns, run) if resume else (0, Counter[str]())
            summary = BatchSummary(rows=done, statuses=statuses, encoding=source.encoding, resumed_from=done)
            sink = _open_sink(output_path, source, done > 0, policy is not None, extra_names)
            _progress_save(output_path, done, run)  # from here on, a partial file without a record has lost it
            bar = _progress_bar(progress, source.total, source.unit)
            try:
                for chunk, cells in runner.map(_with_speakers(source.chunks(position, chunk_rows, done), *speakers), reveal):
                    if extra is not None and extra_at is not None:
                        cells = [(*row, *more) for row, more in zip(cells, extra.cells(chunk.column(extra_at)), strict=True)]
                    sink.write(chunk, cells)
                    summary.count(cells)
                    _progress_save(output_path, summary.rows, run)
                    if bar is not None:
                        bar.update(chunk.progress - bar.n)
                sink.finish()
                summary.encoding = source.encoding  # as used on every row, now all are read
                summary.blank_lines = getattr(source, "tally", Counter())["blank"]
            finally:
                if bar is not None:
                    bar.close()
                sink.close()
            if output_path != "-":
                os.replace(_working_path(output_path), output_path)
            _progress_clear(output_path)
        finally:
            source.close()
        return summary


score_csv = score_file  # the name from before Parquet input and output


def _with_speakers(chunks: Iterator[Chunk], author: int | None, channel: int | None, context: int | None = None) -> Iterator[Chunk]:
    """Each chunk with the cells of its author, channel and context columns (at these positions) attached."""
    for chunk in chunks:
        if author is not None:
            chunk.authors = chunk.column(author)
        if channel is not None:
            chunk.channels = chunk.column(channel)
        if context is not None:
            chunk.contexts = chunk.column(context)
        yield chunk


def _fit_width(values: list[str], width: int) -> list[str]:
    """Pad a short row; fold a long row's surplus fields into its last column (comma-joined)."""
    if len(values) <= width:
        return values + [""] * (width - len(values))
    return values[: width - 1] + [",".join(values[width - 1 :])]


def _open_output(path: str, append: bool) -> tuple[IO[str], Callable[[], None]]:
    if path == "-":
        return sys.stdout, lambda: None
    try:
        handle = open(path, "a" if append else "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    return handle, handle.close


#: Extensions of formats smrisk does not write: a CSV under such a name would mislead whoever opens it.
_NOT_WRITTEN = (".xlsx", ".xls", ".xlsm", ".ods", ".json", ".jsonl", ".tsv")


def _refuse_other_formats(output_path: str) -> None:
    if Path(output_path).suffix.lower() in _NOT_WRITTEN:
        raise InputError(f"smrisk batch writes CSV or Parquet, not {Path(output_path).suffix}: name the output "
                         f"{Path(output_path).with_suffix('.csv').name} or {Path(output_path).with_suffix('.parquet').name}")


def _refuse_same_file(input_path: str, output_path: str) -> None:
    """Writing over the file being read loses rows: refuse it, whatever the path's spelling."""
    if "-" in (input_path, output_path) or not Path(output_path).exists() or not Path(input_path).exists():
        return
    if os.path.samefile(input_path, output_path):
        raise InputError(f"the output {output_path} is the input file; write the scores to a new file")


def _working_path(output_path: str) -> str:
    """Where rows are written until the run completes (stdout is written directly)."""
    return output_path if output_path == "-" else output_path + ".partial"


def _progress_path(output_path: str) -> Path | None:
    return None if output_path == "-" or is_parquet(output_path) else Path(output_path + ".progress")


@dataclass(frozen=True)
class _Run:
    """What decides a run's cells besides the input: a resumed run must match the interrupted one."""

    policy_sha256: str | None
    context_column: str | None
    model_id: str
    extra_digest: str | None
    reveal: bool
    #: the input columns read: the text scored, and the author and channel the speaker rules read
    read_columns: dict[str, str | None] = field(default_factory=dict)

    def saved(self, rows: int) -> dict[str, object]:
        saved: dict[str, object] = {"rows_done": rows, "policy_sha256": self.policy_sha256, "model_id": self.model_id,
                                    "extra_digest": self.extra_digest, "reveal": self.reveal, "read_columns": self.read_columns}
        if self.context_column is not None:
            saved["context_column"] = self.context_column
        return saved


def _progress_done(output_path: str, columns: list[str], run: _Run) -> tuple[int, Counter[str]]:
    """How many rows an interrupted run wrote (0: none to resume) and how many had each status,
    after checking that this run continues it: the same policy (by digest), model, context column,
    library and columns."""
    marker = _progress_path(output_path)
    partial = Path(_working_path(output_path))
    if marker is not None and partial.is_file() and not marker.is_file():
        raise InputError(f"cannot resume {output_path}: {partial} has no progress record ({marker}) saying which rows "
                         "are done; delete it, or run without --resume to start over")
    if marker is None or not marker.is_file() or not partial.is_file():
        if marker is not None and Path(output_path).is_file() and not partial.exists():
            raise InputError(f"nothing to resume: {output_path} is complete; run without --resume to score it again")
        # asked to continue a run that left nothing: say so (the rows are all scored, as without --resume)
        log.warning("nothing to resume: no interrupted run of %s (%s does not exist); scoring from the first row",
                    output_path, partial)
        return 0, Counter()
    try:
        recorded = json.loads(marker.read_text())
        rows = int(recorded["rows_done"])
        before = recorded.get("policy_sha256")  # absent: written without a policy (or before policies existed)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InputError(f"{marker} is unreadable; delete it and the output to start over") from None
    if before != run.policy_sha256:
        raise InputError(f"cannot resume {output_path}: its rows were scored {_under(before)}, this run scores "
                         f"{_under(run.policy_sha256)}; pass the same policy, or run without --resume to start over")
    if recorded.get("context_column") != run.context_column:
        raise InputError(f"cannot resume {output_path}: its rows were scored {_in_context(recorded.get('context_column'))}, "
                         f"this run {_in_context(run.context_column)}; pass the same, or run without --resume")
    if bool(recorded.get("reveal", False)) != run.reveal:  # absent: written before --reveal was recorded, or without it
        raise InputError(f"cannot resume {output_path}: its rows were written {_shown(recorded.get('reveal', False))}, this run "
                         f"{_shown(run.reveal)}; one file must not mix masked and revealed secrets: pass the same, or run "
                         "without --resume")
    if "model_id" in recorded:  # absent: written by a release that did not record it
        if recorded["model_id"] != run.model_id:
            raise InputError(f"cannot resume {output_path}: its rows were scored with model {recorded['model_id']}, this run "
                             f"uses {run.model_id}; pass the same --model, or run without --resume to start over")
        if recorded.get("extra_digest") != run.extra_digest:
            raise InputError(f"cannot resume {output_path}: its suggestions came from {_library(recorded.get('extra_digest'))}, "
                             f"this run's from {_library(run.extra_digest)}; pass the same --library, or run without --resume")
    read = recorded.get("read_columns")  # absent: written by a release that did not record them
    if isinstance(read, dict) and read != run.read_columns:
        changed = [f"--{name.replace('_', '-')} {read.get(name)!r} then, {run.read_columns.get(name)!r} now"
                   for name in sorted(set(read) | set(run.read_columns)) if read.get(name) != run.read_columns.get(name)]
        raise InputError(f"cannot resume {output_path}: its rows were read from other columns ({'; '.join(changed)}); "
                         "pass the same, or run without --resume to start over")
    return rows, _truncate_after_rows(Path(_working_path(output_path)), rows, columns)


def _in_context(column: object) -> str:
    return "without --context-column" if column is None else f"with --context-column {column}"


def _shown(reveal: object) -> str:
    return "with --reveal (secrets in clear)" if reveal else "with secrets masked"


def _library(digest: object) -> str:
    """A ``SuggestionColumns.digest`` ("sha256:min_score") as words."""
    if digest is None:
        return "no library"
    library, _, min_score = str(digest).partition(":")
    return f"library sha256 {library[:12]}" + (f" at min score {min_score}" if min_score else "")


def _under(digest: str | None) -> str:
    return f"under policy sha256 {digest[:12]}" if digest else "without a policy"


def _truncate_after_rows(path: Path, rows: int, columns: list[str]) -> Counter[str]:
    """Cut the output back to its header and ``rows`` records, dropping a half-written chunk; its
    header must be the one this run writes. Returns how many of the records kept had each status."""
    statuses: Counter[str] = Counter()
    if rows == 0:  # stopped before its first chunk (maybe before its header reached the disk): written afresh
        return statuses
    status = columns.index("status")  # an input column of that name is refused
    with path.open("r", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is not None and header != columns:
            other = [c for c in header if c not in columns] + [c for c in columns if c not in header]
            raise InputError(f"cannot resume {path}: it has other columns than this run writes ({', '.join(other) or 'order'}); "
                             "run without --resume to start over")
        for _ in range(rows if header is not None else 1):
            record = next(reader, None)
            if record is None:
                raise InputError(f"{path} has fewer rows than its progress file says; start over without --resume")
            if header is not None:
                statuses.update(counted_kinds(record[status]) if status < len(record) else ["unreadable"])
        offset = _reader_offset(path, reader.line_num)
    with path.open("r+b") as handle:
        handle.truncate(offset)
    return statuses


def _reader_offset(path: Path, lines: int) -> int:
    """Byte offset just after the first ``lines`` physical lines of ``path``."""
    offset = 0
    with path.open("rb") as handle:
        for _ in range(lines):
            offset += len(handle.readline())
    return offset


def _progress_save(output_path: str, rows: int, run: _Run) -> None:
    marker = _progress_path(output_path)
    if marker is not None:
        marker.write_text(json.dumps(run.saved(rows)))


def _progress_clear(output_path: str) -> None:
    marker = _progress_path(output_path)
    if marker is not None and marker.exists():
        os.remove(marker)


def _progress_bar(enabled: bool | None, total: int | None, unit: str):  # noqa: ANN202
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, unit_scale=True, desc="smrisk batch", file=sys.stderr)
