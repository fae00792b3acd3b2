"""The claims model: how it reads a post about a named party, and a damaged model file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smrisk.claims_model import PARTY, ClaimsModel, claims_model_dir, party_view, shipped_claims_model
from smrisk.errors import ModelLoadError
from smrisk.model.store import load_bundle


def test_the_party_and_its_possessive_become_one_word() -> None:
    text = "Zentrix's arms and @zentrix support"
    spans = [(0, 7), (text.index("@zentrix"), len(text) - len(" support"))]
    assert party_view(text, spans) == f"{PARTY} arms and {PARTY} support"
    assert party_view("Brixley’s deli", [(0, 7)]) == f"{PARTY} deli"  # a typographic apostrophe too


def test_a_dig_reads_higher_than_news_and_names_what_weighs() -> None:
    model = shipped_claims_model()
    dig = "Zentrix support: please hold for the rest of your life"
    news = "Zentrix moved their HQ to Denver this spring"
    read_dig, read_news = model.read(dig, [(0, 7)]), model.read(news, [(0, 7)])
    assert read_dig.probability > 0.6 > read_news.probability
    assert read_dig.phrases and all(PARTY not in p for p in read_dig.phrases)


def test_a_damaged_claims_model_is_a_clear_error(tmp_path: Path) -> None:
    copy = tmp_path / "claims"
    shutil.copytree(claims_model_dir(), copy)
    (copy / "model.npz").write_bytes(b"not a model")
    with pytest.raises(ModelLoadError, match="does not match its card"):
        ClaimsModel(load_bundle(copy))
