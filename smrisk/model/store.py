"""Saving and loading a trained model as plain arrays: loading a model never runs code.

A model directory holds ``model.npz`` (the estimator's parameters, vocabulary, weights and
thresholds as numeric arrays, read with ``allow_pickle=False``) and ``card.json`` (what it is,
how well it did, and the sha256 of ``model.npz``). Loading refuses a file whose hash differs
from the card before reading it. No pickle is involved, so a model file from an untrusted source
cannot execute anything, and a model keeps working across scikit-learn releases.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import sklearn

from smrisk.categories import CATEGORIES
from smrisk.errors import ModelLoadError
from smrisk.model.estimator import RiskModel
from smrisk.model.features import NgramVectorizer

MODEL_FILE = "model.npz"
CARD_FILE = "card.json"
FORMAT_VERSION = 2
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
        """A short id for audit trails: name and the first 12 hex digits of the model file's hash."""
        return f"{self.card.get('name', 'model')}@{str(self.card.get('sha256', 'unsaved'))[:12]}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_bundle(bundle: ModelBundle, directory: str | os.PathLike[str], name: str | None = None) -> Path:
    """Write ``model.npz`` and ``card.json`` to ``directory``; returns the directory."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    model_path = target / MODEL_FILE
    with model_path.open("wb") as handle:
        np.savez_compressed(handle, **_to_arrays(bundle))  # type: ignore[arg-type]  # numpy's stub types **kwds badly
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


def _to_arrays(bundle: ModelBundle) -> dict[str, np.ndarray]:
    """Everything a fitted ``RiskModel`` needs, as arrays; text travels as UTF-8 bytes."""
    model = bundle.estimator
    vectorizer = model.vectorizer_
    grams = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)  # tokens hold no whitespace
    params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in model.get_params().items()}
    params["risks"] = list(model.risks)
    return {
        "params": _utf8(json.dumps(params)),
        "thresholds": _utf8(json.dumps({k: float(v) for k, v in bundle.thresholds.items()})),
        "vocabulary": _utf8("\n".join(grams)),
        "idf": np.asarray(vectorizer.idf_, dtype=np.float32),
        "coef": np.ascontiguousarray(model.coef_, dtype=np.float32),
        "intercept": np.asarray(model.intercept_, dtype=np.float64),
        "calibration": np.asarray(model.calibration_, dtype=np.float64),
    }


def _utf8(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _from_arrays(data: Any) -> tuple[RiskModel, dict[str, float]]:
    """The fitted model and thresholds back from ``_to_arrays``' output; raises on any inconsistency."""
    params = json.loads(bytes(data["params"]).decode("utf-8"))
    thresholds = {str(k): float(v) for k, v in json.loads(bytes(data["thresholds"]).decode("utf-8")).items()}
    vocabulary_text = bytes(data["vocabulary"]).decode("utf-8")
    grams = vocabulary_text.split("\n") if vocabulary_text else []
    if params.get("char_ngrams") is not None:
        params["char_ngrams"] = tuple(params["char_ngrams"])
    params["risks"] = tuple(params["risks"])
    model = RiskModel(**params)
    vectorizer = NgramVectorizer(model.word_ngrams, model.char_ngrams, model.min_df, model.max_features)
    vectorizer.vocabulary_ = {gram: i for i, gram in enumerate(grams)}
    vectorizer.idf_ = np.asarray(data["idf"], dtype=np.float32)
    model.vectorizer_ = vectorizer
    model.coef_ = np.asfortranarray(data["coef"], dtype=np.float32)  # fast predictions (see RiskModel.fit)
    model.intercept_ = np.asarray(data["intercept"], dtype=np.float64)
    model.calibration_ = np.asarray(data["calibration"], dtype=np.float64)
    model.n_features_in_ = 1
    k, n = len(model.risks), len(grams)
    if (len(vectorizer.vocabulary_) != n or vectorizer.idf_.shape != (n,) or model.coef_.shape != (k, n)
            or model.intercept_.shape != (k,) or model.calibration_.shape != (k, 2)):
        raise ValueError("array shapes do not agree with the vocabulary and risks")
    return model, thresholds


def load_bundle(directory: str | os.PathLike[str]) -> ModelBundle:
    """Load a model directory, checking its format and hash first."""
    source = Path(directory)
    card_path, model_path = source / CARD_FILE, source / MODEL_FILE
    if not source.is_dir():
        raise ModelLoadError(f"model directory {str(source)!r} does not exist")
    if not card_path.is_file() or not model_path.is_file():
        raise ModelLoadError(f"{str(source)!r} is not a smrisk model: it needs {CARD_FILE} and {MODEL_FILE}")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
        expected = card["sha256"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelLoadError(f"{card_path} is unreadable or incomplete ({exc}); retrain or reinstall the model") from None
    if card.get("format_version") != FORMAT_VERSION:
        raise ModelLoadError(
            f"{source} was saved in model format {card.get('format_version')!r} by another smrisk release "
            f"(this one reads format {FORMAT_VERSION}); retrain it with `smrisk train`"
        )
    actual = sha256_of(model_path)
    if actual != expected:
        raise ModelLoadError(
            f"{model_path} does not match its card (sha256 {actual[:12]}... != {str(expected)[:12]}...): "
            "the file is corrupt or was replaced; it was not loaded"
        )
    try:
        with np.load(model_path, allow_pickle=False) as data:
            estimator, thresholds = _from_arrays(data)
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise ModelLoadError(f"{model_path} could not be read as a smrisk model: {exc}") from None
    if set(thresholds) != set(estimator.risks):
        raise ModelLoadError(f"{model_path} does not hold thresholds for exactly its risks")
    unknown = set(estimator.risks) - set(CATEGORIES)
    if unknown:
        raise ModelLoadError(f"{model_path} scores unknown risks {sorted(unknown)}")
    return ModelBundle(estimator, thresholds, card)


def default_model_dir() -> Path:
    """Where the shipped default model lives inside the installed package."""
    return Path(str(resources.files(DEFAULT_MODEL_PACKAGE).joinpath(DEFAULT_MODEL_NAME)))
