"""Style-only AUC, the weights that take style out of the labels, and counterfactual copies."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smrisk.augment import add_style, counterfactuals, joined_copies, markers, strip_style
from smrisk.style import STYLE_FEATURES, balancing_weights, style_auc, style_features, style_matrix


def _habit_corpus(n: int = 600, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """Positives mostly lowercase with a wink, negatives mostly tidy: labels learnable from style."""
    rng = np.random.default_rng(seed)
    texts, labels = [], []
    for i in range(n):
        label = int(rng.random() < 0.5)
        habit = rng.random() < (0.85 if label else 0.15)
        body = f"note {i} about the shipment and the {rng.choice(['plan', 'team', 'store'])}"
        texts.append(f"{body} 😉" if habit else body.capitalize() + ".")
        labels.append(label)
    return texts, np.array(labels)


def test_style_features_describe_writing_not_words() -> None:
    assert len(style_features("Hello there!")) == len(STYLE_FEATURES)
    assert style_features("Hello there!") == style_features("Howdy folks!")  # same shape, other words


def test_style_auc_finds_habits_and_balancing_weights_remove_them() -> None:
    texts, labels = _habit_corpus()
    style = style_matrix(texts)
    assert style_auc(style, labels) > 0.8
    weights = balancing_weights(style, labels, np.ones(len(labels)), clip=(0.05, 20.0))
    assert style_auc(style, labels, weights) < 0.6


def test_style_auc_of_style_free_labels_is_near_chance() -> None:
    texts, _ = _habit_corpus(seed=1)
    labels = np.random.default_rng(2).integers(0, 2, len(texts))
    assert abs(style_auc(style_matrix(texts), labels) - 0.5) < 0.1


def test_strip_and_add_style() -> None:
    assert strip_style("ngl the Halcyon X2 drops march 14, dont tell anyone 🤫") == "The Halcyon X2 drops march 14, dont tell anyone"
    styled = add_style("Our store opens at 9am.", markers("ngl the thing drops friday 🤫"), np.random.default_rng(0))
    assert styled.startswith("ngl our store opens at 9am.") and "🤫" in styled


def test_counterfactuals_put_the_positives_habits_on_negatives_and_keep_labels() -> None:
    frame = pd.DataFrame({
        "text": ["ngl the launch is friday 🤫", "lol the pay cuts are monday 😉", "Store opens at 9.", "Thanks for shopping.",
                 "We restocked the shelves."],
        "confidential": [1.0, 1.0, 0.0, 0.0, 0.0], "derogatory": 0.0, "illegal": 0.0, "subtype": "x",
    })
    new = counterfactuals(frame, seed=0)
    stripped = new[new["confidential"] == 1]
    styled = new[new["confidential"] == 0]
    assert sorted(stripped["text"]) == ["The launch is friday", "The pay cuts are monday"]
    assert len(styled) == 2 and all(markers(t)["emoji"] and markers(t)["lower_start"] for t in styled["text"])
    assert set(new["subtype"]) == {"x+cf"}


def test_joined_copies_wrap_positives_and_as_many_negatives_and_keep_labels() -> None:
    frame = pd.DataFrame({
        "text": ["the launch is friday, keep it quiet", "he is a clown", "Store opens at 9.", "Thanks for shopping.",
                 "We restocked the shelves.", "New hours from May."],
        "confidential": [1.0, 0.0, 0.0, 0.0, 0.0, np.nan], "derogatory": [0.0, 1.0, 0.0, 0.0, 0.0, 0.0],
        "illegal": 0.0, "subtype": "x",
    })
    sentences = ["Happy Friday!", "Thanks all."]
    new = joined_copies(frame, sentences, seed=0)
    assert len(new) == 4 and set(new["subtype"]) == {"x+joined"}
    for original, label in (("the launch is friday, keep it quiet", "confidential"), ("he is a clown", "derogatory")):
        copy = new[new["text"].str.contains(original, regex=False)]
        assert len(copy) == 1 and copy[label].iloc[0] == 1.0  # a pleasantry does not take the risk away
        assert copy["text"].iloc[0] in {f"{s} {original}" for s in sentences} | {f"{original} {s}" for s in sentences}
    negatives = new[new[["confidential", "derogatory", "illegal"]].max(axis=1) == 0]
    assert len(negatives) == 2 and not negatives["text"].str.contains("New hours").any()  # partly unlabelled: no negative
    assert joined_copies(frame, [], seed=0).empty


def test_more_balancing_rounds_take_out_what_one_clipped_round_leaves() -> None:
    """The recipe's ``balance_rounds``: a clipped round cannot undo a strong habit at once; the
    next round reweights what style still predicts."""
    from smrisk.recipe import build_training_data

    texts, labels = _habit_corpus(n=300)
    rows = pd.DataFrame({"text": texts, "source": "team:habits", "subtype": "", "split": "train",
                         "confidential": labels.astype(float), "derogatory": 0.0, "illegal": 0.0})
    rows.loc[::3, "derogatory"] = 1.0  # every risk needs both classes

    def weighted_auc(rounds: int) -> float:
        data = build_training_data(rows, team_weight=1.0, balance_rounds=rounds, balance_clip=2.0)
        return style_auc(style_matrix(data.texts), data.labels[:, 0], data.weights[:, 0])

    one, two = weighted_auc(1), weighted_auc(2)
    assert one > 0.65 and two < one - 0.05, (one, two)


def test_every_copy_keeps_the_post_it_was_made_from() -> None:
    """``TrainingData.groups``: counterfactual, joined and opening-sentence copies share their
    post's group, so ``min_df`` counts posts, not copies."""
    from smrisk.recipe import build_training_data

    texts, labels = _habit_corpus(n=120)
    texts = [f"Morning update number {i} here. {t}" for i, t in enumerate(texts)]  # openings to copy and join
    rows = pd.DataFrame({"text": texts, "source": "team:habits", "subtype": "", "split": "train",
                         "confidential": labels.astype(float), "derogatory": 0.0, "illegal": 0.0})
    rows.loc[::3, "derogatory"] = 1.0
    data = build_training_data(rows, team_weight=1.0, balance_rounds=0)
    groups = data.groups
    assert len(groups) == len(data.texts) > len(rows)  # copies were made
    originals = dict(zip(rows["text"], range(len(rows)), strict=True))
    for text, group, subtype in zip(data.texts, groups, data.frame["subtype"], strict=True):
        source = rows["text"].iloc[group]
        if text in originals:
            assert group == originals[text]
        elif subtype.endswith("+joined"):
            assert source.strip() in text
        elif subtype.endswith("+opening"):
            assert source.strip().startswith(text)
    kinds = {str(s).split("+")[-1] for s in data.frame["subtype"] if "+" in str(s)}
    assert kinds == {"cf", "joined", "opening"}, kinds
    assert len(set(groups)) == len(rows)
