"""Which rule's hits are a kind, or a narrower reading, of another rule's.

Routing reads ``KIND_OF`` (a route naming a rule takes the hits of the rules that are a kind of
it); the report reads ``narrower`` (where two rules find one stretch, the narrower reason is
shown). Rule ids, not rules: the detectors need not be imported to ask.
"""

from __future__ import annotations

from smrisk.categories import CONFIDENTIAL

#: Rules whose hits are a kind of another rule's: a route that names the other takes them too. Backup
#: codes are access codes, so a policy that sends ``confidential.access_code`` to security sends them there
#: as well, though it was written before (or without knowing) the narrower rule.
KIND_OF: dict[str, str] = {f"{CONFIDENTIAL}.recovery_codes": f"{CONFIDENTIAL}.access_code"}

#: Rules whose hits are a narrower reading of another rule's, for the reviewer: where both find one stretch
#: of text ("the door code is 4471": a PIN or access code, and the password rule's "password or access
#: code"), the narrower reason is the one shown. Routing keeps both (a route naming either still fires).
NARROWER_THAN: dict[str, str] = {**KIND_OF, f"{CONFIDENTIAL}.access_code": f"{CONFIDENTIAL}.password"}


def narrower(source: str, than: str) -> bool:
    """Whether rule ``source`` is a narrower reading of rule ``than`` (through ``NARROWER_THAN``, step by step)."""
    seen = {source}
    while source in NARROWER_THAN:
        source = NARROWER_THAN[source]
        if source == than:
            return True
        if source in seen:
            return False
        seen.add(source)
    return False
