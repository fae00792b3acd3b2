"""Detector tables: hits with the span they must report, and near misses beside them."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import smrisk
from smrisk.detectors import DetectorRegistry, default_registry
from smrisk.detectors.base import RegexDetector, RegexRule
from smrisk.document import Document
from smrisk.errors import ConfigError
from smrisk.nlp import shared_nlp
from smrisk.normalize import Normalizer

REGISTRY = default_registry()
NORMALIZER = Normalizer(["idiot", "cocaine", "kickback", "shoplifting", "fuck"])


def hits(text: str) -> dict[str, list[tuple[str, float]]]:
    normalized = NORMALIZER(text)
    document = Document(normalized, shared_nlp().make_doc)
    found: dict[str, list[tuple[str, float]]] = {}
    for evidence in REGISTRY.find(document):
        assert text[evidence.start : evidence.end] == evidence.text
        found.setdefault(evidence.source, []).append((evidence.text, evidence.score))
    return found


@pytest.mark.parametrize(
    ("text", "source", "span"),
    [
        ("mail jane.doe@gmail.com the contract", "confidential.email", "jane.doe@gmail.com"),
        ("card 4111 1111 1111 1111 exp 09/27", "confidential.credit_card", "4111 1111 1111 1111"),
        ("her ssn is 123-45-6789", "confidential.us_ssn", "123-45-6789"),
        ("wire to GB82 WEST 1234 5698 7654 32 today", "confidential.iban", "GB82 WEST 1234 5698 7654 32"),
        ("key AKIAIOSFODNN7EXAMPLE in the repo", "confidential.aws_access_key", "AKIAIOSFODNN7EXAMPLE"),
        ("token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 works", "confidential.github_token",
         "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIE", "confidential.private_key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE"),  # the body too
        ("the wifi password is Tr0ub4dor&3, enjoy", "confidential.password", "Tr0ub4dor&3"),
        ("door code: 4471", "confidential.password", "4471"),
        ("see https://jira.acme.internal/browse/OPS-12", "confidential.internal_host", "jira.acme.internal/browse/OPS-12"),
        ("debug staging-db.internal.brightloop.net now", "confidential.internal_host", "staging-db.internal.brightloop.net"),
        ("Just tell your bank it never arrived, they'll refund you either way", "illegal.fraud", "tell your bank it never arrived"),
        ("we might've fudged the use-by dates on a few trays", "illegal.fraud", "fudged the use-by dates"),
        # a bank compliance analyst's trial
        ("just bump your income on the form a bit, everyone does it", "illegal.fraud", "bump your income"),
        ("pay it in as 9k chunks so it doesnt get reported", "illegal.fraud", "so it doesnt get reported"),
        ("anyone got free sky sports streams? on the office pc lol", "illegal.piracy", "free sky sports streams"),
        ("can't say too much but Kingfisher launches in Sept 👀", "confidential.secrecy_cue", "can't say too much but"),
        ("So profits are down 18% before the results are even out?", "confidential.nonpublic_numbers",
         "before the results are even out"),
        # an integrator's trial
        ("See you at the party tonight, I'll bring the weed", "illegal.drug_use", "bring the weed"),
        ("gonna get blazed after work", "illegal.drug_use", "gonna get blazed"),
        ("logs are at https://core.hbs-internal.co.uk/admin if you need them", "confidential.internal_tool_url",
         "https://core.hbs-internal.co.uk/admin"),  # the whole host, not "internal.co.uk/admin"
        ("the export is at \\\\fs01\\exports\\customers_full.xlsx if you need it", "confidential.internal_host",
         "\\\\fs01\\exports\\customers_full.xlsx"),  # a path on a Windows file share
        ("Smoked a joint in the stairwell on my lunch break", "illegal.drug_use", "Smoked a joint"),
        ("db at 10.0.4.17 is down", "confidential.private_ip", "10.0.4.17"),
        ("call her on +44 20 7946 0958 tonight", "confidential.phone", "+44 20 7946 0958"),
        ("call me on 07911 123456 tonight", "confidential.phone", "07911 123456"),  # national forms: GB, DE
        ("ring the office on (020) 7946 0018", "confidential.phone", "(020) 7946 0018"),
        ("ruf mich an: 0151 23456789", "confidential.phone", "0151 23456789"),
        ("das Kennwort ist Blume77", "confidential.password", "Blume77"),
        ("la contraseña es Sol2024 para la tienda", "confidential.password", "Sol2024"),
        ("her card number is 4111 1111 1111 1112", "confidential.card_number", "4111 1111 1111 1112"),
        ("prod .env still has DB_PASSWORD=Gr4nite!Oslo, fix it", "confidential.password", "Gr4nite!Oslo"),
        ("pasted the vendor key in chat: ab_live_Q8rT2mZ7xK4vN9pL3sW6 oops", "confidential.provider_token",
         "ab_live_Q8rT2mZ7xK4vN9pL3sW6"),
        ("my 2fa backup code 5521-0937-7764 still works", "confidential.access_code", "5521-0937-7764"),
        ("Depot gate code at Leeds changed to 3391, pass it on", "confidential.access_code", "3391"),
        ("Backup codes for the shared ops 2FA account: 4829-1173, 9931-0456, 2208-7741", "confidential.recovery_codes",
         "4829-1173, 9931-0456, 2208-7741"),
        ("use one of my recovery codes: 83920174 55102938 77461029", "confidential.recovery_codes", "83920174 55102938 77461029"),
        ("Company card 4539 1488 0343 6467 exp 09/27 CVV 321", "confidential.card_security_code", "321"),
        ("otp 123 456 expires soon", "confidential.access_code", "123 456"),  # groups apart by a space, masked whole
        ("pin 1234-5678-9012-3456-7890", "confidential.access_code", "1234-5678-9012-3456-7890"),
        ("backup codes: 4829 1173, 9931 0456", "confidential.recovery_codes", "4829 1173, 9931 0456"),
        ("CVV code 321 on the back", "confidential.card_security_code", "321"),
        ("Das Passwort lautet Hafen2024", "confidential.password", "Hafen2024"),
        ("login 884213 / Spring2024! for the kiosk", "confidential.login_pair", "884213 / Spring2024!"),
        ("user ops_admin pass Tr4ckM3!2026", "confidential.login_pair", "ops_admin pass Tr4ckM3!2026"),  # the label between
        ("the scanners have default creds still admin/admin, change them", "confidential.login_pair", "admin/admin"),
        ("the cameras still ship with root/toor lol", "confidential.login_pair", "root/toor"),  # a factory default, written tight
        ("new break-room code at the Dover site is 7714", "confidential.access_code", "7714"),
        ("the password for the third floor meeting room tablet is Tablet2031!", "confidential.password", "Tablet2031!"),
        ("VPN password reset to Winter2026! for all", "confidential.password", "Winter2026!"),
        ("webhook token for the billing service: zx_hook_9Gm2Lq7Rt4Vn8Kp3Ws", "confidential.secret_assignment",
         "zx_hook_9Gm2Lq7Rt4Vn8Kp3Ws"),
        ("rotated it, payments_signing_secret = Qw7rT2yU9iO4pL1kJ6hG until Monday", "confidential.secret_assignment",
         "Qw7rT2yU9iO4pL1kJ6hG"),
        ("Who changed the wifi password in the hangar? It's now Hangar7Torque! btw", "confidential.password", "Hangar7Torque!"),
        ("Baggage office safe combo is no longer 12-34-56, it's 27-41-09", "confidential.access_code", "27-41-09"),
        ("door code isn't 4471 anymore, it's 9930", "confidential.access_code", "9930"),
        # a lock named without "code", digits one by one, a dial, a code passed on, a value in the next clause
        ("night shift: the cold room keypad is 3 8 2 6, don't prop the door", "confidential.access_code", "3 8 2 6"),
        ("lockbox by the loading bay holds the van keys, code 5-0-7-2", "confidential.access_code", "5-0-7-2"),
        ("Vault in the back office: R 22, L 8, R 41. memorize it", "confidential.access_code", "R 22, L 8, R 41"),
        ("the gate code to the north yard is *4471 after 10pm", "confidential.access_code", "*4471"),
        ("what's the code the bank sent me, 449 120? approve it for me pls", "confidential.access_code", "449 120"),
        ("server room keypad code changes Friday, new one is 6-6-1-9", "confidential.access_code", "6-6-1-9"),
        ("POS terminal password has been reset to Harbor#77 for everyone", "confidential.password", "Harbor#77"),
        ("shared inbox login? it was teamdesk / Pelham2025! last I checked", "confidential.login_pair",
         "teamdesk / Pelham2025!"),
        ("recovery codes for the payroll portal if my phone dies on holiday in Spain: 5510-2291, 8830-1174",
         "confidential.recovery_codes", "5510-2291, 8830-1174"),
        ("you 1d10t, read it again", "derogatory.insult_at_reader", "you 1d10t"),
        ("classic white trash move", "derogatory.slur", "white trash"),
        ("those dykes again", "derogatory.slur", "dykes"),
        ("he did a line of c0caine at the party", "illegal.hard_drugs", "c0caine"),
        ("we drove home drunk again lol", "illegal.dui", "drove home drunk"),
        ("we're hotboxing the van after work, bring your own weed", "illegal.drug_use", "hotboxing"),
        ("Orion launches 14 March, priced at $299. Keep it hush till then", "confidential.secrecy_cue", "Keep it hush"),
        ("Northgate Logistics cooks their safety records", "derogatory.accusation", "Northgate Logistics cooks their safety records"),
        ("the k1ckback was in the envelope", "illegal.bribery", "k1ckback"),
    ],
)
def test_hits(text: str, source: str, span: str) -> None:
    found = hits(text)
    assert source in found, found
    assert span in [t for t, _ in found[source]]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("the AKIA prefix means an access key id", "confidential.aws_access_key"),
        ("Wifi for the visitors lounge: network HalvorsenGuest", "confidential.password"),  # a field label
        ("card 4111 1111 1111 1112 is invalid", "confidential.credit_card"),
        ("pay by card ending ****1234", "confidential.credit_card"),
        ("ssn format is 000-12-3456", "confidential.us_ssn"),
        ("never share your password with anyone", "confidential.password"),
        ("password: ********", "confidential.password"),
        ("public DNS 8.8.8.8 is fine", "confidential.private_ip"),
        ("order 12345678 shipped", "confidential.phone"),
        ("open 0930-1730 daily", "confidential.phone"),
        ("your boarding pass: seat 12A", "confidential.password"),
        ("the backup codes are printed on your settings page", "confidential.recovery_codes"),
        ("Stay safe out there: 2025 was a rough one", "confidential.access_code"),  # "safe" counts only before a dial
        ("the lockbox is left of the door, ask the agent for the code", "confidential.access_code"),
        ("keypad batteries died again, 3 days in a row", "confidential.access_code"),
        ("Doors open at 7 at the gate, use promo code 2024 at the bar", "confidential.access_code"),
        ("the lock on my bike: R 12 on the rack", "confidential.access_code"),
        ("a winning combination, 2024 was our best year", "confidential.access_code"),  # a comma passes only a 6-digit code
        ("CVV means card verification value", "confidential.card_security_code"),
        ("See you all at CSC 2024 in Berlin!", "confidential.card_security_code"),
        ("Backup codes for the shared ops 2FA account: 4829-1173, 9931-0456", "confidential.login_pair"),  # codes, no login
        ("user admin password reset link sent to your inbox", "confidential.login_pair"),  # a word after the label
        ("my username or password is incorrect", "confidential.login_pair"),
        ("every user should pass the quiz before Friday", "confidential.login_pair"),
        ("our admin/password reset flow is live", "confidential.login_pair"),  # two kinds of thing, not a pair
        ("the admin/user split in the new app is confusing", "confidential.login_pair"),
        ("the admin/guest wifi networks are separate now", "confidential.login_pair"),  # roles
        ("NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789", "confidential.phone"),  # a token's digits
        ("a token of appreciation for the whole team", "confidential.secret_assignment"),
        ("your boarding pass is ready, gate B12", "confidential.password"),
        ("one two three four, I declare a thumb war", "confidential.password"),
        ("offer expires 11/26, code 4471 at checkout", "confidential.card_security_code"),
        ("our secret: consistency123 and a lot of coffee", "confidential.secret_assignment"),  # too short for a key
        ("the secret sauce is https://example.com/recipes/sauce-2024", "confidential.secret_assignment"),
        ("password reset to default, ask IT", "confidential.password"),
        ("publishable key pk_live_51HqLyjWDarjtT1zdp7dc for the widget", "confidential.provider_token"),
        ("Every Bubble Eventually Finds Its Pin https://t.co/E3LesbBMP1", "confidential.password"),  # a link, no PIN
        ("card 4111 1111 1111 1111 exp 09/27", "confidential.card_number"),  # valid: credit_card's alone
        ("covid19 cases fell in q3", "derogatory.insult_word"),
        ("this idiot-proof setup takes a minute", "derogatory.insult_word"),
        ("we smoked a brisket for the joint venture launch", "illegal.drug_use"),
        ("a joint statement on the knee joint recall", "illegal.drug_use"),
        ("pulled some weeds in the garden, the weed killer is back in stock", "illegal.drug_use"),
        ("the router model they gave you is a useless piece of junk", "derogatory.belittles_people"),  # "you" is an object
        ("type \\\\ for one backslash, and C:\\Users\\me is your home folder", "confidential.internal_host"),
    ],
)
def test_near_misses(text: str, source: str, tiny_scorer) -> None:
    # the raw hit may exist: after the context pass it must weigh nothing
    if source in ("derogatory.insult_word", "derogatory.belittles_people"):
        evidence = tiny_scorer.score(text).scores["derogatory"].evidence
        assert not [e for e in evidence if e.source == source and e.score > 0]
    else:
        assert source not in hits(text)


def test_role_mailbox_weighs_nothing_and_is_not_masked() -> None:
    normalized = NORMALIZER("questions? write to support@acme.com")
    document = Document(normalized, shared_nlp().make_doc)
    (email,) = [e for e in REGISTRY.find(document) if e.source == "confidential.email"]
    assert email.score == 0.0 and not email.sensitive and "published on purpose" in email.reason


@pytest.mark.parametrize("text", ["Call 1-800-555-0199 any time", "Our number is 0800 123 4567, lines open 8-8.",
                                  "call our customer service line on 0161 555 0199",
                                  "You have won! Call 09061701461 before the lines close",  # premium rate
                                  "ring 0345 300 0000 for bookings"])  # a UK business number
def test_a_published_line_is_shown_but_weighs_nothing(text: str) -> None:
    """A support line is no leak: the hit is shown, with why, and a draft that gives one is not flagged for it
    ("Our number is 0800 ..." scored 0.214, over the 0.212 threshold, when the line weighed 0.1)."""
    found = hits(text)["confidential.phone"]
    assert found and all(score == 0.0 for _, score in found)
    report = smrisk.score(text)
    assert "confidential" not in report.flagged
    assert any(e.source == "confidential.phone" and ("published" in e.reason or "company's line" in e.reason)
               for e in report.scores["confidential"].evidence)


def test_registry_rejects_duplicate_names() -> None:
    rule = RegexRule("confidential.x", "confidential", r"x", 0.5, "x")
    with pytest.raises(ConfigError, match="already registered"):
        DetectorRegistry([RegexDetector(rule), RegexDetector(rule)])


def test_registry_without_unknown_name_is_an_error() -> None:
    with pytest.raises(ConfigError, match="unknown detector"):
        REGISTRY.without(["nope"])


def test_regex_rule_needs_a_known_category() -> None:
    with pytest.raises(ConfigError, match="unknown risk"):
        RegexDetector(RegexRule("x.y", "spam", r"x", 0.5, "x"))


def test_every_lexicon_phrase_is_found_through_the_scorer(tiny_scorer) -> None:
    """Each lexicon phrase, alone and inside a sentence, survives normalisation and the detectors'
    cheap word pre-checks, and is reported: no phrase in the lexicons is dead."""
    from smrisk.detectors.base import LexiconDetector

    cases = [
        (rule.category, rule.name, text)
        for detector in tiny_scorer.registry if isinstance(detector, LexiconDetector)
        for rule in detector.rules.values()
        for phrase in rule.patterns if isinstance(phrase, str)
        for text in (phrase, f"Well, {phrase} again!")
    ]
    reports = tiny_scorer.score_many([text for _, _, text in cases], explain=False)
    missed = [(name, text) for (category, name, text), report in zip(cases, reports, strict=True)
              if name not in {e.source for e in report.scores[category].evidence}]
    assert len(cases) > 500 and missed == []


@pytest.mark.parametrize(("text", "span"), [
    ("Dr. Patel at St Mary's falsifies patient records", "Dr. Patel at St Mary's falsifies"),
    ("Our regional manager Tom Hale embezzles from the tills", "Tom Hale embezzles"),
    ("Bank of Leeds launders money", "Bank of Leeds launders money"),
    ("I left Acme. Tom steals from the tills", "Tom steals from"),  # not across a sentence's end
    ("honestly the guy at the desk steals tips", "desk steals tips"),  # no name: the words matched
    # a description set off by commas between the name and the verbs
    ("Greg Thompson, CEO of Halvard Logistics, has been embezzling for years", "CEO of Halvard Logistics, has been embezzling"),
    ("Our CFO, Dana Reyes, is embezzling from the pension fund", "Dana Reyes, is embezzling"),
])
def test_an_accusation_shows_whom_it_names(text: str, span: str) -> None:
    report = smrisk.score(text)
    assert [e.text for e in report.scores["derogatory"].evidence if e.source == "derogatory.accusation"] == [span]


@pytest.mark.parametrize(("text", "rule"), [
    ("dont tell anybody but we're closing the Hull store in jan", "confidential.secrecy_cue"),
    ("this isnt public yet but the Zeller deal is signed", "confidential.secrecy_cue"),
    ("between u and me the Q3 numbers are ugly", "confidential.secrecy_cue"),
    ("u r a disgrace", "derogatory.insult_at_reader"),
])
def test_lexicon_rules_read_a_phrase_typed_in_a_hurry(text: str, rule: str) -> None:
    assert rule in hits(text)


@pytest.mark.parametrize("text", [
    "Boeing 737 Max Net Orders Rise to -73 YTD in Nov. From -93 Oct. Yes, negative",
    "Barclays are proud sponsors of the Private Client Forum, 31/10 - 2/11.",
    "Open link: https://web.archive.org/web/20191213044137/https://support.hp.com and follow the steps",
    "Testing. 220.255.2.139",
    "[[User talk:Dalbury|Talk]] see https://help.x.com/accounts-billing/security/two-step",
    "Turkish lira weakens past key 6-per-dollar level",
    "FRAN I DECIDED 2 GO N E WAY IM COMPLETELY BROKE",
])
def test_real_benign_posts_that_once_looked_like_personal_data(text: str) -> None:
    found = hits(text)
    assert not [s for s in found if s.startswith("confidential.")], found


@pytest.mark.parametrize(("text", "source"), [
    ("shipped the replacement to 418 Birch Lane, Dayton OH this morning", "confidential.street_address"),
    ("she lives at 221 Oak Avenue Apt 4B, Austin, TX 78701", "confidential.street_address"),
    ("Mrs Patel from Flat 3, 22 Greenway Road, Leeds LS6 2AB keeps complaining", "confidential.street_address"),
    ("Front desk login is admin / Spring2024! see you Monday", "confidential.login_pair"),
    ("PIN 4321 for the back office", "confidential.access_code"),
    ("activation code LWJS-FPGF-PXDQ1 for the design team", "confidential.license_key"),
    ("the bot uses sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34 as its key", "confidential.provider_token"),
])
def test_new_personal_data_and_credential_detectors(text: str, source: str) -> None:
    assert source in hits(text)


@pytest.mark.parametrize(("text", "secret"), [
    ("aws_secret_access_key = q8Zr3LmN2vXb7TkP0sYw/H4jFd9GcQe6Ua1RnBt5", "q8Zr3LmN2vXb7TkP0sYw/H4jFd9GcQe6Ua1RnBt5"),
    ("the secret is q8Zr3LmN2vXb7TkP0sYw/H4jFd9GcQe6Ua1RnBt5 ok", "q8Zr3LmN2vXb7TkP0sYw/H4jFd9GcQe6Ua1RnBt5"),
    ("stripe_api_key: abcd1234efgh5678ijkl", "abcd1234efgh5678ijkl"),
    # passwords after "creds for X:" and after "still"
    ("staging db creds for anyone blocked: admin / Br3wC0!2026 - don't tell security lol", "Br3wC0!2026"),
    ("Our internal dashboard is at https://admin.example.net, default password still 'coffee123'", "coffee123"),
    ("the password is still hunter2, change it", "hunter2"),
    ("reno lab door code now 4471, badge reader is down", "4471"),
    # a code spelled out, "pass is" and "psw", a card's "code" right after its expiry date
    ("door code is four seven seven one, don't tell the new guy", "four seven seven one"),
    ("staff wifi is CafeBack and the pass is Kettle#2291 dont give it out", "Kettle#2291"),
    ("psw is hunter2 for the test server", "hunter2"),
    ("company card 5500 0000 0000 0004, exp 11/26, code 321", "321"),
    # no verb between the name and the secret; a network name before it; a place between the name and "is"
    ("Guest Wi-Fi is BrightGuest, password SunnyDays2024!", "SunnyDays2024!"),
    ("Guest Wi-Fi at the office is BrightGuest, password SunnyDays2024! for anyone visiting", "SunnyDays2024!"),
    ("Side gate code at the Leeds depot is 5829, see you at 7", "5829"),
    ("Heads up team, the code for the back door at the Main St site is 4471, don't lose it", "4471"),
])
def test_secrets_are_found_and_masked_whole(text: str, secret: str) -> None:
    report = smrisk.score(text)
    assert "confidential" in report.flagged
    shown = report.explain() + str(report.to_dict()) + report.display_text()
    hidden = [secret[:-4], secret[4:-4]] if len(secret) >= 12 else [secret]  # a long key may keep its last four
    assert not [part for part in hidden if part in shown]


def test_a_password_ending_in_an_exclamation_mark_is_masked_to_its_end() -> None:
    report = smrisk.score("Front desk login is admin / Spring2024! and the side door code is 4471")
    assert "!" not in report.explain().split("text:")[1].split("and the side")[0]


@pytest.mark.parametrize("text", ["my password still doesn't work after the reset", "the password is still the same",
                                  "Update: login issues resolved, thanks for your patience", "password issues fixed",
                                  "login now works again", "Forgot my password again. It's fine, IT reset it in 5 minutes",
                                  "what's the wifi password? it's on the card at the front desk",
                                  "The password is written on the whiteboard", "the password is taped under the keyboard",
                                  "that error usually means the password was typed with caps lock on",
                                  "your password was leaked in another site's breach, please change it"])
def test_still_in_prose_is_no_password(text: str) -> None:
    assert "confidential.password" not in hits(text)


@pytest.mark.parametrize(("text", "name"), [("Guest Wi-Fi is BrightGuest, password SunnyDays2024!", "BrightGuest"),
                                            ("login is admin, password Spring2024", "admin")])
def test_a_name_the_next_words_call_something_else_is_not_the_password(text: str, name: str) -> None:
    """"wifi is X, password Y": X is the network, Y the secret."""
    assert [span for span, _ in hits(text)["confidential.password"]] == [text.rsplit(" ", 1)[1]]
    assert name not in [span for span, _ in hits(text)["confidential.password"]]


@pytest.mark.parametrize("text", ["Please change your password 2 times a year", "login v2.0 portal is live",
                                  "password reset link sent", "use a password manager",
                                  # "wifi is X" without a password word: X is a secret only if it looks like one
                                  "Free guest Wi-Fi is available in all our lobbies", "wifi is free for all guests",
                                  # a bare password word ends its line: the next line is another item, not its value
                                  "Forgot my password\nMonday2 is going to be rough",
                                  "3 things to do today:\n- change your password\nQ3review deck due at 5\n- book the offsite",
                                  "Security tip: never share your password\n5,Lunch is on us today"])
def test_a_bare_password_word_needs_a_value_of_letters_and_digits(text: str) -> None:
    assert "confidential.password" not in hits(text)


@pytest.mark.parametrize(("text", "secret"), [("password:\nHunter22x", "Hunter22x"), ("my password is\nTr0ub4dor&3", "Tr0ub4dor&3"),
                                              ("wifi password\tHangar7Torque", "Hangar7Torque")])
def test_a_labelled_password_on_the_next_line_is_still_found(text: str, secret: str) -> None:
    """A colon or "is" before the line break says the next line is the value."""
    assert [span for span, _ in hits(text)["confidential.password"]] == [secret]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Honestly, you are the rudest, most ridiculous customer I've spoken to", "you are the rudest"),
        ("our drivers are so lazy lol", "drivers are so lazy"),
        ("the support team is absolutely useless", "team is absolutely useless"),
        ("the field crew that came out is a bunch of clock-watchers", "bunch of clock-watchers"),
        ("they're clueless, every one of them", "they're clueless"),
        # a listed word the tokenizer splits ("two", "-", "faced") once never matched
        ("our boss is two-faced", "boss is two-faced"),
        ("my co-workers are so pig-headed", "co-workers are so pig-headed"),
        # an insulting noun put on a person
        ("had to redo the whole report because our moron supervisor lost the file", "our moron supervisor"),
        ("some idiot in accounting cancelled my expense claim again", "some idiot in"),
    ],
)
def test_insulting_descriptions_of_people(text: str, span: str) -> None:
    assert (span, 0.8) in hits(text)["derogatory.belittles_people"]


@pytest.mark.parametrize(
    "text",
    ["Our customers are entitled to a refund.", "These chargers are useless", "They are not stupid.",
     "you guys are the best", "the prices are ridiculous", "I felt like an idiot at the standup today",
     "the idiot box is on all day at my gran's", "don't be an idiot on the ladder, hold the rail"],
)
def test_descriptions_that_insult_nobody(text: str) -> None:
    assert "derogatory.belittles_people" not in hits(text)


def test_a_denied_insult_weighs_nothing(tiny_scorer) -> None:
    evidence = tiny_scorer.score("nobody on Brakemoor's team is lazy, I've seen them at 2am").scores["derogatory"].evidence
    assert [e.score for e in evidence if e.source == "derogatory.belittles_people"] in ([], [0.0])


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Gridmoor Energy bribes the city council to keep their rates", "Gridmoor Energy bribes"),
        ("their sales team lies about uptime", "team lies about uptime"),
        ("Brakemoor has been hiding dozens of injuries, trust me", "Brakemoor has been hiding dozens of injuries"),
        ("they're stealing customers' data", "they're stealing customers' data"),
        ("Corvid Motion stole their SLAM code", "Corvid Motion stole their SLAM code"),
        # from a new user's trial: a plural verb after a firm's name, paying off, fiddling, dumping, made-up numbers
        ("Brightmill fake their organic certificates.", "Brightmill fake their"),
        ("Heard Brightmill pays off the supermarket buyers", "Brightmill pays off the supermarket buyers"),
        ("Sarah in accounts has been fiddling the expense reports", "Sarah in accounts has been fiddling the expense"),
        ("Brightmill has been dumping waste into the river", "Brightmill has been dumping waste"),
        # from a second trial: harassment, which no verb of the rule named
        ("my ex boss at Corvid Ltd harasses the interns, just saying", "Corvid Ltd harasses the interns"),
    ],
)
def test_accusations_against_others(text: str, span: str) -> None:
    assert (span, 0.6) in hits(text)["derogatory.accusation"]


@pytest.mark.parametrize(("text", "span"), [
    ("the owner of Bella's Cafe on Main St is a drug dealer", "Main St is a drug dealer"),
    ("our CFO cooks the books every quarter lol", "CFO cooks the books"),
])
def test_damaging_claims_about_someone(text: str, span: str) -> None:
    assert (span, 0.6) in hits(text)["derogatory.damaging_claim"]


@pytest.mark.parametrize(
    "text",
    [
        "we rigged the bid for the school contract",  # a confession: the illegal risk, not a claim about others
        "we're stealing this idea from our customers",
        "This savings rate is so high it feels like cheating",
        "They never cheated anyone",
        "Our card program now hides the full number by default",
        "Here's how U.S. doctors discovered the vaping illness",
        "Just skimming the introduction I found three errors",
        "she paid off her student loans",
        "grab a cheat sheet for the exam",
        "fake it till you make it",
        # nouns and harmless uses of its verbs, and actors nobody can be defamed as (a review's list)
        "Check out these steals before they're gone",
        "Friday steals are here: 40% off",
        "Our concealer hides skin problems in seconds",
        "Our goalkeeper stole the ball in the last minute",
        "The cat hid the evidence under the sofa",
        "Tonight's special: chef cooks from the books of old recipes",
        "So sorry to hear someone stole your parcel! DM us",
        "If a caller scammed you, call us",
        "Protect yourself from phone scams",
        "This kitchen hack is basically cheating",
        "Stay covered up in the sun",
        "spreadsheets on steroids",
        "Honestly, lying to customers is never ok",
        # everyday senses of its verbs (a second review's list)
        "Our hotel lies about 5 km from the beach",
        "All our linens are laundered daily",
        "Acme fabricates custom steel gates",
        "Smith faked left and scored",
        "The stage is rigged and ready for tonight",
        "The photo was doctored for April Fools",
        "This tape hides leaks instantly",
        "Customers keep dumping waste behind our store",
        "My gran was scammed, here are tips",
        "Care tips on laundering wool",
        "After the audit, embezzling was found to be rare",  # a comma, but no one said to do it
    ],
)
def test_no_accusation(text: str) -> None:
    assert "derogatory.accusation" not in hits(text)


def test_accusation_patterns_share_one_subject_test() -> None:
    """The subject slot ("anyone but the poster or a generic actor") is written into every token pattern
    of the rule: the copies must not drift apart."""
    import json
    from importlib import resources

    rows = [json.loads(line) for line in resources.files("smrisk.detectors.lexicons").joinpath("derogatory.jsonl")
            .read_text(encoding="utf-8").splitlines() if line.strip()]
    patterns = [p for p in next(r for r in rows if r["id"] == "derogatory.accusation")["patterns"] if not isinstance(p, str)]
    assert len(patterns) > 3 and all(p[:2] == patterns[0][:2] for p in patterns)


@pytest.mark.parametrize(
    "text",
    ["Gridmoor lies about its free trial", "Their CEO lies to investors, wait a sec", "the food court vendor cheats customers"],
)
def test_everyday_nouns_are_no_news_frame(text: str, tiny_scorer) -> None:
    """'trial', 'sec' or 'court' alone do not make a claim a report: the accusation keeps its weight."""
    evidence = tiny_scorer.score(text).scores["derogatory"].evidence
    assert [e.score for e in evidence if e.source == "derogatory.accusation"] == [pytest.approx(0.6)]


def test_a_reported_accusation_weighs_less(tiny_scorer) -> None:
    """News of a charge is not the poster's own claim: the cue scales the hit down."""
    evidence = tiny_scorer.score("Regulators say one law firm overbilled for work on the case").scores["derogatory"].evidence
    assert [e.score for e in evidence if e.source == "derogatory.accusation"] == [pytest.approx(0.15)]


_CONTRACTIONS = ["he's so dumb", "she's lazy", "they're useless", "you're pathetic", "y'all are dumb",
                 "hes stupid", "youre so rude", "theyre lazy", "he is brain-dead", "our boss is two-faced",
                 "youre pathetic", "youre a joke", "yall are useless", "my co-workers are so pig-headed",
                 "u r stupid", "customers r dumb", "the manager's rude", "dont be stupid",
                 "Gridmoor Energy bribes the council", "they're stealing our data", "the firm has been hiding its losses"]


def test_token_pattern_prechecks_never_skip_a_match() -> None:
    """A lexicon's pre-check (words, or fragments such as "he's" in the text) only skips texts its
    token patterns cannot match: run the matcher on every text and compare."""
    from smrisk.corpora import team_corpus
    from smrisk.detectors.base import LexiconDetector

    texts = team_corpus()["text"].tolist()[:1500] + _CONTRACTIONS
    lexicons = [d for d in REGISTRY if isinstance(d, LexiconDetector)]
    matched = 0
    for text in texts:
        document = Document(NORMALIZER(text), shared_nlp().make_doc)
        for lexicon in lexicons:
            if lexicon._tokens(document.doc):
                matched += 1
                assert lexicon._tokens_possible(document.words, document.normalized.folded.text), (lexicon.name, text)
    assert matched >= len(_CONTRACTIONS) - 3  # the comparison saw real matches


def test_the_matcher_of_the_possible_rules_finds_what_the_full_matcher_finds() -> None:
    """A lexicon runs only the token patterns of the rules its pre-checks leave possible (one rule's
    own matcher when only one is): the same matches, in the same order, as every rule's matcher."""
    from smrisk.corpora import shared_datasets_dir, sms, team_corpus
    from smrisk.detectors.base import LexiconDetector

    texts = team_corpus()["text"].tolist() + _CONTRACTIONS
    texts += [" and ".join(pair) for pair in zip(_CONTRACTIONS, reversed(_CONTRACTIONS), strict=True)]  # two rules at once
    folder = shared_datasets_dir()
    if folder.is_dir():
        texts += sms(folder)["text"].tolist()[:1500]
    lexicons = [d for d in REGISTRY if isinstance(d, LexiconDetector)]
    alone = 0
    for text in texts:
        document = Document(NORMALIZER(text), shared_nlp().make_doc)
        for lexicon in lexicons:
            chosen = lexicon._token_matcher(document.words, document.normalized.folded.text)
            everything = lexicon._tokens(document.doc)
            assert (chosen(document.doc) if chosen is not None else []) == everything, (lexicon.name, text)
            alone += chosen is not None and chosen is not lexicon._tokens and bool(everything)
    assert alone >= 50  # the comparison saw one rule's matcher find matches


def test_token_patterns_with_contractions_do_not_match_every_text() -> None:
    """A pattern whose tokens also accept "he's" or "brain-dead" is still skipped on a text
    without its words: plain posts never reach spaCy's matcher."""
    derogatory = next(d for d in REGISTRY if d.name == "derogatory.lexicon")
    document = Document(NORMALIZER("Thanks for flying with us, see you on board!"), shared_nlp().make_doc)
    assert not derogatory._tokens_possible(document.words, document.normalized.folded.text)


@given(st.lists(st.sampled_from(["abc", "Key", "12", "٣", "²", "é", "_", " ", ".", "\n", "x9", "ж", "@"]), max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_document_words_and_digits_are_their_definitions(text: str) -> None:
    """ASCII text takes quicker ways to the same word set and digit count."""
    document = Document(NORMALIZER(text), shared_nlp().make_doc)
    assert document.words == frozenset(re.findall(r"\w+", document.normalized.folded.text))
    assert document.digits == sum(ch.isdigit() for ch in document.clean_lower)


@pytest.mark.parametrize("text", ["my co-workers are so pig-headed", "my coworkers are so pigheaded",
                                  "our boss is two-faced", "our boss is twofaced"])
def test_hyphenated_insults_match_as_written_and_joined(text: str) -> None:
    """Through the shipped scorer: folding joins "pig-headed" when the model knows "pigheaded" as a
    word (as it undoes "f-u-c-k"), so the rule must accept both forms."""
    import smrisk

    evidence = smrisk.default_scorer().score(text).scores["derogatory"].evidence
    assert "derogatory.belittles_people" in {e.source for e in evidence}


@pytest.mark.parametrize(("text", "address"), [
    # pyap reports offsets into its own copy of the text (line breaks as ", ", runs of spaces as one)
    ("Ship it to:     our    new\n\n\n\n418 Birch Lane, Dayton OH 45402 thanks", "418 Birch Lane, Dayton OH 45402"),
    ("jo bloggs\npipe fitter\nsmith, fox and co\n3747 3911 fourth avenue suite 112 calgary alberta",
     "3747 3911 fourth avenue suite 112 calgary alberta"),  # once an IndexError: pyap's end lay past the text
])
def test_an_address_after_line_breaks_is_marked_where_it_is(text: str, address: str) -> None:
    assert (address, 0.6) in hits(text)["confidential.street_address"]



@pytest.mark.parametrize(("text", "address"), [
    ("send it to me and 221 Oak Avenue, Austin, TX 78701 is where I live now", "221 Oak Avenue, Austin, TX 78701"),
    ("one 418 Birch Lane, Dayton OH 45402", "418 Birch Lane, Dayton OH 45402"),
])
def test_an_address_after_a_number_word_is_found(text: str, address: str) -> None:
    """pyap's street numbers may be spelled out ("and", "one"), so its own scan took "and 221 Oak
    Avenue..." as the address, which the detector then dropped (it keeps addresses that begin with a
    house number): the grammar is tried only where a kept address can begin."""
    assert (address, 0.6) in hits(text)["confidential.street_address"]


def test_address_parse_tries_only_where_a_kept_address_begins() -> None:
    """The same addresses as pyap's own scan wherever that scan's address begins with a digit or a unit word."""
    import pyap

    from smrisk.detectors.address_gate import parse_addresses

    compared = 0
    for text in _ADDRESSES:
        for country in ("US", "CA", "GB"):
            theirs = [str(a.full_address) for a in pyap.parse(text, country=country)]
            if theirs and all(a[0].isdigit() or a.lower().startswith(("flat", "apt", "unit", "suite")) for a in theirs):
                assert [str(a.full_address) for a in parse_addresses(text, country)] == theirs, (text, country)
                compared += 1
    assert compared >= 10

_ADDRESSES = [
    "shipped the replacement to 418 Birch Lane, Dayton OH this morning",
    "she lives at 221 Oak Avenue Apt 4B, Austin, TX 78701",
    "Ship it to:     our    new\n\n\n\n418 Birch Lane, Dayton OH 45402 thanks",
    "jo bloggs\npipe fitter\nsmith, fox and co\n3747 3911 fourth avenue suite 112 calgary alberta",
    "call me on +1 (415) 555-0132 or at 221B Baker Street, London NW1 6XE",
    "deliver to 10 Downing Street, London SW1A 2AA please", "our office: 1 Canada Square, London E14 5AB",
    "visit 1600 Pennsylvania Avenue NW, Washington, DC 20500", "ship to 350 Fifth Avenue, New York, new york 10118",
    "moved to 123 Main St, Springfield, Illinois", "the depot at 4500 Granville St, Vancouver, BC V6H 1B1",
    "HQ: 100 Queen St W, Toronto, ON M5H 2N2", "1200 Harbor Drive\nSan Diego\nCA 92101",
    "Room at 12 Kingfisher Way, Bristol, BS1 4DJ, United Kingdom", "7 Mill Lane, Leeds LS1 1AA",
    "90 minutes each way to 14 Ashgrove Lane Reno NV", "88 Quarry Rd , Halifax , Nova Scotia B3H 1A1",
]


def test_address_country_gate_never_skips_a_parse() -> None:
    """pyap runs only for the countries whose grammar's required part (state, province, postcode) is
    in the text: run every country's full grammar on many texts and compare."""
    import pyap

    from smrisk.corpora import corporate, customer_care, shared_datasets_dir, sms, team_corpus
    from smrisk.detectors.address_gate import possible_countries
    from smrisk.detectors.confidential import _ADDRESS_HINT

    texts = [t for t in team_corpus()["text"].tolist() if any(c.isdigit() for c in t)]
    folder = shared_datasets_dir()
    if folder.is_dir():
        for load in (corporate, customer_care, sms):
            texts += [t for t in load(folder)["text"].tolist() if isinstance(t, str) and _ADDRESS_HINT.search(t)]
    texts = [t for t in texts if _ADDRESS_HINT.search(t)] + texts[:300] + _ADDRESSES
    parsed = 0
    for text in texts:
        possible = possible_countries(text, ("US", "CA", "GB"))
        for country in ("US", "CA", "GB"):
            if pyap.parse(text, country=country):
                parsed += 1
                assert country in possible, (country, text)
    assert parsed >= len(_ADDRESSES)  # the comparison saw real addresses


_SECRETS = [
    "WİFİ password: hunter22x", "wıfı pass is Tr0ub4dor&3", "PİN 4321 for the back door", "LOGİN admin / Spring2024!",
    "guest wi-fi password is Coffee123!", "ghp_" + "a1" * 18, "gho_" + "b2" * 18, "github_pat_" + "c3" * 12,
    "token ghs_" + "Zz9" * 12, "door code is 4471#", "creds for jira: bob / Hunter2go!", "the passcode = 93kd83kd",
    "api_key = 'AbCd1234EfGh5678IjKl'", "https://admin:hunter2@jira.corp.internal/x", "AKIAIOSFODNN7EXAMPLE",
]


def test_regex_prechecks_never_skip_a_match() -> None:
    """A regex rule's pre-check (keywords in the lower-cased clean text, or a digit count) only skips
    texts in which its pattern finds no valid value: run every pattern and validator on every text and compare."""
    from smrisk.corpora import corporate, customer_care, shared_datasets_dir, sms, team_corpus

    texts = team_corpus()["text"].tolist() + _SECRETS + [t.upper() for t in _SECRETS] + [t for t, _ in ASKS_FOR_CREDENTIALS]
    texts += [t for t, _, _ in SECRETS_IN_PROSE]
    folder = shared_datasets_dir()
    if folder.is_dir():
        for load in (sms, corporate, customer_care):
            texts += [t for t in load(folder)["text"].tolist()[:3000] if isinstance(t, str)]
    rules = [d for d in REGISTRY if isinstance(d, RegexDetector) and d.rule.precheck is not None]
    matched = 0
    for text in texts:
        document = Document(NORMALIZER(text), shared_nlp().make_doc)
        for detector in rules:
            rule = detector.rule
            values = [m.group(rule.group) for m in detector._regex.finditer(document.layer(rule.layer).text)]
            if any(v and (rule.validator is None or rule.validator(v)) for v in values):
                matched += 1
                assert rule.precheck(document), (detector.name, text)
    assert matched >= len(_SECRETS)  # the comparison saw real matches


def test_one_rule_is_shown_once_where_its_matches_nest() -> None:
    """Optional tokens let a pattern match "skimmed wages", "skimmed wages from" and "skimmed wages from its":
    the reviewer sees the longest once."""
    assert hits("Brakemoor skimmed wages from its drivers")["derogatory.accusation"] == [
        ("Brakemoor skimmed wages from its", 0.6)]


_PHONE_PIECES = ["https://t.co/a1b2c3d4e5", "http://x.io/555-0132-77", "www.x.com/4155550132", "10.0.0.12", "192.168.1.100",
                 "+1 (415) 555-0132", "555-0132", "0151 23456789", "07911 123456", "ext. 12", " x", " ", "\n", "call ", "or ",
                 "12", "3", "-", "(", ")", "/", ".", "a", "HTTP://T.CO/9876543"]


@given(st.lists(st.sampled_from(_PHONE_PIECES), max_size=12).map("".join))
@settings(max_examples=400, deadline=None)
def test_phone_numbers_skipped_only_where_every_match_would_be_dropped(text: str) -> None:
    """A text whose digits lie in links and IP addresses, never seven in one stretch between them, skips
    the phone parser: the same evidence as running it, with links and IP addresses beside and inside numbers."""
    from smrisk.detectors import confidential

    detector = confidential.PhoneDetector()
    document = Document(Normalizer()(text), shared_nlp().make_doc)
    found = detector.find(document)
    original = confidential._most_digits_between
    confidential._most_digits_between = lambda text, spans: 7  # the shortcut never taken
    try:
        assert found == detector.find(document), text
    finally:
        confidential._most_digits_between = original


def test_phone_run_alphabet_covers_every_character_the_matcher_can_match() -> None:
    """The phone pre-check's alphabet holds every character of libphonenumber's candidate pattern (read from
    the pattern itself, so a new release that widens it fails here): no number can lie outside its runs."""
    import re._parser as parser  # type: ignore[import-not-found]

    from phonenumbers import phonenumbermatcher

    from smrisk.detectors.confidential import _PHONE_CHARS

    alphabet = re.compile(f"[{_PHONE_CHARS}]|\\d", re.UNICODE | re.IGNORECASE)
    chars: set[str] = set()

    def walk(items: object) -> None:
        for op, value in items:  # type: ignore[attr-defined]
            name = str(op)
            if name == "LITERAL":
                chars.add(chr(value))
            elif name == "RANGE":
                chars.update(map(chr, range(value[0], value[1] + 1)))
            elif name == "CATEGORY":
                assert str(value) == "CATEGORY_DIGIT", value
            elif name == "IN":
                walk(value)
            elif name in ("MAX_REPEAT", "MIN_REPEAT"):
                walk(value[2])
            elif name == "SUBPATTERN":
                walk(value[3])
            elif name == "BRANCH":
                for branch in value[1]:
                    walk(branch)
            else:
                raise AssertionError(f"pattern item {name} not understood")

    walk(parser.parse(phonenumbermatcher._PATTERN.pattern, phonenumbermatcher._PATTERN.flags))
    assert len(chars) > 40
    assert sorted(c for c in chars if not alphabet.fullmatch(c)) == []


_RUN_PIECES = ["&#128514;", "&#8220;", "$502.7", " mln", "+1 ", "415", "555", "0132", "0151", "23456789", " ext. ", " x",
               "#", ";ext=", " ", "\n", "call ", "-", "(", ")", "/", ".", ",", "a", "£1.50", "доб "]


@given(st.lists(st.sampled_from(_RUN_PIECES), max_size=12).map("".join))
@example("call 415-555-0132")
@example("415.555.0132 or (415)555-0133")
@example("+44 20 7946 0018, 0151 234 5678")
@example("555-0132 ext. 12, 555 0133 x12, +1 415 555 0134;ext=12, 415 555 0135 #12")
@example("４１５－５５５－０１３２ / +1 ４１５ ５５５ ０１３３")
@example("ＥＸＴ 415 555 0136 доб 12, anexo 34")
@settings(max_examples=400, deadline=None)
def test_phone_matcher_skipped_only_where_no_number_could_be_kept(text: str) -> None:
    """A text without seven digits in one run of what a phone number is written with skips the phone matcher:
    the same evidence as running it."""
    from smrisk.detectors import confidential

    detector = confidential.PhoneDetector()
    document = Document(Normalizer()(text), shared_nlp().make_doc)
    found = detector.find(document)
    original = confidential._PHONE_RUN
    confidential._PHONE_RUN = re.compile("")  # the matcher always runs
    try:
        assert found == detector.find(document), text
    finally:
        confidential._PHONE_RUN = original


_REMEMBERED = {}  # shared by every example: later texts meet candidates earlier ones left in it
_STAMP_PIECES = ["2024-05-06 14", ":30", ":61", "20240506 14", " ", "415-555-0132", "(415) 555 0133", "+44 20 7946 0018",
                 "0151 234 5678", "555-0132 ext. 12", "31/10", "/", "-", "12", "0", ",", "call ", "a"]


@given(st.lists(st.sampled_from(_STAMP_PIECES + _RUN_PIECES), max_size=10).map("".join))
@example("2024-05-06 14:30 then 2024-05-06 14 x")  # a time stamp read twice: its reading depends on what follows
@example("415-555-0132 and 415-555-0132:30 and 415-555-0132")
@settings(max_examples=500, deadline=None)
def test_the_remembering_phone_matcher_reads_as_libphonenumber_does(text: str) -> None:
    """Readings kept per candidate and the three characters after it: the same matches, at the same offsets, as
    libphonenumber's own matcher, over texts that share candidates in other places and before other characters."""
    import phonenumbers

    from smrisk.detectors.confidential import _RememberingMatcher

    plain = phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.POSSIBLE)
    remembered = _RememberingMatcher(text, "US", _REMEMBERED)
    assert [(m.start, m.raw_string, m.number) for m in remembered] == [(m.start, m.raw_string, m.number) for m in plain], text


@pytest.mark.parametrize(("text", "shown"), [
    # the password rule reads "a password or access code" too: the access-code rule's reason is the narrower one
    ("the door code is 4471 and the wifi password is Tulip-88",
     {"4471": "confidential.access_code", "Tulip-88": "confidential.password"}),
    ("pin code: 4471", {"4471": "confidential.access_code"}),
    ("alarm code 0913, the server room pin is 5521 and admin password is Spring2024!",
     {"0913": "confidential.access_code", "5521": "confidential.access_code", "Spring2024!": "confidential.password"}),
    ("my 2fa backup code 5521-0937-7764 still works", {"5521-0937-7764": "confidential.recovery_codes"}),  # narrower still
    ("new gate code is 2024#, login is ops / Winter2026!",
     {"2024#": "confidential.access_code", "ops / Winter2026!": "confidential.login_pair"}),
])
def test_a_span_two_rules_find_is_shown_once_with_the_narrower_reason(tiny_scorer, text: str, shown: dict[str, str]) -> None:
    """Both hits stay in the evidence (a route naming either rule still fires); the reviewer sees the span once."""
    report = tiny_scorer.score(text)
    rules = [e for e in report.scores["confidential"].top_evidence(5) if not e.from_model]
    assert {e.text: e.source for e in rules} == shown and len(rules) == len(shown)
    evidence = report.to_row()["evidence"]
    assert evidence.count("confidential.password") == sum(s == "confidential.password" for s in shown.values())
    if "4471" in shown:  # both readings are kept for routing and scoring
        assert {e.source for e in report.scores["confidential"].evidence if e.text == "4471"} == {
            "confidential.password", "confidential.access_code"}


#: A company account asking the reader for a secret (team-written): the span the rule must report.
ASKS_FOR_CREDENTIALS = [
    ("DM us your password and we'll check", "DM us your password"),
    # wordings a new user's trial found missed
    ("Please DM us your 4-digit PIN.", "DM us your 4-digit PIN"),
    ("Please DM us your bank card PIN.", "DM us your bank card PIN"),
    ("could you send us the PIN for your card via direct message?", "send us the PIN for your"),
    ("Mind sending us your password? We'll take a look.", "sending us your password"),
    ("Please DM us your p@ssword.", "DM us your p@ssword"),
    ("Reply with your card number and CVV so we can verify the order", "Reply with your card number"),
    ("Hi Sam, send me your login details and I'll take a look", "send me your login details"),
    ("Please DM us your full card number and we'll sort the refund", "DM us your full card number"),
    ("Can you send us your PIN so we can unlock the account?", "send us your PIN"),
    ("Could you DM me your username and password? I'll reset it from here", "DM me your username and password"),
    ("Sorry about that! Drop us a DM with your password and we'll get you back in", "Drop us a DM with your password"),
    ("Send over your online banking password and our team will check the transfer", "Send over your online banking password"),
    ("We'll need your card details and the 3-digit security code to process this", "We'll need your card details"),
    ("To verify it's you, reply with the code we just sent you", "reply with the code we just sent"),
    ("What's your PIN? We can look it up from there", "What's your PIN"),
    ("Just message us your account password and we'll restore access", "message us your account password"),
    ("Please share your login credentials with us via DM", "share your login credentials"),
    ("Tell us your password and we'll log in and fix the settings", "Tell us your password"),
    ("Shoot us a message with your card number and expiry date", "Shoot us a message with your card number"),
    ("Pop your password in a DM and we'll take it from here", "Pop your password"),
    ("Hey! Inbox us your credit card number and we'll apply the discount", "Inbox us your credit card number"),
    ("Let us know your PIN number and we'll reset the card", "Let us know your PIN number"),
    ("Kindly provide your password so we can confirm your identity", "provide your password"),
    ("For security, email us your security code from the back of the card", "email us your security code"),
    ("We just need your CVV to confirm the payment", "We just need your CVV"),
    ("Please include your card number and CVC in your reply", "include your card number"),
    ("DM us the verification code you received and we'll finish the switch", "DM us the verification code"),
    ("Forward us your login info and we'll get the account unlocked today", "Forward us your login info"),
    ("Text us your pin code and we'll unblock it", "Text us your pin code"),
    ("Give us your email and password and we'll merge the accounts", "Give us your email and password"),
    ("Could you send your full 16-digit card number over DM?", "send your full 16-digit card number"),
    ("I'll just need your current password to move the subscription over", "I'll just need your current password"),
    # bank details, a card's expiry with its security code, second-factor codes, a card number beside an order
    # number (found missed in a later trial; team-written variants)
    ("Please DM us your sort code and account number so we can check the payment",
     "DM us your sort code and account number"),
    ("Could you send us your bank sort code and account number?", "send us your bank sort code and account number"),
    ("Reply with your account number and sort code and we'll process the refund",
     "Reply with your account number and sort code"),
    ("Please DM us your card's expiry date and security code", "DM us your card's expiry date and security code"),
    ("Send us your card expiry date and CVV and we'll retry the payment", "Send us your card expiry date and CVV"),
    ("We'll need your card number, expiry date and CVV to complete the booking", "We'll need your card number"),
    ("Send me the 6-digit code from your authenticator app", "Send me the 6-digit code from your authenticator app"),
    ("DM us your 2FA code and we'll get you back in", "DM us your 2FA code"),
    ("Please reply with your authenticator code so we can verify your account", "reply with your authenticator code"),
    ("What's the 6-digit code on your authenticator app?", "What's the 6-digit code on your authenticator app"),
    ("Please text me the code from Google Authenticator", "text me the code from Google Authenticator"),
    ("Send us the six-digit code we just texted you", "Send us the six-digit code we just texted"),
    ("Can you DM us the one-time passcode you received?", "DM us the one-time passcode"),
    ("Reply with the code from your card reader and we'll approve the transfer",
     "Reply with the code from your card reader"),
    ("DM us your order number and card number", "DM us your order number and card number"),
    ("Please DM us your order number and the card number you used", "DM us your order number and the card number"),
    ("Message us with your order number and your full card number and we'll check",
     "Message us with your order number and your full card number"),
    ("Drop us a DM with your name, sort code, account number and the long card number",
     "Drop us a DM with your name, sort code, account number"),  # up to the first secret named
]

#: Near misses (team-written): advice, warnings, policies, and requests for what a company may ask for.
ASKS_FOR_NOTHING_SECRET = [
    "Drop the pin on your location so the driver can find you",
    "Send us the pin to your pickup spot",
    "Please reset your password via the 'Forgot password' link",
    "We will never ask for your password",
    "never share your PIN with anyone",
    "DM us your order number",
    "send us your email address and we'll look into it",
    "What's your password policy?",
    "We will never ask you to DM us your password or PIN",
    "Reminder: we'll never ask you to send your card details over DM",
    "Don't share your password with anyone, not even us",
    "dont share your password, we will never ask for it",  # typed in a hurry
    "we wont ask u to send your pin",
    "Scammers may message you asking you to send your password. Report them!",
    "If someone asks you to give your PIN, hang up and call us",
    "Beware of fake accounts that tell you to send your card number",
    "You'll be asked to provide your PIN at the terminal",
    "DM us the last four digits of your card and we'll find the order",
    "Send us your account email and a screenshot of the error",
    "Drop your pin and the driver will find you",
    "Share your password manager tips in the replies!",
    "Let us know your password reset link has arrived",
    "Let us know if your password doesn't work after the update",
    "Tell us your password requirements feedback in our survey",
    "Please DM us your tracking number and postcode",
    "Keep your PIN private and never write it down",
    "Send us your full name and booking reference",
    "Give your password a refresh every few months",
    "You'll need your card number to activate the card in the app",
    "Reply with your postcode and we'll check coverage",
    "Send us a DM with your account number and we'll check the bill",
    "Our agents must never request your password in a DM",
    "We need your password to contain at least one number and a symbol",
    # beside the requests above: an order number, an expiry date, a code used on the site, warnings
    "check the expiry date on your card",
    "Your card's expiry date is printed on the front",
    "Check the expiry date and security code on the back of your card before you pay online",
    "enter the code we texted you to log in",
    "Enter the 6-digit code from your authenticator app to finish signing in",
    "Open your authenticator app and enter the code shown there",
    "Type the verification code we sent you into the app",
    "If you didn't request this code, please ignore this message",
    "Never give anyone your sort code and account number over social media",
    "We will never ask for your 2FA code or the code from your authenticator app",
    "Scammers may ask you to send the code from your authenticator app: never do it",
    "You'll need your sort code and account number to set up the direct debit in the app",
    "Our sort code has changed: update your payees in the app",
    "Please DM us your order number and the email on the account",
    "Send us your order number and we'll chase the courier",
    "DM us your order number and the last four digits of your card",
    "Send us your order number and the promo code you tried",
    "Reply with your order number and the code from the discount email",
    "Please DM us your order number, and remember: never share your password",
    "DM us your order number and we'll never ask for your PIN",
    "Let us know your order number and postcode",
    "Tell us your thoughts on our new 2FA codes",
]


@pytest.mark.parametrize(("text", "span"), ASKS_FOR_CREDENTIALS)
def test_a_request_for_a_password_or_card_details_is_found(text: str, span: str) -> None:
    found = hits(text).get("confidential.asks_for_credentials")
    assert found == [(span, 0.7)], found


@pytest.mark.parametrize("text", ASKS_FOR_NOTHING_SECRET)
def test_advice_warnings_and_harmless_requests_are_no_request_for_credentials(text: str) -> None:
    assert "confidential.asks_for_credentials" not in hits(text)


def test_a_request_for_credentials_is_flagged_with_its_reason(tiny_scorer) -> None:
    report = tiny_scorer.score("Hi there, DM us your password and we'll check what happened")
    evidence = [e for e in report.scores["confidential"].evidence if e.source == "confidential.asks_for_credentials"]
    assert [e.text for e in evidence] == ["DM us your password"] and not evidence[0].sensitive
    assert evidence[0].reason == "asks for a password, PIN or card details: companies never ask for these"
    assert "confidential" in report.flagged


#: Secrets in wordings the team corpus's credential and access-code posts use and the rules had missed, so the
#: review page showed them in clear (team-written variants): the text, the rule, the value it masks.
SECRETS_IN_PROSE = [
    ("night shift: the loading dock entrance code is 2468# from Monday", "lock_code", "2468#"),
    ("the stockroom door is 3-1-4-1 until facilities fix the reader", "lock_code", "3-1-4-1"),
    ("bike shed lock is 12-40-8, helmets on the hooks", "lock_code", "12-40-8"),
    ("med fridge cabinet on ward 6 opens with 5521", "lock_code", "5521"),
    ("the copier code is 0042 if you need to print", "lock_code", "0042"),
    ("the staff bypass code 7781* works when the scanner's down", "lock_code", "7781*"),
    ("supervisor override is still 9090 on the tills", "lock_code", "9090"),
    ("use installer master code 204418 for the new units", "lock_code", "204418"),
    ("partner code 77-RET-2210 works for every branch", "lock_code", "77-RET-2210"),
    ("the roof hatch code is two five eight zero", "lock_code", "two five eight zero"),
    ("storage cage at the depot is 4-4-1-9", "lock_code", "4-4-1-9"),
    ("set the alarm, which is 8-3-8-3, and you have 30 seconds", "lock_code", "8-3-8-3"),
    ("Use code 3131# on the back door", "lock_code", "3131#"),
    ("for the 2nd floor pod just punch 6612 on the pad", "lock_code", "6612"),
    ("the lab door code's still 7-7-0-1", "access_code", "7-7-0-1"),
    ("IT set the kiosk password to Kiosk!2025 again", "password_in_prose", "Kiosk!2025"),
    ('she uses "Summer2025" as the password for every account', "password_in_prose", "Summer2025"),
    ('the router password is on the sticker, "Rout3r!x"', "password_in_prose", "Rout3r!x"),
    ("your memorable word is set to 'Marmalade'", "security_answer", "Marmalade"),
    ("treasury wallet seed phrase: apple river stone cloud maple frost tiger lemon piano orbit candle violet", "seed_phrase",
     "apple river stone cloud maple frost tiger lemon piano orbit candle violet"),
    ("prod keys AKIAJ7Q2W5ZXR8PL3M6N / q8Zt3Lw9Vb2Nc7Xk4Rm1Jp6Hs0Df5Ga8Ye2Ku9Wi", "aws_secret_key",
     "q8Zt3Lw9Vb2Nc7Xk4Rm1Jp6Hs0Df5Ga8Ye2Ku9Wi"),
    ("the flashing tool needs a key, use ours: ZX-4K7P-9Q2W-M5T8-R3N6", "grouped_key", "ZX-4K7P-9Q2W-M5T8-R3N6"),
    ("office wifi: Fernhill-Staff / Biscuit#42", "login_pair_in_prose", "Fernhill-Staff / Biscuit#42"),
    ("log in as training@fernhill.example / Learn!2025 until your account is set up", "login_pair_in_prose",
     "training@fernhill.example / Learn!2025"),
    ("POS back office login is mgr / 4455 tonight", "login_pair", "mgr / 4455"),
    ("VPN shared key Qw!Harbor#Net", "password", "Qw!Harbor#Net"),
    ("gate code changed, it's 5150 now", "password", "5150"),
    ("the admin password is literally hunter2go", "password", "hunter2go"),
    ("your new PIN will be 9087", "password", "9087"),
    ("the PIN was reset to 3344 this morning", "password", "3344"),
    ("the default LMS password this year is Learn@2025", "password", "Learn@2025"),
    ("the webhook signing secret is whsec_Zt82LmQ0pX7aYv4R", "provider_token", "whsec_Zt82LmQ0pX7aYv4R"),
    ("storefront publishing key (PUBKEY-QA-7731-ZZ4K) leaked", "license_key", "PUBKEY-QA-7731-ZZ4K"),
]

#: Near misses beside them: codes nobody keeps secret, numbers that are no code, prose about a secret.
NO_SECRET_IN_PROSE = [
    "zip code is 10001 for the Manhattan store", "use promo code 2025 at checkout", "error code 1603 means the installer failed",
    "your room is 1204 on the 12th floor", "the gate is 14, boarding at 9", "the safe is 2 miles from here",
    "we'll send a one-time code to the phone ending in 0147", "text PAC to 65075 to get your code",
    "the code is 1200 lines long", "Q3 / FY2025 results are out", "log in to see the Q3 / 2025 numbers",
    "I changed the password to my gmail a while ago", "reset your password to access the new portal",
    "your security answer is case sensitive", "the seed phrase is 12 words long, write it on paper",
    "the product code AB-12 is on the box", "the alarm went off at 0300 for a spider", "the vault is 2024's best exhibit",
    "our doors are open 24/7", "the new lock is 40% cheaper", "the door is 1200mm wide", "Order ID 4K7P-9Q2W-M5T8 shipped",
    "the password is in the shared vault, ask IT", "the cabinet is 1950s teak",
    "I can't log into my account. It says it was changed 43 days ago &amp; the reset fails",
    "Here's where to log in: https://t.co/xyz", "log into the tool as guest: support.example.com/tools/bans?player=Vex88",
    "the sort code 30-99-12 is on the letter", "feedback on the network is welcome: https://uservoice.com/forums/600772",
]


#: Secrets a new user's trial showed in clear (session 15): a second code without its verb, a default account's
#: colon pair, a password before its name, a code "to get in" a room, a PIN "the same as always", a code after its lock.
SECRETS_A_TRIAL_SHOWED = [
    ("Front door is 4471 and the back door still 1290, don't tell anyone", "lock_code", "1290"),
    ("ssh in with admin:Sup3rS3cret! if the dashboard dies", "account_colon_password", "admin:Sup3rS3cret!"),
    ("P@ssw0rd99 is the admin pass for the router", "password_named_after", "P@ssw0rd99"),
    ('"Harbor#77" was our wifi password all year', "password_named_after", "Harbor#77"),
    ("0412 is my PIN, don't tell anyone", "password_named_after", "0412"),
    ("The code to get in the server room is 2468", "access_code", "2468"),
    ("My PIN is the same as always, 0412", "access_code", "0412"),
    ("the master key for all lockers: code 3358", "lock_code", "3358"),
    # a bank compliance analyst's trial: personal data the report showed in clear
    ("Mrs Hargreaves acct 40-12-77 31907744 overdrawn AGAIN lol", "sort_code_and_account", "31907744"),
    ("Mr D. Walsh, DOB 03/04/1961, 22 Cold Bath Road HG2 0NA wants his statement resent", "date_of_birth", "03/04/1961"),
    ("Mr D. Walsh, DOB 03/04/1961, 22 Cold Bath Road HG2 0NA wants his statement resent", "street_address",
     "22 Cold Bath Road HG2 0NA"),  # pyap cut the postcode's first letter into the street's name
    ("her date of birth is 3 April 1961", "date_of_birth", "3 April 1961"),
    ("D.O.B.: 1990-07-14, please update the file", "date_of_birth", "1990-07-14"),
    # an integrator's trial: a look-alike letter in the word, and the word in two
    ("the p\u0430ssword is Hunter22!x", "password", "Hunter22!x"),  # a Cyrillic "а"
    ("the pass word is Hunter22!x", "password", "Hunter22!x"),
]

#: Near misses beside them: a version, a year, an order number, a boarding pass, prose.
NO_SECRET_A_TRIAL_NEAR = [
    "demo:v2.1 is out now", "Guest:2024 edition of the podcast", "A12B7 is the order number, not the password",
    "Gate B12 is the boarding pass gate", "Q3 is the login season for the portal", "test:passed on every build",
    "2024 is the year I reset my PIN", "the lift is still 3 floors away",
    "Enter your date of birth to verify", "DOB field is broken on the form", "40-12-77 is our sort code",
    "my boarding pass word of advice: arrive early", "I'll pass word to the team: Dave4ever",
]


#: Secrets in the wordings of a blind set of drafts a helper wrote (``secret_drafts.csv``, kept outside the repository;
#: read to fix the rules, so no longer a measure): paraphrased here, with the rule that must mask each.
SECRETS_OF_BLIND_DRAFTS = [
    ("reset the modem last night, it's now maple-otter-93 for the guests", "password_in_prose", "maple-otter-93"),
    ("pass for the build box = 'Qu!ckSilver_Ops' no quotes", "password", "Qu!ckSilver_Ops"),
    ("it's 8842 btw, the pin for the copier", "password_named_after", "8842"),
    ("crew entrance code for the arena tonight is K5521 see you there", "lock_code", "K5521"),
    ("gym locker combo: 22 right 9 left 31 right", "access_code", "22 right 9 left 31 right"),
    ("Spun the dial on the gun cabinet, it's now 12-40-27", "lock_code", "12-40-27"),
    ("the key box outside Nan's flat is 5096, carers use it", "access_code", "5096"),
    ("cms-admin → writer / Sparrow_2024 (temp)", "login_pair_in_prose", "writer / Sparrow_2024"),
    ("we matched you with SSN 512 44 7190 and opened the claim", "named_ssn", "512 44 7190"),
    ("ssn 530418862 why does this form need it", "named_ssn", "530418862"),
    ("refund sent to your savings account 000998877665 today", "bank_account_number", "000998877665"),
    ("pay me back, sort code 40-11-62, account 71234580", "bank_account_number", "71234580"),
    ("deposit to my acct 6021884 when you can", "bank_account_number", "6021884"),
    ("CSC on my Visa is 771, reception needs it", "card_security_code", "771"),
    ("the sec code for the new card is 448", "card_security_code", "448"),
    ("three digit code is 2 7 1, rest is in the sheet", "card_security_code", "2 7 1"),
    ("email me privately: lee dot park 12 at yahoo dot com", "spelled_email", "lee dot park 12 at yahoo dot com"),
    ("new number who dis, it's 3125550148 save it", "phone", "3125550148"),
    ("we live at 14 Banksia Cres, Carlton VIC 3053 now", "street_address", "14 Banksia Cres, Carlton VIC 3053"),
    ("Meine Adresse: Gartenweg 7, 80331 München", "street_address", "Gartenweg 7, 80331 München"),
    ("party at our house 88 Rue Sainte-Anne, Québec QC G1R 3X5", "street_address", "88 Rue Sainte-Anne, Québec QC G1R 3X5"),
    ("I live at 52 E Oak Street, Madison, WI 53703 btw", "street_address", "52 E Oak Street, Madison, WI 53703"),
    ("the team pw changed → Tulip.Cafe!7 don't share", "password", "Tulip.Cafe!7"),
    ("set the kids' tablet pin to 1958 like grandpa's birth year", "pin_set_to", "1958"),
    ("conference call 1-877-555-0190, access code 512 330 81#", "access_code", "512 330 81"),
    ("your one-time access code is 771 204. It expires soon", "access_code", "771 204"),
    ("your username is jdoe_1990 and temporary password is Tq7!mR2x", "user_name_with_password", "jdoe_1990"),
    ("Supplier portal: ID 55120931, password Crate#Ship4", "user_name_with_password", "55120931"),
    ("my NI number is AB 12 34 56 C, not what payroll has", "uk_national_insurance", "AB 12 34 56 C"),
    # the second blind set's wordings, read after its held-out figure was taken
    ("Bramble2025# is basically my password for all of it", "password_named_after", "Bramble2025#"),
    ("ward laptop was reset, log in with Ward6C-autumn! for now", "password_in_prose", "Ward6C-autumn!"),
    ("Signing in as ops@teeth.example with Enamel!2024 today", "password_in_prose", "Enamel!2024"),
    ("the card security code on the fuel card is 604", "card_security_code", "604"),
    ("is the cvv2 (it's 318) what they mean?", "card_security_code", "318"),
    ("the 3 digits on the back are 552, can you book it", "card_security_code", "552"),
    ("Social security # for my daughter is 512 44 7190, clinic lost it", "named_ssn", "512 44 7190"),
    ("PPS no. 6634981KA is on every page of the form", "named_national_id", "6634981KA"),
    ("BSB 062-000 acc 2287 9910 for the club fees", "bank_account_number", "2287 9910"),
    ("root/toor2024 still works on the old NAS", "account_colon_password", "root/toor2024"),
    ("Shared Disney+: kim.fam@gmail.com / Castle&Mouse9", "email_and_password", "Castle&Mouse9"),
    ("u: night_rota / p: Owl!Shift42 for the rota app", "labelled_pair", "night_rota / p: Owl!Shift42"),
    ("log in with ward.six.team, pw is Scrubs#2025", "user_name_with_password", "ward.six.team"),
    ("🔑 4471# gets you into the yard, gate on the left", "code_then_lock", "4471#"),
    ("sorry wrong one, it's 6604 for the side door", "code_then_lock", "6604"),
    ("luggage lock is 472, note to self", "code_then_lock", "472"),
    ("the garden gate uses 2048K since Monday", "lock_code", "2048K"),
    ("housewarming at our new place!! 14 Elm Ave, Guelph ON N1H 2K7", "street_address", "14 Elm Ave, Guelph ON N1H 2K7"),
    ("party at ours, 5/14 Banksia St, Carlton VIC 3053 from 3", "street_address", "5/14 Banksia St, Carlton VIC 3053"),
    ("your parcel will be redelivered to Calle Mayor 12, 28013 Madrid", "street_address", "Calle Mayor 12, 28013 Madrid"),
    ("Flat 12, Lotus Residency, 3rd Main, Jayanagar, Bengaluru 560041 please", "street_address",
     "Flat 12, Lotus Residency, 3rd Main, Jayanagar, Bengaluru 560041"),
    # the third blind set's wordings, read after its held-out figure was taken
    ("the clinic password is on the sticky but it's Ward9Rota#4 if that's gone", "password_in_prose", "Ward9Rota#4"),
    ("the app wants a 6 digit code, it's 551-902", "access_code", "551-902"),
    ("Back of the card says 3 1 8, is that it?", "card_security_code", "3 1 8"),
    ("the CVC (the 3 numbers on the back) = 264, order it", "card_security_code", "264"),
    ("the CVV is four one seven, voice-to-text sorry", "card_security_code", "four one seven"),
    ("Booking site wants the CSC again, it's 592", "card_security_code", "592"),
    ("security code → 733, expiry 04/29", "access_code", "733"),
    ("paid with card 4929.1197.1814.7810 for the class gift", "credit_card", "4929.1197.1814.7810"),
    ("Maps API key → 80598e7d8a50f510dc6c4393a96e11aa (free tier)", "keyed_secret", "80598e7d8a50f510dc6c4393a96e11aa"),
    ("my new mobile is 06.61.22.48.90 now", "phone", "06.61.22.48.90"),
    ("My social is 512 77 2265 and the IRS disagrees", "named_ssn", "512 77 2265"),
    ("Aadhaar number (for the KYC) → 3092 6614 8851", "named_national_id", "3092 6614 8851"),
    ("pay the raffle money into 12-3140-0487512-01 please", "nz_bank_account", "12-3140-0487512-01"),
    ("Eircode for the cottage is T12 X5R2, past the pub", "eircode", "T12 X5R2"),
    ("my steam acc if you want to carry me: kiwiNinja09:SquadGoals77", "shared_account_pair", "kiwiNinja09:SquadGoals77"),
    ("new addy: 14 Kowhai Street, Ponsonby, Auckland 1011 — visit", "street_address", "14 Kowhai Street, Ponsonby, Auckland 1011"),
    ("leave the parcel with the neighbours at Keizersgracht 212-I, 1016 DX Amsterdam", "street_address",
     "Keizersgracht 212-I, 1016 DX Amsterdam"),
    ("Send the rakhi to 14/2, 3rd Cross, Jayanagar 5th Block, Bengaluru 560041", "street_address",
     "14/2, 3rd Cross, Jayanagar 5th Block, Bengaluru 560041"),
    # a new user's trial of this release
    ("I used AKIA4HZQ7R2MVT6PLX3N and 9fKz3Lq8Rw+TbN2vY7xPe1HcJmU4sDgA0oWiQ5Zr in the config", "aws_secret_key",
     "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"),
    ("Hunter!2291 is the password for the admin account (username: jsmith)", "user_name_with_password", "jsmith"),
    ("the tech will visit 17 Banksia St, Marrickville NSW 2204 between 8-12", "street_address",
     "17 Banksia St, Marrickville NSW 2204"),
]

#: Near misses beside them, of the blind set's harmless kinds.
NO_SECRET_OF_BLIND_DRAFTS = [
    "Ref: 7741-2290-18, please quote this number", "ISBN 978-1-4028-9462-6 is the new edition",
    "Our customer service number is 1300 655 506 (Australia)", "Contact our data protection officer at dpo@acme-energy.com",
    "Happy to announce our new store at 1420 Pearl Street, Boulder, CO 80302 opens March 3!",
    "Our outage hotline 0345 300 0123 is open all night", "my house is 2 blocks from Main St",
    "Updated the router firmware, it's now 10x faster", "order 2145550193 shipped", "reset your PIN to 4 digits in the app",
    "my account was hacked 2 days ago", "Reset the router, it's now v2.4.1", "just in case: the ferry leaves at 7",
    "Our Dublin office is on +353 1 234 5678 if you'd like to book", "WhatsApp our support team on +91 98 7654 2200",
    "log in with Google or Apple ID", "the bike lock is 100% rust", "it is 5 for the door", "We deliver to 12 cities",
    "Flat 3, 2 teams, 4 goals, final score 560038 lol", "sin 2 of 7: pride", "score 12/3, final, 4th quarter, Lakers 560011 fans",
    "Our shop has moved! Find us at 14 Market Street, Leeds LS1 6DT", "Ring 0300 123 4567 for the council's bin collection line",
    "Internal forecast for our launch: $1.4B peak sales", "the old server was 10.0.0.12 and it is gone",
    # real posts of the benign test sets that the first cut of this release's rules flagged (read, so disclosed)
    "@user Here to help! Error: WS-37368-7 indicates that your account has been temporally suspended",
    "BioLineRx reports data on triple combination arm of COMBAT/KEYNOTE-202 study; shares up 21% premarket",
    # and a new user's trial
    "Happy 10th birthday to our Leeds branch at 5 Park Row, LS1 5HD", "Black Friday code: BF2024-SAVE30 — valid until midnight!",
    # a real customer-care message (its hardware read as a phone number, then agreed with in context; disclosed)
    "@AdobeCare Windows, AMD Ryzen 5 3600 3.6 GHz 6-Core Processor, 32gb of ram", "monitor is 2560 1440 165 Hz",
    "the password policy says your username: cannot be reused",
    # a held-out workplace draft the first cut flagged ("screen." read as a user name; disclosed)
    'we will never ask for your password by DM. To reset it, tap "Forgot password" on the login screen.',
    # a development policy set's post the first cut flagged ("password by text or DM. ... help@...": "by" is no place)
    "Reminder: we will never ask for your Rewards password by text or DM. Report scams to help@fernhill.example",
]


@pytest.mark.parametrize(("text", "rule", "value"), SECRETS_IN_PROSE + SECRETS_A_TRIAL_SHOWED + SECRETS_OF_BLIND_DRAFTS)
def test_secrets_in_prose_are_found_whole(text: str, rule: str, value: str) -> None:
    found = hits(text)
    assert value in [v for v, _ in found.get(f"confidential.{rule}", [])], found


@pytest.mark.parametrize("text", NO_SECRET_IN_PROSE + NO_SECRET_A_TRIAL_NEAR + NO_SECRET_OF_BLIND_DRAFTS)
def test_codes_nobody_keeps_and_prose_about_secrets_are_no_secret(text: str) -> None:
    document = Document(NORMALIZER(text), shared_nlp().make_doc)
    assert [e.text for e in REGISTRY.find(document) if e.sensitive] == []


@pytest.mark.parametrize(("text", "secret"), [
    ("wifi pa55word is Hunter22x", "Hunter22x"),
    ("wifi p@ssword is Hunter22x", "Hunter22x"),
    ("wifi pa5sword is Hunter22x", "Hunter22x"),  # the precheck lets every spelling through, not only "pa55"
    ("the passw0rd for the admin panel is Kx9!rT2q", "Kx9!rT2q"),
])
def test_a_password_word_in_look_alike_letters_still_marks_the_value(text: str, secret: str) -> None:
    """The value is the secret, not the keyword: "pa55word" read as the value showed the password in clear."""
    assert hits(text).get("confidential.password") == [(secret, 0.9)]


@pytest.mark.parametrize("text", [
    "You'll need your card and PIN at the till for purchases over £100.",
    "Bring your card and PIN for purchases over £100.",
    "Enter the PIN on the machines over there.",
])
def test_a_verb_inside_a_longer_word_does_not_make_the_next_word_a_pin(text: str) -> None:
    """"purchases over": the "es" ending "purchases" is no verb ("es" is Spanish for "is"), so "over" is no PIN."""
    assert "confidential.password" not in hits(text)



@pytest.mark.parametrize("text", ["Gave the city permit guy 2k cash under the table and our permit came through in a week",
                                  "we pay the new guys cash under the table, no paperwork"])
def test_money_under_the_table_is_named_for_what_it_may_be(text: str) -> None:
    """Cash under the table is a bribe as often as unrecorded pay: the reason must not call a bribe wage theft."""
    found = hits(text)
    assert "illegal.wage_theft" not in found
    assert [span for span, _ in found["illegal.under_the_table"]] == ["cash under the table"]


@pytest.mark.parametrize(("text", "span"), [("Not our problem mate, read the T&Cs before you cry on twitter", "before you cry"),
                                            ("boo hoo, your parcel is a day late", "boo hoo"),
                                            ("@dan_k quit your whining and read the policy", "quit your whining")])
def test_a_snide_put_down_of_a_customer_is_found(text: str, span: str) -> None:
    """Mocking the customer's complaint as crying or whining (a new user's brand reply went unflagged, 0.49)."""
    assert [found for found, _ in hits(text)["derogatory.snide_dismissal"]] == [span]
