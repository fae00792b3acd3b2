"""One registry of detectors; names are unique so evidence sources stay unambiguous."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate

import ahocorasick

from smrisk.detectors.base import Detector
from smrisk.document import Document
from smrisk.errors import ConfigError
from smrisk.evidence import Evidence


class DetectorRegistry:
    """An ordered set of detectors; adding a second detector with a taken name is an error."""

    def __init__(self, detectors: Iterable[Detector] = (), watched: Iterable[str] = ()) -> None:
        self._detectors: dict[str, Detector] = {}
        self._dispatch: _Dispatch | None = None
        #: words of the folded layer looked for in the same scan as the detectors' keywords, for steps after the
        #: rules (``Document.folded_keys``), calling no detector
        self.watched = frozenset(watched)
        for detector in detectors:
            self.add(detector)

    def watching(self, words: Iterable[str]) -> DetectorRegistry:
        """This registry's detectors, with ``words`` watched too (whole words of the folded layer)."""
        return DetectorRegistry(self._detectors.values(), self.watched | frozenset(words))

    def add(self, detector: Detector) -> None:
        if detector.name in self._detectors:
            raise ConfigError(f"a detector named {detector.name!r} is already registered")
        self._detectors[detector.name] = detector
        self._dispatch = None

    def without(self, names: Iterable[str]) -> DetectorRegistry:
        """A registry with the named detectors left out (unknown names are an error)."""
        names = set(names)
        unknown = names - set(self._detectors)
        if unknown:
            raise ConfigError(f"unknown detector(s) {sorted(unknown)}; known: {sorted(self._detectors)}")
        return DetectorRegistry((d for n, d in self._detectors.items() if n not in names), self.watched)

    def __iter__(self) -> Iterator[Detector]:
        return iter(self._detectors.values())

    def __len__(self) -> int:
        return len(self._detectors)

    @property
    def names(self) -> list[str]:
        return list(self._detectors)

    def find(self, document: Document, every: bool = False) -> list[Evidence]:
        """Evidence from every detector, in registry order (``find_many`` of one document)."""
        return self.find_many([document], every)[0]

    def find_many(self, documents: Sequence[Document], every: bool = False) -> list[list[Evidence]]:
        """Each document's evidence from every detector, in registry order.

        One pass finds every rule's keywords (and the digit count is known), so a detector whose
        ``needs`` cannot be met is never called: most texts reach only a few detectors.
        ``every=True`` calls every detector (the reference the dispatch must equal). The work goes
        detector by detector: first which detectors each document needs, then each detector over
        all the documents that need it (its pattern and code stay hot in the processor's caches,
        where one text at a time through every detector evicts them).
        """
        if self._dispatch is None:
            self._dispatch = _Dispatch(list(self._detectors.values()), self.watched)
        found: list[list[Evidence]] = [[] for _ in documents]
        if every:
            chosen: dict[int, list[int]] = {id(d): list(range(len(documents))) for d in self._detectors.values()}
        else:
            chosen = {}
            candidates = self._dispatch.candidates
            for i, document in enumerate(documents):
                for detector in candidates(document):
                    chosen.setdefault(id(detector), []).append(i)
        nets: list[list[Evidence]] = [[] for _ in documents]
        for detector in self._detectors.values():
            into = nets if detector.fallback else found
            for i in chosen.get(id(detector), ()):
                hits = detector.find(documents[i])
                if hits:
                    into[i].extend(hits)
        for i, caught in enumerate(nets):
            if caught:
                read = [(e.start, e.end) for e in found[i]]
                found[i].extend(e for e in caught if not any(a < e.end and e.start < b for a, b in read))
        return found


class _Dispatch:
    """Which detectors a document can need: by keyword hit, by digit count, by a word or fragment of
    the folded layer, or always; less those missing a keyword their ``Needs.also`` asks for."""

    def __init__(self, detectors: list[Detector], watched: frozenset[str] = frozenset()) -> None:
        self.detectors = detectors
        self.by_keyword: dict[str, list[int]] = {}
        self.by_folded: dict[str, list[int]] = {}  # whole words and fragments of the folded layer
        self.by_digits: list[tuple[int, int]] = []
        self.always: list[int] = []
        self.also: dict[int, frozenset[str]] = {}  # detectors that also need every one of these keywords
        words: set[str] = set()
        whole: set[str] = set()  # keywords that count only as whole words
        for i, detector in enumerate(detectors):
            needs = detector.needs
            if needs is None:
                self.always.append(i)
                continue
            for keyword in needs.keywords:
                self.by_keyword.setdefault(keyword, []).append(i)
            if needs.also:  # looked for like keywords, but calling no detector by themselves
                self.also[i] = needs.also
                for keyword in needs.also:
                    self.by_keyword.setdefault(keyword, [])
            if needs.whole:
                whole.update(needs.keywords)
            for keyword in needs.words | needs.fragments:
                self.by_folded.setdefault(keyword, []).append(i)
            words.update(needs.words)
            if needs.digits is not None:
                self.by_digits.append((needs.digits, i))
        for word in watched:  # found like a detector's word, calling none
            self.by_folded.setdefault(word, [])
        words.update(watched)
        # a key that is one detector's word and another's fragment counts wherever it occurs: a detector
        # called in vain finds nothing, one left out would lose its hits
        fragments = {k for d in detectors if d.needs is not None for k in d.needs.fragments}
        anywhere = {k for d in detectors if d.needs is not None and not d.needs.whole for k in d.needs.keywords}
        anywhere.update(k for also in self.also.values() for k in also)  # ``Needs.also`` is a plain substring test
        self.finder = KeywordFinder(self.by_keyword, self.by_folded, whole - anywhere, words - fragments)
        self.folded_scope = frozenset(self.by_folded)  # the folded-layer keys looked for (``Document.folded_keys``)
        self.most_digits = max((threshold for threshold, _ in self.by_digits), default=0)
        self.seen: dict[tuple[frozenset[str], frozenset[str], int], list[Detector]] = {}

    def candidates(self, document: Document) -> list[Detector]:
        clean, text = document.clean_lower, document.normalized.folded.text
        if clean == text:  # the usual case (nothing folded but case): one scan finds both
            keywords, folded = self.finder(clean)
        else:
            keywords, folded = self.finder(clean, layers=1)[0], self.finder(text, layers=2)[1]
        document.keywords = keywords
        document.folded_keys = (self.folded_scope, folded)
        digits = min(document.digits, self.most_digits) if self.by_digits else 0
        key = (keywords, folded, digits)
        chosen = self.seen.get(key)
        if chosen is None:  # few texts bring a new combination: remember each
            indices = set(self.always)
            for keyword in keywords:
                indices.update(self.by_keyword[keyword])
            for keyword in folded:
                indices.update(self.by_folded[keyword])
            indices.update(i for threshold, i in self.by_digits if digits >= threshold)
            # a detector is sure to find nothing without what its ``Needs.also`` asks for
            indices.difference_update(i for i, also in self.also.items() if not also <= keywords)
            chosen = [self.detectors[i] for i in sorted(indices)]
            if len(self.seen) < 10_000:
                self.seen[key] = chosen
        return chosen


_ChunkKeys = tuple[tuple[str, ...], tuple[str, ...], bool]  # a chunk's keys of each set, and whether it holds a piece


class KeywordFinder:
    """Every keyword of two sets that occurs in a text, overlapping ones included: the pre-check of all
    rules. ``keywords`` are looked for in the lower-cased clean layer, ``folded`` in the folded layer (the
    same string for most texts, so one scan serves both); those in ``whole_keywords`` (of the first set) and
    ``whole_words`` (of the second) count only as a whole ``\\w+`` word of the text (a run of word
    characters).

    A key without whitespace lies inside one whitespace-separated chunk of the text, and the whitespace
    or text edge around a chunk is no word character, as the text's edge is not: so a text's keys are
    its chunks' keys. Each chunk is scanned once (an Aho-Corasick automaton) and its keys kept (bounded):
    the same words recur, so most texts cost one split and one look-up per chunk, both in C. The few
    keys holding a space ("backup code") are found by a second automaton over the whole text, run only
    where a chunk holds the longest piece of one of them ("backup").
    """

    def __init__(self, keywords: Iterable[str], folded: Iterable[str] = (), whole_keywords: Iterable[str] = (),
                 whole_words: Iterable[str] = ()) -> None:
        keywords, folded = set(keywords), set(folded)
        whole_keywords, whole_words = set(whole_keywords), set(whole_words)
        # each key's value: the key, its sets (1: keywords, 2: folded) and those in which it must be a whole word
        values = {}
        for keyword in keywords | folded:
            sets = (keyword in keywords) | 2 * (keyword in folded)
            values[keyword] = (keyword, sets, sets & ((keyword in whole_keywords) | 2 * (keyword in whole_words)))
        spaced = {k: v for k, v in values.items() if _spaced(k)}
        # the longest piece of each key holding a space: a text without any of them in a chunk holds no such key
        within = {k: v for k, v in values.items() if k not in spaced}
        for key in spaced:
            piece = max(key.split(), key=len)
            keyword, sets, whole = within.get(piece, (piece, 0, 0))
            within[piece] = (keyword, sets | _PIECE, whole)
        self._within = _automaton(within)
        self._spaced = _automaton(spaced)
        self._chunks: dict[str, _ChunkKeys | tuple[()]] = {}  # a chunk -> its keys

    def __call__(self, text: str, layers: int = 3) -> tuple[frozenset[str], frozenset[str]]:
        """The keywords and the folded-layer keys in ``text`` (``layers``: 1 for the first set only, 2
        for the second only, 3 for both)."""
        if self._within is None:
            return _NONE
        chunks = text.split()
        values = list(map(self._chunks.get, chunks))
        if None in values:
            self._learn(chunks, values)
        hits: list[_ChunkKeys] = list(filter(None, values))  # type: ignore[arg-type]  # the chunks holding a key (most hold none)
        if not hits:
            return _NONE
        found: tuple[list[str], list[str]] = ([], [])
        piece = False
        for first, second, has_piece in hits:
            found[0].extend(first)
            found[1].extend(second)
            piece = piece or has_piece
        if piece and self._spaced is not None:
            spaced_first, spaced_second, _ = _scan(self._spaced, text)
            found[0].extend(spaced_first)
            found[1].extend(spaced_second)
        return (frozenset(found[0]) if layers & 1 else _NONE[0]), (frozenset(found[1]) if layers & 2 else _NONE[1])

    def _learn(self, chunks: list[str], values: list[_ChunkKeys | tuple[()] | None]) -> None:
        """Scan the chunks not seen before, in one pass over them joined by line breaks (no key without
        whitespace spans one, and a line break is no word character, as a chunk's edge is not), and
        remember the short ones."""
        known = self._chunks
        if len(known) >= _CHUNKS_KEPT:  # bounded: an archive of distinct words must not grow memory
            known.clear()
        assert self._within is not None
        missing = [at for at, value in enumerate(values) if value is None]
        new = [chunks[at] for at in missing]
        joined = "\n".join(new)
        starts = list(accumulate((len(chunk) + 1 for chunk in new[:-1]), initial=0))
        found: dict[int, _Sorted] = {}
        for end, keyword, sets in _hits(self._within, joined):
            _sort(found.setdefault(bisect_right(starts, end) - 1, ([], [], [])), keyword, sets)
        for index, (at, chunk) in enumerate(zip(missing, new, strict=True)):
            first, second, piece = found.get(index, ([], [], []))
            value: _ChunkKeys | tuple[()] = (tuple(first), tuple(second), bool(piece)) if first or second or piece else ()
            values[at] = value
            if len(chunk) <= _LONGEST_KEPT_CHUNK:
                known[chunk] = value


_CHUNKS_KEPT = 50_000
_NONE: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
_PIECE = 4  # a key's bit when it is the piece of a key holding a space that chunks are scanned for
_LONGEST_KEPT_CHUNK = 32  # longer chunks (links, runs of symbols) are rare repeats and would pin memory


def _spaced(key: str) -> bool:
    """Whether ``key`` holds a character ``str.split`` splits at (then it can span two chunks)."""
    return len(key.split()) != 1 or key.strip() != key


def _automaton(values: dict[str, tuple[str, int, int]]) -> ahocorasick.Automaton | None:
    """An automaton of ``values``' keys (None: no key)."""
    if not values:
        return None
    automaton = ahocorasick.Automaton()
    for key, value in values.items():
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton


_Sorted = tuple[list[str], list[str], list[bool]]  # keys of the first set, of the second, and a mark per piece found


def _sort(into: _Sorted, keyword: str, sets: int) -> None:
    """File one hit of ``_hits`` by its sets: a key of the first set, of the second, the piece of a spaced key."""
    if sets & _PIECE:
        into[2].append(True)
    if sets & 1:
        into[0].append(keyword)
    if sets & 2:
        into[1].append(keyword)


def _scan(automaton: ahocorasick.Automaton, text: str) -> tuple[list[str], list[str], bool]:
    """The keys of each set found in ``text`` (those to be whole words only where they are), and whether
    it holds the piece of a key with a space (``_PIECE``)."""
    found: _Sorted = ([], [], [])
    for _, keyword, sets in _hits(automaton, text):
        _sort(found, keyword, sets)
    return found[0], found[1], bool(found[2])


def _hits(automaton: ahocorasick.Automaton, text: str) -> Iterator[tuple[int, str, int]]:
    """Each key the automaton finds in ``text``: where it ends, the key and its sets, less those in which it
    must be a whole word where it stands inside a longer one."""
    last = len(text) - 1
    for end, (keyword, sets, whole) in automaton.iter(text):
        if sets & whole:
            start = end - len(keyword) + 1
            if (start > 0 and _word_char(text[start - 1])) or (end < last and _word_char(text[end + 1])):
                sets &= ~whole  # inside a longer word
        yield end, keyword, sets


def _word_char(char: str) -> bool:
    """Whether ``re``'s ``\\w`` matches ``char`` (a letter, digit or numeric character, or "_")."""
    return char.isalnum() or char == "_"
