"""Which rule's hits are a kind, or a narrower reading, of another rule's, and which rules a group names.

Routing reads ``KIND_OF`` (a route naming a rule takes the hits of the rules that are a kind of
it) and ``RULE_GROUPS`` (a route may name many rules by one word); the report reads ``narrower``
(where two rules find one stretch, the narrower reason is shown). Rule ids, not rules: the
detectors need not be imported to ask.
"""

from __future__ import annotations

from smrisk.categories import CONFIDENTIAL

#: A reply that gives the password, PIN or code the message it answers asks for (``smrisk.credential_answers``)
CREDENTIAL_ANSWER = f"{CONFIDENTIAL}.credential_answer"
#: Rules that read a reply with the messages it answers, not a text alone: no detector of the registry, but
#: a policy may route them or switch them off like one
CONTEXT_RULES = frozenset({CREDENTIAL_ANSWER})

#: Backup codes are access codes: a narrower kind, whose reason a reviewer should see where both rules find a stretch.
_NARROWER_KINDS: dict[str, str] = {f"{CONFIDENTIAL}.recovery_codes": f"{CONFIDENTIAL}.access_code"}

#: Rules that read a secret in wordings another rule does not ("the stockroom door is 3-1-4-1", "set the admin
#: password to Nexa!2024"): the same kind of secret, found further out, so where both find one stretch the other
#: rule's reason stays the one shown.
_WIDER_READINGS: dict[str, str] = {
    f"{CONFIDENTIAL}.lock_code": f"{CONFIDENTIAL}.access_code",
    f"{CONFIDENTIAL}.login_pair_in_prose": f"{CONFIDENTIAL}.login_pair",
    f"{CONFIDENTIAL}.password_in_prose": f"{CONFIDENTIAL}.password",
    f"{CONFIDENTIAL}.security_answer": f"{CONFIDENTIAL}.password",
    f"{CONFIDENTIAL}.seed_phrase": f"{CONFIDENTIAL}.password",
    f"{CONFIDENTIAL}.aws_secret_key": f"{CONFIDENTIAL}.aws_access_key",
    f"{CONFIDENTIAL}.grouped_key": f"{CONFIDENTIAL}.license_key",
    f"{CONFIDENTIAL}.password_named_after": f"{CONFIDENTIAL}.password",
    CREDENTIAL_ANSWER: f"{CONFIDENTIAL}.password",
    f"{CONFIDENTIAL}.pin_set_to": f"{CONFIDENTIAL}.password",
    f"{CONFIDENTIAL}.account_colon_password": f"{CONFIDENTIAL}.login_pair",
    f"{CONFIDENTIAL}.user_name_with_password": f"{CONFIDENTIAL}.login_pair",
    f"{CONFIDENTIAL}.named_ssn": f"{CONFIDENTIAL}.us_ssn",
    f"{CONFIDENTIAL}.uk_national_insurance": f"{CONFIDENTIAL}.us_ssn",
    f"{CONFIDENTIAL}.spelled_email": f"{CONFIDENTIAL}.email",
    f"{CONFIDENTIAL}.bank_account_number": f"{CONFIDENTIAL}.iban",
    f"{CONFIDENTIAL}.named_national_id": f"{CONFIDENTIAL}.us_ssn",
    f"{CONFIDENTIAL}.email_and_password": f"{CONFIDENTIAL}.login_pair",
    f"{CONFIDENTIAL}.labelled_pair": f"{CONFIDENTIAL}.login_pair",
    f"{CONFIDENTIAL}.code_then_lock": f"{CONFIDENTIAL}.access_code",
    f"{CONFIDENTIAL}.shared_account_pair": f"{CONFIDENTIAL}.login_pair",
    f"{CONFIDENTIAL}.nz_bank_account": f"{CONFIDENTIAL}.iban",
    f"{CONFIDENTIAL}.eircode": f"{CONFIDENTIAL}.street_address",
}

#: Rules whose hits are a kind of another rule's: a route that names the other takes them too. Backup
#: codes are access codes, so a policy that sends ``confidential.access_code`` to security sends them there
#: as well, though it was written before (or without knowing) the narrower rule; so are the wider readings.
KIND_OF: dict[str, str] = {**_NARROWER_KINDS, **_WIDER_READINGS}

#: Rules whose hits are a narrower reading of another rule's, for the reviewer: where both find one stretch
#: of text ("the door code is 4471": a PIN or access code, and the password rule's "password or access
#: code"), the narrower reason is the one shown. Routing keeps both (a route naming either still fires).
NARROWER_THAN: dict[str, str] = {**_NARROWER_KINDS, f"{CONFIDENTIAL}.access_code": f"{CONFIDENTIAL}.password"}


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


#: Words a route's ``when`` may use for many rules at once. ``secrets``: every rule that finds a value which
#: opens something by itself (a password, PIN, door or backup code, login pair, key or token, a card's
#: security code) or a request for one, the usual route to security; not personal data (e-mail, phone,
#: card number, address), nor internal hosts and domains, which name a system without opening it. A rule
#: whose hits are a kind of one in the group (``KIND_OF``: backup codes, a lock's code in other words) is in it.
_SECRETS = frozenset(f"{CONFIDENTIAL}.{name}" for name in (
    "password", "login_pair", "access_code", "recovery_codes", "card_security_code", "secret_assignment",
    "keyed_secret", "provider_token", "aws_access_key", "github_token", "slack_token", "stripe_key",
    "google_api_key", "jwt", "private_key", "url_credentials", "license_key", "asks_for_credentials"))
RULE_GROUPS: dict[str, frozenset[str]] = {
    "secrets": _SECRETS | {rule for rule, kind in KIND_OF.items() if kind in _SECRETS},
}
