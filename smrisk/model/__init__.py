"""The trained model: n-gram features, the estimator, and its save/load with a card."""

from smrisk.model.estimator import RiskModel
from smrisk.model.features import NgramVectorizer
from smrisk.model.store import ModelBundle, default_model_dir, load_bundle, save_bundle

__all__ = ["ModelBundle", "NgramVectorizer", "RiskModel", "default_model_dir", "load_bundle", "save_bundle"]
