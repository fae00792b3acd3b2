"""Discriminatory terms: who may apply for a job or a home, restricted by a protected characteristic.

A job ad that says "Must be under 25", "Christians only", "no accents please" or "we do not hire Muslims"
describes unlawful discrimination in most of the places a company posts from, whether or not it insults
anyone; so does a letting that turns away a group ("No DSS": UK courts have held blanket refusals of
benefit claimants to be indirect discrimination). The illegal lexicon knows a few fixed phrases ("no
foreigners", "don't hire women"); this rule reads the structure: in a text about hiring, applying or
renting, a group of people named by identity (``smrisk.detectors.stereotype``'s lists) with "only", a
preference or an exclusion around it; an age cap stated as a condition ("must be under 30", "nobody over
50"); or a requirement about family, body, accent, skin, birth or disability ("single", "size 8 or smaller",
"no accents", "US-born only", "able-bodied").

Lawful requirements are left alone: a minimum age ("18+", "must be over 21"), a measure ("under 30 minutes",
"lift 50 lbs"), a language or a licence ("bilingual preferred", "CDL required"), photos of one's work. So is a
sentence that states equal opportunity, takes a restriction back, reports or condemns one, or names a genuine
occupational requirement, and a restriction quoted in a text about wording or the law.
"""
from __future__ import annotations

import re

from smrisk.context import sentence_spans
from smrisk.detectors.base import Detector, Needs
from smrisk.detectors.stereotype import group_pattern
from smrisk.document import Document
from smrisk.evidence import Evidence

NAME = "illegal.discriminatory_terms"
SCORE = 0.65
REASON = "restricts who may apply or rent by a protected characteristic (age, sex, religion, origin, disability, family)"

#: What makes a text about hiring, applying or renting: the rule reads nothing else.
_CONTEXT_WORDS = frozenset({
    "hire", "hiring", "hired", "hires", "recruit", "recruiting", "recruiter", "recruiters", "recruitment", "applicant",
    "applicants", "candidate", "candidates", "apply", "applying", "application", "applications", "job", "jobs", "role",
    "roles", "position", "positions", "vacancy", "vacancies", "wanted", "needed", "cv", "cvs", "resume", "resumes",
    "interview", "interviews", "interviewing", "tenant", "tenants", "renting", "rent", "lease", "letting", "flatmate",
    "roommate", "employ", "employing", "shortlist", "shortlisting", "staff", "opening", "openings", "team",
})
#: What makes a text about hiring or renting, as a pattern: the definition ``_about_hiring_or_renting`` reads from a
#: text's set of words (tests hold the two equal)
_CONTEXT = re.compile(r"\b(?:" + "|".join(sorted(_CONTEXT_WORDS, key=len, reverse=True)) + r")\b|#hiring|\bto let\b|\blodgers?\b")
_LODGERS = frozenset({"lodger", "lodgers"})
_TO_LET = re.compile(r"\bto let\b")
_TWO_DIGITS = re.compile(r"\d\d")
#: A number followed by one of these is a measure, not an age ("under 30 minutes", "30-40 hours", "under 25 kg").
_NOT_AGE = (r"(?!\s*(?:hours|hrs|hr|h\b|minutes|mins|min\b|seconds|secs|miles|mi\b|km|kg|lbs|lb\b|years? (?:in|of|experience)|"
            r"yrs|days|weeks|months|percent|%|k\b|/|\$|people|employees|staff|stores|locations|volunteers|degrees|units|"
            r"shifts|clients|customers|per\b|an hour|a week|a day|mph|feet|ft\b|inches|cm\b|m\b))")
#: Words that make an age or a group a condition of the job or the home, shortly before it.
_CONDITION = (r"(?:must be|must not be|should be|has to be|needs? to be|only|aged|ages|applicants|candidates|looking for|"
              r"seeking|want|wanted|ideally|preferably|prefer|preferred|strictly|requirement|required)")
#: An age cap stated as a condition: "must be under 30", "under 25s only", "aged 18-24" (a cap of 24 or more: "under 18"
#: is a child-safety rule, not a cap on workers), "only looking at people in their 20s".
_AGE_CAP = re.compile(
    rf"\b{_CONDITION}\b[^.!?\n]{{0,30}}?\b(?:under|below|younger than|no older than|not older than)\s+(\d\d){_NOT_AGE}\b"
    rf"|\bunder[- ]?(\d\d)s\s+only\b"
    rf"|\b{_CONDITION}\b[^.!?\n]{{0,30}}?\b(?:1[6-9]|2\d)\s*(?:-|–|to)\s*(\d\d)\b{_NOT_AGE}"
    rf"|\b(?:1[6-9]|2\d)\s*(?:-|–|to)\s*(\d\d)\s+(?:year[- ]olds?\s+)?(?:preferred|only)\b"
    rf"|\b(?:max(?:imum)?\.? age|age (?:limit|cap))\s*(?:is\s+|of\s+|:\s*)?(\d\d)\b"
    rf"|\b{_CONDITION}\b[^.!?\n]{{0,30}}?\bin (?:their|your) (20)s\b")
#: An age floor that turns people away: "nobody over 50", "don't hire anyone over 45", "applicants over 40 aren't
#: considered", "don't bother applying if you're over 50".
_AGE_EXCLUDED = re.compile(
    r"\b(?:no|nobody|no one|not)\s+(?:(?:one|applicants?|candidates?|more|anyone|hires?|staff|body)\s+)*over[- ]?(\d\d)s?\b"
    + _NOT_AGE +
    r"|\b(?:don['’]?t|do not|never|won['’]?t|will not)\s+(?:hire|want|consider|interview|accept|employ)\s+(?:\w+\s+){0,2}"
    r"over[- ]?(\d\d)s?\b" + _NOT_AGE +
    r"|\bover[- ]?(\d\d)s?\s+(?:need not apply|(?:are|is)n['’]?t considered|(?:are|is) not considered|won['’]?t be considered|"
    r"will not be considered|not wanted)"
    r"|\bdon['’]?t (?:bother )?apply(?:ing)? if you['’]?re over (\d\d)")
#: A requirement about family, body, accent, skin, birth, religion or disability, in a hiring or renting text.
_REQUIREMENT = re.compile(
    r"\b(?:must be|should be|applicants? must|candidates? must|ideally|preferably|only)\s+(?:\w+\s+){0,3}?(?:single|unmarried|"
    r"childless|male|female|a man|a woman|christian|white|native[- ]born|clean[- ]shaven)(?![\w-])"
    r"|\b(?:no|without)\s+(?:kids|children|family ties|accents?|disabilit(?:y|ies)|wheelchairs|headscarves|hijabs|turbans|"
    r"pregnan(?:t|cy|cies)|mums|moms|mothers|single mothers|grandmas|grandads|guys|over[- ]\d\ds|dss|housing benefit)"
    r"(?=\s*(?:$|[,.;!]|please|or\b|and\b|of your own))"
    r"|\bnot (?:be )?pregnant\b|\bno plans for kids\b"
    r"|\bsize \d{1,2} or (?:smaller|less)\b"
    r"|\b(?:attach|send|include)\s+(?:an?\s+)?(?:recent\s+|current\s+|full[- ](?:body|length)\s+)?(?:photo|picture|selfie)"
    r"(?!s)(?!\s+(?:of\s+(?:your|the)\s+(?:work|projects?)|portfolio))\b"
    r"|\b(?:fair|light|white)[- ]skin(?:ned)?\b|\bable[- ]bodied\b"
    r"|\b(?:native|locals?|us|uk|american|british)[- ]born\b[^.!?\n]{0,30}\bonly\b|\bborn (?:here|in this country)\b[^.!?\n]{0,20}\bonly\b"
    r"|\bchurch[- ]going\b|\brecent grad(?:uate)?s only\b|\bfresh grads only\b|\bborn (?:19|20)\d\d or later\b"
    r"|\bgraduat\w*(?: year)? before (?:19|20)\d\d\b"
    r"|\byoung(?:er)?,\s+(?:male|female|pretty|energetic)\b|\byoung(?:er)? (?:vibe|look|image)\b|\byouthful (?:image|look|vibe)\b"
    r"|\b(?:don['’]?t|do not|won['’]?t|never)\s+hire\s+(?:\w+\s+){0,2}with (?:a |any )?disabilit(?:y|ies)\b")
#: Ways a text names the group it restricts to, or turns away, around a group's name.
_ONLY_AFTER = re.compile(r"\W{0,3}(?:only|preferred)\b")
_ONLY_BEFORE = re.compile(r"\b(?:only|prefer|preference for|preferably|preferred)\s+(?:(?:hiring|hire|interview(?:ing)?|taking|want|"
                          r"accept(?:ing)?|consider(?:ing)?|the|a|an)\s+)*$")
_EXCLUDED_BEFORE = re.compile(r"\b(?:no|not|never|don['’]?t|do not|won['’]?t|will not|can['’]?t|skip|stop)\s+(?:(?:hire|hiring|hired|"
                              r"interview(?:ing)?|rent(?:ing)? to|accept(?:ing)?|take|taking|want|employ(?:ing)?|the|any|more|"
                              r"applicants|candidates)\s+)*$")
#: What follows a group turned away by a bare "no" in a list of conditions: "No Muslims, ...", "no women or ...".
_LISTED = re.compile(r"\s*(?:$|[^\w\s]|(?:please|allowed|or|and|need|at all)\b)")
#: A sentence that welcomes everyone, takes a restriction back or reports one names groups and ages to include them or
#: to condemn the restriction ("applicants of all ages", "we removed 'must be under 30' from our ads", "was fired for
#: writing 'no accents please'"): read in the restriction's own sentence.
_NOT_A_CONDITION = re.compile(r"\b(?:equal opportunit(?:y|ies)|regardless of|all ages|all backgrounds|removed|doesn['’]?t have an age|"
                              r"illegal|unlawful|discriminat\w*|fired for|hypothetical(?:ly)?|tribunal|lawsuit|sued|"
                              r"complain(?:ed|t)? about|occupational requirement|sch(?:edule)? 9|clinical trial|playing age)\b")
#: A restriction in quotes, in a text about wording or rules, is quoted, not imposed.
_QUOTE = re.compile(r"[\"'‘’“”]")
_QUOTING = re.compile(r"\b(?:phrase|wording|words like|the ad said|listing (?:said|included)|fair housing|laws?|policy|guidelines)\b")


def _about_hiring_or_renting(words: frozenset[str], text: str) -> bool:
    """Whether ``_CONTEXT`` matches ``text`` (``words``: its ``\\w+`` runs), read mostly from its set of words:
    a context word between word boundaries is one of the text's runs of word characters."""
    if not _CONTEXT_WORDS.isdisjoint(words) or not _LODGERS.isdisjoint(words) or "#hiring" in text:
        return True
    return "let" in words and _TO_LET.search(text) is not None


class DiscriminationDetector(Detector):
    """``illegal.discriminatory_terms``: see the module docstring."""

    name = NAME
    category = "illegal"

    def __init__(self) -> None:
        self._groups = group_pattern()
        self.needs = Needs(words=_CONTEXT_WORDS | {"let", "lodger", "lodgers"}, fragments=frozenset({"#hiring"}))

    def find(self, document: Document) -> list[Evidence]:
        text = document.normalized.folded.text
        if not _about_hiring_or_renting(document.words, text):
            return []
        span = self._restriction(text)
        if span is None:
            return []
        sentence = next(((a, b) for a, b in sentence_spans(text) if a <= span[0] < b), (0, len(text)))
        if _NOT_A_CONDITION.search(text, *sentence) is not None:
            return []
        quoted = _QUOTE.search(text, max(0, span[0] - 2), span[0]) and _QUOTE.search(text, span[1], span[1] + 3)
        if quoted and (_NOT_A_CONDITION.search(text) is not None or _QUOTING.search(text) is not None):
            return []  # 'Your listing included the phrase "no children", which fair housing laws don't allow'
        start, end, shown = document.original_span("folded", *span)
        return [Evidence(self.category, self.name, start, end, shown, SCORE, REASON)]

    def _restriction(self, text: str) -> tuple[int, int] | None:
        """The first restriction in ``text``: an age cap, an age floor turning people away, a requirement, or a
        group with "only", a preference or an exclusion right around it."""
        ages = _TWO_DIGITS.search(text) is not None  # every age cap and floor holds a two-digit age
        for match in _AGE_CAP.finditer(text) if ages else ():
            age = int(next(g for g in match.groups() if g))
            if age >= 24 or match.group(match.lastindex or 0) == "20":  # "under 25s", "18-24 only", "in their 20s"
                return match.span()
        for match in _AGE_EXCLUDED.finditer(text) if ages else ():
            if int(next(g for g in match.groups() if g)) >= 35:
                return match.span()
        requirement = _REQUIREMENT.search(text)
        if requirement is not None:
            return requirement.span()
        for group in self._groups.finditer(text):
            after = _ONLY_AFTER.match(text, group.end())
            if after is not None:
                return group.start(), after.end()
            window = max(0, group.start() - 40)
            before = _ONLY_BEFORE.search(text, window, group.start())
            if before is None:
                before = _EXCLUDED_BEFORE.search(text, window, group.start())
                # a bare "no" turns a group away only as a condition in a list ("No Muslims, customers complain"),
                # not inside a sentence about it ("no refugees fleeing from war get help")
                if before is not None and before.group().split()[0] == "no" and _LISTED.match(text, group.end()) is None:
                    before = None
            if before is not None:
                return before.start(), group.end()
        return None
