"""300 planted secrets and personal data, in varied sentences: none may reach a report, whole or
as a fragment of four or more characters beyond the tail that masking keeps visible."""

from __future__ import annotations

import csv
import json
import random
import re
import string

import pytest

from smrisk.batch import score_csv
from smrisk.evidence import mask_value
from smrisk.scorer import Scorer


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def _card(r: random.Random) -> str:
    body = "4" + "".join(r.choice(string.digits) for _ in range(14))
    number = body + _luhn_digit(body)
    return " ".join(number[i : i + 4] for i in range(0, 16, 4))


def _mistyped_card(r: random.Random) -> str:
    """A card number with its last digit off by one: it fails the Luhn check."""
    card = _card(r)
    return card[:-1] + str((int(card[-1]) + 1) % 10)


def _word(r: random.Random, n: int) -> str:
    return "".join(r.choice(string.ascii_lowercase) for _ in range(n))


def _password(r: random.Random) -> str:
    return _word(r, 5).capitalize() + "".join(r.choice(string.digits) for _ in range(4)) + r.choice("!#%")


def _key(r: random.Random, n: int) -> str:
    return "".join(r.choice(string.ascii_letters + string.digits) for _ in range(n))


KINDS = {
    "card": (_card, ["Customer card {} was charged twice, refund it", "her card number is {} exp 04/29", "use {} for the team lunch"]),
    "ssn": (lambda r: f"{r.randint(100, 665)}-{r.randint(10, 99)}-{r.randint(1000, 9999)}",
            ["his SSN is {} if payroll asks", "new hire ssn {} for the form"]),
    "email": (lambda r: f"{_word(r, 7)}.{_word(r, 6)}@{_word(r, 8)}.com",
              ["the complaint came from {} again", "forwarding {} the customer's file"]),
    "phone": (lambda r: f"(415) {r.randint(201, 989)}-{r.randint(1000, 9999)}",
              ["call the customer back at {} tonight", "her cell is {}, text her"]),
    "password": (_password, ["the wifi password is {} for guests", "password: {} do not share", "pw is {} for the kiosk"]),
    "login": (lambda r: f"{_word(r, 6)} / {_password(r)}", ["login {} for the admin panel", "username {} works on staging",
                                                            "Front desk login is {} see you Monday"]),
    "door_code": (lambda r: str(r.randint(1000, 99999)), ["side door code is {} after hours", "PIN {} for the back office",
                                                          "the alarm code {} disarm it in 30s"]),
    "stripe": (lambda r: "sk_live_" + _key(r, 24), ["use {} for the checkout test", "billing key {} rotate later"]),
    "github": (lambda r: "ghp_" + _key(r, 36), ["CI token {} expires friday", "here {} for the deploy"]),
    "openai": (lambda r: "sk-proj-" + _key(r, 32), ["the model key is {} lol", "api key {} for the bot"]),
    "activation": (lambda r: "-".join(_key(r, 4).upper() for _ in range(3)) + r.choice(string.digits),
                   ["activation code {} for the license", "license key {} for the design team"]),
    "uk_phone": (lambda r: f"{r.choice(['07911', '07823', '07456', '07564'])} {r.randint(100000, 999999)}",
                 ["ring Dave on {} about the van", "her mobile is {} if the courier is late"]),
    "foreign_password": (_password, ["das Passwort ist {} für den Server", "la contraseña es {} para la tienda",
                                     "le mot de passe est {} pour le wifi"]),
    "mistyped_card": (_mistyped_card,
                      ["her card number is {} exp 04/29", "card {} was declined twice"]),
    "address": (lambda r: f"{r.randint(10, 9999)} {_word(r, 6).capitalize()} {r.choice(['Lane', 'Street', 'Avenue', 'Road'])}, "
                          f"{_word(r, 7).capitalize()} {r.choice(['OH', 'TX', 'CA', 'NY'])}",
                ["shipped the replacement to {} this morning", "she lives at {} if you need to drop it off"]),
}


def _planted(n: int = 300) -> list[tuple[str, str, str]]:
    r = random.Random(20261205)
    kinds = sorted(KINDS)
    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        make, templates = KINDS[kind]
        value = make(r)
        out.append((kind, value, r.choice(templates).format(value)))
    return out


def _fragments(value: str, template: str) -> set[str]:
    """4+ character pieces of ``value`` that masking must hide (not the visible tail, not template words)."""
    masked = mask_value(value)
    hidden = [i for i, (a, b) in enumerate(zip(value, masked, strict=True)) if a != b]
    pieces = set()
    for size in range(4, len(value) + 1):
        for start in range(len(value) - size + 1):
            piece = value[start : start + size]
            ordinary = piece.lower() in template.lower().replace(value.lower(), "") or piece.lower() in STREET_WORDS
            if any(start <= i < start + size for i in hidden) and not ordinary:
                if sum(c.isalnum() for c in piece) >= 4:
                    pieces.add(piece)
    return pieces


PLANTED = _planted()
RULE_ID = re.compile(r"\b(?:confidential|derogatory|illegal)\.[a-z_]+\b")
SCORE = re.compile(r"\b\d\.\d+\b")
STREET_WORDS = "street lane avenue road"  # words of every address, and of the reason "a street address"


def test_every_kind_is_planted_many_times() -> None:
    assert len(PLANTED) == 300 and min(sum(k == kind for k, _, _ in PLANTED) for kind in KINDS) >= 20


@pytest.fixture(scope="module")
def outputs(tiny_scorer: Scorer, tmp_path_factory) -> list[str]:
    texts = [text for _, _, text in PLANTED]
    reports = tiny_scorer.score_many(texts)
    folder = tmp_path_factory.mktemp("leak")
    source, scored = folder / "in.csv", folder / "out.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["text"], *[[t] for t in texts]])
    score_csv(str(source), str(scored), tiny_scorer, progress=False)
    with scored.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    added = [" ".join(v for k, v in row.items() if k != "text") for row in rows]
    shown = [f"{r.explain()}\n{json.dumps(r.to_dict(), ensure_ascii=False)}\n{extra}" for r, extra in zip(reports, added, strict=True)]
    # rule ids (confidential.street_address) and scores (0.1386) are not the secret
    return [SCORE.sub("", RULE_ID.sub("", text)) for text in shown]


def test_no_planted_secret_leaks(outputs: list[str]) -> None:
    leaks = []
    for (kind, value, text), shown in zip(PLANTED, outputs, strict=True):
        found = [p for p in _fragments(value, text) if p in shown]
        if found:
            leaks.append((kind, value, max(found, key=len)))
    assert leaks == [], f"{len(leaks)} of {len(PLANTED)} leaked, e.g. {leaks[:5]}"


@pytest.mark.parametrize(("text", "secret"), [
    ("Front desk login is admin / Spring2024! see you Monday", "2024"),
    ("the wifi password is CorrectHorse9271 for guests", "9271"),
    ("side door code is 4471 after hours", "4471"),
    ("Mrs Patel from Flat 3, 22 Greenway Road, Leeds LS6 2AB keeps complaining", "2AB"),  # a postcode's tail places her
    ("ship it to 418 Birch Lane, Dayton OH 45402 thanks", "5402"),
    # found by a new user: a key block's body, "pass=", a default account's pair without the word "login"
    ("deploy key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nQyNTUxOQAAACBqZ2Jd8l7x\n"
     "-----END OPENSSH PRIVATE KEY-----\nthanks", "QyNTUxOQ"),
    ("deploy key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aumTJ0Z2hoMBgt", "bu3aum"),
    ("login for the demo tenant is demo@larkspur.com pass=Lark$pur!2024", "2024"),
    ("wifi for the pop-up store, pass: Spring2024!", "2024"),
    ("the old router is still admin / Spring2024! lol", "2024"),
])
def test_credentials_show_no_tail_at_all(tiny_scorer: Scorer, text: str, secret: str) -> None:
    report = tiny_scorer.score(text)
    assert secret not in report.explain() and secret not in json.dumps(report.to_dict())
    assert secret in report.explain(reveal=True)


@pytest.mark.parametrize(("text", "secret"), [
    ("the stockroom door is 3-1-4-1 until facilities fix the reader", "3-1-4-1"),
    ("supervisor override is still 9090 on the tills", "9090"),
    ('she uses "Summer2025" as the password for every account', "Summer2025"),
    ("office wifi: Fernhill-Staff / Biscuit#42", "Biscuit#42"),
    ("your security answer is still 'Marmalade'", "Marmalade"),
    ("prod keys AKIAJ7Q2W5ZXR8PL3M6N / q8Zt3Lw9Vb2Nc7Xk4Rm1Jp6Hs0Df5Ga8Ye2Ku9Wi", "Ku9Wi"),
])
def test_the_review_page_masks_secrets_the_model_alone_had_flagged(tiny_scorer: Scorer, text: str, secret: str) -> None:
    """Shapes the team corpus's credential posts use that no rule read: the page showed them in clear."""
    from smrisk.shown_texts import masker_of

    assert secret not in masker_of(tiny_scorer)([text])[0]
    assert secret not in tiny_scorer.score(text).explain()


@pytest.mark.parametrize(("text", "secret"), [
    ("aws creds AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI"),
    ("alerts go to https://hooks.slack.com/services/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 now", "Xz9aQ2wErT5y"),
])
def test_a_key_with_few_digits_and_a_webhook_are_masked(tiny_scorer: Scorer, text: str, secret: str) -> None:
    report = tiny_scorer.score(text)
    assert "confidential" in report.flagged
    assert secret not in report.explain() and secret not in json.dumps(report.to_dict())


@pytest.mark.parametrize("text", ["boarding pass: 12B, gate 4", "A/B test and/or admin / ops rota", "pass: the salt"])
def test_ticket_passes_and_slashes_are_no_credentials(tiny_scorer: Scorer, text: str) -> None:
    report = tiny_scorer.score(text)
    assert not [e for r in report.scores.values() for e in r.evidence if e.sensitive and not e.from_model], text


def test_printed_objects_mask_secrets_too(tiny_scorer: Scorer) -> None:
    report = tiny_scorer.score("the wifi password is Tr0ub4dor&3 for guests")
    assert "Tr0ub4dor" not in repr(report) and "&3" not in repr(report)
    assert "•••••••••••" in report.explain()  # punctuation inside a password is masked too


def test_secrets_in_the_message_answered_show_no_tail_either() -> None:
    """Evidence that points into the context carries the secret's masking with it: a login or an address
    there shows nothing, in explain(), to_dict() and the batch row alike."""
    import smrisk

    report = smrisk.score("so true", context="leaked from HR: Our CFO lives at Flat 3, 22 Greenway Road, Leeds LS6 2AB, "
                                             "login admin / Spring2024!")
    assert any(e.where == "context" and e.sensitive for r in report.scores.values() for e in r.evidence)
    for rendered in (report.explain(), json.dumps(report.to_dict()), json.dumps(report.to_row())):
        assert "2AB" not in rendered and "2024" not in rendered and "Greenway" not in rendered
    assert "2AB" in report.explain(reveal=True)


def test_a_model_phrase_over_a_secret_is_masked_whole(tiny_scorer: Scorer) -> None:
    """Where only the evidence object renders a model phrase (the message a reply answers), a phrase over
    part of a secret shows none of it: its last four could be the secret's middle."""
    report = tiny_scorer.score("the wifi password is Tr0ub4dor&3 for guests")
    phrases = [e for r in report.scores.values() for e in r.evidence if e.from_model and e.sensitive]
    assert phrases and all(e.credential and set(e.shown_text()) <= {"•", " "} for e in phrases)


def test_agreeing_with_a_parent_that_leaks_an_address_and_a_login_is_a_leak() -> None:
    """Lost when the context model was refitted with families_more.toml; back with the refit on
    default@f4323ade320b (whose confidential threshold is lower); lost again by the refit on default@9bff940ed208
    (threshold 0.411, the middle of a tie on val), whose confidential head was therefore kept from the earlier fit;
    held by the refit on default@7371df3629a7, whose threshold is the most sensitive of the tie that keeps real
    care replies quiet (0.153)."""
    import smrisk

    report = smrisk.score("so true", context="Our CFO lives at Flat 3, 22 Greenway Road, Leeds LS6 2AB, login admin / Spring2024!")
    assert "confidential" in report.flagged


@pytest.mark.parametrize(("name", "before"), [("secret_drafts.csv", 44), ("secret_drafts_2.csv", 59), ("secret_drafts_3.csv", 58)])
def test_the_development_sets_of_blind_secret_drafts_stay_masked(name: str, before: int) -> None:
    """The blind sets of drafts read to fix the rules (``data/drafts``): at most 8 of each one's 150 leaking drafts
    show a secret (3 or 4 when this was written; ``before`` with the rules of the session before) and none of its 70
    harmless drafts is masked. The held-out fourth set is measured by ``scripts/evaluate_secrets.py``, never here."""
    from pathlib import Path

    import smrisk
    from smrisk.secret_leaks import measure_leaks, read_secret_drafts

    drafts = read_secret_drafts(Path(__file__).resolve().parents[1] / "data" / "drafts" / name)
    measure = measure_leaks(smrisk.default_scorer(), drafts)
    assert measure.leaking == 150 and measure.shown <= 8, measure.shown_texts
    assert measure.harmless == 70 and measure.harmless_masked == 0, measure.masked_texts
