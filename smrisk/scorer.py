"""The Scorer owns the whole pipeline: normalise, detect, model, context, combine, report."""

from __future__ import annotations

import logging
import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, Literal, TypeVar

import numpy as np

from smrisk.attribution import claims_about_others
from smrisk.categories import CATEGORIES, TYPICAL_OF
from smrisk.combine import combine
from smrisk.config import HIDING_SWITCHES, ScoringConfig
from smrisk.context import ContextAdjuster
from smrisk.detectors import DetectorRegistry, LexiconDetector, default_registry
from smrisk.detectors.lexicon_files import context_rows
from smrisk.detectors.policy_rules import with_policy
from smrisk.document import Document
from smrisk.errors import ConfigError, InputError, InputTypeError, require_text
from smrisk.evidence import MODEL_SOURCE, Evidence
from smrisk.gc_pause import collection_paused
from smrisk.idioms import IDIOM_NOTE_ENDING, shipped_idioms
from smrisk.interjections import AIMED_AT_NO_ONE, interjections
from smrisk.language import unsupported_language_note
from smrisk.model.linear import TextShares, merge_overlapping
from smrisk.model.store import ModelBundle, save_bundle
from smrisk.nlp import shared_nlp
from smrisk.normalize import NormalizedText, Normalizer
from smrisk.phrases import phrase_pattern
from smrisk.policy import Policy
from smrisk.refusals import (
    DECLINES_TO_DISCLOSE,
    KEPT_BACK,
    REFUSAL_NOTE_ENDING,
    REMINDS_NOT_TO_POST,
    REMINDS_NOT_TO_SHARE,
    credential_reminders,
    details_reminders,
    refusals,
)
from smrisk.report import CategoryScore, HiddenPhrase, RiskReport
from smrisk.routing import route
from smrisk.rule_kinds import CONTEXT_RULES
from smrisk.self_directed import SAID_OF_ONESELF, own_insults
from smrisk.speakers import judge_speaker
from smrisk.thing_insults import SAID_OF_A_THING, insults_of_things

log = logging.getLogger("smrisk")

#: ``explain`` for a caller that shows only flagged risks' spans (``smrisk batch``'s evidence column): the
#: half-way risks ``explain_floor`` would add are not worked out.
FLAGGED_ONLY: Literal["flagged"] = "flagged"
Explain = bool | Literal["flagged"]

#: Why a rule hit on an allow-listed phrase weighs nothing (its reason gains this and the phrase).
ALLOWED = "on the allow-list"
#: How the note on a phrase hidden as aimed at no one else ends ("'I'm such an idiot' is said of the writer themselves: ...").
HIDDEN_NOTE_ENDING = ": neither the rules nor the model read it as an insult"
#: A flagged risk's model phrases are worked out only where the model's probability is at least this share of the
#: risk's score: a competitor claim flagged 0.90 by a rule, with the model at 0.0065, showed the model's "range" as
#: "strong" evidence (its share of the model's evidence, not of the flag).
MODEL_SHARE_EXPLAINED = 0.25
#: How the note on a hidden phrase that is no insult ends.
_NOTE_ENDINGS = {DECLINES_TO_DISCLOSE: REFUSAL_NOTE_ENDING, REMINDS_NOT_TO_SHARE: REFUSAL_NOTE_ENDING,
                 REMINDS_NOT_TO_POST: REFUSAL_NOTE_ENDING}
#: Hidden phrases listed one by one in a report's notes and a batch row's status; more are counted in one line (a long
#: text can hold thousands; ``RiskReport.hidden`` lists them all).
HIDDEN_LISTED = 5


def _note_ending(why: str) -> str:
    """How the note on a phrase hidden for ``why`` ends: what neither the rules nor the model read it as."""
    return _NOTE_ENDINGS.get(why) or (IDIOM_NOTE_ENDING if why in shipped_idioms().reasons else HIDDEN_NOTE_ENDING)


def hidden_lines(phrases: Sequence[HiddenPhrase], noted: bool = False) -> list[str]:
    """A line per hidden phrase (``'Well, fuck' is swearing aimed at no one``, and for a report's ``noted`` lines
    what neither the rules nor the model read it as), the first ``HIDDEN_LISTED`` of them, and one that counts the rest."""
    lines = [phrase.line() + (_note_ending(phrase.why) if noted else "")
             for phrase in phrases[:HIDDEN_LISTED]]
    if len(phrases) > HIDDEN_LISTED:
        lines.append(f"{len(phrases) - HIDDEN_LISTED} more phrases hidden the same way (all listed in the report's hidden phrases)")
    return lines


_BATCH = 2048  # texts scored together: the array steps' fixed costs spread over more texts
_WARM_UP_TEXTS = 2_000  # tokenized outside a memory zone, so spaCy's tokenizer cache fills


@dataclass(slots=True)  # not frozen: built for every text, and a frozen class's ``__init__`` costs a call per field
class _Prepared:
    """One text after normalisation, with the model windows of its folded layer (never changed once built)."""

    document: Document
    windows: list[tuple[int, int]]
    notes: tuple[str, ...]
    model_text: str  # the folded text with allow-listed phrases and hidden phrases blanked: what the model reads
    allowed: tuple[str, ...]  # the allow-list entries found in the text
    hidden: tuple[tuple[int, int, str], ...]  # where the blanked phrases are, in the folded text, and why each is hidden
    aimed_at_no_one: tuple[HiddenPhrase, ...] = ()  # those hidden as aimed at no one else or disclosing nothing, as written
    scored_chars: int | None = None  # how much of the text was read, where it was cut at ``max_chars``


@dataclass(slots=True)  # not frozen, as ``_Prepared``
class _Verdicts:
    """One text's scores per risk (score, flagged, model probability, rule evidence), the
    (model, window) pairs whose spans to explain and for which risks, and where secrets are."""

    scores: dict[str, tuple[float, bool, float, tuple[Evidence, ...]]]
    wanted: dict[tuple[int, int], list[str]]
    secrets: list[tuple[int, int]]
    ready: dict[str, CategoryScore] | None = None  # the report's scores, when no rule fired and nothing is explained


class Scorer:
    """Scores texts for every risk with rules and one or more trained models.

    ``bundles`` are consulted in order: the first that covers a risk scores it. A model trained
    on only some risks is usually followed by the default model, which scores the rest.

    Examples
    --------
    >>> import smrisk
    >>> report = smrisk.score("Our wifi password is Tr0ub4dor&3, see you at the offsite!")
    >>> report.flagged
    ['confidential']
    """

    def __init__(
        self,
        bundles: Sequence[ModelBundle],
        registry: DetectorRegistry | None = None,
        config: ScoringConfig | None = None,
        reference: bool = False,
        policy: Policy | None = None,
    ) -> None:
        self.policy = policy
        if policy is not None:
            config = policy.scoring_config(config)
        self.config = config or ScoringConfig()
        self.reference = reference
        self.bundles = tuple(bundles)
        self._owner: dict[str, tuple[int, int]] = {}  # risk -> (bundle index, column)
        for b, bundle in enumerate(self.bundles):
            for k, risk in enumerate(bundle.risks):
                self._owner.setdefault(risk, (b, k))
        missing = [c for c in CATEGORIES if c not in self._owner]
        if missing:
            raise ConfigError(f"no model scores {', '.join(missing)}; add a model that covers it")
        registry = registry if registry is not None else default_registry()
        if policy is not None:
            registry = with_policy(registry, policy)
        if self.config.disabled_detectors:  # (a rule of replies in context is switched off where it is read)
            registry = registry.without(set(self.config.disabled_detectors) - set(CONTEXT_RULES))
        self._idioms = shipped_idioms()
        watched = (KEPT_BACK if self.config.hide_refusals_to_disclose else frozenset()) | (
            self._idioms.anchors if self.config.hide_idioms else frozenset())
        self.registry = registry.watching(watched) if watched else registry
        nlp = shared_nlp()
        rows = context_rows()
        self._context = ContextAdjuster(rows, nlp)
        self._normalizer = Normalizer(self._fold_targets(), reference)
        self._allowed_names = tuple(self.config.allow_phrases)
        self._allowed = phrase_pattern(self._allowed_names)
        self.model_id = "+".join(bundle.model_id for bundle in self.bundles)
        self._seen = 0

    @property
    def thresholds(self) -> dict[str, float]:
        """The threshold each risk is flagged at: the config's override, else the model's."""
        return {
            risk: float(self.config.thresholds.get(risk, self.bundles[b].thresholds[risk]))
            for risk, (b, _) in self._owner.items()
        }

    def _fold_targets(self) -> set[str]:
        """Words de-obfuscation may produce (and must leave alone): the words of lexicon phrases and
        the model's vocabulary."""
        words: set[str] = set()
        for detector in self.registry:
            if isinstance(detector, LexiconDetector):
                for rule in detector.rules.values():
                    for phrase in (p.lower() for p in rule.patterns if isinstance(p, str)):
                        words.update(w for w in phrase.split() if w.isalpha() and (len(w) >= 3 or w == phrase))
        if self.policy is not None:
            for lexicon in self.policy.lexicons:
                words.update(w for term in lexicon.terms if lexicon.match_of(term) != "regex"
                             for w in term.lower().split() if w.isalpha())
        for bundle in self.bundles:
            for gram in bundle.estimator.features.vocabulary:
                if gram.startswith("w:") and gram[2:].isalpha() and len(gram) > 4:
                    words.add(gram[2:])
        return words

    def _hide_allowed(self, folded: str) -> tuple[str, tuple[str, ...], tuple[tuple[int, int, str], ...]]:
        """``folded`` with allow-listed phrases blanked (same length, so offsets hold), the entries
        found, and where they were (with why: ``ALLOWED``)."""
        if self._allowed is None:
            return folded, (), ()
        found: list[str] = []
        spans: list[tuple[int, int, str]] = []
        chars = list(folded)
        for match in self._allowed.finditer(folded):
            entry = self._allowed_names[int(str(match.lastgroup)[1:])]
            if entry not in found:
                found.append(entry)
            spans.append((match.start(), match.end(), ALLOWED))
            chars[match.start() : match.end()] = " " * (match.end() - match.start())
        return ("".join(chars), tuple(found), tuple(spans)) if found else (folded, (), ())

    def _hide_unaimed(self, item: _Prepared) -> _Prepared:
        """``item`` with what is aimed at no one else, or discloses nothing, blanked in what the model reads, listed
        among its hidden phrases with why, and noted: the writer's insults of themselves (``smrisk.self_directed``),
        idioms whose words sound like a risk (``smrisk.idioms``), clauses of swearing at no one
        (``smrisk.interjections``), insult words said of things (``smrisk.thing_insults``), and refusals to disclose
        and reminders not to share credentials or personal details (``smrisk.refusals``). Called after the rules'
        keyword scan, whose folded-layer keys hold every word an insult of oneself needs, the idioms' anchor words and
        the words a refusal keeps back (the registry watches them); the other two first look for their words in one
        scan of their own. Most texts hold none of them and are not searched."""
        document = item.document
        folded = document.normalized.folded.text
        spans: list[tuple[int, int, str]] = []
        keys = document.folded_keys
        if self.config.hide_own_insults:
            spans += _each(own_insults(folded, keys[1] if keys is not None else document.words), SAID_OF_ONESELF)
        if self.config.hide_idioms:  # the idioms' anchor words, from the rules' keyword scan where it ran
            anchors = keys[1] if keys is not None and self._idioms.anchors <= keys[0] else None
            spans += _apart(spans, self._idioms(folded, anchors))
        if self.config.hide_swearing_at_no_one:
            spans += _apart(spans, _each(interjections(folded), AIMED_AT_NO_ONE))
        if self.config.hide_insults_of_things:
            spans += _apart(spans, _each(insults_of_things(folded, lambda a, b: document.original_span("folded", a, b)[2]),
                                         SAID_OF_A_THING))
        if self.config.hide_refusals_to_disclose:  # the words it keeps back, from the rules' keyword scan where it ran
            kept_back = keys[1] if keys is not None and KEPT_BACK <= keys[0] else None
            spans += _apart(spans, _each(refusals(folded, kept_back), DECLINES_TO_DISCLOSE))
            spans += _apart(spans, _each(credential_reminders(folded, kept_back), REMINDS_NOT_TO_SHARE))
            spans += _apart(spans, _each(details_reminders(folded, kept_back), REMINDS_NOT_TO_POST))
        if not spans:
            return item
        chars = list(item.model_text)
        phrases = []
        for start, end, why in sorted(spans):
            chars[start:end] = " " * (end - start)
            phrases.append(HiddenPhrase(*document.original_span("folded", start, end), why))
        return replace(item, model_text="".join(chars), hidden=(*item.hidden, *spans), aimed_at_no_one=tuple(phrases),
                       notes=(*item.notes, *hidden_lines(phrases, noted=True)))

    @staticmethod
    def _weigh_hidden(document: Document, hidden: tuple[tuple[int, int, str], ...], evidence: list[Evidence]) -> list[Evidence]:
        """Rule hits that touch a hidden phrase weigh nothing (kept, with the phrase as their cue and
        why it is hidden): the same matches that hide the phrase from the model, so no rule counts its words."""
        if not hidden:
            return evidence
        # allow-listed names, then the other hidden phrases: each group's spans lie apart, in order
        groups = [_Spans((start, end, (text, why)) for start, end, text, why in
                         ((*document.original_span("folded", a, b), why) for a, b, why in hidden if (why == ALLOWED) == allowed))
                  for allowed in (True, False)]
        out = []
        for item in evidence:
            if item.from_model:
                out.append(item)
                continue
            # overlapping: the rule read hidden words
            phrase = next((found for group in groups if (found := group.first_overlapping(item.start, item.end)) is not None), None)
            out.append(item if phrase is None else item.adjusted(0.0, phrase[0], f"{item.reason}; {phrase[1]} ({phrase[0]!r})"))
        return out

    def score(self, text: str, explain: bool = True, author: str | None = None, channel: str | None = None) -> RiskReport:
        """Score one text. Empty or whitespace-only text is an all-clear report. With a policy,
        ``author`` and ``channel`` decide the speaker verdict (see ``smrisk.speakers``)."""
        require_text(text)
        return self.score_many([text], explain=explain, authors=[author], channels=[channel])[0]

    def score_many(
        self,
        texts: Iterable[str],
        explain: Explain = True,
        authors: Sequence[str | None] | None = None,
        channels: Sequence[str | None] | None = None,
    ) -> list[RiskReport]:
        """Score many texts in batches; much faster per text than calling ``score`` in a loop.
        ``explain``: model spans for flagged and half-way risks (``explain_floor``), ``FLAGGED_ONLY`` for
        flagged ones alone, or none. ``authors`` and ``channels``, when given, hold one entry per text (None: unknown)."""
        if isinstance(texts, str):  # a string is an iterable of one-character texts: never what was meant
            raise InputTypeError("score_many takes a list of texts, not one string; use score() for one text")
        reports: list[RiskReport] = []
        batch: list[str] = []
        for i, text in enumerate(texts):
            batch.append(text if isinstance(text, str) else require_text(text, f"text #{i}"))
            if len(batch) == _BATCH:
                reports.extend(self._score_batch(batch, explain))
                batch = []
        if batch:
            reports.extend(self._score_batch(batch, explain))
        if self.policy is not None:
            reports = self._apply_policy(reports, authors, channels)
        return reports

    def _apply_policy(self, reports: list[RiskReport], authors: Sequence[str | None] | None,
                      channels: Sequence[str | None] | None) -> list[RiskReport]:
        """Each report with its route, speaker verdict and the policy's digest, and a model-only illegal flag
        lifted where the draft only accuses a third party of the policy (``claims_about_others``)."""
        policy = self.policy
        assert policy is not None
        for name, given in (("authors", authors), ("channels", channels)):
            if given is not None and len(given) != len(reports):
                raise InputError(f"{name} has {len(given)} entries for {len(reports)} texts")
        out = []
        for i, report in enumerate(reports):
            author = authors[i] if authors is not None else None
            channel = channels[i] if channels is not None else None
            # the text as shown, secrets masked: a company name inside a password ("Tl!Summer") names nothing
            speaker = judge_speaker(report.display_text(), author, channel, policy.speakers, policy.company)
            scores, note = claims_about_others(report.text, report.scores, policy)
            notes = report.notes if note is None else (*report.notes, note)
            out.append(replace(report, scores=scores, notes=notes, route=route(scores, speaker, policy), speaker=speaker,
                               policy=policy.digest))
        return out

    def save(self, directory: str | os.PathLike[str]) -> Path:
        """Save the first model (the one this scorer was trained with) to ``directory``."""
        return save_bundle(self.bundles[0], directory)

    # -- pipeline -------------------------------------------------------------------------

    def _prepare(self, texts: Sequence[str]) -> list[_Prepared | None]:
        limit = self.config.max_chars
        normalized: list[NormalizedText | None] = []
        notes: list[tuple[str, ...]] = []
        cut: list[int | None] = []
        for text in texts:
            if not text.strip():
                normalized.append(None)
                notes.append(())
                cut.append(None)
                continue
            note: list[str] = []
            cut.append(limit if len(text) > limit else None)
            if len(text) > limit:
                note.append(f"text is {len(text):,} characters; only the first {limit:,} were scored")
                text = text[:limit]
            language = unsupported_language_note(text)
            if language:
                note.append(language)
            normalized.append(self._normalizer(text))
            notes.append(tuple(note))
        tokenize = shared_nlp().make_doc
        prepared: list[_Prepared | None] = []
        size = self.config.chunk_chars
        for item, text_notes, scored_chars in zip(normalized, notes, cut, strict=True):
            if item is None:
                prepared.append(None)
                continue
            document = Document(item, tokenize)
            folded = item.folded.text
            model_text, allowed, hidden = self._hide_allowed(folded) if self._allowed is not None else (folded, (), ())
            windows = [(0, len(folded))] if len(folded) <= size else _windows(folded, size)
            prepared.append(_Prepared(document, windows, text_notes, model_text, allowed, hidden, scored_chars=scored_chars))
        return prepared

    def _score_batch(self, texts: Sequence[str], explain: Explain) -> list[RiskReport]:
        """Score one batch. After a warm-up, spaCy's memory zone frees the words each batch adds
        to the shared vocabulary, so memory stays flat over millions of distinct texts; the cyclic
        garbage collector waits for the batch to end (``smrisk.gc_pause``)."""
        with collection_paused():
            if self._seen < _WARM_UP_TEXTS:
                self._seen += len(texts)
                return self._score_prepared(texts, explain)
            with shared_nlp().memory_zone():
                return self._score_prepared(texts, explain)

    def _score_prepared(self, texts: Sequence[str], explain: Explain) -> list[RiskReport]:
        prepared = self._prepare(texts)
        rule_hits = self.registry.find_many([p.document for p in prepared if p is not None], self.reference)
        if any(getattr(self.config, switch) for switch in HIDING_SWITCHES):  # after the keyword scan, before the model
            prepared = [None if p is None else self._hide_unaimed(p) for p in prepared]
        live = [p for p in prepared if p is not None]
        window_texts = [p.model_text[s:e] for p in live for s, e in p.windows]
        per_bundle = [bundle.estimator.predict_proba(window_texts, self.reference) if window_texts else None
                      for bundle in self.bundles]
        thresholds = self.thresholds
        best = self._best_windows(per_bundle, [len(p.windows) for p in live]) if live else []
        chosen = iter(best)
        plain = iter(self._model_only(best, thresholds, explain))
        hits = iter(rule_hits)
        verdicts = [None if item is None else self._verdicts(item, next(chosen), thresholds, explain, next(plain), next(hits))
                    for item in prepared]
        spans = self._explain(prepared, verdicts)
        reports: list[RiskReport] = []
        make, report = CategoryScore.of, RiskReport.of
        for i, (text, item, verdict) in enumerate(zip(texts, prepared, verdicts, strict=True)):
            if item is None or verdict is None:
                reports.append(self._all_clear(text, thresholds))
                continue
            if verdict.ready is not None:
                reports.append(report(text, verdict.ready, self.model_id, item.notes, item.allowed, item.aimed_at_no_one,
                                      item.scored_chars))
                continue
            found = spans.get(i)
            scores = {
                risk: make(risk, score, flagged, thresholds[risk], probability,
                           rule_hits + found.get(risk, ()) if found else rule_hits)
                for risk, (score, flagged, probability, rule_hits) in verdict.scores.items()
            }
            reports.append(report(text, scores, self.model_id, item.notes, item.allowed, item.aimed_at_no_one,
                                  item.scored_chars))
        return reports

    def _best_windows(self, per_bundle: list[np.ndarray | None],
                      counts: list[int]) -> list[list[tuple[float, int]]]:
        """For each text (``counts``: its number of windows, rows in ``per_bundle`` in order), each
        risk's (model probability, window it comes from): the window where the model reads the risk
        most strongly. One array pass per risk for the batch; texts of one window, the usual case,
        read their row directly."""
        columns = []
        starts = np.concatenate(([0], np.cumsum(counts[:-1]))).astype(np.int64)
        single = all(n == 1 for n in counts) and not self.reference
        for risk in CATEGORIES:
            b, k = self._owner[risk]
            probabilities = per_bundle[b]
            assert probabilities is not None
            column = probabilities[:, k]
            if single:
                columns.append(list(zip(column.tolist(), [0] * len(counts), strict=True)))
                continue
            best = [int(np.argmax(column[start : start + n])) for start, n in zip(starts.tolist(), counts, strict=True)]
            columns.append([(float(column[start + i]), i) for start, i in zip(starts.tolist(), best, strict=True)])
        return [list(row) for row in zip(*columns, strict=True)]

    def _model_only(self, chosen: list[list[tuple[float, int]]], thresholds: dict[str, float],
                    explain: Explain) -> list[_Verdicts | None]:
        """For each text, the verdicts it gets if no rule fires (None where ``reference``): each score is
        ``combine(probability, ())``, worked out for the batch in one array pass (the same float64
        operations, so the same numbers), flags and the windows to explain with it. A text with nothing
        to explain gets its report's scores at once (``_Verdicts.ready``), without the verdicts between."""
        if self.reference or not chosen:
            return [None] * len(chosen)
        probabilities = np.array([[p for p, _ in row] for row in chosen], dtype=np.float64)
        scores = 1.0 - (1.0 - np.clip(probabilities, 0.0, 1.0))
        bounds = np.array([thresholds[risk] for risk in CATEGORIES])
        flags = scores >= bounds
        if explain is True:  # flagged, or half-way (``explain_floor`` of the threshold)
            asked = flags | (probabilities >= self.config.explain_floor * bounds)
        else:
            asked = flags if explain == FLAGGED_ONLY else np.zeros_like(flags)
        owners = [self._owner[risk][0] for risk in CATEGORIES]
        make, limits, nothing = CategoryScore.of, [thresholds[risk] for risk in CATEGORIES], ((),) * len(CATEGORIES)
        out: list[_Verdicts | None] = []
        for row, probability_row, score_row, flag_row, ask_row in zip(chosen, probabilities.tolist(), scores.tolist(),
                                                                      flags.tolist(), asked.tolist(), strict=True):
            if True not in ask_row:  # the usual case: the model's scores alone, no span to find
                ready = dict(zip(CATEGORIES, map(make, CATEGORIES, score_row, flag_row, limits, probability_row, nothing), strict=True))
                out.append(_Verdicts({}, {}, [], ready))
                continue
            wanted: dict[tuple[int, int], list[str]] = {}
            for risk, owner, (_, window), ask in zip(CATEGORIES, owners, row, ask_row, strict=True):
                if ask:
                    wanted.setdefault((owner, window), []).append(risk)
            out.append(_Verdicts({risk: (score, flag, probability, ())
                                  for risk, score, flag, (probability, _) in zip(CATEGORIES, score_row, flag_row, row, strict=True)},
                                 wanted, []))
        return out

    def _verdicts(
        self,
        item: _Prepared,
        chosen: list[tuple[float, int]],
        thresholds: dict[str, float],
        explain: Explain,
        model_only: _Verdicts | None,
        evidence: list[Evidence],
    ) -> _Verdicts:
        """Each risk's score and flag from the model (``chosen``: each risk's probability and
        window, in ``CATEGORIES`` order) and the rules' hits (``evidence``, found for the batch by
        ``DetectorRegistry.find_many``), and which windows to explain.
        ``model_only``: the verdicts to give if no rule fires (see ``_model_only``)."""
        document = item.document
        if evidence:
            evidence = self._weigh_hidden(document, item.hidden, self._context(document, evidence))
        elif model_only is not None:
            return model_only
        scores = {}
        wanted: dict[tuple[int, int], list[str]] = {}  # (bundle, window) -> risks to explain
        floor = self.config.explain_floor
        for risk, (probability, best) in zip(CATEGORIES, chosen, strict=True):
            rule_hits = tuple(e for e in evidence if e.category == risk) if evidence else ()
            score = combine(probability, rule_hits)
            flagged = score >= thresholds[risk]
            scores[risk] = (score, flagged, probability, rule_hits)
            # the model's phrases, for a risk flagged or (``explain=True``) half-way: not where a rule made the flag on its
            # own, the model neither half-way to the threshold nor a share of the score (``MODEL_SHARE_EXPLAINED``)
            half_way = probability >= floor * thresholds[risk]
            if explain and ((flagged and (half_way or probability >= MODEL_SHARE_EXPLAINED * score))
                            or (explain is True and half_way)):
                wanted.setdefault((self._owner[risk][0], best), []).append(risk)
        return _Verdicts(scores, wanted, [(e.start, e.end) for e in evidence if e.sensitive])

    def _explain(self, prepared: Sequence[_Prepared | None],
                 verdicts: Sequence[_Verdicts | None]) -> dict[int, dict[str, tuple[Evidence, ...]]]:
        """Model spans for every (text, window) a verdict asked to explain, one batch per model."""
        requests: dict[int, list[tuple[_Prepared, _Verdicts, int, tuple[int, int], list[str]]]] = {}
        for i, (item, verdict) in enumerate(zip(prepared, verdicts, strict=True)):
            if item is not None and verdict is not None:
                for (b, best), risks in verdict.wanted.items():
                    requests.setdefault(b, []).append((item, verdict, i, item.windows[best], risks))
        spans: dict[int, dict[str, tuple[Evidence, ...]]] = {}
        for b, asked in requests.items():
            bundle = self.bundles[b]
            windows = [item.model_text[start:end] for item, _, _, (start, end), _ in asked]
            for (item, verdict, i, window, risks), shares in zip(asked, bundle.estimator.explain_many(windows, self.reference),
                                                                   strict=True):
                rows = {risk: bundle.risks.index(risk) for risk in risks}
                spans.setdefault(i, {}).update(self._model_spans(item, window[0], shares, rows, verdict.secrets))
        return spans

    def _model_spans(
        self,
        item: _Prepared,
        offset: int,
        shares: TextShares,
        rows: dict[str, int],
        secrets: list[tuple[int, int]],
    ) -> dict[str, tuple[Evidence, ...]]:
        """Per risk, the model's strongest phrases: overlapping positive n-grams merged, trimmed to
        their first and last content word, in original offsets.

        ``shares`` are the n-grams of the window starting at ``offset`` of the model text; ``rows``
        maps each risk to explain to its row of shares. The reason names no n-gram (a span's text
        is shown, masked where it holds a secret) and gives the phrase's weight in words: its share
        of the model's positive evidence.
        """
        document, hidden = item.document, item.hidden
        # content tokens never overlap and come in text order: their starts and their ends are both sorted
        content_starts = [a + offset for a in shares.content_starts] if offset else shares.content_starts
        content_ends = [b + offset for b in shares.content_ends] if offset else shares.content_ends
        sentence_ends = _sentence_ends(item.model_text)
        found = {}
        for risk, k in rows.items():
            positive = [(start + offset, stop + offset, share)
                        for (start, stop), share in zip(shares.spans, shares.rows[k], strict=True) if share > 0]
            total = sum(share for _, _, share in positive)
            if sentence_ends:
                # an n-gram across a sentence end ("clown. glad") counts in the total but is not shown as a phrase
                positive = [(a, b, share) for a, b, share in positive if not _crosses(sentence_ends, a, b)]
            spans: list[Evidence] = []
            for start, stop, share in sorted(merge_overlapping(positive), key=lambda phrase: -phrase[2]):
                first, last = bisect_left(content_starts, start), bisect_right(content_ends, stop) - 1
                # the content tokens inside the phrase: content[first..last]
                if first > last or any(e.start < stop and start < e.end for e in spans):
                    continue
                inner_start, inner_end = content_starts[first], content_ends[last]
                o_start, o_end, span_text = document.phrase_span("folded", inner_start, inner_end)
                if any(e.text.lower() == span_text.lower() for e in spans):
                    continue  # the same words again elsewhere in the text: one mention is enough
                if any(a < inner_end and inner_start < b for a, b, _ in hidden):
                    continue  # it runs across a hidden phrase, which the model never read
                part = share / total if total > 0 else 0.0
                reason = f"model: wording typical of {TYPICAL_OF[risk]} ({strength(part)}, {part:.0%} of the model's evidence)"
                # a phrase over part of a secret is masked whole: its own tail could be the secret's middle
                sensitive = any(s < o_end and o_start < e for s, e in secrets)
                spans.append(Evidence(risk, MODEL_SOURCE, o_start, o_end, span_text, float(share), reason, sensitive,
                                      strength=strength(part), credential=sensitive))
                if len(spans) == self.config.top_spans:
                    break
            found[risk] = tuple(spans)
        return found

    def _all_clear(self, text: str, thresholds: dict[str, float]) -> RiskReport:
        scores = {c: CategoryScore(c, 0.0, False, thresholds[c], None, ()) for c in CATEGORIES}
        return RiskReport(text, scores, self.model_id, ("empty text",) if text == "" else ("blank text",))


_SENTENCE_END = re.compile(r"[.!?]+\s")


def _sentence_ends(text: str) -> list[int]:
    """Where in ``text`` a sentence ends: each ``.``, ``!`` or ``?`` that whitespace follows, in order."""
    return [match.end() - 2 for match in _SENTENCE_END.finditer(text)]


def _crosses(sentence_ends: list[int], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a sentence end (``_SENTENCE_END.search(text, start, end)``:
    a mark at ``start`` or after with its whitespace before ``end``)."""
    at = bisect_left(sentence_ends, start)
    return at < len(sentence_ends) and sentence_ends[at] <= end - 2


def strength(part: float) -> str:
    """A share of the model's evidence in a reviewer's words."""
    return "strong" if part >= 0.4 else "moderate" if part >= 0.15 else "weak"


def _windows(text: str, size: int) -> list[tuple[int, int]]:
    """Split ``text`` into windows of about ``size`` characters, cutting at whitespace."""
    if len(text) <= size:
        return [(0, len(text))]
    windows = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut > 0 else end
        windows.append((start, end))
        start = end
    return windows


def _each(found: list[tuple[int, int]], why: str) -> list[tuple[int, int, str]]:
    """The spans ``found``, each with ``why`` it is hidden."""
    return [(start, end, why) for start, end in found]


def _apart(taken: list[tuple[int, int, str]], found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans ``found`` (with why each is hidden) that overlap none ``taken``."""
    if not found or not taken:
        return found
    lookup = _Spans(taken)
    return [span for span in found if lookup.first_overlapping(span[0], span[1]) is None]


_V = TypeVar("_V")


class _Spans(Generic[_V]):
    """Spans that lie apart (none overlaps another), each with a value: which of them a span overlaps, found by
    bisection. A long text can hold thousands of hidden phrases, and comparing each rule hit or phrase with every
    one of them takes time growing with the square of its length."""

    def __init__(self, spans: Iterable[tuple[int, int, _V]]) -> None:
        ordered = sorted(spans, key=lambda span: span[0])
        self._starts = [start for start, _, _ in ordered]
        self._ends = [end for _, end, _ in ordered]
        self._values = [value for _, _, value in ordered]

    def first_overlapping(self, start: int, end: int) -> _V | None:
        """The value of the first span (by start) that overlaps ``start``..``end``, or None."""
        i = bisect_left(self._starts, end) - 1  # the last span starting before ``end``; those before it end earlier
        found = None
        while i >= 0 and self._ends[i] > start:
            found, i = self._values[i], i - 1
        return found
