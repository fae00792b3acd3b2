"""Idioms whose words the model reads as a risk: "karma is a bitch", "hurts like a bitch", "entitled to a refund".

The context cue table (``smrisk/detectors/lexicons/context.jsonl``) already drops a rule hit inside such a phrase,
with its reason ("an idiom about a situation or a place, not a word for a person"). The model, though, learned
"bitch" from posts that insult people, and read "i tried but karma is a bitch" at 0.96
derogatory while the slur rule beside it said the word named no one: a flag its own evidence contradicts. So the
phrases of a cue row marked ``"hide_from_model": true`` are hidden from the rules and the model before they read
the draft, as an allow-listed phrase is, and the report says so in a note, with the row's reason as why.

Only rows whose words the model learned from posts that were risks are marked. A row of awareness words ("fraud
alert", "anti-piracy") is not: its words tell the model something true about the post, and "piracy is" begins a
confession as readily as a warning. Nor is the row of upbeat idioms ("killer deal", "crushed it", "killing it"): the
model learned most of them as harmless from the team's hard negatives, and blanking them took that away ("Our
delivery drivers are killing it this winter" went from 0.08 to 0.15 illegal, over its threshold).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from smrisk.detectors.anchored import AnchoredPattern
from smrisk.detectors.lexicon_files import context_rows
from smrisk.phrases import phrase_pattern, with_informal_spellings

#: How the note on a hidden idiom ends ("'weed killer' is a garden product or chore, not a drug: ...").
IDIOM_NOTE_ENDING = ": neither the rules nor the model read it as a risk"
_WORDS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class IdiomFinder:
    """The idioms of the cue rows marked ``hide_from_model``: one pattern, searched only where a phrase can begin
    (``AnchoredPattern``), each phrase's reason, and ``anchors``, one whole word of each phrase, the one its row's
    phrases share most ("bitch" of "karma is a bitch", "weed" of "weed control"): a text none of whose words is an
    anchor holds no idiom, and a common word ("control", "hurts") as an anchor would send most texts to the search."""

    pattern: AnchoredPattern | None
    reasons: tuple[str, ...]
    anchors: frozenset[str]

    @classmethod
    def of(cls, rows: Iterable[dict[str, Any]]) -> IdiomFinder:
        phrases: list[str] = []
        reasons: list[str] = []
        anchors: set[str] = set()
        for row in rows:
            if not row.get("hide_from_model"):
                continue
            forms = with_informal_spellings(str(p) for p in row["patterns"])
            phrases += forms
            reasons += [str(row["reason"])] * len(forms)
            shared = Counter(word for form in forms for word in set(_WORDS.findall(form)))
            for form in forms:
                words = _WORDS.findall(form)
                candidates = [w for w in words if w not in STOP_WORDS] or words
                anchor = max(candidates, key=lambda w: (shared[w], len(w)))
                anchors.add(anchor)
                if anchor == words[-1]:
                    anchors.add(anchor + "s")  # the pattern takes a plural or possessive "s" after the last word
        pattern = phrase_pattern(phrases)
        return cls(None if pattern is None else AnchoredPattern(pattern, phrases), tuple(reasons), frozenset(anchors))

    def __call__(self, folded: str, words: frozenset[str] | None = None) -> list[tuple[int, int, str]]:
        """Where, in ``folded`` (the lower-cased folded text), the idioms are, each with its reason. ``words``: the
        text's whole words among ``anchors``, where a keyword scan found them (else the text is searched)."""
        if self.pattern is None or (words is not None and self.anchors.isdisjoint(words)):
            return []
        return [(match.start(), match.end(), self.reasons[int((match.lastgroup or "p0")[1:])])
                for match in self.pattern.finditer(folded)]


@lru_cache(maxsize=1)
def shipped_idioms() -> IdiomFinder:
    """The idioms of the shipped cue table, read once."""
    return IdiomFinder.of(context_rows())
