"""The model's tokens: words, with @handles, URLs and numbers replaced by placeholders.

Only *content* tokens may carry a feature on their own: a model feature made only of
stop-words, punctuation, emoji, numbers, handles or URLs would learn a corpus' writing habits
("in the", "😉", "@SouthwestAir") and explain a flag with words that mean nothing to a reviewer.
Such tokens still take part in n-grams that hold a content word ("door code is 0").
Placeholders also keep secrets out of the vocabulary: "1234" is read as the number placeholder.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS

URL = "<url>"
HANDLE = "@user"
NUMBER = "0"

_TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+)"
    r"|(?P<handle>(?<!\w)@\w+)"
    r"|(?P<number>(?<![\w.])\d+(?:[.,:/]\d+)*(?![\w]))"
    r"|(?P<word>\w+)"
    r"|[^\w\s]"
)

#: Pieces our tokeniser leaves of contractions, and chat fillers and platform artefacts
#: ("rt", "amp" from "&amp;") that say nothing about a risk on their own.
_FILLERS = frozenset(
    "t s d ll ve re m don doesn didn isn aren wasn weren won wouldn couldn shouldn haven hasn hadn ain "
    "im ive id youre dont cant wont didnt doesnt isnt thats theres lets "
    "u ur ya yeah yep nope ok okay oh ah hi hey hello lol lmao rofl omg ngl tbh idk imo imho smh "
    "rt amp via pls plz thx".split()
)
NON_CONTENT_WORDS: frozenset[str] = frozenset(w.lower() for w in STOP_WORDS) | _FILLERS


class Token(NamedTuple):
    """One token: the string the model sees, its span in the analysed text, and whether it is content."""

    text: str
    start: int
    end: int
    content: bool


def tokenize(text: str) -> list[Token]:
    """Tokens of (already folded) text, placeholders in place of URLs, @handles and numbers."""
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "url":
            tokens.append(Token(URL, match.start(), match.end(), False))
        elif kind == "handle":
            tokens.append(Token(HANDLE, match.start(), match.end(), False))
        elif kind == "number":
            tokens.append(Token(NUMBER, match.start(), match.end(), False))
        else:
            word = match.group()
            tokens.append(Token(word, match.start(), match.end(), kind == "word" and is_content_word(word)))
    return tokens


def is_content_word(word: str) -> bool:
    """A word that can explain a score by itself: letters, not a stop-word, filler or number."""
    lowered = word.lower()
    return len(lowered) > 1 and not lowered.isdigit() and lowered not in NON_CONTENT_WORDS and any(c.isalpha() for c in lowered)
