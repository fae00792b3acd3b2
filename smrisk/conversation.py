"""A reply scored with the messages it answers: the risk belongs to the reply, read in context.

Context can raise a reply's risk (it confirms, repeats or endorses something risky in the parent:
"Yes, that's the one 😉" under "Is Bluefin the March launch?") or lower it (it quotes the parent's
insult to refuse it). The existing scorer reads the reply alone, the reply's own words (what it
repeats of the context blanked: quoted words are not the reply's own) and each context message;
``smrisk.reply_relation`` finds agreement and refusal cues and repeated words; a small per-risk
model (``smrisk.reply_model``) turns these into the reply's score in context.

Evidence may point into the context: ``Evidence.where == "context"``, with ``message`` the index of
the context message (oldest first) and ``start``/``end`` offsets into it.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from smrisk.categories import CATEGORIES, CONFIDENTIAL
from smrisk.combine import combine
from smrisk.credential_answers import SCORE, SOURCE, credential_answers, credential_asked
from smrisk.errors import InputTypeError
from smrisk.evidence import Evidence
from smrisk.reply_model import ContextModel, feature_row, load_context_model
from smrisk.reply_relation import CueHit, Echo, blank, content_share, echoes, reply_cues, word_count
from smrisk.report import CategoryScore, RiskReport
from smrisk.routing import route
from smrisk.scorer import Explain, Scorer

log = logging.getLogger("smrisk")

#: What ``context=`` accepts: one message, or earlier messages oldest first (None or empty: no context).
Context = str | Sequence[str] | None

_SHORT_WORDS = 6
#: A message of at most this many words only chases the one before it ("anyone? 👀", "be honest lol", "??"): a reply
#: after it answers that one too.
_FOLLOW_UP_WORDS = 4
PARENT_SOURCE = "context.parent"
AGREES_SOURCE = "context.agrees"


def context_messages(context: object, where: str = "context") -> tuple[str, ...]:
    """The non-blank messages of a ``context`` argument: a string is one message, a list or tuple
    of strings is the earlier messages oldest first; None, "" and [] are no context."""
    if context is None:
        return ()
    if isinstance(context, str):
        return (context,) if context.strip() else ()
    if isinstance(context, list | tuple):
        bad = [type(m).__name__ for m in context if not isinstance(m, str)]
        if bad:
            raise InputTypeError(f"{where} must be a string or a list of strings (earlier messages, oldest first); "
                                 f"it holds a {bad[0]}")
        return tuple(m for m in context if m.strip())
    raise InputTypeError(f"{where} must be a string or a list of strings (earlier messages, oldest first), "
                         f"got {type(context).__name__}")


def cell_messages(cell: object) -> tuple[str, ...]:
    """A batch context cell: a JSON array of strings is several messages (oldest first), any other
    text one message; a missing or blank cell is no context."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ()
    text = str(cell)
    if text.lstrip().startswith("["):
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if isinstance(value, list) and all(isinstance(m, str) for m in value):
            return tuple(m for m in value if m.strip())
    return (text,) if text.strip() else ()


@lru_cache(maxsize=1)
def shipped_context_model() -> ContextModel:
    """The context model shipped with the package, read on first use."""
    return load_context_model()


@dataclass(frozen=True)
class _Relation:
    """What a reply does with its context: the context's reports, what it repeats, its cues."""

    messages: tuple[str, ...]
    parents: list[RiskReport]
    echoes: list[tuple[int, Echo]]  # (message index, repeated run)
    own: RiskReport | None  # the reply with its repeated words blanked (None: it repeats nothing)
    cues: list[CueHit]  # agreement and refusal cues in the reply
    context_cues: dict[str, list[tuple[int, CueHit]]]  # risk -> (message index, cue) in the messages answered
    answered: tuple[int, ...]  # the context messages the reply answers (``answered``)

    def own_score(self, alone: RiskReport, risk: str) -> float:
        """The risk's score of the reply's own words (all of it, when it repeats nothing). Blanking
        what it repeats may only lower the score: a text cut into pieces can read oddly to the model."""
        score = alone.scores[risk].score
        return score if self.own is None else min(score, self.own.scores[risk].score)

    def features(self, reply: str, risk: str) -> list[float]:
        """This risk's row of ``smrisk.reply_model.FEATURES``."""
        parent = max(self.parents[m].scores[risk].score for m in self.answered)
        kinds = {c.kind for c in self.cues}
        echo = content_share(reply, [(e.start, e.end) for _, e in self.echoes])
        return feature_row(parent, float(bool(self.context_cues[risk])), float("affirm" in kinds), float("refuse" in kinds),
                           echo, float(word_count(reply) <= _SHORT_WORDS))


def _relations(scorer: Scorer, texts: Sequence[str], contexts: Sequence[tuple[str, ...]],
               explain: bool) -> list[_Relation | None]:
    """Each reply's relation to its context (None where there is no context), scored in three batches;
    ``explain``: the context messages' spans too (evidence pointing into the context needs them)."""
    cues = reply_cues()
    reply_kinds = cues.kinds("reply")
    live = [i for i, messages in enumerate(contexts) if messages and texts[i].strip()]
    flat = [m for i in live for m in contexts[i]]
    parent_reports = scorer.score_many(flat, explain=explain) if flat else []
    found: dict[int, list[tuple[int, Echo]]] = {}
    for i in live:
        found[i] = [(m, e) for m, message in enumerate(contexts[i]) for e in echoes(texts[i], message)]
    repeating = [i for i in live if found[i]]
    own_reports = dict(zip(repeating, scorer.score_many([blank(texts[i], [(e.start, e.end) for _, e in found[i]])
                                                         for i in repeating], explain=False), strict=True))
    out: list[_Relation | None] = [None] * len(texts)
    cursor = 0
    for i in live:
        messages = contexts[i]
        parents = parent_reports[cursor : cursor + len(messages)]
        cursor += len(messages)
        replied = answered(messages)
        context_cues = {risk: [(m, hit) for m in replied for hit in cues.find(messages[m], cues.kinds("context", risk))]
                        for risk in CATEGORIES}
        out[i] = _Relation(messages, parents, found[i], own_reports.get(i), cues.find(texts[i], reply_kinds), context_cues,
                           replied)
    return out


def answered(messages: Sequence[str]) -> tuple[int, ...]:
    """The context messages a reply answers, by index: the last one, and each one before it that the messages after
    it only chase ("Is Bluefin the March launch?", "anyone? 👀"). What an earlier, longer message said (a customer's
    question three turns back, the agent's own request for a screenshot) is not what the reply agrees with: in a real
    conversation, "No problem! We'll be waiting for your response." answers "I'll send it when I get home"."""
    k = len(messages) - 1
    while k > 0 and word_count(messages[k]) <= _FOLLOW_UP_WORDS:
        k -= 1
    return tuple(range(k, len(messages)))


@dataclass(frozen=True)
class PairInputs:
    """Per risk, what the context model reads of each (reply, context) pair: the reply alone's
    score, its own words' score, and the ``FEATURES`` matrix (rows of zeros without context)."""

    alone: dict[str, np.ndarray]
    own: dict[str, np.ndarray]
    features: dict[str, np.ndarray]


def context_features(scorer: Scorer, texts: Sequence[str], contexts: Sequence[Context]) -> PairInputs:
    """What the context model is fitted on, for each (reply, context) pair."""
    messages = [context_messages(c) for c in contexts]
    reports = scorer.score_many(list(texts), explain=False)
    relations = _relations(scorer, texts, messages, explain=False)
    empty = feature_row(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    alone: dict[str, list[float]] = {risk: [] for risk in CATEGORIES}
    own: dict[str, list[float]] = {risk: [] for risk in CATEGORIES}
    rows: dict[str, list[list[float]]] = {risk: [] for risk in CATEGORIES}
    for text, report, relation in zip(texts, reports, relations, strict=True):
        for risk in CATEGORIES:
            alone[risk].append(report.scores[risk].score)
            own[risk].append(report.scores[risk].score if relation is None else relation.own_score(report, risk))
            rows[risk].append(empty if relation is None else relation.features(text, risk))
    return PairInputs(*({risk: np.asarray(v, dtype=float) for risk, v in table.items()} for table in (alone, own, rows)))


def score_in_context(
    scorer: Scorer,
    texts: Sequence[str],
    contexts: Sequence[Context],
    explain: Explain = True,
    authors: Sequence[str | None] | None = None,
    channels: Sequence[str | None] | None = None,
    model: ContextModel | None = None,
) -> list[RiskReport]:
    """Score each reply with its context (one entry per reply: a string, a list of earlier
    messages oldest first, or None). A reply without context gets exactly ``scorer.score_many``'s report."""
    if len(contexts) != len(texts):
        raise InputTypeError(f"contexts has {len(contexts)} entries for {len(texts)} texts")
    messages = [context_messages(c, f"context #{i}") for i, c in enumerate(contexts)]
    reports = scorer.score_many(list(texts), explain=explain, authors=authors, channels=channels)
    if not any(messages):
        return reports
    model = model or shipped_context_model()
    if model.base_model_id != scorer.model_id:
        log.info("the context model was fitted on features of model %s, this scorer is %s", model.base_model_id, scorer.model_id)
    relations = _relations(scorer, texts, messages, bool(explain))  # the messages answered: spans to point into
    out = []
    for text, report, relation in zip(texts, reports, relations, strict=True):
        out.append(report if relation is None else _in_context(scorer, text, report, relation, model))
    return out


def _in_context(scorer: Scorer, text: str, alone: RiskReport, relation: _Relation, model: ContextModel) -> RiskReport:
    """``alone`` with each risk the context model is used for rescored in context; a risk the
    context raises to a flag gets evidence pointing into the context, where the reply agrees with it."""
    scores = dict(alone.scores)
    thresholds = scorer.thresholds
    notes = list(alone.notes)
    given = _credentials_given(scorer, text, relation)
    for risk in CATEGORIES:
        weights = model.risks[risk]
        before = alone.scores[risk]
        if not weights.use and not (risk == CONFIDENTIAL and given):
            continue
        in_context = before.score
        if weights.use:
            in_context = weights.score(relation.own_score(alone, risk), relation.features(text, risk), thresholds[risk])
        evidence = list(before.evidence)
        score = in_context
        if risk == CONFIDENTIAL:
            # a secret is a leak whatever the reply answers: its own (not repeated) ones, and those it gives on request
            secrets = [e for e in evidence if e.credential and e.where == "text" and _echo_of(e, relation) is None]
            score = max(in_context, combine(None, secrets + [e for e in given if e.where == "text"]))
            evidence = given + evidence
        flagged = score >= thresholds[risk]
        if in_context > before.score and in_context >= thresholds[risk]:
            evidence += _agreement_evidence(risk, in_context, text, relation)
        elif relation.echoes:
            evidence = [_quoted(e, text, relation) for e in evidence]
        scores[risk] = CategoryScore(risk, score, flagged, thresholds[risk], before.model_probability,
                                     tuple(evidence))
        if before.flagged and not flagged:
            notes.append(_lowered(risk, before.score, text, relation))
    policy = scorer.policy
    routes = alone.route if policy is None else route(scores, alone.speaker, policy)
    return replace(alone, scores=scores, context=relation.messages, route=routes, notes=tuple(notes),
                   read_in_context=tuple(risk for risk in CATEGORIES if model.risks[risk].use))


def _credentials_given(scorer: Scorer, text: str, relation: _Relation) -> list[Evidence]:
    """The secrets the reply gives where a message it answers asks for one, and (in the context) where it asks."""
    asked = None if SOURCE in scorer.config.disabled_detectors else credential_asked(relation.messages)
    if asked is None:
        return []
    values = credential_answers(text)
    if not values:
        return []
    m, named = asked
    return values + [Evidence(CONFIDENTIAL, PARENT_SOURCE, named.start(), named.end(), named.group(), SCORE * 0.999,
                              "asks for the credential the reply gives", where="context", message=m)]


def _echo_of(evidence: Evidence, relation: _Relation) -> tuple[int, Echo] | None:
    """The run of the reply that repeats the context (message index, run) and holds ``evidence``; None if none does."""
    return next(((m, echo) for m, echo in relation.echoes if echo.start <= evidence.start and evidence.end <= echo.end), None)


def _lowered(risk: str, before: float, text: str, relation: _Relation) -> str:
    """Why a risk flagged in the reply alone is not flagged in context."""
    quoted = [text[e.start : e.end] for _, e in relation.echoes]
    words = ", ".join(repr(q) for q in quoted[:2])
    why = f"its words {words} repeat the message it answers" if quoted else "read with the message it answers"
    return f"{risk} {before:.2f} alone, not flagged in context: {why}"


def _agreement_evidence(risk: str, score: float, text: str, relation: _Relation) -> list[Evidence]:
    """The reply's first agreement cue and first repeat of the context, and what it agrees with in
    the context: the riskiest message's own evidence for this risk, else its cues for this risk,
    else the whole message. A rule's hit in the context keeps its rule's id, so a policy routes what the
    reply confirms (a password in the question goes to security)."""
    found = [Evidence(risk, AGREES_SOURCE, c.start, c.end, c.text, score, "agrees with the message it answers")
             for c in relation.cues if c.kind == "affirm"][:1]
    found += [Evidence(risk, AGREES_SOURCE, e.start, e.end, text[e.start : e.end], score, "repeats the message it answers")
              for _, e in relation.echoes][:1]
    m = max(relation.answered, key=lambda k: relation.parents[k].scores[risk].score)
    message = relation.messages[m]
    spans = [(e.start, e.end, e.text, e.reason.removeprefix("model: ").split(" (")[0], e.sensitive, e.credential,
              PARENT_SOURCE if e.from_model else e.source)
             for e in relation.parents[m].scores[risk].top_evidence(3) if e.strength != "weak"]
    if not spans:
        spans = [(c.start, c.end, c.text, c.reason, False, False, PARENT_SOURCE)
                 for k, c in relation.context_cues[risk] if k == m][:3]
    if not spans:
        start = len(message) - len(message.lstrip())
        spans = [(start, len(message.rstrip()), message.strip(), "", False, False, PARENT_SOURCE)]
    for rank, (start, end, span, reason, sensitive, credential, source) in enumerate(spans, start=1):
        found.append(Evidence(risk, source, start, end, span, score * 0.999**rank,
                              f"the reply agrees with this ({reason})" if reason else "the reply agrees with this message",
                              sensitive, where="context", message=m, credential=credential))
    # what a policy's lexicons found in that message, weighing as they did there: a competitor named in the insult the
    # reply agrees with routes the reply to the lexicon's owner, as it would route the insult itself
    shown = {(e.start, e.end, e.source) for e in found if e.where == "context"}
    found += [replace(e, where="context", message=m, reason=f"named in the message the reply agrees with ({e.reason})")
              for e in relation.parents[m].scores[risk].evidence
              if ".policy." in e.source and (e.start, e.end, e.source) not in shown]
    return found


def _quoted(evidence: Evidence, text: str, relation: _Relation) -> Evidence:
    """A span of the reply that repeats the context is the context's words, not the reply's own."""
    found = _echo_of(evidence, relation)
    if found is None:
        return evidence
    m, echo = found
    quoted = relation.messages[m][echo.source_start : echo.source_end]
    return evidence.adjusted(0.0, quoted, f"{evidence.reason}; repeats the message it answers, not the reply's own words")
