"""Static word vectors: the shipped file loads and checks its hash, sentences that share no word meet,
``suggest`` finds a reply by meaning, and a missing or corrupt file is a clear ``ModelLoadError``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from smrisk.errors import ModelLoadError
from smrisk.responses import Library, parse_library, suggest
from smrisk.responses.index import ResponseIndex
from smrisk.scorer import Scorer
from smrisk.word_vectors import default_vectors_dir, load_word_vectors, read_word_vectors, words_of

MEANING = """\
[[response]]
id = "refund"
situation = "A customer wants their money back."
examples = ["refund please", "return this purchase and pay me back"]
text = "Sorry it did not work out. Start a return at {returns_url}."
owner = "support"

[[response]]
id = "outage"
situation = "The website is offline."
examples = ["site not loading", "servers crashed again"]
text = "Sorry for the disruption. Follow updates at {status_url}."
owner = "support"

[[response]]
id = "press"
situation = "A journalist asks for an interview."
examples = ["reporter here, any comment", "writing a newspaper story about you"]
text = "Please send your questions to our press office at {press_email}."
owner = "comms"
"""


def test_the_shipped_vectors_load_once_with_their_card() -> None:
    vectors = load_word_vectors()
    assert vectors is load_word_vectors()                          # read once, then kept
    card = json.loads((default_vectors_dir() / "card.json").read_text(encoding="utf-8"))
    assert vectors.vectors.shape == (card["words"], card["dims"]) and card["source_license"] == "Apache-2.0"
    assert len(set(vectors.words)) == len(vectors.words) and {"refund", "outage", "journalist"} <= set(vectors.words)
    assert (default_vectors_dir() / "vectors.npz").stat().st_size < 10_000_000
    embedded = vectors.embed(["Refund, please!", "zzqx qqzz", ""])
    assert np.allclose(np.linalg.norm(embedded, axis=1), [1, 0, 0], atol=1e-5)   # unknown words are skipped


def test_a_word_outside_the_vocabulary_takes_a_vector_of_its_stem() -> None:
    vectors = load_word_vectors()
    assert "reimbursed" not in vectors.words and "reimburse" in vectors.words
    reimbursed, stem_mates = vectors.embed(["reimbursed"])[0], vectors.embed(["reimburse", "reimbursement", "reimbursements"])
    assert np.isclose(np.linalg.norm(reimbursed), 1) and np.isclose((stem_mates @ reimbursed).max(), 1, atol=1e-5)


def test_words_that_mean_alike_are_closer_than_words_that_do_not() -> None:
    vectors = load_word_vectors()
    refund, reimbursement, crashed = vectors.embed(["refund", "reimbursement", "crashed"])
    assert refund @ reimbursement > refund @ crashed + 0.2


@pytest.fixture(scope="module")
def meaning() -> Library:
    from smrisk.api import default_scorer

    scorer: Scorer = default_scorer()
    return parse_library(MEANING.encode(), "meaning.toml", scorer)


@pytest.mark.parametrize(("message", "best"), [("I demand reimbursement", "refund"), ("homepage broken", "outage")])
def test_suggest_finds_a_reply_by_meaning_where_no_word_is_shared(meaning: Library, message: str, best: str) -> None:
    library_words = {w for r in meaning for text in (r.situation, *r.examples) for w in words_of(text)}
    assert not set(words_of(message)) & library_words
    assert set(words_of(message)) <= set(load_word_vectors().words)
    lexical = ResponseIndex(semantic=0.0).fit([(r.situation, *r.examples) for r in meaning]).scores([message])[0]
    assert [r.id for r in meaning][int(np.argmax(lexical))] != best    # TF-IDF alone gets it wrong
    assert suggest(message, meaning)[0].id == best


@pytest.fixture()
def copied(tmp_path: Path) -> Path:
    target = tmp_path / "vectors"
    shutil.copytree(default_vectors_dir(), target)
    return target


def _rehash(directory: Path) -> None:
    from smrisk.model.store import sha256_of

    card = json.loads((directory / "card.json").read_text(encoding="utf-8"))
    card["sha256"] = sha256_of(directory / "vectors.npz")
    (directory / "card.json").write_text(json.dumps(card), encoding="utf-8")


def test_missing_or_corrupt_vectors_are_a_clear_error_not_a_silent_fallback(copied: Path) -> None:
    assert read_word_vectors(copied).vectors.shape == load_word_vectors().vectors.shape
    groups = [("refund please",), ("site down",)]
    data = bytearray((copied / "vectors.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copied / "vectors.npz").write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match=r"does not match its card .*corrupt or was replaced.*build_word_vectors\.py"):
        ResponseIndex(vectors_dir=str(copied)).fit(groups)
    _rehash(copied)                                                # a hash that matches garbage: unreadable
    with pytest.raises(ModelLoadError, match="could not be read as word vectors"):
        read_word_vectors(copied)
    (copied / "vectors.npz").unlink()
    with pytest.raises(ModelLoadError, match=r"are missing \(card\.json and vectors\.npz are needed\)"):
        read_word_vectors(copied)
    assert ResponseIndex(semantic=0.0, vectors_dir=str(copied)).fit(groups).scores(["refund"])[0].argmax() == 0   # TF-IDF alone


def test_vectors_of_the_wrong_shape_or_format_are_refused(copied: Path) -> None:
    with np.load(copied / "vectors.npz", allow_pickle=False) as data:
        words, vectors, counts, stems = data["words"], data["vectors"], data["counts"], data["stems"]
    np.savez_compressed(copied / "vectors.npz", words=words, vectors=vectors, counts=counts[:-1], stems=stems)
    _rehash(copied)
    with pytest.raises(ModelLoadError, match=f"holds {len(words)} words but vectors of shape"):
        read_word_vectors(copied)
    card = json.loads((copied / "card.json").read_text(encoding="utf-8"))
    (copied / "card.json").write_text(json.dumps({**card, "format_version": 99}), encoding="utf-8")
    with pytest.raises(ModelLoadError, match="in format 99; this smrisk reads format 1"):
        read_word_vectors(copied)
    (copied / "card.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelLoadError, match="card.json is unreadable or incomplete"):
        read_word_vectors(copied)


def test_the_semantic_weight_must_be_a_weight() -> None:
    with pytest.raises(ValueError, match=r"semantic must be a weight in \[0, 1\], got 1.5"):
        ResponseIndex(semantic=1.5).fit([("a",)])
