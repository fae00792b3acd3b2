"""The one shared blank spaCy pipeline: every matcher is built on its vocab."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    """The process-wide ``spacy.blank("en")`` pipeline (tokenizer only, nothing downloaded)."""
    return spacy.blank("en")
