"""Whole-word phrases as one pattern: how allow-list entries and a policy's terms are found."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import ahocorasick

#: The plural or possessive ending a phrase may carry and still be the same name ("Glacier Minis", "Bluefin's").
PLURAL_ENDING = "(?:'s|’s|s)"
#: A possessive after a name ("Zentrix's", "Zentrix’", "Brixleys'"): the name's, not part of it.
POSSESSIVE_ENDING = "['’]s?"


def phrase_pattern(phrases: Sequence[str], case_sensitive: bool = False, whole_words: bool = True) -> re.Pattern[str] | None:
    """One pattern for whole-word ``phrases``, a group ``p<i>`` per phrase, longest first so the
    longest entry wins. Between a phrase's words any run of spaces, or none, or ``_`` and ``-``
    ("Project  Kestrel", "#ProjectKestrel", "project-kestrel"), and a plural or possessive "s" after
    the last ("Kestrel Homes", "Bluefin's"); an apostrophe may be straight or curly ("won’t be back").
    Lower-cased unless ``case_sensitive``: it is meant for the folded (lower-cased, de-obfuscated) text.
    ``whole_words=False`` also finds a phrase inside longer words ("#kestrellaunch")."""
    if not phrases:
        return None
    ordered = sorted(range(len(phrases)), key=lambda i: -len(phrases[i]))
    words = {i: (phrases[i] if case_sensitive else phrases[i].lower()).split() for i in ordered}
    spaces = r"[\s_-]*"
    body = "|".join(f"(?P<p{i}>{spaces.join(_word(w) for w in words[i])}{PLURAL_ENDING}?)" for i in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)" if whole_words else body)


#: How a word of a phrase is typed in a hurry: contractions without their apostrophe, text-speak, near synonyms
#: that mean the same in any phrase ("anyone", "anybody"). Only swaps that keep the phrase's meaning.
INFORMAL_FORMS: dict[str, tuple[str, ...]] = {
    "don't": ("dont",), "doesn't": ("doesnt",), "didn't": ("didnt",), "isn't": ("isnt",), "aren't": ("arent",),
    "wasn't": ("wasnt",), "weren't": ("werent",), "hasn't": ("hasnt",), "haven't": ("havent",), "won't": ("wont",),
    "shouldn't": ("shouldnt",), "wouldn't": ("wouldnt",), "couldn't": ("couldnt",), "can't": ("cant", "cannot"),
    "cannot": ("can't", "cant"), "i'm": ("im",), "you're": ("youre", "ur", "u r"), "you": ("u",), "your": ("ur",),
    "are": ("r",), "anyone": ("anybody", "any1"), "anybody": ("anyone",), "someone": ("somebody",),
    "because": ("cuz", "coz"), "please": ("pls", "plz"), "people": ("ppl",), "about": ("abt",), "though": ("tho",),
}
_MOST_FORMS = 24


def informal_spellings(phrase: str) -> list[str]:
    """``phrase`` (lower case) and the ways it is typed in a hurry (``INFORMAL_FORMS``, word by word): "dont tell
    anybody" for "don't tell anyone", "u r a liar" for "you are a liar". The phrase first; at most 24 in all."""
    forms = [""]
    for word in phrase.split(" "):
        options = (word, *INFORMAL_FORMS.get(word, ()))
        forms = [f"{form} {option}" if form else option for form in forms for option in options][:_MOST_FORMS]
    return list(dict.fromkeys(forms))


def with_informal_spellings(phrases: Iterable[str]) -> list[str]:
    """Each of ``phrases``, lower-cased, followed by its ``informal_spellings``; each form once, in order."""
    return list(dict.fromkeys(form for phrase in phrases for form in informal_spellings(phrase.lower())))


def _word(word: str) -> str:
    """One word of a phrase as a pattern; its apostrophe is either one a keyboard types ("won't", "won’t")."""
    return re.escape(word).replace("'", "['’]")


def adjacent_pattern(tokens: Sequence[str]) -> str:
    """A pattern of where a phrase's spaCy tokens stand in a text, one after the other: a ``PhraseMatcher``
    finds a phrase where its tokens follow one another, each followed by one space or by the next token
    (other whitespace is a token of its own), so the text holds the tokens joined by one space or none.
    Searching it costs less than tokenizing the text, which a text without it need not be."""
    return " ?".join(map(re.escape, tokens))


class AdjacentTokens:
    """Whether a text could hold one of many token phrases (each a list of spaCy token texts) without
    tokenizing it (``adjacent_pattern``). Each phrase's longest token is looked for first, all in one pass
    (an Aho-Corasick automaton), and only the phrases of the tokens found are then searched for."""

    def __init__(self, phrases: Iterable[Sequence[str]]) -> None:
        by_anchor: dict[str, list[str]] = {}
        for tokens in phrases:
            if tokens:
                by_anchor.setdefault(max(tokens, key=len), []).append(adjacent_pattern(tokens))
        self._automaton = ahocorasick.Automaton()
        for anchor, patterns in by_anchor.items():
            self._automaton.add_word(anchor, re.compile("|".join(patterns)))
        if by_anchor:
            self._automaton.make_automaton()
        self._empty = not by_anchor

    def search(self, text: str) -> bool:
        """True when one of the phrases could be among ``text``'s tokens (never False when one is)."""
        if self._empty:
            return False
        # each anchor's patterns searched for once, however often the anchor recurs (a long text repeats its words)
        searched: set[int] = set()
        for _, pattern in self._automaton.iter(text):
            if id(pattern) not in searched:
                searched.add(id(pattern))
                if pattern.search(text) is not None:
                    return True
        return False


def any_of(words: Iterable[str]) -> Callable[[str], bool]:
    """A test of whether a text holds any of ``words`` anywhere, inside longer words too (so it is true wherever a
    stricter search could find one): the cheap first test of a module that looks for a few words, one scan in C,
    faster than a regex alternation of them."""
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()

    def holds(text: str) -> bool:
        return next(automaton.iter(text), None) is not None

    return holds
