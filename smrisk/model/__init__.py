"""The trained model: n-gram features, the estimator, the scoring arrays, and save/load with a card.

The scikit-learn estimators are imported on first use only: scoring does not need them.
"""

from typing import Any

from smrisk.model.linear import LinearRiskModel, NgramFeatures
from smrisk.model.store import ModelBundle, default_model_dir, load_bundle, save_bundle

__all__ = ["LinearRiskModel", "ModelBundle", "NgramFeatures", "NgramVectorizer", "RiskModel", "default_model_dir",
           "load_bundle", "save_bundle"]


def __getattr__(name: str) -> Any:
    if name == "RiskModel":
        from smrisk.model.estimator import RiskModel

        return RiskModel
    if name == "NgramVectorizer":
        from smrisk.model.features import NgramVectorizer

        return NgramVectorizer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
