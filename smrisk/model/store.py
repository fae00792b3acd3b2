"""Saving and loading a trained model: a pickle guarded by its card's sha256 and versions.

A model directory holds ``model.joblib`` (the estimator, pickled: loading it runs code, so
only load models you trust) and ``card.json`` (what it is, how well it did, and the sha256 of
the pickle). Loading refuses a file whose hash differs from the card, or a model pickled by
another scikit-learn release, before anything is unpickled.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn

from smrisk.categories import CATEGORIES
from smrisk.errors import ModelLoadError
from smrisk.model.estimator import RiskModel

MODEL_FILE = "model.joblib"
CARD_FILE = "card.json"
FORMAT_VERSION = 1
DEFAULT_MODEL_PACKAGE = "smrisk.model_files"
DEFAULT_MODEL_NAME = "default"


@dataclass(frozen=True)
class ModelBundle:
    """A fitted ``RiskModel`` with the per-risk thresholds and card it ships with."""

    estimator: RiskModel
    thresholds: dict[str, float]
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def risks(self) -> tuple[str, ...]:
        return tuple(self.estimator.risks)

    @property
    def model_id(self) -> str:
        """A short id for audit trails: name and the first 12 hex digits of the pickle's hash."""
        return f"{self.card.get('name', 'model')}@{str(self.card.get('sha256', 'unsaved'))[:12]}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_bundle(bundle: ModelBundle, directory: str | os.PathLike[str], name: str | None = None) -> Path:
    """Write ``model.joblib`` and ``card.json`` to ``directory``; returns the directory."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    model_path = target / MODEL_FILE
    joblib.dump({"estimator": bundle.estimator, "thresholds": bundle.thresholds}, model_path, compress=3)
    card = dict(bundle.card)
    card.update(
        format_version=FORMAT_VERSION,
        name=name or card.get("name") or target.name,
        risks=list(bundle.risks),
        thresholds={k: round(float(v), 6) for k, v in bundle.thresholds.items()},
        sklearn_version=sklearn.__version__,
        saved_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sha256=sha256_of(model_path),
        size_bytes=model_path.stat().st_size,
    )
    (target / CARD_FILE).write_text(json.dumps(card, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return target


def load_bundle(directory: str | os.PathLike[str]) -> ModelBundle:
    """Load a model directory, checking its hash and library version first."""
    source = Path(directory)
    card_path, model_path = source / CARD_FILE, source / MODEL_FILE
    if not source.is_dir():
        raise ModelLoadError(f"model directory {str(source)!r} does not exist")
    if not card_path.is_file() or not model_path.is_file():
        raise ModelLoadError(f"{str(source)!r} is not a smrisk model: it needs {CARD_FILE} and {MODEL_FILE}")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
        expected = card["sha256"]
        built_with = card["sklearn_version"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelLoadError(f"{card_path} is unreadable or incomplete ({exc}); retrain or reinstall the model") from None
    actual = sha256_of(model_path)
    if actual != expected:
        raise ModelLoadError(
            f"{model_path} does not match its card (sha256 {actual[:12]}... != {str(expected)[:12]}...): "
            "the file is corrupt or was replaced; it was not loaded"
        )
    if _minor(built_with) != _minor(sklearn.__version__):
        raise ModelLoadError(
            f"{source} was saved with scikit-learn {built_with} but {sklearn.__version__} is installed; "
            f"install scikit-learn=={built_with} or retrain the model with `smrisk train`"
        )
    try:
        payload = joblib.load(model_path)
        estimator, thresholds = payload["estimator"], dict(payload["thresholds"])
    except Exception as exc:  # unpickling can fail in many ways; all mean the same to the user
        raise ModelLoadError(f"{model_path} could not be unpickled: {exc}") from None
    if not isinstance(estimator, RiskModel) or set(thresholds) != set(estimator.risks):
        raise ModelLoadError(f"{model_path} does not hold a smrisk RiskModel with thresholds for its risks")
    estimator.coef_ = np.asfortranarray(estimator.coef_)  # fast predictions (see RiskModel.fit)
    unknown = set(estimator.risks) - set(CATEGORIES)
    if unknown:
        raise ModelLoadError(f"{model_path} scores unknown risks {sorted(unknown)}")
    return ModelBundle(estimator, thresholds, card)


def default_model_dir() -> Path:
    """Where the shipped default model lives inside the installed package."""
    return Path(str(resources.files(DEFAULT_MODEL_PACKAGE).joinpath(DEFAULT_MODEL_NAME)))


def _minor(version: str) -> tuple[str, ...]:
    return tuple(str(version).split(".")[:2])
