"""Reads the lexicon rules shipped as JSONL package data (or a user's own JSONL file)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from smrisk.detectors.base import LexiconRule
from smrisk.errors import ConfigError

_PACKAGE = "smrisk.detectors.lexicons"


def _read_jsonl(name: str, path: Path | None = None) -> Iterator[dict[str, Any]]:
    source = path if path is not None else resources.files(_PACKAGE).joinpath(name)
    text = source.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{name}: line {number} is not valid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise ConfigError(f"{name}: line {number} must be a JSON object")
        yield row


def lexicon_rules(category: str, path: Path | None = None) -> list[LexiconRule]:
    """The lexicon rules of one risk: shipped ``<category>.jsonl`` unless ``path`` is given."""
    rules = []
    for row in _read_jsonl(f"{category}.jsonl", path):
        try:
            names_subject = row.get("names_subject", False)
            if not isinstance(names_subject, bool):
                raise ValueError(f"names_subject must be true or false, got {names_subject!r}")
            rules.append(LexiconRule(row["id"], category, float(row["score"]), row["reason"], tuple(row["patterns"]),
                                     names_subject))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{category}.jsonl: rule {row.get('id', '?')!r} is missing or has a bad field: {exc}") from None
    return rules


def context_rows(path: Path | None = None) -> list[dict[str, Any]]:
    """Context cue rows: phrases that scale nearby rule evidence (see ``smrisk.context``)."""
    return list(_read_jsonl("context.jsonl", path))


def disparagement_rows(path: Path | None = None) -> list[dict[str, Any]]:
    """Cue rows of words that run a named party down (see ``smrisk.detectors.disparagement``)."""
    return _phrase_rows("disparagement.jsonl", "reason", path)


def stereotype_rows(path: Path | None = None) -> list[dict[str, Any]]:
    """The word lists of the stereotype rule (see ``smrisk.detectors.stereotype``), one row per list."""
    return _phrase_rows("stereotype.jsonl", "id", path)


def _phrase_rows(name: str, label: str, path: Path | None) -> list[dict[str, Any]]:
    """Rows of ``name``, each with a string ``label`` field and a non-empty list of phrases (else a clear error)."""
    rows = list(_read_jsonl(name, path))
    for row in rows:
        if not isinstance(row.get(label), str) or not isinstance(row.get("phrases"), list) or not row["phrases"]:
            raise ConfigError(f"{name}: row {row.get('id', '?')!r} needs a {label} and a non-empty list of phrases")
    return rows
