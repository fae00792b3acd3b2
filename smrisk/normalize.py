"""Unicode clean-up and obfuscation folding, with an offset map back to the caller's text.

Two layers are produced, because structured detectors and fuzzy detectors need different text:

* ``clean``: NFKC, zero-width, format and control characters removed. Case and digits are kept,
  so e-mail, card, key and host patterns still match exactly.
* ``folded``: ``clean`` plus homoglyph folding to Latin, lower-casing, and de-obfuscation of
  words ("sh1t", "f.u.c.k", "s h i t", "stuuupid", "c0caine"). Lexicons and the model read it.

Folding a word is only done when the folded form is a known target word (from the lexicons and
the model's vocabulary), so ordinary tokens such as "covid19", "q3" or "b2b" are never mangled.
Every character of both layers maps to an index of the original text, so evidence found in
either layer can be reported as a span of what the caller wrote.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

#: Cyrillic and Greek letters that look like Latin ones, folded to the Latin letter.
HOMOGLYPHS: dict[str, str] = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ɡ": "g", "һ": "h", "ԛ": "q", "ԝ": "w", "ɩ": "i",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "У": "Y",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "ι": "i", "κ": "k", "υ": "u", "ε": "e",
    "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
}
_HOMOGLYPH_TABLE = str.maketrans(HOMOGLYPHS)
_ANY_HOMOGLYPH = re.compile("[" + "".join(HOMOGLYPHS) + "]")  # found in C; translating with the table is slow

#: Characters people put in place of letters, with the letters they may stand for.
LEET: dict[str, str] = {
    "0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
    "@": "a", "$": "s", "!": "i", "|": "li", "*": "uiaoe", "+": "t",
}
_LEET_AS_LETTER = str.maketrans(dict.fromkeys(LEET, "a"))  # each stands for letters only
#: Words people write with letters starred out ("f***", "a**hole", "n*****"), in the order a masked spelling
#: is read when it fits several ("s***" is "shit", not "slut"). A run of stars stands for as many letters.
#: Folded whatever the fold targets are, in training as in scoring: the model learns the word, not "ing".
MASKED_WORDS: tuple[str, ...] = (
    "fuck", "fucking", "fucked", "fucker", "fuckers", "fucks", "fuckin", "motherfucker", "motherfuckers",
    "motherfucking", "shit", "shitty", "shits", "bullshit", "shithole", "batshit", "ass", "asses", "asshole",
    "assholes", "dumbass", "jackass", "arse", "arsehole", "bitch", "bitches", "pussy", "pussies", "damn",
    "goddamn", "dick", "dicks", "dickhead", "cunt", "cunts", "cock", "crap", "hell", "bastard", "bastards",
    "whore", "whores", "slut", "sluts", "piss", "pissed", "twat", "wanker", "prick", "nigger", "niggers",
    "nigga", "niggas", "faggot", "faggots", "fag", "retard", "retarded", "kike",
)
_MASK = "*"


def _masked_shapes(words: tuple[str, ...]) -> dict[tuple[int, str, str], str]:
    """(length, letters before the stars, letters after them) -> the word, for every way of starring one run of
    letters out of each word after the first; the earliest word of a shape wins."""
    shapes: dict[tuple[int, str, str], str] = {}
    for word in reversed(words):
        for first in range(1, len(word)):
            for last in range(first + 1, len(word) + 1):
                shapes[(len(word), word[:first], word[last:])] = word
    return shapes


_MASKED_BY_SHAPE = _masked_shapes(MASKED_WORDS)
_MASKED_SPELLING = re.compile(r"([a-z]+)(\*+)([a-z]*)")
_MAX_VARIANTS = 64
_RESOLVED_CACHE = 50_000
_LONGEST_CACHED_TOKEN = 64
_LONGEST_DISGUISED_TOKEN = 200
_TOKEN = re.compile(r"\S+")

_NOT_PLAIN = re.compile(r"[^\x20-\x7e]")  # what ``_clean`` may have to remove or fold
# A run of word characters, possibly obfuscated with digits, symbols or inner punctuation.
_OBFUSCATED_WORD = re.compile(
    r"(?<![\w@$])[\w@$!|*+]*(?:[0-9@$!|*+]|(\w)\1\1|\w[._\-](?=\w))[\w@$!|*+._\-]*(?<![._\-!])"
)
# Three or more single letters separated by one consistent spacer: "f u c k", "f.u.c.k".
_SPACED_LETTERS = re.compile(r"(?<!\w)(?:[A-Za-z](?P<sep>[ ._\-*])(?:[A-Za-z](?P=sep)){1,}[A-Za-z])(?!\w)")
# The same with a digit or symbol standing for a letter inside ("P r o j e c t 0 s p r e y"); its last two are
# letters, as the hint below needs. Joined only where the whole run is a word to fold to; else its runs of letters are.
_SPACED_RUN = re.compile(r"(?<!\w)(?:[A-Za-z](?P<sep>[ ._\-*])(?:[A-Za-z0-9@$](?P=sep))*[A-Za-z](?P=sep)[A-Za-z])(?!\w)")
# what every spaced-letters match ends with (its last two letters, each after the spacer, then no word character):
# a pattern that starts with a character class, which ``re`` scans for in C, where ``_SPACED_LETTERS`` starts
# with a look-behind tried at every position
_SPACED_HINT = re.compile(r"([ ._\-*])[A-Za-z]\1[A-Za-z](?!\w)")
_RUN_OF_THREE = re.compile(r"(\w)\1{2,}")
_NUMBER_LIKE = re.compile(r"[$€£#+\-]?\d[\d.,:/\-]*(?:%|st|nd|rd|th|s|am|pm|k|m|bn|x)?", re.IGNORECASE)
_INNER_PUNCT = re.compile(r"[._\-]")


@dataclass(frozen=True, slots=True)
class Layer:
    """One normalised view of the text, with each character's index in the original."""

    text: str
    offsets: tuple[int, ...] | None  # None: identical to the original, index for index

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of this layer to the smallest span of the original text covering it."""
        if self.offsets is None or start >= end:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The caller's text and the two layers the detectors and the model read."""

    original: str
    clean: Layer
    folded: Layer


class Normalizer:
    """Builds ``NormalizedText``; ``fold_targets`` are the words de-obfuscation may produce."""

    def __init__(self, fold_targets: Iterable[str] = (), reference: bool = False) -> None:
        self.fold_targets = frozenset(word.lower() for word in fold_targets)
        self.reference = reference  # the plain character-by-character path, to check the fast one against
        self._resolved: dict[str, str | None] = {}  # the same numbers and spellings recur: resolve each once
        self._tokens: dict[str, tuple[tuple[int, int, str], ...]] = {}  # a token -> what folding rewrites in it
        # every target a word of letters: a word holding another character ("abc123" has a "2", which no letter is
        # written as) spells none of them, whatever its other characters are read as
        self._letters_only = not reference and all(word.isalpha() for word in self.fold_targets)

    def __call__(self, text: str) -> NormalizedText:
        clean = (_clean_reference if self.reference else _clean)(text)
        folded = _fold(clean, self._resolve, self._word_pieces_reference if self.reference else self._word_pieces,
                       None if self.reference else _SPACED_HINT)
        return NormalizedText(original=text, clean=clean, folded=folded)

    def _word_pieces(self, text: str) -> list[tuple[int, int, str]]:
        """``_word_pieces_reference``, worked out once per whitespace-separated token and kept (the
        same words, numbers and links recur): a match of the word pattern never holds a space, and
        the space or text edge around a token satisfies its look-behind and fails its look-ahead
        alike, so a token's words do not depend on what surrounds it. Most texts have no token to
        rewrite and cost one split and one look-up per token, both in C; only the tokens to rewrite
        are then found in the text."""
        tokens = text.split()
        found: list[tuple[tuple[int, int, str], ...] | None] = list(map(self._tokens.get, tokens))
        if None in found:
            at = found.index(None)
            while True:
                found[at] = self._token_pieces(tokens[at])
                try:
                    at = found.index(None, at + 1)
                except ValueError:
                    break
        if not any(found):
            return []
        out: list[tuple[int, int, str]] = []
        cursor = 0
        for token, pieces in zip(itertools.compress(tokens, found), filter(None, found), strict=True):  # the tokens to rewrite, in order
            at = _whole_token(text, token, cursor)
            cursor = at + len(token)
            out.extend((at + start, at + end, replacement) for start, end, replacement in pieces)  # type: ignore[union-attr]
        return out

    def _word_pieces_reference(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, replacement) of each obfuscated word of ``text`` that folding rewrites,
        the word pattern tried at every position of every whitespace-separated token of at most
        ``_LONGEST_DISGUISED_TOKEN`` characters: the definition ``_word_pieces`` must equal. (No word
        in disguise is longer, and the pattern backtracks for a time cubic in a run like "!!!!...".)"""
        for token in _TOKEN.finditer(text):
            if token.end() - token.start() > _LONGEST_DISGUISED_TOKEN:
                continue
            for match in _OBFUSCATED_WORD.finditer(text, token.start(), token.end()):
                replacement = self._rewrite(match.group())
                if replacement is not None:
                    yield match.start(), match.end(), replacement

    def _token_pieces(self, token: str) -> tuple[tuple[int, int, str], ...]:
        pieces = tuple(self._word_pieces_reference(token))
        if len(token) > _LONGEST_CACHED_TOKEN:
            return pieces  # a long run without spaces is rare and would pin its memory in the cache
        if len(self._tokens) >= _RESOLVED_CACHE:
            self._tokens.clear()  # bounded, like ``_resolved``: an archive of distinct tokens must not grow memory
        self._tokens[token] = pieces
        return pieces

    def _rewrite(self, word: str) -> str | None:
        """What folding writes in place of an obfuscated ``word``: the target word it stands for,
        or a run of three letters cut to two ("sooo" -> "soo"); None to leave it as it is. Amounts,
        counts, ordinals and times ("$30", "1000", "4th", "8pm") are never words in disguise."""
        if _NUMBER_LIKE.fullmatch(word):
            return None
        target = self._resolve(word)
        if target is not None:
            return target if target != word else None
        if _RUN_OF_THREE.search(word):  # fewer spellings for the model to learn
            return _RUN_OF_THREE.sub(r"\1\1", word)
        return None

    def _resolve(self, word: str) -> str | None:
        """The target word an obfuscated ``word`` stands for, or None."""
        try:
            return self._resolved[word]
        except KeyError:
            pass
        target = unmasked(word) if _MASK in word else None
        # every spelling ``_candidates`` gives keeps a character that is not a letter: no target can be among them
        hopeless = self._letters_only and not _INNER_PUNCT.sub("", word).translate(_LEET_AS_LETTER).isalpha()
        if target is None and not hopeless:
            target = next((c for c in _candidates(word) if c in self.fold_targets), None)
        if len(self._resolved) >= _RESOLVED_CACHE:
            self._resolved.clear()  # bounded: an archive of distinct tokens must not grow memory
        self._resolved[word] = target
        return target


def unmasked(word: str) -> str | None:
    """The ``MASKED_WORDS`` word a lower-case spelling with one run of stars stands for ("f**k", "a**hole"),
    or None. A single star after a whole word ("as*", "any*") marks a footnote or a correction, not a mask."""
    match = _MASKED_SPELLING.fullmatch(word)
    if match is None:
        return None
    first, stars, last = match.groups()
    if not last and len(stars) == 1:
        return None
    return _MASKED_BY_SHAPE.get((len(word), first, last))


def _whole_token(text: str, token: str, start: int) -> int:
    """Where ``token`` first stands in ``text`` at or after ``start`` as a whole whitespace-separated token
    (not inside a longer one, as "ab" in "cab")."""
    at = text.find(token, start)
    while (at > 0 and not text[at - 1].isspace()) or (at + len(token) < len(text) and not text[at + len(token)].isspace()):
        at = text.find(token, at + 1)
    return at


def _clean(text: str) -> Layer:
    """Remove control, zero-width and format characters and apply NFKC, character by character;
    only characters outside printable ASCII are looked at."""
    if text.isascii() and text.isprintable():
        return Layer(text, None)  # printable ASCII only: nothing to remove or fold
    specials = [m.start() for m in _NOT_PLAIN.finditer(text)]
    if not specials or all(_cleaned(text[i]) == text[i] for i in specials):
        return Layer(text, None)  # plain, or emoji and accents with nothing to remove or fold
    pieces: list[str] = []
    offsets: list[int] = []
    cursor = 0
    for i in specials:
        pieces.append(text[cursor:i])
        offsets.extend(range(cursor, i))
        out = _cleaned(text[i])
        pieces.append(out)
        offsets.extend([i] * len(out))
        cursor = i + 1
    pieces.append(text[cursor:])
    offsets.extend(range(cursor, len(text)))
    return Layer("".join(pieces), tuple(offsets))


def _clean_reference(text: str) -> Layer:
    """``_clean`` looking at every character: the definition the fast path must equal."""
    chars, offsets = [], []
    for i, ch in enumerate(text):
        for out in _cleaned(ch):
            chars.append(out)
            offsets.append(i)
    return Layer("".join(chars), tuple(offsets))


@lru_cache(maxsize=4096)
def _cleaned(ch: str) -> str:
    """What ``_clean`` makes of one character: itself, its NFKC form, or nothing."""
    if ch in "\t\n\r":
        return ch
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") or ch in "\u034f\u115f\u1160\u3164":
        return ""  # control, zero-width, joiners, BOM, surrogates, private use, unassigned
    return unicodedata.normalize("NFKC", ch)


def _lower_keep_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _accented_pieces(text: str, resolve: Callable[[str], str | None]) -> list[tuple[int, int, str]]:
    """(start, end, target) of each word of ``text`` with a letter outside ASCII whose letters, their accents
    dropped, spell a fold target ("ìdìot" -> "idiot"); "café" or "naïve" spell none and stay as written. Each
    character outside ASCII is looked at once (most are emoji and quotes, in no word), then its word around it."""
    found: list[tuple[int, int, str]] = []
    done = 0
    for match in _NOT_ASCII.finditer(text):
        at = match.start()
        if at < done or not text[at].isalpha():
            continue
        start, end = at, at + 1
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        while end < len(text) and text[end].isalpha():
            end += 1
        done = end
        word = text[start:end]
        plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
        if plain.isascii() and len(plain) == len(word):
            target = resolve(plain)
            if target is not None:
                found.append((start, end, target))
    return found


def _spaced_word(run: str) -> str:
    """The word a run of spaced characters spells ("f.u.c.k" -> "fuck")."""
    return _INNER_PUNCT.sub("", run.replace(" ", "").replace("*", ""))


def _fold(clean: Layer, resolve: Callable[[str], str | None],
          word_pieces: Callable[[str], Iterable[tuple[int, int, str]]], spaced_hint: re.Pattern[str] | None) -> Layer:
    """The folded layer of ``clean``. ``spaced_hint``: a cheap pattern that any text with spaced letters
    matches (None: look for them in every text)."""
    text = clean.text
    if not text.isascii() and _ANY_HOMOGLYPH.search(text):
        text = text.translate(_HOMOGLYPH_TABLE)
    text = _lower_keep_length(text)
    pieces: list[tuple[int, int, str]] = []  # (start, end, replacement) in ``text``
    taken_until = 0
    for run in _SPACED_RUN.finditer(text) if spaced_hint is None or spaced_hint.search(text) else ():
        whole = _spaced_word(run.group())
        # the whole run where it spells a word to fold to (letters only, or a digit standing for one); else its letter runs
        found = [run] if whole.isalpha() or resolve(whole) else _SPACED_LETTERS.finditer(text, run.start(), run.end())
        for match in found:
            start, end = match.start(), match.end()
            target = resolve(_spaced_word(match.group()))
            # a one-letter word before the spelled one joins its run ("you are a f a g g o t", "u r a f u c k"): the
            # word is in the run's tail, read after at most three such letters (each letter and its spacer, two chars)
            for skip in range(1, 4):
                if target is not None or end - (start + 2 * skip) < 5 or match.group()[1] != " ":
                    break
                target = resolve(_spaced_word(text[start + 2 * skip : end]))
                if target is not None:
                    start += 2 * skip
            if target is not None:
                pieces.append((start, end, target))
                taken_until = end
    if not text.isascii():  # a target word written with accents ("ìdìot", "stüpid"): folded to it, other words kept
        pieces += [piece for piece in _accented_pieces(text, resolve)
                   if not any(s < piece[1] and piece[0] < e for s, e, _ in pieces)]
        taken_until = max([taken_until, *(end for _, end, _ in pieces)])
    spaced = len(pieces)
    for start, end, replacement in word_pieces(text):
        if start < taken_until and any(s <= start < e for s, e, _ in pieces[:spaced]):
            continue
        pieces.append((start, end, replacement))
    if not pieces:
        return Layer(text, clean.offsets)
    pieces.sort()
    out: list[str] = []
    offsets: list[int] = []
    base = clean.offsets
    cursor = 0
    for start, end, replacement in pieces:
        out.append(text[cursor:start])
        offsets.extend(range(cursor, start))
        out.append(replacement)
        offsets.extend(_spread(start, end, len(replacement)))
        cursor = end
    out.append(text[cursor:])
    offsets.extend(range(cursor, len(text)))
    if base is not None:
        offsets = [base[i] for i in offsets]
    return Layer("".join(out), tuple(offsets))


def _spread(start: int, end: int, n: int) -> list[int]:
    """Map ``n`` replacement characters onto ``start..end``: first to first, last to last."""
    if n == 0:
        return []
    if n == 1 or end - start == 1:
        return [start] * (n - 1) + [end - 1]
    width = end - start - 1
    return [start + round(i * width / (n - 1)) for i in range(n)]


def _candidates(word: str) -> list[str]:
    """Plausible plain spellings of an obfuscated word, most literal first."""
    base = _INNER_PUNCT.sub("", word)
    if not base:
        return []
    options = [LEET.get(ch, ch) if not ch.isalpha() else ch for ch in base]
    forms: list[str] = []
    for combo in itertools.islice(itertools.product(*options), _MAX_VARIANTS):
        form = "".join(combo)
        forms.append(form)
        squashed = _RUN_OF_THREE.sub(r"\1", form)
        if squashed != form:
            forms.append(squashed)
            forms.append(_RUN_OF_THREE.sub(r"\1\1", form))
    return forms
