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

from smrisk.categories import CATEGORIES
from smrisk.errors import ModelLoadError
from smrisk.model.linear import LinearRiskModel, NgramFeatures

MODEL_FILE = "model.npz"
CARD_FILE = "card.json"
FORMAT_VERSION = 3  # 3: placeholder tokens, content-word n-grams only
DEFAULT_MODEL_PACKAGE = "smrisk.model_files"
DEFAULT_MODEL_NAME = "default"


@dataclass(frozen=True)
class ModelBundle:
    """A fitted model with the per-risk thresholds and card it ships with."""

    estimator: LinearRiskModel
    thresholds: dict[str, float]
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def risks(self) -> tuple[str, ...]:
        return tuple(self.estimator.risks)

    @property
    def model_id(self) -> str:
        """A short id for audit trails: name and the first 12 hex digits of the model file's hash."""
        return card_model_id(self.card)


def card_model_id(card: dict[str, Any]) -> str:
    """``ModelBundle.model_id`` from a model card alone."""
    return f"{card.get('name', 'model')}@{str(card.get('sha256', 'unsaved'))[:12]}"


def model_id_at(directory: str | os.PathLike[str]) -> str:
    """The id of the model saved in ``directory``, read from its card without loading the weights
    (an unreadable card gives a placeholder naming the directory; loading it is what reports why)."""
    try:
        return card_model_id(json.loads((Path(directory) / CARD_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, AttributeError):
        return f"unreadable model at {os.fspath(directory)}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_bundle(bundle: ModelBundle, directory: str | os.PathLike[str], name: str | None = None) -> Path:
    """Write ``model.npz`` and ``card.json`` to ``directory``; returns the directory."""
    import sklearn  # only to record the version that trained it; scoring never imports scikit-learn

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
    """Everything the fitted model needs, as arrays; text travels as UTF-8 bytes."""
    model = bundle.estimator
    features = model.features
    grams = sorted(features.vocabulary, key=features.vocabulary.__getitem__)  # tokens hold no whitespace
    params = dict(model.params, risks=list(model.risks), word_ngrams=features.word_ngrams,
                  char_ngrams=None if features.char_ngrams is None else list(features.char_ngrams),
                  content_only=features.content_only, min_norm=float(features.min_norm),
                  norm_power=float(features.norm_power))
    return {
        "params": _utf8(json.dumps(params)),
        "thresholds": _utf8(json.dumps({k: float(v) for k, v in bundle.thresholds.items()})),
        "vocabulary": _utf8("\n".join(grams)),
        "idf": np.asarray(features.idf, dtype=np.float32),
        "coef": np.ascontiguousarray(model.coef, dtype=np.float32),
        "intercept": np.asarray(model.intercept, dtype=np.float64),
        "calibration": np.asarray(model.calibration, dtype=np.float64),
    }


def _utf8(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _from_arrays(data: Any) -> tuple[LinearRiskModel, dict[str, float]]:
    """The fitted model and thresholds back from ``_to_arrays``' output; raises on any inconsistency."""
    params = json.loads(bytes(data["params"]).decode("utf-8"))
    thresholds = {str(k): float(v) for k, v in json.loads(bytes(data["thresholds"]).decode("utf-8")).items()}
    vocabulary_text = bytes(data["vocabulary"]).decode("utf-8")
    grams = vocabulary_text.split("\n") if vocabulary_text else []
    char_ngrams = params.get("char_ngrams")
    features = NgramFeatures(
        vocabulary={gram: i for i, gram in enumerate(grams)},
        idf=np.asarray(data["idf"], dtype=np.float32),
        word_ngrams=int(params["word_ngrams"]),
        char_ngrams=None if char_ngrams is None else (int(char_ngrams[0]), int(char_ngrams[1])),
        content_only=bool(params.get("content_only", True)),
        min_norm=float(params.get("min_norm", 0.0)),
        norm_power=float(params.get("norm_power", 1.0)),
    )
    model = LinearRiskModel(
        risks=tuple(str(r) for r in params["risks"]),
        features=features,
        coef=np.asfortranarray(data["coef"], dtype=np.float32),  # contiguous coef.T: no copy per prediction
        intercept=np.asarray(data["intercept"], dtype=np.float64),
        calibration=np.asarray(data["calibration"], dtype=np.float64),
        params=params,
    )
    k, n = len(model.risks), len(grams)
    if (len(features.vocabulary) != n or features.idf.shape != (n,) or model.coef.shape != (k, n)
            or model.intercept.shape != (k,) or model.calibration.shape != (k, 2)):
        raise ValueError("array shapes do not agree with the vocabulary and risks")
    return model, thresholds


def checked_card(card_path: Path, data_path: Path, fix: str) -> dict[str, Any]:
    """The card of a shipped data file (a model, word vectors), once the file's sha256 matches the one
    it records: a corrupt or replaced file is never read. ``fix`` tells the user what to do otherwise."""
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
        expected = str(card["sha256"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelLoadError(f"{card_path} is unreadable or incomplete ({exc}); {fix}") from None
    actual = sha256_of(data_path)
    if actual != expected:
        raise ModelLoadError(f"{data_path} does not match its card (sha256 {actual[:12]}... != {expected[:12]}...): "
                             f"the file is corrupt or was replaced; it was not loaded; {fix}")
    return card


def load_bundle(directory: str | os.PathLike[str]) -> ModelBundle:
    """Load a model directory, checking its format and hash first."""
    source = Path(directory)
    card_path, model_path = source / CARD_FILE, source / MODEL_FILE
    if not source.is_dir():
        raise ModelLoadError(f"model directory {str(source)!r} does not exist")
    if not card_path.is_file() or not model_path.is_file():
        raise ModelLoadError(f"{str(source)!r} is not a smrisk model: it needs {CARD_FILE} and {MODEL_FILE}")
    card = checked_card(card_path, model_path, "retrain or reinstall the model")
    if card.get("format_version") != FORMAT_VERSION:
        raise ModelLoadError(
            f"{source} was saved in model format {card.get('format_version')!r} by another smrisk release "
            f"(this one reads format {FORMAT_VERSION}); retrain it with `smrisk train`"
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
