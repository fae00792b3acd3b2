"""How a reply relates to the message it answers: agreement and refusal cues, and the words it repeats.

Cue phrases are data (``model_files/context/cues.jsonl``): each row has a ``kind`` (``affirm`` and
``refuse`` are read in the reply; ``rumour`` and ``plan`` in the context, for one ``risk``), a
reason a reviewer reads, and its phrases, matched as whole words, case-insensitively. Where a
shorter cue of another kind lies inside a longer one ("no" in "no problem", "don't" in "don't
spread it"), the longer one wins.

Repeated words (``echoes``) are maximal runs of the reply's words that also stand, in the same
order, in the message it answers and hold at least one content word: "brain-dead morons?" under
"your agents are brain-dead morons". They are the parent's words, not the reply's own. A run
with a single content word is a repeat only when it is quoted or echoed as a question
('"trash"?', "thugs??"): "the inspector" in a reply under a message about an inspector is the
reply's own words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

from smrisk.errors import ConfigError
from smrisk.phrases import with_informal_spellings

_PACKAGE = "smrisk.model_files"
_CUES = "context/cues.jsonl"
_WORD = re.compile(r"\$?\w+(?:['’.,-]\w+)*%?")
_MAX_RUN = 12
_QUOTES = "\"'“”‘’«»"


@dataclass(frozen=True, slots=True)
class CueRow:
    """One row of the cue table: phrases of one kind (and, for context cues, one risk)."""

    kind: str
    where: str
    risk: str | None
    reason: str
    patterns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CueHit:
    """A cue phrase found in a text: its kind, the row's reason, and where it stands."""

    kind: str
    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Echo:
    """A run of the reply's words that repeats the message it answers: its span in each."""

    start: int
    end: int
    source_start: int
    source_end: int


class ReplyCues:
    """The cue table, compiled: one regex per kind, longest phrase first."""

    def __init__(self, rows: list[CueRow]) -> None:
        self.rows = tuple(rows)
        self._patterns: dict[str, tuple[re.Pattern[str], CueRow]] = {}
        for row in rows:
            # as written and as typed in a hurry ("isnt fair" refuses as "isn't fair" does)
            phrases = sorted(with_informal_spellings(row.patterns), key=len, reverse=True)
            alternation = "|".join(re.escape(p) for p in phrases)
            self._patterns[row.kind] = (re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), row)

    def kinds(self, where: str, risk: str | None = None) -> list[str]:
        """The kinds read in the reply (``where="reply"``) or in the context for one risk."""
        return [r.kind for r in self.rows if r.where == where and (risk is None or r.risk == risk)]

    def find(self, text: str, kinds: list[str]) -> list[CueHit]:
        """Cue hits of these kinds in ``text``; where hits overlap, the longest is kept."""
        folded = _fold(text)
        hits: list[CueHit] = []
        for kind in kinds:
            pattern, row = self._patterns[kind]
            hits += [CueHit(kind, m.start(), m.end(), text[m.start() : m.end()], row.reason) for m in pattern.finditer(folded)]
        kept: list[CueHit] = []
        for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
            if not any(k.start < hit.end and hit.start < k.end for k in kept):
                kept.append(hit)
        return sorted(kept, key=lambda h: h.start)


def _fold(text: str) -> str:
    """Lower case with typographic apostrophes made plain; same length, so offsets hold."""
    return text.lower().replace("’", "'").replace("‘", "'")


@lru_cache(maxsize=1)
def reply_cues() -> ReplyCues:
    """The shipped cue table, read once."""
    source = resources.files(_PACKAGE).joinpath(_CUES)
    rows = []
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            rows.append(CueRow(str(data["kind"]), str(data["where"]), data.get("risk"), str(data["reason"]),
                               tuple(str(p) for p in data["patterns"])))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ConfigError(f"{_CUES}: line {number} is not a valid cue row ({exc})") from None
    return ReplyCues(rows)


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(text)]


def is_content(word: str) -> bool:
    """A word that carries meaning: not a stop word, and three letters or more (or holding a digit)."""
    return word not in STOP_WORDS and (len(word) >= 3 or any(ch.isdigit() for ch in word))


def echoes(reply: str, source: str) -> list[Echo]:
    """Maximal runs of ``reply``'s words found in the same order in ``source``, each holding a
    content word, with their spans in both texts (the first place in ``source`` they stand)."""
    mine, theirs = _words(reply), _words(source)
    if not mine or not theirs:
        return []
    where: dict[tuple[str, ...], int] = {}
    for j in range(len(theirs)):
        for k in range(1, min(_MAX_RUN, len(theirs) - j) + 1):
            where.setdefault(tuple(w for _, _, w in theirs[j : j + k]), j)
    found = []
    i = 0
    while i < len(mine):
        k = 0
        while i + k < len(mine) and k < _MAX_RUN and tuple(w for _, _, w in mine[i : i + k + 1]) in where:
            k += 1
        if k == 0:
            i += 1
            continue
        run = mine[i : i + k]
        content = sum(is_content(w) for _, _, w in run)
        if content > 1 or (content == 1 and _set_off(reply, run[0][0], run[-1][1])):
            j = where[tuple(w for _, _, w in run)]
            found.append(Echo(run[0][0], run[-1][1], theirs[j][0], theirs[j + k - 1][1]))
        i += k
    return found


def _set_off(text: str, start: int, end: int) -> bool:
    """Whether the words at ``start:end`` are quoted or echoed as a question."""
    before, after = text[start - 1 : start] if start else "", text[end : end + 1]
    return (before in _QUOTES and before != "") or (after in _QUOTES and after != "") or after == "?"


def content_share(text: str, spans: list[tuple[int, int]]) -> float:
    """The share of ``text``'s content words that lie inside ``spans`` (0 when it has none)."""
    content = [(a, b) for a, b, w in _words(text) if is_content(w)]
    if not content:
        return 0.0
    inside = sum(any(s <= a and b <= e for s, e in spans) for a, b in content)
    return inside / len(content)


def word_count(text: str) -> int:
    """How many words ``text`` has."""
    return len(_words(text))


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` replaced by spaces (same length, so offsets hold)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
