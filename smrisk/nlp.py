"""The one shared blank spaCy pipeline: every matcher is built on its vocab."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.attrs import LOWER
from spacy.language import Language

#: The token attributes our patterns may use: a new word's lexeme computes only these.
PATTERN_ATTRIBUTES = frozenset({"LOWER", "ORTH", "TEXT", "OP"})


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    """The process-wide ``spacy.blank("en")`` pipeline (tokenizer only, nothing downloaded).

    Its vocabulary computes only the lower-case form of a new word, not the twenty other lexical
    attributes spaCy fills by default: matching reads nothing else (``PATTERN_ATTRIBUTES``), and
    every text with an unseen word pays for them (about half of spaCy's tokenizing time).
    """
    nlp = spacy.blank("en")
    nlp.vocab.lex_attr_getters = {LOWER: nlp.vocab.lex_attr_getters[LOWER]}  # type: ignore[attr-defined]
    return nlp
