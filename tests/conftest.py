"""Shared fixtures: a tiny model trained on a sample of the team corpus (never the shipped model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smrisk.categories import CATEGORIES
from smrisk.model.store import ModelBundle
from smrisk.scorer import Scorer
from smrisk.training import fit_bundle, label_matrix

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus" / "corpus.csv"


@pytest.fixture(scope="session")
def tiny_frame() -> pd.DataFrame:
    """400 training rows of the team corpus, sampled with a fixed seed."""
    data = pd.read_csv(CORPUS, keep_default_na=False)
    train = data[data["split"] == "train"]
    return train.sample(n=min(400, len(train)), random_state=7).reset_index(drop=True)


@pytest.fixture(scope="session")
def tiny_bundle(tiny_frame: pd.DataFrame) -> ModelBundle:
    texts = tiny_frame["text"].tolist()
    labels = label_matrix(tiny_frame, CATEGORIES)
    return fit_bundle(texts[:300], labels[:300], CATEGORIES, texts[300:], labels[300:], min_df=1, max_features=20_000)


@pytest.fixture(scope="session")
def tiny_scorer(tiny_bundle: ModelBundle) -> Scorer:
    return Scorer([tiny_bundle])


def labelled_csv(path: Path, rows: list[tuple[str, int, int, int]]) -> Path:
    """Write a small labelled CSV for CLI and training tests."""
    frame = pd.DataFrame(rows, columns=["text", *CATEGORIES])
    frame.to_csv(path, index=False)
    return path


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)
