"""Whose conduct a draft describes: a claim that a competitor broke the law is not an admission.

The general model reads "Zentrix pays people to write fake reviews" or "they pay their agents below
minimum wage" as a post about illegal conduct, and so it is; but under a company's policy the
conduct is a rival's, alleged by us. That is an unproven claim about a competitor, which legal must
see (the derogatory risk, routed by the competitor lexicon), not our own staff breaking the law,
which compliance must see. The team's labels draw the line the same way: accusing someone else of a
crime is derogatory only; the poster or their own company doing it is illegal.

So, under a policy, an ``illegal`` flag that rests on the model alone (no illegal rule hit) is lifted
when the draft makes a flagged claim against a party of a third-party lexicon (``risk =
"derogatory"`` with ``context_only`` or ``disparagement``) and has no first-person actor: a post
saying "we" or "I" did something ("we 'borrowed' their carts", "I'd slip him $200") keeps its flag;
a denial ("we would never"), a witness ("I saw it myself", "I worked there") or the judge of a
superlative ("the cheapest garbage I've ever opened") does not count as one. The score stays as
the model read it; the risk's ``lifted`` says why it is not flagged (``flag_lifted`` in ``to_dict``,
a ``flag_lifted`` status in a batch row) and so does a note of the report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from smrisk.categories import DEROGATORY, ILLEGAL
from smrisk.detectors.disparagement import CLAIM
from smrisk.evidence import Evidence
from smrisk.phrases import POSSESSIVE_ENDING
from smrisk.policy import Policy
from smrisk.report import CategoryScore

#: "I", "we" and their contractions as the subject of a clause, unless a denial follows ("we would
#: never", "I'd never", "we don't") or a witness's verb ("I saw it myself", "I've heard", "I worked there").
_FIRST_PERSON = re.compile(
    r"(?i)(?<![\w'’])(?:i|we)(?:['’](?:m|d|ll|ve|re))?(?![\w'’])"
    r"(?!\s+(?:(?:would|will|do|did|could|can|should)\s+)?(?:never|not|no\s+longer)\b|\s+\w+n['’]t\b)"
    r"(?!\s+(?:(?:have|had|ever|once|just|also|all)\s+)*(?:saw|seen|see|heard|hear|noticed|watched|read|know|knew|"
    r"worked\s+(?:at|for|there|with)|used\s+to\s+work)\b)")
#: A superlative's "I've ever" or "we ever" is its judge, not an actor: "the cheapest garbage I've ever
#: opened", "worst service we have ever had" rate the rival's thing ("the first time I ever..." is no
#: superlative and still counts).
_EXPERIENCER = re.compile(
    r"(?i)\b(?:worst|best|most|least|(?!(?:hon|mod|inter|requ|gu|qu|ch|pri|prot|cont|sugg|inv|arr|dig|manif|for|harv|conqu|"
    r"earn|beh|temp|unr|att|det|inf|mol)est\b)[a-z]{2,}est)\b(?:\W+[\w'’-]+){0,5}?\W+"
    r"(?:i|we)(?:['’](?:ve|d))?(?:\s+(?:have|had))?\s+ever\b")
_POSSESSIVE = re.compile(POSSESSIVE_ENDING + "$")


def claims_about_others(text: str, scores: Mapping[str, CategoryScore], policy: Policy) -> tuple[dict[str, CategoryScore], str | None]:
    """``scores`` with a model-only ``illegal`` flag lifted when the draft is a claim against a
    third party of the policy and names no first-person actor, and the note that says so (None
    when nothing changed)."""
    illegal, derogatory = scores.get(ILLEGAL), scores.get(DEROGATORY)
    if illegal is None or derogatory is None or not illegal.flagged or not derogatory.flagged:
        return dict(scores), None
    if any(not e.from_model and e.score > 0 for e in illegal.evidence):
        return dict(scores), None  # a rule read illegal conduct itself
    party = _party(derogatory.evidence, policy)
    if party is None or _actor(text):
        return dict(scores), None
    why = (f"the model's reading is the claim against {party}, a third party of the policy ({DEROGATORY}, "
           "for its reviewers), and no one here says they did it")
    return {**scores, ILLEGAL: replace(illegal, flagged=False, lifted=why)}, f"{ILLEGAL} {illegal.score:.2f} not flagged: {why}"


def _actor(text: str) -> bool:
    """Whether someone here says they did it: a first person (``_FIRST_PERSON``) that is not the judge
    of a superlative (``_EXPERIENCER``)."""
    judges = [found.span() for found in _EXPERIENCER.finditer(text)]
    return any(not any(start <= found.start() < end for start, end in judges) for found in _FIRST_PERSON.finditer(text))


def _party(evidence: tuple[Evidence, ...], policy: Policy) -> str | None:
    """The third party a flagged derogatory risk names through a counted lexicon hit (a claim with
    weight, or a context-only name no cue cancelled), as the draft writes it; None if none."""
    sources = {lexicon.source for lexicon in policy.lexicons
               if lexicon.risk == DEROGATORY and (lexicon.context_only or lexicon.disparagement)}
    named = [e for e in evidence if e.source in sources and (e.score > 0 or e.prior_score is None)]
    if not named:
        return None
    name = next((e.text for e in named if e.score == 0), None)
    if name is None:  # only claims: the reason names the party ("runs down Zentrix (...)")
        name = named[0].reason.removeprefix(f"{CLAIM} ").split(" (")[0]
    return _POSSESSIVE.sub("", name)
