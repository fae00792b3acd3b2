"""``smrisk report``: the numbers (hand-computed on a six-row file), the post list (chosen, masked,
marked, escaped), and clear errors for files that are not batch output. Reading the evidence column
and finding its spans in the text is ``smrisk.evidence_cells``' job, tested in test_evidence_cells.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from smrisk.audit.page import build_report
from smrisk.audit.posts import choose, mark
from smrisk.audit.scored import read_scored
from smrisk.audit.summary import Group, summarise
from smrisk.cli import main
from smrisk.evidence_cells import cell_spans
from smrisk.score_columns import SCORE_COLUMNS
from tests.audit_files import ROWS, THRESHOLDS, scored_frame, write_scored


@pytest.fixture
def scored(tmp_path: Path):
    return read_scored(str(write_scored(tmp_path / "scored.csv")))


# -- the numbers ---------------------------------------------------------------------------


def test_totals_and_rates_count_flags_of_scored_rows(scored) -> None:
    summary = summarise(scored, THRESHOLDS, {})
    totals = summary.totals
    assert (totals.rows, totals.scored, totals.flagged_any) == (6, 5, 4)
    assert dict(totals.statuses) == {"ok": 4, "empty_text": 1, "error": 1}
    assert [(t.risk, t.flagged, t.rate, t.disagreeing) for t in totals.risks] == [
        ("confidential", 2, 0.4, 0), ("derogatory", 2, 0.4, 0), ("illegal", 2, 0.4, 0)]


def test_named_thresholds_and_the_grid(scored) -> None:
    options = {"confidential": {"shipped": 0.4, "stricter": 0.85}, "derogatory": {"sensitive": 0.2}}
    summary = summarise(scored, THRESHOLDS, options)
    assert [(o.risk, o.name, o.flagged, o.rate) for o in summary.options] == [
        ("confidential", "in this file", 2, 0.4), ("confidential", "shipped", 2, 0.4), ("confidential", "stricter", 1, 0.2),
        ("derogatory", "in this file", 2, 0.4), ("derogatory", "sensitive", 3, 0.6),
        ("illegal", "in this file", 2, 0.4)]
    grid = dict(summary.grid)
    assert grid[0.1] == (4, 4, 3)
    assert grid[0.5] == (2, 2, 2)
    assert grid[0.99] == (0, 0, 0)


def test_authors_and_channels_top_n(scored) -> None:
    summary = summarise(scored, THRESHOLDS, {}, top=2)
    assert summary.authors is not None and summary.channels is not None
    assert summary.authors.groups == (Group("ann", 2, (2, 1, 1), 2), Group("bob", 2, (0, 1, 1), 2))
    assert summary.authors.total == 3
    assert [(g.name, g.posts, g.flagged_any) for g in summary.channels.groups] == [("x", 3, 2), ("y", 2, 2)]
    assert summarise(scored, THRESHOLDS, {}, top=5).channels.groups[-1].name == "(blank)"


def test_flags_over_time_fill_empty_days_and_count_undated_rows(scored) -> None:
    timeline = summarise(scored, THRESHOLDS, {}).timeline
    assert timeline is not None and timeline.unit == "day" and timeline.undated == 1
    assert timeline.periods == (Group("2024-01-01", 2, (2, 1, 1), 2), Group("2024-01-02", 1, (0, 0, 0), 0),
                                Group("2024-01-03", 2, (0, 1, 1), 2))


def test_long_spans_are_counted_by_week_or_month(tmp_path: Path) -> None:
    weekly = [(*row[:3], date, *row[4:]) for row, date in zip(ROWS, ["2024-01-01", "2024-03-01", "2024-06-30", "", "", ""], strict=True)]
    timeline = summarise(read_scored(str(write_scored(tmp_path / "w.csv", weekly))), THRESHOLDS, {}).timeline
    assert timeline.unit == "week" and timeline.periods[0].name == "2024-01-01" and timeline.undated == 3
    assert sum(g.posts for g in timeline.periods) == 3 and len(timeline.periods) == 26  # the weeks of Jan 1 to Jun 24
    monthly = [(*row[:3], date, *row[4:]) for row, date in zip(ROWS, ["2019-05-02", "2024-03-01", "", "", "", ""], strict=True)]
    timeline = summarise(read_scored(str(write_scored(tmp_path / "m.csv", monthly))), THRESHOLDS, {}).timeline
    assert timeline.unit == "month" and timeline.periods[0].name == "2019-05" and timeline.periods[-1].name == "2024-03"


def test_drivers_count_each_flagged_post_once(scored) -> None:
    drivers = summarise(scored, THRESHOLDS, {}, reasons={"confidential.password": "a password written out"}).drivers
    found = {(d.risk, d.kind, d.name): (d.posts, d.reason) for d in drivers}
    assert found == {
        ("confidential", "rule", "confidential.password"): (1, "a password written out"),
        ("confidential", "phrase", "launch"): (2, ""),
        ("derogatory", "rule", "derogatory.insult"): (2, ""),
        ("illegal", "phrase", "weed"): (2, ""),
    }


def test_flags_set_at_another_threshold_are_reported(scored) -> None:
    summary = summarise(scored, {**THRESHOLDS, "derogatory": 0.78}, {})
    assert [t.disagreeing for t in summary.totals.risks] == [0, 1, 0]  # row 4: flagged at 0.75, under 0.78
    summary = summarise(scored, {**THRESHOLDS, "derogatory": 0.15}, {})
    assert [t.disagreeing for t in summary.totals.risks] == [0, 1, 0]  # row 3: 0.2 is over 0.15, not flagged


# -- the post list ---------------------------------------------------------------------------


def test_marked_pieces_name_each_risk_and_reason() -> None:
    cited = cell_spans('derogatory: "you idiot" (model, strong) | illegal: "you idiot" (derogatory.insult_word 0.50) | '
                       'confidential: "idiot, go" (model); "not there" (model)')
    pieces = mark("well you idiot, go", cited)
    assert [(p.text, p.risks) for p in pieces] == [("well ", ()), ("you ", ("derogatory", "illegal")),
                                                   ("idiot", ("derogatory", "illegal", "confidential")), (", go", ("confidential",))]
    assert pieces[1].reasons == ("derogatory: model: wording typical of insulting or demeaning posts (strong)",
                                 "illegal: an insulting word (rule derogatory.insult_word, 0.50)")
    assert mark("", cited) == ()


def test_post_list_is_worst_first_and_sampled_past_the_limit(scored) -> None:
    chosen, flagged, top = choose(scored.frame, 10)
    assert list(chosen) == [0, 1, 3, 2] and (flagged, top) == (4, 4)  # worst flagged score: 0.9, 0.8, 0.75, 0.7
    chosen, flagged, top = choose(scored.frame, 2)
    assert (len(chosen), flagged, top) == (2, 4, 1) and chosen[0] == 0 and chosen[1] in (1, 2, 3)
    assert list(choose(scored.frame, 2)[0]) == list(chosen)  # seeded: the same sample every run


# -- the page ------------------------------------------------------------------------------

HOSTILE = ('<script>window.pwned = 1</script> you idiot <img src=x onerror="window.pwned=2">', "<b>eve</b> $x$", "</table>",
           "2024-02-01", (0.1, 0.9, 0.1), (0, 1, 0), 'derogatory: "idiot" (model, strong)', "ok")
SECRET = ("Front desk login is admin / Spring2024! and the side door code is 4471", "ann", "x", "2024-02-02",
          (0.99, 0.0, 0.0), (1, 0, 0),
          'confidential: "••••• • •••••••••••" (confidential.login_pair 0.95); "door code" (model, strong)', "ok")


def test_post_text_and_column_values_are_escaped_everywhere(tmp_path: Path, tiny_scorer) -> None:
    scored = read_scored(str(write_scored(tmp_path / "s.csv", [*ROWS, HOSTILE])))
    html = build_report(scored, tmp_path / "audit.html", tiny_scorer).path.read_text(encoding="utf-8")
    assert "<script>window.pwned" not in html and "<img src=x" not in html and "<b>eve</b>" not in html
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in html
    assert "&lt;b&gt;eve&lt;/b&gt;" in html  # in the table and in the author chart's SVG
    assert html.count("<script>") == 1  # the page's own script, nothing else
    assert html.count("</table>") == html.count("<table")


def test_secrets_in_the_text_column_are_masked_in_the_page(tmp_path: Path, tiny_scorer) -> None:
    scored = read_scored(str(write_scored(tmp_path / "s.csv", [*ROWS, SECRET])))
    html = build_report(scored, tmp_path / "audit.html", tiny_scorer).path.read_text(encoding="utf-8")
    assert "Spring2024" not in html and "4471" not in html and "hunter2" not in html
    assert ('<mark class="ev ev-confidential" title="confidential: a user name and password written out '
            '(rule confidential.login_pair, 0.95)">••••• • •••••••••••</mark>') in html
    assert '<mark class="ev ev-confidential" title="confidential: model: ' in html  # "door code"


def test_a_sampled_list_says_so(tmp_path: Path, tiny_scorer) -> None:
    scored = read_scored(str(write_scored(tmp_path / "s.csv")))
    html = build_report(scored, tmp_path / "audit.html", tiny_scorer, max_posts=2).path.read_text(encoding="utf-8")
    assert "this list shows 2 of the 4 flagged posts" in " ".join(html.split())
    full = build_report(scored, tmp_path / "audit.html", tiny_scorer).path.read_text(encoding="utf-8")
    assert "this list shows" not in full


# -- the command ---------------------------------------------------------------------------


def test_batch_then_report_csv_and_parquet(tmp_path: Path, tiny_model_dir: Path, capsys) -> None:
    source = tmp_path / "posts.csv"
    texts = ["you idiot", "our wifi password is Tr0ub4dor&3", "nice day"]
    pd.DataFrame({"author": ["a", "b", "a"], "text": texts}).to_csv(source, index=False)
    for suffix in ("csv", "parquet"):
        scored, out = tmp_path / f"scored.{suffix}", tmp_path / f"audit-{suffix}.html"
        assert main(["batch", str(source), "-o", str(scored), "--model", str(tiny_model_dir), "--no-progress"]) == 0
        assert main(["report", str(scored), "-o", str(out), "--model", str(tiny_model_dir)]) == 0
        err = capsys.readouterr().err
        assert f"wrote {out}" in err and "3 rows" in err, err
        html = out.read_text(encoding="utf-8")
        assert "<svg" in html and "Tr0ub4dor" not in html and ">author</button>" in html


def _header() -> str:
    return ",".join(["text", *SCORE_COLUMNS])


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", [], "is empty"),
        (_header().encode() + b"\n", [], "has a header but no rows"),
        (b"text\nhello\n", [], "no columns confidential_score, derogatory_score, illegal_score, confidential_flag"),
        (",".join(["text", *SCORE_COLUMNS[:-1]]).encode() + b"\nhi,0,0,0,0,0,0,\n", [], "it has no column status;"),
        (_header().encode() + b"\nhi,abc,0,0,0,0,0,,ok\n", [], "row 1 column confidential_score holds 'abc', which is not a number"),
        (_header().encode() + b"\nhi,0,0,0,0,2,0,,ok\n", [], "column derogatory_flag holds '2', which is not a flag"),
        (_header().encode() + b"\nhi,1.5,0,0,1,0,0,,ok\n", [], "which is not a score in [0, 1]"),
        (_header().encode() + b"\nhi,0,0,0,0,0,0,,ok,extra,cells\n", [], "cannot read"),
        (_header().encode() + b'\n"never closed,0,0,0,0,0,0,,ok\n', [], "cannot read"),
        (_header().encode() + b"\nhi,0,0,0,0,0,0,,ok\n", ["--text-column", "body"], "no column 'body'"),
        (_header().encode() + b"\nhi,0,0,0,0,0,0,,ok\n", ["--date-column", "when"], "no column 'when'"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xfe\x00\x01", [], "is not the output of smrisk batch"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path: Path, capsys, content: bytes, args: list[str], message: str) -> None:
    source = tmp_path / "scored.csv"
    source.write_bytes(content)
    assert main(["report", str(source), "-o", str(tmp_path / "audit.html"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "audit.html").exists()


def test_missing_and_corrupt_files(tmp_path: Path, capsys) -> None:
    assert main(["report", str(tmp_path / "nope.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really")
    assert main(["report", str(tmp_path / "bad.parquet")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_cp1252_text_is_read(tmp_path: Path, tiny_model_dir: Path) -> None:
    frame = scored_frame()
    frame.loc[0, "text"] = "caf\u00e9 launch, pw"
    source = tmp_path / "scored.csv"
    source.write_bytes(frame.to_csv(index=False).encode("cp1252"))
    assert main(["report", str(source), "-o", str(tmp_path / "a.html"), "--model", str(tiny_model_dir)]) == 0


def test_the_report_never_overwrites_its_input(tmp_path: Path, capsys) -> None:
    source = write_scored(tmp_path / "scored.csv")
    assert main(["report", str(source), "-o", str(source)]) == 2
    assert "would overwrite its input" in capsys.readouterr().err


def test_without_the_extra_it_names_it(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["report", str(write_scored(tmp_path / "scored.csv"))]) == 2
    err = capsys.readouterr().err
    assert "pip install 'smrisk[report]'" in err and len(err.strip().splitlines()) == 1


def test_the_message_a_reply_answers_is_shown_masked_and_escaped(tmp_path: Path, tiny_scorer) -> None:
    frame = scored_frame(ROWS)
    frame["parent"] = ""
    flags = frame[["confidential_flag", "derogatory_flag", "illegal_flag"]].apply(pd.to_numeric, errors="coerce").fillna(0)
    first_flagged = frame.index[(flags == 1).any(axis=1)][0]
    frame.loc[first_flagged, "parent"] = '["<b>hi</b>", "the wifi password is coffee123, right?"]'
    frame.to_csv(tmp_path / "replies.csv", index=False)
    scored = read_scored(str(tmp_path / "replies.csv"), context_column="parent")
    html = build_report(scored, tmp_path / "audit.html", tiny_scorer).path.read_text(encoding="utf-8")
    assert html.count('<div class="parent">in reply to: ') == 1
    assert "&lt;b&gt;hi&lt;/b&gt;" in html and "<b>hi</b>" not in html
    assert "coffee123" not in html and "the wifi password is •••••••••, right?" in html
    with pytest.raises(Exception, match="parnt"):
        read_scored(str(tmp_path / "replies.csv"), context_column="parnt")
