"""The decisions file: appended whole and fsynced, read back in order, the latest decision standing,
and a damaged line named with its number instead of skipped."""

from __future__ import annotations

import json
import os

import pytest

from smrisk.decisions import Decision, DecisionLog, latest, read_decisions, text_sha256
from smrisk.errors import InputError


def decision(row: int = 1, risk: str = "illegal", verdict: str = "accept", text: str = "cash for the inspector",
             note: str = "") -> Decision:
    return Decision(row=row, risk=risk, decision=verdict, note=note, reviewer="ann", time="2026-01-01T00:00:00+00:00",
                    model_id="tiny@0", text=text, text_sha256=text_sha256(text), id=f"P{row}", source="scored.csv")


def test_appended_decisions_read_back_in_order(tmp_path) -> None:
    path = tmp_path / "decisions.jsonl"
    log = DecisionLog(path)
    made = [decision(1), decision(2, "confidential", "reject", "door code 4471", note="a demo code"), decision(1, verdict="unsure")]
    for item in made:
        log.append(item)
    assert read_decisions(path) == made
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3
    assert DecisionLog(path).decisions == made  # what a restarted server sees


def test_each_append_is_fsynced_before_it_returns(tmp_path, monkeypatch) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    log = DecisionLog(tmp_path / "d.jsonl")
    log.append(decision())
    log.append(decision(2))
    assert len(synced) == 2


def test_latest_decision_per_post_and_risk_stands(tmp_path) -> None:
    path = tmp_path / "d.jsonl"
    log = DecisionLog(path)
    log.append(decision(1, verdict="accept"))
    log.append(decision(1, "confidential", "reject"))
    log.append(decision(1, verdict="reject", note="changed my mind"))
    standing = DecisionLog(path).standing
    assert {k[2]: d.decision for k, d in standing.items()} == {"illegal": "reject", "confidential": "reject"}
    assert standing[(1, text_sha256("cash for the inspector"), "illegal")].note == "changed my mind"
    assert latest([]) == {}


def test_same_row_with_another_text_is_another_post(tmp_path) -> None:
    """A decision names its text's hash: a row that holds another text now is not decided."""
    log = DecisionLog(tmp_path / "d.jsonl")
    log.append(decision(1, text="old text"))
    assert (1, text_sha256("new text"), "illegal") not in log.standing


def test_missing_file_holds_no_decisions(tmp_path) -> None:
    assert read_decisions(tmp_path / "none.jsonl") == []
    assert not (tmp_path / "none.jsonl").exists()


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ('{"row": 1, "risk": "illegal"', "bad JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({**json.loads(decision().to_json()), "decision": "maybe"}), "decision 'maybe'"),
        (json.dumps({**json.loads(decision().to_json()), "risk": "spam"}), "risk 'spam'"),
        (json.dumps({**json.loads(decision().to_json()), "text": "edited by hand"}), "text_sha256 does not match"),
        (json.dumps({k: v for k, v in json.loads(decision().to_json()).items() if k != "reviewer"}), "missing reviewer"),
    ],
)
def test_a_damaged_line_is_named_with_its_number(tmp_path, line: str, why: str) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(decision().to_json() + "\n" + line + "\n" + decision(2).to_json() + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        DecisionLog(path)
    message = str(caught.value)
    assert "line 2 of decisions file" in message and why in message and "fix or delete that line" in message


def test_a_last_line_without_newline_gets_one_before_the_next_decision(tmp_path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(decision().to_json(), encoding="utf-8")  # saved by hand, no newline at the end
    log = DecisionLog(path)
    log.append(decision(2))
    assert [d.row for d in read_decisions(path)] == [1, 2]


def test_a_decisions_file_that_cannot_be_written_is_refused_at_start(tmp_path) -> None:
    """Before the page opens, not at the first decision a reviewer makes (a new user's first click failed)."""
    with pytest.raises(InputError, match="its directory .* does not exist"):
        DecisionLog(tmp_path / "no" / "such" / "decisions.jsonl")
    assert DecisionLog(tmp_path / "decisions.jsonl").decisions == []  # a new file in a directory that exists: fine
    assert not (tmp_path / "decisions.jsonl").exists()  # and nothing written until a decision is made
