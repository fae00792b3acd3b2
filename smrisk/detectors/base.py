"""Generic detectors: most rules are a few lines of data on top of these two classes."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from smrisk.categories import check_category
from smrisk.document import Document
from smrisk.evidence import Evidence


class Detector(ABC):
    """A named rule for one risk: ``find(document)`` returns the evidence it sees."""

    name: str
    category: str

    @abstractmethod
    def find(self, document: Document) -> list[Evidence]:
        """Evidence for this rule in ``document``, spans in the original text."""


@dataclass(frozen=True)
class RegexRule:
    """A pattern rule declared as data.

    ``validator`` receives the text of ``group`` and rejects false positives (Luhn, mod-97, a
    phone-number parser...). ``suppressor`` may lower the score of a valid match that is
    probably harmless and public (so no longer masked), returning ``(score, reason)``, or None
    to keep it.
    """

    name: str
    category: str
    pattern: str
    score: float
    reason: str
    group: int | str = 0
    flags: int = 0
    validator: Callable[[str], bool] | None = None
    suppressor: Callable[[str], tuple[float, str] | None] | None = None
    sensitive: bool = False
    layer: str = "clean"


class RegexDetector(Detector):
    """Runs one ``RegexRule`` over a layer of the normalised text."""

    def __init__(self, rule: RegexRule) -> None:
        self.rule = rule
        self.name = rule.name
        self.category = check_category(rule.category)
        self._regex = re.compile(rule.pattern, rule.flags)

    def find(self, document: Document) -> list[Evidence]:
        rule = self.rule
        found: list[Evidence] = []
        for match in self._regex.finditer(document.layer(rule.layer).text):
            value = match.group(rule.group)
            if not value or (rule.validator is not None and not rule.validator(value)):
                continue
            score, reason, sensitive = rule.score, rule.reason, rule.sensitive
            verdict = rule.suppressor(value) if rule.suppressor is not None else None
            if verdict is not None:
                (score, reason), sensitive = verdict, False  # suppressed: judged public, shown as is
            start, end, text = document.original_span(rule.layer, *match.span(rule.group))
            found.append(Evidence(rule.category, rule.name, start, end, text, score, reason, sensitive))
        return found


@dataclass(frozen=True)
class LexiconRule:
    """A phrase-lexicon rule: its id, risk, score and the reason shown to a reviewer."""

    name: str
    category: str
    score: float
    reason: str
    patterns: tuple[str | list[dict[str, object]], ...] = field(default=())


class LexiconDetector(Detector):
    """All lexicon rules of one risk, matched in one pass with spaCy's PhraseMatcher and Matcher.

    Phrases (strings) go to a PhraseMatcher, token patterns (lists of dicts) to a Matcher, both
    built once on the shared vocab and run over the folded (lower-cased, de-obfuscated) layer.
    """

    def __init__(self, category: str, rules: Iterable[LexiconRule], nlp) -> None:  # noqa: ANN001
        from spacy.matcher import Matcher, PhraseMatcher

        self.category = check_category(category)
        self.name = f"{category}.lexicon"
        self.rules = {rule.name: rule for rule in rules}
        self._phrases = PhraseMatcher(nlp.vocab)
        self._tokens = Matcher(nlp.vocab)
        for rule in self.rules.values():
            phrases = [p.lower() for p in rule.patterns if isinstance(p, str)]
            token_patterns = [p for p in rule.patterns if not isinstance(p, str)]
            if phrases:
                self._phrases.add(rule.name, list(nlp.tokenizer.pipe(phrases)))
            if token_patterns:
                self._tokens.add(rule.name, token_patterns)

    @property
    def rule_names(self) -> list[str]:
        return list(self.rules)

    def find(self, document: Document) -> list[Evidence]:
        doc = document.doc
        matches = self._phrases(doc) + self._tokens(doc)
        if not matches:
            return []
        strings = doc.vocab.strings
        found: list[Evidence] = []
        seen: set[tuple[str, int, int]] = set()
        for match_id, start, end in matches:
            rule = self.rules[strings[match_id]]
            span = doc[start:end]
            key = (rule.name, span.start_char, span.end_char)
            if key in seen:
                continue
            seen.add(key)
            o_start, o_end, text = document.original_span("folded", span.start_char, span.end_char)
            found.append(Evidence(rule.category, rule.name, o_start, o_end, text, rule.score, rule.reason))
        return found
