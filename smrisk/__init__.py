"""smrisk: screen social-media drafts for confidential, derogatory and illegal content."""

from smrisk.api import default_scorer, load_model, score, score_many
from smrisk.categories import CATEGORIES
from smrisk.config import ScoringConfig
from smrisk.errors import ConfigError, InputError, InputTypeError, ModelLoadError, SmriskError
from smrisk.evidence import Evidence
from smrisk.report import CategoryScore, RiskReport
from smrisk.scorer import Scorer
from smrisk.training import train

__version__ = "0.1.0"

__all__ = [
    "CATEGORIES",
    "CategoryScore",
    "ConfigError",
    "Evidence",
    "InputError",
    "InputTypeError",
    "ModelLoadError",
    "RiskReport",
    "Scorer",
    "ScoringConfig",
    "SmriskError",
    "__version__",
    "default_scorer",
    "load_model",
    "score",
    "score_many",
    "train",
]
