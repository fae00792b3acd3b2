"""A seeded generator of disguised text, for measuring how robust scoring is to obfuscation.

Each trick rewrites some words the way people hide them from filters. ``obfuscate`` applies
one named trick, or several in turn, to a text with a ``random.Random`` of its own, so the
same seed always produces the same copy.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

_WORD = re.compile(r"[A-Za-z]{4,}")
_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
_HOMOGLYPH = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "s": "ѕ"}
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060")


def _rewrite_words(text: str, rng: random.Random, share: float, change: Callable[[str, random.Random], str]) -> str:
    """Apply ``change`` to about ``share`` of the words of four letters or more (at least one)."""
    words = list(_WORD.finditer(text))
    if not words:
        return text
    chosen = {m.start() for m in words if rng.random() < share} or {rng.choice(words).start()}
    return _WORD.sub(lambda m: change(m.group(), rng) if m.start() in chosen else m.group(), text)


def _leet(word: str, rng: random.Random) -> str:
    return "".join(_LEET.get(ch.lower(), ch) if rng.random() < 0.6 else ch for ch in word)


def _homoglyph(word: str, rng: random.Random) -> str:
    return "".join(_HOMOGLYPH.get(ch, ch) if rng.random() < 0.6 else ch for ch in word)


def _zero_width(word: str, rng: random.Random) -> str:
    return "".join(ch + (rng.choice(_ZERO_WIDTH) if i < len(word) - 1 else "") for i, ch in enumerate(word))


def _spaced(word: str, rng: random.Random) -> str:
    return rng.choice((" ", ".", "-")).join(word)


def _inner_punct(word: str, rng: random.Random) -> str:
    cut = rng.randrange(1, len(word))
    return word[:cut] + rng.choice(".*_-") + word[cut:]


def _repeat(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    return word[:i] + word[i] * rng.randint(3, 5) + word[i + 1 :]


def _full_width(word: str, rng: random.Random) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in word)


TRICKS: dict[str, Callable[[str, random.Random], str]] = {
    "leet": _leet,
    "homoglyph": _homoglyph,
    "zero_width": _zero_width,
    "spaced": _spaced,
    "inner_punct": _inner_punct,
    "repeat": _repeat,
    "full_width": _full_width,
}


def obfuscate(text: str, tricks: Sequence[str], seed: int, share: float = 0.3) -> str:
    """``text`` with each named trick applied in turn to about ``share`` of its longer words."""
    rng = random.Random(seed)
    for name in tricks:
        text = _rewrite_words(text, rng, share, TRICKS[name])
    return text
