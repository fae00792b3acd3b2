"""The module-level functions: a lazily loaded default scorer and model loading."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from smrisk.config import ScoringConfig
from smrisk.conversation import Context, context_messages, score_in_context
from smrisk.errors import ConfigError, InputTypeError, require_text
from smrisk.model.store import ModelBundle, default_model_dir, load_bundle
from smrisk.policy import Policy, load_policy
from smrisk.report import RiskReport
from smrisk.scorer import Scorer

if TYPE_CHECKING:
    from smrisk.responses.suggest import LibraryLike

_lock = threading.Lock()
_default: Scorer | None = None
_with_policy: dict[tuple[str, str], Scorer] = {}


def default_scorer() -> Scorer:
    """The scorer with the shipped default model, loaded on first use (not at import)."""
    global _default
    with _lock:
        if _default is None:
            _default = Scorer([load_bundle(default_model_dir())])
        return _default


def load_model(directory: str | os.PathLike[str], config: ScoringConfig | None = None, policy: Policy | None = None) -> Scorer:
    """A scorer for a saved model directory; risks it was not trained on use the default model."""
    bundle = load_bundle(directory)
    bundles: list[ModelBundle] = [bundle]
    if bundle.card.get("fallback_for"):
        bundles.extend(default_scorer().bundles)
    return Scorer(bundles, config=config, policy=policy)


def policy_scorer(policy: Policy) -> Scorer:
    """The default model under ``policy``, built once per policy file (its digest) and reused."""
    bundles = default_scorer().bundles  # before taking the lock, which default_scorer takes too
    with _lock:
        key = (policy.digest, policy.path)
        if key not in _with_policy:
            if len(_with_policy) >= 8:
                _with_policy.clear()
            _with_policy[key] = Scorer(bundles, policy=policy)
        return _with_policy[key]


#: What ``policy=`` accepts: a loaded policy, or the path of a policy file (read with ``load_policy``).
PolicyLike = Policy | str | os.PathLike[str]


def _scorer_for(policy: PolicyLike | None, speaker_given: bool) -> Scorer:
    """The default scorer, or the one under ``policy`` (loaded from a path if one is given). An author
    or channel without a policy would be silently ignored (the speaker rules are in the policy): an error,
    as on the command line."""
    if policy is None:
        if speaker_given:
            raise ConfigError("author and channel are read by a policy's speaker rules: pass policy= too "
                              "(smrisk.load_policy('policy.toml'), or the file's path)")
        return default_scorer()
    if isinstance(policy, (str, os.PathLike)):
        policy = load_policy(policy)
    if not isinstance(policy, Policy):
        raise InputTypeError(f"policy is a {type(policy).__name__}; pass smrisk.load_policy(path) or the policy file's path")
    return policy_scorer(policy)


def score(text: str, explain: bool = True, policy: PolicyLike | None = None, author: str | None = None,
          channel: str | None = None, context: Context = None, library: LibraryLike | None = None) -> RiskReport:
    """Score one draft with the default model, under a company ``policy`` if given (see
    ``load_policy``); ``author`` and ``channel`` feed its speaker rules. ``context`` is the
    message the draft answers (a string, or a list of earlier messages, oldest first): the
    draft is then read in context (see ``smrisk.conversation``). With a response ``library``
    (a ``Library``, a file path, or ``"starter"``) the report names the nearest pre-approved
    response, among those fitting the last context message when there is one, and how far the
    draft departs from it; ``explain()`` offers it instead of a flagged draft.

    Examples
    --------
    >>> import smrisk
    >>> smrisk.score("").flagged
    []
    """
    scorer = _scorer_for(policy, author is not None or channel is not None)
    return score_with(scorer, text, explain, author, channel, context, library)


def score_with(scorer: Scorer, text: str, explain: bool = True, author: str | None = None, channel: str | None = None,
               context: Context = None, library: LibraryLike | None = None) -> RiskReport:
    """``score`` with a given ``Scorer`` (a model or policy of the caller's: the CLI's ``--model``)."""
    require_text(text)
    messages = context_messages(context)
    if messages:
        report = score_in_context(scorer, [text], [context], explain=explain, authors=[author], channels=[channel])[0]
    else:
        report = scorer.score(text, explain=explain, author=author, channel=channel)
    return with_approved(report, library, messages[-1] if messages else None, scorer)


def with_approved(report: RiskReport, library: LibraryLike | None, answering: str | None = None,
                  scorer: Scorer | None = None) -> RiskReport:
    """``report`` with the nearest approved response of ``library`` (unchanged without a library). A library
    read from a file is screened by the shipped model, and by ``scorer`` when it holds a company policy: an
    approved reply that names a code name of that policy is refused, not offered."""
    if library is None:
        return report
    from smrisk.responses import Library, load_library, nearest_response

    screen = scorer if scorer is not None and scorer.policy is not None else None
    found = library if isinstance(library, Library) else load_library(library, screen)
    # a flagged reply is offered the reply approved for the message it answers, not the one nearest its own words
    fitting = 1 if report.flagged else 3
    return replace(report, approved=nearest_response(report.text, found, context=answering, k=fitting))


def score_many(texts: list[str], explain: bool = True, policy: PolicyLike | None = None,
               authors: Sequence[str | None] | None = None, channels: Sequence[str | None] | None = None,
               contexts: Sequence[Context] | None = None) -> list[RiskReport]:
    """Score many drafts with the default model, batched (``policy``, ``authors``, ``channels`` as in
    ``score``; ``contexts``, one per draft, as ``score``'s ``context``)."""
    speaker_given = any(v is not None for given in (authors, channels) if given is not None for v in given)
    scorer = _scorer_for(policy, speaker_given)
    if contexts is not None:
        return score_in_context(scorer, texts, contexts, explain=explain, authors=authors, channels=channels)
    return scorer.score_many(texts, explain=explain, authors=authors, channels=channels)
