"""Batch scoring of CSV files: streamed in chunks, every input row kept, in order.

Each output row is the input row (all its columns, as read) followed by the scores, flags,
a short evidence summary and a ``status``: ``ok``, or why the row could not be scored
normally (empty text, bytes that could not be decoded, a malformed CSV line...). Rows out
always equals rows in, and memory does not grow with the number of rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from smrisk.categories import CATEGORIES
from smrisk.errors import InputError
from smrisk.report import RiskReport
from smrisk.scorer import Scorer

SCORE_COLUMNS: tuple[str, ...] = (
    *(f"{c}_score" for c in CATEGORIES),
    *(f"{c}_flag" for c in CATEGORIES),
    "evidence",
    "status",
)
_SNIFF_BYTES = 1 << 20
_FIELD_LIMIT = 16 << 20  # a field over 16 MB is almost surely an unbalanced quote


@dataclass
class BatchSummary:
    """What a batch run did: rows written and how many had each status."""

    rows: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    encoding: str = ""
    resumed_from: int = 0

    def line(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in sorted(self.statuses.items()))
        resumed = f" (resumed after row {self.resumed_from})" if self.resumed_from else ""
        return f"scored {self.rows} rows{resumed} [{self.encoding}]: {counts or 'none'}"


def detect_encoding(head: bytes) -> str:
    """``utf-8-sig``/``utf-16`` by BOM, ``utf-8`` if the first megabyte decodes, else ``cp1252``."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _SNIFF_BYTES)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _open_input(path: str, encoding: str) -> tuple[IO[str], IO[bytes], str, int | None]:
    raw: IO[bytes]
    if path == "-":
        raw = io.BufferedReader(sys.stdin.buffer, _SNIFF_BYTES)  # type: ignore[arg-type, type-var]
        size = None
    else:
        source = Path(path)
        if not source.is_file():
            raise InputError(f"input file {path!r} does not exist")
        raw = source.open("rb")
        size = source.stat().st_size
    if encoding == "auto":
        encoding = detect_encoding(raw.peek(_SNIFF_BYTES)[:_SNIFF_BYTES])  # type: ignore[attr-defined]
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=""), raw, encoding, size


@dataclass(frozen=True)
class _Row:
    values: list[str]
    problems: tuple[str, ...]


def _rows(reader: Iterator[list[str]], width: int, line_of: Callable[[], int]) -> Iterator[_Row]:
    """Every record after the header, malformed ones included, with what is wrong with each."""
    while True:
        start = line_of() + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield _Row([], (f"malformed: line {start}: {exc}",))
            continue
        problems = []
        if len(values) != width:
            problems.append(f"malformed: line {start} has {len(values)} fields, expected {width}")
        end = line_of()
        if end > start and _swallows_rows(values, width):
            problems.append(f"suspect: lines {start}-{end} were read as one row; an unclosed quote on line {start} "
                            "may have swallowed the rows after it")
        if any("\ufffd" in v for v in values):
            problems.append("decode_replaced")
        yield _Row(values, tuple(problems))


def _swallows_rows(values: list[str], width: int) -> bool:
    """Whether a multi-line field holds lines that look like rows of their own: ``width`` fields and
    a first field shaped like this row's ("M02" after "M01"). An unclosed quote reads every following
    line into one field; a real multi-line post does not hold such lines."""
    if width < 2 or not values or "\n" in values[0]:
        return False
    shape = _shape(values[0])
    for value in values[1:]:
        for line in value.splitlines()[1:]:
            fields = next(csv.reader([line]), [])
            if len(fields) == width and _shape(fields[0]) == shape:
                return True
    return False


def _shape(value: str) -> str:
    """A value's pattern: letters as a, digits as 0 ("M01" -> "a00")."""
    return "".join("a" if c.isalpha() else "0" if c.isdigit() else c for c in value.strip())


def score_csv(
    input_path: str,
    output_path: str,
    scorer: Scorer,
    text_column: str = "text",
    encoding: str = "auto",
    chunk_rows: int = 2000,
    reveal: bool = False,
    resume: bool = False,
    progress: bool | None = None,
) -> BatchSummary:
    """Score the ``text_column`` of a CSV file into a new CSV file (``-`` for stdin/stdout).

    Rows are written to ``OUTPUT.partial`` beside the output and renamed to ``OUTPUT`` when all
    are done, so a crash never leaves a half-written file under the final name. With ``resume``,
    an interrupted run is continued: the chunks it finished (as recorded in ``OUTPUT.progress``)
    are neither re-scored nor written twice. The output may not be the input file.
    """
    _refuse_same_file(input_path, output_path)
    csv.field_size_limit(_FIELD_LIMIT)
    text_io, raw, used_encoding, size = _open_input(input_path, encoding)
    summary = BatchSummary(encoding=used_encoding)
    with text_io:
        reader = csv.reader(text_io)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(f"{input_path} is empty: expected a header row with a {text_column!r} column") from None
        except csv.Error as exc:
            raise InputError(f"{input_path}: the header row is not valid CSV ({exc})") from None
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        if text_column not in header:
            raise InputError(f"no column {text_column!r} in {input_path}; columns are: {', '.join(header) or '(none)'}")
        clash = [c for c in SCORE_COLUMNS if c in header]
        if clash:
            raise InputError(f"{input_path} already has smrisk columns {clash}; score the original file instead")
        position = header.index(text_column)
        done = _progress_done(output_path) if resume else 0
        summary.resumed_from = done
        out, close = _open_output(_working_path(output_path), append=done > 0)
        bar = _progress_bar(progress, size)
        try:
            writer = csv.writer(out)
            if done == 0:
                writer.writerow([*header, *SCORE_COLUMNS])
            chunk: list[_Row] = []
            index = 0
            for row in _rows(reader, len(header), lambda: reader.line_num):
                index += 1
                if index <= done:
                    continue
                chunk.append(row)
                if len(chunk) >= chunk_rows:
                    _write_chunk(chunk, writer, scorer, position, len(header), reveal, summary)
                    out.flush()
                    _progress_save(output_path, summary.rows + done)
                    chunk = []
                    if bar is not None:
                        bar.update(raw.tell() - bar.n) if size else bar.update(chunk_rows)
            if chunk:
                _write_chunk(chunk, writer, scorer, position, len(header), reveal, summary)
            out.flush()
        finally:
            if bar is not None:
                bar.close()
            close()
        if output_path != "-":
            os.replace(_working_path(output_path), output_path)
        _progress_clear(output_path)
    summary.rows += done
    return summary


def _write_chunk(chunk, writer, scorer: Scorer, position: int, width: int, reveal: bool, summary: BatchSummary) -> None:  # noqa: ANN001
    texts = [row.values[position] if position < len(row.values) else "" for row in chunk]
    reports: list[RiskReport | Exception]
    try:
        reports = list(scorer.score_many(texts))
    except Exception:  # one bad text must not cost the whole chunk: score one by one
        reports = []
        for text in texts:
            try:
                reports.append(scorer.score(text))
            except Exception as exc:
                reports.append(exc)
    for row, text, report in zip(chunk, texts, reports, strict=True):
        problems = list(row.problems)
        if isinstance(report, Exception):
            problems.append(f"error: {type(report).__name__}: {report}")
            values = ["", "", "", "", "", "", ""]
        else:
            if not text.strip():
                problems.append("empty_text")
            if any(note.startswith("text is ") for note in report.notes):
                problems.append("truncated")
            values = list(report.to_row(reveal).values())
        status = "; ".join(problems) or "ok"
        cells = _fit_width(row.values, width)
        writer.writerow([*cells, *values, status])
        summary.rows += 1
        summary.statuses[status.split(":")[0].split(";")[0]] += 1


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
    return None if output_path == "-" else Path(output_path + ".progress")


def _progress_done(output_path: str) -> int:
    marker = _progress_path(output_path)
    if marker is None or not marker.is_file() or not Path(_working_path(output_path)).is_file():
        return 0
    try:
        rows = int(json.loads(marker.read_text())["rows_done"])
    except (ValueError, KeyError, TypeError):
        raise InputError(f"{marker} is unreadable; delete it and the output to start over") from None
    _truncate_after_rows(Path(_working_path(output_path)), rows)
    return rows


def _truncate_after_rows(path: Path, rows: int) -> None:
    """Cut the output back to its header and ``rows`` records, dropping a half-written chunk."""
    with path.open("r", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        for _ in range(rows + 1):
            if next(reader, None) is None:
                raise InputError(f"{path} has fewer rows than its progress file says; start over without --resume")
        offset = _reader_offset(path, reader.line_num)
    with path.open("r+b") as handle:
        handle.truncate(offset)


def _reader_offset(path: Path, lines: int) -> int:
    """Byte offset just after the first ``lines`` physical lines of ``path``."""
    offset = 0
    with path.open("rb") as handle:
        for _ in range(lines):
            offset += len(handle.readline())
    return offset


def _progress_save(output_path: str, rows: int) -> None:
    marker = _progress_path(output_path)
    if marker is not None:
        marker.write_text(json.dumps({"rows_done": rows}))


def _progress_clear(output_path: str) -> None:
    marker = _progress_path(output_path)
    if marker is not None and marker.exists():
        os.remove(marker)


def _progress_bar(enabled: bool | None, size: int | None):  # noqa: ANN202
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=size, unit="B" if size else "rows", unit_scale=True, desc="smrisk batch", file=sys.stderr)
