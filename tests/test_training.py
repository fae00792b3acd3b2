"""train() -> save -> load_model round trip, label parsing, and risks left to the default model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import smrisk
from smrisk.categories import CATEGORIES
from smrisk.errors import InputError
from smrisk.evaluation import choose_threshold, expected_calibration_error, risk_metrics
from smrisk.training import default_validation, label_matrix


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


def test_a_risk_with_too_few_positives_is_left_to_the_default_model(tiny_frame: pd.DataFrame) -> None:
    data = tiny_frame.copy()
    positives = data.index[data["illegal"].astype(int) == 1]
    data.loc[positives[5:], "illegal"] = 0  # five positives left
    scorer = smrisk.train(data, name="few", min_df=1, max_features=20_000)
    card = scorer.bundles[0].card
    assert "illegal" not in scorer.bundles[0].risks and card["fallback_for"] == ["illegal"]
    assert "fewer than 20" in card["fallback_reasons"]["illegal"]
    assert set(card["metrics"]["test_default_model"]) == set(CATEGORIES)  # the comparison the CLI prints


def test_no_risk_with_enough_positives_is_a_clear_error() -> None:
    frame = pd.DataFrame({"text": [f"post {i}" for i in range(60)], "illegal": [1] * 3 + [0] * 57})
    with pytest.raises(InputError, match="20 or more positive rows"):
        smrisk.train(frame)


def test_an_unknown_base_is_an_input_error(tiny_frame: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="base must be"):
        smrisk.train(tiny_frame, base="mine")


@pytest.mark.shared_data
@pytest.mark.slow
def test_training_on_top_of_the_default_data_learns_the_company_rows() -> None:
    from smrisk.corpora import shared_datasets_dir

    if not shared_datasets_dir().is_dir():
        pytest.skip("../shared/datasets not found")
    rng = np.random.default_rng(3)
    leaks = [f"Bluefin {w} ships {d}, keep it between us" for w in ("v2", "mini", "pro", "max", "air", "lite")
             for d in ("in March", "before the expo", "next quarter", "on the 14th", "with the new dock")]
    public = [f"Our {w} blender is back in stock {d}!" for w in ("red", "blue", "steel", "mini", "pro", "max")
              for d in ("today", "this week", "at every store", "online", "for the holidays")]
    frame = pd.DataFrame({"text": leaks + public, "confidential": [1] * len(leaks) + [0] * len(public),
                          "illegal": [0] * (len(leaks) + len(public))})  # reviewed, none illegal: far under 20 positives
    frame = frame.sample(frac=1.0, random_state=int(rng.integers(100))).reset_index(drop=True)
    scorer = smrisk.train(frame, base="default", name="acme")
    card = scorer.bundles[0].card
    assert card["base"] == "default" and card["training_rows"]["default_data"] > 100_000
    assert card["training_rows"]["company"] == card["rows"]["train"]
    # the default data holds thousands of illegal positives: the company's negatives are learned, not refused
    assert scorer.bundles[0].risks == ("confidential", "illegal") and "+default@" in scorer.model_id
    draft = "Bluefin air ships on the 9th, don't share"
    assert scorer.score(draft).scores["confidential"].score > smrisk.default_scorer().score(draft).scores["confidential"].score
    assert set(card["metrics"]["test"]) == {"confidential", "illegal"} and card["metrics"]["test_default_model"]["confidential"]


def test_twin_figures_compare_each_risky_post_with_its_twin() -> None:
    """``twin_figures`` pairs a twin with its source by text and counts, per risk, the pairs ranked right
    (a tie is not), and the share of sources and twins flagged; checked against fixed scores."""
    from types import SimpleNamespace

    from smrisk.training import twin_figures

    fixed = {"risky one": 0.9, "risky two": 0.4, "risky three": 0.3, "twin one": 0.2, "twin two": 0.6, "twin three": 0.3}

    class Fixed:
        thresholds = {risk: 0.5 for risk in CATEGORIES}

        def score_many(self, texts, explain=False):  # noqa: ANN001, ANN202
            return [SimpleNamespace(scores={r: SimpleNamespace(score=fixed[t] if r == "illegal" else 0.0)
                                            for r in CATEGORIES}) for t in texts]

    frame = pd.DataFrame({"text": ["risky one", "risky two", "risky three", "risky one", "twin one", "twin two", "twin three",
                                   "orphan twin"],
                          "confidential": [0] * 8, "derogatory": [0] * 8, "illegal": [1, 1, 1, 1, 0, 0, 0, 0],
                          "twin_of": [None, None, None, None, "risky one", "risky two", "risky three", "not in the frame"]})
    figures = twin_figures(Fixed(), frame)
    assert set(figures) == {"illegal"}
    assert figures["illegal"] == {"pairs": 3, "source_flagged": round(1 / 3, 4), "twin_flagged": round(1 / 3, 4),
                                  "ranked_right": round(1 / 3, 4)}  # one right, one wrong, one tie
    assert twin_figures(Fixed(), frame.drop(columns="twin_of")) == {}
    assert twin_figures(Fixed(), frame.assign(illegal=0)) == {}  # sources that carry no risk make no pairs


def test_a_retrain_on_the_default_data_reads_precision_on_the_natural_mix_as_the_shipped_model_does() -> None:
    """The company's validation rows and the team corpus' natural ones set a threshold's precision; the team's
    twins and later hard-negative waves do not (they still count as harmless rows)."""
    from smrisk.corpora import team_corpus

    team = team_corpus()
    company = (["our Q3 numbers leak tomorrow", "lovely day at the depot"], np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]]))
    (texts, labels), natural = default_validation(company, list(CATEGORIES), team)
    team_val = team[team["split"] == "validation"]
    assert len(texts) == len(labels) == len(natural) == 2 + len(team_val)
    assert natural[:2].all()
    hard = ((team_val["twin_of"] != "") | team_val["part"].str.startswith(("w9_", "w10_", "w11_"))).to_numpy()
    assert hard.any() and not natural[2:][hard].any() and natural[2:][~hard].all()
