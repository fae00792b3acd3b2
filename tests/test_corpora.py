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


@pytest.fixture(scope="module")
def datasets():
    folder = corpora.shared_datasets_dir()
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    return folder


@pytest.mark.shared_data
def test_real_sets_are_held_out_by_account_and_brand(datasets) -> None:
    for frame in (corpora.corporate(datasets), corpora.customer_care(datasets)):
        groups = {split: set(part["group"]) for split, part in frame.groupby("split")}
        assert set(groups) == {"train", "validation", "test"}
        assert not groups["train"] & groups["test"] and not groups["validation"] & groups["test"]
        assert not groups["train"] & groups["validation"]


@pytest.mark.shared_data
def test_loaders_map_labels_and_placeholders(datasets) -> None:
    hx = corpora.hatexplain(datasets)
    assert not hx["text"].str.contains("<user>|<number>", regex=True).any()
    assert hx["split"].value_counts()["test"] == 1922  # the official validation split, only ever tested on
    care = corpora.customer_care(datasets)
    complaints = care[care["subtype"] == "complaint"]
    assert complaints["derogatory"].isna().all() and (complaints["illegal"] == 0).all()
    news = corpora.finance_news(datasets)
    assert (news["split"] == "test").sum() == 2388  # the set's own validation file
    spans = corpora.toxic_spans(datasets)
    assert (spans["derogatory"] == 1).all() and (spans["split"] == "test").sum() == 2000


def test_every_twin_shares_its_source_split_and_is_harmless() -> None:
    """Wave 8's twins (harmless minimal edits of risky rows) sit in their source's split: a pair that
    straddled train and test would let the test split reward memorised wording."""
    data = corpora.team_corpus()
    twins = data[data["twin_of"] != ""]
    assert len(twins) > 4000
    split_of = dict(zip(data["text"], data["split"], strict=True))
    assert (twins["twin_of"].map(split_of) == twins["split"]).all()
    sources = data.set_index("text").loc[twins["twin_of"]]
    assert (sources[["confidential", "illegal"]].max(axis=1) == 1).all()  # each twin answers a risky row
    assert (twins[["confidential", "derogatory", "illegal"]].sum(axis=1) == 0).all()


@pytest.mark.shared_data
def test_toxic_spans_without_their_spans_are_harmless_training_rows_of_the_same_topics(datasets) -> None:
    """Every Civil Comments post is toxic, so its topics ("Trump") would be learnt as insults without
    a counterpart: the same posts, each annotator's spans cut out, are harmless rows (train only)."""
    masked = corpora.toxic_spans_masked(datasets)
    assert len(masked) > 5000
    assert (masked["derogatory"] == 0).all() and (masked["split"] == "train").all()
    assert masked[["confidential", "illegal"]].isna().all().all()
    text = "\n".join(masked["text"]).lower()
    assert text.count("trump") > 500
    test_posts = set(corpora.toxic_spans(datasets).query("split == 'test'")["text"])
    assert not any(t in test_posts for t in masked["text"])
    # an insult one annotator marked is gone even where the majority spans keep it
    for word in (" idiot ", " idiots ", " stupid ", " moron "):
        assert text.count(word) < 20, word


@pytest.mark.shared_data
def test_care_replies_come_with_the_messages_before_them(datasets) -> None:
    from smrisk.corpora import care_replies_in_context, customer_care

    replies = care_replies_in_context(datasets)
    agent = set(customer_care(datasets).query("subtype == 'agent_reply'")["text"])
    assert len(replies) > 100 and len({r for r, _ in replies}) == len(replies)
    assert all(reply in agent and 1 <= len(earlier) <= 3 and reply not in earlier for reply, earlier in replies)
    first = care_replies_in_context(datasets, earlier=1)
    assert [len(e) for _, e in first] == [1] * len(first) and [e[-1] for _, e in first] == [e[-1] for _, e in replies]
