"""Disparagement: a post that names one of a company's terms (a competitor) and runs it down.

A competitor's name is no risk, and a general model reads "their robots break down every other
week" as an ordinary complaint. For a company it is an unproven claim about a rival, which legal
must see. A policy lexicon with ``disparagement = true`` finds its terms as before and adds a claim:

- at each cue of ``lexicons/disparagement.jsonl`` ("junk", "lied", "unsafe", "copied", "🤡", "never
  again", "🙄") in a term's sentence or the one before or after it, and at a comparison set against
  the term ("unlike Zentrix, ...", "can't say the same for Zentrix"), when the cue is said of the
  term: not of something of ours in its clause ("our delivery truck broke down outside Zentrix"),
  not where the term only marks a place ("roads are brutal near Zentrix"), not inside a fixed
  phrase ("crash course", "told a joke");
- at the term itself when the claims model (``smrisk.claims_model``), trained on posts about named
  businesses, reads a negative claim about it at the lexicon's ``claim_threshold`` or more: the
  dig without a cue word ("come for the delays, stay because they cancelled your return flight").
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from smrisk.claims_model import shipped_claims_model
from smrisk.context import sentence_spans
from smrisk.detectors.base import Detector, WrappingDetector
from smrisk.detectors.lexicon_files import disparagement_rows
from smrisk.document import Document
from smrisk.evidence import Evidence
from smrisk.phrases import POSSESSIVE_ENDING, phrase_pattern

#: How a claim's reason starts: it names the party run down.
CLAIM = "runs down"
#: A comparison set against the term that follows it: "unlike Zentrix", "better than Zentrix", "compared to Zentrix",
#: "can't say the same for Zentrix".
_AGAINST = re.compile(r"(?i)\b(?:unlike|better than|cheaper than|faster than|safer than|not like|compared (?:to|with)|"
                      r"(?:can['’]?t|cannot|couldn['’]t) say the same (?:for|about|of))\W{1,3}$")
#: A negation in the three words before a cue, in its sentence, turns it around ("not bad", "never had a
#: problem"; not "... without a word. Won't be back").
_NEGATED = re.compile(r"(?i)(?:\b(?:not|no|never|without|nothing|nobody|none|no one)\b|n't|n’t)[^\w.!?]+(?:\w+[^\w.!?]+){0,2}$")
#: Waste words that name the thing itself, not a verdict, when a noun follows: "trash pickup", "garbage
#: truck", "trash talk" (banter) run nobody down.
_WASTE = frozenset({"trash", "garbage", "rubbish", "waste", "junk"})
_WASTE_COMPOUND = re.compile(r"(?i)[\s-]+(?:pick-?ups?|bins?|cans?|bags?|trucks?|days?|collections?|clean-?ups?|"
                             r"talk(?:ing)?|disposal|removal|service|chute|room|duty|run)\b")
#: ...nor when it is the material itself: counted ("31 bags of garbage", "two tons of trash"; but "a pile of
#: garbage" is a verdict) or made into something ("garbage to jet fuel", "turning trash into art").
_WASTE_MEASURED = re.compile(
    r"(?i)(?:\b\d[\d,.]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|dozens?|hundreds?|thousands?))"
    r"\s+(?:bags?|pounds?|lbs|tons?|tonnes?|kilos?|kg|piles?|loads?|truckloads?|bins?|boxes|cans?|barrels?|sacks?)\s+of\s+$")
_WASTE_MADE_INTO = re.compile(r"(?i)[\s-]+(?:to|into)[\s-]+(?:[\w-]+[\s-]+)?(?:energy|fuel|power|electricity|compost|"
                              r"fertili[sz]er|biogas|gas|art|treasure|furniture|fashion|products?)\b")
#: Fixed phrases in which a cue word names a thing or an act, not a verdict ("crash course", "worst-case",
#: "broke down in tears", "told a joke", "lemon tart", "pain points"): a cue inside one does not count.
_FIXED = re.compile(
    r"(?i)\bcrash(?:es|ed|ing)?[\s-]+(?:course|courses|test|tests|tested|testing|pad|pads|mat|mats|cart|carts)\b"
    r"|\bcrash(?:ed|ing)\s+(?:on|at)\s+(?:the|my|a|his|her|their|our|your)\s+(?:couch|sofa|floor|place)\b"
    r"|\bbr(?:eak|eaks|eaking|oke)\s+down\s+(?:in\s+tears|crying)\b"
    r"|\bworst[\s-]+case\b|\bpain[\s-]+points?\b|\bdisaster[\s-]+(?:recovery|relief|preparedness|drill)\b"
    r"|\bhazard[\s-]+(?:lights?|pay)\b|\bspy[\s-]+(?:novel|movie|film|thriller|game)s?\b"
    r"|\b(?:tell|tells|told|telling|make|made|making|crack|cracked|cracking|inside)\s+a\s+joke\b"
    # the forfeit of a friendly bet ("losers buy the wings", "loser wears the winner's apron")
    r"|\blosers?\s+(?:buys?|wears?|pays?|owes?|treats?|cooks?|bakes?|sings?|shaves?|does|do|has\s+to|have\s+to|must)\b"
    r"|\blemon[\s-]+(?:juice|cake|cakes|tart|tarts|bars?|water|zest|pepper|curd|pie|pies|slices?|wedges?|drops?|meringue|squeezer)\b")
#: A sentence that wishes someone well is about a misfortune, not a claim ("saw their truck in the ditch,
#: hope the driver is ok, roads are brutal"): no cue in it counts.
_WELL_WISH = re.compile(r"(?i)\bhope\s+(?:[\w'’]+\s+){0,3}?(?:\w+['’](?:s|re)\s+|(?:is|are|was|were|gets?|got|stays?)\s+)"
                        r"(?:\w+\s+)?"
                        r"(?:ok|okay|safe|alright|all\s+right|fine|well|better)\b|\bget\s+well\b|\bstay\s+safe\b")
#: Something of ours before a cue in its clause is what the cue is said of: "our delivery truck broke
#: down", "my laptop crashed", "our demo robot totally jammed". (Ours, with up to three words of name,
#: and a few helper words between it and the cue.)
_OURS_BEFORE = re.compile(r"(?i)\b(?:our|my)\s+(?:[\w'’-]+\s+){1,3}?(?:(?:is|was|are|were|has|had|have|got|gets|"
                          r"just|totally|completely|kinda|really|been|being|always|keeps|kept|literally|also|then)\s+){0,3}$")
#: ...unless the cue acts on the term right after it: "our reps hate Zentrix", "our customers got
#: ripped off by Zentrix".
_ACTS_ON = re.compile(r"(?i)\W*(?:(?:by|from|thanks\s+to|because\s+of|about|with)\s+)?(?:(?:the|a|an|their|its|every|all)\s+)?\W*$")
#: A term after these words marks a place ("outside Zentrix", "next to the Zentrix booth"): a cue in
#: its clause is said of something near it ("roads are brutal near Zentrix").
_PLACE = re.compile(r"(?i)\b(?:outside(?:\s+of)?|near|nearby|next\s+to|beside|behind|across\s+(?:the\s+street\s+)?from|"
                    r"opposite|in\s+front\s+of|close\s+to|around\s+the\s+corner\s+from|down\s+the\s+(?:road|street)\s+from|"
                    r"past)\s+(?:the\s+|a\s+)?\W*$")
#: Where a clause ends: a sentence end, a comma, a colon or semicolon, a dash, a bracket, or "but".
_CLAUSE_END = re.compile(r"[.!?\n,;:()\u2013\u2014]|\s-\s|\bbut\b|\bthough\b|\bwhile\b")
#: A possessive after a party's name is not part of it ("runs down Zentrix", not "Zentrix's").
_POSSESSIVE_END = re.compile(POSSESSIVE_ENDING + "$")
#: A post this short is one thought: a cue anywhere in it is about the term it names.
SHORT_POST = 280
#: VADER's words at or below this mean valence are cues too (Hutto & Gilbert 2014; its lexicon ships
#: with ``vaderSentiment``): "rudest", "disappointing", "liars" are not all in our own list.
VADER_CUTOFF = -2.0
#: VADER words of misfortune or sympathy, not a claim: a post about a rival's storm, accident or
#: layoffs is no attack on it; and slang or short words that are praise or ambiguous ("killing it").
_NOT_CLAIMS = frozenset(
    "abducted accident apocalyptic bereave bereaved bereaves cancer casualty catastrophe chaos chaotic collapse crisis cry "
    "crying damage dead death die died disaster disasters drown drowned drowns fatal fatalities fatality fear feared fired "
    "grief grieved grieves grieving havoc heartbreak heartbreaker heartbreakers heartbreaking heartbroken hell illnesses "
    "imprisoned jailed kill killed killer killers killing killingly killings kills lament mad mourns mourningly negative "
    "panic penalty poverty prison prisoner prisoners prosecution sad sadden saddened saddening sadder saddest sick sorrow "
    "sorrowed sorrower sorrowful sorrowfully sorrowfulness starved starves stressful stressfully stressors stricken suffer "
    "suffered sufferer sufferers suffering suffers suicidal suicide terror tragedy tragic tragical tragically tragics traumas "
    "traumatic war wars warred weep wept widowed arrested bomb trapped threat threatened "
    # a ban names a rule ("their plastic bag ban starts in June"), not a verdict on who made it
    "ban banned".split())


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One pattern for every cue phrase (group ``p<i>``) and the reason of each phrase's kind: our
    own list, then VADER's strongly negative words."""
    phrases: list[str] = []
    reasons: list[str] = []
    for row in disparagement_rows():
        phrases += row["phrases"]
        reasons += [row["reason"]] * len(row["phrases"])
    ours = set(phrases)
    vader = [w for w in vader_negative_words(VADER_CUTOFF) if w not in ours and w not in _NOT_CLAIMS and _is_word(w)]
    phrases += vader
    reasons += ["a strongly negative word"] * len(vader)
    pattern = phrase_pattern(phrases)
    assert pattern is not None  # the shipped file has phrases
    return pattern, tuple(reasons)


def _is_word(word: str) -> bool:
    """A word, not an acronym of VADER's list ("wtf", "fubar" pass; "nme", "dx" do not)."""
    return len(word) >= 3 and any(c in "aeiouy" for c in word)


def vader_negative_words(cutoff: float) -> list[str]:
    """The plain words of VADER's lexicon whose mean valence is at or below ``cutoff``."""
    lexicon = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    words = []
    for line in lexicon.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and re.fullmatch(r"[a-z][a-z'-]+", parts[0]) and float(parts[1]) <= cutoff:
            words.append(parts[0])
    return words


class DisparagementDetector(WrappingDetector):
    """A policy lexicon's own detector, plus the claims that run one of its terms down.

    ``terms`` finds the lexicon's terms; its hits are returned unchanged (a competitor's name may
    weigh nothing by itself). A claim (at a cue word, a comparison, or the term the claims model
    read) carries ``score`` and names the term it is about.
    """

    def __init__(self, terms: Detector, score: float, reason: str, claim_threshold: float) -> None:
        super().__init__(terms)
        self._score = score
        self._reason = reason
        self._claim_threshold = claim_threshold

    def find(self, document: Document) -> list[Evidence]:
        hits = self._inner.find(document)
        if not hits:
            return hits
        original = document.normalized.original
        sentences = sentence_spans(original)
        pattern, reasons = _cues()
        folded = document.layer("folded").text
        wishes = [sentence for sentence in sentence_spans(folded) if _WELL_WISH.search(folded, *sentence)]
        cues = []
        for match in pattern.finditer(folded):
            if _NEGATED.search(folded, max(0, match.start() - 40), match.start()):
                continue
            if match.group().lower() in _WASTE and (
                    _WASTE_COMPOUND.match(folded, match.end()) or _WASTE_MADE_INTO.match(folded, match.end())
                    or (match.group().lower() != "junk"  # "two truckloads of junk robots" is a verdict on the robots
                        and _WASTE_MEASURED.search(folded, max(0, match.start() - 30), match.start()))):
                continue
            if any(a <= match.start() < b for a, b in wishes):
                continue
            start, end, text = document.original_span("folded", *match.span())
            if not _said_of_other(original, start, end, hits):
                cues.append((start, end, text, reasons[int((match.lastgroup or "p0")[1:])]))
        claims: dict[tuple[int, int], Evidence] = {}
        for start, end, text, kind in cues:
            near = [hit for hit in hits if not (start < hit.end and hit.start < end) and _in_window(original, sentences, hit, start)]
            if near:
                hit = min(near, key=lambda h: _said_of_rank(original, h, start))
                claims[(start, end)] = self._claim(start, end, text, hit.text, kind)
        for hit in hits:
            against = _AGAINST.search(original, max(0, hit.start - 40), hit.start)
            if against:
                claims.setdefault((against.start(), hit.end), self._claim(
                    against.start(), hit.end, original[against.start():hit.end], hit.text, "a comparison set against it"))
        if claims:
            return hits + list(claims.values())
        reading = shipped_claims_model().read(original, [(h.start, h.end) for h in hits], explain_from=self._claim_threshold)
        if reading.probability >= self._claim_threshold:
            read = "; ".join(f"'{p}'" for p in reading.phrases)
            claims[(hits[0].start, hits[0].end)] = self._claim(
                hits[0].start, hits[0].end, hits[0].text, hits[0].text,
                f"read as a negative claim about it, {reading.probability:.2f}" + (f": {read}" if read else ""))
        return hits + list(claims.values())

    def _claim(self, start: int, end: int, text: str, party: str, what: str) -> Evidence:
        party = _POSSESSIVE_END.sub("", party)
        return Evidence(self.category, self.name, start, end, text, self._score, f"{CLAIM} {party} ({what}); {self._reason}")


def _said_of_other(text: str, start: int, end: int, hits: list[Evidence]) -> bool:
    """Whether the cue at ``text[start:end]`` is said of something other than the terms ``hits`` found:
    it is part of a fixed phrase, or its clause makes it about something of ours, or its clause names
    a term only as a place."""
    if any(m.start() <= start and end <= m.end() for m in _FIXED.finditer(text, max(0, start - 30), end + 30)):
        return True
    low, high = _clause(text, start)
    named = [h for h in hits if low <= h.start < high]
    ours = _OURS_BEFORE.search(text, low, start)
    if ours and not any(ours.start() <= h.start < start for h in named) and not any(
            h.start >= end and _ACTS_ON.match(text[end:h.start]) for h in named):
        return True
    return bool(named) and all(_PLACE.search(text, max(low, h.start - 40), h.start) for h in named)


def _clause(text: str, at: int) -> tuple[int, int]:
    """The span of the clause holding ``at`` (``_CLAUSE_END`` cuts clauses)."""
    low = 0
    for found in _CLAUSE_END.finditer(text, 0, at):
        low = found.end()
    following = _CLAUSE_END.search(text, at)
    return low, following.start() if following else len(text)


def _said_of_rank(text: str, hit: Evidence, at: int) -> tuple[bool, bool, int]:
    """Which term a cue at ``at`` runs down, least first: one in its clause, then one before it (the
    subject: "Zentrix robots are junk and Northvane lied"), then the nearest."""
    return _clause(text, hit.start) != _clause(text, at), hit.start > at, abs(hit.start - at)


def _in_window(text: str, sentences: list[tuple[int, int]], hit: Evidence, at: int) -> bool:
    """Whether a cue at ``at`` is near enough to ``hit`` to be about it: anywhere in a short post, else
    in its sentence or a neighbour (``_window``)."""
    low, high = (0, len(text)) if len(text) <= SHORT_POST else _window(sentences, hit.start)
    return low <= at < high


def _window(sentences: list[tuple[int, int]], at: int) -> tuple[int, int]:
    """The span of the sentence holding ``at`` with the sentences on either side: a post names a
    rival in one sentence and runs it down in the next ("Their tray is held with tape. Classic Orvex")."""
    for i, (start, end) in enumerate(sentences):
        if start <= at < end:
            return sentences[max(i - 1, 0)][0], sentences[min(i + 1, len(sentences) - 1)][1]
    return at, at + 1
