"""Whole-word phrases as one pattern: how allow-list entries and a policy's terms are found."""

from __future__ import annotations

import re
from collections.abc import Sequence

#: The plural or possessive ending a phrase may carry and still be the same name ("Glacier Minis", "Bluefin's").
PLURAL_ENDING = "(?:'s|’s|s)"
#: A possessive after a name ("Zentrix's", "Zentrix’", "Brixleys'"): the name's, not part of it.
POSSESSIVE_ENDING = "['’]s?"


def phrase_pattern(phrases: Sequence[str], case_sensitive: bool = False, whole_words: bool = True) -> re.Pattern[str] | None:
    """One pattern for whole-word ``phrases``, a group ``p<i>`` per phrase, longest first so the
    longest entry wins. Between a phrase's words any run of spaces, or none, or ``_`` and ``-``
    ("Project  Kestrel", "#ProjectKestrel", "project-kestrel"), and a plural or possessive "s" after
    the last ("Kestrel Homes", "Bluefin's"). Lower-cased unless
    ``case_sensitive``: it is meant for the folded (lower-cased, de-obfuscated) text.
    ``whole_words=False`` also finds a phrase inside longer words ("#kestrellaunch")."""
    if not phrases:
        return None
    ordered = sorted(range(len(phrases)), key=lambda i: -len(phrases[i]))
    words = {i: (phrases[i] if case_sensitive else phrases[i].lower()).split() for i in ordered}
    spaces = r"[\s_-]*"
    body = "|".join(f"(?P<p{i}>{spaces.join(re.escape(w) for w in words[i])}{PLURAL_ENDING}?)" for i in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)" if whole_words else body)
