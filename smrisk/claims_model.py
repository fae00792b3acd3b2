"""The claims model: does a post that names a business say something negative about it?

A company's staff must not run a competitor down, but most such posts hold no insult and no cue
word: a bad-experience story, sarcasm, a rumour, an unflattering comparison ("X app: 4.8 stars. X
reality: 'your order has been cancelled'"). The general model reads them as harmless, as it should
for everyone else. This small model is trained on team-written posts that each name one business
(``data/disparagement/claims.csv``), negative about it or not, with the name replaced by one word
(``PARTY``) so that what is said about one rival is learnt for all. It is read only for posts that
name a term of a policy lexicon with ``disparagement = true`` (``smrisk.detectors.disparagement``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from smrisk.categories import DEROGATORY
from smrisk.model.linear import merge_overlapping
from smrisk.model.store import ModelBundle, load_bundle
from smrisk.normalize import Normalizer
from smrisk.phrases import POSSESSIVE_ENDING

#: The word every named party becomes, in training and when scoring.
PARTY = "rivalco"
CLAIMS_MODEL_NAME = "claims"
#: A phrase is named in a claim's reason when it holds at least this share of the positive evidence.
MIN_SHARE = 0.15


@dataclass(frozen=True)
class ClaimReading:
    """The model's probability that the post runs the party down, and the phrases that weigh most."""

    probability: float
    phrases: tuple[str, ...]


#: A possessive after the name goes with it: written about a rival, "X's" is as likely in praise as in a dig.
_POSSESSIVE = re.compile(POSSESSIVE_ENDING + r"\b")


def party_view(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each (start, end) span, a mention of the party, and its possessive replaced by ``PARTY``."""
    out, at = [], 0
    for start, end in sorted(set(spans)):
        if start < at:
            continue  # overlapping mentions: the first one stands
        possessive = _POSSESSIVE.match(text, end)
        out += [text[at:start], PARTY]
        at = possessive.end() if possessive else end
    return "".join([*out, text[at:]])


class ClaimsModel:
    """A fitted claims model (one ``derogatory`` column) and how to read a post with it."""

    def __init__(self, bundle: ModelBundle) -> None:
        self.bundle = bundle
        self._fold = Normalizer()

    @property
    def model_id(self) -> str:
        return self.bundle.model_id

    def read(self, text: str, spans: Sequence[tuple[int, int]], explain_from: float = 0.0, top: int = 3) -> ClaimReading:
        """The reading of ``text``, whose party is mentioned at ``spans``; the phrases only where the
        probability reaches ``explain_from`` (a reading nobody is shown needs none)."""
        folded = self._fold(party_view(text, spans)).folded.text
        estimator = self.bundle.estimator
        probability = float(estimator.predict_proba([folded])[0, 0])
        if probability < explain_from:
            return ClaimReading(probability, ())
        shares = estimator.contributions(folded, [DEROGATORY])[DEROGATORY]
        positive = merge_overlapping((start, end, share) for start, end, share, _ in shares if share > 0)
        total = sum(share for _, _, share in positive)
        phrases = []
        for start, end, share in sorted(positive, key=lambda phrase: -phrase[2])[:top]:
            phrase = folded[start:end].strip(" '\"‘’“”.,;:!?()")
            if share >= MIN_SHARE * total and re.sub(r"\W", "", phrase.replace(PARTY, "")):
                phrases.append(phrase.replace(PARTY, "[them]"))
        return ClaimReading(probability, tuple(phrases))


def claims_model_dir() -> Path:
    """Where the shipped claims model lives inside the installed package."""
    return Path(str(resources.files("smrisk.model_files").joinpath(CLAIMS_MODEL_NAME)))


@lru_cache(maxsize=1)
def shipped_claims_model() -> ClaimsModel:
    """The shipped claims model, loaded once (``ModelLoadError`` names the file if it is damaged)."""
    return ClaimsModel(load_bundle(claims_model_dir()))
