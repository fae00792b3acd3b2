"""The approved response nearest to a drafted reply: what a report says about it.

``smrisk.responses.nearest_response`` finds it; a ``RiskReport`` carries it, so a reviewer sees
which pre-approved reply the draft stands in for, how far it departs from it, and, when the draft
is flagged, the approved reply to send instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Departure:
    """The approved response nearest to a draft, and how much of it the draft changed."""

    id: str
    owner: str
    text: str
    changed: float
    added: float
    similarity: float
    #: Whether it may be offered instead of a flagged draft: it is what ``suggest`` finds for the message the
    #: draft answers (not a weak match: an outage apology is no answer to a question about opening hours),
    #: or no such message was given.
    fits: bool = True

    def line(self) -> str:
        """One line for a report: ``nearest approved response `outage-eta` (support): 12% of it changed``."""
        extra = f", {self.added:.0%} more words added" if self.added >= 0.005 else ""
        return f"nearest approved response `{self.id}` ({self.owner}): {self.changed:.0%} of it changed{extra}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "owner": self.owner, "text": self.text, "changed": round(self.changed, 4),
                "added": round(self.added, 4), "similarity": round(self.similarity, 4), "fits": self.fits}
