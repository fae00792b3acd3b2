"""Scoring settings: limits, explanation size, threshold overrides, detectors and allow-lists."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from smrisk.categories import check_category
from smrisk.errors import ConfigError

#: The switches that hide phrases aimed at no one else, or that disclose nothing, from the rules and the model.
HIDING_SWITCHES = ("hide_own_insults", "hide_swearing_at_no_one", "hide_insults_of_things", "hide_refusals_to_disclose",
                   "hide_idioms")


@dataclass(frozen=True)
class ScoringConfig:
    """How a ``Scorer`` runs. Every field has a default that suits interactive use.

    ``max_chars``: longer text is cut there (the report says so).
    ``chunk_chars``: the model reads long text in windows of about this size; the risk's model
    probability is the highest of its windows.
    ``explain_floor``: model spans are listed for a risk that is flagged or whose model probability
    reaches this share of its threshold (0.5: half-way, where ``explain()`` starts to show a risk's
    spans); below it they would explain noise.
    ``top_spans``: at most this many model spans per risk.
    ``thresholds``: per-risk overrides of the model's own thresholds.
    ``disabled_detectors``: detector names to switch off.
    ``allow_phrases``: phrases whose rule hits are dropped (the company's own product names,
    public slogans); matched on the folded text.
    ``hide_own_insults``: an insult the writer aims at themselves ("I'm such an idiot") is hidden from the
    rules and the model (``smrisk.self_directed``); off, it is read as any insult is.
    ``hide_swearing_at_no_one``: a clause of swearing aimed at no one ("Well, fuck.", "holy shit") is hidden
    from the rules and the model (``smrisk.interjections``); off, the model reads it as any swearing.
    ``hide_insults_of_things``: an insult word said of a thing nobody stands behind ("what a stupid policy",
    "the new ERP is useless") is hidden from the rules and the model (``smrisk.thing_insults``); off, it is read
    as any insult is.
    ``hide_refusals_to_disclose``: a refusal to disclose ("we can't comment on internal matters"), a reminder not
    to share credentials ("please don't share passwords") and one not to post personal details in public ("don't
    share any details here") are hidden from the rules and the model
    (``smrisk.refusals``); off, the model reads their "internal", "comment" and "share" as a leak's.
    ``hide_idioms``: an idiom whose words sound like a risk ("karma is a bitch", "hurts like a bitch", "weed killer",
    "entitled to a refund") is hidden from the rules and the model (``smrisk.idioms``); off, the rules still drop their hits
    in it but the model reads its words as any others.
    """

    max_chars: int = 1_000_000
    chunk_chars: int = 4_000
    explain_floor: float = 0.5
    top_spans: int = 5
    thresholds: dict[str, float] = field(default_factory=dict)
    disabled_detectors: tuple[str, ...] = ()
    allow_phrases: tuple[str, ...] = ()
    hide_own_insults: bool = True
    hide_swearing_at_no_one: bool = True
    hide_insults_of_things: bool = True
    hide_refusals_to_disclose: bool = True
    hide_idioms: bool = True

    def __post_init__(self) -> None:
        for name in ("max_chars", "chunk_chars", "top_spans"):
            if isinstance(getattr(self, name), bool) or not isinstance(getattr(self, name), int):
                raise ConfigError(f"{name} must be a whole number, got {getattr(self, name)!r}")
        if isinstance(self.explain_floor, bool) or not isinstance(self.explain_floor, int | float):
            raise ConfigError(f"explain_floor must be a number, got {self.explain_floor!r}")
        if self.max_chars < 1 or self.chunk_chars < 100 or self.top_spans < 0:
            raise ConfigError("max_chars must be >= 1, chunk_chars >= 100 and top_spans >= 0")
        if not 0.0 <= self.explain_floor <= 1.0:
            raise ConfigError(f"explain_floor must be in [0, 1], got {self.explain_floor}")
        for switch in HIDING_SWITCHES:
            if not isinstance(getattr(self, switch), bool):
                raise ConfigError(f"{switch} must be true or false, got {getattr(self, switch)!r}")
        if not isinstance(self.thresholds, dict):
            raise ConfigError(f"thresholds must be a table of risk = number, got {self.thresholds!r}")
        for risk, value in self.thresholds.items():
            check_category(risk)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 < float(value) <= 1.0:
                raise ConfigError(f"threshold for {risk} must be a number in (0, 1], got {value!r}")

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> ScoringConfig:
        """Read the ``[scoring]`` table of a TOML file (unknown keys are an error)."""
        source = Path(path)
        try:
            data = tomllib.loads(source.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config {source}: {exc}") from None
        unknown = sorted(set(data) - {"scoring"})
        if unknown or "scoring" not in data:
            found = f"it has {', '.join(repr(k) for k in unknown)}" if unknown else "it is empty"
            raise ConfigError(f"config {source} needs a [scoring] table ({found}); tables are lower-case")
        return cls.from_dict(data["scoring"])

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScoringConfig:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"unknown config key(s) {sorted(unknown)}; known: {sorted(known)}")
        values = dict(data)
        for key in ("disabled_detectors", "allow_phrases"):
            if key in values:
                if not isinstance(values[key], list) or not all(isinstance(v, str) and v.strip() for v in values[key]):
                    raise ConfigError(f"{key} must be a list of non-empty strings, e.g. {key} = [\"Project Falcon\"]; "
                                      f"got {values[key]!r}")
                values[key] = tuple(values[key])
        try:
            return cls(**values)
        except TypeError as exc:
            raise ConfigError(str(exc)) from None
