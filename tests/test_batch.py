"""Batch CSV scoring: every row kept in order, broken input reported per row, never dropped."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from smrisk.batch import SCORE_COLUMNS, score_csv
from smrisk.errors import ConfigError, InputError
from smrisk.policy import load_policy
from smrisk.report import POLICY_COLUMNS, policy_cells
from smrisk.scorer import Scorer
from tests.conftest import speaker_csv, write_policy


def read(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_keeps_every_column_and_row_in_order(tmp_path, tiny_scorer) -> None:
    source = tmp_path / "in.csv"
    source.write_text('id,text,author\n1,"you idiot, read the manual",ann\n2,"Happy Friday, team!",bob\n3,,cy\n')
    summary = score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    rows = read(tmp_path / "out.csv")
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert list(rows[0])[:3] == ["id", "text", "author"] and list(rows[0])[3:] == list(SCORE_COLUMNS)
    assert rows[2]["status"] == "empty_text" and rows[2]["confidential_score"] == "0.0"
    assert summary.rows == 3 and summary.statuses["ok"] == 2


def test_a_row_in_another_language_says_so_in_its_status(tmp_path, tiny_scorer) -> None:
    """The report's language note reaches the batch file: a reviewer of the file sees which scores mean little."""
    source = tmp_path / "in.csv"
    source.write_text('id,text\n1,"Wir haben heute das neue Produkt vorgestellt und sind sehr stolz darauf"\n'
                      '2,"Q3: churn down, 2 new hires, 0 outages"\n3,"Это сообщение написано полностью на русском языке"\n',
                      encoding="utf-8")
    summary = score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    assert [r["status"] for r in read(tmp_path / "out.csv")] == ["unsupported_language", "ok", "unsupported_language"]
    assert summary.statuses == {"unsupported_language": 2, "ok": 1}


def test_malformed_lines_are_kept_with_their_line_number(tmp_path, tiny_scorer) -> None:
    source = tmp_path / "in.csv"
    source.write_text('id,text\n1,hello there\n2,too,many,fields\n3\n4,"multi\nline text"\n5,last\n')
    score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    rows = read(tmp_path / "out.csv")
    assert len(rows) == 5
    assert rows[1]["status"].startswith("malformed: line 3 has 4 fields")
    assert "line 4 has 1 fields" in rows[2]["status"]
    assert rows[3]["text"] == "multi\nline text" and rows[3]["status"] == "ok"
    assert rows[4]["id"] == "5"
    assert rows[1]["text"] == "too,many,fields"  # surplus fields folded into the last column, not lost


def test_a_blank_line_is_no_row_and_the_summary_counts_it(tmp_path, tiny_scorer) -> None:
    """An integrator's trial: seven blank lines came out as seven malformed rows. A blank line holds no post; one inside
    a quoted post is part of it."""
    source = tmp_path / "in.csv"
    source.write_text('id,text\n1,hello there\n\n2,"multi\n\nline text"\n\n\n3,last\n\n')
    summary = score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    rows = read(tmp_path / "out.csv")
    assert [r["id"] for r in rows] == ["1", "2", "3"] and rows[1]["text"] == "multi\n\nline text"
    assert all(r["status"] == "ok" for r in rows)
    assert summary.rows == 3 and summary.blank_lines == 4
    assert summary.line().endswith("; 4 blank lines skipped")


def test_a_line_with_surplus_fields_is_scored_on_the_text_it_shows(tmp_path, tiny_scorer) -> None:
    """An unquoted comma in the last (text) column splits it; the output folds the pieces back into the text
    cell, and the scores must be those of that whole text, not of its first piece."""
    source = tmp_path / "in.csv"
    source.write_text("post_id,text\n1,hi all, the admin password is Hunter22!x\n")
    score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    row = read(tmp_path / "out.csv")[0]
    assert row["text"] == "hi all, the admin password is Hunter22!x" and row["status"].startswith("malformed: line 2 has 3")
    assert row["confidential_flag"] == "1" and "confidential.password" in row["evidence"]


@pytest.mark.parametrize(("where", "message"), [("missing", "its directory .* does not exist"), ("dir", "is a directory")])
def test_a_path_that_cannot_be_used_is_one_clear_error(tmp_path, tiny_scorer, where: str, message: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,text\n1,hello\n")
    with pytest.raises(InputError, match=message):
        if where == "missing":  # an output in a directory that does not exist
            score_csv(str(source), str(tmp_path / "no" / "such" / "out.csv"), tiny_scorer, progress=False)
        else:  # a directory given as the input
            score_csv(str(tmp_path), str(tmp_path / "out.csv"), tiny_scorer, progress=False)


def test_a_file_that_is_not_a_csv_is_not_quoted_whole(tmp_path, tiny_scorer) -> None:
    """Its first line is read as the header: the error names the missing column and quotes only the start."""
    source = tmp_path / "notes.txt"
    source.write_text("x" * 50_000 + "\nmore\n")
    with pytest.raises(InputError, match=r"no column 'text' .*\(1 columns, 50,000 characters; is it a CSV file\?\)") as caught:
        score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    assert len(str(caught.value)) < 600


def test_a_line_too_short_to_hold_its_text_gets_no_scores(tmp_path, tiny_scorer) -> None:
    """Its text was never read: blank scores and flags (a filter on ``*_flag == 0`` must not pass it as clean),
    and the reader's status, not ``empty_text``. A row whose text is really empty is scored as clear."""
    source = tmp_path / "in.csv"
    source.write_text('id,author,text\n1,ann,hello there\n2,bob\n3,cy,\n')
    summary = score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    short, empty = read(tmp_path / "out.csv")[1:]
    assert short["status"] == "malformed: line 3 has 2 fields, expected 3"
    assert all(short[column] == "" for column in ("confidential_score", "derogatory_flag", "illegal_flag"))
    assert empty["status"] == "empty_text" and empty["derogatory_flag"] == "0" and empty["confidential_score"] == "0.0"
    assert summary.statuses == {"ok": 1, "malformed": 1, "empty_text": 1}


def test_encodings(tmp_path, tiny_scorer) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes("text\nCafé crème for the team\n".encode("utf-8-sig"))
    score_csv(str(bom), str(tmp_path / "a.csv"), tiny_scorer, progress=False)
    assert read(tmp_path / "a.csv")[0]["text"] == "Café crème for the team"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text\nCafé crème – fine\n".encode("cp1252"))
    summary = score_csv(str(latin), str(tmp_path / "b.csv"), tiny_scorer, progress=False)
    assert summary.encoding == "utf-8, else cp1252" and read(tmp_path / "b.csv")[0]["text"] == "Café crème – fine"
    mixed = tmp_path / "mixed.csv"  # an archive exported over the years: UTF-8 rows and cp1252 rows
    mixed.write_bytes(b"text\n" + "Café crème – fine\n".encode("cp1252") + "all good here — utf8 dash ✓\n".encode())
    score_csv(str(mixed), str(tmp_path / "m.csv"), tiny_scorer, progress=False)
    texts = [row["text"] for row in read(tmp_path / "m.csv")]
    assert texts == ["Café crème – fine", "all good here — utf8 dash ✓"]
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"text\nfine row\nbad \xff\xfe bytes\n")
    score_csv(str(broken), str(tmp_path / "c.csv"), tiny_scorer, encoding="utf-8", progress=False)
    rows = read(tmp_path / "c.csv")
    assert rows[0]["status"] == "ok" and rows[1]["status"] == "decode_replaced"


def test_an_encoding_that_cannot_read_the_file_is_a_clear_error(tmp_path, tiny_scorer) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,text\n1,hello\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot be read as utf-16: UTF-16 stream does not start with BOM"):
        score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, encoding="utf-16", progress=False)


@pytest.mark.parametrize(("content", "named"), [
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "a zip archive (an Excel .xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "an old Excel (.xls)"),
    (b"%PDF-1.7\n", "a PDF file"),
    ("text\nhello there, no byte-order mark\n".encode("utf-16-le"), "binary data (NUL bytes), or UTF-16 without"),
])
def test_a_file_that_is_no_csv_is_named_not_read_as_one(tmp_path, tiny_scorer, content: bytes, named: str) -> None:
    """A spreadsheet or a PDF saved under any name is refused with what it looks like, not read as a CSV
    whose header is binary ("no column 'text'; columns are: PK...")."""
    source = tmp_path / "posts.csv"
    source.write_bytes(content)
    with pytest.raises(InputError, match=r"posts\.csv cannot be read as CSV: it looks like " + re.escape(named)):
        score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)


def test_a_stray_nul_byte_is_one_damaged_row_not_a_binary_file(tmp_path, tiny_scorer) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"text\nhello\x00world\nsecond row\n")
    summary = score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    assert summary.statuses == {"ok": 2}


def test_stray_bytes_in_a_utf8_file_are_replaced_and_marked_not_read_as_cp1252(tmp_path, tiny_scorer) -> None:
    """A UTF-8 file with UTF-16's byte-order mark pasted into one row and a "—" cut short in another: those
    rows say decode_replaced (they had read "ÿþ" and "â€", status ok); every UTF-8 character stays as written."""
    source = tmp_path / "in.csv"
    source.write_bytes("id,text\n1,Café déjà vu — naïve 😀\n".encode() + b"2,broken \xff\xfe bytes here\n"
                       b"3,cut short \xe2\x80\n" + "4,après-ski ✓\n".encode())
    summary = score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    rows = read(tmp_path / "out.csv")
    assert [(r["text"], r["status"]) for r in rows] == [
        ("Café déjà vu — naïve 😀", "ok"), ("broken \ufffd\ufffd bytes here", "decode_replaced"),
        ("cut short \ufffd", "decode_replaced"), ("après-ski ✓", "ok")]
    assert summary.encoding == "utf-8, damaged bytes replaced"  # no byte was read as cp1252: the summary says so


@pytest.mark.parametrize(
    ("content", "used"),
    [
        ("id,text\n1,Café — fine\n".encode() + b"2,broken \xff\xfe bytes\n" + "3,Café crème\n".encode("cp1252"),
         "utf-8, damaged bytes replaced, else cp1252"),
        ("id,text\n1,Café — fine\n".encode() + "2,Café crème\n".encode("cp1252"), "utf-8, else cp1252"),
        (b"id,text\n1,plain\n2,a byte cp1252 lacks \x81\n", "utf-8, undecodable bytes replaced"),
        ("id,text\n1,Café — fine\n".encode(), "utf-8"),
    ],
)
def test_the_summary_names_the_encoding_as_used(tmp_path, tiny_scorer, content: bytes, used: str) -> None:
    """"else cp1252" only when a byte was read as cp1252, "replaced" only when one was replaced."""
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    summary = score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    assert summary.encoding == used
    assert f"[{used}]" in summary.line()


def test_a_malformed_row_with_replaced_bytes_is_counted_as_both(tmp_path, tiny_scorer) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes("id,text\n1,Café — fine\n".encode() + b"2,bad \xff byte,extra,fields\n3,fine\n")
    summary = score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    rows = read(tmp_path / "out.csv")
    assert rows[1]["status"].startswith("malformed:") and rows[1]["status"].endswith("; decode_replaced")
    assert summary.statuses == {"ok": 2, "malformed": 1, "decode_replaced": 1}
    assert "decode_replaced=1, malformed=1, ok=2" in summary.line()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"body,author\nx,y\n", "no column 'text'.*columns are: body, author$"),
     (b"id,Text\n1,hello\n", r"no column 'text'.*columns are: id, Text; did you mean 'Text'\? \(column names are matched exactly\)$"),
     (b"id,txt\n1,hello\n", r"no column 'text'.*columns are: id, txt; did you mean 'txt'\?$"),
     (b"id;text\n1;hello\n", "columns are: id;text \\(the header looks separated by semicolons: save the file as comma-separated CSV\\)"),
     (b"text,status\nx,y\n", "already has smrisk columns")],
)
def test_bad_files_are_input_errors(tmp_path, tiny_scorer, content: bytes, message: str) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    with pytest.raises(InputError, match=message):
        score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)


def test_header_only_file_gives_header_only_output(tmp_path, tiny_scorer) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,text\n")
    summary = score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    assert summary.rows == 0
    assert (tmp_path / "out.csv").read_text().splitlines() == ["id,text," + ",".join(SCORE_COLUMNS)]


def test_duplicate_column_names_use_the_first_text_column(tmp_path, tiny_scorer) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text,text\nfirst,second\n")
    score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    with open(tmp_path / "out.csv", newline="") as handle:
        header, row = list(csv.reader(handle))
    assert header[:2] == ["text", "text"] and row[:2] == ["first", "second"] and row[-1] == "ok"


def test_resume_neither_rescoring_nor_duplicating(tmp_path, tiny_scorer) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,text\n" + "".join(f"{i},post number {i}\n" for i in range(10)))
    out = tmp_path / "out.csv"
    full = tmp_path / "full.csv"
    score_csv(str(source), str(full), tiny_scorer, chunk_rows=3, progress=False)
    # simulate a run killed after two chunks plus a half-written third chunk
    lines = full.read_text().splitlines(keepends=True)
    (tmp_path / "out.csv.partial").write_text("".join(lines[:7]) + "7,post num")
    (tmp_path / "out.csv.progress").write_text('{"rows_done": 6}')
    calls = []
    original = tiny_scorer.score_many
    tiny_scorer.score_many = lambda texts, **kw: calls.append(list(texts)) or original(texts, **kw)  # type: ignore[method-assign]
    try:
        summary = score_csv(str(source), str(out), tiny_scorer, chunk_rows=3, resume=True, progress=False)
    finally:
        del tiny_scorer.score_many
    assert calls == [["post number 6", "post number 7", "post number 8"], ["post number 9"]]
    assert out.read_text() == full.read_text()
    assert summary.resumed_from == 6 and summary.rows == 10
    assert not (tmp_path / "out.csv.progress").exists() and not (tmp_path / "out.csv.partial").exists()
    with pytest.raises(InputError, match="nothing to resume: .* is complete"):  # resuming a finished run re-scores nothing
        score_csv(str(source), str(out), tiny_scorer, chunk_rows=3, resume=True, progress=False)
    assert out.read_text() == full.read_text()


def test_a_resumed_run_sums_up_the_whole_file(tmp_path, tiny_scorer) -> None:
    """The summary of a resumed run says how many rows were already done and how many it scored, and
    its status counts are those of the whole output, the interrupted run's rows read back from it."""
    source = tmp_path / "in.csv"
    source.write_text("id,text\n" + "".join(f"{i},{'' if i in (1, 8) else f'post number {i}'}\n" for i in range(10)))
    full, out = tmp_path / "full.csv", tmp_path / "out.csv"
    whole = score_csv(str(source), str(full), tiny_scorer, chunk_rows=3, progress=False)
    lines = full.read_text().splitlines(keepends=True)
    (tmp_path / "out.csv.partial").write_text("".join(lines[:7]) + "7,post num")
    (tmp_path / "out.csv.progress").write_text('{"rows_done": 6}')
    summary = score_csv(str(source), str(out), tiny_scorer, chunk_rows=3, resume=True, progress=False)
    assert out.read_text() == full.read_text()
    assert summary.rows == 10 and summary.resumed_from == 6 and summary.scored == 4
    assert summary.statuses == whole.statuses == {"ok": 8, "empty_text": 2}  # row 1 was done before, row 8 now
    assert summary.line() == ("10 rows in the output: 6 already done by the interrupted run, 4 scored now [utf-8]: "
                              "empty_text=2, ok=8")
    assert whole.line() == "scored 10 rows [utf-8]: empty_text=2, ok=8"


def test_a_resumed_run_counts_replaced_bytes_in_a_malformed_row_it_reads_back(tmp_path, tiny_scorer) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes("id,text\n0,Café — fine\n".encode() + b"1,bad \xff byte,extra\n" +
                       "".join(f"{i},post number {i}\n" for i in range(2, 6)).encode())
    full, out = tmp_path / "full.csv", tmp_path / "out.csv"
    whole = score_csv(str(source), str(full), tiny_scorer, chunk_rows=3, progress=False)
    lines = full.read_bytes().splitlines(keepends=True)
    (tmp_path / "out.csv.partial").write_bytes(b"".join(lines[:4]))
    (tmp_path / "out.csv.progress").write_text('{"rows_done": 3}')
    summary = score_csv(str(source), str(out), tiny_scorer, chunk_rows=3, resume=True, progress=False)
    assert summary.statuses == whole.statuses == {"ok": 5, "malformed": 1, "decode_replaced": 1}
    assert summary.encoding == whole.encoding == "utf-8, damaged bytes replaced"


def test_resume_never_mixes_masked_and_revealed_secrets(tmp_path, tiny_scorer) -> None:
    """Rows written with secrets masked and rows with them in clear must not share a file, either way round."""
    source = tmp_path / "in.csv"
    source.write_text("id,text\n" + "".join(f"{i},the wifi password is Crumpet!{i}025\n" for i in range(6)))
    out = tmp_path / "out.csv"
    for first, then in ((False, True), (True, False)):
        lines = score_csv(str(source), str(tmp_path / "full.csv"), tiny_scorer, reveal=first, progress=False)
        full = (tmp_path / "full.csv").read_text().splitlines(keepends=True)
        (tmp_path / "out.csv.partial").write_text("".join(full[:4]))
        (tmp_path / "out.csv.progress").write_text(json.dumps({"rows_done": 3, "model_id": tiny_scorer.model_id,
                                                               "extra_digest": None, "reveal": first}))
        shown = ("with secrets masked", "with --reveal") if not first else ("with --reveal", "with secrets masked")
        with pytest.raises(InputError, match=f"written {shown[0]}.*this run {shown[1]}.*must not mix masked and revealed"):
            score_csv(str(source), str(out), tiny_scorer, chunk_rows=3, reveal=then, resume=True, progress=False)
        summary = score_csv(str(source), str(out), tiny_scorer, chunk_rows=3, reveal=first, resume=True, progress=False)
        assert summary.resumed_from == 3 and out.read_text() == "".join(full) and lines.rows == 6
        out.unlink()


def test_resume_without_a_progress_record_is_refused(tmp_path, tiny_scorer) -> None:
    """A partial file whose progress record is gone says nothing of which rows are done: resuming from it
    would re-score them silently, so it is refused (a run with no partial file just starts)."""
    source = tmp_path / "in.csv"
    source.write_text("id,text\n0,hello\n1,there\n")
    (tmp_path / "out.csv.partial").write_text("id,text\n")
    with pytest.raises(InputError, match="has no progress record .* delete it, or run without --resume"):
        score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, resume=True, progress=False)
    (tmp_path / "out.csv.partial").unlink()
    assert score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, resume=True, progress=False).rows == 2


def test_a_run_stopped_in_its_first_chunk_resumes_from_the_start(tmp_path, tiny_scorer) -> None:
    """Ctrl-C before the first chunk is written leaves the header and a record of no rows done: --resume
    starts from the first row (it is not read as a lost record)."""
    source, out, full = tmp_path / "in.csv", tmp_path / "out.csv", tmp_path / "full.csv"
    source.write_text("id,text\n0,hello\n1,there\n")
    score_csv(str(source), str(full), tiny_scorer, progress=False)

    def interrupted(texts, **kw):  # noqa: ANN001, ANN003, ANN202
        raise KeyboardInterrupt

    tiny_scorer.score_many = interrupted  # type: ignore[method-assign]
    try:
        with pytest.raises(KeyboardInterrupt):
            score_csv(str(source), str(out), tiny_scorer, progress=False)
    finally:
        del tiny_scorer.score_many
    assert (tmp_path / "out.csv.partial").exists() and json.loads((tmp_path / "out.csv.progress").read_text())["rows_done"] == 0
    progress = (tmp_path / "out.csv.progress").read_text()
    summary = score_csv(str(source), str(out), tiny_scorer, resume=True, progress=False)
    assert summary.resumed_from == 0 and summary.rows == 2 and out.read_bytes() == full.read_bytes()
    # killed so early that not even the header reached the disk: an empty partial file resumes from the start too
    out.unlink()
    (tmp_path / "out.csv.partial").write_bytes(b"")
    (tmp_path / "out.csv.progress").write_text(progress)
    summary = score_csv(str(source), str(out), tiny_scorer, resume=True, progress=False)
    assert summary.resumed_from == 0 and summary.rows == 2 and out.read_bytes() == full.read_bytes()


def _interrupted_on_second_chunk(source, out, scorer) -> None:  # noqa: ANN001
    """Run ``smrisk batch`` in chunks of 3 rows and stop it (Ctrl-C) as the second chunk is scored."""
    original = scorer.score_many
    calls = []

    def dies_on_second_chunk(texts, **kw):  # noqa: ANN001, ANN003, ANN202
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(texts, **kw)

    scorer.score_many = dies_on_second_chunk
    try:
        with pytest.raises(KeyboardInterrupt):
            score_csv(str(source), str(out), scorer, chunk_rows=3, progress=False)
    finally:
        del scorer.score_many


def test_resume_reading_another_text_column_is_refused(tmp_path, tiny_scorer) -> None:
    """A run interrupted after scoring ``text`` must not be continued on ``id``: one file would hold
    rows judged on two different columns, with nothing in it to say so."""
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("id,text\n" + "".join(f"{i},post number {i}\n" for i in range(9)))
    _interrupted_on_second_chunk(source, out, tiny_scorer)
    assert json.loads((tmp_path / "out.csv.progress").read_text())["rows_done"] == 3
    with pytest.raises(InputError, match="other columns .*--text-column 'text' then, 'id' now"):
        score_csv(str(source), str(out), tiny_scorer, chunk_rows=3, text_column="id", resume=True, progress=False)
    summary = score_csv(str(source), str(out), tiny_scorer, chunk_rows=3, resume=True, progress=False)
    assert summary.resumed_from == 3 and summary.rows == 9


@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink"])
def test_the_output_may_not_be_the_input(tmp_path, tiny_scorer, spelling: str) -> None:
    source = tmp_path / "posts.csv"
    body = "text\n" + "".join(f"post number {i}\n" for i in range(40))
    source.write_text(body)
    target = {"same": source, "dotted": tmp_path / "." / "posts.csv", "symlink": tmp_path / "link.csv"}[spelling]
    if spelling == "symlink":
        target.symlink_to(source)
    with pytest.raises(InputError, match="is the input file"):
        score_csv(str(source), str(target), tiny_scorer, progress=False)
    assert source.read_text() == body


def test_a_crash_leaves_no_half_written_file_under_the_final_name(tmp_path, tiny_scorer) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text\n" + "".join(f"post number {i}\n" for i in range(10)))
    out = tmp_path / "out.csv"
    _interrupted_on_second_chunk(source, out, tiny_scorer)
    assert not out.exists() and (tmp_path / "out.csv.partial").exists()
    summary = score_csv(str(source), str(out), tiny_scorer, chunk_rows=3, resume=True, progress=False)
    assert summary.rows == 10 and len(out.read_text().splitlines()) == 11


def test_stdout_output(tmp_path, tiny_scorer, capsys) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text\nhello\n")
    score_csv(str(source), "-", tiny_scorer, progress=False)
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["text"] == "hello" and rows[0]["status"] == "ok"


def _scored_rows(tmp_path, scorer, body: str) -> list[dict[str, str]]:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(body)
    score_csv(str(source), str(out), scorer, progress=False)
    with out.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_an_unclosed_quote_is_reported_not_silently_merged(tmp_path, tiny_scorer) -> None:
    rows = _scored_rows(tmp_path, tiny_scorer, 'id,channel,text\nM01,staff,"never closed\nM02,staff,second post\nM03,staff,third\n')
    assert rows[0]["status"].startswith("suspect: lines 2-4 were read as one row")


def test_an_unclosed_quote_in_a_one_column_file_is_suspect(tmp_path, tiny_scorer) -> None:
    """One column gives no field to compare, but a quote that is never closed ran to the end of the file."""
    rows = _scored_rows(tmp_path, tiny_scorer, 'text\nhello\n"unclosed start\nrow two\nrow three\n')
    assert [r["status"].split(":")[0] for r in rows] == ["ok", "suspect"]
    assert "never closed" in rows[1]["status"]
    closed = _scored_rows(tmp_path, tiny_scorer, 'text\n"a ""quoted"" post\nover two lines"\nnext\n')
    assert [r["status"] for r in closed] == ["ok", "ok"]


def test_a_real_multi_line_post_is_not_suspect(tmp_path, tiny_scorer) -> None:
    body = 'id,channel,text\n1,exec,"A note to my team:\n\nWe did it, on time.\nThank you, all of you."\n2,brand,next\n'
    assert [r["status"] for r in _scored_rows(tmp_path, tiny_scorer, body)] == ["ok", "ok"]


def test_an_unclosed_quote_that_the_next_row_closes_is_suspect(tmp_path, tiny_scorer) -> None:
    """The next row's own opening quote closes the stray one, so the merged row has the header's
    width: the physical line after the break still reads as a row of its own."""
    body = ('id,text,parent\n1,"hello there,\n2,"who wants to split an ounce of coke for the offsite",\n'
            '3,"great quarter everyone",\n')
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(body)
    summary = score_csv(str(source), str(out), tiny_scorer, progress=False)
    rows = read(out)
    assert [r["id"] for r in rows] == ["1", "3"]  # rows out = rows as the reader sees them
    assert rows[0]["text"] == 'hello there,\n2,who wants to split an ounce of coke for the offsite"'
    assert rows[0]["status"].startswith("suspect: lines 2-3 were read as one row, but line 3 reads as a row of its own")
    assert rows[1]["status"] == "ok"
    assert dict(summary.statuses) == {"ok": 1, "suspect": 1} and summary.line().endswith(": ok=1, suspect=1")


@pytest.mark.parametrize(("body", "line"), [
    ('id,text,parent\n9,"hello there,\n10,"who wants some",\n11,"great",\n', 3),  # "10" after "9": one shape
    ('text,id\n"fine",1\n"hello there,2\n"who wants some",3\n"great",4\n', 4),  # the break in the first column
    ('id,text,parent\r\n1,"hello there,\r\n2,"who wants some",\r\n3,"great",\r\n', 3),
    ('id,channel,text\nM01,staff,"a\nnot a row\nM02,staff,"second",\nM03,staff,third\n', 4),
])
def test_swallowed_rows_are_found_whatever_closes_the_quote(tmp_path, tiny_scorer, body: str, line: int) -> None:
    suspect = [r["status"] for r in _scored_rows(tmp_path, tiny_scorer, body) if r["status"] != "ok"]
    assert len(suspect) == 1 and f"but line {line} reads as a row of its own" in suspect[0]


def test_a_swallowing_row_with_too_many_fields_counts_as_suspect(tmp_path, tiny_scorer) -> None:
    """Its wrong width is a consequence of the stray quote: the status leads with ``suspect``, which the summary counts."""
    source = tmp_path / "in.csv"
    source.write_text('id,text\n1,"hello there,\n2,"who wants some",\n3,great\n')
    summary = score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    status = read(tmp_path / "out.csv")[0]["status"]
    assert status.startswith("suspect: lines 2-3") and "; malformed: line 2 has 3 fields, expected 2" in status
    assert dict(summary.statuses) == {"ok": 1, "suspect": 1}


@pytest.mark.parametrize(("body", "rows"), [
    ('id,channel,text\n1,staff,"Plan:\n2024, a year, to remember\n3, 4, 5\nbye"\n2,staff,next\n', 2),  # commas, numbers
    ('id,text,parent\n1,"line one\nline two",\n2,"ok",1\n', 2),  # the last line holds the row's own trailing fields
    ('text,id\n"fine",1\n"A note:\nWe did it, 5\nThanks all",2\n"great",4\n', 3),  # text first, an id after it
    ('text,id\n"A note:\nThanks all",2\n"great",4\n', 2),  # a multi-line first row, no row before it
    ('id,channel,text\nM01,staff,"He said ""M02, staff, done""\nand left"\nM02,staff,next\n', 2),  # quoted quotes
])
def test_real_multi_line_posts_stay_ok(tmp_path, tiny_scorer, body: str, rows: int) -> None:
    assert [r["status"] for r in _scored_rows(tmp_path, tiny_scorer, body)] == ["ok"] * rows


# -- under a company policy -------------------------------------------------------------------

def test_a_policy_adds_route_speaker_and_digest_after_status(tmp_path, tiny_bundle, policy_file) -> None:
    policy = load_policy(policy_file)
    scorer = Scorer([tiny_bundle], policy=policy)
    source = speaker_csv(tmp_path / "in.csv")
    summary = score_csv(str(source), str(tmp_path / "out.csv"), scorer, chunk_rows=3, progress=False,
                        author_column="author", channel_column="channel")
    rows = read(tmp_path / "out.csv")
    assert summary.rows == 7 and list(rows[0]) == ["id", "author", "channel", "text", *SCORE_COLUMNS, *POLICY_COLUMNS]
    assert [r["policy_sha256"] for r in rows] == [policy.digest] * 7
    assert [r["speaker"].split(":")[0] for r in rows] == ["ok", "needs_approval", "needs_approval", "missing_disclaimer",
                                                         "ok", "", "needs_approval"]
    assert "author unknown" in rows[2]["speaker"]  # a blank author is unknown
    owners = [r["route"].split(";") for r in rows]  # rule-driven owners only: the tiny model's own flags may add hr
    assert owners[1][0] == "security" and "legal" in owners[1] and owners[1][-1] == "communications"
    assert owners[5][0] == "security" and owners[6] == ["communications"] and rows[6]["status"] == "empty_text"
    for row in rows:  # each row judged with its own author and channel, as Scorer.score would
        report = scorer.score(row["text"], author=row["author"] or None, channel=row["channel"] or None)
        assert [row[c] for c in POLICY_COLUMNS] == list(policy_cells(report).values())


def test_the_evidence_cell_says_why_each_rule_span_counts(tmp_path, tiny_bundle, policy_file) -> None:
    """A CSV reviewer reads which lexicon matched and which competitor a claim runs down; the reader
    of the cell (review page, audit report) gets the same reasons back."""
    from smrisk.evidence_cells import parse_cell

    scorer = Scorer([tiny_bundle], policy=load_policy(policy_file))
    source = tmp_path / "in.csv"
    source.write_text("id,text\n1,Zentrix robots are junk and Northvane lied to us\n2,Bluefin ships on May 3\n")
    score_csv(str(source), str(tmp_path / "out.csv"), scorer, progress=False)
    rows = read(tmp_path / "out.csv")
    assert ('"junk" (derogatory.policy.competitors 0.90: runs down Zentrix (says its products are poor or fail))'
            in rows[0]["evidence"])
    assert '"lied" (derogatory.policy.competitors 0.90: runs down Northvane (calls it dishonest or a copier))' in rows[0]["evidence"]
    assert '"Bluefin" (confidential.policy.codenames 0.90: unreleased product code name)' in rows[1]["evidence"]
    assert "claims about them go to legal" not in rows[0]["evidence"]  # the lexicon's general reason: once per rule, not per span
    spans = [s for row in rows for spans in parse_cell(row["evidence"]).values() for s in spans if not s.from_model]
    assert {(s.text, s.source, s.label) for s in spans} >= {
        ("junk", "derogatory.policy.competitors", "derogatory.policy.competitors 0.90"),
        ("Bluefin", "confidential.policy.codenames", "confidential.policy.codenames 0.90")}
    assert "runs down Zentrix (says its products are poor or fail) (rule derogatory.policy.competitors, 0.90)" in [s.reason for s in spans]


def test_speaker_columns_need_a_policy_and_must_exist(tmp_path, tiny_scorer, tiny_bundle, policy_file) -> None:
    source = speaker_csv(tmp_path / "in.csv")
    with pytest.raises(ConfigError, match="need a policy"):
        score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, author_column="author", progress=False)
    with pytest.raises(InputError, match="no column 'where' in .*; columns are: id, author, channel, text"):
        score_csv(str(source), str(tmp_path / "out.csv"), Scorer([tiny_bundle], policy=load_policy(policy_file)),
                  channel_column="where", progress=False)
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "out.csv.partial").exists()


def test_an_input_column_named_like_a_policy_column_is_refused_under_a_policy(tmp_path, tiny_scorer, tiny_bundle,
                                                                              policy_file) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text,route\nhello,north\n")
    score_csv(str(source), str(tmp_path / "plain.csv"), tiny_scorer, progress=False)  # no policy: nothing to clash with
    with pytest.raises(InputError, match=r"already has smrisk columns \['route'\]"):
        score_csv(str(source), str(tmp_path / "out.csv"), Scorer([tiny_bundle], policy=load_policy(policy_file)), progress=False)


def test_resume_under_another_policy_or_none_is_refused(tmp_path, tiny_scorer, tiny_bundle, policy_file) -> None:
    source = speaker_csv(tmp_path / "in.csv")
    policy, other = load_policy(policy_file), load_policy(write_policy(tmp_path / "other.toml", "top_spans = 2"))
    ours, theirs = Scorer([tiny_bundle], policy=policy), Scorer([tiny_bundle], policy=other)
    speakers = {"author_column": "author", "channel_column": "channel"}
    full, out = tmp_path / "full.csv", tmp_path / "out.csv"
    score_csv(str(source), str(full), ours, chunk_rows=3, progress=False, **speakers)
    lines = full.read_bytes().splitlines(keepends=True)

    def interrupted(digest: str | None) -> None:
        (tmp_path / "out.csv.partial").write_bytes(b"".join(lines[:4]) + b"4,m.ortiz,perso")
        (tmp_path / "out.csv.progress").write_text(json.dumps({"rows_done": 3, "policy_sha256": digest}))

    ours_digest, theirs_digest = policy.digest[:12], other.digest[:12]
    for scorer, digest, message in [
        (theirs, policy.digest, f"scored under policy sha256 {ours_digest}, this run scores under policy sha256 {theirs_digest}"),
        (tiny_scorer, policy.digest, f"under policy sha256 {ours_digest}, this run scores without a policy"),
        (ours, None, f"scored without a policy, this run scores under policy sha256 {ours_digest}"),
    ]:
        interrupted(digest)
        extra = speakers if scorer.policy is not None else {}
        with pytest.raises(InputError, match=f"cannot resume .*{message}; pass the same policy"):
            score_csv(str(source), str(out), scorer, chunk_rows=3, resume=True, progress=False, **extra)
        assert (tmp_path / "out.csv.partial").read_bytes().endswith(b"perso")  # left as it was, for the right run
    interrupted(policy.digest)
    summary = score_csv(str(source), str(out), ours, chunk_rows=3, resume=True, progress=False, **speakers)
    assert out.read_bytes() == full.read_bytes() and summary.resumed_from == 3


def test_resume_checks_the_columns_written(tmp_path, tiny_scorer) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,text\n" + "".join(f"{i},post number {i}\n" for i in range(4)))
    (tmp_path / "out.csv.partial").write_text("id,body,confidential_score\n0,x,0.1\n")
    (tmp_path / "out.csv.progress").write_text('{"rows_done": 1}')
    with pytest.raises(InputError, match="cannot resume .* other columns than this run writes"):
        score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, resume=True, progress=False)


@pytest.mark.parametrize("name", ["scored.xlsx", "scored.JSON", "scored.tsv"])
def test_an_output_named_for_another_format_is_refused(tmp_path, tiny_scorer, name: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text\nhello\n")
    with pytest.raises(InputError, match="writes CSV or Parquet"):
        score_csv(str(source), str(tmp_path / name), tiny_scorer, progress=False)
    assert not (tmp_path / name).exists()


def test_resume_to_stdout_is_refused(tmp_path, tiny_scorer) -> None:
    source = tmp_path / "in.csv"
    source.write_text("text\nhello\n")
    with pytest.raises(InputError, match="--resume needs an output file"):
        score_csv(str(source), "-", tiny_scorer, resume=True, progress=False)


def test_resume_with_nothing_to_resume_says_so_and_scores_every_row(tmp_path, tiny_scorer, caplog) -> None:
    """--resume on an output no run has started: one warning that it starts from the first row, then every
    row scored as without --resume; a run that does continue, or is not asked to, says nothing of it."""
    source, out, plain = tmp_path / "in.csv", tmp_path / "out.csv", tmp_path / "plain.csv"
    source.write_text("id,text\n" + "".join(f"{i},post {i}\n" for i in range(7)))
    with caplog.at_level("WARNING", logger="smrisk"):
        summary = score_csv(str(source), str(out), tiny_scorer, resume=True, progress=False)
    assert [r.getMessage() for r in caplog.records] == [
        f"nothing to resume: no interrupted run of {out} ({out}.partial does not exist); scoring from the first row"]
    score_csv(str(source), str(plain), tiny_scorer, progress=False)
    assert summary.rows == 7 and summary.resumed_from == 0 and out.read_bytes() == plain.read_bytes()
    caplog.clear()
    out.unlink()
    _interrupted_on_second_chunk(source, out, tiny_scorer)
    with caplog.at_level("WARNING", logger="smrisk"):
        assert score_csv(str(source), str(out), tiny_scorer, resume=True, progress=False).resumed_from == 3
    assert caplog.records == []


def test_a_second_run_on_an_output_being_written_is_refused(tmp_path, tiny_scorer) -> None:
    """Two runs writing one output interleave rows (a new user's trial got 3,984 duplicates and a
    traceback): while a live process holds ``OUTPUT.lock`` another run is refused and the output left
    alone; a lock whose process is gone is taken over, and a finished run leaves no lock behind."""
    import subprocess
    import sys

    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("id,text\n" + "".join(f"{i},post {i}\n" for i in range(5)))
    lock = tmp_path / "out.csv.lock"
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock.write_text(str(holder.pid))
        with pytest.raises(InputError, match=rf"another smrisk run \(process {holder.pid}\) is writing"):
            score_csv(str(source), str(out), tiny_scorer, resume=True, progress=False)
        assert not out.exists() and not (tmp_path / "out.csv.partial").exists() and lock.read_text() == str(holder.pid)
    finally:
        holder.kill()
        holder.wait()
    # the holder is gone: its lock is stale
    assert score_csv(str(source), str(out), tiny_scorer, progress=False).rows == 5
    assert not lock.exists() and len(out.read_text().splitlines()) == 6


@pytest.mark.parametrize("head_rows", [2_000, 20_000])  # ~110 KB (past the old 8 KB sniff) and ~1.2 MB (past the first megabyte)
def test_a_cp1252_row_after_many_plain_rows_is_read_not_replaced(tmp_path, tiny_scorer, head_rows: int) -> None:
    """An archive of plain ASCII rows with a cp1252 row far down: the row reads as written ("Café", "–", "’"), its
    status is ok, and the summary says cp1252 was used."""
    source = tmp_path / "in.csv"
    plain = "".join(f"{i},an ordinary post about the depot, number {i} of many\n" for i in range(head_rows))
    source.write_bytes(b"id,text\n" + plain.encode("ascii") + "9999,Café meet-up at 5 – everyone’s welcome\n".encode("cp1252"))
    summary = score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    last = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))[-1]
    assert last["text"] == "Café meet-up at 5 – everyone’s welcome" and last["status"] == "ok"
    assert "else cp1252" in summary.line() and "decode_replaced" not in summary.line()


def test_the_first_megabyte_decides_how_bytes_are_read(tmp_path, tiny_scorer) -> None:
    """A UTF-8 file whose first accented letter comes after its first 8 KB (the default read buffer) and which
    later holds a cut UTF-8 character: the whole first megabyte is sniffed, so the file reads as UTF-8 with its
    damage replaced, not as cp1252 text ("â€")."""
    source = tmp_path / "in.csv"
    plain = "".join(f"{i},an ordinary post about the depot, number {i} of many\n" for i in range(400))
    data = b"id,text\n" + plain.encode("ascii") + "400,Crème brûlée day\n".encode() + b"401,cut \xe2\x80 here\n"
    source.write_bytes(data)
    summary = score_csv(str(source), str(tmp_path / "out.csv"), tiny_scorer, progress=False)
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert rows[-2]["text"] == "Crème brûlée day" and "â€" not in rows[-1]["text"] and rows[-1]["status"] == "decode_replaced"
    assert "damaged bytes replaced" in summary.line()
