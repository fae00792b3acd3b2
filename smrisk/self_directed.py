"""Insults a writer aims at themselves: "I'm such an idiot", "what a moron I am", "stupid me".

Self-deprecation is one of the commonest things people post about their work ("I'm such an idiot,
left my badge at home again") and it demeans no one: the derogatory risk is about others. The
rules and the model both read "idiot" as an insult wherever it stands, so such a phrase is hidden
from both before they read the draft, as an allow-listed phrase is, and the report says so in a
note. Only the phrase is hidden: "I'm such an idiot for trusting Dave, the lying fraud" is still
read for what it says about Dave, and "you're the idiot, not me" is not the writer's own.

The insulting words are the ones ``derogatory.insult_at_reader`` aims at a reader (so the two lists
are one), less the words that are slurs even said of oneself ("I'm so retarded"). The forms:

- a first-person subject, a few filler words from a closed list, the word: "I'm such an idiot",
  "we're clowns", "call me a fool"; a verb of seeming with "like" and an article or with an adjective:
  "I feel like a total moron", "made me look like an idiot", "I feel so stupid"; "felt like a moron"
  opening a sentence (the subject left out);
- the writer called one by someone else: "a customer called me a moron", "got called a clown by a guy
  in a Tesla" (what the writer says back still counts);
- "what an idiot I am", "stupid me", "Me, an idiot:", "an idiot like me", "calling myself a moron",
  "the idiot who brought you decaf was me", "note to self: you're an idiot";
- "who's the idiot who forgot the demo units? Yep, me."
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from smrisk.detectors.base import accepted_words
from smrisk.detectors.lexicon_files import lexicon_rules

#: Why a rule hit on such a phrase weighs nothing (its reason gains this and the phrase).
SAID_OF_ONESELF = "said of the writer themselves"
#: Words hidden nowhere: a slur stays a slur when the writer says it of themselves.
NOT_HIDDEN = frozenset({"retarded", "retard", "retards"})
#: Words that may stand between the subject and the insult ("I'm the world's biggest idiot").
_FILLER = (r"such|quite|a|an|the|one|some|real|total|complete|absolute|utter|proper|bit|of|biggest|world['’]?s|certified|"
           r"officially|actually|literally|just|really|so|kind|sort|being|like|as|fucking|freaking|bloody|damn|massive|huge|"
           r"little|big|old|silly|stupid|dumb")
_SUBJECT = (r"i\s*['’]?\s*m|i\s+am|i\s+was|i\s*['’]?\s*ve\s+been|i\s+have\s+been|i\s+must\s+be|i\s+can\s+be|"
            r"we\s*['’]\s*re|we\s+re|we\s+are|we\s+were|(?:call|calls|called|calling)\s+(?:me|us)")
#: Verbs of seeming, read with "like" or "as" and an article ("I feel like a fool", not "I feel like idiots run
#: this place") or with an adjective ("I feel so stupid").
_SEEM = (r"i\s+(?:feel|felt|look|looked|sound|sounded)|i\s+must\s+(?:look|sound)|(?:made|makes|make)\s+(?:me|us)\s+(?:look|feel|sound)|"
         r"we\s+(?:look|looked|sound|sounded)")
_ARTICLE = r"a|an|such|the|one|so|total|complete|absolute|proper|right|real"


@lru_cache(maxsize=1)
def insult_words() -> frozenset[str]:
    """The nouns and adjectives ``derogatory.insult_at_reader`` aims at a reader, less ``NOT_HIDDEN``."""
    rule = next(r for r in lexicon_rules("derogatory") if r.name == "derogatory.insult_at_reader")
    words: set[str] = set()
    for pattern in rule.patterns:
        for token in pattern if isinstance(pattern, list) else ():
            accepted = accepted_words(token) or []
            if "idiot" in accepted or "stupid" in accepted:
                words.update(accepted)
    return frozenset(words - NOT_HIDDEN)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(insult_words(), key=len, reverse=True))
    insult = rf"(?:{words})(?![\w*'’])"
    filler = rf"(?:\s+(?:{_FILLER})){{0,4}}"
    forms = [
        rf"(?<![\w'’])(?:{_SUBJECT}){filler}\s+{insult}",
        rf"(?<![\w'’])(?:{_SEEM})\s+(?:like|as)\s+(?:{_ARTICLE}){filler}\s+{insult}",
        rf"(?<![\w'’])(?:{_SEEM})(?:\s+(?:so|really|pretty|very|kinda|totally|completely))?\s+{insult}",
        # the subject left out at the start of a sentence: "Felt like a total moron presenting..."
        rf"(?:^|(?<=[.!?\n]))\s*(?:feel|felt|feeling|looked|look|sounded)\s+(?:like|as)\s+(?:{_ARTICLE}){filler}\s+{insult}",
        rf"(?<![\w'’])what\s+an?{filler}\s+{insult}\s+(?:i\s*['’]?\s*m|i\s+am|i\s+was|i\s*['’]?\s*ve\s+been|we\s*['’]\s*re|we\s+are)"
        rf"(?![\w'’])",
        rf"(?<![\w'’])(?:{words})\s+me(?![\w'’])",
        rf"(?<![\w'’])an?{filler}\s+{insult}\s+like\s+(?:me|myself|us)(?![\w'’])",
        rf"(?<![\w'’])(?:call|calling|called|calls)\s+(?:myself|ourselves){filler}\s+{insult}",
        # called an insult by someone else: "got called a clown by a guy in a Tesla" (not "he got called ...")
        rf"(?<![\w'’])(?<!\bhe )(?<!\bshe )(?<!\bthey )(?:being|been|got|get|gets|getting)\s+called{filler}\s+{insult}",
        rf"(?<![\w'’])the{filler}\s+{insult}\s+who\s+[^.!?\n]{{0,60}}?\s+(?:was|is|it\s*['’]?\s*s)\s+(?:me|us)(?![\w'’])",
        rf"note\s+to\s+self\s*[:,-]?\s*(?:you\s*['’]?\s*re|you\s+are|ur|u\s+r){filler}\s+{insult}",
        rf"(?:^|(?<=[.!?\n]))\s*me\s*[,:]\s*an?{filler}\s+{insult}",
        rf"(?<![\w'’])who\s*['’]?\s*s\s+the{filler}\s+{insult}[^.!?\n]{{0,80}}[.!?]+\s*(?:(?:yep|yes|yup|oh|spoiler|"
        rf"that\s*['’]?\s*d\s+be|it\s*['’]?\s*s|it\s+was)\W*)?me(?![\w'’])",
    ]
    return re.compile("|".join(f"(?:{form})" for form in forms))


def own_insults(folded: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Where, in ``folded`` (the lower-cased folded text), the writer insults themselves; ``words`` are its
    words, a cheap test: most texts hold no insulting word and are not searched."""
    if insult_words().isdisjoint(words):
        return []
    found = []
    for match in _pattern().finditer(folded):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        found.append((start, match.end()))
    return found
