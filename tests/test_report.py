"""Rendering: stable dict keys, flat CSV row, and a short explanation a reviewer reads."""

from __future__ import annotations

import json

from smrisk.categories import CATEGORIES
from smrisk.evidence import Evidence
from smrisk.report import CategoryScore, RiskReport

TEXT = "Project Falcon ships May 3, mail jane@home.net, you idiot"


def report() -> RiskReport:
    falcon = Evidence("confidential", "model", 0, 14, "Project Falcon", 1.2, "model: 'falcon' adds +1.20")
    mail = Evidence("confidential", "confidential.email", 33, 46, "jane@home.net", 0.55, "an e-mail address", True)
    idiot = Evidence("derogatory", "derogatory.insult_word", 52, 57, "idiot", 0.55, "an insulting word")
    scores = {
        "confidential": CategoryScore("confidential", 0.91, True, 0.5, 0.8, (falcon, mail)),
        "derogatory": CategoryScore("derogatory", 0.3, False, 0.6, 0.1, (idiot,)),
        "illegal": CategoryScore("illegal", 0.02, False, 0.5, 0.02, ()),
    }
    return RiskReport(TEXT, scores, "test@abc")


def test_to_dict_has_stable_keys_and_is_json() -> None:
    data = report().to_dict()
    assert list(data) == ["flagged", "scores", "model_id", "notes", "allowed", "hidden", "route", "speaker", "policy",
                          "text_length", "context_messages", "approved_response"]
    assert data["hidden"] == []
    assert data["route"] == [] and data["speaker"] is None and data["policy"] is None  # no policy: empty, same keys
    assert data["context_messages"] == 0 and data["approved_response"] is None  # no context, no library: same keys
    assert list(data["scores"]) == list(CATEGORIES)
    assert set(data["scores"]["confidential"]) == {"score", "flagged", "threshold", "model_probability", "flag_lifted", "evidence"}
    assert data["flagged"] == ["confidential"]
    json.dumps(data)


def test_to_row_has_the_batch_columns() -> None:
    row = report().to_row()
    assert list(row) == [*(f"{c}_score" for c in CATEGORIES), *(f"{c}_flag" for c in CATEGORIES), "evidence"]
    assert row["confidential_flag"] == 1 and row["derogatory_flag"] == 0
    assert "Project Falcon" in row["evidence"] and "jane@home.net" not in row["evidence"]


def test_the_evidence_cell_gives_each_rule_span_its_short_reason() -> None:
    """A rule's reason in the batch cell: its first part (not the lexicon's general reason after ``; ``),
    on one line, without the cell's separators, cut after a whole item when long."""
    from smrisk.report import REASON_CHARS, short_reason

    assert report().to_row()["evidence"] == ('confidential: "••••@••••.•••" (confidential.email 0.55: an e-mail address); '
                                              '"Project Falcon" (model)')
    assert short_reason("runs down Zentrix (says it fails); competitor: claims go to legal") == "runs down Zentrix (says it fails)"
    assert short_reason('a "quoted"\n | reason') == "a 'quoted' / reason"
    listed = "runs down Zentrix (read as a negative claim about it, 0.71: " + "; ".join(f"'phrase {i}'" for i in range(9)) + ")"
    assert short_reason(listed) == "runs down Zentrix (read as a negative claim about it, 0.71: 'phrase 0'; 'phrase 1'; ...)"
    assert len(short_reason("x" * 200)) == REASON_CHARS


def test_explain_marks_spans_and_masks_pii() -> None:
    text = report().explain()
    lines = text.splitlines()
    assert lines[0] == "FLAGGED: confidential"
    assert "[Project Falcon]" in text
    assert "jane@home.net" not in text and "••••@••••.•••" in text
    assert len(lines) <= 12
    assert "jane@home.net" in report().explain(reveal=True)


def test_unflagged_report_says_ok() -> None:
    clean = RiskReport("hi", {c: CategoryScore(c, 0.01, False, 0.5, 0.01, ()) for c in CATEGORIES}, "m")
    assert clean.explain().startswith("OK: no risk flagged")
    assert clean.flagged == [] and clean.to_row()["evidence"] == ""


def test_a_model_span_over_part_of_a_secret_shows_only_its_masking() -> None:
    text = "wifi password is Tr0ub4dor&3 ok"
    secret = Evidence("confidential", "confidential.password", 17, 28, "Tr0ub4dor&3", 0.9, "a password", True, credential=True)
    span = Evidence("confidential", "model", 5, 24, "password is Tr0ub4d", 2.0, "model", True)
    scores = {c: CategoryScore(c, 0.0, False, 0.5, 0.0, ()) for c in CATEGORIES}
    scores["confidential"] = CategoryScore("confidential", 0.99, True, 0.5, 0.9, (secret, span))
    shown = RiskReport(text, scores, "m")
    rendered = shown.explain() + json.dumps(shown.to_dict(), ensure_ascii=False) + shown.evidence_summary()
    for piece in ("Tr0", "ub4", "dor", "&3"):
        assert piece not in rendered
    listed = shown.to_dict()["scores"]["confidential"]["evidence"]
    assert [e["text"] for e in listed] == ["•••••••••••"]  # the model span over the secret is not listed again
    assert "Tr0ub4dor&3" in shown.explain(reveal=True)


def test_overlapping_secrets_are_masked_as_one() -> None:
    text = "token ghp_81QnOkaPWsYNX69xWtaPj3Ku4NcK done"
    whole = Evidence("confidential", "confidential.github_token", 6, 38, text[6:38], 0.95, "a token", True)
    inner = Evidence("confidential", "confidential.other", 12, 27, text[12:27], 0.6, "a piece", True)
    scores = {c: CategoryScore(c, 0.9 if c == "confidential" else 0.0, c == "confidential", 0.5, None,
                               (whole, inner) if c == "confidential" else ()) for c in ("confidential", "derogatory", "illegal")}
    shown = RiskReport(text, scores, "m").explain()
    assert "69xW" not in shown and "aPWs" not in shown and "4NcK" in shown  # only the whole secret's tail shows


def test_the_quick_constructors_build_the_same_objects() -> None:
    """``CategoryScore.of`` and ``RiskReport.of`` (the batch path's) equal the dataclass constructors, field for field."""
    hit = Evidence("derogatory", "model", 4, 9, "idiot", 0.4, "model: wording")
    scores = {c: CategoryScore(c, 0.7, True, 0.5, 0.6, (hit,) if c == "derogatory" else ()) for c in CATEGORIES}
    quick = {c: CategoryScore.of(c, 0.7, True, 0.5, 0.6, (hit,) if c == "derogatory" else ()) for c in CATEGORIES}
    for c in CATEGORIES:
        assert quick[c] == scores[c] and hash(quick[c]) == hash(scores[c]) and repr(quick[c]) == repr(scores[c])
        assert vars(quick[c]) == vars(scores[c])  # every field set on the instance, a new one too
    report = RiskReport("you idiot", scores, "m", ("a note",), ("idiot",))
    made = RiskReport.of("you idiot", quick, "m", ("a note",), ("idiot",))
    assert made == report and made.to_dict() == report.to_dict() and made.to_row() == report.to_row()
    assert vars(made) == vars(report)


def test_a_risk_explained_below_its_threshold_says_so_with_the_digits_that_tell_them_apart() -> None:
    """An unflagged risk whose evidence is shown names its threshold; where two decimals would print the score
    and the threshold alike (0.116 against 0.121), three are shown."""
    scores = {c: CategoryScore(c, 0.01, False, 0.5, 0.01, ()) for c in CATEGORIES}
    scores["illegal"] = CategoryScore("illegal", 0.116, False, 0.1215, 0.116, ())
    scores["derogatory"] = CategoryScore("derogatory", 0.4, False, 0.62, 0.4, ())
    lines = RiskReport("Smoked a joint", scores, "m").explain().splitlines()
    assert "  illegal      0.116 [#.........] below its threshold 0.121" in lines
    assert "  derogatory   0.40 [####......] below its threshold 0.62" in lines
    assert "  confidential 0.01 [..........]" in lines
