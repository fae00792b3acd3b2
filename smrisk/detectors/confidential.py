"""Confidential-information rules: PII, payment data, credentials and internal systems."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

import phonenumbers
from spacy.lang.en.stop_words import STOP_WORDS

from smrisk.categories import CONFIDENTIAL
from smrisk.detectors.address_forms import INDIAN_UNITS, LEADING_TYPES, NAME_ENDINGS, STREET_TYPES, home_addresses
from smrisk.detectors.address_gate import parse_addresses, possible_countries
from smrisk.detectors.base import Detector, Needs, RegexDetector, RegexRule, needs_all, needs_any, needs_digits
from smrisk.detectors.secret_shape import SecretShapedValueDetector
from smrisk.detectors.validators import (
    card_number_valid,
    iban_valid,
    is_paid_service_line,
    is_toll_free,
    luhn_invalid,
    private_ip,
    real_secret_value,
    ssn_valid,
)
from smrisk.document import Document, digit_count
from smrisk.evidence import Evidence

_ROLE_MAILBOXES = frozenset(
    "support help info hello contact press media news careers jobs recruiting hr privacy security "
    "abuse sales billing service customerservice care team office admin webmaster noreply no-reply "
    "feedback partners investors ir legal compliance marketing events community dpo dataprotection gdpr".split()
)


#: What contact details published on purpose weigh (a role mailbox, a toll-free or company line, a store's address):
#: nothing. They are shown, with why, so a reviewer sees they were read, as an address at a company's public domain is.
PUBLISHED = 0.0


def role_mailbox(value: str) -> tuple[float, str] | None:
    """A role address (support@, press@) is usually published on purpose."""
    if value.split("@", 1)[0].lower() in _ROLE_MAILBOXES:
        return PUBLISHED, "role mailbox such as support@, usually published on purpose"
    return None


def _credential_pair(value: str) -> bool:
    """A login pair whose second half looks like a password, not a sentence ("user / month"), and not two
    numbers ("4829-1173, 9931-0456" is a list of codes)."""
    if _DEFAULT_PAIR.fullmatch(value.strip()):
        return True  # a default account with its factory password
    # the separators login_pair allows, the password's own label among them ("ops_admin pass Tr4ck!26")
    head, *rest = re.split(r"\s*(?:/|,|\band\b|\bwith\b)\s*|\s+(?=(?:pw|pwd|pass(?:word)?)\b)", value, maxsplit=1)
    tail = rest[-1] if rest else head
    if not any(c.isalpha() for c in head + tail):
        return False
    tail = re.sub(r"(?i)^(?:pw|pwd|pass(?:word)?)\b\s*[:=]?\s*", "", tail).strip("\"'`")
    return real_secret_value(tail) and (any(c.isdigit() for c in tail) or not tail.isalpha())


def _key_like(value: str) -> bool:
    """Grouped upper-case blocks (XK4R-PQ92-LM7T) or a run of letters and digits, not a word."""
    return "-" in value or _has_letters_and_digits(value)


def _high_entropy(value: str) -> bool:
    """Mixed letters and digits with enough randomness to be a generated key, not a word."""
    if len(value) < 10 or sum(c.isalpha() for c in value) < 3:
        return False
    if sum(c.isdigit() for c in value) < 3:
        # a long one in mixed case with a digit or a base64 "/" or "+" ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        if len(value) < 24 or value.isalpha() or value.islower() or value.isupper():
            return False
    counts = {c: value.count(c) for c in set(value)}
    entropy = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return entropy >= 3.0


def _mixed_blocks(value: str) -> bool:
    """Three blocks or more that mix letters and digits (DK-55A9-3F7C-11B0-E2D4), not a part number of words and years."""
    return sum(_has_letters_and_digits(block) for block in value.split("-")) >= 3


def _has_letters_and_digits(value: str) -> bool:
    return any(c.isdigit() for c in value) and any(c.isalpha() for c in value)


_TOOLS = ("jira", "confluence", "grafana", "kibana", "jenkins", "vault", "admin", "intranet", "staging", "stage",
          "dev", "vpn", "wiki", "sso", "okta", "sharepoint", "tableau", "looker", "metabase", "sentry", "splunk",
          "internal")


def _c(name: str, pattern: str, score: float, reason: str, **kw: object) -> RegexRule:
    return RegexRule(f"{CONFIDENTIAL}.{name}", CONFIDENTIAL, pattern, score, reason, **kw)  # type: ignore[arg-type]


#: what a secret's name may be followed by before its value ("gate code at the Leeds depot is 5829")
_WHERE = (r"(?: (?:for|at|of|on|in|to|outside|inside|behind|near) [\w .'’-]{1,40}?|"
          r" (?:for )?this (?:year|month|week|term|quarter|semester|season))")

#: thirteen digits, each after at most one space or dash: what a card number starts with
_CARD_DIGITS = r"\d(?:[ .-]?\d){12}"

#: "password", also written with look-alike letters ("pa55word", "p@ssword", "passw0rd")
_PASSWORD_WORD = (r"(?:p[a@4][s5$]{1,2}w(?:[o0]r|r|ro)d|"  # "pasword", "passwrd", "passwrod" too
                  r"(?:(?<=\bthe )|(?<=\bmy )|(?<=\byour )|(?<=\bour )|(?<=\bnew )|(?<=\bwifi ))pass[ -]word)")  # "the pass word is"
#: What a text holding ``_PASSWORD_WORD`` in any of its spellings holds (for prechecks: "pa5sword" too)
_PASSWORD_WORD_KEYS = ("word", "w0rd")

#: Accounts systems ship with, whose name is the first half of a login pair ("admin / Spring2024!")
_DEFAULT_ACCOUNTS = "admin|administrator|root|superuser|sysadmin"
#: Passwords devices and systems ship with: a login pair of a default account and one of them is a real weakness
#: however plain its words ("admin/admin", "root/toor").
_DEFAULT_PASSWORDS = "admin|root|toor|password|passw0rd|changeme|1234|12345|123456|12345678"
#: ... not when a noun follows that makes the pair two kinds of thing ("the admin/password reset flow")
_NOT_A_PAIR_AFTER = (r"(?!\s+(?:reset|resets|recovery|change|changes|manager|managers|policy|policies|field|fields|page|pages|"
                     r"screen|screens|flow|flows|role|roles|rights|access|account|accounts|panel|settings|split|view|views|mode|"
                     r"modes|wifi|wi-fi|network|networks|user|users|portal|portals|privileges|permissions|login|logins|level|"
                     r"levels|side|tab|tabs|menu|console|interface|dashboard|option|options|team|teams)\b)")
_DEFAULT_PAIR = re.compile(r"(?i)[\"'`]?(?:" + _DEFAULT_ACCOUNTS + r")[\"'`]?\s*/\s*[\"'`]?(?:"
                           + _DEFAULT_PASSWORDS + r")[\"'`]?")
#: The password half of a login pair: a word of five characters or more, or four digits ("mgr / 1122")
_PAIR_TAIL = r"(?:[^\s\"'`]{4,63}[^\s\"'`.,;:?)]|\d{4}(?![\d/-]))"

#: one turn of a combination dial: "L 14", "R-33", "left 9"
_DIAL_TURN = r"(?:[LR]|left|right)[ -]?\d{1,2}\b"
_TURN_DIAL = r"\d{1,2}[ -]?(?:[LR]|left|right)\b"  # the number first ("31 left 12 right 40 left")

#: A request is not one when a denial, a warning or an instruction stands before it in its sentence
#: ("we will never ask you to DM us your password", "scammers may tell you to send your PIN", "you'll be
#: asked to provide your PIN at the till"): the optional head of ``asks_for_credentials``, which
#: ``_not_denied`` then rejects, so the request it covers is passed over.
_DENIED = (r"(?:never|not|no one|nobody|no-one|\w+n['’]t|(?:do|does|did|is|are|was|were|has|have|wo|would|could|should|ca)nt|"
           r"cannot|without|avoid|refuse|scam\w*|fraud\w*|phish\w*|fake|"
           r"impost[eo]rs?|criminals?|beware|warning|if (?:someone|anyone|somebody)|asked to|prompted to|required to|"
           r"need to|needs to|have to|has to|must)")
_DENIED_HEAD = re.compile(rf"(?i){_DENIED}\b")

#: A request to the reader: an imperative ("DM us", "reply with", "send over") or a question ("what's").
_ASK = (r"(?:(?:dm|pm|direct message|message|inbox|text|e-?mail|send(?:ing)?|shoot|drop(?:ping)?|pop(?:ping)?|"
        r"shar(?:e|ing)|giv(?:e|ing)|tell(?:ing)?|provid(?:e|ing)|include|forward)"
        r"(?:\s+(?:us|me|our team|the team|over|along|back|privately|securely|here|below)){0,2}"
        r"(?:\s+(?:a|an)\s+(?:dm|pm|direct message|message|e-?mail|text|note|reply))?(?:\s+(?:with|containing|of))?"
        r"|(?:reply|respond|write back|get back to (?:us|me)|come back to (?:us|me))\s+with|let (?:us|me) (?:know|have)"
        r"|(?:we|i)(?:['’]ll|['’]d| will| would)?(?: just| also| first| only)?\s+(?:need|require)|what['’]?s|what is)")

#: How many digits a code has ("4-digit PIN", "the six-digit code")
_DIGITS = r"(?:3|4|5|6|8|three|four|five|six|eight)[- ]digit"

#: A one-time or second-factor code by its kind ("2FA code", "authenticator code", "one-time passcode")
_CODE_KIND = (r"(?:verification|one-time|2fa|mfa|otp|sms|authenticator|authentication|auth|two-factor|2-factor|"
              r"two-step|2-step|login|log-in|sign-in) (?:app )?(?:code|passcode|pin)|one-time password")

#: The name of what no company asks a customer for, after "your": the password, PIN or card details themselves
#: (not an order or account number, not "the last four digits of your card"), a bank account's sort code with its
#: number, a second-factor code.
_SECRET_NAME = (r"(?:(?:full|whole|complete|entire|long|16-digit|sixteen-digit|current|old|account|"
                r"online banking|banking|bank|e-?mail|app|login|log-in|" + _DIGITS + r"|atm)\s+){0,2}"
                r"(?:(?:(?:credit|debit|bank)\s+)?card\s+(?=pin\b|PIN\b)|(?:credit|debit)\s+)?"
                r"(?:" + _PASSWORD_WORD + r"|passcode|pass code|passwd|pwd?|pin (?:number|code)|(?-i:PIN)|"
                r"(?:login|log-in|sign-in|sign in) (?:details|info|information|credentials)|credentials|"
                r"(?:user ?name|login|e-?mail) and password|card (?:number|no\.?|details|#)|cvv2?|cvc2?|security code|"
                r"sort code,? (?:and |& )?(?:(?:your|ur|yr|the) )?(?:bank )?account (?:number|no\.?)|"
                r"(?:bank )?account (?:number|no\.?),? (?:and |& )?(?:(?:your|ur|yr|the) )?sort code|"
                + _CODE_KIND + r"|otp)")

#: What may be asked for beside a secret, one to four words, then a comma or "and" ("your order number and card
#: number", "your card's expiry date and security code"): the request is for the secret all the same.
_ALSO_ASKED = r"(?:(?:[\w'’-]+\s+){0,3}?[\w'’-]+(?:\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&|plus)\s+)){1,3}?"

#: A code that comes from an authenticator, a card reader or a text ("the 6-digit code from your authenticator app").
_CODE_FROM = (r"(?:code\s+(?:from|on|in|shown (?:on|in))\s+(?:(?:your|ur|yr|the)\s+)?(?:[\w-]+\s+){0,2}?"
              r"(?:authenticator|authentication|auth|2fa|mfa|authy|security key|token|card reader|"
              r"bank(?:ing)? app)(?:\s+app)?"
              r"|code (?:we|you|i) (?:just )?(?:sent|texted|emailed|received|got))")

#: What no company asks a customer for: the secret after "your" (after whatever else is asked for beside it), or
#: the one secret a "the" names.
_ASKED_SECRET = (r"(?:(?:your|ur|yr)\s+(?:" + _ALSO_ASKED + r"(?:(?:your|ur|yr|the)\s+)?)??" + _SECRET_NAME +
                 r"|(?:your|ur|yr)\s+(?:" + _DIGITS + r"\s+)?" + _CODE_FROM +
                 r"|the\s+(?:" + _DIGITS + r"\s+)?(?:" + _PASSWORD_WORD + r"|pin (?:number|code)|(?-i:PIN)|passcode)"
                 r"\s+(?:for|of|to)\s+your"
                 r"|the\s+(?:" + _DIGITS + r"\s+)?(?:cvv2?|cvc2?|security code|" + _CODE_KIND + r"|"
                 r"(?:full|long|16-digit) card number|" + _CODE_FROM + r"))")

#: After the secret: not a thing named after it ("your password policy", "your password reset link"), nor the
#: subject of a clause ("let us know your password has been changed"), nor a warning ("with anyone").
_NOT_ASKED_AFTER = (r"(?![\w-]|\s+(?:policy|policies|reset|resets|requirements?|rules?|managers?|strength|changes?|"
                    r"recovery|hints?|field|page|link|length|expir\w*|settings|tips?|history|protection|protected|"
                    r"secure|safe|private|is|are|was|were|has|have|had|will|expired|a|an|"
                    r"to (?:be|contain|include|have|meet|match|change))\b|"
                    r"\s+(?:with|to)\s+(?:no one|nobody|anyone|anybody|others|other people|strangers|yourself)\b)")


#: what comes between a value and the name that makes it a password ("is the new admin", "was my", "btw, the")
_NAMED_AS = (r"(?:(?:\s+(?:btw|fyi))?\s*[,—–]\s*|\s+(?:is|was|will be|remains)\s+"
             r"(?:(?:still|now|also|literally|basically|just|actually|always|probably)\s+)?)"
             r"(?:the|my|our|your|his|her|their)\s+(?:[\w-]+\s+){0,2}?")
_VERSION = re.compile(r"(?i)v?\d+(?:\.\d+)+[a-z]?")


_DISCOUNT = re.compile(r"(?i)save|off|free|deal|promo|sale|gift|xmas|bf\d")


def _no_discount(value: str) -> bool:
    """Not a discount code's shape ("BF2024-SAVE30", "XMAS-OFF20")."""
    return _DISCOUNT.search(value) is None


def _user_name(value: str) -> bool:
    """A user name, not a word of the sentence ("username: cannot be reused")."""
    return value.lower() not in STOP_WORDS and real_secret_value(value)


def _seven_digits(value: str) -> bool:
    """Seven digits or more: an identity number, not a short count or code."""
    return sum(c.isdigit() for c in value) >= 7


def _labelled_secret(value: str) -> bool:
    """The password after its label is a secret, not a placeholder."""
    return real_secret_value(re.split(r"(?i)(?:p|pw|pwd|pass|password)\s*[:=]\s*", value)[-1])


#: Accounts people share as name:password (games, streaming)
_SHARED_ACCOUNTS = ("acc|acct|account|login|steam|fortnite|roblox|netflix|disney|spotify|xbox|psn|epic|minecraft|discord|hulu|prime|"
                    "valorant|league")


def _colon_pair(value: str) -> bool:
    """A password after the account's colon, not a version ("demo:v2.1") nor a placeholder."""
    secret = re.split(r"\s?(?::{1,2}|/|\|)\s?", value, maxsplit=1)[1]
    return not _VERSION.fullmatch(secret) and real_secret_value(secret)


_MAIL_PROVIDERS = ("gmail|googlemail|yahoo|hotmail|outlook|icloud|protonmail|proton|aol|gmx|yandex|zoho|fastmail|btinternet|"
                   "comcast|verizon")


def _spelled_out(value: str) -> bool:
    """An address with "at" or "dot" in words: one written the usual way is the e-mail rule's."""
    return re.search(r"(?i)\bat\b|\bdot\b|\[|\(", value) is not None


def _not_denied(value: str) -> bool:
    """False when the request follows a denial, a warning or an instruction in its sentence (``_DENIED``)."""
    return not _DENIED_HEAD.match(value)


#: A code's digits as a lock takes them: with a "#" or "*", one by one ("2-7-7-4", "1 9 9 8", "4-2-4-2-#"), in pairs
#: ("60 19 43", "22-44-11"), a dial's numbers ("33-12-7"), or spelled out ("six six oh one")
_SPELLED_DIGIT = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_LOCK_DIGITS = (r"(?:\d{3,8}[#*]|\*\d{3,8}|\d(?:[ -]\d){3,9}(?:[ -]?[#*])?|\d{2}(?:[ -]\d{2}){2,3}|\d{2}-\d{2}-\d{1,2}|"
                + _SPELLED_DIGIT + r"(?:[ -]" + _SPELLED_DIGIT + r"){3,7})")
#: ...or four to eight plain digits
_LOCK_VALUE = r"(?:" + _LOCK_DIGITS + r"|\d{4,8}|(?-i:\d{4,8}[A-Z]|[A-Z]{1,2}\d{4,8}))"
#: What a code's number is not followed by: a unit, a time, more of a number ("1234 lines", "0930 am", "2024.5")
_NOT_A_QUANTITY = (r"(?![\w#*'’]|[.,:/-]\d|\s*(?:%|percent|lines?|people|users|times|km|miles|ft|am|pm|a\.m|p\.m|hrs?|hours|"
                   r"mins?|minutes|days|weeks|months|years|dollars|usd|gbp|eur|points|pts)\b)")
#: Words that name a code nobody keeps secret ("zip code", "promo code 2024", "error code 1603")
_PUBLIC_CODES = ("friday|monday|cyber|holiday|christmas|xmas|easter|summer|winter|spring|autumn|fall|welcome|birthday|"
                 "newsletter|student|flash|"  # the names of discount codes ("Black Friday code: BF2024-SAVE30")
                 "zip|postal|post|area|country|dial|dialing|dialling|error|status|exit|return|response|http|source|promo|"
                 "promotional|discount|voucher|coupon|referral|tracking|reference|booking|confirmation|product|item|sku|"
                 "dress|tax|sort|swift|bic|iata|icao|airport|station|course|module|class|qr|bar|colour|color|morse|region|"
                 "language|currency|offer|gift|sale|event|invite|invitation|penal|civil|criminal|zoning|fire|health|safety|"
                 "ethics|conduct|honor|honour|cheat|machine|bonus|redemption|claim|the|a|this|that|your|my|our|their|his|"
                 "her|its|same|new|old|no|any|some|every|each|which|what|ups|fedex|usps|dhl|hs|icd|cpt|naics|sic|ticker|"
                 "stock|share|program|programme|game|cheats|python|java|html|css|sql|nhs|bank|branch|routing")
#: What the access-code rule reads before "code" ("door code", "pin code"): left to it
_ACCESS_CODE_WORDS = ("pin|door|gate|alarm|keypad|lock|entry|disarm|building|room|office|safe|locker|backup|recovery|2fa|mfa|"
                      "sso|otp|one-time|verification|security|access")
#: A lock a code opens, named without the word "code" ("the break room door is 5-5-0-2", "keypad's 0815")
_LOCKS = (r"doors?|gates?|entrance|entry|hatch|shed|cabinet|drop ?box|key ?drop|safe|(?:pad)?lock|keypad|key ?pad|alarm|"
          r"cage|locker|garage|vault|closet")
#: What joins a lock to its code ("is", "'s still", "opens with", ", which is", "got reset to", "changed, it's", "(")
# "still" or "now" alone too: a list of codes drops the verb ("front door is 4471 and the back door still 1290")
_LOCK_VERB = (r"\s*(?:(?:is|are|was|['’]s)(?:\s+(?:now|still|just))?|still|now|, it['’]?s now|=|:|,|-|opens with|uses(?: code)?|"
              r", which is|"
              r"(?:(?:has|have|had|got|was|been|just)\s+){0,2}(?:reset|changed|set) to|changed,? it['’]?s(?: now)?|(?=\s*\())")
#: Where the lock is, between its name and its code ("pool gate after hours is 2323", "med cabinet on 4 west opens
#: with 3388"), then a verb: the joins that may follow a lock's name ("alarm 0000" needs none; "the code to the
#: phone ending in 0147" is no code of a lock)
_LOCK_JOIN = (r"(?:(?: (?:at|on|in|for|by|of|to|from|after|before|during|behind|near) [\w .'-]{1,40}?)" + _LOCK_VERB +
              r"|" + _LOCK_VERB + r"?)")

#: A month's name or its short form ("Apr", "Sept")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
          r"nov(?:ember)?|dec(?:ember)?)")

#: Pattern rules, declared as data. Scores are the rule's precision as judged on our corpus.
RULES: tuple[RegexRule, ...] = (
    _c("email", r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![\w-])",
       0.55, "an e-mail address, personal data unless it is a published role mailbox",
       suppressor=role_mailbox, sensitive=True, precheck=needs_any("@"), hint=r"[A-Za-z0-9._%+-]@[A-Za-z0-9-]"),
    # an address spelled out to dodge scrapers ("raj dot menon 77 at gmail dot com", "jo.b [at] outlook.com"): a
    # mailbox of a known provider, "at" or "dot" in words
    _c("spelled_email",
       r"(?i)(?<![\w.@])([a-z0-9_-]+(?:\s*(?:\.|\bdot\b|\[dot\]|\(dot\))\s*[a-z0-9_-]+){0,3}(?:\s+\d{1,4})?"
       r"\s*(?:\bat\b|\[at\]|\(at\)|@)\s*(?:" + _MAIL_PROVIDERS + r")\s*(?:\bdot\b|\[dot\]|\(dot\)|\.)\s*"
       r"(?:co\s*(?:\bdot\b|\.)\s*uk|com|net|org|de|fr|ca|au|ie|nl|es|it|me)\b)",
       0.55, "an e-mail address spelled out, personal data", group=1, validator=_spelled_out, sensitive=True,
       precheck=needs_any(*_MAIL_PROVIDERS.split("|")),
       hint=r"(?i)(?:\bat\b|\[at\]|\(at\)|@)\s*(?:" + _MAIL_PROVIDERS + r")\s*(?:\bdot\b|\[dot\]|\(dot\)|\.)"),
    _c("credit_card", r"(?<![\d/=.-])(?:\d(?:[ -]?\d){12,18}|\d{4}(?:\.\d{4}){2}\.\d{1,7})(?![\d/-]|\.\d)", 0.85,
       "a payment card number (passes the Luhn check)", validator=card_number_valid, sensitive=True,
       precheck=needs_digits(13), hint=_CARD_DIGITS),
    # a number after the word "card" that fails the Luhn check is a mistyped or test card number: still a
    # number nobody should post, and the reviewer should not read it in clear
    _c("card_number", r"(?i)\b(?:card|cc|visa|mastercard|amex)(?: (?:number|no\.?|num|#))?\s*(?:is|:|=|#)?\s*"
       r"(\d(?:[ -]?\d){12,18})(?![\d/-])", 0.6,
       "a card number after the word card (it fails the Luhn check: mistyped or a test number)", group=1,
       validator=luhn_invalid, sensitive=True, precheck=needs_digits(13), hint=_CARD_DIGITS),
    _c("us_ssn", r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])", 0.85,
       "a US social security number", validator=ssn_valid, sensitive=True, precheck=needs_digits(9), hint=r"\d-\d\d-\d"),
    # after its name, written with spaces or none ("SSN 623 40 9185", "ssn 530418862")
    _c("named_ssn",
       r"(?i)\b(?:ssn|social security (?:number|no\.?|#)|social security|(?:my|your|his|her|their) social)(?:\b|(?<=#))"
       r"[^\d\n.!?]{0,30}?"
       r"(\d{3}[ .-]?\d{2}[ .-]?\d{4})(?![\d-])",
       0.85, "a US social security number", group=1, validator=ssn_valid, sensitive=True,
       precheck=needs_any("ssn", "social")),
    # another country's national number after its name ("PPS no. 7834219TA", "SIN 046 454 286", "Aadhaar 4512 ...")
    _c("named_national_id",
       r"(?i)\b(?:ppsn?|sin|social insurance(?: number)?|aadhaa?r|national id(?: number)?|tax file number|tfn|bsn|nif|nie|dni|"
       r"steuer-?id|personnummer|cpr)(?:\s+(?:no\.?|number|#|nr\.?))?(?:\s*\([^)\n]{0,40}\))?(?:\s+(?:is|was))?"
       r"\s*(?:[:#=]|→|->)?\s*"
       r"((?-i:[A-Z])?\d(?:[ .-]?(?-i:[A-Z0-9])){6,13})(?![\w-])",
       0.85, "a national identity or tax number after its name", group=1, validator=_seven_digits, sensitive=True,
       precheck=needs_any("pps", "sin", "social insurance", "aadha", "national id", "tax file", "tfn", "bsn", "nif", "nie",
                          "dni", "steuer", "personnummer", "cpr"),
       hint=r"\d{3}"),
    # a New Zealand bank account, in its own shape ("12-3140-0487512-00")
    _c("nz_bank_account", r"(?<![\d-])\d{2}-\d{4}-\d{7}-\d{2,3}(?![\d-])", 0.85, "a bank account number (New Zealand)",
       sensitive=True, precheck=needs_digits(15), hint=r"\d-\d{4}-\d{7}-"),
    # an Irish Eircode after its name: it places one house ("Eircode for the farm is H91 X2T7")
    _c("eircode", r"(?i)\beircode\b[^\d\n.]{0,30}?\b((?-i:[AC-FHKNPRTV-Y]\d[\dW]) ?(?-i:[AC-FHKNPRTV-Y0-9]{4}))\b",
       0.6, "an Eircode, the postcode of one house", group=1, sensitive=True, credential=True, precheck=needs_any("eircode")),
    # a UK National Insurance number, in its own letters ("JT 48 21 93 B")
    _c("uk_national_insurance",
       r"(?<![A-Za-z0-9])(?:[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D](?![A-Za-z0-9])",
       0.85, "a UK National Insurance number", sensitive=True, precheck=needs_digits(6),
       hint=r"[A-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]"),
    # an account number after its name ("checking account 000123884719", "savings acct number is 7731-0049-2285")
    _c("bank_account_number",
       r"(?i)\b(?:(?:checking|chequing|savings|current|bank|deposit)\s+(?:account|acct|a/c)(?:\s+(?:number|no\.?|num|#))?|"
       r"(?:bank\s+)?(?:account|acct|a/c)\s+(?:number|no\.?|num|#)|"
       # "my acct 5021884", and an account beside the bank's own number ("sort code 20-45-88, account 41736259")
       r"(?:my|your|his|her|our|their)\s+(?:bank\s+)?(?:account|acct|a/c)|"
       r"(?:sort code|routing(?: number| no\.?)?|aba|transit|bsb|ifsc)\b[^.!?\n]{0,40}?\b(?:account|acct|acc|a/c)"
       r"(?:\s+(?:number|no\.?|num|#))?|"
       r"\b(?:acc|a/c) (?:no\.?|number|#))"
       r"(?:\s+(?:is|was|ending|of)(?:\s+(?:still|now))?)?\s*[:#=]?\s*(\d(?:[ -]?\d){6,16})(?![\d/-])",
       0.85, "a bank account number after its name", group=1, sensitive=True,
       precheck=needs_any("acc", "a/c"), hint=r"\d{4}"),  # "acc" is in "account" and "acct" too
    # a British account written after its sort code, with no word for it ("acct 40-12-77 31907744")
    _c("sort_code_and_account", r"(?<![\d-])\d{2}-\d{2}-\d{2}[ ,/]+(\d{8})(?![\d/-])", 0.85,
       "a bank account number after its sort code", group=1, sensitive=True, precheck=needs_digits(14),
       hint=r"\d\d-\d\d-\d\d"),
    # a date of birth after its name ("DOB 03/04/1961", "date of birth: 3 April 1961"): with a name, it identifies a person
    _c("date_of_birth",
       r"(?i)\b(?:dob|d\.o\.b\.?|date of birth|birth ?date)(?:\b|(?<=\.))\s*(?:is|was|:|-|=)?\s*"
       r"(\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|"
       r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\.?,?\s+\d{4}|" + _MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
       r"(?![\d/.-]?\d)",
       0.6, "a date of birth after its name, personal data", group=1, sensitive=True,
       precheck=needs_any("dob", "d.o.b", "birth")),
    _c("iban", r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", 0.85,
       "a bank account number (IBAN, passes the mod-97 check)", validator=iban_valid, sensitive=True,
       precheck=needs_digits(8), hint=r"[A-Z]{2}\d\d"),
    _c("aws_access_key", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", 0.95, "an AWS access key id", sensitive=True,
       precheck=needs_any("akia", "asia")),
    _c("github_token", r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})\b", 0.95,
       "a GitHub access token", sensitive=True, precheck=needs_any("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
    _c("slack_token", r"\bxox[abposr]-[A-Za-z0-9-]{10,}", 0.95, "a Slack token", sensitive=True, precheck=needs_any("xox")),
    _c("stripe_key", r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}\b", 0.95, "a Stripe secret key", sensitive=True,
       precheck=needs_any("k_live_", "k_test_")),
    _c("google_api_key", r"\bAIza[0-9A-Za-z_\-]{35}\b", 0.9, "a Google API key", sensitive=True, precheck=needs_any("aiza")),
    _c("jwt", r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", 0.9,
       "a signed web token (JWT)", sensitive=True, precheck=needs_any("eyj")),
    # the whole block, its body too: to the END line, else to the end of the base64 run
    _c("private_key",
       r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[A-Za-z0-9+/=\s]*[A-Za-z0-9+/=])",
       0.97, "a private key block", sensitive=True, credential=True,
       precheck=needs_any("private key")),
    _c("url_credentials", r"\b[a-z][a-z0-9+.-]*://[^\s:/@]+:[^\s@/]+@[^\s/]+", 0.95,
       "a URL with a user name and password in it", sensitive=True, credential=True, precheck=needs_all("://", "@"),
       hint=r"://[^\s:/@]+:[^\s@/]+@"),
    _c("secret_assignment",
       # a name of its own ending in "secret" too ("webhook_secret", "JWT_SECRET", "alert_hook_secret")
       r"(?i)(?<![A-Za-z0-9_-])(?:[a-z0-9]+[_-])*(?:api[_ -]?key|secret[_ -]?(?:access[_ -]?)?key|access[_ -]?token|"
       r"auth[_ -]?token|client[_ -]?secret|bearer|token|secret)\b" + _WHERE + r"?\s*(?:is|=|:)?\s*[\"']?([A-Za-z0-9_\-./+=]{16,})",
       0.9, "a key or token after its name", group=1, validator=_has_letters_and_digits, sensitive=True,
       precheck=needs_any("key", "token", "secret", "bearer")),
    _c("password",
       # a configuration name ends in the word ("DB_PASSWORD=", "SMTP_PASS=")
       r"(?i)(?:\b|(?<=[a-z0-9]_))(?:" + _PASSWORD_WORD + r"|passwd|passwrd|pswd|psw|pwd|pw|(?<=_)pass|passcode|pass ?code|pin(?: code)?|"
       # a network's or VPN's shared secret ("shared key Hl!Claims#VPN", "PSK: ...")
       r"(?:pre-?)?shared key|psk|"
       r"wi-?fi (?:" + _PASSWORD_WORD + r"|pw|pass)|"
       # "pass=Lark$pur!2024", "pass: Spring2024!", "the pass is Kettle#2291": the short word only right before "=",
       # ":" or "is" and a value of letters and digits, and not a ticket ("boarding pass: 12B")
       r"(?<!boarding )(?<!bus )(?<!season )(?<!day )(?<!ski )pass"
       r"(?=" + _WHERE + r"?\s*(?:[:=]|\bis\b)\s*[\"'`]?(?=[^\s\"'`]*[\d!@#$%&*])(?=[^\s\"'`]*[A-Za-z])[^\s\"'`]{6})|"
       # the word in the other languages our users' staff write in (German, French, Spanish, Portuguese, Dutch)
       r"passwort|kennwort|mot de passe|contrase[ñn]a|senha|wachtwoord|"
       # a bare "wifi is X" names a secret only when X looks like one ("Wi-Fi is available in the lobby" does not)
       r"wi-?fi(?=\s*(?:is\b|:|=)?\s*[\"'`]?[^\s\"'`]*[\d!@#$%&*])|"
       r"door code|alarm code|gate code|access code|login|credentials|creds)\b" + _WHERE + "?"
       r"\s*(?:(?:\b(?:is now|is|was|are|ist|lautet|est|es|é)\b|=|:|(?:(?:changed|updated|now)\s*)?(?:->|→|=>))\s*"
       r"(?!still\b|(?:set|reset|changed|updated) to\b)"
       r"(?:(?:literally|just|simply|actually)\s+)?[\"'`]?|"
       # "default password still 'coffee123'", "door code now 4471": these words are prose too ("still fails",
       # "login now works"), so a digit must follow
       r"(?:is still|still|remains|stays|will be|"
       r"(?:(?:is|was|has|have|had|been|got|gets|just)\s+){0,3}(?:set|reset|changed|updated) to|now)\b"
       r"\s*[\"'`]?(?=[^\s\"'`]*\d)|"
       # the value in the next sentence or clause ("the wifi password in the hangar? It's now Hangar7Torque", "crew
       # wifi pass, it's 'skyhigh99'", "gate code changed, it's 0918 now"): a digit must follow
       r"\s*(?:(?:has |was |got )?changed)?\s*[?.!,]\s*(?:it's|it’s|it is)(?:\s+now)?\s+[\"'`]?(?=[^\s\"'`]*\d)|"
       # no verb at all ("password SunnyDays2024!", "shared key Hl!Claims#VPN"): only a value of letters and digits, or of
       # letters with a symbol inside ("&amp;", "@gmail" are not), reads as a secret; on the same line ("change your
       # password\nQ3review deck due at 5" is a list)
       r"[^\S\n]+(?=[^\s\"'`]*(?:\d|[A-Za-z0-9][!@#$%&*](?=[^\s\"'`]*[A-Za-z0-9])))(?=[^\s\"'`]*[A-Za-z])(?![vV]\d))"
       # a value the next words call something else is a user or network name ("wifi is Guest5, password ...")
       r"(?!\S*\s+(?:and\s+)?(?:the\s+)?(?:" + _PASSWORD_WORD + r"|passwd|pwd|pw|pass|passcode)\b)"
       # a code spelled out ("door code is four seven seven one") is the whole run of digit words
       r"(" + _SPELLED_DIGIT + r"(?:[ -]" + _SPELLED_DIGIT + r"){3,7}\b|[^\s\"'`]{3,63}[^\s\"'`.,;:?)])",
       # read on the folded layer: a look-alike letter in the word ("pаssword" with a Cyrillic "а") hides nothing
       0.9, "a password or access code written out", group=1, validator=real_secret_value, layer="folded",
       sensitive=True, credential=True, precheck=needs_any("pass", "pw", "pin", "wifi", "wi-fi", "code", "login", "cred",
                                                              "shared key", "psk", "psw",
                                                              *_PASSWORD_WORD_KEYS,
                                                              "kennwort", "contrase", "senha", "wachtwoord")),
    _c("internal_host",
       # the whole host: labels after the internal one too ("db.internal.example.net")
       r"(?i)(?<![\w.-])(?:[a-z0-9-]+\.)+(?:internal|corp|local|lan|intranet|intra|localdomain|home\.arpa)\b"
       r"(?:\.[a-z0-9-]+)*(?:/\S*)?"
       # a path on a Windows file share: the server and the share at least ("\\fs01\exports\customers_full.xlsx")
       r"|(?<![\w\\])\\\\[a-z0-9][\w.-]*\\[^\s\\\"'<>|]+(?:\\[^\s\"'<>|]*)*(?<![.,;:!?)])",
       0.7, "an internal host name or URL",
       precheck=needs_any(".internal", ".corp", ".local", ".lan", ".intra", "home.arpa", "\\\\")),
    _c("internal_tool_url",
       # from the host's first label ("core.hbs-internal.co.uk", not "internal.co.uk")
       r"(?i)(?<![\w.-])(?:https?://)?(?:[a-z0-9]+[.-])*(?:" + "|".join(_TOOLS) + ")"
       r"[.-][a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?",
       0.5, "a link to what looks like an internal tool", precheck=needs_any(*_TOOLS)),
    _c("provider_token",
       # "<prefix>_live_<random>" is how many providers shape a secret key (a "pk_" key is published on purpose)
       r"\b(?:(?!pk_)[a-z]{2,8}_(?:live|prod|secret|sec)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{16,}|sk-(?:proj-|ant-(?:api\d{2}-)?)?[A-Za-z0-9_\-]{20,}|glpat-[A-Za-z0-9_\-]{20,}|npm_[A-Za-z0-9]{36}|"
       r"SG\.[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{16,}|shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}|xapp-\d-[A-Za-z0-9-]{10,}|"
       r"hf_[A-Za-z0-9]{30,}|AC[0-9a-f]{32}|SK[0-9a-f]{32}|dop_v1_[a-f0-9]{64}|pypi-[A-Za-z0-9_\-]{50,}|"
       # a Slack incoming webhook: whoever holds the URL can post to the channel
       r"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9_/]{20,})\b",
       0.95, "an API key or token of a known provider", sensitive=True,
       # Twilio's AC/SK + 32 hex carry digits; "ac" alone is in most texts
       precheck=needs_any("sk-", "glpat-", "npm_", "sg.", "shp", "xapp-", "hf_", "dop_v1_", "pypi-", "_live_", "_prod_",
                         "_secret_", "_sec_", "whsec_", "hooks.slack.com") | needs_digits(8)),
    _c("login_pair",
       r"(?i)(?<![\w/.@-])(?:(?:login|log-in|user(?:name)?|usr|acct|account|creds|credentials)\b(?: for [\w .-]{1,30}?)?"
       # the pair in the next sentence ("the fridge login?? it was rxfridge / Winter2026!")
       r"\s*(?:[?.!]+\s*(?:it's|it’s|it is|it was)(?:\s+now)?\s+|(?:[:=]|is|was|is now|are)?\s*)|"
       # a default account's name is the pair's first half ("admin / Spring2024!")
       r"(?=(?:" + _DEFAULT_ACCOUNTS + r")\s*/))"
       # the halves apart by a slash, a comma, "and", "with", or the password's own label ("user ops pass Tr4ck!26")
       r"(?P<pair>[\"'`]?[^\s/\"'`,]{2,40}[\"'`]?(?:(?:\s+/\s*|\s*/\s+|,\s*|\s+and\s+|\s+with\s+|\s+(?=(?:pw|pwd|pass(?:word)?)(?:\s*[:=]\s*|\s+)\S))"
       r"(?:(?:pw|pwd|pass(?:word)?)\s*[:=]?\s*)?[\"'`]?" + _PAIR_TAIL + r"|"
       # a factory-default pair written tight ("default creds still admin/admin", "root/toor")
       r"/(?:" + _DEFAULT_PASSWORDS + r")(?![\w/])" + _NOT_A_PAIR_AFTER + r"))",
       0.9, "a user name and password written out", group="pair", validator=_credential_pair, sensitive=True, credential=True,
       precheck=needs_any("login", "log-in", "user", "usr", "acct", "account", "cred", "admin", "root", "sysadmin")),
    # a pair with a slash after what it opens, further back in its sentence ("staff wifi: HM-Staff / Holland#99", "log
    # in as a@b.example / Glow!2024", "moderator account so you can check the logs yourself: mod_kai / Kai$Mod2023"),
    # or right after "use" ("just use tech2 / Solder&Smoke9")
    _c("login_pair_in_prose",
       r"(?i)(?:(?:login|log-in|log ?in(?:to)?|sign ?in(?:to)?|user(?:name)?|account|creds|credentials|wi-?fi|network|ssid|"
       r"admin|portal|vpn)\b[^.!?\n]{0,80}?(?:[:=→]|->|=>|\b(?:is|are|was|as|use|with)\b)(?:\s+(?:still|now))?|\b(?:just )?use\b)\s*"
       # a word of its own, not a link's "https:" nor the tail of "uservoice.com/...", nor a link's path after it
       r"(?<![^\s\"'`(])(?P<pair>[\"'`]?[^\s/\"'`,:]{2,60}[\"'`]?\s*/\s*(?![^\s\"'`]*/)[\"'`]?" + _PAIR_TAIL + r")",
       0.9, "a user name and password written out", group="pair", validator=_credential_pair, sensitive=True, credential=True,
       precheck=Needs(keywords=frozenset({"login", "log-in", "log in", "sign in", "signin", "user", "account", "cred",
                                          "wifi", "wi-fi", "network", "ssid", "admin", "portal", "vpn", "use"}),
                      also=frozenset({"/"})),
       hint=r"[^\s/]\s*/\s*[^\s/]"),
    _c("access_code",
       r"(?i)\b(?:pin|pin code|passcode|door code|gate code|alarm code|keypad code|lock code|entry code|"
       r"locker combo|locker combination|combination|combo|disarm code|building code|"
       r"backup code|recovery code|(?:2fa|mfa|sso|otp|one-time|verification|security) code|otp|"
       r"(?:(?:one-time|temporary|temp|conference|meeting|dial-in)\s+)?access code|(?:\d|four|six|eight)[- ]digit code|"
       r"(?:\w+[ -])?room code|office code|safe code|locker code|"
       # "code to get in the server room", "code for getting into the lab"
       r"code (?:for|to) (?:(?:get|getting|go|going) (?:in(?:to)?|through|past) |(?:open|opening|unlock|unlocking) )?"
       r"the (?:[\w-]+ ){0,2}(?:door|gate|alarm|safe|keypad|lockbox|office|room|storeroom|lab|building|lockers?|cage|vault)|"
       # a lock named without the word "code" ("the freezer keypad is 1975", "lockbox ... code 3141")
       r"keypad|key ?pad|lock ?box|key ?safe|key ?box|"
       r"(?:keypad|key ?pad|lock ?box|key ?safe|key ?box)\b[^.!?\n]{0,60}?\bcode|"
       # a dial combination ("safe at the depot: L 14, R 33, L 9"): "safe" is a code's name only before one
       r"(?:safe|vault|padlock|lock|locker)(?=[^.!?\n]{0,50}?\b" + _DIAL_TURN + r")|"
       # a one-time code passed on ("the code it texted me, 583 920")
       r"code (?:it|they|he|she|you|the (?:app|bank|site|portal)) (?:just )?(?:texted|sent|emailed|gave)(?: (?:me|you|us))?)\b"
       r"(?:" + _WHERE + r"(?: (?=is\b|was\b|changed\b|now\b)|(?=\s*:)))?"
       # after a comma only a one-time code's six digits ("the code it texted me, 583 920"; not "combination, 2024")
       r"\s*(?:is now|is still|is (?:the same|unchanged)(?: as (?:always|before|ever|last (?:time|year|month)))?,?|"
       r"is|was|['’]s(?:\s+(?:still|now))?|still|=|:|→|->|=>|,(?=\s*\d{3}[ -]?\d{3}(?!\d))|,\s*it['’]?s|#|no\.?|number|"
       r"(?:is |was )?changed to|now|"
       # the code changes, then the new one ("keypad code changes Monday, new one is 1-9-7-3")
       r"(?:changes|changed|will change|is changing)\b[^.!?\n]{0,30}?\bnew (?:one|code) is|"
       # the old code, then the new one ("safe combo is no longer 12-34-56, it's 27-41-09"): the new one is the secret
       r"(?:is no longer|isn't|is not|was)\s+[\d-]{3,20}(?:\s+anymore)?,?\s*(?:it's|it’s|it is|now|but)(?:\s+now)?)?\s*"
       # a code in groups ("8842-1197-5530", a locker's "12-34-56") is masked whole
       # ...or its digits one by one ("7 3 9 1", "1-9-7-5", "1-9-7-3-*"), or the turns of a dial
       r"(?:is\s*)?[\"'`]?((?:\d{2,8}[- ]){1,5}\d{2,8}|\*?\d{3,8}[#*]?|\d(?:[ -]\d){3,9}(?:-?[#*])?|"
       r"" + _DIAL_TURN + r"(?:[,;]?\s+" + _DIAL_TURN + r"){2,4}|" + _TURN_DIAL + r"(?:[,;]?\s+" + _TURN_DIAL + r"){2,4})"
       r"(?!\d|[.,-]\d)",
       0.9, "a PIN or access code written out", group=1, sensitive=True, credential=True,
       precheck=needs_any("pin", "code", "combo", "combination", "otp", "keypad", "key pad", "lockbox", "lock box",
                         "keysafe", "key safe", "keybox", "key box", "safe", "vault", "lock"),
       # the code holds two digits in a row, or two parted by a space or dash, or a dial turn ("L 14": a digit after
       # "L", "R", "left" or "right"): a character class the search jumps to, where the pattern's head of names is
       # tried at every position
       hint=r"[\dlrtLRT][ -]?\d"),
    # a list of one-time codes ("backup codes for the ops account: 4829-1173, 9931-0456, 2208-7741"), masked whole
    _c("recovery_codes",
       r"(?i)\b(?:backup|recovery|2fa|mfa|one-time|otp) codes?\b[^:\n]{0,80}?(?::|\bare\b|\bis\b|\s-|(?=\s))\s*"
       r"(\d{3,10}(?:(?:[ -]|\s*[,;]\s*|\s+and\s+)\d{3,10})+)(?!\d)",
       0.9, "backup or recovery codes written out", group=1, sensitive=True, credential=True,
       precheck=needs_any("backup code", "recovery code", "2fa code", "mfa code", "one-time code", "otp code")),
    # ...or "code" right after a card's expiry date ("exp 11/26, code 321")
    _c("card_security_code", r"(?i)(?:\b(?:cvv2?|cvc2?)(?: code)?|"
       # an Amex's CID, a card's CSC: only on a card ("CID on my Amex is 8830"), the letters name other things alone
       r"\b(?:cid|csc)\s+(?:on|for|of)\s+(?:my|your|the|his|her|our|their)\s+(?:amex|visa|mastercard|(?:credit |debit )?card)|"
       r"\b(?:cid|csc)\b(?=[^\d\n.]{0,12}?(?:\bis\b|it['’]s|[:=])\s*\d{3,4}\b)|"
       # a card's own security code ("the sec code for the new card", "three digit code is 5 0 9")
       r"\b(?:sec(?:urity)?|card security)\s+code\s+(?:on|for|of)\s+(?:my|your|the|his|her|our|their)\s+(?:[\w-]+\s+)?"
       r"(?:amex|visa|mastercard|(?:credit |debit )?card)|\bsec code|\b(?:three|3|four|4)[- ]digit (?:security )?code|"
       # "the 3 digits on the back are 847"
       r"\b(?:three|3|four|4) (?:digits|numbers) on the back(?: of (?:the|my|your) card)?(?:\s+(?:are|is))?|"
       r"\bback of (?:the|my|your) card (?:says|reads|is|has)|"
       r"\bexp(?:iry|\.)?:?\s*\d{1,2}\s*/\s*\d{2,4}\s*[,;]?\s*"
       r"(?:and\s+)?(?:security\s+)?code)\b(?:\s*\([^)\n]{0,40}\))?[^\d\n.]{0,12}?(?:\b(?:is|are)\b|[:#=]|→|->)?\s*\(?"
       r"(?:it['’]s\s+)?(\d{3,4}|\d \d \d(?: \d)?|" + _SPELLED_DIGIT + r"(?: " + _SPELLED_DIGIT + r"){2,3}\b)(?![\d ]\d)", 0.8,
       "a card's security code (CVV) written out", group=1, sensitive=True, credential=True,
       # "exp" is in many words ("experience", "expect"): the code's three digits are searched first
       precheck=needs_any("cvv", "cvc", "exp", "cid", "csc", "sec code", "security code", "digit code", "on the back",
                          "back of the card", "back of my card", "back of your card"),
       hint=r"(?i)\d{3}|\d \d \d|" + _SPELLED_DIGIT + r" " + _SPELLED_DIGIT),
    # a code that opens a lock or overrides a system, named in words the access-code rule does not know ("staff
    # entrance code is 1357#", "the break room door is 5-5-0-2", "manager override code MGR-7731", "master code 4417#")
    _c("lock_code",
       r"(?i)(?:(?:\b(?=[a-z][\w'-]*\s+code\b)(?!(?:" + _PUBLIC_CODES + "|" + _ACCESS_CODE_WORDS + r")\b)"
       r"[a-z][\w'-]*\s+code(?:['’]s)?\b|"
       r"\b(?:(?:manager|admin|staff|master|installer|dealer|partner|service|unlock|bypass|reset|activation|escalation|"
       r"maintenance|override|lift|till|teller|supervisor)\s+)+(?:code|pin|key|override)\b|\boverride\b|"
       r"\bcode (?:to|that) (?:unlock|open|disarm)s?\b[^.!?\n:]{0,50}?(?=:))" + _LOCK_JOIN + "|"
       # the word "code" alone (after "use", "is" or a comma, not "sort code 30-99-12") only before a code a lock takes
       # ("Use code 4471# on the side door", "the entrance is code 6-2-8-1", "disarm it, code's 6-0-6-1")
       r"(?:^|(?<=\buse )|(?<=\bwith )|(?<=\benter )|(?<=\bis )|(?<=[,:;(] )|(?<=[,:;(]))"
       r"code(?:['’]s)?(?:\s+(?:is|was))?(?=\s+" + _LOCK_DIGITS + _NOT_A_QUANTITY + r")|"
       # a lock named without the word "code" ("NICU doors are 7373", "bar office safe is 22-44-11")
       r"\b(?:" + _LOCKS + r")\b(?:[^.!?\n]{0,20}?,\s*code(?:['’]s)?\b(?:\s+(?:is|was))?|" + _LOCK_JOIN + r")"
       r"(?=\s*[\"'`(]?" + _LOCK_VALUE + _NOT_A_QUANTITY + r")|"
       # a code keyed in ("just punch 2209 on the pad")
       r"\bpunch(?: in)?(?=\s+\d{4,8}\s+(?:on|into|in) the (?:key ?)?pad\b)|"
       # a room or a lift: numbers of their own ("room 1204"), so only a code a lock takes ("crew room at gate C is 2-7-1-8")
       r"\b(?:room|lift)\b" + _LOCK_JOIN + r"(?=\s*[\"'`(]?" + _LOCK_DIGITS + _NOT_A_QUANTITY + r"))"
       # the value may carry its kind's name ("the master key for all lockers: code 3358")
       r"\s*[\"'`(]?(?:(?:code|pin|combo)\s+)?(" + _LOCK_VALUE + r"|(?-i:(?=[A-Z0-9-]*\d)[A-Z0-9]{2,8}(?:-[A-Z0-9]{2,8}){1,5})|"
       r"(?-i:[A-Z]{1,2}\d{4,8}))"
       + _NOT_A_QUANTITY,
       0.85, "a code that opens a lock or overrides a system, written out", group=1, validator=_no_discount, sensitive=True,
       credential=True,
       # the words it reads, whole ("lock" in "block" is none)
       precheck=Needs(keywords=frozenset(
           "code pin key override door doors gate gates entrance entry hatch shed cabinet box dropbox drop keydrop safe lock "
           "padlock keypad pad alarm cage locker garage vault closet room lift punch keybox keysafe lockbox".split()),
           whole=True),
       # every code it reads holds three digits in a row, two with a space or dash between, a digit beside a dash in
       # a grouped code ("MGR-7731"), or is spelled out; a year or price alone passes, a lone digit does not
       hint=r"(?i)\d{3}|\d[ -]\d|\d[a-z0-9]*-|-[a-z0-9-]*\d|\b" + _SPELLED_DIGIT + r"[ -]" + _SPELLED_DIGIT + r"\b"),
    # a code, then what it opens ("1966* gets you into the building", "it's 9071 for the back door"), and a travel or
    # bike lock's three digits ("suitcase lock set to 281")
    _c("code_then_lock",
       r"(?i)(?:(?P<said>\b(?:it['’]?s|its|it is|use|try|code is|code['’]s)\s+)|"
       r"(?P<travel>\b(?:suitcase|luggage|bike|cable|combination|combo|gym|locker|travel) ?(?:lock|padlock)\b"
       r"[^.!?\n]{0,20}?\b(?:is|set to|to|=|:)\s*)|(?<![\w.,/-]))"
       r"(?P<code>\*?\d{3,8}[#*]?|\d(?:[ -]\d){3,7}|(?-i:\d{4,8}[A-Z]|[A-Z]{1,2}\d{4,8}))"
       # after "it's" or "use": what it is for; after a travel lock's name: nothing more; else: what it opens
       r"(?(said)(?=\s+(?:for|on|at)\s+(?:the|a|my|our)\s+(?:[\w-]+\s+){0,2}(?:" + _LOCKS + r"|building|office)\b)|"
       r"(?(travel)(?!\d|\s*%|\s*(?:percent|dollars|usd|gbp|eur|kg|lbs?)\b)|"
       r"(?=\s+(?:gets|will get|lets|will let|should get)\s+(?:you|u|people|everyone|ppl|them|us)\s+(?:in|into|through)\b|"
       r"\s+(?:opens|unlocks|disarms|works on|is for)\s+(?:the|a|our|my)\s+(?:[\w-]+\s+){0,2}(?:" + _LOCKS +
       r"|building|office)\b)))",
       0.85, "a code that opens a lock, written out", group="code", sensitive=True, credential=True,
       precheck=needs_any("gets", "lets", "opens", "unlocks", "disarms", "works on", "is for", "for the", "on the", "lock"),
       hint=r"\d{3}|\d[ -]\d"),
    # a password in prose the password rule does not read: set to it ("set the admin password to Nexa!2024", "reset
    # your password I've set it to Temp-4471-rose"), quoted after a comma ("the SCADA password taped to monitor 3,
    # "Grid!2023""), named after it ("uses "Landlord1" as the password"), or in the next sentence ("reset the admin
    # password ... this month. It's Welcome2Harbor now"); a value of letters and digits only
    _c("password_in_prose",
       r"(?i)(?:\b(?:set|reset|changed?|updated?)\b[^.!?\n]{0,40}?\b(?:" + _PASSWORD_WORD + r"|passwd|login|pin)\b"
       r"[^.!?\n]{0,30}?\bto\s+[\"'`“]?|"
       r"\b" + _PASSWORD_WORD + r"\b[^.!?\n\"“]{0,40}?,\s*[\"“]|"
       # what to log in with ("log in with Ward4B-spring!", "logging in as ops@x.example with Molar!2023")
       r"\b(?:log(?:ging)? ?in(?:to)?|sign(?:ing)? ?in(?:to)?)\b(?:[^!?\n]{0,60}?\s)?with\s+[\"'`“]?(?=\S*[!@#$%&*\d])|"
       r"\b" + _PASSWORD_WORD + r"\b[^.!?\n]{0,60}[.!?]\s+(?:it's|it’s|it is)(?:\s+now)?\s+[\"'`“]?|"
       # later in its sentence ("the password is on the sticky, but it's NurseRota#19 if it's gone")
       r"\b" + _PASSWORD_WORD + r"\b[^.!?\n]{0,80}?\s(?:but|and|though)\s+(?:it's|it’s|it is)(?:\s+(?:now|actually))?\s+"
       r"[\"'`“]?(?!\d+-?(?:bit|digit|char|character|hour|day|step)s?\b)|"
       # a device reset, then its new secret ("Reset the router this morning, it's now sunnyside-lemon-42")
       r"\b(?:set|reset|changed?|updated?)\b[^.!?\n]{0,30}?\b(?:router|wi-?fi|modem|hotspot|password|" + _PASSWORD_WORD +
       r"|passcode|login)\b[^.!?\n]{0,40}?[,;.]\s*(?:it's|it’s|it is)\s+now\s+[\"'`“]?(?!v?\d+(?:\.\d+)+\b)(?=[^\s\"'`“”]{6})|"
       r"[\"“](?=[^\s\"”]{4,40}[\"”] as (?:the|their|his|her|our|my|your|a) (?:" + _PASSWORD_WORD + r"|login|pin)\b))"
       r"(?=[^\s\"'`”]*\d)(?=[^\s\"'`”]*[A-Za-z])([^\s\"'`“”]{3,63}[^\s\"'`“”.,;:?)])",
       0.85, "a password written out in a sentence", group=1, validator=real_secret_value, sensitive=True, credential=True,
       precheck=needs_any("pass", "login", "log in", "logging in", "sign in", "signing in", "pin", "router", "wifi", "wi-fi",
                          "modem", "hotspot", *_PASSWORD_WORD_KEYS)),
    # a PIN set to its digits ("set the parental controls pin to 1962")
    _c("pin_set_to",
       r"(?i)\b(?:set|reset|changed?|updated?)\b[^.!?\n]{0,40}?\b(?:pin|passcode|pin code)\b[^.!?\n]{0,30}?\bto\s+"
       r"[\"'`“]?(\d{4,8})(?![\d.,:/-]\d|[\d%])",
       0.85, "a PIN written out", group=1, sensitive=True, credential=True, precheck=needs_any("pin", "passcode"),
       hint=r"(?i)\bto\s+[\"'`“]?\d{4}"),
    # the user name beside a password ("username is tomb_1987 and temporary password is ...", "ID 44871203, password ..."):
    # it opens the account with it, so it is masked too; a name of letters alone is a word, not an account
    _c("user_name_with_password",
       # the password's name before the user name, or after it, in its sentence
       r"(?i)(?P<after>\b(?:" + _PASSWORD_WORD + r"|pw|pwd|pass|passcode)\b[^.!?\n]{0,60}?)?"
       r"\b(?:user ?name|user ?id|login(?: id| name)?|account (?:name|id)|id|log ?in (?:with|as)|sign ?in (?:with|as))\b"
       r"(?:\s+(?:is|was))?\s*(?P<labelled>[:=])?\s*[\"'`]?"
       # after "username:" any name; else one with a digit, "_", "." or "@" (not a word of prose)
       # (a dot inside the name: "nurse.rota.team"; the full stop after "login screen." is none)
       r"(?P<name>(?(labelled)|(?=[\w@-]*(?:[\d_@]|\.[A-Za-z0-9])))[A-Za-z0-9][\w.@-]{1,38}[A-Za-z0-9])[\"'`]?"
       r"(?(after)|(?=[^.!?\n]{0,40}?\b(?:" + _PASSWORD_WORD + r"|pw|pwd|pass|passcode|pin)\b))",
       0.6, "a user name written beside its password", group="name", validator=_user_name, sensitive=True, credential=True,
       precheck=needs_any("pass", "pw", "pin", *_PASSWORD_WORD_KEYS),
       hint=r"(?i)\b(?:user ?name|user ?id|log ?in|sign ?in|account (?:name|id)|id)\b"),
    # a password named after its value ("P@ssw0rd99 is the admin pass for the router", "0412 is my PIN"): a value of
    # letters and digits, or of digits alone before a PIN's or passcode's name
    _c("password_named_after",
       r"(?i)(?<![^\s\"'`(“])[\"'`“]?("
       r"(?=[^\s\"'`”]*\d)(?=[^\s\"'`”]*[A-Za-z])[^\s\"'`“”]{3,62}[^\s\"'`“”.,;:?)]|"
       r"\d{4,8}(?=[\"'`”]?" + _NAMED_AS + r"(?:pin|passcode)\b))"
       r"[\"'`”]?" + _NAMED_AS + r"(?:" + _PASSWORD_WORD + r"|passwd|pwd|pw|(?<!boarding )(?<!bus )pass|passcode|pin|login)\b",
       0.85, "a password written out, then named", group=1, validator=real_secret_value, sensitive=True, credential=True,
       precheck=needs_any("pass", "pw", "pin", "login", *_PASSWORD_WORD_KEYS),
       hint=r"(?i)(?:\s(?:is|was|will be|remains)\s+(?:(?:still|now|also|literally|basically|just|actually|always|probably)\s+)?|"
            r"[,—–]\s*)(?:the|my|our|your|his|her|their)\s"),
    # a shared game or streaming account as name:password ("my Fortnite acc ... ninjaKiwi07:SkibidiSquad88")
    _c("shared_account_pair",
       # the account named before the pair or after it, in its sentence
       r"(?i)(?P<named>\b(?:" + _SHARED_ACCOUNTS + r")\b[^.!?\n]{0,60}?)?(?<![\w/.@:-])"
       # joined by one colon ("ninjaKiwi07:SkibidiSquad88"; "Error: WS-37368-7" is a label), or "::" or "|" with spaces
       r"(?P<pair>[A-Za-z0-9][\w.-]{2,30}(?::|\s?::\s?|\s?\|\s?)(?=[^\s:/@|]*\d)(?=[^\s:/@|]*[A-Za-z])[^\s\"'`:/@|]{4,62}"
       r"[^\s\"'`.,;:?)/@|])(?![\w:@/])(?(named)|(?=[^.!?\n]{0,60}?\b(?:" + _SHARED_ACCOUNTS + r")\b))",
       0.85, "an account's user name and password written out", group="pair", validator=_colon_pair, sensitive=True,
       credential=True,
       precheck=needs_any("acc", "account", "login", "steam", "fortnite", "roblox", "netflix", "disney", "spotify", "xbox", "psn",
                          "epic", "minecraft", "discord", "hulu", "prime", "valorant", "league"),
       hint=r"[A-Za-z0-9]\s?(?::{1,2}|\|)\s?[^\s:/@|]*\d"),
    # an e-mail address and a password after a slash ("jo@x.example / Popcorn&Chill7"); the address is the e-mail rule's
    _c("email_and_password",
       r"(?i)[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?:\s+/\s*|\s*/\s+)[\"'`]?"
       r"((?=[^\s\"'`]*[A-Za-z])(?=[^\s\"'`]*[\d!#$%&*])[^\s\"'`/]{3,62}[^\s\"'`.,;:?)/])",
       0.9, "a password after an e-mail address", group=1, validator=real_secret_value, sensitive=True, credential=True,
       precheck=needs_all("@", "/"), hint=r"@[^\s/]+(?:\s+/|\s*/\s)"),
    # a pair labelled the short way ("u: deliveries_north / p: Van2Van#88")
    _c("labelled_pair",
       r"(?i)\b(?:u|usr|user|username|login|id)\s*[:=]\s*([^\s,;/]{2,40}\s*[,;/]?\s*(?:p|pw|pwd|pass|password)\s*[:=]\s*"
       r"[^\s\"'`]{3,62}[^\s\"'`.,;:?)])",
       0.9, "a user name and password written out", group=1, validator=_labelled_secret, sensitive=True, credential=True,
       precheck=needs_any("p:", "pw:", "pwd:", "pass:", "password:", "p =", "p=", "pw=", "pass="),
       hint=r"(?i)\b(?:p|pw|pwd|pass|password)\s*[:=]"),
    # a default account and its password joined by a colon, as a shell or a config file writes them ("admin:Sup3rS3cret!")
    _c("account_colon_password",
       r"(?i)(?<![\w/.@:-])((?:admin|administrator|root|superuser|sysadmin|guest|operator|service|test|demo)"
       r"[:/](?=[^\s:/@]*[\d!#$%&*?])(?=[^\s:/@]*[a-z!#$%&*?])[^\s\"'`:/@]{3,62}[^\s\"'`.,;:?)/@])(?![\w:@/])",
       0.9, "a user name and password written out", group=1, validator=_colon_pair, sensitive=True, credential=True,
       precheck=needs_any("admin:", "root:", "superuser:", "sysadmin:", "guest:", "operator:", "service:", "test:", "demo:",
                          "admin/", "root/", "superuser/", "sysadmin/", "guest/", "operator/", "service/", "test/", "demo/"),
       hint=r"(?i)(?:admin|administrator|root|superuser|sysadmin|guest|operator|service|test|demo)[:/][^\s:/@]"),
    # the answer to a security question, quoted ("your security answer is still 'Buster'")
    _c("security_answer",
       r"(?i)\b(?:(?:security|secret) (?:question )?answer|memorable (?:word|answer|information))\b"
       r"(?:\s+(?:is|was))?(?:\s+(?:set to|still|now|changed to))?\s*[:=]?\s*[\"'“‘]"
       r"([^\"'“”‘’\s][^\"'“”‘’\n]{0,38}?)(?=[\"'”’])",
       0.85, "the answer to a security question written out", group=1, sensitive=True, credential=True,
       precheck=needs_any("answer", "memorable")),
    # a wallet's recovery words ("Dev wallet mnemonic: orbit canvas mellow ..."): whoever has them has the wallet
    _c("seed_phrase",
       r"(?i)\b(?:mnemonic|seed phrase|seed words|recovery phrase|secret (?:recovery )?phrase|backup phrase)\b"
       r"(?:\s+(?:is|was))?\s*[:=]?\s*[\"'“]?([a-z]+(?:\s+[a-z]+){11,23})\b",
       0.9, "a wallet's recovery phrase written out", group=1, sensitive=True, credential=True,
       precheck=needs_any("mnemonic", "seed", "phrase")),
    # an AWS secret access key beside its key id ("AKIA... / 7hYx+Lm3..."): the id alone is masked by its own rule
    _c("aws_secret_key",
       r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b(?:\s+(?:and|&|with)\s+|[\s/:,|]{1,5})([A-Za-z0-9/+]{30,40})(?![A-Za-z0-9/+=])",
       0.95, "an AWS secret access key", group=1, validator=_high_entropy, sensitive=True, credential=True,
       precheck=needs_any("akia", "asia")),
    # a key in five or more blocks of letters and digits, named or not ("You can use ours: DK-55A9-3F7C-11B0-E2D4")
    _c("grouped_key",
       r"\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{2,6}(?:-[A-Z0-9]{4,6}){4,7}\b(?!-)",
       0.8, "a key in blocks of letters and digits", validator=_mixed_blocks, sensitive=True, credential=True,
       precheck=needs_digits(8)),
    _c("license_key",
       r"(?i)\b(?:license|licence|activation|product|serial|registration|dealer|publishing|unlock)\s+(?:key|code|number)\b"
       r"\s*(?:is|=|:|->)?\s*[\"'`(]?((?-i:[A-Z0-9]{4,6}(?:-[A-Z0-9]{2,6}){2,5})|[A-Za-z0-9]{10,40})\b",
       0.85, "a license or activation key written out", group=1, validator=_key_like, sensitive=True,
       precheck=needs_any("license", "licence", "activation", "product", "serial", "registration", "dealer", "publishing",
                          "unlock")),
    _c("keyed_secret",
       r"(?i)\b(?:api key|apikey|secret|token|key)\b" + _WHERE + r"?\s*(?:is|=|:|->|→|=>)?\s*[\"'`]?"
       r"([A-Za-z0-9][A-Za-z0-9_\-/+]{9,}[A-Za-z0-9=])",
       0.85, "a high-entropy value after a key or token word", group=1, validator=_high_entropy, sensitive=True,
       precheck=needs_any("key", "token", "secret")),
    # a post or reply asking the reader for a secret ("DM us your password and we'll check", "reply with your
    # card number and CVV"): the pattern phishing uses, which is why companies forbid it
    _c("asks_for_credentials",
       rf"(?i)(?:\b{_DENIED}\b[^.!?\n]{{0,80}}?)?\b{_ASK}\s+{_ASKED_SECRET}{_NOT_ASKED_AFTER}",
       0.7, "asks for a password, PIN or card details: companies never ask for these", validator=_not_denied,
       precheck=needs_any("pass", "pw", "pin", "card", "cvv", "cvc", "security code", "credential", "login", "log-in",
                          *_PASSWORD_WORD_KEYS,
                          "sign-in", "sign in", "otp", "code", "one-time"),
       # the secret asked for, with its "your" or "the", is in every match: a few texts hold one, and it is found
       # without trying the denials and requests at every position
       hint="(?i)" + _ASKED_SECRET),
    _c("private_ip", r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])", 0.6,
       "a private-network IP address", validator=private_ip, precheck=needs_any("10.", "192.168.", "172.", "127.", "169.254.")),
)

_PHONE_HINT = re.compile(r"\d(?:\D{0,3}\d){6}")
#: A number in national form behind a trunk "0" ("07700 900123", "(020) 7946 0018", "0151 23456789"),
#: which the matcher, reading for one region, cannot place.
_NATIONAL = re.compile(r"(?<![\w+/.=-])(?:\(0\d{1,4}\)|0\d{1,4})(?:[ -]?\d){5,10}(?![\w/-]|[.,]\d)|"
                       r"(?<![\w+/.=-])0\d(?:\.\d\d){4}(?![\w/-]|[.,]\d)")  # French, in pairs with dots
#: Where such a number is tried, in order: the English-speaking markets, then the largest European ones.
NATIONAL_REGIONS = ("GB", "IE", "AU", "NZ", "IN", "ZA", "DE", "FR", "ES", "IT", "NL")
_URL = re.compile(r"(?:https?://|www\.)\S+")
#: What names a bare run of digits as a phone number, shortly before it ("new number who dis 😎 it's 2145550193")
_PHONE_CUE_BEFORE = re.compile(r"(?i)\b(?:(?:phone|cell|mobile|new|my|our|his|her|their|contact|work|home) (?:number|no\.?|#)|"
                               r"phone|cell|mobile|whatsapp|call me|text me|ring me|reach me)\b[^\d\n]{0,30}$")
#: What names a number as a company's own line, shortly before it ("Our outage hotline 0345 ...", "call us on ...")
_COMPANY_LINE_BEFORE = re.compile(r"(?i)\b(?:hotline|helpline|help line|support line|customer (?:service|care|support)|"
                                  r"call us|contact us|reservations|switchboard|head office|our (?:[\w-]+ )?(?:office|store|shop|"
                                  r"line|number|phone|team|desk|helpdesk))\b[^\d\n]{0,25}$")
#: ...or right after it ("Ring 0300 123 4567 for the council's bin collection line")
_COMPANY_LINE_AFTER = re.compile(r"(?i)\s*,?\s*(?:for|is)\s+(?:the|our|a)\s+(?:[\w'’-]+\s+){0,3}(?:line|helpline|hotline|"
                                 r"switchboard|desk|helpdesk|service|team|office)\b")
#: A unit of measure right after the digits: a measurement or a specification ("Ryzen 5 3600 3.6 GHz", "1920 1080 px",
#: "2 x 16 GB"), not a phone number
_UNIT_AFTER = re.compile(r"(?i)\s?(?:[kmgt]?hz|[kmgt]i?b(?:ps)?|gigs?|mm|cm|km|kg|mg|ml|lbs?|oz|mph|kph|km/h|fps|rpm|mah|"
                         r"[km]?wh?|volts?|px|dpi|%|-?cores?|inch(?:es)?|in\.|ft|feet|sq\s?ft|miles?|meters?|metres?)(?!\w)")
#: What names a number as a reference, right before it ("Ref: ", "order no. ", "booking #")
_REFERENCE_BEFORE = re.compile(r"(?i)(?:\b(?:ref(?:erence)?|order|booking|invoice|ticket|tracking|confirmation|isbn|sku|serial|"
                               r"transaction|flight|claim|incident|po)\.?(?:\s*(?:number|no\.?|num|id|#))?|"
                               # "case" only with its number's name: "just in case: +44 ..." is no reference
                               r"\bcase\s*(?:number|no\.?|num|id|#))"
                               r"\s*(?:is\s*)?[:#]?\s*$")
#: Every character the phone matcher's candidate pattern (``phonenumbers.phonenumbermatcher._PATTERN``) can
#: match, digits aside: its leading brackets and plus signs, its punctuation, and the letters and signs of its
#: extension labels ("ext.", "x", "#", "int", "anexo", "доб", ";ext="), compiled with the same flags, so the
#: same case folding. A number the matcher returns is a piece of one candidate, so it lies in one run of these
#: characters and digits; seven of its digits (what a number must have to be kept) are in one such run. The search
#: starts only where a run starts: tried inside a long run without seven digits, it would take time quadratic in its length.
_PHONE_CHARS = ("(\\[\uff08\uff3b+\uff0b"  # leading brackets and plus signs
                "\\-x\u2010-\u2015\u2212\u30fc\uff0d-\uff0f \u00a0\u00ad\u200b\u2060\u3000()"
                "\uff08\uff09\uff3b\uff3d.\\[\\]/~\u2053\u223c\uff5e"  # punctuation
                "\t,:\uff0e;=#\uff03\uff5eextnsio\u00f3\u0301a\u0434\u043e\u0431"  # extension labels and separators
                "\uff45\uff58\uff54\uff4e\uff49")
_PHONE_RUN = re.compile(f"(?<![{_PHONE_CHARS}\\d])(?:[{_PHONE_CHARS}]*\\d){{7}}", re.UNICODE | re.IGNORECASE)
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


_Reading = tuple[int, str, phonenumbers.PhoneNumber] | None  # a candidate's number: (offset in it, raw string, number)


class _RememberingMatcher(phonenumbers.PhoneNumberMatcher):
    """libphonenumber's matcher, remembering what it read in each candidate: the same numbers, order numbers
    and dates recur across an archive, and parsing one costs tens of microseconds.

    With the leniency used here (``POSSIBLE``) a candidate's reading depends on the candidate's own text and,
    for a time stamp, on the three characters after it (``_TIME_STAMPS_SUFFIX``, ":30"): nothing else of the
    text. So a reading is kept per (candidate, next three characters) and placed at the candidate's offset.
    ``tests/test_detectors.py`` checks the readings equal the plain matcher's. The one difference: the
    matcher's budget of tries (65,535 per text) is not spent on a remembered candidate, which no text within
    ``max_chars`` comes near."""

    def __init__(self, text: str, region: str, readings: dict[tuple[str, str], _Reading]) -> None:
        super().__init__(text, region, leniency=phonenumbers.Leniency.POSSIBLE)
        self._readings = readings  # the detector's, kept from text to text; bounded below

    def _extract_match(self, candidate: str, offset: int) -> phonenumbers.PhoneNumberMatch | None:
        end = offset + len(candidate)
        key = (candidate, self.text[end : end + 3])
        if key in self._readings:
            reading = self._readings[key]
            return None if reading is None else phonenumbers.PhoneNumberMatch(offset + reading[0], reading[1], reading[2])
        match = super()._extract_match(candidate, offset)
        if len(self._readings) >= _READINGS_KEPT:
            self._readings.clear()  # bounded: an archive of distinct candidates must not grow memory
        self._readings[key] = None if match is None else (match.start - offset, match.raw_string, match.number)
        return match


_READINGS_KEPT = 20_000


_PAID_LINE = "a premium-rate or business service number, published on purpose"


class PhoneDetector(Detector):
    """Phone numbers found by Google's libphonenumber; toll-free lines are treated as published."""

    name = f"{CONFIDENTIAL}.phone"
    category = CONFIDENTIAL
    needs = needs_digits(7)

    def __init__(self, region: str = "US", national_regions: tuple[str, ...] = NATIONAL_REGIONS) -> None:
        self.region = region
        self.national_regions = national_regions
        self._readings: dict[tuple[str, str], _Reading] = {}  # what the matcher read in each candidate

    def find(self, document: Document) -> list[Evidence]:
        text = document.normalized.clean.text
        if not _PHONE_HINT.search(text):
            return []
        found: list[Evidence] = []
        urls = [m.span() for m in _URL.finditer(text)]
        # four groups, not five: "06.72.18.44.90" is a French number written in pairs
        addresses = [m.span() for m in _IPV4.finditer(text) if not (text[m.end() : m.end() + 1] == "." and
                                                                   text[m.end() + 1 : m.end() + 2].isdigit())]
        if (urls or addresses) and _most_digits_between(text, urls + addresses) < 7:
            return []  # the digits are in links and IP addresses: every match the parser could find would be dropped
        # no seven digits in one run of what a number can be written with ("&#128514;&#128514;", "$502.7 mln"):
        # the matcher would return nothing to keep
        matches = _RememberingMatcher(text, self.region, self._readings) if _PHONE_RUN.search(text) else ()
        for match in matches:
            raw = match.raw_string
            if "/" in raw:
                continue  # a date or a range of dates ("31/10 - 2/11"), not a phone number
            if match.start > 0 and (text[match.start - 1].isalpha() or text[match.start - 1] == "_"):
                continue  # the digits of a token or key ("npm_...0123456789"), not a phone number
            in_ip = any(a < match.end and match.start < b for a, b in addresses)
            if in_ip or any(a <= match.start < b for a, b in urls):
                continue  # an IP address or part of a link, not a phone number
            if _REFERENCE_BEFORE.search(text, max(0, match.start - 40), match.start):
                continue  # "Ref: 7741-2290-18", "order no. 55-1234-9871": a reference, not a phone number
            if _UNIT_AFTER.match(text, match.end):
                continue  # "Ryzen 5 3600 3.6 GHz": a measurement or a specification, not a phone number
            digits = sum(c.isdigit() for c in raw)
            public = False
            if digits < 7 or (raw.isdigit() and not raw.startswith("0")
                              and not _PHONE_CUE_BEFORE.search(text, max(0, match.start - 40), match.start)):
                continue  # a bare run of digits is more often an order or account number, unless named a phone's
            valid = phonenumbers.is_valid_number(match.number)
            if is_toll_free(match.number) or (not valid and self._published_abroad(raw)):
                score, reason = PUBLISHED, "toll-free number, usually a published support line"
                public = True
            elif valid and is_paid_service_line(match.number):
                score, reason = PUBLISHED, _PAID_LINE
                public = True
            elif _COMPANY_LINE_BEFORE.search(text, max(0, match.start - 40), match.start) or _COMPANY_LINE_AFTER.match(
                    text, match.end):
                score, reason = PUBLISHED, "a number the post gives as a company's line (a hotline, customer service)"
                public = True
            elif valid:
                score, reason = 0.6, "a phone number, personal data unless it is a published line"
            else:
                score, reason = 0.45, "a phone-number-shaped value"
            found.append(self._evidence(document, match.start, match.end, score, reason, public))
        taken = [(e.start, e.end) for e in found]
        for start, end, number in self._national(text):
            o_start, o_end, _ = document.original_span("clean", start, end)
            if any(a < o_end and o_start < b for a, b in taken) or any(a <= start < b for a, b in urls):
                continue
            if is_toll_free(number):
                found.append(self._evidence(document, start, end, PUBLISHED,
                                            "toll-free number, usually a published support line", True))
            elif is_paid_service_line(number):
                found.append(self._evidence(document, start, end, PUBLISHED, _PAID_LINE, True))
            elif _COMPANY_LINE_BEFORE.search(text, max(0, start - 40), start) or _COMPANY_LINE_AFTER.match(text, end):
                found.append(self._evidence(document, start, end, PUBLISHED,
                                            "a number the post gives as a company's line (a hotline, customer service)", True))
            else:
                found.append(self._evidence(document, start, end, 0.6, "a phone number written the national way, "
                                            "personal data unless it is a published line", False))
        return found

    def _published_abroad(self, raw: str) -> bool:
        """Whether ``raw``, no number at home, is a toll-free or shared-cost line of one of ``national_regions``
        ("1300 655 506" in Australia; valid as a personal number in Britain too, where nobody writes it so)."""
        return any(map(is_toll_free, self._valid_abroad(raw)))

    def _national(self, text: str) -> list[tuple[int, int, phonenumbers.PhoneNumber]]:
        """Numbers in national form that are valid in one of ``national_regions``: (start, end, number)."""
        out = []
        for candidate in _NATIONAL.finditer(text):
            raw = candidate.group()
            if not 10 <= sum(c.isdigit() for c in raw) <= 12:
                continue  # shorter runs are times, ranges and codes ("0930-1730")
            number = next(self._valid_abroad(raw), None)
            if number is not None:
                out.append((candidate.start(), candidate.end(), number))
        return out

    def _valid_abroad(self, raw: str) -> Iterator[phonenumbers.PhoneNumber]:
        """``raw`` read in each of ``national_regions``, in order, where it is a valid number there."""
        for region in self.national_regions:
            try:
                number = phonenumbers.parse(raw, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                yield number

    def _evidence(self, document: Document, start: int, end: int, score: float, reason: str, public: bool) -> Evidence:
        o_start, o_end, span = document.original_span("clean", start, end)
        return Evidence(CONFIDENTIAL, self.name, o_start, o_end, span, score, reason, not public)


_COMPASS = re.compile(r"[NSEW]\.?")
#: A business's own place named right before an address ("our new store at ", "the office is on "): published on purpose
_PUBLISHED_PLACE = re.compile(
    r"(?i)\b(?:our|the|new|a)\s+(?:new\s+|flagship\s+|first\s+|second\s+|next\s+|main\s+)?(?:[\w'’-]+\s+)?(?:store|shop|office|offices|"
    r"showroom|location|branch|restaurant|cafe|café|bar|venue|studio|clinic|salon|gallery|hq|headquarters|warehouse|"
    r"outlet|boutique|bakery|pop-up|popup|taproom|brewery|practice|surgery)\b[^.!?\n]{0,45}?$|"
    r"\b(?:find|visit|see|join|meet) us (?:at|on|in)\s*$|\bwe(?:'re|’re| are) (?:now )?(?:at|on)\s*$|\blocated at\s*$")
# a flat or unit before the house number ("Flat 3, 22 Greenway Road"): a UK address may start with it
_UNIT = re.compile(r"(?i)(?:flat|apartment|apt|unit|suite)\b")

# a house number, up to four words, then a street type: most texts never reach the address parser
_ADDRESS_HINT = re.compile(rf"(?i)\b\d{{1,6}}[a-z]?\s+(?:[\w.'-]+\s+){{0,4}}(?:{STREET_TYPES})\b")


def _most_digits_between(text: str, spans: list[tuple[int, int]]) -> int:
    """The most digits in one stretch of ``text`` outside ``spans``. A phone number the detector keeps lies in
    one such stretch (it starts in no link, overlaps no IP address, and holds no letter of "http" or "www."
    to run into a link) and has seven digits or more."""
    most, cursor = 0, 0
    for start, end in sorted(spans):
        if start > cursor:
            most = max(most, digit_count(text[cursor:start]))
        cursor = max(cursor, end)
    return max(most, digit_count(text[cursor:]))


class AddressDetector(Detector):
    """Street addresses: US, Canadian and British ones found by ``pyap``, personal data when a person's; and
    home addresses of other forms after a cue that they are someone's (``address_forms``)."""

    name = f"{CONFIDENTIAL}.street_address"
    category = CONFIDENTIAL
    # what ``_ADDRESS_HINT`` cannot match without: a street type after whitespace, before a word boundary,
    # so a whole word of the lower-cased clean layer (the hint also needs a digit, which it tests itself);
    # and what an address of another form holds: a street word before the name, a name's ending, or an
    # Indian address's flat, house or street words
    needs = Needs(keywords=frozenset(STREET_TYPES.split("|")) | frozenset(LEADING_TYPES.split("|")) | INDIAN_UNITS, whole=True,
                  fragments=frozenset(NAME_ENDINGS))

    def __init__(self, countries: tuple[str, ...] = ("US", "CA", "GB")) -> None:
        self.countries = countries

    def find(self, document: Document) -> list[Evidence]:
        if not document.digits:
            return []  # every address read here holds a house number
        text = document.normalized.clean.text
        found = self._parsed(document, text) if _ADDRESS_HINT.search(text) else []
        for start, end in home_addresses(text):
            o_start, o_end, span = document.original_span("clean", start, end)
            if not any(e.start < o_end and o_start < e.end for e in found):
                found.append(self._evidence(document, o_start, o_end, span))
        return found

    def _evidence(self, document: Document, start: int, end: int, span: str) -> Evidence:
        if _PUBLISHED_PLACE.search(document.original, max(0, start - 60), start):
            return Evidence(CONFIDENTIAL, self.name, start, end, span, PUBLISHED,
                            "a street address the post gives as a store's or an office's: a published location", False)
        return Evidence(CONFIDENTIAL, self.name, start, end, span, 0.6,
                        "a street address, personal data unless it is a published location", True,
                        credential=True)  # masked whole: a postcode's tail places a person

    def _parsed(self, document: Document, text: str) -> list[Evidence]:
        """The addresses pyap reads, where they begin with a house number or a unit."""
        found: list[Evidence] = []
        for country in possible_countries(text, self.countries):
            for address in parse_addresses(text, country):
                located = _locate_address(text, str(address.full_address), int(address.match_start))
                if located is None:
                    continue
                start, end = located
                while end > start and text[end - 1].isspace():
                    end -= 1
                if (start > 0 and text[start - 1].isalnum()) or not (text[start].isdigit() or _UNIT.match(text, start)) or (
                        end < len(text) and text[end].isalnum()):
                    continue  # inside a longer token (a key, an id, "YTD"), not an address
                if any(c.isdigit() for c in str(getattr(address, "city", "") or "")):
                    continue  # "to -73" is no city
                number, name = str(address.street_number or ""), str(address.street_name or "")
                words = name.split()[1 if _COMPASS.fullmatch(name.split()[0] if name else "") else 0:]
                if address.postal_code and words and len(words[-1]) == 1:
                    words = words[:-1]  # pyap cut a postcode's first letter into the name: "Cold Bath Road H", "G2 0NA"
                if (len(number) < 2 and not address.postal_code) or any(len(w) < 2 for w in words):
                    continue  # "2 GO N E WAY": text-speak, not a street (a compass point first is: "409 W Elm Street")
                if any(e.start < end and start < e.end for e in found):
                    continue
                found.append(self._evidence(document, *document.original_span("clean", start, end)))
        return found


def _locate_address(text: str, address: str, near: int) -> tuple[int, int] | None:
    """Where pyap's ``address`` is in ``text``. pyap reports offsets into its own copy of the text, in
    which line breaks became ", ", runs of spaces one space and dashes "-", so a post with a line break
    before an address got the wrong span (or one past its end). The address is found again here with
    its words separated by any spaces and commas, the match nearest pyap's offset."""
    words = re.findall(r"[^\s,]+", address)
    if not words:
        return None
    pattern = r"[\s,]+".join(re.escape(w).replace("\\-", "[-\u2010-\u2015]") for w in words)
    matches = list(re.finditer(pattern, text, re.IGNORECASE))
    if not matches:
        return None
    best = min(matches, key=lambda m: abs(m.start() - near))
    return best.start(), best.end()


def detectors() -> list[Detector]:
    """The confidential rule detectors, in a stable order."""
    return [*(RegexDetector(rule) for rule in RULES), PhoneDetector(), AddressDetector(), SecretShapedValueDetector()]
