"""The rules a company's policy adds: its lexicons, its internal domains, and its public domains
(an address there is published on purpose, not a leak)."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import replace
from functools import reduce

from smrisk.categories import CONFIDENTIAL
from smrisk.detectors.base import Detector, RegexDetector, RegexRule, WrappingDetector, needs_any, outermost
from smrisk.detectors.disparagement import DisparagementDetector
from smrisk.detectors.registry import DetectorRegistry
from smrisk.document import Document
from smrisk.evidence import Evidence
from smrisk.phrases import PLURAL_ENDING, phrase_pattern
from smrisk.policy import Policy, PolicyLexicon

#: Shipped rules whose hits at a public domain of the company are published contact details.
_PUBLIC_AT = ("confidential.email", "confidential.internal_tool_url", "confidential.internal_host")


def with_policy(registry: DetectorRegistry, policy: Policy) -> DetectorRegistry:
    """``registry`` with the policy's public domains applied to its rules and the policy's own rules added."""
    detectors: list[Detector] = []
    for detector in registry:
        if policy.company.public_domains and isinstance(detector, RegexDetector) and detector.name in _PUBLIC_AT:
            rule = detector.rule
            detector = RegexDetector(replace(rule, suppressor=_public_domain(policy, rule.suppressor)))
        detectors.append(detector)
    detectors.extend(policy_detectors(policy))
    return DetectorRegistry(detectors)


def policy_detectors(policy: Policy) -> list[Detector]:
    """One detector per policy lexicon, and one for the internal domains."""
    detectors: list[Detector] = [_lexicon_detector(lexicon) for lexicon in policy.lexicons]
    domains = policy.company.internal_domains
    if domains:
        company = policy.company.name or "the company"
        pattern = r"(?i)(?<![\w.-])(?:[a-z0-9-]+\.)*(?:" + "|".join(re.escape(d) for d in domains) + r")(?![\w-])(?:/\S*[^\s.,;:!?)\]'\"])?"
        detectors.append(RegexDetector(RegexRule(
            policy.internal_domains_source, CONFIDENTIAL, pattern, 0.9, f"a host of {company}'s internal domains",
            precheck=needs_any(*domains))))
    return detectors


def _lexicon_detector(lexicon: PolicyLexicon) -> Detector:
    """The lexicon's terms, each group matched its own way (``_terms_detector``), as one rule; with
    ``disparagement``, the claims against them too."""
    score = 0.0 if lexicon.context_only else lexicon.score
    reason = lexicon.reason + (f" (routes to {lexicon.route} when {lexicon.risk} is flagged)"
                               if lexicon.context_only and lexicon.route else "")
    parts = [_terms_detector(lexicon, match, terms, score, reason) for match, terms in lexicon.by_match().items()]
    found = parts[0] if len(parts) == 1 else AnyOfDetector(parts)
    if lexicon.disparagement:
        assert lexicon.claim_threshold is not None  # set with disparagement when the policy is read
        return DisparagementDetector(found, lexicon.score, lexicon.reason, lexicon.claim_threshold)
    return found


def _terms_detector(lexicon: PolicyLexicon, match: str, terms: tuple[str, ...], score: float, reason: str) -> Detector:
    """Terms matched through the folded layer (so "B1uef1n", "B l u e f i n" and "project  kestrel"
    match), like allow-list entries: as whole words (``word``, ``name``) or anywhere (``phrase``); regex or
    case-sensitive terms on the clean layer, as written."""
    if match == "regex":
        pattern = "|".join(f"(?:{t})" for t in terms)
        flags, layer = (0 if lexicon.case_sensitive else re.IGNORECASE), "clean"
    else:
        compiled = phrase_pattern(terms, lexicon.case_sensitive, whole_words=match != "phrase")
        assert compiled is not None  # a group has at least one term
        pattern, flags, layer = compiled.pattern, 0, "clean" if lexicon.case_sensitive else "folded"
    found: Detector = RegexDetector(RegexRule(lexicon.source, lexicon.risk, pattern, score, reason, flags=flags, layer=layer))
    if match in ("word", "name") and not lexicon.case_sensitive:
        found = HashtagDetector(found, RegexRule(lexicon.source, lexicon.risk, _joined_in_hashtag(terms), score, reason))
    if match == "name":
        found = NameDetector(found, terms)
    return found


class AnyOfDetector(WrappingDetector):
    """One lexicon whose terms are matched in several ways: the hits of each part, a hit inside a
    longer one of another part left out (a lexicon counts a stretch of text once)."""

    def __init__(self, parts: list[Detector]) -> None:
        super().__init__(parts[0])
        self._parts = parts
        needs = [part.needs for part in parts]
        self.needs = None if any(n is None for n in needs) else reduce(operator.or_, needs)

    def find(self, document: Document) -> list[Evidence]:
        spans: dict[tuple[int, int], Evidence] = {}
        for part in self._parts:
            for hit in part.find(document):
                spans.setdefault((hit.start, hit.end), hit)  # the same stretch found two ways counts once
        return outermost(sorted(spans.values(), key=lambda e: (e.start, e.start - e.end)))


def _joined_in_hashtag(terms: tuple[str, ...]) -> str:
    """A term at the start of a hashtag that joins it to more words, read by their capitals
    ("#HalvardDeal", "#ProjectKestrelLaunch"): a whole word to a reader, though not to a word pattern."""
    body = "|".join("[_-]?".join(re.escape(word) for word in term.split()) for term in terms)
    return rf"(?<=#)(?i:{body})(?=[A-Z0-9])"


class HashtagDetector(WrappingDetector):
    """A lexicon's own detector, plus its terms joined to more words in a hashtag (``_joined_in_hashtag``)."""

    def __init__(self, terms: Detector, joined: RegexRule) -> None:
        super().__init__(terms)
        self._joined = RegexDetector(joined)

    def find(self, document: Document) -> list[Evidence]:
        hits = self._inner.find(document)
        return hits + [e for e in self._joined.find(document) if not any(h.start < e.end and e.start < h.end for h in hits)]


class NameDetector(WrappingDetector):
    """Terms that are also everyday words ("Anchor", "Sea Glass"), counted only where written as a name:
    with a capital, disguised ("p3lican", "m a r i g o l d"), joined ("seaglass") or in a hashtag.
    "pelicans on the lake", the term written the everyday way in lower case, is the bird."""

    def __init__(self, terms: Detector, words: tuple[str, ...]) -> None:
        super().__init__(terms)
        # a term without cased letters ("747") cannot be told from its everyday use by case: always a name
        self._everyday = frozenset(_spaced(word.lower()) for word in words if word.lower() != word.upper())

    def find(self, document: Document) -> list[Evidence]:
        text = document.normalized.original
        return [hit for hit in self._inner.find(document) if text[max(hit.start - 1, 0):hit.start] == "#"
                or not {_spaced(hit.text), _spaced(_PLURAL.sub("", hit.text))} & self._everyday]


def _spaced(value: str) -> str:
    """Words apart by one space, as an everyday phrase is written ("sea-glass", "sea\nglass")."""
    return re.sub(r"[\s_-]+", " ", value)


_PLURAL = re.compile(PLURAL_ENDING + "$")  # the ending a term may carry ("pelicans", "Anchor's")


def _public_domain(policy: Policy, then: Callable[[str], tuple[float, str] | None] | None
                   ) -> Callable[[str], tuple[float, str] | None]:
    """A suppressor: a value at one of the company's public domains is published; else ``then``."""
    domains = policy.company.public_domains
    company = policy.company.name or "the company"

    def suppress(value: str) -> tuple[float, str] | None:
        host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value.lower()).split("/", 1)[0].rsplit("@", 1)[-1]
        if any(host == d or host.endswith("." + d) for d in domains):
            return 0.0, f"at {company}'s public domain, published on purpose"  # shown, weighs nothing, routes nowhere
        return then(value) if then is not None else None

    return suppress
