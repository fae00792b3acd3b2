"""A refusal to disclose ("We can't comment on internal matters") is hidden from the rules and the model; an
instruction, someone else's refusal and what a draft says besides the refusal are read as written."""

from __future__ import annotations

import json

import pytest

import smrisk
from smrisk.categories import CONFIDENTIAL
from smrisk.config import ScoringConfig
from smrisk.refusals import credential_reminders, details_reminders, refusals
from smrisk.scorer import Scorer


@pytest.mark.parametrize(("text", "hidden"), [
    ("We can't speak to internal matters here.", "we can't speak to internal matters"),
    ("Sorry, we don't share internal information on social media.", "we don't share internal information"),
    ("Can't speak to internal plans, sorry!", "can't speak to internal plans"),
    ("Hi! Unfortunately we're unable to comment on ongoing investigations.",
     "we're unable to comment on ongoing investigations"),
    ("I can't discuss unannounced products, sorry!", "i can't discuss unannounced products"),
    ("We can't share details of internal IT projects, but records are safe", "we can't share details of internal it projects"),
    ("we dont comment on rumours", "we dont comment on rumours"),
    ("I'm not allowed to discuss internal projects", "i'm not allowed to discuss internal projects"),
    ("We can't share staff rotas or shift details publicly, sorry!", "we can't share staff rotas"),
    ("we never share employee contact details", "we never share employee contact details"),
])
def test_a_refusal_is_found_from_its_writer_to_what_it_keeps_back(text: str, hidden: str) -> None:
    folded = text.lower()
    assert [folded[a:b] for a, b in refusals(folded)] == [hidden]


@pytest.mark.parametrize("text", [
    "please don't share internal information outside the team",  # an instruction
    "Don't share internal docs here",
    "they won't share the internal report with us",  # someone else's refusal: a fact about the report
    "the team can't share internal plans",
    "Why can't you share internal plans?",
    "we're sharing internal news soon",
    "Our internal team is looking into it now.",  # no refusal at all
])
def test_what_is_no_refusal_of_the_writer_is_not_hidden(text: str) -> None:
    assert refusals(text.lower()) == []


def test_a_refusal_is_hidden_from_the_model_and_said_so() -> None:
    text = "We can't speak to internal matters here."
    report = smrisk.score(text)
    assert CONFIDENTIAL not in report.flagged
    assert [(h.text, h.why) for h in report.hidden] == [("We can't speak to internal matters", "a refusal to disclose")]
    assert "\"We can't speak to internal matters\" is a refusal to disclose: neither the rules nor the model read it as a leak" \
        in report.notes
    assert json.loads(json.dumps(report.to_dict()))["hidden"][0]["why"] == "a refusal to disclose"
    read_as_written = Scorer(smrisk.default_scorer().bundles, config=ScoringConfig(hide_refusals_to_disclose=False))
    assert CONFIDENTIAL in read_as_written.score(text).flagged  # the model reads "internal" as a leak's


def test_what_follows_a_refusal_is_read_as_written() -> None:
    report = smrisk.score("I'm not allowed to discuss internal projects, but between us the Q3 layoffs are real")
    assert CONFIDENTIAL in report.flagged
    assert "between us" in [e.text for e in report.scores[CONFIDENTIAL].evidence if not e.from_model]


def test_the_words_the_keyword_scan_found_give_what_a_scan_of_its_own_gives() -> None:
    """The scorer reads the kept-back words from the rules' keyword scan (its registry watches them): the same
    refusals as the refusal step's own scan, on the corpus and on refusals written every way."""
    from smrisk.corpora import team_corpus
    from smrisk.refusals import KEPT_BACK

    scorer = smrisk.default_scorer()
    texts = team_corpus()["text"].tolist()[::4] + [
        "Sorry, we can't comment on internal matters", "we dont comment on rumours!!", "We won't discuss staff issues.",
        "I'm not allowed to discuss upcoming launches", "no comment on speculation", "internally we can't say",
        "Please don't share passwords online!", "never share your PIN", "Don't share any details here."]
    prepared = [p for p in scorer._prepare(texts) if p is not None]
    scorer.registry.find_many([p.document for p in prepared])
    found = 0
    for item in prepared:
        scope, keys = item.document.folded_keys
        assert KEPT_BACK <= scope
        folded = item.document.normalized.folded.text
        assert refusals(folded, keys) == refusals(folded), folded
        assert credential_reminders(folded, keys) == credential_reminders(folded), folded
        assert details_reminders(folded, keys) == details_reminders(folded), folded
        found += bool(refusals(folded)) + bool(credential_reminders(folded)) + bool(details_reminders(folded))
    assert found >= 5


@pytest.mark.parametrize(("text", "hidden"), [
    ("Please don't share passwords online!", "Please don't share passwords"),
    ("Stay safe: don't share your login details with anyone.", "don't share your login details"),
    ("Never share your card PIN with anyone.", "Never share your card PIN"),
])
def test_a_reminder_not_to_share_credentials_is_no_leak(text: str, hidden: str) -> None:
    report = smrisk.score(text)
    assert CONFIDENTIAL not in report.flagged
    assert [(h.text, h.why) for h in report.hidden] == [(hidden, "a reminder not to share credentials")]


@pytest.mark.parametrize("text", ["don't share this password: Hunter22x", "dont share the wifi password, its Otter2024!"])
def test_a_reminder_that_names_one_secret_is_read_as_written(text: str) -> None:
    report = smrisk.score(text)
    assert CONFIDENTIAL in report.flagged and not report.hidden


@pytest.mark.parametrize(("text", "hidden"), [
    # a bank analyst's trial: the library check refused a harmless fraud-line reply for its last sentence
    ("Please call us now so we can block your card and investigate. Don't share any details here.",
     "Don't share any details here"),
    ("Please don't share your account details publicly", "Please don't share your account details publicly"),
    ("For your security, never share your card details on social media", "never share your card details on social media"),
])
def test_a_reminder_not_to_post_personal_details_in_public_is_no_leak(text: str, hidden: str) -> None:
    report = smrisk.score(text)
    assert CONFIDENTIAL not in report.flagged
    assert [(h.text, h.why) for h in report.hidden] == [(hidden, "a reminder not to post personal details in public")]


def test_not_sharing_details_of_something_keeps_a_secret() -> None:
    report = smrisk.score("don't share any details about Bluefin until Monday")
    assert CONFIDENTIAL in report.flagged and not report.hidden
