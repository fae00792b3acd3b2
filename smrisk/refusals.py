"""A refusal to disclose: "We can't comment on internal matters", "Sorry, we don't share internal information here";
and a reminder not to share credentials: "Please don't share passwords online!".

Such a sentence tells the reader nothing, and says so; it is what a company's account is told to answer to a
rumour or a question about its plans. The model learned "internal", "share" and "comment" from posts that leak
("internal roadmap says...", "sharing this before the call"), so it reads the refusal as a leak: "We can't speak
to internal matters here" scored 0.76 confidential. So the refusal itself (from the "can't" to what is not
disclosed) is hidden from the rules and the model before they read the draft, as an insult said of a thing is,
and the report says so in a note. What the draft says besides the refusal is read as written: "We can't share
internal plans, but Bluefin ships in March" still names Bluefin and its date.

A refusal here is a writer ("we", "I", or nobody at a sentence's start: "Can't speak to internal plans, sorry!")
who cannot, will not or does not comment on, discuss, share or disclose something named as not public: internal,
confidential, unannounced or personnel matters, plans, details, projects, decisions...; or rumours and
speculation. "Please don't share internal information" (an instruction) and "they won't share the internal
report" (someone else's refusal, a fact about the report) are not hidden.
"""

from __future__ import annotations

import re

from smrisk.phrases import any_of

#: Why a refusal is hidden (a note and a batch row's status say it: "'can't comment on internal matters' is ...").
DECLINES_TO_DISCLOSE = "a refusal to disclose"
#: Why a reminder not to share credentials is hidden.
REMINDS_NOT_TO_SHARE = "a reminder not to share credentials"
#: Why a reminder not to post personal details in public is hidden.
REMINDS_NOT_TO_POST = "a reminder not to post personal details in public"
#: How the note on a hidden refusal or reminder ends.
REFUSAL_NOTE_ENDING = ": neither the rules nor the model read it as a leak"

#: Words a refusal names what it keeps back with, as whole words: a text holding none of them holds no refusal (a
#: registry that watches them finds them in its keyword scan, ``DetectorRegistry.watching``; else a scan of its own)
KEPT_BACK = frozenset({"internal", "confidential", "unannounced", "unreleased", "personnel", "employee", "staff", "private",
                       "individual", "future", "upcoming", "ongoing", "commercial", "rumor", "rumors", "rumour", "rumours",
                       "speculation", "password", "passwords", "passcode", "passcodes", "pin", "pins", "otp", "login", "logins",
                       "details", "information", "info"})
_ANY_KEPT_BACK = any_of(KEPT_BACK)

_APOSTROPHE = r"['’]?"
#: The writer; a sentence may open with the refusal, after a greeting or an apology ("Sorry, we ...", "Hi! Can't ...").
_WRITER = r"(?:we|i)(?:\s+|(?=['’]))"  # "we can't", "we're unable to"
_OPENING = r"(?:^|(?<=[.!?;:,\n(]))\s*(?:(?:sorry|unfortunately|apologies|hi|hey|hello|thanks)\b[\s,!.]*)*"
#: ... cannot, will not or does not (an instruction, "don't share", needs its writer: "we don't share")
_BE = rf"(?:are |am |{_APOSTROPHE}re |{_APOSTROPHE}m )"  # "we are", "we're", "i'm"
_WILL_NOT = (rf"(?:(?:really|just|simply|generally|unfortunately|still|usually)\s+)?"
             rf"(?:can{_APOSTROPHE}t|cannot|can not|won{_APOSTROPHE}t|will not|{_BE}?unable to|aren{_APOSTROPHE}t able to|"
             rf"{_BE}not able to|(?:{_BE}not|aren{_APOSTROPHE}t) (?:allowed|permitted|in a position) to)")
_DO_NOT = rf"(?:(?:really|just|simply|generally|usually)\s+)?(?:don{_APOSTROPHE}t|do not|never)"
#: ... comment on, discuss, share, disclose ...
_TELL = (r"(?:comment|speak|talk|discuss|share|disclose|reveal|get into|go into|give out|give|provide|confirm or deny)"
         r"(?:\s+(?:publicly|here|on here|on social media|online|any further|further))?(?:\s+(?:on|about|to|of|into|with you))?")
#: ... something named as not public: "internal matters", "details of internal IT projects", "rumours"
_WHAT = (r"(?:(?:any|the|our|its|their|your|more|details|detail|specifics|information|info|anything|on|of|about|"
         r"regarding|such)\s+){0,4}"
         r"(?:(?:internal|confidential|unannounced|unreleased|personnel|employee|staff|private|individual|future|upcoming|"
         r"ongoing|commercial)(?:\s+\w+)?\s+(?:matters?|plans?|planning|information|info|details|projects?|processes|decisions?|"
         r"discussions?|products?|roadmaps?|issues?|communications?|investigations?|systems?|tools?|specifics|policies|"
         r"numbers|figures|reviews?|conversations?|changes?|cases?|operations|affairs|data|documents|docs|reports?|memos?|"
         r"launches|releases|moves|news|rotas?|rosters?|schedules?|shifts?|salar(?:y|ies)|pay|contracts?|names|contact details|"
         r"records|accounts?|addresses|emails|phone numbers)|rumou?rs?|speculation)\b")
#: The refusal, from its writer if named: at a sentence's start with or without one ("Can't speak to internal plans"),
#: elsewhere with one ("... and we can't share internal plans")
_REFUSAL = re.compile(rf"(?:{_OPENING}|(?<![\w'’])(?=(?:we|i)\b))"
                      rf"((?:{_WRITER})?(?:{_WILL_NOT}|(?:(?<=\bwe )|(?<=\bi )){_DO_NOT})\s+{_TELL}\s+{_WHAT})")


#: A reminder not to share credentials, said to everyone ("Please don't share passwords online!", "never share your
#: PIN with anyone"): advice, not a secret. Not "don't share this password" nor "the wifi password": those name one.
_REMINDER = re.compile(r"(?<![\w'’])(?:please\s+)?(?:don['’]?t|do not|never)\s+(?:ever\s+)?(?:share|give out|post|send)\s+"
                       r"(?:your\s+|any\s+)?(?:(?:account|bank|card|online banking|one-time|login)\s+)?"
                       r"(?:passwords?|passcodes?|pins?|otps?|login details|logins|log-in details)\b")


#: A reminder not to post personal details where everyone reads them ("Don't share any details here", "never share your
#: card details on social media"): a care team's safety line. Only with where: "don't share any details about Bluefin
#: until Monday" keeps a secret.
_DETAILS_REMINDER = re.compile(
    r"(?<![\w'’])(?:please\s+)?(?:don['’]?t|do not|never)\s+(?:ever\s+)?(?:share|give out|post|send|put)\s+(?:any|your)\s+"
    r"(?:(?:personal|account|card|bank|banking|contact|private|payment)\s+)?(?:details|information|info)\s+"
    r"(?:here|on here|publicly|in public|online|on social media|in (?:the )?(?:comments|replies)|"
    r"on (?:this|our) (?:page|thread|post)|on (?:twitter|x|facebook|instagram))(?![\w'’])")


def refusals(folded: str, words: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Where, in ``folded`` (the lower-cased folded text), the refusals to disclose are: from the writer or the "can't"
    to what is kept back. ``words``: the text's whole words among ``KEPT_BACK``, where a keyword scan found them."""
    return [match.span(1) for match in _REFUSAL.finditer(folded)] if _may_hold(folded, words) else []


def credential_reminders(folded: str, words: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Where, in ``folded``, the reminders not to share credentials are (``words`` as for ``refusals``)."""
    return [match.span() for match in _REMINDER.finditer(folded)] if _may_hold(folded, words) else []


def details_reminders(folded: str, words: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Where, in ``folded``, the reminders not to post personal details in public are (``words`` as for ``refusals``)."""
    return [match.span() for match in _DETAILS_REMINDER.finditer(folded)] if _may_hold(folded, words) else []


def _may_hold(folded: str, words: frozenset[str] | None) -> bool:
    """Whether ``folded`` holds a word of ``KEPT_BACK``: read from ``words`` where a keyword scan found them, else
    scanned for (anywhere, so never False where a refusal or reminder stands)."""
    return not KEPT_BACK.isdisjoint(words) if words is not None else _ANY_KEPT_BACK(folded)
