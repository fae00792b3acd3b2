"""Shared fixtures: a tiny model trained on a sample of the team corpus (never the shipped model), and a rule read alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smrisk.categories import CATEGORIES
from smrisk.detectors.base import Detector
from smrisk.document import Document
from smrisk.model.store import ModelBundle
from smrisk.nlp import shared_nlp
from smrisk.normalize import Normalizer
from smrisk.policy import example_policy
from smrisk.scorer import Scorer
from smrisk.training import comparable_rows, fit_bundle, label_matrix

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus" / "corpus.csv"


@pytest.fixture(scope="session")
def tiny_frame() -> pd.DataFrame:
    """400 training rows of the team corpus, sampled with a fixed seed (twins and wave 9 left out: the
    sample is the one these tests were written against)."""
    data = pd.read_csv(CORPUS, keep_default_na=False)
    train = comparable_rows(data[data["split"] == "train"])
    return train.sample(n=min(400, len(train)), random_state=7).reset_index(drop=True)


@pytest.fixture(scope="session")
def tiny_bundle(tiny_frame: pd.DataFrame) -> ModelBundle:
    texts = tiny_frame["text"].tolist()
    labels = label_matrix(tiny_frame, CATEGORIES)
    return fit_bundle(texts[:300], labels[:300], CATEGORIES, texts[300:], labels[300:], min_df=1, max_features=20_000)


@pytest.fixture(scope="session")
def tiny_scorer(tiny_bundle: ModelBundle) -> Scorer:
    return Scorer([tiny_bundle])


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_scorer: Scorer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model saved to a directory: what worker processes load (they never get a pickled Scorer)."""
    return tiny_scorer.save(tmp_path_factory.mktemp("tiny_model"))


def labelled_csv(path: Path, rows: list[tuple[str, int, int, int]]) -> Path:
    """Write a small labelled CSV for CLI and training tests."""
    frame = pd.DataFrame(rows, columns=["text", *CATEGORIES])
    frame.to_csv(path, index=False)
    return path


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)


def awkward_csv(path: Path, repeats: int = 6) -> Path:
    """A CSV that a byte-range splitter would cut mid-row: quoted fields holding newlines (LF and
    CRLF), quoted commas and quotes, malformed rows, empty texts and, last, an unclosed quote that
    swallows the rows after it."""
    rows: list[str] = []
    for i in range(repeats):
        rows += [
            f'M{i}01,staff,"A note to my team:\n\nWe did it, on time.\nThank you, all of you."\n',
            f"M{i}02,staff,you idiot read the manual\n",
            f"M{i}03,brand,too,many,fields\n",
            f"M{i}04\n",
            f'M{i}05,staff,"my password is hunter22, don\'t share it"\n',
            f"M{i}06,brand,\n",
            f'M{i}07,exec,"two lines\r\nwith a CRLF inside"\n',
            f'M{i}08,brand,"he said ""sell the shares before the announcement"""\n',
        ]
    rows += ['M901,staff,"never closed\n', "M902,staff,second post\n", "M903,staff,third\n"]
    path.write_text("id,channel,text\n" + "".join(rows), encoding="utf-8", newline="")
    return path


def write_policy(path: Path, scoring: str = "") -> Path:
    """The example policy (what `smrisk policy init` writes) with "brand" also an official channel
    (the channel of some of ``awkward_csv``'s rows) and ``scoring`` lines in its [scoring] table."""
    text = example_policy().replace('"acme-linkedin"]', '"acme-linkedin", "brand"]', 1)
    assert '"brand"' in text
    if scoring:
        assert "\n[scoring] " in text
        text = text.replace("\n[scoring] ", f"\n[scoring]\n{scoring}\n", 1)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def policy_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_policy(tmp_path_factory.mktemp("policy") / "policy.toml")


def speaker_csv(path: Path) -> Path:
    """Posts with an author and a channel column: a spokesperson and others on an official channel,
    personal accounts with and without the disclaimer, blank authors and channels, an empty text."""
    path.write_text(
        "id,author,channel,text\n"
        "1,j.doe,@acme,Our new arm ships in May!\n"
        "2,m.ortiz,@acme,Bluefin demo today: the password is Hunter22!x\n"
        "3,,@acme,Happy Friday from the whole team\n"
        "4,m.ortiz,personal:@mo,Proud to work at Acme Robotics!\n"
        "5,m.ortiz,personal:@mo,Proud to work at Acme Robotics! Views are my own\n"
        "6,k.lee,,the wiki is at wiki.corp.acme.internal\n"
        "7,m.ortiz,@acme,\n",
        encoding="utf-8",
    )
    return path


from tests.browser import browser, page  # noqa: E402,F401  (fixtures for the page tests)


def spans_of(detector: Detector) -> Callable[[str], list[str]]:
    """What ``detector`` alone finds in a text, as the spans a reviewer sees (normalised and tokenised as the
    scorer does, without a model or the other rules)."""
    normalize, tokenize = Normalizer(set()), shared_nlp().make_doc

    def spans(text: str) -> list[str]:
        return [e.text for e in detector.find(Document(normalize(text), tokenize))]
    return spans
