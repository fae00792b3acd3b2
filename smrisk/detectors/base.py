"""Generic detectors: most rules are a few lines of data on top of these two classes."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from smrisk.categories import check_category
from smrisk.document import Document
from smrisk.errors import ConfigError
from smrisk.evidence import Evidence
from smrisk.phrases import adjacent_pattern, with_informal_spellings

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Needs:
    """A precheck declared as data: the lower-cased clean text holds one of ``keywords``, or has
    at least ``digits`` digits; and it holds every one of ``also``. Being data, the keywords of every
    rule can be found in one pass (``DetectorRegistry`` runs one Aho-Corasick automaton and records
    the hits on the document); ``also`` is tested by the detector itself, on the texts that pass."""

    keywords: frozenset[str] = frozenset()
    digits: int | None = None
    also: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()  # or one of these is a whole ``\w+`` word of the folded layer
    fragments: frozenset[str] = frozenset()  # or one of these is in the folded layer
    whole: bool = False  # ``keywords`` count only as whole ``\w+`` words (a registry looks for them so)

    def __call__(self, document: Document) -> bool:
        if self.also and not all(k in document.clean_lower for k in self.also):
            return False
        if self.digits is not None and document.digits >= self.digits:
            return True
        if self.words and not self.words.isdisjoint(document.words):
            return True
        if any(f in document.normalized.folded.text for f in self.fragments):
            return True
        if not self.keywords:
            return False
        found = document.keywords
        if found is None:  # a detector used on its own, outside a registry
            return any(k in document.clean_lower for k in self.keywords)
        return not self.keywords.isdisjoint(found)

    def __or__(self, other: Needs) -> Needs:
        """Either precheck passes (so only what both need ``also`` is needed)."""
        digits = [d for d in (self.digits, other.digits) if d is not None]
        return Needs(self.keywords | other.keywords, min(digits) if digits else None, self.also & other.also,
                     self.words | other.words, self.fragments | other.fragments, self.whole and other.whole)


class Detector(ABC):
    """A named rule for one risk: ``find(document)`` returns the evidence it sees.

    ``needs`` is what a document must hold for ``find`` to find anything (None: no cheap test);
    a registry skips the detector for documents without it. A ``fallback`` detector's hits yield to
    every other detector's: a registry drops those that overlap one (a safety net adds no second reading
    of a value a rule has read, and does not mask one a rule judged public, such as a toll-free line).
    """

    name: str
    category: str
    needs: Needs | None = None
    fallback: bool = False

    @abstractmethod
    def find(self, document: Document) -> list[Evidence]:
        """Evidence for this rule in ``document``, spans in the original text."""


class WrappingDetector(Detector):
    """A detector that adds to (or filters) the hits of another: it takes that one's name, risk and
    pre-check, so routes, ``disabled_detectors`` and the registry see a single rule."""

    def __init__(self, inner: Detector) -> None:
        self.name, self.category, self.needs = inner.name, inner.category, inner.needs
        self._inner = inner


@dataclass(frozen=True)
class RegexRule:
    """A pattern rule declared as data.

    ``precheck`` is a cheap test of the document (a keyword or number of digits the pattern
    cannot match without) that lets most texts skip the regex. ``validator`` receives
    the text of ``group`` and rejects false positives (Luhn, mod-97, a
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
    credential: bool = False  # the value opens something by itself (password, PIN): masked whole, no tail
    layer: str = "clean"
    precheck: Needs | None = None
    hint: str | None = None


def needs_any(*keywords: str) -> Needs:
    """A precheck: the lower-cased clean text contains one of ``keywords``."""
    return Needs(keywords=frozenset(k.lower() for k in keywords))


def needs_all(first: str, *others: str) -> Needs:
    """A precheck: the lower-cased clean text contains ``first`` and every one of ``others``."""
    return Needs(keywords=frozenset({first.lower()}), also=frozenset(k.lower() for k in others))


def needs_digits(count: int) -> Needs:
    """A precheck: the text has at least ``count`` digits."""
    return Needs(digits=count)


class RegexDetector(Detector):
    """Runs one ``RegexRule`` over a layer of the normalised text."""

    def __init__(self, rule: RegexRule) -> None:
        self.rule = rule
        self.name = rule.name
        self.category = check_category(rule.category)
        self._regex = re.compile(rule.pattern, rule.flags)
        self._hint = None if rule.hint is None else re.compile(rule.hint, rule.flags)
        self.needs = rule.precheck

    def find(self, document: Document) -> list[Evidence]:
        rule = self.rule
        # a registry that found the text's keywords (``document.keywords``) calls this detector only where its
        # precheck holds: tested again only for a document no registry has read
        if rule.precheck is not None and document.keywords is None and not rule.precheck(document):
            return []
        text = document.layer(rule.layer).text
        if self._hint is not None and self._hint.search(text) is None:
            return []
        found: list[Evidence] = []
        for match in self._regex.finditer(text):
            value = match.group(rule.group)
            if not value or (rule.validator is not None and not rule.validator(value)):
                continue
            score, reason, sensitive = rule.score, rule.reason, rule.sensitive
            verdict = rule.suppressor(value) if rule.suppressor is not None else None
            if verdict is not None:
                (score, reason), sensitive = verdict, False  # suppressed: judged public, shown as is
            start, end, text = document.original_span(rule.layer, *match.span(rule.group))
            found.append(Evidence(rule.category, rule.name, start, end, text, score, reason, sensitive,
                                  credential=sensitive and rule.credential))
        return found


@dataclass(frozen=True)
class LexiconRule:
    """A phrase-lexicon rule: its id, risk, score and the reason shown to a reviewer."""

    name: str
    category: str
    score: float
    reason: str
    patterns: tuple[str | list[dict[str, object]], ...] = field(default=())
    names_subject: bool = False  # the span reaches back over the name its first word ends ("Dr. Patel at St Mary's")


def _phrase_needs(phrase: str, tokens: list[str]) -> tuple[str, frozenset[str]] | None:
    """The words a text must contain for the phrase to match, and the rarest of them to index by.

    Only tokens that are whole ``\\w+`` words of the phrase count (a token like "'re" cannot be
    tested on a set of words). The index word is the longest non-stop-word, for selectivity.
    None if no token qualifies.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    plain = set(_WORDS.findall(phrase))
    candidates = [t for t in tokens if t in plain]
    if not candidates:
        return None
    return max(candidates, key=lambda t: (t not in STOP_WORDS, len(t))), frozenset(candidates)


@dataclass(frozen=True, slots=True)
class TokenNeed:
    """What one required token of a pattern needs: one of ``words`` among the text's ``\\w+`` words, or
    one of ``fragments`` (accepted words that are not plain words, such as "he's") in the text."""

    words: frozenset[str]
    fragments: tuple[str, ...] = ()

    def met(self, words: frozenset[str], text: str) -> bool:
        if not self.words.isdisjoint(words):
            return True
        for fragment in self.fragments:  # a token equal to a fragment is a substring of the (lower-case) text
            if fragment in text:
                return True
        return False


def _required_words(pattern: list[dict[str, object]]) -> list[TokenNeed] | None:
    """For each token a pattern requires, the words it accepts (a necessary condition): the plain
    ``\\w+`` words tested on the text's set of words, the others (such as "you're") as substrings.

    None when a required token is not constrained by ``LOWER`` alone: then no cheap pre-check is
    safe. The needs come most selective first (fewest stop-words), so a text fails early.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    needs = []
    for spec in pattern:
        if spec.get("OP") in ("?", "*"):
            continue
        if set(spec) - {"LOWER", "OP"} or "LOWER" not in spec:
            return None
        words = accepted_words(spec)
        if words is None:  # any word but some: it needs a token, not a word the text must hold
            continue
        plain = frozenset(w for w in words if _WORDS.fullmatch(w))
        needs.append(TokenNeed(plain, tuple(sorted(set(words) - plain))))
    return sorted(needs, key=lambda need: sum(w in STOP_WORDS for w in (*need.words, *need.fragments)))


def accepted_words(spec: dict[str, object]) -> list[str] | None:
    """The words a token spec's ``LOWER`` test accepts: its ``IN`` list or its one word; [] without a
    ``LOWER`` test; None for a test without an ``IN`` list (``NOT_IN``, ``REGEX``), which accepts open
    classes of words."""
    lower = spec.get("LOWER")
    if lower is None:
        return []
    if isinstance(lower, dict):
        if "IN" not in lower:  # NOT_IN or REGEX
            return None
        return [str(w) for w in lower["IN"]]
    return [str(lower)]


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
        anchors: dict[str, set[tuple[frozenset[str], re.Pattern[str]]]] = {}
        needs: list[list[TokenNeed]] = []
        # each rule's token patterns' needs, and a matcher of that rule's patterns alone
        self._rule_matchers: list[tuple[list[list[TokenNeed]], Matcher]] = []
        always = False  # a pattern without a safe anchor: never skip this detector
        for rule in self.rules.values():
            # each phrase as written and as typed in a hurry ("dont tell anybody"): folding leaves such words alone
            phrases = with_informal_spellings(p for p in rule.patterns if isinstance(p, str))
            token_patterns = [p for p in rule.patterns if not isinstance(p, str)]
            if phrases:
                docs = [nlp.make_doc(p) for p in phrases]
                self._phrases.add(rule.name, docs)
                for phrase, doc in zip(phrases, docs, strict=True):
                    phrase_needs = _phrase_needs(phrase, [t.text for t in doc])
                    always = always or phrase_needs is None
                    if phrase_needs is not None:
                        anchors.setdefault(phrase_needs[0], set()).add((phrase_needs[1], _adjacent(doc)))
            if token_patterns:
                _check_attributes(rule.name, token_patterns)
                token_patterns = [_with_joined_forms(p) for p in token_patterns]
                if rule.names_subject:
                    token_patterns += [a for a in map(_with_apposition, token_patterns) if a is not None]
                split = [piece for p in token_patterns for piece in _split_multitoken_words(p, nlp)]
                self._tokens.add(rule.name, split)
                alone = Matcher(nlp.vocab)
                alone.add(rule.name, split)
                # the pre-checks read the patterns as written: "youre" or "two-faced" is in the text even
                # where the tokenizer splits it (a test of its pieces as words would skip real matches)
                rule_needs = []
                for pattern in token_patterns:
                    required = _required_words(pattern)
                    always = always or required is None
                    needs.append(required or [])
                    rule_needs.append(required or [])
                self._rule_matchers.append((rule_needs, alone))
        self._phrase_index = {anchor: tuple(sets) for anchor, sets in anchors.items()}
        self._anchors = frozenset(anchors)
        self._always = always
        # every pattern's first (most selective) need in one: a text that meets none of them skips the loop
        self._gate: TokenNeed | None = None
        if needs and all(needs):
            self._gate = TokenNeed(frozenset().union(*(n[0].words for n in needs)),
                                   tuple(sorted({f for n in needs for f in n[0].fragments})))
        # what a registry looks for before calling ``find``: an anchor of a phrase, or what the gate needs
        # (without a gate, a token pattern may match any text)
        self._scope: frozenset[str] | None = None  # the last registry's keys (``_registry_keys``), and whether they cover ``needs``
        self._in_scope = False
        self.needs = None if always or (self._rule_matchers and self._gate is None) else Needs(
            words=self._anchors | (self._gate.words if self._gate else frozenset()),
            fragments=frozenset(self._gate.fragments if self._gate else ()))

    @property
    def rule_names(self) -> list[str]:
        return list(self.rules)

    def _phrases_possible(self, words: frozenset[str], text: str) -> bool:
        """Whether a phrase could match: its words are among the text's, and its tokens stand in the
        (folded) text one after the other (see ``_adjacent``)."""
        if self._always:
            return True
        if self._anchors.isdisjoint(words):
            return False
        index = self._phrase_index
        return any(need <= words and tokens.search(text) is not None
                   for anchor in self._anchors.intersection(words) for need, tokens in index[anchor])

    def _registry_keys(self, document: Document) -> frozenset[str] | None:
        """The folded-layer keys a registry found in ``document``, when it looked for every word of this
        lexicon's ``needs`` (its phrases' anchors, its gate's words); else None.

        Those words are whole words of the folded layer, so the keys answer for them as the text's set of
        words would: an anchor among the keys is among the words, and the gate is met on the keys where it
        is met on the words (its fragments are looked for in the text either way)."""
        found = document.folded_keys
        if found is None or self.needs is None:
            return None
        scope, keys = found
        if scope is not self._scope:
            self._scope, self._in_scope = scope, self.needs.words <= scope
        return keys if self._in_scope else None

    def _phrases_anchored(self, keys: frozenset[str], text: str) -> bool:
        """``_phrases_possible`` read from a registry's keys: an anchor found, and the tokens of one of its
        phrases one after the other in the text. True wherever ``_phrases_possible`` is (the test of the
        phrase's other words is left to the PhraseMatcher)."""
        if self._anchors.isdisjoint(keys):
            return False
        index = self._phrase_index
        return any(tokens.search(text) is not None for anchor in self._anchors.intersection(keys) for _, tokens in index[anchor])

    def _tokens_possible(self, words: frozenset[str], text: str) -> bool:
        return self._token_matcher(words, text) is not None

    def _token_matcher(self, words: frozenset[str], text: str) -> Matcher | None:
        """The matcher to run over a text's tokens: None when no token pattern can match, the matcher
        of one rule's patterns when only that rule's can, else the one of every rule.

        A matcher's states advance one by one, each on its own, in the order of their patterns, so
        a matcher holding a subset of the rules finds exactly the matches of those rules, in the same
        order, as the matcher of all of them; a rule whose needs fail finds nothing in either.
        """
        if self._always:
            return self._tokens
        if self._gate is not None and not self._gate.met(words, text):
            return None
        chosen = None
        for rule_needs, alone in self._rule_matchers:  # plain loops: this runs for every text the gate passes
            for needs in rule_needs:
                for need in needs:
                    if not need.met(words, text):
                        break
                else:
                    break  # every need of this pattern is met
            else:
                continue  # no pattern of this rule can match
            if chosen is not None:
                return self._tokens  # two rules or more
            chosen = alone
        return chosen

    def find(self, document: Document) -> list[Evidence]:
        text = document.normalized.folded.text
        keys = self._registry_keys(document)
        if keys is None:
            words = document.words
            phrases = self._phrases_possible(words, text)
            tokens = self._token_matcher(words, text)
        else:  # the text's set of words is read only where a token pattern's gate is met (few texts)
            phrases = self._phrases_anchored(keys, text)
            gated = self._rule_matchers and self._gate is not None and self._gate.met(keys, text)
            tokens = self._token_matcher(document.words, text) if gated else None
        if not phrases and tokens is None:
            return []
        doc = document.doc
        matches = (self._phrases(doc) if phrases else []) + (tokens(doc) if tokens is not None else [])
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
            if rule.names_subject:
                original = document.normalized.original
                o_start = name_start(original, o_start)
                text = original[o_start:o_end]
            found.append(Evidence(rule.category, rule.name, o_start, o_end, text, rule.score, rule.reason))
        return outermost(found)


#: Capitalised words (with the titles and initials a name holds: "Dr.", "St", "J."), joined by the small words
#: inside names and places ("Patel at St Mary's", "Bank of Leeds"), right before a position
_NAME_BEFORE = re.compile(r"(?:(?:[A-Z][\w'’&-]*\.?|at|from|of|in|de|van|von|du)\s+)+$")
_TITLES = frozenset({"dr.", "mr.", "mrs.", "ms.", "st.", "prof.", "jr.", "sr.", "co.", "inc.", "ltd."})
_NAME_REACH = 60
_WORD_AT = re.compile(r"\S+")
#: Capitalised words that open a sentence and are no part of the name after them ("Heard Brightmill pays off"),
#: besides spaCy's stop words ("Our", "The")
_OPENERS = frozenset({"heard", "apparently", "honestly", "reportedly", "allegedly", "rumour", "rumor", "breaking", "psa",
                      "fyi", "wow", "lol", "omg", "seriously", "basically", "literally", "guess", "yes", "yeah", "yep",
                      "nope", "ok", "okay", "btw"})


def _not_a_name(word: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    return word in STOP_WORDS or word in _OPENERS


def name_start(text: str, start: int) -> int:
    """Where the name that ends at ``start`` (or at the word starting there) begins in ``text``: the capitalised
    words and name-joining words right before it, within the sentence ("Dr. Patel at St Mary's", "John Smith
    from"); ``start`` itself when there are none."""
    offset = max(0, start - _NAME_REACH)
    found = _NAME_BEFORE.search(text, offset, start)
    if found is None:
        return start
    words = list(_WORD_AT.finditer(text, found.start(), start))
    if words and words[0].start() == offset and offset > 0 and not text[offset - 1].isspace():
        words = words[1:]  # a word the window cut
    # not across a sentence's end ("...left Acme. Tom"): from the word after the last one that ends a sentence
    ends = [k for k, word in enumerate(words)
            if word.group().endswith(".") and word.group().lower() not in _TITLES and len(word.group()) > 2]
    words = words[ends[-1] + 1 :] if ends else words
    # a name starts with a capital ("at St Mary's" is a place without its person), not with a word a sentence starts
    # with ("Heard", "Our")
    while words and (not words[0].group()[:1].isupper() or _not_a_name(words[0].group().lower())):
        words = words[1:]
    return words[0].start() if words else start


def _adjacent(phrase: Doc) -> re.Pattern[str]:
    """What a text must hold for a ``PhraseMatcher`` to find ``phrase`` in its tokens (``adjacent_pattern``)."""
    return re.compile(adjacent_pattern([token.text for token in phrase]))


def outermost(found: list[Evidence]) -> list[Evidence]:
    """Hits of one rule inside a longer hit of the same rule left out: optional tokens make a pattern match
    "skimmed wages", "skimmed wages from" and "skimmed wages from its", which a reviewer would see three times
    (and a lexicon whose terms are matched several ways finds a name inside a longer term)."""
    if len(found) < 2:
        return found
    by_source: dict[str, list[int]] = {}
    for i, e in enumerate(found):
        by_source.setdefault(e.source, []).append(i)
    inside: set[int] = set()
    for indices in by_source.values():
        # by start, the longer first: every hit that can hold one comes before it, and a hit of the same span (not a
        # longer one) right next to it. A long text can hold thousands of hits of one rule: no pair is compared.
        reach, run, run_reach = -1, (-1, -1), -1
        for i in sorted(indices, key=lambda i: (found[i].start, -found[i].end)):
            span = (found[i].start, found[i].end)
            if span != run:
                run, run_reach = span, reach  # the furthest end of the hits before this span's run
            if run_reach >= span[1]:
                inside.add(i)
            reach = max(reach, span[1])
    return [e for i, e in enumerate(found) if i not in inside] if inside else found


def _with_joined_forms(pattern: list[dict[str, object]]) -> list[dict[str, object]]:
    """``pattern`` with each hyphenated ``LOWER`` word also accepted joined ("pig-headed", "pigheaded"):
    folding writes the joined form when the model knows it as a word, as it undoes "f-u-c-k"."""
    out = []
    for spec in pattern:
        words = accepted_words(spec) or []
        joined = [w.replace("-", "") for w in words if "-" in w and w.replace("-", "") not in words]
        out.append({**spec, "LOWER": {"IN": [*words, *joined]}} if joined else spec)
    return out


def _with_apposition(pattern: list[dict[str, object]]) -> list[dict[str, object]] | None:
    """A pattern of a subject, its optional verbs ("has been") and what it is said to do, also with the
    subject's description set off by commas between them: "Greg Thompson, CEO of Halvard, has been embezzling"
    (the comma and at least one of those verbs: "after the audit, embezzling ..." says it of nobody). None for
    a pattern of another shape."""
    if len(pattern) < 3 or pattern[1].get("OP") != "*":
        return None
    return [pattern[0], {"LOWER": ","}, {**pattern[1], "OP": "+"}, *pattern[2:]]


def _split_multitoken_words(pattern: list[dict[str, object]], nlp) -> list[list[dict[str, object]]]:  # noqa: ANN001
    """``pattern`` as patterns the Matcher can meet: a hyphenated ``LOWER`` word the tokenizer splits
    ("two-faced" is "two", "-", "faced") never equals one token, so it becomes its own pattern with one
    spec per piece. Contractions ("you're", "youre") are left as written: the lexicons spell out their
    pieces in patterns of their own, and splitting them again would only add patterns to every match."""
    for index, spec in enumerate(pattern):
        words = accepted_words(spec) or []
        split = {w: [t.text for t in nlp.make_doc(w)] for w in words if "-" in w}
        multi = [w for w, pieces in split.items() if len(pieces) > 1]
        if not multi:
            continue
        if set(spec) != {"LOWER"}:
            raise ConfigError(f"token pattern {pattern!r}: a word of several tokens ({multi[0]!r}) may only stand "
                              f"in a plain LOWER test")
        head, tail = pattern[:index], pattern[index + 1:]
        single = [w for w in words if w not in multi]
        variants = [head + [{**spec, "LOWER": {"IN": single}}] + tail] if single else []
        for word in multi:
            variants.append(head + [{"LOWER": piece} for piece in split[word]] + tail)
        return [p for variant in variants for p in _split_multitoken_words(variant, nlp)]
    return [pattern]


def _check_attributes(name: str, patterns: list[list[dict[str, object]]]) -> None:
    """Token patterns may test only what the shared vocabulary computes (``PATTERN_ATTRIBUTES``)."""
    from smrisk.nlp import PATTERN_ATTRIBUTES

    for pattern in patterns:
        unknown = sorted({key for spec in pattern for key in spec} - PATTERN_ATTRIBUTES)
        if unknown:
            raise ConfigError(f"lexicon rule {name!r}: token patterns may use {', '.join(sorted(PATTERN_ATTRIBUTES))}, "
                              f"not {', '.join(unknown)}")
