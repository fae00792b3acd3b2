"""smrisk: screen social-media drafts for confidential, derogatory and illegal content."""

from typing import Any

from smrisk.api import default_scorer, load_model, score, score_many
from smrisk.categories import CATEGORIES
from smrisk.config import ScoringConfig
from smrisk.errors import ConfigError, InputError, InputTypeError, ModelLoadError, SmriskError
from smrisk.evidence import Evidence
from smrisk.frames import score_frame
from smrisk.policy import Policy, load_policy
from smrisk.report import CategoryScore, RiskReport
from smrisk.responses import Library, Suggestion, load_library, nearest_response, suggest
from smrisk.scorer import Scorer

__version__ = "0.2.0"

__all__ = [
    "CATEGORIES",
    "CategoryScore",
    "ConfigError",
    "Evidence",
    "InputError",
    "InputTypeError",
    "Library",
    "ModelLoadError",
    "Policy",
    "RiskReport",
    "Scorer",
    "ScoringConfig",
    "SmriskError",
    "Suggestion",
    "__version__",
    "default_scorer",
    "load_model",
    "load_library",
    "load_policy",
    "nearest_response",
    "score",
    "score_frame",
    "score_many",
    "suggest",
    "train",
]


def __getattr__(name: str) -> Any:
    """``smrisk.train`` is imported on first use: training needs pandas and scikit-learn, scoring does not."""
    if name == "train":
        from smrisk.training import train

        return train
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
