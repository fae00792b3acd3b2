"""Stereotypes: a negative trait pinned on people because of who they are.

An identity-based insult rarely needs a slur. "The Chinese suppliers always is cheating", "the Jews in
this town always clean us out, you know how they are", "Whole crew is Mexican, so expect the job done
slow" name a group and pin conduct on all of it; the model reads them as ordinary complaints. Such a
post is the costliest kind a company account can publish. A sentence is a stereotype here when it names
a group of people by identity (``lexicons/stereotype.jsonl``: religion, ethnicity, nationality, gender,
gender identity, orientation, age, disability, homelessness, weight, accent) and near that name:

- a phrase that pins a trait by itself ("you know how they are", "it's cultural", "one of the good ones"),
  in its sentence or the next two;
- a word that makes people vermin, a disease or an invading force;
- a likening ("like a herd of cattle", "are basically houseplants"; "zoo" or "robots" alone liken nobody);
- people turned away for it ("turn away groups of Black lads", "not renting to refugees");
- or a negative trait ("lazy", "cheating", "can't speak English") said of the group: with a word that
  generalises ("always", "typical", "so expect"), with the group as the subject of "are", right after
  it, or opening the next sentence ("... the French tour groups. Rude, cheap, never tip.").

Not when the sentence or the one before reports, quotes or condemns it ("the myth that women can't code",
"comparing gay people to animals"), asks whether it holds, is about the writer's own group ("I'm an old
lady"), or names some of the group ("women who quit smoking"); not for a trait with a negation right
before it ("are not lazy"), or with another subject ("despite the rude old software", ", the office machine
is rude"). A group named with praise ("Irish fans always bring the best songs") has no trait. One hit per
text, spanning the group and what was pinned on it; its reason names both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from smrisk.context import sentence_spans
from smrisk.detectors.anchored import AnchoredPattern
from smrisk.detectors.base import Detector, Needs
from smrisk.detectors.lexicon_files import stereotype_rows
from smrisk.document import Document
from smrisk.evidence import Evidence

NAME = "derogatory.stereotype"
SCORE = 0.7
REASON = "a stereotype pinned on a group of people by identity"
TURNED_AWAY = "people turned away for who they are"
#: Sentences after the one naming the group that may pin the trait on it ("... French tour groups. Rude, cheap,
#: never tip. Every single one of them").
_FOLLOWING = 2
#: How far (in characters) before and after the group's name what is pinned on it may stand: in a long post
#: without full stops, a trait many words on is about something else.
_BEFORE, _AFTER = 40, 70
#: Without a generaliser or "are", a trait this close after the group's name is said of it ("trans customer complaining").
_CLOSE = 40

#: A negation just before a trait turns it around: "are not lazy", "never rude", "aren't cheap".
_NEGATED = re.compile(r"(?:\b(?:not|no|never|nothing|hardly)\b|n't|n’t)[\s'\"‘’“”]+(?:\w+[\s'\"‘’“”]+){0,1}$")
#: A clause between the group and a trait gives the trait another subject: "gen z smashed it despite the rude old
#: software", "italian colleagues bring coffee, the office machine is rude in comparison".
_OTHER_CLAUSE = re.compile(r"[;:()]|\b(?:despite|but|though|although|than|unlike|whereas|while|no matter how)\b"
                           r"|,\s+(?:the|my|our|your|this|that)\s+(?:\w+\s+){0,2}(?:is|are|was|were)\b")
#: An adjective right before a noun describes that noun ("fleeing violent conflict", "cheap flights to rio?"): the words
#: that may follow a trait said of people.
_AFTER_TRAIT = re.compile(r"\s*(?:$|[^\w\s]|\b(?:and|or|as|to|at|in|on|about|with|when|because|of|all|too|af|lol|tbh|"
                          r"honestly|every|again|anyway|though|now|here|there|it|them|us|you|me|from|for|by|than|then|"
                          r"so|if|but|like|after|before|over|around|ever|either|even|enough|ngl|imo)\b)")
#: The writer's own group ("I'm an old lady", "as a Muslim woman", "we Sikhs"): said of oneself, not pinned on others.
_OWN = re.compile(r"(?:\b(?:i['’]?m|i am|we['’]?re|we are)\s+(?:an?\s+)?(?:\w+\s+)?|\bas\s+an?\s+(?:\w+\s+)?|\b(?:we|us)\s+)$")
#: The group as the subject of a plural "are" before the trait: "french clients are arrogant".
_ARE = re.compile(r"^\W*(?:\w+\W+){0,1}(?:are|r|were|is|get|act|seem)\b")
#: A yes-or-no question asks whether a stereotype holds ("Do women cry more at work? New survey says no").
_YES_NO_QUESTION = re.compile(r"\W*(?:are|is|do|does|did|were|was)\b[^?]*\?")
#: What may stand before a trait that opens a later sentence: the end of the one before, spaces, quotes, emoji.
_OPENS = re.compile(r"[^\w]*")
#: A relative clause after the group names some of it: "women who quit smoking", "men that lie".
_SUBSET = re.compile(r"^\W*(?:who|that|which|whom)\b")
#: A number or a comma between the group and a trait: a list or a count, not a trait said of the group.
_LIST = re.compile(r"[\d,;:]")


@dataclass(frozen=True)
class _Lists:
    """The compiled word lists of ``lexicons/stereotype.jsonl``."""

    groups: AnchoredPattern
    generalizers: re.Pattern[str]
    traits: AnchoredPattern
    dehumanizing: re.Pattern[str]
    likened: re.Pattern[str]
    fixed: AnchoredPattern
    counter: AnchoredPattern
    excluded_before: re.Pattern[str]
    excluded_after: re.Pattern[str]
    rebuttal: re.Pattern[str]
    adjectives: frozenset[str]
    longest: int
    words: frozenset[str]


def _alternation(phrases: list[str]) -> str:
    """One regex alternative per phrase, longest first, spaces as any whitespace, apostrophes optional."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]?") for p in sorted(set(phrases), key=len, reverse=True))


_PRONOUNS = frozenset({"you", "your", "their", "these", "those", "them"})


def _key_word(phrase: str) -> str:
    """A word ``phrase`` holds, for the registry's pre-check: its first, past "the" ("the french": "french"), or its
    last after a pronoun ("you people": "people"), so that "you" and "these" call the rule on few texts."""
    words = phrase.removeprefix("the ").split()
    return (words[-1] if words[0] in _PRONOUNS else words[0]).split("-")[0]


@lru_cache(maxsize=1)
def _lists() -> _Lists:
    rows = {row["id"]: [p.lower() for p in row["phrases"]] for row in stereotype_rows()}

    def words_of(key: str) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w'’-])(?:{_alternation(rows[key])})(?![\w-])")

    def anchored(key: str) -> AnchoredPattern:  # the long lists: searched only where one of their phrases begins
        return AnchoredPattern(words_of(key), rows[key])

    adjectives = _alternation(rows["group_adjectives"])
    # an identity adjective before a person noun ("Mexican crew", "Vietnamese nail lady"), or said of people ("the
    # whole team is Orthodox Jewish")
    adjective_group = (rf"(?:{adjectives})[\s-]+(?:[a-z]+\s+)?(?:{_alternation(rows['person_nouns'])})"
                       rf"|(?:(?<=\bis )|(?<=\bare )|(?<=\bwas )|(?<=\bwere ))(?:all\s+|mostly\s+|orthodox\s+)?(?:{adjectives})"
                       rf"(?=\W*(?:$|[,.;!?]|so\b))")
    # "the French" names people only before what people do ("the French always ..."), not before a noun ("the French
    # onion soup", "the Scottish weather"); a possessive ("women's shoes") names their things
    the_demonyms = [p for p in rows["group_nouns"] if p.startswith("the ")]
    plain = [p for p in rows["group_nouns"] if not p.startswith("the ")]
    the_group = rf"(?:{_alternation(the_demonyms)})(?=\s*(?:$|[^\w\s'’]|(?:{_alternation(rows['people_verbs'])})\b))"
    groups = re.compile(rf"(?<![\w'’-])(?!(?:{_alternation(rows['not_groups'])})(?![\w-]))"
                        rf"(?:{adjective_group}|{the_group}|{_alternation(plain)})(?![\w-]|['’]s\b)")
    # every match begins with the first word of a group's name or adjective, or with "all", "mostly" or "orthodox"
    # before an adjective: searched only where one of those stands
    openings = [*rows["group_nouns"], *rows["group_adjectives"], "all", "mostly", "orthodox"]
    first_words = {_key_word(phrase) for key in ("group_nouns", "group_adjectives") for phrase in rows[key]}
    # things people are likened to: an insult only in a comparison ("like a herd of cattle", "are basically robots"),
    # else a zoo, a robotics workshop or a dog-friendly choir
    likened = re.compile(rf"\b(?:like|are|is|basically|as)\s+(?:(?:a|an|the|some|just|basically|herd|pack|bunch|swarm|of)\s+){{0,3}}"
                         rf"(?:[a-z]+\s+)?(?:{_alternation(rows['likened'])})(?![\w-])")
    # turning people away for who they are, right before the group's name ("turn away groups of Black lads", "not
    # renting to refugees") or right after it ("Roma need not apply")
    excluded_before = re.compile(rf"(?<![\w'’-])({_alternation(rows['exclusions'])})\s+"
                                 r"(?:(?:the|all|any|those|these|groups? of|more)\s+)*$")
    excluded_after = re.compile(r"\W{0,3}(need not apply|not welcome|not allowed|keep out|stay out)")
    longest = max(len(p) for key in ("fixed_cues", "traits", "dehumanizing", "likened", "generalizers") for p in rows[key])
    return _Lists(AnchoredPattern(groups, openings), words_of("generalizers"), anchored("traits"), words_of("dehumanizing"), likened,
                  anchored("fixed_cues"), anchored("counter_cues"), excluded_before, excluded_after,
                  words_of("rebuttal_cues"), frozenset(rows["adjectives"]), 2 * longest,
                  frozenset(w.strip("'’") for w in first_words))


class StereotypeDetector(Detector):
    """``derogatory.stereotype``: see the module docstring."""

    name = NAME
    category = "derogatory"

    def __init__(self) -> None:
        self._lists = _lists()
        self.needs = Needs(words=self._lists.words)

    def find(self, document: Document) -> list[Evidence]:
        text = document.normalized.folded.text
        lists = self._lists
        if lists.groups.search(text) is None:
            return []
        sentences = sentence_spans(text)
        for i, (start, sentence_end) in enumerate(sentences):
            if _YES_NO_QUESTION.match(text, start, sentence_end) is not None:
                continue  # "Are immigrants lazy? We looked at the data": a question, not a claim
            before = sentences[i - 1][0] if i else start  # "I hate stereotypes. Preconceived notions that ..."
            if lists.counter.search(text, before, sentence_end) is not None:
                continue
            following = sentences[i + 1] if i + 1 < len(sentences) else (sentence_end, sentence_end)
            if lists.rebuttal.search(text, *following) is not None:
                continue  # "Women don't tip? Our till data says otherwise."
            end = sentences[min(i + _FOLLOWING, len(sentences) - 1)][1]
            # the last group first: a trait is said of the group nearest before it ("our women engineers rock but the
            # Indian developers are always useless")
            for group in reversed(list(lists.groups.finditer(text, start, sentence_end))):
                if _OWN.search(text, max(start, group.start() - _BEFORE), group.start()) is not None:
                    continue
                pinned = self._pinned(text, group, sentence_end, end)
                if pinned is None:
                    continue
                (p_start, p_end), turned_away = pinned
                a, b = min(group.start(), p_start), max(group.end(), p_end)
                o_start, o_end, span = document.original_span("folded", a, b)
                said, of = (document.original_span("folded", *where)[2] for where in ((p_start, p_end), group.span()))
                reason = f"{TURNED_AWAY}: {said!r} ({of!r})" if turned_away else f"{REASON}: {said!r} said of {of!r}"
                # one stereotype is the evidence a reviewer needs; the sentences after it say the same
                return [Evidence(self.category, self.name, o_start, o_end, span, SCORE, reason)]
        return []

    def _pinned(self, text: str, group: re.Match[str], sentence_end: int, end: int) -> tuple[tuple[int, int], bool] | None:
        """Where the text pins something on the group, near it, and whether it turns the group away: a fixed phrase
        (in its sentence or the next two) or a dehumanising word or likening (in its sentence), before or after it;
        or a trait after it in its sentence with a generaliser (or with the group as the subject of "are"), or
        opening the next sentence ("... the French tour groups. Rude, cheap, never tip."); None if nothing is.
        Every search stops twice the longest phrase past ``_AFTER``: a long text without full stops costs no more per
        group."""
        lists = self._lists
        turned_away = lists.excluded_before.search(text, max(0, group.start() - _BEFORE), group.start())
        if turned_away is None:
            turned_away = lists.excluded_after.match(text, group.end(), min(sentence_end, group.end() + _AFTER))
        if turned_away is not None:
            return turned_away.span(1), True
        near_start, near_end = max(0, group.start() - _BEFORE), group.end() + _AFTER
        reach = near_end + lists.longest
        for pattern, stop in ((lists.fixed, end), (lists.dehumanizing, sentence_end), (lists.likened, sentence_end)):
            for match in pattern.finditer(text, near_start, min(stop, reach)):
                if match.start() > near_end:
                    break
                if not _overlaps(match, group):
                    return match.span(), False
        generalizers = [g for g in lists.generalizers.finditer(text, near_start, min(sentence_end, reach))
                        if g.start() <= near_end and not _overlaps(g, group)]
        for trait in lists.traits.finditer(text, group.end(), min(end, reach)):
            if trait.start() > near_end:
                break
            if _NEGATED.search(text, max(0, trait.start() - _BEFORE), trait.start()) is not None:
                continue
            # an adjective right before a noun describes the noun ("fleeing violent conflict", "cheap flights to rio?")
            described = trait.group() in lists.adjectives and _AFTER_TRAIT.match(text, trait.end()) is None
            if trait.start() >= sentence_end:  # a later sentence: only one that opens with the trait
                if _OPENS.fullmatch(text, sentence_end, trait.start()) is not None and not described:
                    return trait.span(), False
                continue
            if described or _OTHER_CLAUSE.search(text, group.end(), trait.start()) is not None:
                continue
            if generalizers:
                return trait.span(), False
            # without a generaliser, the group itself must be what the trait is said of: all of it ("women who quit
            # smoking" are some women), right before the trait ("11 women, 13 men, 1 very loud instructor" is a list)
            between = text[group.end():trait.start()]
            if _SUBSET.match(between) is None and (_ARE.match(between) is not None or
                                                   (len(between) <= _CLOSE and _LIST.search(between) is None)):
                return trait.span(), False
        return None


def _overlaps(a: re.Match[str], b: re.Match[str]) -> bool:
    return a.start() < b.end() and b.start() < a.end()


def group_pattern() -> AnchoredPattern:
    """The regex of groups of people named by identity, for other rules that read the same groups."""
    return _lists().groups
