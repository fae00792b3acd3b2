"""The reply-in-context model: one small logistic regression per risk over features of a reply's
relation to the message it answers, stored as plain JSON (weights, thresholds) and applied with numpy.

A reply is risky in context when its own words are (the existing scorer's score of the reply
with what it repeats of the context blanked: quoted words are not its own), or when it takes on
the context's risk: it agrees with, confirms or repeats a risky parent. The second is the
logistic regression ``q`` over ``FEATURES``: the reply's agreement cues and how much of it
repeats the parent, each alone and times the parent's score, the context's cues for the risk (a
rumour asked about, a plan proposed), a refusal cue and shortness (agreeing with a risky parent
is risky, agreeing with a harmless one is not). Every feature is zero for a reply that neither
agrees nor repeats: such a reply cannot take on its context's risk, whatever the context says.

The reply's score in context is the higher of the two, with ``q`` put on the base model's scale:
``q`` at its threshold ``t`` (chosen on the validation split) maps to the base threshold ``b``,
linearly below and above it. So the base threshold (and a policy's override of it) still decides
the flag, and a reply that neither repeats nor takes on its context keeps the score it has alone.
``scripts/train_context_model.py`` fits ``q`` on the team-written pairs in ``data/threads``.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from smrisk.categories import CATEGORIES
from smrisk.errors import ModelLoadError

FORMAT = 1
_PACKAGE = "smrisk.model_files"
_MODEL = "context/model.json"

#: The inputs of one risk's model, in order: see ``feature_row``.
FEATURES: tuple[str, ...] = (
    "affirm", "echo", "parent*affirm", "parent*echo", "parent_cue*affirm", "parent_cue*echo",
    "refuse*affirm", "refuse*echo", "short*affirm", "short*parent*affirm",
)


def feature_row(parent: float, parent_cue: float, affirm: float, refuse: float, echo: float, short: float) -> list[float]:
    """One risk's features, in ``FEATURES`` order.

    ``parent``: the risk's highest score among the context messages; ``parent_cue``: the context
    holds a cue of this risk; ``affirm``/``refuse``: the reply agrees / refuses; ``echo``: the share
    of the reply's content words that repeat the context; ``short``: a reply of six words or fewer.
    """
    return [affirm, echo, parent * affirm, parent * echo, parent_cue * affirm, parent_cue * echo,
            refuse * affirm, refuse * echo, short * affirm, short * parent * affirm]


@dataclass(frozen=True)
class RiskWeights:
    """One risk's fitted model and how it is used."""

    coef: tuple[float, ...]
    intercept: float
    threshold: float  # the ``q`` that maps to the base threshold, chosen on the validation split
    base_threshold: float  # the base model's threshold it maps to
    use: bool  # whether context scoring is on for this risk (it helped on the validation split)

    def takes_on(self, row: list[float]) -> float:
        """``q``: the probability that the reply takes on the context's risk (one feature row); 0
        for a reply that neither agrees with nor repeats its context (a row of zeros)."""
        if not any(row):
            return 0.0
        z = self.intercept + float(np.dot(self.coef, row))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def riskless_ceiling(self) -> float:
        """The highest ``q`` of a reply that agrees with or repeats a context with no score and no cue
        for the risk (``parent`` and ``parent_cue`` 0): a threshold above it keeps such a reply from
        taking on a risk its context does not show. With the others fixed, ``q`` moves one way in each
        input (all in [0, 1]), so its highest value is at a corner of the unit box."""
        corners = [feature_row(0.0, 0.0, affirm, refuse, echo, short)
                   for affirm in (0.0, 1.0) for refuse in (0.0, 1.0) for echo in (0.0, 1.0) for short in (0.0, 1.0)]
        # the logistic itself, not ``takes_on``: a barely-repeating reply comes as close to the zero corner as it likes
        z = max(self.intercept + float(np.dot(self.coef, row)) for row in corners)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def score(self, own: float, row: list[float], base_threshold: float | None = None) -> float:
        """The reply's score in context: its own words' score, or ``q`` on the base scale if higher
        (``base_threshold``: the threshold of the scorer in use, by default the one fitted against)."""
        return max(own, self.on_base_scale(self.takes_on(row), base_threshold))

    def on_base_scale(self, q: float, base_threshold: float | None = None) -> float:
        """``q`` mapped so its threshold lands on the base threshold: the scorer's own, so that a
        scorer with other thresholds (a company's model, a retrained default) flags in context
        exactly where ``q`` reaches the threshold chosen for it."""
        t = self.threshold
        b = self.base_threshold if base_threshold is None else base_threshold
        if q < t:
            return b * q / t
        return b + (1.0 - b) * (q - t) / (1.0 - t) if t < 1.0 else 1.0


@dataclass(frozen=True)
class ContextModel:
    """Per-risk weights over ``FEATURES``, and what they were fitted on (for the audit trail)."""

    risks: dict[str, RiskWeights]
    base_model_id: str
    card: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "features": list(FEATURES),
            "base_model_id": self.base_model_id,
            "risks": {r: {"coef": [round(c, 6) for c in w.coef], "intercept": round(w.intercept, 6),
                          "threshold": round(w.threshold, 6), "base_threshold": round(w.base_threshold, 6), "use": w.use}
                      for r, w in self.risks.items()},
            "card": self.card,
        }


def save_context_model(model: ContextModel, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` as JSON to ``path``."""
    target = Path(path)
    target.write_text(json.dumps(model.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def load_context_model(path: str | os.PathLike[str] | None = None) -> ContextModel:
    """The shipped context model (or the one at ``path``), checked field by field."""
    where = str(path) if path is not None else _MODEL
    try:
        text = Path(path).read_text(encoding="utf-8") if path is not None else \
            resources.files(_PACKAGE).joinpath(_MODEL).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelLoadError(f"cannot read the context model {where}: {exc}; rebuild it with scripts/train_context_model.py") from None
    try:
        if data["format"] != FORMAT or tuple(data["features"]) != FEATURES:
            raise ModelLoadError(f"the context model {where} was built for other features (format {data['format']}); "
                                 "rebuild it with scripts/train_context_model.py")
        risks = {}
        for risk in CATEGORIES:
            row = data["risks"][risk]
            coef = tuple(float(c) for c in row["coef"])
            if len(coef) != len(FEATURES):
                raise ValueError(f"{risk} has {len(coef)} weights for {len(FEATURES)} features")
            threshold, base = float(row["threshold"]), float(row["base_threshold"])
            if not (0.0 < threshold <= 1.0 and 0.0 < base <= 1.0):
                raise ValueError(f"{risk} thresholds must be in (0, 1]")
            risks[risk] = RiskWeights(coef, float(row["intercept"]), threshold, base, bool(row["use"]))
        return ContextModel(risks, str(data["base_model_id"]), dict(data.get("card", {})))
    except ModelLoadError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelLoadError(f"the context model {where} is malformed ({exc}); rebuild it with scripts/train_context_model.py") from None
