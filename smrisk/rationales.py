"""How well explanation spans agree with the words people marked as the reason a post is toxic.

Gold sets: the SemEval-2021 toxic-spans test posts (character offsets aggregated over raters) and
HateXplain's validation posts (a token is gold when most of the raters who judged the post hateful
or offensive marked it). Agreement is counted over words: a word is predicted when an evidence
span overlaps it, gold when a gold span does. Reported per post (the SemEval F1, averaged over
posts with gold words) and pooled over all words.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from smrisk.categories import DEROGATORY
from smrisk.corpora import _hatexplain_text

_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class GoldPost:
    """A post and the character spans people marked in it."""

    text: str
    spans: tuple[tuple[int, int], ...]


def toxic_spans_test(root: Path) -> list[GoldPost]:
    """SemEval-2021 toxic spans, test file: posts with at least one marked character."""
    data = pd.read_csv(root / "toxic_spans" / "tsd_test.csv")
    posts = []
    for offsets, text in zip(data["spans"], data["text"], strict=True):
        chars = sorted(ast.literal_eval(offsets))
        if chars:
            posts.append(GoldPost(str(text), tuple(_runs(chars))))
    return posts


def hatexplain_validation(root: Path) -> list[GoldPost]:
    """HateXplain validation posts judged hateful or offensive, with majority rationale tokens."""
    posts = []
    for line in (root / "hatexplain" / "hatexplain_validation.json").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        rationales = np.array(row["rationales"]) if row["rationales"] else None
        if rationales is None or rationales.ndim != 2:
            continue
        gold = rationales.sum(axis=0) * 2 > len(rationales)
        text = _hatexplain_text(row["post_tokens"])
        spans, cursor = [], 0
        for token, marked in zip(text.split(" "), gold, strict=True):
            if marked:
                spans.append((cursor, cursor + len(token)))
            cursor += len(token) + 1
        if spans:
            posts.append(GoldPost(text, tuple(spans)))
    return posts


def _runs(chars: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for c in chars:
        if runs and c == runs[-1][1]:
            runs[-1] = (runs[-1][0], c + 1)
        else:
            runs.append((c, c + 1))
    return runs


def _marked_words(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    return {i for i, m in enumerate(_WORD.finditer(text)) if any(a < m.end() and m.start() < b for a, b in spans)}


@dataclass(frozen=True)
class Agreement:
    """Word-level agreement of predicted spans with gold spans."""

    posts: int
    post_f1: float  # mean over posts of the per-post F1 (SemEval 2021)
    precision: float  # pooled over all words
    recall: float
    f1: float

    def to_dict(self) -> dict[str, float | int]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def agreement(posts: Sequence[GoldPost], predict: Callable[[Sequence[str]], list[list[tuple[int, int]]]]) -> Agreement:
    """Agreement of ``predict(texts)`` (spans per text) with the gold spans of ``posts``."""
    predicted = predict([p.text for p in posts])
    tp = fp = fn = 0
    per_post = []
    for post, spans in zip(posts, predicted, strict=True):
        gold, guess = _marked_words(post.text, post.spans), _marked_words(post.text, spans)
        hit = len(gold & guess)
        tp, fp, fn = tp + hit, fp + len(guess - gold), fn + len(gold - guess)
        p = hit / len(guess) if guess else 0.0
        r = hit / len(gold) if gold else 0.0
        per_post.append(2 * p * r / (p + r) if p + r else 0.0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Agreement(len(posts), float(np.mean(per_post)) if per_post else 0.0, precision, recall, f1)


def evidence_spans(scorer, texts: Sequence[str]) -> list[list[tuple[int, int]]]:  # noqa: ANN001
    """The derogatory evidence a reviewer is shown (at most three spans), for every text."""
    reports = scorer.score_many(list(texts))
    return [[(e.start, e.end) for e in r.scores[DEROGATORY].top_evidence()] for r in reports]


def positive_weight_words(scorer, texts: Sequence[str]) -> list[list[tuple[int, int]]]:  # noqa: ANN001
    """Baseline: every word with a positive derogatory weight in the model (no rules, no ranking)."""
    from smrisk.model.tokens import tokenize

    bundle = scorer.bundles[0]
    out = []
    for text in texts:
        folded = text.lower()
        shares = bundle.estimator.contributions(folded, [DEROGATORY])[DEROGATORY]
        positive = [(a, b) for a, b, share, _ in shares if share > 0]
        out.append([(t.start, t.end) for t in tokenize(folded) if t.content and any(a <= t.start and t.end <= b for a, b in positive)])
    return out
