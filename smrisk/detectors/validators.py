"""Named checks that confirm or reject a pattern match (the false-positive killers)."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

import phonenumbers

_NON_DIGIT = re.compile(r"\D")


def luhn_valid(value: str) -> bool:
    """True when the digits of ``value`` pass the Luhn checksum used by payment cards."""
    digits = _NON_DIGIT.sub("", value)
    if not 13 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card_number_valid(value: str) -> bool:
    """A number that passes the Luhn check and is no book number: an ISBN-13 (978 or 979, then ten digits)
    passes it too, and no card issuer's range starts there."""
    digits = _NON_DIGIT.sub("", value)
    return luhn_valid(digits) and not (len(digits) == 13 and digits.startswith(("978", "979")))


def ssn_valid(value: str) -> bool:
    """True for a US SSN the SSA could issue (area not 000, 666 or 9xx; group and serial non-zero)."""
    digits = _NON_DIGIT.sub("", value)
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AT": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "CH": 21, "CY": 28,
    "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "KW": 30, "KZ": 20, "LB": 28,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PK": 24,
    "PL": 28, "PT": 25, "QA": 29, "RO": 24, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "TN": 24, "TR": 26, "UA": 29,
}


def iban_valid(value: str) -> bool:
    """True when ``value`` has a known country length and passes the ISO 13616 mod-97 check."""
    compact = re.sub(r"[\s-]", "", value).upper()
    if _IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def private_ip(value: str) -> bool:
    """True for an IPv4 address in a private, loopback or link-local range."""
    try:
        address = ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return address.is_private and not address.is_unspecified


@lru_cache(maxsize=4096)
def phone_number(value: str, region: str = "US") -> phonenumbers.PhoneNumber | None:
    """The parsed number when ``value`` is a possible phone number, else None."""
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_possible_number(parsed) else None


def is_toll_free(number: phonenumbers.PhoneNumber) -> bool:
    """True for toll-free and shared-cost service numbers, which companies publish."""
    kind = phonenumbers.number_type(number)
    return kind in (phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.SHARED_COST)


def is_paid_service_line(number: phonenumbers.PhoneNumber) -> bool:
    """True for premium-rate and universal-access numbers: lines a business pays for and publishes (competition
    lines, chat and support services), never a person's own number."""
    kind = phonenumbers.number_type(number)
    return kind in (phonenumbers.PhoneNumberType.PREMIUM_RATE, phonenumbers.PhoneNumberType.UAN)


_PLACEHOLDERS = re.compile(
    r"^(?:\*+|x+|•+|\.+|_+|<[^>]*>|\[[^\]]*\]|\{[^}]*\}|your|yours|never|not|required|reset|"
    r"changed|expired|here|below|above|protected|hidden|redacted|optional|the|a|an|is|and|or|"
    r"same|strong|weak|incorrect|wrong|invalid|correct|updated|case|must|should|will|sent|"
    r"policy|manager|managers|hint|length|rules|tips|still|"
    # where or how it is kept ("the password is written on the whiteboard")
    r"written|printed|taped|posted|stored|saved|kept|shared|attached|included|encrypted|blank|empty|different|"
    r"unique|long|short|secure|simple|easy|obvious|stuck|pinned|listed|somewhere|inside|there|also|very|too|"
    # what happened to it, in a support reply ("the password was typed with caps lock on", "was leaked")
    r"typed|mistyped|entered|accepted|rejected|autofilled|remembered|forgotten|locked|blocked|being|"
    r"compromised|leaked|stolen|exposed|visible|shown|displayed|masked|checked|verified|needed|sensitive|"
    # the label of the next field ("wifi for the lounge: network Guest5, password is ..."), not a secret
    r"network|ssid|username|user|email|name|details|info|information|\?+)$",
    re.IGNORECASE,
)


_LINK = re.compile(r"(?i)^(?:[a-z][a-z0-9+.-]*://|www\.)")


def real_secret_value(value: str) -> bool:
    """False for placeholders and prose after 'password:' ("your password", "<secret>", "****"), and
    for a link ("Every bubble finds its pin https://t.co/..." is a headline, not a PIN)."""
    value = value.strip("\"'`.,;:!?)(")
    return len(value) >= 4 and not _PLACEHOLDERS.match(value) and not _LINK.match(value)


def luhn_invalid(value: str) -> bool:
    """True for a card-length number that fails the Luhn check (a valid one is ``credit_card``'s)."""
    return not luhn_valid(value)
