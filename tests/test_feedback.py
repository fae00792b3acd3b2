"""Reviewers' decisions as labels: accept 1, reject 0, not sure nothing; joined by text; retrained on."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import smrisk
import smrisk.api
from smrisk.cli import main
from smrisk.decisions import Decision, DecisionLog, text_sha256
from smrisk.feedback import add_feedback, feedback_labels


@pytest.fixture(autouse=True)
def tiny_default(monkeypatch, tiny_scorer) -> None:
    monkeypatch.setattr(smrisk.api, "_default", tiny_scorer)


def made(text: str, risk: str, verdict: str, row: int = 1, model_id: str = "tiny@0") -> Decision:
    return Decision(row=row, risk=risk, decision=verdict, note="", reviewer="ann", time="2026-01-01T00:00:00+00:00",
                    model_id=model_id, text=text, text_sha256=text_sha256(text))


def labels_of(frame: pd.DataFrame) -> dict[str, dict[str, float | None]]:
    return {row["text"]: {r: (None if math.isnan(row[r]) else row[r]) for r in ("confidential", "derogatory", "illegal")}
            for _, row in frame.iterrows()}


def test_accept_is_positive_reject_negative_unsure_and_undecided_nothing() -> None:
    frame = feedback_labels([
        made("cash for the inspector", "illegal", "accept"),
        made("cash for the inspector", "confidential", "reject"),
        made("door code 4471", "confidential", "unsure", row=2),
        made("you idiot", "derogatory", "accept", row=3),
        made("you idiot", "derogatory", "reject", row=3),  # changed their mind: the later one stands
        made("merger news monday", "confidential", "accept", row=4),
        made("merger news monday", "confidential", "unsure", row=4),  # a later "not sure" withdraws the label
    ])
    assert labels_of(frame) == {
        "cash for the inspector": {"confidential": 0.0, "derogatory": None, "illegal": 1.0},
        "you idiot": {"confidential": None, "derogatory": 0.0, "illegal": None},
    }


def test_a_repost_reviewed_on_two_rows_is_one_label_the_later_winning() -> None:
    frame = feedback_labels([made("same text", "illegal", "accept", row=1), made("same text", "illegal", "reject", row=9)])
    assert labels_of(frame) == {"same text": {"confidential": None, "derogatory": None, "illegal": 0.0}}


def test_feedback_relabels_known_texts_and_appends_new_ones() -> None:
    data = pd.DataFrame({"text": ["cash for the inspector", "nice weather"], "illegal": ["0", "0"], "source": ["a", "b"]})
    out, summary = add_feedback(data, [made("cash for the inspector", "illegal", "accept"),
                                       made("door code 4471", "confidential", "accept", row=2)])
    assert out["text"].tolist() == ["cash for the inspector", "nice weather", "door code 4471"]
    assert out["illegal"].tolist()[:2] == [1.0, "0"]
    assert out["confidential"].tolist()[2] == 1.0 and pd.isna(out["confidential"].tolist()[0])
    assert out["source"].tolist()[:2] == ["a", "b"]
    assert (summary.relabelled, summary.added, summary.positives["confidential"]) == (1, 1, 1)


def test_retraining_on_feedback_learns_it(tmp_path, tiny_frame) -> None:
    """Reviewers accepted an illegal flag on posts with a word the base data never saw: the model
    trained with that feedback scores the word higher than the one trained without it."""
    fillers = tiny_frame["text"].tolist()
    path = tmp_path / "decisions.jsonl"
    log = DecisionLog(path)
    for i in range(60):
        text = f"{fillers[i * 5]} zorblax pickup tonight"
        log.append(made(text, "illegal", "accept", row=i + 1))
    kwargs = {"name": "fb", "min_df": 1, "max_features": 20_000}
    without = smrisk.train(tiny_frame, **kwargs)
    retrained = smrisk.train(tiny_frame, feedback=str(path), previous=without, **kwargs)
    probe = "zorblax pickup tonight"
    assert retrained.score(probe).scores["illegal"].score > without.score(probe).scores["illegal"].score + 0.2
    card = retrained.bundles[0].card
    assert card["feedback"]["positives"]["illegal"] == 60 and card["feedback"]["added"] == 60
    assert sum(card["rows"].values()) == len(tiny_frame) + 60
    assert set(card["metrics"]["test_previous_model"]) == set(card["metrics"]["test"])
    assert card["previous_model_id"] == without.model_id


def test_cli_train_with_feedback_compares_with_the_previous_model(tmp_path, tiny_frame, tiny_model_dir, capsys) -> None:
    labels = tmp_path / "labels.csv"
    tiny_frame[["text", "confidential", "derogatory", "illegal"]].to_csv(labels, index=False)
    path = tmp_path / "decisions.jsonl"
    log = DecisionLog(path)
    log.append(made(tiny_frame["text"][0], "illegal", "reject", model_id="someone_else@1"))
    log.append(made("brand new post about zorblax", "derogatory", "unsure", row=2, model_id="someone_else@1"))
    assert main(["train", str(labels), "--feedback", str(path), "-o", str(tmp_path / "m"),
                 "--previous-model", str(tiny_model_dir)]) == 0
    out = capsys.readouterr().out
    assert "feedback: 2 decisions -> labels on 1 posts (illegal +0/-1; 1 not sure, ignored); 1 relabel training rows" in out
    assert "the decisions judged the flags of someone_else@1" in out
    assert "held-out test rows: 60, new model" in out
    assert f"the same rows, previous model {smrisk.load_model(tiny_model_dir).model_id}" in out


def test_cli_train_with_a_damaged_decisions_file_is_one_line(tmp_path, tiny_frame, capsys) -> None:
    labels = tmp_path / "labels.csv"
    tiny_frame[["text", "illegal"]].to_csv(labels, index=False)
    (tmp_path / "d.jsonl").write_text("{not json\n", encoding="utf-8")
    assert main(["train", str(labels), "--feedback", str(tmp_path / "d.jsonl"), "-o", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert "line 1 of decisions file" in err and len(err.strip().splitlines()) == 1


def test_cli_train_with_a_missing_decisions_file_says_so(tmp_path, tiny_frame, capsys) -> None:
    labels = tmp_path / "labels.csv"
    tiny_frame[["text", "illegal"]].to_csv(labels, index=False)
    assert main(["train", str(labels), "--feedback", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "m")]) == 2
    assert "nope.jsonl not found" in capsys.readouterr().err
