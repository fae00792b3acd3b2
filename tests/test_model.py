"""The estimator contract, exact explanations, and the guarded save/load."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from smrisk.categories import CATEGORIES
from smrisk.errors import InputError, ModelLoadError
from smrisk.model import ModelBundle, NgramVectorizer, RiskModel, load_bundle, save_bundle
from smrisk.model.features import ngrams
from smrisk.model.tokens import token_ids, token_strings, tokenize


def test_init_only_stores_parameters() -> None:
    model = RiskModel(C=0.5, char_ngrams=None)
    assert model.get_params()["C"] == 0.5
    assert clone(model).get_params() == model.get_params()
    assert not [k for k in vars(model) if k.endswith("_")]


def test_predicting_before_fit_raises() -> None:
    with pytest.raises(NotFittedError):
        RiskModel().predict_proba(["hello"])
    with pytest.raises(NotFittedError):
        NgramVectorizer().transform(["hello"])


def test_fit_returns_self_and_learns_underscored_attributes(tiny_frame) -> None:
    texts = tiny_frame["text"].tolist()
    labels = tiny_frame[list(CATEGORIES)].to_numpy(dtype=float)
    model = RiskModel(min_df=1, max_features=5000)
    assert model.fit(texts, labels) is model
    for name in ("vectorizer_", "coef_", "intercept_", "calibration_"):
        assert hasattr(model, name)
    probabilities = model.predict_proba(texts[:5])
    assert probabilities.shape == (5, 3) and np.all((probabilities >= 0) & (probabilities <= 1))


def test_unlabelled_rows_are_ignored_per_risk(tiny_frame) -> None:
    texts = tiny_frame["text"].tolist() + ["zorblax quarterly figures"] * 30
    labels = np.vstack([tiny_frame[list(CATEGORIES)].to_numpy(dtype=float), np.tile([np.nan, 0.0, 0.0], (30, 1))])
    labels[: len(tiny_frame) : 2, 0] = np.nan  # and half the other rows say nothing about confidential
    model = RiskModel(min_df=1, max_features=5000, calibration_folds=2).fit(texts, labels)
    column = model.vectorizer_.vocabulary_["w:zorblax"]
    assert model.coef_[0, column] == 0.0  # seen only in rows unlabelled for confidential: learned nothing
    assert model.coef_[1, column] < 0.0  # those rows are negatives for derogatory


def test_a_risk_without_both_classes_is_an_input_error() -> None:
    with pytest.raises(InputError, match="positive and negative"):
        RiskModel(risks=("illegal",), min_df=1).fit(["a b", "c d"] * 5, np.zeros((10, 1)))


def test_contributions_add_up_to_the_calibrated_log_odds(tiny_bundle: ModelBundle) -> None:
    model = tiny_bundle.estimator
    text = "can't say much but project falcon ships next month, don't tell anyone"
    all_shares = model.contributions(text, CATEGORIES)
    for k, risk in enumerate(CATEGORIES):
        shares = all_shares[risk]
        a, b = model.calibration[k]
        expected = a * (model.decision_function([text])[0, k] - model.intercept[k])
        assert sum(s for _, _, s, _ in shares) == pytest.approx(expected, rel=1e-4, abs=1e-5)
        p = model.predict_proba([text])[0, k]
        logit = a * model.decision_function([text])[0, k] + b
        assert p == pytest.approx(1 / (1 + math.exp(-logit)))


def test_ngram_spans_point_at_their_text() -> None:
    text = "you are such an idiot!!"
    for gram, start, end in ngrams(text, 2, (3, 5)):
        if gram.startswith("w:"):
            assert gram[2:].replace(" ", "") == text[start:end].replace(" ", "")


def test_save_and_load_round_trip(tmp_path, tiny_bundle: ModelBundle) -> None:
    save_bundle(tiny_bundle, tmp_path / "m", name="tiny")
    loaded = load_bundle(tmp_path / "m")
    assert loaded.thresholds == pytest.approx(tiny_bundle.thresholds)
    text = ["you idiot, the door code is 4471"]
    np.testing.assert_allclose(loaded.estimator.predict_proba(text), tiny_bundle.estimator.predict_proba(text))
    assert loaded.model_id.startswith("tiny@")


def test_tampered_model_file_is_refused(tmp_path, tiny_bundle: ModelBundle) -> None:
    directory = save_bundle(tiny_bundle, tmp_path / "m")
    with (directory / "model.npz").open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelLoadError, match="does not match its card"):
        load_bundle(directory)


def test_other_model_format_is_refused(tmp_path, tiny_bundle: ModelBundle) -> None:
    directory = save_bundle(tiny_bundle, tmp_path / "m")
    card = json.loads((directory / "card.json").read_text())
    card["format_version"] = 1
    (directory / "card.json").write_text(json.dumps(card))
    with pytest.raises(ModelLoadError, match="retrain it"):
        load_bundle(directory)


def test_a_model_file_holding_a_pickle_is_never_unpickled(tmp_path, tiny_bundle: ModelBundle) -> None:
    """Even with a matching hash, an object array (which would need unpickling) is refused unread."""
    from smrisk.model.store import sha256_of

    directory = save_bundle(tiny_bundle, tmp_path / "m")
    with np.load(directory / "model.npz", allow_pickle=False) as data:
        arrays = dict(data)
    arrays["params"] = np.array([_Boom()], dtype=object)
    with (directory / "model.npz").open("wb") as handle:
        np.savez(handle, **arrays)
    card = json.loads((directory / "card.json").read_text())
    card["sha256"] = sha256_of(directory / "model.npz")
    (directory / "card.json").write_text(json.dumps(card))
    with pytest.raises(ModelLoadError, match="could not be read"):
        load_bundle(directory)
    assert not _Boom.unpickled


class _Boom:
    unpickled = False

    def __reduce__(self):  # noqa: ANN204
        return (_Boom._mark, ())

    @staticmethod
    def _mark() -> _Boom:
        _Boom.unpickled = True
        return _Boom()


@pytest.mark.parametrize("damage", ["missing_dir", "missing_card", "bad_json", "garbage_file", "missing_array"])
def test_broken_model_directories_give_clear_errors(tmp_path, tiny_bundle: ModelBundle, damage: str) -> None:
    directory = save_bundle(tiny_bundle, tmp_path / "m")
    if damage == "missing_dir":
        directory = tmp_path / "nope"
    elif damage == "missing_card":
        (directory / "card.json").unlink()
    elif damage == "bad_json":
        (directory / "card.json").write_text("{not json")
    else:
        from smrisk.model.store import sha256_of

        if damage == "garbage_file":
            (directory / "model.npz").write_bytes(b"not a model")
        else:
            with np.load(directory / "model.npz", allow_pickle=False) as data:
                arrays = {k: v for k, v in data.items() if k != "idf"}
            with (directory / "model.npz").open("wb") as handle:
                np.savez(handle, **arrays)
        card = json.loads((directory / "card.json").read_text())
        card["sha256"] = sha256_of(directory / "model.npz")
        (directory / "card.json").write_text(json.dumps(card))
    with pytest.raises(ModelLoadError):
        load_bundle(directory)


def test_min_norm_keeps_a_short_text_from_counting_more_than_in_a_post(tmp_path, tiny_frame) -> None:
    texts = tiny_frame["text"].tolist()
    plain = NgramVectorizer(word_ngrams=1, char_ngrams=None, min_df=1).fit(texts)
    floored = NgramVectorizer(word_ngrams=1, char_ngrams=None, min_df=1, min_norm=30.0).fit(texts)
    gram = next(g for g in plain.vocabulary_ if g.startswith("w:") and g[2:].isalpha() and len(g) > 8)
    word = gram[2:]
    short, long_ = plain.transform([word, texts[0]]), floored.transform([word, texts[0]])
    assert short[0].max() == pytest.approx(1.0)  # alone, the one word is the whole post
    idf = plain.idf_[plain.vocabulary_[gram]]
    assert long_[0].max() == pytest.approx(idf / 30.0)
    long_norm = np.sqrt(short[1].multiply(short[1]).sum())
    assert long_norm == pytest.approx(1.0) and np.sqrt(long_[1].multiply(long_[1]).sum()) <= 1.0 + 1e-6
    # the floor travels with the saved model
    model = RiskModel(risks=CATEGORIES, word_ngrams=1, char_ngrams=None, min_df=1, min_norm=30.0, C=1.0)
    model.fit(texts, tiny_frame[list(CATEGORIES)].to_numpy(float))
    bundle = ModelBundle(model.to_linear(), {r: 0.5 for r in CATEGORIES}, {})
    loaded = load_bundle(save_bundle(bundle, tmp_path / "m"))
    assert loaded.estimator.features.min_norm == 30.0
    np.testing.assert_allclose(loaded.estimator.predict_proba([word]), bundle.estimator.predict_proba([word]), rtol=1e-5)
    # and explanations share the floored score, not the unfloored one
    linear, folded = loaded.estimator, word.lower()  # the fitted model reads folded text
    for k, risk in enumerate(CATEGORIES):
        shares = linear.contributions(folded, [risk])[risk]
        expected = linear.calibration[k, 0] * (linear.decision_function([folded])[0, k] - linear.intercept[k])
        assert shares and sum(s for _, _, s, _ in shares) == pytest.approx(expected, rel=1e-4, abs=1e-6)


def test_the_model_learns_the_text_the_scorer_shows_it() -> None:
    """The scorer hands the model folded, lower-cased text: a word seen only capitalised in
    training ("Bribe" opening a post) must still count when a draft uses it."""
    from smrisk.scorer import Scorer

    risky = [f"Bribe the {who} before the {when}" for who in ("inspector", "clerk", "auditor", "judge", "official")
             for when in ("audit", "visit", "hearing", "review")]
    benign = [f"Thank the {who} after the {when}" for who in ("team", "crew", "staff", "hosts", "guests")
              for when in ("launch", "event", "party", "summit")]
    texts = risky + benign
    labels = np.array([[0.0, 0.0, 1.0]] * len(risky) + [[0.0, 0.0, 0.0]] * len(benign))
    labels[::2, 0] = labels[1::2, 1] = 1.0  # the other risks need both classes to fit; they play no part here
    model = RiskModel(word_ngrams=1, char_ngrams=None, min_df=1, calibration_folds=2).fit(texts, labels)
    assert not [g for g in model.vectorizer_.vocabulary_ if g != g.lower()]
    scorer = Scorer([ModelBundle(model.to_linear(), {r: 0.5 for r in CATEGORIES}, {})])
    drafts = ["Bribe the clerk.", "we could bribe the clerk", "BRIBE THE CLERK"]
    scores = [scorer.score(d).scores["illegal"].score for d in drafts]
    assert min(scores) > 0.8 and max(scores) - min(scores) < 0.05
    np.testing.assert_allclose(model.predict_proba(drafts)[:, 2], scorer.bundles[0].estimator.predict_proba(
        [d.lower() for d in drafts])[:, 2], rtol=1e-6)


_TOKEN_PIECES = ["http://t.co/a1", "www.a.b", "@bob", "@", "12", "3.5", "1,000", "abc", "idiot", ".", "(", " ", "\n", "é", "_"]


@given(st.lists(st.sampled_from(_TOKEN_PIECES), max_size=25).map("".join))
@settings(max_examples=300, deadline=None)
def test_token_ids_are_the_ids_of_the_token_strings(text: str) -> None:
    ids = {"idiot": 1, "<url>": 2, "@user": 3, "0": 4, ".": 5, "abc": 6}
    assert token_ids(text, ids) == [ids.get(t, -1) for t in token_strings(text)]


@given(st.lists(st.sampled_from(_TOKEN_PIECES + ["Idiot", "a", "the", "ok", "\t", "12a", "x.5"]), max_size=25).map("".join))
@settings(max_examples=300, deadline=None)
def test_tokens_are_the_pattern_matches_with_their_spans(text: str) -> None:
    """``tokenize`` reads strings and finds their spans itself: the same as each match's span."""
    from smrisk.model.tokens import _TOKEN_GROUPS, is_content_word

    matches = list(_TOKEN_GROUPS.finditer(text))
    assert [(t.start, t.end) for t in tokenize(text)] == [m.span() for m in matches]
    assert [t.text for t in tokenize(text)] == token_strings(text)
    assert [t.content for t in tokenize(text)] == [m.lastindex == 4 and is_content_word(m.group()) for m in matches]


_LOOKBEHIND_PIECES = ["@", "@a", "a@", "1", "a1", ".1", "1.", "_1", "٣", "x", "_", ".", " ", "\n", "é", "www.", "http://", "/", ","]


@given(st.lists(st.sampled_from(_TOKEN_PIECES + _LOOKBEHIND_PIECES), max_size=25).map("".join))
@settings(max_examples=500, deadline=None)
def test_the_tokenizer_pattern_matches_as_its_definition(text: str) -> None:
    """The tokenizer's pattern (look-behinds moved after the character they guard) finds exactly the
    tokens of the pattern as written in ``_KINDS``: same matches, same groups."""
    from smrisk.model.tokens import _TOKEN_GROUPS, TOKEN_DEFINITION

    definition = re.compile(TOKEN_DEFINITION)
    assert [(m.span(), m.groups()) for m in _TOKEN_GROUPS.finditer(text)] == \
        [(m.span(), m.groups()) for m in definition.finditer(text)]


def test_the_tokenizer_pattern_matches_as_its_definition_on_the_corpus() -> None:
    from smrisk.corpora import team_corpus
    from smrisk.model.tokens import _TOKEN_GROUPS, TOKEN_DEFINITION

    definition = re.compile(TOKEN_DEFINITION)
    texts = team_corpus()["text"].tolist()
    for text in texts + [t.lower() for t in texts]:
        assert _TOKEN_GROUPS.findall(text) == definition.findall(text), text


_CHUNK_PIECES = [*_TOKEN_PIECES, *_LOOKBEHIND_PIECES, "don't", "idiot!", "a_b", "\xa0", "\u2028", "\x1c", "\u3000", "\t",
                 "ǅ", "\u0301", "²", "https://x.y/a b", "@@a", "1.2.3", "ｆｕｌｌ"]


@given(st.lists(st.sampled_from(_CHUNK_PIECES), max_size=30).map("".join))
@settings(max_examples=500, deadline=None)
def test_tokens_read_chunk_by_chunk_are_the_tokens_of_the_whole_text(text: str) -> None:
    """``token_spans`` and ``token_ids`` read one whitespace-separated chunk at a time (letters-only
    chunks without the pattern): the same tokens, spans and content flags as one scan of the text."""
    from smrisk.model.tokens import _columns, token_spans

    assert token_spans(text) == _columns(text)
    ids = {"idiot": 1, "<url>": 2, "@user": 3, "0": 4, ".": 5, "abc": 6, "don": 7, "'": 8, "ǅ": 9}
    assert token_ids(text, ids) == [ids.get(t, -1) for t in token_strings(text)]


_BATCH_PIECES = [*_CHUNK_PIECES, "\uffff", " \uffff ", "idiot idiot"]


@given(st.lists(st.lists(st.sampled_from(_BATCH_PIECES), max_size=12).map("".join), max_size=6),
       st.integers(min_value=1, max_value=8))
@settings(max_examples=300, deadline=None)
def test_a_batch_split_at_once_has_the_token_ids_of_its_texts(texts: list[str], kept: int) -> None:
    """``joined_token_ids`` splits a whole batch in one call and remembers each chunk's ids: the same
    ids and text starts as ``token_ids`` text by text, whatever the texts hold (the separator itself,
    empty texts), with the table of chunks cleared when full and read again in a second batch."""
    from smrisk.model import linear
    from smrisk.model.linear import WordGramIndex, _joined

    index = WordGramIndex({"idiot": 0, "<url>": 1, "@user": 2, "0": 3, ".": 4, "abc": 5, "don": 6, "'": 7}, [], [])
    want = _joined(token_ids(text, index.ids) for text in texts)
    original = linear._CHUNKS_KEPT
    linear._CHUNKS_KEPT = kept
    try:
        for _ in range(2):
            got = index.joined_token_ids(texts)
            assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()
    finally:
        linear._CHUNKS_KEPT = original


def test_tokens_read_chunk_by_chunk_on_the_corpus() -> None:
    from smrisk.corpora import team_corpus
    from smrisk.model.tokens import _columns, token_spans
    from smrisk.normalize import Normalizer

    fold = Normalizer()
    for text in team_corpus()["text"].tolist():
        for variant in (text, fold(text).folded.text):
            assert token_spans(variant) == _columns(variant), variant


def test_common_prior_keeps_ordinary_words_from_carrying_a_risk() -> None:
    """An ordinary word ("night") that the risky rows happen to share earns far less weight under
    ``common_prior`` (it is common in harmless rows); the risky word keeps most of its weight."""
    places = ("dock", "port", "border", "yard", "pier", "gate")
    risky = [f"we smuggle cargo past the {p} at night" for p in places] + [f"smuggle it through the {p} every night" for p in places]
    harmless = [f"the {p} crew worked the night shift" for p in places] + [f"the {p} opens at nine" for p in places] * 3
    others = ["leak the memo now", "leak the plan now", "you total idiot", "you utter idiot"]  # the other risks need both classes
    texts = risky + harmless + others
    nan = np.nan
    labels = np.array([[0.0, 0.0, 1.0]] * len(risky) + [[0.0, 0.0, 0.0]] * len(harmless)
                      + [[1.0, 0.0, nan], [1.0, 0.0, nan], [0.0, 1.0, nan], [0.0, 1.0, nan]])

    def weights(**params) -> tuple[float, float]:  # noqa: ANN003
        model = RiskModel(word_ngrams=1, char_ngrams=None, min_df=1, calibration_folds=2, **params).fit(texts, labels)
        vocabulary = model.vectorizer_.vocabulary_
        return float(model.coef_[2, vocabulary["w:night"]]), float(model.coef_[2, vocabulary["w:smuggle"]])

    night, smuggle = weights()
    night_prior, smuggle_prior = weights(common_prior=50.0)
    assert night > 0 and night_prior < 0.5 * night
    assert smuggle_prior > 0.7 * smuggle
    with pytest.raises(InputError, match="common_prior"):
        weights(common_prior=0.0)


def test_copies_of_one_post_count_as_one_document_for_min_df() -> None:
    """A word from one risky post ("Pancake" in a wifi password) must not reach ``min_df`` through
    that post's augmented copies: with ``groups`` the copies count once."""
    texts = ["wifi pw: pancake!stack9", "thanks all. wifi pw: pancake!stack9", "wifi pw: pancake!stack9 lol",
             "the router password is printed on the box", "router password reset link sent"]
    posts = [0, 0, 0, 1, 2]
    plain = NgramVectorizer(word_ngrams=1, char_ngrams=None, min_df=2).fit(texts)
    grouped = NgramVectorizer(word_ngrams=1, char_ngrams=None, min_df=2).fit(texts, groups=posts)
    assert "w:pancake" in plain.vocabulary_ and "w:pancake" not in grouped.vocabulary_
    assert {"w:router", "w:password"} <= set(grouped.vocabulary_)  # in two posts: kept
    # the IDF counts posts too: "router" is in 2 of 3 posts
    assert grouped.idf_[grouped.vocabulary_["w:router"]] == pytest.approx(math.log(4 / 3) + 1)
    with pytest.raises(InputError):
        NgramVectorizer(word_ngrams=1, char_ngrams=None).fit(texts, groups=posts[:2])


def test_a_norm_power_below_one_lets_a_joined_sentence_dilute_less(tmp_path, tiny_frame) -> None:
    texts = tiny_frame["text"].tolist()
    labels = tiny_frame[list(CATEGORIES)].to_numpy(float)
    risky = texts[int(np.flatnonzero(labels[:, 0] == 1)[0])]
    joined = f"{risky} Thanks to the whole team for a busy week, see you all at the picnic on Saturday."
    kept = {}
    for power in (1.0, 0.5):
        model = RiskModel(risks=CATEGORIES, word_ngrams=1, char_ngrams=None, min_df=1, min_norm=2.0, norm_power=power)
        bundle = ModelBundle(model.fit(texts, labels).to_linear(), {r: 0.5 for r in CATEGORIES}, {})
        features = bundle.estimator.features
        alone, diluted = features.transform([risky, joined])
        word = features.vocabulary[next(g for g in features.vocabulary if g[2:] in risky.lower())]
        kept[power] = diluted[0, word] / alone[0, word]
        loaded = load_bundle(save_bundle(bundle, tmp_path / f"m{power}"))
        assert loaded.estimator.features.norm_power == power
        np.testing.assert_allclose(loaded.estimator.decision_function([joined]), bundle.estimator.decision_function([joined]),
                                   rtol=1e-5)
        linear = loaded.estimator  # explanations share the score the power gives
        for k, risk in enumerate(CATEGORIES):
            shares = linear.contributions(joined.lower(), [risk])[risk]
            expected = linear.calibration[k, 0] * (linear.decision_function([joined.lower()])[0, k] - linear.intercept[k])
            assert sum(s for _, _, s, _ in shares) == pytest.approx(expected, rel=1e-4, abs=1e-6)
        np.testing.assert_allclose(linear.decision_function([joined]), linear.decision_function([joined], reference=True),
                                   rtol=1e-5)
    assert kept[1.0] < kept[0.5] < 1.0


def test_feature_values_and_scores_are_their_definition(tiny_frame) -> None:
    """The array path that scores without a sparse matrix gives the textbook values: each n-gram's
    ``(1 + log count) * idf``, divided by the text's L2 norm or ``min_norm``; and each score is
    ``values @ coef.T + intercept``, for a batch (with empty and repeated texts) and for one text."""
    texts = tiny_frame["text"].tolist()
    labels = tiny_frame[list(CATEGORIES)].to_numpy(float)
    linear = RiskModel(risks=CATEGORIES, word_ngrams=2, char_ngrams=None, min_df=1, min_norm=2.0).fit(texts, labels).to_linear()
    features = linear.features
    repeated = (texts[1] + " " + " ".join(texts[1].split()[:3])).lower()  # some n-grams twice, others once
    batch = [texts[0].lower(), "", repeated, "zzz unknown words only", texts[2].lower()]
    expected = np.zeros((len(batch), len(features.vocabulary)))
    for row, text in enumerate(batch):
        counts: dict[int, int] = {}
        for gram in features._grams(text):
            if gram in features.vocabulary:
                counts[features.vocabulary[gram]] = counts.get(features.vocabulary[gram], 0) + 1
        for column, count in counts.items():
            expected[row, column] = (1 + math.log(count)) * features.idf[column]
        expected[row] /= max(np.linalg.norm(expected[row]), features.min_norm)
    assert expected[2].any() and not expected[1].any()  # a text with repeated n-grams, and an empty one
    for reference in (False, True):
        np.testing.assert_allclose(features.transform(batch, reference).toarray(), expected, rtol=1e-5, atol=1e-7)
        scores = linear.decision_function(batch, reference)
        np.testing.assert_allclose(scores, expected @ linear.coef.T.astype(np.float64) + linear.intercept, rtol=1e-5, atol=1e-6)
        for row, text in enumerate(batch):
            np.testing.assert_allclose(linear.decision_function([text], reference)[0], scores[row], rtol=1e-6, atol=1e-9)
