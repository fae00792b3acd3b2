"""The module-level functions: a lazily loaded default scorer and model loading."""

from __future__ import annotations

import os
import threading

from smrisk.config import ScoringConfig
from smrisk.model.store import ModelBundle, default_model_dir, load_bundle
from smrisk.report import RiskReport
from smrisk.scorer import Scorer

_lock = threading.Lock()
_default: Scorer | None = None


def default_scorer() -> Scorer:
    """The scorer with the shipped default model, loaded on first use (not at import)."""
    global _default
    with _lock:
        if _default is None:
            _default = Scorer([load_bundle(default_model_dir())])
        return _default


def load_model(directory: str | os.PathLike[str], config: ScoringConfig | None = None) -> Scorer:
    """A scorer for a saved model directory; risks it was not trained on use the default model."""
    bundle = load_bundle(directory)
    bundles: list[ModelBundle] = [bundle]
    if bundle.card.get("fallback_for"):
        bundles.extend(default_scorer().bundles)
    return Scorer(bundles, config=config)


def score(text: str, explain: bool = True) -> RiskReport:
    """Score one draft with the default model.

    Examples
    --------
    >>> import smrisk
    >>> smrisk.score("").flagged
    []
    """
    return default_scorer().score(text, explain=explain)


def score_many(texts: list[str], explain: bool = True) -> list[RiskReport]:
    """Score many drafts with the default model, batched."""
    return default_scorer().score_many(texts, explain=explain)
