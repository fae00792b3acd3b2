"""train() -> save -> load_model round trip, label parsing, and risks left to the default model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import smrisk
from smrisk.categories import CATEGORIES
from smrisk.errors import InputError
from smrisk.evaluation import choose_threshold, expected_calibration_error, risk_metrics
from smrisk.training import label_matrix


def test_train_save_load_round_trip(tmp_path, tiny_frame: pd.DataFrame) -> None:
    scorer = smrisk.train(tiny_frame, text_column="text", name="acme", min_df=1, max_features=20_000)
    metrics = scorer.bundles[0].card["metrics"]["test"]
    assert set(metrics) == set(CATEGORIES)
    assert all(0.0 <= m["roc_auc"] <= 1.0 for m in metrics.values())
    scorer.save(tmp_path / "acme")
    loaded = smrisk.load_model(tmp_path / "acme")
    text = "you absolute idiot, the door code is 4471"
    assert loaded.score(text).to_dict()["scores"] == scorer.score(text).to_dict()["scores"]
    assert loaded.model_id.startswith("acme@")


def test_missing_risk_column_falls_back_to_the_default_model(tmp_path, tiny_frame: pd.DataFrame) -> None:
    data = tiny_frame.drop(columns=["illegal"])
    scorer = smrisk.train(data, name="no_illegal", min_df=1, max_features=20_000)
    assert scorer.bundles[0].risks == ("confidential", "derogatory")
    assert scorer.bundles[0].card["fallback_for"] == ["illegal"]
    scorer.save(tmp_path / "m")
    loaded = smrisk.load_model(tmp_path / "m")
    assert "+default@" in loaded.model_id
    assert loaded.score("we drove home drunk again").scores["illegal"].score > 0


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"body": ["x"], "illegal": [1]}), "no text column 'text'"),
        (pd.DataFrame({"text": ["x"], "label": [1]}), "no label columns"),
        (pd.DataFrame({"text": ["a", "b", "c"], "illegal": [0, 1, 0]}), "too few"),
    ],
)
def test_bad_training_frames_are_input_errors(frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(InputError, match=message):
        smrisk.train(frame)


def test_labels_accept_common_spellings_and_blanks() -> None:
    frame = pd.DataFrame({"illegal": ["1", "0", "", "true", "No", None]})
    assert np.array_equal(label_matrix(frame, ["illegal"]), np.array([[1], [0], [np.nan], [1], [0], [np.nan]]), equal_nan=True)
    with pytest.raises(InputError, match="0/1 labels"):
        label_matrix(pd.DataFrame({"illegal": ["maybe"]}), ["illegal"])


def test_metrics_by_hand() -> None:
    labels = np.array([1, 1, 0, 0])
    scores = np.array([0.9, 0.4, 0.6, 0.1])
    m = risk_metrics(labels, scores, 0.5)
    assert (m.tp, m.fp, m.fn, m.tn) == (1, 1, 1, 1)
    assert m.precision == 0.5 and m.recall == 0.5 and m.roc_auc == 0.75
    # ECE with 10 bins: each score alone in its bin: |1-.9| + |1-.4| + |0-.6| + |0-.1| over 4 = 0.35
    assert expected_calibration_error(labels, scores) == pytest.approx(0.35)


def test_threshold_prefers_precision_then_f1() -> None:
    labels = np.array([1] * 8 + [0] * 8)
    scores = np.array([0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.3, 0.2, 0.65, 0.6, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
    assert choose_threshold(labels, scores, 0.9, 0.6) == pytest.approx(0.7)
    # no 0.99-precision point with recall 0.9: best F1 (P 0.8, R 1.0 at 0.2)
    assert choose_threshold(labels, scores, 0.99, 0.9) == pytest.approx(0.2)
