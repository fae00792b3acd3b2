"""The scorer end to end on a tiny model: edge cases, long text, spans, masking."""

from __future__ import annotations

import json

import pytest

from smrisk.categories import CATEGORIES
from smrisk.config import ScoringConfig
from smrisk.document import Document
from smrisk.errors import ConfigError, InputTypeError
from smrisk.nlp import shared_nlp
from smrisk.normalize import Normalizer
from smrisk.scorer import Scorer


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_all_clear(tiny_scorer: Scorer, text: str) -> None:
    report = tiny_scorer.score(text)
    assert report.flagged == []
    assert all(report.scores[c].score == 0.0 for c in CATEGORIES)
    assert report.notes


@pytest.mark.parametrize(("bad", "said"), [(None, "None"), (42, "an int"), (b"bytes", "a bytes"), (["list"], "a list")])
def test_non_string_input_is_a_type_error(tiny_scorer: Scorer, bad: object, said: str) -> None:
    # one text is "text", not "text #0" of a list the caller never passed
    with pytest.raises(InputTypeError, match=f"^text is {said}, expected str$"):
        tiny_scorer.score(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=f"^text #1 is {said}, expected str$"):
        tiny_scorer.score_many(["fine", bad])  # type: ignore[list-item]


def test_evidence_spans_are_slices_of_the_original(tiny_scorer: Scorer) -> None:
    text = "Ｙou 1d10t!! email jane.doe@gmail.com, door code: 4471 🤫 f.u.c.k this"
    report = tiny_scorer.score(text)
    for result in report.scores.values():
        for item in result.evidence:
            assert text[item.start : item.end] == item.text


def test_score_many_matches_score(tiny_scorer: Scorer) -> None:
    texts = ["you idiot", "", "launch is public now", "door code: 4471"]
    many = tiny_scorer.score_many(texts)
    for text, report in zip(texts, many, strict=True):
        single = tiny_scorer.score(text)
        assert [report.scores[c].score for c in CATEGORIES] == pytest.approx([single.scores[c].score for c in CATEGORIES])


def test_long_text_is_capped_and_says_so(tiny_scorer: Scorer) -> None:
    scorer = Scorer(tiny_scorer.bundles, config=ScoringConfig(max_chars=1000, chunk_chars=200))
    report = scorer.score("word " * 1000 + "you idiot")
    assert any("only the first 1,000" in note for note in report.notes)
    assert report.truncated and report.scored_chars == 1000
    whole = scorer.score("word " * 199)  # 995 characters: read whole, whatever its notes say
    assert not whole.truncated and whole.scored_chars is None


def test_long_text_is_read_in_windows(tiny_scorer: Scorer) -> None:
    scorer = Scorer(tiny_scorer.bundles, config=ScoringConfig(chunk_chars=200))
    filler = "we had a lovely team lunch today and everyone enjoyed it. " * 40
    alone = scorer.score("the wifi password is hunter22 for the guest network")
    buried = scorer.score(filler + "the wifi password is hunter22 for the guest network")
    assert buried.scores["confidential"].score >= alone.scores["confidential"].score - 0.05


def test_non_english_text_gets_a_note(tiny_scorer: Scorer) -> None:
    report = tiny_scorer.score("Привет, как дела? Это тестовое сообщение для проверки.")
    assert any("language" in note for note in report.notes)
    spanish = tiny_scorer.score("Hola amigos, mañana lanzamos nuestra nueva colección de verano en todas las tiendas")
    assert any("language" in note for note in spanish.notes)
    assert not tiny_scorer.score("We launch our summer collection in all stores tomorrow").notes


def test_secrets_are_masked_everywhere_by_default(tiny_scorer: Scorer) -> None:
    report = tiny_scorer.score("card 4111 1111 1111 1111 and password: Hunter2222x")
    rendered = report.explain() + json.dumps(report.to_dict()) + report.evidence_summary()
    assert "4111 1111 1111 1111" not in rendered and "Hunter2222x" not in rendered
    assert "4111 1111 1111 1111" in json.dumps(report.to_dict(reveal=True))


def test_config_thresholds_override_the_model(tiny_scorer: Scorer) -> None:
    scorer = Scorer(tiny_scorer.bundles, config=ScoringConfig(thresholds={"illegal": 0.999}))
    assert scorer.thresholds["illegal"] == 0.999


def test_allow_phrases_drop_rule_hits(tiny_scorer: Scorer) -> None:
    text = "Meet Project Nightjar, our codename for the new app"
    plain = tiny_scorer.score(text).scores["confidential"].evidence
    allowed = Scorer(tiny_scorer.bundles, config=ScoringConfig(allow_phrases=("codename",))).score(text)
    assert any(e.source == "confidential.codename" and e.score > 0 for e in plain)
    assert all(e.score == 0 for e in allowed.scores["confidential"].evidence if e.source == "confidential.codename")


def test_a_scorer_needs_every_risk_covered(tiny_bundle) -> None:
    from dataclasses import replace

    from smrisk.model import RiskModel

    partial = RiskModel(risks=("illegal",))
    with pytest.raises(ConfigError, match="no model scores"):
        Scorer([replace(tiny_bundle, estimator=partial, thresholds={"illegal": 0.5})])


@pytest.mark.parametrize("bad", [{"max_chars": 0}, {"explain_floor": 2}, {"thresholds": {"spam": 0.5}}])
def test_bad_config_is_a_config_error(bad: dict) -> None:
    with pytest.raises(ConfigError):
        ScoringConfig.from_dict(bad)


def test_config_file_round_trip(tmp_path) -> None:
    path = tmp_path / "smrisk.toml"
    path.write_text('[scoring]\nmax_chars = 5000\nallow_phrases = ["Project Falcon"]\n')
    assert ScoringConfig.from_file(path).allow_phrases == ("Project Falcon",)
    path.write_text("[scoring]\nunknown = 1\n")
    with pytest.raises(ConfigError, match="unknown config key"):
        ScoringConfig.from_file(path)


def test_model_spans_are_whole_non_overlapping_phrases(tiny_scorer: Scorer) -> None:
    texts = [
        "You are such a fucking idiot, shut up and don't call us again",
        "Can't say much but Project Falcon ships next month at half the price",
        "Drove home after six pints last night, no idea how lol",
    ]
    seen = 0
    for text in texts:
        for result in tiny_scorer.score(text).scores.values():
            spans = sorted((e.start, e.end) for e in result.evidence if e.from_model)
            seen += len(spans)
            assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))
            for start, end in spans:
                assert text[start:end] == text[start:end].strip(" ,.!?")
                assert start == 0 or not text[start - 1].isalnum()
                assert end == len(text) or not text[end].isalnum()
    assert seen > 0


def test_allowed_phrases_are_hidden_from_the_model_and_listed(tiny_bundle) -> None:
    from smrisk.config import ScoringConfig
    from smrisk.scorer import Scorer

    plain = Scorer([tiny_bundle])
    allowing = Scorer([tiny_bundle], config=ScoringConfig(allow_phrases=("Project Falcon",)))
    text = "Project  Falcon ships next month, order now"
    report = allowing.score(text)
    assert report.allowed == ("Project Falcon",) and report.to_dict()["allowed"] == ["Project Falcon"]
    blanked = plain.score(" " * len("Project  Falcon") + text[len("Project  Falcon"):])
    assert report.scores["confidential"].model_probability == pytest.approx(blanked.scores["confidential"].model_probability)
    assert plain.score(text).scores["confidential"].model_probability != report.scores["confidential"].model_probability
    phrase_end = len("Project  Falcon")
    assert all(e.start >= phrase_end for c in report.scores.values() for e in c.evidence)
    assert plain.score(text).allowed == ()


def test_score_many_refuses_one_string(tiny_scorer: Scorer) -> None:
    """A string is an iterable of characters: scoring it would give one report per character."""
    import smrisk

    for score_many in (tiny_scorer.score_many, smrisk.score_many):
        with pytest.raises(InputTypeError, match="a list of texts, not one string; use score"):
            score_many("single string")  # type: ignore[arg-type]


def test_a_risk_half_way_to_its_threshold_is_explained_but_not_in_the_batch_path() -> None:
    """explain() shows the spans of a risk at least half-way to its threshold, so they are worked out for it
    (``explain_floor`` is a share of the threshold); ``FLAGGED_ONLY`` (the batch's evidence column, which
    shows flagged risks alone) skips them."""
    import smrisk
    from smrisk.scorer import FLAGGED_ONLY

    scorer = smrisk.default_scorer()
    text = "Maybe if you'd been home for once the driver could have delivered it."
    report = scorer.score(text)
    derogatory = report.scores["derogatory"]
    assert not derogatory.flagged and derogatory.score >= derogatory.threshold / 2
    assert derogatory.evidence and all(e.from_model for e in derogatory.evidence)
    assert '"Maybe": model:' in report.explain()
    assert not scorer.score_many([text], explain=FLAGGED_ONLY)[0].scores["derogatory"].evidence
    assert [r.scores[c].score for r in scorer.score_many([text], explain=FLAGGED_ONLY) for c in CATEGORIES] == \
        [report.scores[c].score for c in CATEGORIES]


@pytest.mark.parametrize(("text", "piece", "shown"), [
    ("revenue came in at $4.2M this quarter", "2m", "4.2M"),
    ("we shipped 1,200 units", "200", "1,200"),
    ("host staging-db.internal.brightloop.net is down", "net", "staging-db.internal.brightloop.net"),
    ("they can't come", "n't", "can't"),
    ("it ends here. Next one", "here", "here"),
])
def test_a_model_phrase_is_shown_as_the_whole_number_host_or_word_it_cuts(text: str, piece: str, shown: str) -> None:
    """Model n-grams cut "$4.2M" into "2m" and a host name at its dots; a reviewer reads the whole token."""
    document = Document(Normalizer()(text), shared_nlp().make_doc)
    at = document.layer("folded").text.index(piece)
    assert document.phrase_span("folded", at, at + len(piece))[2] == shown


def test_a_flag_a_rule_made_alone_shows_the_rule_not_the_model_s_phrases() -> None:
    """Model phrases are worked out for a flagged risk only where the model gave part of the score: beside a claim
    about a competitor that flags the post by itself, the general model's phrases (its probability next to nothing)
    were shown as "strong" evidence."""
    from importlib import resources

    import smrisk

    policy = smrisk.load_policy(str(resources.files("smrisk").joinpath("policy_example.toml")))
    report = smrisk.score("If you like waiting six weeks for a spare part, Zentrix is for you", policy=policy)
    derogatory = report.scores["derogatory"]
    assert derogatory.flagged and (derogatory.model_probability or 0.0) < 0.05
    assert derogatory.evidence and not any(e.from_model for e in derogatory.evidence)
    # a flag the model shares in keeps the model's phrases
    shared = smrisk.score("Don't tell anyone but the Q3 numbers are way below forecast, layoffs next week")
    assert any(e.from_model for e in shared.scores["confidential"].evidence)
