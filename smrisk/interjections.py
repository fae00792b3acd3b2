"""Swearing aimed at no one: "Well, fuck. The build broke again.", "Holy shit, we hit 1M users!".

Profanity alone is not derogatory by our definition (an insult needs someone it demeans), but the
model learned swear words from posts that insult people, and "Well, damn." reads as an insult to it
whatever follows. So a clause made only of swearing and words that aim it at no one ("well", "oh",
"holy", "for ... sake", "what the", "this", "again") is hidden from the rules and the model before
they read the draft, as an allow-listed phrase is, and the report says so in a note.

A clause that names anyone or anything keeps its swearing: "fuck you", "fuck off", "shit show",
"what the fuck is wrong with you people", "this fucking printer" (a clause holding "printer" is not
made only of these words) are read as written. Clauses end at punctuation and line breaks.
"""

from __future__ import annotations

import re

from smrisk.phrases import any_of

#: Swear words: an interjection clause holds at least one.
SWEARING = frozenset({
    "fuck", "fucking", "fuckin", "fucked", "fk", "fck", "effing", "shit", "shite", "shitty", "bullshit", "damn", "damned",
    "dammit", "damnit", "goddamn", "goddamned", "goddammit", "goddamnit", "crap", "crappy", "hell", "bloody", "wtf", "ffs",
    "fml", "omfg", "bollocks", "bugger", "freaking", "frickin", "fricking", "frigging", "friggin",
})
#: Words that may stand beside the swearing without aiming it at anyone: exclamations, "for ... sake",
#: "what the ...", "... happens", "... yes", "this"/"that"/"it" for the situation, praise ("fucking amazing"). No verb
#: that sends someone off ("go to hell" is said to someone) and no word for a person but the writer.
AIMLESS = frozenset({
    "oh", "ohh", "ooh", "well", "ah", "aw", "aww", "ugh", "argh", "god", "holy", "jesus", "christ", "yes", "yeah", "yep",
    "yup", "no", "nope", "nah", "what", "the", "it", "its", "this", "that", "is", "was", "happens",
    "happened", "again", "for", "sake", "s", "me", "all", "right", "so", "just", "and", "lol", "lmao", "haha", "man",
    "dude", "bro", "sweet", "mother", "of", "cow", "moly", "okay", "ok", "um", "uh", "hmm", "whoa", "wow", "gosh", "heck",
    "darn", "indeed", "totally", "absolutely", "seriously", "really", "real", "a", "one", "day", "fine", "good", "great",
    "awesome", "amazing", "brilliant", "beautiful", "cool", "yay", "finally", "at", "last", "here",
    "we", "too", "much", "very", "still", "not", "now",
})
#: Whether a text holds a swear word anywhere: a text holding none holds no interjection (a cheap test first).
_ANY_SWEARING = any_of(SWEARING)
_CLAUSE = re.compile(r"[^.!?,;:\n()\[\]\"“”–—]+")
_WORD = re.compile(r"[a-z]+")  # "fuck's sake" is "fuck", "s", "sake"
#: Why a rule hit on such a clause weighs nothing (its reason gains this and the clause).
AIMED_AT_NO_ONE = "swearing aimed at no one"


def interjections(folded: str) -> list[tuple[int, int]]:
    """Where, in ``folded`` (the lower-cased folded text), the clauses made only of swearing and ``AIMLESS`` words are."""
    if not _ANY_SWEARING(folded):
        return []
    found = []
    for clause in _CLAUSE.finditer(folded):
        words = _WORD.findall(clause.group())
        if words and any(w in SWEARING for w in words) and all(w in SWEARING or w in AIMLESS for w in words):
            text = clause.group()
            start = clause.start() + len(text) - len(text.lstrip())
            found.append((start, clause.start() + len(text.rstrip())))
    return found
