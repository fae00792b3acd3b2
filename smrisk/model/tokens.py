"""The model's tokens: words, with @handles, URLs and numbers replaced by placeholders.

Only *content* tokens may carry a feature on their own: a model feature made only of
stop-words, punctuation, emoji, numbers, handles or URLs would learn a corpus' writing habits
("in the", "😉", "@SouthwestAir") and explain a flag with words that mean nothing to a reviewer.
Such tokens still take part in n-grams that hold a content word ("door code is 0").
Placeholders also keep secrets out of the vocabulary: "1234" is read as the number placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS

URL = "<url>"
HANDLE = "@user"
NUMBER = "0"
_PLACEHOLDERS = frozenset((URL, HANDLE, NUMBER))

_KINDS = (
    ("url", r"(?:https?://|www\.)\S+"),
    ("handle", r"(?<!\w)@\w+"),
    ("number", r"(?<![\w.])\d+(?:[.,:/]\d+)*(?![\w])"),
    ("word", r"\w+"),
)
# the tokens: a URL, an @handle, a number (placeholders), or a word or a symbol, one group each
TOKEN_DEFINITION = "|".join(f"({pattern})" for _, pattern in _KINDS[:3]) + r"|(\w+|[^\w\s])"
# the same matches, faster: each look-behind moved after the character it guards ("@" or a digit), so
# at most positions the alternative fails on that one character instead of testing what lies behind it
# ("(?<!\w)@" is "@(?<!\w@)"; "(?<![\w.])\d+" is "\d(?<![\w.]\d)\d*"). tests/test_model.py holds them equal.
_TOKEN_GROUPS = re.compile(r"((?:https?://|www\.)\S+)|(@(?<!\w@)\w+)|(\d(?<![\w.]\d)\d*(?:[.,:/]\d+)*(?!\w))|(\w+|[^\w\s])")

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
    """Tokens of (already folded) text, placeholders in place of URLs, @handles and numbers: the
    matches of ``_TOKEN_GROUPS``."""
    return list(map(Token, *_columns(text)))


Columns = tuple[list[str], list[int], list[int], list[bool]]  # strings, starts, ends, content flags


def _columns(text: str) -> Columns:
    """``tokenize(text)`` as four columns, read with one ``findall`` over the whole text (strings, no
    match objects); each token's start is found from the end of the one before it: only spaces lie
    between. The definition ``token_spans`` equals."""
    strings: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    content: list[bool] = []
    find = text.find
    content_of = _content_of
    cursor = 0
    for url, handle, number, other in _TOKEN_GROUPS.findall(text):
        if other:
            start = find(other, cursor)
            cursor = start + len(other)
            strings.append(other)
            content.append(content_of(other))
        else:
            raw, placeholder = (url, URL) if url else (handle, HANDLE) if handle else (number, NUMBER)
            start = find(raw, cursor)
            cursor = start + len(raw)
            strings.append(placeholder)
            content.append(False)
        starts.append(start)
        ends.append(cursor)
    return strings, starts, ends, content


def token_spans(text: str) -> Columns:
    """``tokenize(text)`` as four columns (strings, starts, ends, content flags), without a tuple per
    token: what the batch explanations read, for every text they explain.

    Read one whitespace-separated chunk at a time (``_chunk``): no token holds a space, and the
    space or text edge around a chunk satisfies every look-behind and fails every look-ahead of
    ``_TOKEN_GROUPS`` alike, so a chunk's tokens do not depend on what surrounds it. A chunk of
    letters only is one word; other short chunks recur ("idiot!", "don't") and are scanned once.
    """
    columns: Columns = ([], [], [], [])
    strings, starts, ends, content = columns
    find, content_of, cursor = text.find, _content_of, 0
    for chunk in text.split():
        at = find(chunk, cursor)  # only spaces lie between the cursor and the chunk
        cursor = at + len(chunk)
        if chunk.isalpha():
            strings.append(chunk)
            starts.append(at)
            ends.append(cursor)
            content.append(content_of(chunk))
            continue
        pieces, piece_starts, piece_ends, piece_content = _chunk(chunk)
        strings.extend(pieces)
        starts.extend([at + a for a in piece_starts])
        ends.extend([at + b for b in piece_ends])
        content.extend(piece_content)
    return columns


ChunkColumns = tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], tuple[bool, ...]]
_LONGEST_CACHED_CHUNK = 32  # longer chunks (links, runs of symbols) are rare repeats and would pin memory


def _chunk(chunk: str) -> ChunkColumns:
    """``_columns`` of one chunk without whitespace; short chunks are kept (bounded), since they recur."""
    return _short_chunk(chunk) if len(chunk) <= _LONGEST_CACHED_CHUNK else _chunk_columns(chunk)


@lru_cache(maxsize=20_000)
def _short_chunk(chunk: str) -> ChunkColumns:
    """``_chunk_columns``, remembered for the most recent short chunks."""
    return _chunk_columns(chunk)


def _chunk_columns(chunk: str) -> ChunkColumns:
    """``_columns`` of a chunk, as tuples (a cached value cannot be changed by a caller)."""
    strings, starts, ends, content = _columns(chunk)
    return tuple(strings), tuple(starts), tuple(ends), tuple(content)


@lru_cache(maxsize=100_000)
def _content_of(word: str) -> bool:
    return is_content_word(word)


def token_strings(text: str) -> list[str]:
    """The ``text`` of each of ``tokenize(text)``, without spans or content tests: what the model
    looks up, at a fraction of the cost."""
    return [URL if url else HANDLE if handle else NUMBER if number else other
            for url, handle, number, other in _TOKEN_GROUPS.findall(text)]


def token_ids(text: str, ids: Mapping[str, int], missing: int = -1) -> list[int]:
    """``[ids.get(t, missing) for t in token_strings(text)]``, one whitespace-separated chunk at a time
    (see ``token_spans``)."""
    get = ids.get
    out: list[int] = []
    append, extend = out.append, out.extend
    for chunk in text.split():
        if chunk.isalpha():
            append(get(chunk, missing))
        else:
            extend([get(piece, missing) for piece in _chunk(chunk)[0]])
    return out


def is_content_token(text: str) -> bool:
    """Whether a token string from ``token_strings`` is content (placeholders never are)."""
    return text not in _PLACEHOLDERS and is_content_word(text)


def is_content_word(word: str) -> bool:
    """A word that can explain a score by itself: letters, not a stop-word, filler or number."""
    lowered = word.lower()
    return len(lowered) > 1 and not lowered.isdigit() and lowered not in NON_CONTENT_WORDS and any(c.isalpha() for c in lowered)
