"""Writing style without words: how much of a training set's labels style alone predicts.

A model should learn risks, not the habits of whoever wrote its examples (winks after leaks,
lowercase admissions, press-release tone for negatives). ``style_features`` describes a text by
punctuation, case, emoji, markup and length only; ``style_auc`` is the cross-validated ROC-AUC of
a classifier that sees nothing else. Near 0.5 means style tells nothing about the label.
``balancing_weights`` reweights rows so that, under the new weights, it does not.
Training-time only: imports scikit-learn.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

STYLE_FEATURES = (
    "chars", "words", "mean_word_length", "upper_share", "starts_lower", "starts_upper", "caps_words",
    "exclamations", "questions", "ellipses", "quotes", "emoji", "emoji_at_end", "wink_or_shush",
    "eye_roll_or_laugh", "hashtags", "handles", "urls", "digit_share", "ends_with_stop", "sentences",
    "commas", "parentheses", "dashes", "colons", "apostrophes", "ampersands", "line_breaks",
    "repeated_letters", "lowercase_i", "all_lower", "punctuation_share", "starts_with_handle",
)

_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE_END = re.compile(r"[.!?]+(\s|$)")
_REPEAT = re.compile(r"(\w)\1{2,}")


def is_emoji(char: str) -> bool:
    """An emoji or pictograph, or the joiners and selectors that build one."""
    return unicodedata.category(char) == "So" or 0x1F000 <= ord(char) <= 0x1FAFF or char in "\u200d\ufe0f"


def style_features(text: str) -> list[float]:
    """The ``STYLE_FEATURES`` of one text: no word identities, only how it is written."""
    stripped = text.strip()
    words = _WORD.findall(stripped)
    letters = [c for c in stripped if c.isalpha()]
    emoji = [c for c in stripped if is_emoji(c)]
    first = next((c for c in stripped if c.isalpha()), "")
    n = max(1, len(stripped))
    return [
        float(len(stripped)),
        float(len(words)),
        float(np.mean([len(w) for w in words])) if words else 0.0,
        sum(c.isupper() for c in letters) / max(1, len(letters)),
        float(first.islower()),
        float(first.isupper()),
        float(sum(1 for w in words if len(w) > 1 and w.isupper())),
        float(stripped.count("!")),
        float(stripped.count("?")),
        float(stripped.count("...") + stripped.count("…")),
        float(sum(stripped.count(q) for q in "\"“”")),
        float(len(emoji)),
        float(bool(stripped) and is_emoji(stripped[-1])),
        float(any(c in stripped for c in "😉🤫🤐😏")),
        float(any(c in stripped for c in "🙄😂🤣💀")),
        float(stripped.count("#")),
        float(len(re.findall(r"(?<!\w)@\w", stripped))),
        float(len(re.findall(r"https?://|www\.", stripped))),
        sum(c.isdigit() for c in stripped) / n,
        float(stripped[-1:] in (".", "!", "?")),
        float(len(_SENTENCE_END.findall(stripped))),
        float(stripped.count(",")),
        float(stripped.count("(")),
        float(stripped.count(" - ") + stripped.count("—") + stripped.count("–")),
        float(stripped.count(":")),
        float(stripped.count("'") + stripped.count("’")),
        float(stripped.count("&")),
        float(stripped.count("\n")),
        float(len(_REPEAT.findall(stripped))),
        float(bool(re.search(r"(?<!\w)i(?!\w)", stripped))),
        float(bool(letters) and all(c.islower() for c in letters)),
        sum(1 for c in stripped if not c.isalnum() and not c.isspace()) / n,
        float(stripped.startswith("@")),
    ]


def style_matrix(texts: Sequence[str]) -> np.ndarray:
    """One row of ``STYLE_FEATURES`` per text."""
    return np.array([style_features(str(t)) for t in texts], dtype=np.float64).reshape(len(texts), len(STYLE_FEATURES))


def _out_of_fold(features: np.ndarray, labels: np.ndarray, weights: np.ndarray, folds: int, seed: int) -> np.ndarray:
    """Out-of-fold P(label | style) from a gradient-boosted classifier on the style features."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import StratifiedKFold

    scores = np.zeros(len(labels))
    for train, held in StratifiedKFold(folds, shuffle=True, random_state=seed).split(features, labels):
        model = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.1, max_leaf_nodes=31, random_state=seed)
        model.fit(features[train], labels[train], sample_weight=weights[train])
        scores[held] = model.predict_proba(features[held])[:, 1]
    return scores


def style_auc(features: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None, folds: int = 5,
              seed: int = 0) -> float:
    """Cross-validated ROC-AUC of predicting 0/1 ``labels`` from style alone, under ``weights``."""
    from sklearn.metrics import roc_auc_score

    labels = np.asarray(labels, dtype=int)
    weights = np.ones(len(labels)) if weights is None else np.asarray(weights, dtype=np.float64)
    scores = _out_of_fold(features, labels, weights, folds, seed)
    return float(roc_auc_score(labels, scores, sample_weight=weights))


def balancing_weights(features: np.ndarray, labels: np.ndarray, weights: np.ndarray, clip: tuple[float, float] = (0.1, 10.0),
                      folds: int = 5, seed: int = 0) -> np.ndarray:
    """Weights under which style no longer predicts the label: each row's weight times the
    inverse of how typical its style is of its own class (cross-fitted propensity, clipped)."""
    labels = np.asarray(labels, dtype=int)
    propensity = np.clip(_out_of_fold(features, labels, weights, folds, seed), 0.01, 0.99)
    prior = float(np.average(labels, weights=weights))
    factor = np.where(labels == 1, prior / propensity, (1 - prior) / (1 - propensity))
    return weights * np.clip(factor, *clip)
