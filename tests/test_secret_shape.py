"""The review's safety net: a secret-shaped value right after a word that names a secret is masked, weighing nothing."""

from __future__ import annotations

import pytest

from smrisk.detectors import default_registry
from smrisk.detectors.secret_shape import SecretShapedValueDetector
from smrisk.document import Document
from smrisk.nlp import shared_nlp
from smrisk.normalize import Normalizer
from smrisk.scorer import Scorer

NET = SecretShapedValueDetector()
NORMALIZER = Normalizer()


def masked(text: str) -> list[str]:
    return [e.text for e in NET.find(Document(NORMALIZER(text), shared_nlp().make_doc))]


@pytest.mark.parametrize(("text", "value"), [
    ("is the gate still 4412?", "4412"),
    ("pw: try Fl0wer.Shop!9 ok", "Fl0wer.Shop!9"),
    ("the code 448 210 97# works", "448 210 97#"),
    ("my acct no. is 44120981", "44120981"),
    ("combo for the bike shed -> 3 9 1 7", "3 9 1 7"),
    ("wifi for the guests (Dr@gonfly_Staging)", "Dr@gonfly_Staging"),
    ("PIN: 0412 don't tell", "0412"),
])
def test_a_secret_shaped_value_after_a_secret_word_is_masked(text: str, value: str) -> None:
    assert masked(text) == [value]


@pytest.mark.parametrize("text", [
    "Use code SUMMER20 at checkout for 20% off", "Save 15% with code FALL15, ends Sunday", "use promo code XMAS2024 today",
    "gate B12 boarding now", "password reset at 10:30 today", "pin 2 of 3 done", "key dates 2024 announced",
    "the door is 1200mm wide", "safe and sound, back home.***", "women work around being safe from *some men*",
    "you need2put another number in the code box", "your account is with AT&amp;T now", "account created March 7 2010",
    "the account grew to 7500 followers", "our wifi is fast", "the password is in the vault. Ask IT for 4412",
    "flight code BA2490 departs at 9", "we'll text a code to the phone ending in 0147", "the vault is 2024's best",
    "the lock screen on iOS17 and Android14", "error code 0x80070005 again",
])
def test_public_shapes_counts_and_codes_for_sale_are_left_alone(text: str) -> None:
    assert masked(text) == []


def test_a_value_a_rule_has_read_is_the_rules_alone() -> None:
    """The net is a fallback: "PIN: 0412" is the PIN rules' reading, not a third one of the net's."""
    found = default_registry().find(Document(NORMALIZER("PIN: 0412 and pw: try Fl0wer.Shop!9"), shared_nlp().make_doc))
    assert [e.text for e in found if e.source == NET.name] == ["Fl0wer.Shop!9"]
    assert "0412" in [e.text for e in found if e.source != NET.name]


def test_the_net_masks_and_weighs_nothing_after_a_word_that_only_sometimes_names_a_secret(tiny_scorer: Scorer) -> None:
    text = "Enter 3319-2280 on the portal activation page tonight"
    without = Scorer(tiny_scorer.bundles, default_registry().without([NET.name]))
    report, plain = tiny_scorer.score(text), without.score(text)
    assert "3319-2280" not in report.display_text() and "3319-2280" in plain.display_text()
    assert report.scores["confidential"].score == plain.scores["confidential"].score
    hit = next(e for e in report.scores["confidential"].evidence if e.source == NET.name)
    assert hit.score == 0.0 and "weighs nothing" in hit.reason


def test_after_a_word_for_a_password_the_value_weighs_as_a_rule_hit(tiny_scorer: Scorer) -> None:
    """"pw: try Fl0wer.Shop!9": no other rule reads it, and the post leaks a password: flagged, on the net's hit."""
    report = tiny_scorer.score("pw: try Fl0wer.Shop!9 for the night shift")
    hit = next(e for e in report.scores["confidential"].evidence if e.source == NET.name)
    assert hit.score == 0.6 and hit.reason == "a value shaped like a password or PIN, right after 'pw'"
    assert "confidential" in report.flagged and "Fl0wer" not in report.display_text()
