"""Who may say this where: the speaker rules of a company's policy applied to one draft."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from smrisk.policy import Company, Speakers

OK, NEEDS_APPROVAL, MISSING_DISCLAIMER = "ok", "needs_approval", "missing_disclaimer"


@dataclass(frozen=True)
class SpeakerVerdict:
    """Whether ``author`` may post this on ``channel``: ``status`` (ok, needs_approval,
    missing_disclaimer) and a sentence a reviewer reads."""

    status: str
    message: str
    author: str | None
    channel: str
    official: bool

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "message": self.message, "author": self.author, "channel": self.channel,
                "official_channel": self.official}


def judge_speaker(text: str, author: str | None, channel: str | None, speakers: Speakers | None,
                  company: Company) -> SpeakerVerdict | None:
    """The verdict for a draft, or None when the policy has no speaker rules or no channel is known.

    On an official channel only a spokesperson posts without approval. On any other channel a
    post that names the company must carry the personal disclaimer.
    """
    if speakers is None or not channel:
        return None
    official = _folded(channel) in {_folded(c) for c in speakers.official_channels}
    if official:
        if author and _folded(author) in {_folded(a) for a in speakers.spokespeople}:
            return SpeakerVerdict(OK, "official channel, author is a spokesperson", author, channel, True)
        who = f"author {author} is not a spokesperson" if author else "author unknown"
        return SpeakerVerdict(NEEDS_APPROVAL, f"official channel, {who}: needs {speakers.approver} approval",
                              author, channel, True)
    disclaimer = speakers.personal_disclaimer
    named = _names_company(text, company) or _mentions_official(text, speakers)
    if named and disclaimer and _folded(disclaimer) not in _folded(" ".join(text.split())):
        return SpeakerVerdict(MISSING_DISCLAIMER, f"personal account names {named} without the disclaimer {disclaimer!r}",
                              author, channel, False)
    return SpeakerVerdict(OK, "personal account" + (", disclaimer present" if named else ""), author, channel, False)


def _folded(value: str) -> str:
    return value.strip().casefold()


def _names_company(text: str, company: Company) -> str | None:
    """The company name or alias the text uses (whole words, any case, or as an @handle), or None."""
    for name in company.names:
        # whole words, not part of an address or a host name ("b.kim@acme.com", "wiki.acme.io", "acme-crew.slack.com");
        # a handle names it ("@acme sent me flowers"), the @ of an address does not
        word = rf"(?<![\w@./-]){re.escape(name)}(?!\w)"
        handle = rf"(?<![\w.+-])@{re.escape(name)}(?![\w-])"
        if re.search(rf"(?:{word}|{handle})(?![\w-]*\.(?-i:[a-z0-9]))", text, re.IGNORECASE):
            return name
    return None


def _mentions_official(text: str, speakers: Speakers) -> str | None:
    """The company's official account the text @-mentions ("thanks @acmerobotics"), or None: naming
    its account names the company."""
    for channel in speakers.official_channels:
        handle = channel.strip()
        if handle.startswith("@") and re.search(rf"(?<![\w.+-]){re.escape(handle)}(?![\w.-]*\w)", text, re.IGNORECASE):
            return handle
    return None
