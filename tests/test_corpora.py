"""Finding the team corpus and the public datasets from a checkout or from an installed package."""

from __future__ import annotations

import pytest

from smrisk import corpora
from smrisk.errors import InputError


def test_the_corpus_is_found_from_a_subfolder_of_the_checkout(monkeypatch) -> None:
    root = corpora.checkout_root()
    assert root is not None
    monkeypatch.chdir(root / "notebooks")
    monkeypatch.setattr(corpora, "__file__", "/nowhere/site-packages/smrisk/corpora.py")  # as if installed
    assert corpora.checkout_root() == root
    assert len(corpora.team_corpus()) > 1000
    assert corpora.shared_datasets_dir() == root.parent / "shared" / "datasets"


def test_outside_a_checkout_the_corpus_is_a_clear_error(monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(corpora, "__file__", "/nowhere/site-packages/smrisk/corpora.py")
    assert corpora.checkout_root() is None
    with pytest.raises(InputError, match="smrisk checkout"):
        corpora.team_corpus()
    with pytest.raises(InputError, match="not found"):
        corpora.team_corpus(tmp_path / "missing.csv")
