"""The fast scoring path gives what the plain reference path gives: same scores, flags and spans.

``Scorer(reference=True)`` runs the definition of every step the fast path replaces: each
n-gram looked up as a string, every character of the text cleaned one by one, the obfuscation
pattern tried at every position, every detector called on every text, explanations built
n-gram by n-gram. The fast path must agree on thousands of texts: our corpus, the same posts
disguised, and hostile input.
"""

from __future__ import annotations

import itertools
import random
import re

import pytest

import smrisk
from smrisk import language
from smrisk.categories import CATEGORIES
from smrisk.config import ScoringConfig
from smrisk.corpora import team_corpus
from smrisk.detectors import base, confidential
from smrisk.obfuscation import TRICKS, obfuscate
from smrisk.phrases import AdjacentTokens
from smrisk.scorer import _SENTENCE_END, Scorer, _crosses, _sentence_ends

HOSTILE = [
    "", " ", "\x00\x01 null bytes \x7f and a password: hunter22x",
    "Zero\u200bwidth\u200d p\u200ba\u200bs\u200bs\u200bword is S3cr3t!99 … ok\xa0then",
    "ｆｕｌｌ ｗｉｄｔｈ ｉｄｉｏｔ and ﬁne ligatures ①②",
    "s h i t, f.u.c.k, sh1t, $h!t, stuuuupid, c0ca1ne, k1ll",
    "call me on +1 (415) 555-0132 or at 221B Baker Street, London NW1 6XE",
    "card 4111 1111 1111 1111, iban GB82 WEST 1234 5698 7654 32, ssn 123-45-6789",
    "AKIAIOSFODNN7EXAMPLE ghp_" + "a1" * 20 + " eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk",
    "https://admin:hunter2@jira.corp.internal/browse/X-1 and 10.0.0.12",
    "Привет мир, это не английский текст вообще",
    "word " * 2500,  # several model windows
    "🔥🔥🔥 lol 😂 #blessed @someone https://t.co/abc 2024-01-01 12:30",
]


def _texts() -> list[str]:
    posts = team_corpus()["text"].tolist()
    rng = random.Random(7)
    sample = rng.sample(posts, 2000)
    tricks = list(TRICKS)
    disguised = [obfuscate(text, [tricks[i % len(tricks)]], seed=i, share=0.5) for i, text in enumerate(sample[:800])]
    return sample + disguised + HOSTILE


def _evidence(report: smrisk.RiskReport, risk: str) -> list[tuple]:
    return [(e.source, e.start, e.end, e.text, e.sensitive, e.reason) for e in report.scores[risk].evidence]


def _weights(report: smrisk.RiskReport, risk: str) -> list[float]:
    return [e.score for e in report.scores[risk].evidence]


def _rendered(report: smrisk.RiskReport) -> dict:
    """``to_dict()`` without the spans' weights (float32 sums may differ in the last digit)."""
    data = report.to_dict()
    for risk in data["scores"].values():
        for item in risk["evidence"]:
            item.pop("score")
    return data


@pytest.mark.parametrize("config", [ScoringConfig(), ScoringConfig(allow_phrases=("Project Falcon", "door code"))],
                         ids=["default", "allow-list"])
def test_fast_path_equals_reference(config: ScoringConfig) -> None:
    bundles = smrisk.default_scorer().bundles
    fast = Scorer(bundles, config=config)
    reference = Scorer(bundles, config=config, reference=True)
    texts = _texts()
    got, want = fast.score_many(texts), reference.score_many(texts)
    explained = 0
    for text, a, b in zip(texts, got, want, strict=True):
        assert a.notes == b.notes and a.allowed == b.allowed, text
        for risk in CATEGORIES:
            x, y = a.scores[risk], b.scores[risk]
            assert x.score == pytest.approx(y.score, abs=1e-6), (risk, text)
            assert (x.model_probability or 0) == pytest.approx(y.model_probability or 0, abs=1e-6), (risk, text)
            assert x.flagged == y.flagged, (risk, text)
            assert _evidence(a, risk) == _evidence(b, risk), (risk, text)
            assert _weights(a, risk) == pytest.approx(_weights(b, risk), rel=1e-5, abs=1e-6), (risk, text)
            explained += any(e.from_model for e in x.evidence)
        assert _rendered(a) == _rendered(b), text  # what a reviewer sees, masking included
    assert explained > 500  # the comparison covered the explanation path, not just all-clear texts


def test_the_fast_path_is_the_default() -> None:
    assert Scorer(smrisk.default_scorer().bundles).reference is False


def test_sentence_ends_found_once_per_text_answer_as_the_pattern() -> None:
    """A model phrase across a sentence end is looked up in the text's list of sentence ends: the
    same answer as searching the phrase's stretch of text with the pattern, for every short text
    of marks, letters and spaces and every stretch of it."""
    for size in range(7):
        for text in map("".join, itertools.product(".!a \n", repeat=size)):
            ends = _sentence_ends(text)
            for start in range(size + 2):
                for end in range(size + 2):
                    assert _crosses(ends, start, end) == bool(_SENTENCE_END.search(text, start, end)), (text, start, end)


def _keywords_by_definition(text: str, keys: set[str], whole: set[str]) -> frozenset[str]:
    """Each key found anywhere in ``text``, or, for those in ``whole``, as a whole ``\\w+`` word (not inside a longer one)."""
    import re

    return frozenset(k for k in keys if (re.search(rf"(?<!\w){re.escape(k)}(?!\w)", text) if k in whole else k in text))


def test_the_keyword_pre_check_finds_what_its_definition_finds() -> None:
    """Whole-word keys made of word characters are looked up among the text's words, the others found
    by the automaton: together they must find exactly each key where the plain definition does."""
    from smrisk.detectors.registry import KeywordFinder

    keywords = {"st", "ave", "pin", "://", "@", "backup code", "10.", "re"}
    folded = {"re", "f", "pay", "nda", "f off", "st"}
    whole_keywords, whole_words = {"st", "ave", "pin", "backup code"}, {"f", "pay", "f off", "st"}
    finder = KeywordFinder(keywords, folded, whole_keywords, whole_words)
    texts = [t.lower() for t in _texts()] + ["st", "1st st. ave", "f", "f off!", "pay-day", "re: payday", "_st_ st_", "ﬁ st"]
    for text in texts:
        found, found_folded = finder(text)
        assert found == _keywords_by_definition(text, keywords, whole_keywords), text
        assert found_folded == _keywords_by_definition(text, folded, whole_words), text
        assert finder(text, layers=1) == (found, frozenset()) and finder(text, layers=2) == (frozenset(), found_folded)


# links and handles beside other languages' function words: glued to a word ("dehttp://", "lawww."), among them,
# or holding them ("https://x.de/und/die/der")
LANGUAGE_GATED = [
    "dehttp://t.co/x und die der das ist nicht mit", "la www.exemple.fr est une des pour les avec",
    "https://x.de/und/die/der/das das ist gut und nicht so", "@und @die @der @das hello there how are you doing",
    "lawww.ejemplo.es el la de que y en los del se las", "#und #die #der und die der das ist hier",
    "$und die der das ist nicht mehr hier heute", "read this https://t.co/abc and tell me what you think of it",
    "Der Hund läuft http://t.co/x schnell über die Straße und bellt", "el perro corre @user por la calle y ladra fuerte",
    "abordwww.x.fr afin aie zorg blip frob", "abordhttp://t.co/x afin aie zorg blip frob",  # the glued word tips it
]


def test_the_language_pre_check_changes_no_note(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text with links or handles whose other-language words are too few even with them in gets no note
    without them taken out: the same note as taking them out first, on every text."""
    texts = _texts() + LANGUAGE_GATED + [t.replace(" ", " http://t.co/x ", 2) for t in LANGUAGE_GATED]
    gated = [language.unsupported_language_note(t) for t in texts]
    monkeypatch.setattr(language, "_few_other_words", lambda head: False)
    assert gated == [language.unsupported_language_note(t) for t in texts]
    assert sum(note is not None for note in gated) >= 5  # the comparison covered texts that get a note


# texts for the pre-checks: a lexicon's or a cue's words present but apart, split by other whitespace, or together;
# digits a phone number is never written with; disguised words holding a character no letter is written as
PRE_CHECKED = [
    "do not share this outside the team", "share, this is not for you", "this we share", "don't tell anyone",
    "dont\ttell anyone the door code 4471", "insider trading", "insider  trading", "insider\ntrading", "insider-trading",
    "fuck you", "you fuck", "I will hurt you", "you hurt me", "card details for sale", "the card was declined",
    "Never share your password: hunter22x", "password hunter22x, never", "report this scam: call 415-555-0132",
    "call 415-555-0132, we never report", "zero-tolerance: card 4111 1111 1111 1111", "zero tolerance card 4111 1111 1111 1111",
    "&#128514;&#128514; call 0151 234 5678", "&#128514;&#128514;&#128514; lol", "$502.7 mln vs. $502.1 mln 4155550132",
    "555 0132 ext. 12 or ４１５－５５５－０１３３", "s2h1t", "1d10t", "sh1t2", "b1tch6 you 1d1ot", "k1ll", "c0ca1ne",
]


def test_pre_checks_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each pre-check only skips work that would find nothing: the same reports with every one of them open
    (phrases searched for in the lexicons' and cues' spaCy tokens, the phone matcher run on every text with
    seven digits, every disguised word's spellings tried)."""
    bundles = smrisk.default_scorer().bundles
    texts = _texts()[::3] + PRE_CHECKED
    gated = Scorer(bundles).score_many(texts)
    monkeypatch.setattr(base, "_adjacent", lambda phrase: re.compile(""))
    monkeypatch.setattr(AdjacentTokens, "search", lambda self, text: True)
    monkeypatch.setattr(confidential, "_PHONE_RUN", re.compile(""))
    open_scorer = Scorer(bundles)
    open_scorer._normalizer._letters_only = False
    opened = open_scorer.score_many(texts)
    ruled = 0
    for text, a, b in zip(texts, gated, opened, strict=True):
        assert a == b, text
        ruled += any(not e.from_model for risk in CATEGORIES for e in a.scores[risk].evidence)
    assert ruled > 50  # the comparison covered texts where rules fired


# what the rules' hints are about: mail addresses and handles, links with and without a user and password, long digit runs
HINTED = [
    "mail bob.smith+x@example.co.uk or @bob_smith", "J.DOE@EXAMPLE.COM", "ops-team_1@9xyz.io", "a.b-@-x.org",
    "@handle @other_one thanks!", "x@y", "a@b.c", "me@localhost.local.",
    "https://admin:hunter2@jira.corp.internal/x", "ftp://user:p@ss@host", "https://t.co/Ab12Cd34Ef @user",
    "http://a:b@c", "http://user@host:8080/x", "https://twitter.com/x/status/1234567890123456789",
    "card 4111-1111-1111-1111 and 4111 1111 1111 1112", "cc# 5500 0000 0000 0004", "visa: 4012888888881881",
    "ssn 123-45-6789, not 123-456-789 or 1234-56-7890", "ref 078-05-1120", "12-34-5678",
    "IBAN DE89370400440532013000 or de89 3704", "acct FR14 2004 1010 0505 0001 3M02 606.",
    "acct 40-12-77 31907744 overdrawn", "sort code 40-12-77, 12345678",
    # access codes: digits in a row, apart, one by one, and the turns of a dial spelled out
    "padlock: left 9, right 3, left 7", "safe at the depot: L 14, R 33, L 9", "door code is 4471", "pin 7 3 9 1",
    "keypad code changes Monday, new one is 1-9-7-3", "the code it texted me, 583 920",
    # requests for a secret, with "your" or "the"
    "DM us your PIN and we will check", "reply with your card number and CVV", "what's the PIN for your card?",
    "please send me the code you just received", "Let us know your online banking password",
    # a card's security code, after its name or after the card's expiry date
    "cvv 123", "CVC: 9876", "card 5500 0000 0000 0004, exp 11/26, code 321", "exp. 04/28 security code 9931",
    # a password before its name, and a default account's colon pair
    "P@ssw0rd99 is the admin pass", "'Harbor#77'  was\tour wifi password", "0412 remains  still my PIN",
    "ssh admin:Sup3rS3cret! now", "ROOT:Tr0ub4dor&3", "(guest:Welcome#1)", "it's 7153 btw, the pin", "X9y8z7w6 — our wifi password",
    # an address spelled out, an NI number, a PIN set to digits, a user name beside its password, a card's codes
    "raj dot menon 77 at gmail dot com", "jo.b [at] outlook.com", "sam(at)GMX.de", "NI: JT 48 21 93 B", "jt482193b",
    "set the PIN to  4471", "reset pin code to '8812'", "username is tomb_1987 and password is X", "ID 44871203, pw Y",
    "CID on my Amex is 8830", "three digit code is 5 0 9", "sec code 330", "the 3 digits on the back are 847",
    # a national number after its name, an e-mail and its password, a labelled pair, a code and what it opens
    "PPS no. 7834219TA", "sin 046 454 286", "Aadhaar: 4512 7789 0021", "jo@x.example / Popcorn&Chill7", "a@b.io  /Pw!2",
    "u: deliveries_north / p: Van2Van#88", "user=ops,pass=Tr4ck!26", "1966* gets you into the building",
    "it's 9071 for the back door", "suitcase lock set to 281", "A12345 opens the side gate", "4 4 1 9 lets you in",
    "pay into 12-3140-0487512-00", "my steam acc: ninjaKiwi07:SkibidiSquad88", "netflix login  dan | Pop4corn",
]


def test_rule_hints_skip_only_texts_without_a_match() -> None:
    """A rule's hint is something every match of its pattern holds: a text the hint is not found in has
    no match, on thousands of texts (disguised and hostile ones too); and the texts cover matches of
    every hinted rule, so a hint that missed some would be caught."""
    texts = _texts() + PRE_CHECKED + HINTED
    hinted = [rule for rule in confidential.RULES if rule.hint is not None]
    assert len(hinted) >= 5
    for rule in hinted:
        pattern, hint = re.compile(rule.pattern, rule.flags), re.compile(rule.hint, rule.flags)
        matched = [text for text in texts if pattern.search(text)]
        assert matched, rule.name
        assert [text for text in matched if not hint.search(text)] == [], rule.name


def test_glued_links_found_as_the_pattern_finds_them() -> None:
    """The link-start scan answers as ``_GLUED`` does, on every short text of letters, link starts and spaces."""
    pieces = ["a", "é", "w", "ww", "www.", "http://", "https://", " ", "/", "h"]
    texts = ["".join(p) for size in range(5) for p in itertools.product(pieces, repeat=size)] + LANGUAGE_GATED
    for text in texts:
        assert language._glued(text) == bool(language._GLUED.search(text)), text


def test_key_tables_hold_every_vocabulary_key() -> None:
    """The hash table in front of the n-gram search drops no key of the vocabulary: each n-gram of two
    and three words is found again by ``WordGramIndex.find``."""
    from smrisk.model.linear import _key_hash

    index = smrisk.default_scorer().bundles[0].estimator.features._word_index()
    assert index is not None and len(index.maybe) == len(index.keys) - 1 >= 1
    for keys, table in zip(index.keys[1:], index.maybe, strict=True):
        assert table[_key_hash(keys)].all()
        assert table.mean() < 0.2  # selective: most keys not in the vocabulary are dropped


# groups, traits and cues next to quotes, dashes, apostrophes, line breaks and other scripts; a phrase at a text's
# edges; "all"/"mostly" before an adjective after "is"; words that only begin like an anchor ("thermal", "ally")
ANCHORED = [
    "the french always complain", "“Women are lazy”", "x-women are", "'muslims' only", "so the whole team is all muslim",
    "crew is mostly mexican.", "the\nfrench\tare rude", "these people are animals", "thermal allies, mostly harmless",
    "are the chinese suppliers cheating again?", "immigrants", "Ｗｏｍｅｎ ａｒｅ ｌａｚｙ", "the irish fans bring songs",
    "no arabs, no gypsies please", "you people never learn", "y'all always lie", "don't hire women", "they're all the same",
]


def test_anchored_patterns_match_as_their_plain_pattern() -> None:
    """Each pattern searched only where an anchor begins (``AnchoredPattern``) finds what the plain pattern finds,
    as ``finditer`` and ``search`` over whole texts and over windows of them."""
    from smrisk.detectors.stereotype import _lists
    from smrisk.normalize import Normalizer

    lists = _lists()
    patterns = {"groups": lists.groups, "traits": lists.traits, "fixed": lists.fixed, "counter": lists.counter}
    normalizer = Normalizer()
    texts = [normalizer(t).folded.text for t in team_corpus()["text"].tolist() + _texts()[2000:] + ANCHORED]
    rng = random.Random(3)
    found = dict.fromkeys(patterns, 0)
    for text in texts:
        windows = [(0, len(text))] + [sorted((rng.randrange(len(text) + 1), rng.randrange(len(text) + 1))) for _ in range(2)]
        for name, anchored in patterns.items():
            for start, end in windows:
                want = [m.span() for m in anchored.pattern.finditer(text, start, end)]
                assert [m.span() for m in anchored.finditer(text, start, end)] == want, (name, text, start, end)
                first = anchored.search(text, start, end)
                assert (first.span() if first else None) == (want[0] if want else None), (name, text, start, end)
                found[name] += len(want)
    assert min(found.values()) >= 100, found  # the comparison covered matches of every pattern


def test_the_hiring_pre_check_reads_as_its_pattern() -> None:
    from smrisk.detectors import discrimination
    from smrisk.document import Document
    from smrisk.normalize import Normalizer

    normalizer = Normalizer()
    texts = team_corpus()["text"].tolist() + _texts()[2000:] + [
        "flat to let, no dss", "room to\tlet", "to  let", "lodger wanted", "#hiring now", "to letter", "toilet", "re-hire"]
    about = 0
    for text in texts:
        document = Document(normalizer(text), lambda s: None)  # type: ignore[arg-type,return-value]
        folded = document.normalized.folded.text
        want = discrimination._CONTEXT.search(folded) is not None
        assert discrimination._about_hiring_or_renting(document.words, folded) == want, text
        about += want
    assert about > 100
