"""A safety net for the review: a value shaped like a secret, right after a word that names one, is masked.

The credential rules read the ways people usually write a secret ("the door code is 4471"). People write
many more ("is the gate still 4412?", "combo -> 31 left 12 right", "pw: try Fl0wer.Shop!9"), and a report
that shows such a value in clear leaks it a second time, to every reviewer and into every audit file.
So, whatever the rules read: a value shaped like a secret (digits, or letters mixed with digits or
symbols) within a few words after a word that names a secret ("pw", "pin", "combo", "acct", "gate") is
masked in what the report shows. After a word for a password, PIN or login ("pw", "pin", "combo") it
weighs as a rule hit (0.6: such a value there is the secret far more often than not); after a word that names
a secret only sometimes ("code", "door", "account", "enter") it weighs nothing ("gate B12", "enter the 4471
draw") and says so in its reason. The reviewer reveals a masked value on purpose.

Values that are public by their shape are left as they are: times, dates, prices, amounts with units,
versions, links, handles, and words after a public code's name ("promo code", "order number").
"""

from __future__ import annotations

import itertools
import re

from smrisk.categories import CONFIDENTIAL
from smrisk.detectors.base import Detector, Needs
from smrisk.document import Document
from smrisk.evidence import Evidence

#: Words that name a secret (lower case, whole words): what a secret-shaped value right after them is masked for
SECRET_WORDS = frozenset(
    # (not "combination": "the triple combination arm of COMBAT/KEYNOTE-202"; the access-code rule reads a lock's)
    "password passwd passwort pwd pw pass passcode pin pins code combo login logins username userid "
    # (not a sort code's, routing or BSB number: they name a bank's branch, which it publishes)
    "acct account iban ssn sin cvv cvc cid csc otp 2fa mfa token secret wifi wi-fi door gate alarm keypad "
    "lockbox keysafe lock locker safe vault "
    # and the verbs a secret is keyed in with ("punch in 7720", "enter 3319-2280", "try 'Bluebird#6671'")
    "try tried enter entered type typed punch buzz dial "
    # and a few of their plurals and misspellings ("codes: front 6137, back 9042", "pasword = sunflower1986")
    "codes passwords pins pasword passwrd passowrd pword".split())
#: The secret words that name a password, PIN or login: a secret-shaped value right after one weighs as a rule hit
CREDENTIAL_WORDS = frozenset("password passwd passwort pwd pw passcode pin combo login cvv cvc csc otp wifi "
                             "wi-fi passwords pasword passwrd passowrd pword".split())
_CREDENTIAL_SCORE = 0.6
#: The names of codes and numbers nobody keeps secret, as the word right before the secret word ("promo code",
#: "flight gate", "order number")
PUBLIC_BEFORE = frozenset(
    "promo promotional discount coupon voucher referral gift tracking order booking reference ref confirmation error "
    "status exit zip postal post area country dial dialing sku product model course class module tax vat invite "
    "invitation offer sale bonus reward qr bar flight boarding airport departure arrival platform seat room ticket case "
    "claim member membership loyalty rewards customer policy invoice source dress colour color region language currency "
    "station event game cheat cheats penal swift bic sort ethics conduct html css python java sql".split())
#: The secret words a discount code follows too ("code", "enter FLASH20"), and the words of a sale near them
_SHOP_WORDS = frozenset({"code", "enter", "entered", "try", "type", "typed"})
_SHOPPING = frozenset("checkout discount save saving savings off sale deal deals shop store order orders shipping coupon "
                      "voucher promo redeem offer free".split())
_LETTERS = re.compile(r"[a-z]+")
#: What a secret-shaped value holds at least one of (digits, or a symbol of ``_SYMBOL``): a text without any has none
_VALUE_MARK = re.compile(r"[\d@#$%^*+=~]")
_WORD = re.compile(r"\S+")
#: A secret word as a whole token, bar the quotes, brackets and punctuation around it ("(pw:", "PIN,"); the
#: match runs to the token's end, so its text is the token as ``_values_after`` reads it
_NAMED = re.compile(r"(?<![^\s\"'`“‘(\[{<])(" + "|".join(sorted(map(re.escape, SECRET_WORDS), key=len, reverse=True)) +
                    r")[\"'`”’)\]}>,;:!?.]*(?!\S)")
_PARTIAL_BEFORE = re.compile(r"(?i)\b(?:ending|ends|ended|last (?:4|four|3|three|2|two) (?:digits)?)(?: (?:in|with))?:?\s*$")
_ABBREVIATIONS = frozenset({"no.", "nr.", "num.", "acct.", "tel.", "ph.", "approx.", "e.g.", "i.e."})
#: How many words after the secret word its value may come ("pw for the staging box: ..."), and how many when a
#: pointer comes first ("Lockbox for the rental keys (blue box on the fence) → 5562")
_REACH = 6
_POINTER_REACH = 14
_POINTERS = frozenset({"->", "→", "=>", "=", ":", "-", "–", "—"})
#: A value followed by another of a list ("front 6137, back 9042")
_LISTED_AFTER = re.compile(r"\s*[,;&/]|\s+(?:and|&)\s")
_EDGES = "\"'`“”‘’()[]{}<>,;:!?."
_GROUP = re.compile(r"\d{1,4}[#*]?[,.;:!?]?")  # a group of a run of digits written with spaces
_DIGITS_ONLY = re.compile(r"\d[\d -]{2,}\d[#*]?|\*?\d{4,}[#*]?")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_SYMBOL = re.compile(r"[@#$%^*+=~]")  # not "&" ("AT&T", "&amp;"), "_" ("user_name"), "!" nor "?" ("you!To", "b!tch")
#: Marks of markup and prose, not of a secret: wiki templates and links ("{{main|U.S.", "User:Bob/Page"), brackets
_MARKUP = re.compile(r"[|{}()\[\]<>]|^[A-Za-z]+:\S")
_INNER_SYMBOL = re.compile(r"[^\W_][!@#$%^*+=~|]+[^\W_]")
_ROUND_OR_YEAR = re.compile(r"^\d+00$|(?:^|\s)(?:19|20)\d\d$")
#: Shapes that are public whatever word comes before them
_PUBLIC_SHAPE = re.compile(
    r"(?i)(?:\d{1,2}(?::\d\d)*(?:am|pm)?[-–]\d{1,2}(?::\d\d)*(?:am|pm)|\d{1,3}[-–]\d{1,3}|\d+-[a-z]+|"  # ranges
    r"\d{1,2}(?::\d\d)+(?:am|pm)?|\d{1,2}(?:am|pm)|\d{1,4}[/.]\d{1,2}(?:[/.]\d{2,4})?|\d{4}-\d{2}-\d{2}|"  # times, dates
    r"\d{1,2}-[a-z]{3}-\d{2,4}|[$£€¥]\S*|\S*[%$£€]|\S*&(?:[a-z]+|#\d+);?\S*|"  # dates, money, HTML entities
    r"\d+(?:st|nd|rd|th|s|k|m|bn|x|g|gb|mb|kb|mm|cm|km|kg|lbs?|ft|mph|hrs?|mins?|p|cc|hp|mah|w|kw|v)|"  # units
    r"v?\d+(?:\.\d+){1,3}[a-z]?|[a-z]{1,3}\d{1,2}|(?:fy|q[1-4]|h[12])\d{2,4}|(?:19|20)\d\d(?:/\d\d)?s?|"  # versions, years
    r"https?://\S*|www\.\S*|\S*\.(?:com|org|net|io|co|uk|gov|edu)\S*|[@#]\S*|\S+@\S+\.\S+|"  # links, handles, tags, mail
    r"(?:covid|iphone|ios|android|windows|pixel|galaxy|ps|xbox|gen|series|mp|wpa|wep)[-]?\d+\S*)")
#: Words after which the value is a count, not a secret ("pin 2 of 3", "locker 1204 on floor 12" has its own rule)
QUANTITY_AFTER = re.compile(
    r"(?i)^\s*(?:of|out|%|percent|people|users|times|days|weeks|months|years|hours|minutes|mins|seconds|secs|miles|km|"
    r"feet|ft|meters|metres|steps|floors?|items|lines|points|pts|characters|chars|digits|letters|attempts|tries|"
    r"likes|views|followers|retweets|rts|shares|comments|replies|orders|customers|members)\b")


class SecretShapedValueDetector(Detector):
    """Values shaped like a secret right after a word that names one (see the module's docstring): masked; a hit
    after a word for a password, PIN or login weighs as a rule's, the others nothing."""

    name = f"{CONFIDENTIAL}.secret_shaped_value"
    category = CONFIDENTIAL
    needs = Needs(keywords=SECRET_WORDS, whole=True)
    fallback = True  # a value a rule has read is that rule's

    def find(self, document: Document) -> list[Evidence]:
        text = document.normalized.clean.text
        lower = document.clean_lower if len(document.clean_lower) == len(text) else text.lower()
        found: list[Evidence] = []
        taken_until = 0
        if _VALUE_MARK.search(text) is None:
            return []  # no digit and no symbol: nothing shaped like a secret
        present = SECRET_WORDS if document.keywords is None else SECRET_WORDS & document.keywords
        for named in _named(lower, present):
            name, at = named.group(1), named.start(1)
            if _VALUE_MARK.search(text, named.end(), named.end() + 120) is None:
                continue  # no digit or symbol in reach
            before = lower[max(0, at - 30) : at].split()
            if before and before[-1].strip("-:") in PUBLIC_BEFORE:
                continue
            if name in _SHOP_WORDS and _shopping(lower[max(0, at - 80) : named.end() + 80]):
                continue  # "use code SUMMER20 at checkout", "enter FLASH20 for 10% off": a discount code, published
            # the words a value may start in, and a few more a run of digit groups may go on into
            words = [named, *itertools.islice(_WORD.finditer(text, named.end()), _POINTER_REACH + 8)]
            for start, end in _values_after(text, words):
                if start < taken_until or _PARTIAL_BEFORE.search(lower, max(0, start - 25), start):
                    continue  # read already, or "the card ending in 0147": the last digits are what companies show
                taken_until = end
                o_start, o_end, value = document.original_span("clean", start, end)
                if name in CREDENTIAL_WORDS:
                    found.append(Evidence(CONFIDENTIAL, self.name, o_start, o_end, value, _CREDENTIAL_SCORE,
                                          f"a value shaped like a password or PIN, right after {name!r}", True,
                                          credential=True))
                else:
                    found.append(Evidence(CONFIDENTIAL, self.name, o_start, o_end, value, 0.0,
                                          f"masked as a precaution: shaped like a secret, right after {name!r} "
                                          "(weighs nothing in the score)", True, credential=True))
        return found


def _shopping(window: str) -> bool:
    """Whether ``window`` has a word of a sale or a percent sign."""
    return "%" in window or not _SHOPPING.isdisjoint(_LETTERS.findall(window)) or "check out" in window


def _named(lower: str, words: frozenset[str]) -> list[re.Match[str]]:
    """``_NAMED``'s matches in ``lower``, in order, tried only where one of ``words`` (the secret words a registry
    found in the text) starts: the pattern's alternation of every word would be tried at every position."""
    starts: set[int] = set()
    for word in words:
        at = lower.find(word)
        while at >= 0:
            starts.add(at)
            at = lower.find(word, at + 1)
    found = []
    end = 0
    for at in sorted(starts):
        if at < end:
            continue
        # a token's quotes or bracket before the word: the pattern's look-behind reads them where it starts
        match = _NAMED.match(lower, at)
        if match is not None:
            found.append(match)
            end = match.end()
    return found


def _values_after(text: str, words: list[re.Match[str]]) -> list[tuple[int, int]]:
    """The secret-shaped values among ``words`` (the secret word's token, then the words after it), in its sentence:
    (start, end) in ``text``. The first within ``_REACH`` words, or right after a pointer ("->", "=", "code for the
    livestream (paid only): ..."), within ``_POINTER_REACH``; then any listed after it ("front 6137, back 9042"). A run
    of digit groups ("5 0 9", "448 210 97#") is one value."""
    found: list[tuple[int, int]] = []
    reach, index = _REACH, 0
    while index <= _POINTER_REACH and index < len(words):
        raw = words[index].group()
        if 0 < index <= reach:
            start, end = trimmed(words[index])
            while text[start:end][-1:].isdigit() and index + 1 < len(words) and _GROUP.fullmatch(words[index + 1].group()):
                index += 1  # the next group of the same run of digits
                raw = words[index].group()
                end = trimmed(words[index])[1]
            if secret_shaped(text[start:end]) and not QUANTITY_AFTER.match(text, end):
                found.append((start, end))
                if not _LISTED_AFTER.match(text, end):
                    return found
                reach = index + 3  # the next value of a list
        if raw in _POINTERS or raw.endswith((":", "→", "->", "=>", "=")):
            reach = max(reach, index + 1)  # the value right after a pointer, further out
        elif found and index >= reach:
            return found
        if raw.endswith((".", "!", "?")) and raw.lower() not in _ABBREVIATIONS:
            following = words[index + 1].group() if index + 1 < len(words) else ""
            if not (raw.endswith("?") and following in _POINTERS):
                return found  # the sentence ends, unless a question points at its answer ("wifi at mum's? -> ...")
        index += 1
    return found


def trimmed(word: re.Match[str]) -> tuple[int, int]:
    """A word's span without the quotes, brackets and punctuation around it ("(pw:" -> "pw")."""
    raw = word.group()
    return word.start() + len(raw) - len(raw.lstrip(_EDGES)), word.end() - (len(raw) - len(raw.rstrip(_EDGES)))


def secret_shaped(value: str) -> bool:
    """Digits (four or more, or grouped), or letters mixed with digits or symbols, and no public shape."""
    value = value.removesuffix("'s").removesuffix("’s")
    if len(value) < 4 or _PUBLIC_SHAPE.fullmatch(value) or _MARKUP.search(value):
        return False
    if _DIGITS_ONLY.fullmatch(value):
        if _ROUND_OR_YEAR.search(value):
            return False  # "1000", "7500", "March 7 2010": amounts and dates
        return sum(c.isdigit() for c in value) >= 3 if " " in value else sum(c.isdigit() for c in value) >= 4
    if len(value) < 5 or _HAS_LETTER.search(value) is None:
        return False
    digits, symbols = sum(c.isdigit() for c in value), len(_SYMBOL.findall(value))
    # one digit alone is text-speak ("need2put", "b4"); a symbol counts inside the value ("Dr@gonfly", not "*some*")
    return digits >= 2 or (symbols >= 1 and _INNER_SYMBOL.search(value) is not None and not value.isupper())
