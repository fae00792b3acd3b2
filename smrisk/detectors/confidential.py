"""Confidential-information rules: PII, payment data, credentials and internal systems."""

from __future__ import annotations

import re

import phonenumbers

from smrisk.categories import CONFIDENTIAL
from smrisk.detectors.base import Detector, RegexDetector, RegexRule, needs_any, needs_digits
from smrisk.detectors.validators import (
    iban_valid,
    is_toll_free,
    luhn_valid,
    private_ip,
    real_secret_value,
    ssn_valid,
)
from smrisk.document import Document
from smrisk.evidence import Evidence

_ROLE_MAILBOXES = frozenset(
    "support help info hello contact press media news careers jobs recruiting hr privacy security "
    "abuse sales billing service customerservice care team office admin webmaster noreply no-reply "
    "feedback partners investors ir legal compliance marketing events community".split()
)


def role_mailbox(value: str) -> tuple[float, str] | None:
    """A role address (support@, press@) is usually published on purpose."""
    if value.split("@", 1)[0].lower() in _ROLE_MAILBOXES:
        return 0.1, "role mailbox such as support@, usually published on purpose"
    return None


def _has_letters_and_digits(value: str) -> bool:
    return any(c.isdigit() for c in value) and any(c.isalpha() for c in value)


_TOOLS = ("jira", "confluence", "grafana", "kibana", "jenkins", "vault", "admin", "intranet", "staging", "stage",
          "dev", "vpn", "wiki", "sso", "okta", "sharepoint", "tableau", "looker", "metabase", "sentry", "splunk",
          "internal")


def _c(name: str, pattern: str, score: float, reason: str, **kw: object) -> RegexRule:
    return RegexRule(f"{CONFIDENTIAL}.{name}", CONFIDENTIAL, pattern, score, reason, **kw)  # type: ignore[arg-type]


#: Pattern rules, declared as data. Scores are the rule's precision as judged on our corpus.
RULES: tuple[RegexRule, ...] = (
    _c("email", r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![\w-])",
       0.55, "an e-mail address, personal data unless it is a published role mailbox",
       suppressor=role_mailbox, sensitive=True, precheck=needs_any("@")),
    _c("credit_card", r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])", 0.85,
       "a payment card number (passes the Luhn check)", validator=luhn_valid, sensitive=True,
       precheck=needs_digits(13)),
    _c("us_ssn", r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])", 0.85,
       "a US social security number", validator=ssn_valid, sensitive=True, precheck=needs_digits(9)),
    _c("iban", r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", 0.85,
       "a bank account number (IBAN, passes the mod-97 check)", validator=iban_valid, sensitive=True,
       precheck=needs_digits(8)),
    _c("aws_access_key", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", 0.95, "an AWS access key id", sensitive=True,
       precheck=needs_any("akia", "asia")),
    _c("github_token", r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})\b", 0.95,
       "a GitHub access token", sensitive=True, precheck=needs_any("gh", "github_pat_")),
    _c("slack_token", r"\bxox[abposr]-[A-Za-z0-9-]{10,}", 0.95, "a Slack token", sensitive=True, precheck=needs_any("xox")),
    _c("stripe_key", r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}\b", 0.95, "a Stripe secret key", sensitive=True,
       precheck=needs_any("k_live_", "k_test_")),
    _c("google_api_key", r"\bAIza[0-9A-Za-z_\-]{35}\b", 0.9, "a Google API key", sensitive=True, precheck=needs_any("aiza")),
    _c("jwt", r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", 0.9,
       "a signed web token (JWT)", sensitive=True, precheck=needs_any("eyj")),
    _c("private_key", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----", 0.97, "a private key block", sensitive=True,
       precheck=needs_any("private key")),
    _c("url_credentials", r"\b[a-z][a-z0-9+.-]*://[^\s:/@]+:[^\s@/]+@[^\s/]+", 0.95,
       "a URL with a user name and password in it", sensitive=True, precheck=needs_any("://")),
    _c("secret_assignment",
       r"(?i)\b(?:api[_ -]?key|secret[_ -]?key|access[_ -]?token|auth[_ -]?token|client[_ -]?secret|"
       r"bearer|token)\b\s*(?:is|=|:)?\s*[\"']?([A-Za-z0-9_\-./+=]{16,})",
       0.9, "a key or token after its name", group=1, validator=_has_letters_and_digits, sensitive=True,
       precheck=needs_any("key", "token", "secret", "bearer")),
    _c("password",
       r"(?i)\b(?:password|passwd|pwd|pw|passcode|pass ?code|pin(?: code)?|wi-?fi(?: password| pw| pass)?|"
       r"door code|alarm code|gate code|access code|login|credentials|creds)\b(?: for [\w .-]{1,30}?)?"
       r"\s*(?:is|was|are|=|:|->|is now|now)\s*[\"'`]?([^\s\"'`]{3,63}[^\s\"'`.,;:!?)])",
       0.9, "a password or access code written out", group=1, validator=real_secret_value,
       sensitive=True, precheck=needs_any("pass", "pw", "pin", "wi", "code", "login", "cred")),
    _c("internal_host",
       r"(?i)\b(?:[a-z0-9-]+\.)+(?:internal|corp|local|lan|intranet|intra|localdomain|home\.arpa)\b(?:/\S*)?",
       0.7, "an internal host name or URL",
       precheck=needs_any(".internal", ".corp", ".local", ".lan", ".intra", "home.arpa")),
    _c("internal_tool_url",
       r"(?i)\b(?:https?://)?(?:" + "|".join(_TOOLS) + ")"
       r"[.-][a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?",
       0.5, "a link to what looks like an internal tool", precheck=needs_any(*_TOOLS)),
    _c("private_ip", r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])", 0.6,
       "a private-network IP address", validator=private_ip, precheck=needs_any("10.", "192.168.", "172.", "127.", "169.254.")),
)

_PHONE_HINT = re.compile(r"\d(?:\D{0,3}\d){6}")


class PhoneDetector(Detector):
    """Phone numbers found by Google's libphonenumber; toll-free lines are treated as published."""

    name = f"{CONFIDENTIAL}.phone"
    category = CONFIDENTIAL

    def __init__(self, region: str = "US") -> None:
        self.region = region

    def find(self, document: Document) -> list[Evidence]:
        text = document.normalized.clean.text
        if not _PHONE_HINT.search(text):
            return []
        found: list[Evidence] = []
        matcher = phonenumbers.PhoneNumberMatcher(text, self.region, leniency=phonenumbers.Leniency.POSSIBLE)
        for match in matcher:
            raw = match.raw_string
            digits = sum(c.isdigit() for c in raw)
            public = False
            if digits < 7 or (raw.isdigit() and not raw.startswith("0")):
                continue  # a bare run of digits is more often an order or account number
            if is_toll_free(match.number):
                score, reason = 0.1, "toll-free number, usually a published support line"
                public = True
            elif phonenumbers.is_valid_number(match.number):
                score, reason = 0.6, "a phone number, personal data unless it is a published line"
            else:
                score, reason = 0.45, "a phone-number-shaped value"
            start, end, span = document.original_span("clean", match.start, match.end)
            found.append(Evidence(CONFIDENTIAL, self.name, start, end, span, score, reason, not public))
        return found


def detectors() -> list[Detector]:
    """The confidential rule detectors, in a stable order."""
    return [*(RegexDetector(rule) for rule in RULES), PhoneDetector()]
