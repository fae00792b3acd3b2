"""How far a drafted reply departs from the nearest approved response (for a reviewer, and a report).

The draft and each approved text are compared word by word with ``difflib.SequenceMatcher``; a
``{placeholder}`` counts as kept wherever the draft puts (up to two) words in its place. ``changed`` is the share
of the approved text's words the draft replaced or removed; ``added`` is how many words the draft
adds besides, as a share of the approved text's length (so "approved text + an insult" is not a
perfect match).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace

from smrisk.approved import Departure
from smrisk.errors import InputTypeError
from smrisk.responses.library import Library, Response

#: A placeholder, or a word: a URL, an e-mail address or "don't" is one word.
_WORD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|https?://\S+|\w+(?:[.'@/+-]\w+)*")
#: At most this many draft words fill one placeholder; the rest of a replaced stretch counts as added.
_FILL_WORDS = 2


def nearest_response(draft: str, library: Library, context: str | None = None, k: int = 3) -> Departure | None:
    """The approved response whose text the draft is closest to (word-level ``SequenceMatcher``
    ratio, placeholders matching what fills them), with the share of it changed; None for an empty draft.

    With ``context`` (the message the draft answers), only the ``k`` responses ``suggest`` finds for
    that message are candidates: the draft is measured against the replies approved for its situation.
    """
    if not isinstance(draft, str):
        raise InputTypeError(f"a draft must be a string, got {type(draft).__name__}")
    words = _words(draft)
    if not words:
        return None
    candidates, fits = library.responses, True
    if context is not None and context.strip():
        from smrisk.responses.suggest import suggest

        fitting = {s.id for s in suggest(context, library, k=k) if not s.weak}
        candidates = tuple(r for r in library.responses if r.id in fitting) or candidates
        fits = bool(fitting)  # no approved reply answers that message: the nearest by words is only a comparison
    nearest = max((_compare(response, words) for response in candidates), key=lambda d: d.similarity)
    return replace(nearest, fits=fits)


def _words(text: str) -> list[str]:
    return [w if w.startswith("{") else w.lower() for w in _WORD.findall(text)]


def _compare(response: Response, draft: list[str]) -> Departure:
    """Word-level alignment of one approved text with the draft. In a replaced stretch that holds
    placeholders, the placeholders count as kept (filled) and the draft's words there as their fill."""
    approved = _words(response.text)
    kept = changed = added = 0
    draft_size = len(draft)  # the draft's length with each placeholder's fill counted as one word
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, approved, draft, autojunk=False).get_opcodes():
        holes = sum(word.startswith("{") for word in approved[i1:i2])
        if op == "equal":
            kept += i2 - i1
        elif op == "insert":
            added += j2 - j1
        elif op == "delete":
            changed += i2 - i1
        elif holes:
            kept += holes
            changed += (i2 - i1) - holes
            fill = min(j2 - j1, holes * _FILL_WORDS)
            added += (j2 - j1) - fill
            draft_size -= fill - holes
        else:
            changed += i2 - i1
            added += max(0, (j2 - j1) - (i2 - i1))
    size = max(1, len(approved))
    similarity = 2 * kept / (len(approved) + draft_size) if approved else 0.0
    return Departure(response.id, response.owner, response.text, changed / size, added / size, similarity)
