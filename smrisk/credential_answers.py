"""A reply that gives the secret the message it answers asks for: "its Otter2024!" under "what's the wifi pw?".

Read alone, a bare value is nothing: no rule names it and the model has no words to weigh. Read with a
message that asks for a password, PIN, login or door code, it is that secret, posted. Such a value in
the reply is a credential leak: masked like any secret, weighed as a rule hit, and routed where a policy
sends secrets (``confidential.credential_answer`` is a kind of ``confidential.password``).

A value is what ``smrisk.detectors.secret_shape`` calls secret-shaped (four or more digits, or letters
mixed with digits or symbols; not a time, date, price, version, link or handle), or four to eight digits
alone, keyed digit by digit too ("0000", "1998", "1 2 3 4": asked for a PIN, a round number or a year is
one); and not a number a word just before it makes public ("ticket 48213", "case number is 88213", "call
0800 123 4567") nor a count ("4471 likes"). A question counts as an ask when it
names a credential and asks for something: a question mark, or a word of asking ("send", "remind me").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from smrisk.categories import CONFIDENTIAL
from smrisk.detectors.secret_shape import PUBLIC_BEFORE, QUANTITY_AFTER, secret_shaped, trimmed
from smrisk.evidence import Evidence
from smrisk.rule_kinds import CREDENTIAL_ANSWER

SOURCE = CREDENTIAL_ANSWER
SCORE = 0.85
#: What a code opens ("door code", "code for the gate")
_LOCKS = ("door|gate|alarm|entry|access|keypad|lockbox|key ?safe|safe|locker|building|garage|padlock|lock|front door|"
          "back door|side door|room|server room|office|lab|cage|cupboard|closet|stock ?room|store ?room|vault|entrance|"
          "lobby|shed|warehouse|toilets?|bathroom|restroom|washroom|loo|staff ?room|till|override|car park|"
          "bike store|yard")
#: A credential named in the message answered ("wifi password", "pw", "door code", "code for the gate"), with the
#: word naming what it opens where there is one; not "pin" as in pinning a post
_CREDENTIAL = re.compile(
    r"(?i)(?<![\w-])(?:(?:(?:wi-?fi|guest|admin|vpn|e-?mail|account|router|network|server|laptop|phone|" + _LOCKS +
    r")\s+)?(?:pass(?:word|wd|code)s?|pwd?|pins?(?! (?:this|it|that|the (?:post|tweet|thread|message)))|log-?ins?|"
    r"credentials|combo|otp|2fa|mfa|cvv|api[ -]keys?)|"
    r"(?:" + _LOCKS + r")[ -]codes?|codes? (?:for|to|of|into) (?:the |our |your )?(?:[\w-]+ )?(?:" + _LOCKS + r")|"
    # "code to get in (the back entrance)", "safe combination", "combination for the safe"
    r"codes? to get in(?:to)?|(?:" + _LOCKS + r") combination|combination (?:for|to|of) (?:the |our )?(?:[\w-]+ )?(?:" + _LOCKS + r")|"
    r"wi-?fi)(?![\w-])")
#: Asking for it: a question, or a word of asking
_ASKING = re.compile(r"(?i)\?|(?<!\w)(?:what'?s|what’s|what is|send|give|share|tell|dm|text|remind|need|pls|please|plz|"
                     r"anyone (?:have|know|got))(?!\w)")
_TOKEN = re.compile(r"\S+")
_WORDS = re.compile(r"\w+")
#: Words before a number that make it a public one, beyond what names a public code (``PUBLIC_BEFORE``)
_PUBLIC_NUMBER_BEFORE = frozenset(
    "call ring phone tel telephone ext extension line number no no. on at page step section chapter part item "
    "floor level unit suite year since until".split())
_PHONE_LIKE = re.compile(r"\+?\d[\d -]{6,}\d")
#: Digits alone, four to eight of them: asked for a PIN or code, even a round number or a year is one ("0000", "1998")
_PIN = re.compile(r"\*?\d{4,8}[#*]?")
#: A PIN keyed digit by digit ("1 2 3 4", "4-4-7-1")
_SPACED_PIN = re.compile(r"(?<![\w-])\d(?:[ -]\d){3,7}(?![\w-])")
_CLAUSE_END = re.compile(r"[.!?,;:\n]")
_LOOK_BACK = 3  # words before a value that may make it public ("ur case number is 88213")


def credential_asked(messages: Sequence[str]) -> tuple[int, re.Match[str]] | None:
    """The last of ``messages`` that asks for a password, PIN, login or door code, and where it names it."""
    for index in range(len(messages) - 1, -1, -1):
        named = _CREDENTIAL.search(messages[index])
        if named is not None and _ASKING.search(messages[index]) is not None:
            return index, named
    return None


def credential_answers(reply: str) -> list[Evidence]:
    """The secret-shaped values in ``reply``, read as the answer to a message asking for a credential
    (``credential_asked``): evidence for confidential, masked."""
    spaced = [m.span() for m in _SPACED_PIN.finditer(reply)]
    found = [_given(reply, start, end) for start, end in spaced if not _public_before(reply, start)]
    for token in _TOKEN.finditer(reply):
        start, end = trimmed(token)
        if end <= start or any(a <= start < b for a, b in spaced) or _public_before(reply, start):
            continue
        value = reply[start:end]
        if not (secret_shaped(value) or _PIN.fullmatch(value)) or QUANTITY_AFTER.match(reply, end) \
                or _phone_like(reply, start, end):
            continue
        found.append(_given(reply, start, end))
    return sorted(found, key=lambda e: e.start)


def _given(reply: str, start: int, end: int) -> Evidence:
    return Evidence(CONFIDENTIAL, SOURCE, start, end, reply[start:end], SCORE,
                    "a value shaped like a password or code, given in answer to a message asking for one", True,
                    credential=True)


def _public_before(text: str, start: int) -> bool:
    """Whether a word of the few before ``start``, in its clause, makes the value after it public ("ticket",
    "case number", "call")."""
    before = text[max(0, start - 40) : start].lower()
    ends = list(_CLAUSE_END.finditer(before.rstrip()))
    last = _WORDS.findall(before)[-1:]  # the word right before, whatever stands between ("error: WS-37368-7")
    words = [*last, *_WORDS.findall(before[ends[-1].end() if ends else 0 :])[-_LOOK_BACK:]]
    return any(w in PUBLIC_BEFORE or w in _PUBLIC_NUMBER_BEFORE for w in words)


def _phone_like(text: str, start: int, end: int) -> bool:
    """Whether the digits at ``start:end`` are part of a run long enough to be a phone number, written as one:
    seven digits or more, grouped or more than eight (eight digits in one run, asked for a code, are the code)."""
    return any(m.start() <= start and end <= m.end() and sum(c.isdigit() for c in m.group()) >= 7
               and not (m.group().isdigit() and len(m.group()) <= 8)
               for m in _PHONE_LIKE.finditer(text, max(0, start - 20), min(len(text), end + 20)))
