"""A reply scored with the message it answers: context raises, lowers or leaves a risk alone, and
evidence points into the context with offsets that slice it."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import smrisk
from smrisk.batch import score_file
from smrisk.categories import CATEGORIES
from smrisk.cli import main
from smrisk.conversation import answered, cell_messages, score_in_context
from smrisk.errors import InputError, InputTypeError, ModelLoadError
from smrisk.evidence import Evidence
from smrisk.reply_model import FEATURES, ContextModel, RiskWeights, load_context_model, save_context_model
from smrisk.reply_relation import echoes, reply_cues
from smrisk.reply_training import MAX_ADDED_FLAG_RATE, _best_threshold, fit_context_model, load_pairs, quiet_floor
from smrisk.report import CategoryScore
from smrisk.scorer import Scorer

INSULT = "you are a stupid idiot and a useless moron"


def hand_model(scorer: Scorer) -> ContextModel:
    """A context model with hand-set weights: a reply takes on its parent's risk when it agrees with
    a parent that scores high for it (q = sigmoid(-10 + 20 * parent * affirm)), whatever it repeats."""
    coef = tuple(20.0 if name == "parent*affirm" else 0.0 for name in FEATURES)
    risks = {risk: RiskWeights(coef, -10.0, 0.5, scorer.thresholds[risk], True) for risk in CATEGORIES}
    return ContextModel(risks, scorer.model_id, {})


@pytest.fixture(scope="module")
def insulting(tiny_scorer: Scorer) -> str:
    """A parent the tiny model scores derogatory (checked, so the tests below test context, not the model)."""
    assert tiny_scorer.score(INSULT).scores["derogatory"].score > 0.9
    return INSULT


# -- the mechanics, on the tiny model with hand-set weights --------------------------------------


def test_agreeing_with_a_risky_parent_raises_the_risk_and_points_into_the_parent(tiny_scorer, insulting) -> None:
    context = ["hi all", insulting]
    alone = tiny_scorer.score("yes 👍")
    report = score_in_context(tiny_scorer, ["yes 👍"], [context], model=hand_model(tiny_scorer))[0]
    assert "derogatory" not in alone.flagged and "derogatory" in report.flagged
    inside = [e for e in report.scores["derogatory"].evidence if e.where == "context"]
    assert inside and all(e.message == 1 and context[1][e.start : e.end] == e.text for e in inside)
    shown = report.to_dict()["scores"]["derogatory"]["evidence"]
    assert {"in": "context", "message": 1}.items() <= next(e for e in shown if e.get("in")).items()
    assert all("in" not in e for e in shown if e["source"] == "context.agrees")  # the reply's own "yes" is in the text
    shown_inside = next(e for e in report.scores["derogatory"].top_evidence() if e.where == "context")
    assert f'"{shown_inside.text}" in the message it answers: ' in report.explain() and report.to_dict()["context_messages"] == 2
    assert "  text: [yes] 👍" in report.explain().splitlines()  # the marked text brackets only spans of the reply


def test_agreeing_with_a_harmless_parent_or_not_agreeing_changes_nothing(tiny_scorer, insulting) -> None:
    model = hand_model(tiny_scorer)
    for reply, context in (("yes 👍", "see you all at the offsite on friday"), ("our store opens at 9", insulting)):
        alone = tiny_scorer.score(reply)
        report = score_in_context(tiny_scorer, [reply], [context], model=model)[0]
        assert {r: s.score for r, s in report.scores.items()} == pytest.approx({r: s.score for r, s in alone.scores.items()})
        assert report.flagged == alone.flagged


def test_quoted_words_of_the_parent_are_not_the_reply_own(tiny_scorer, insulting) -> None:
    reply = "'stupid idiot'? 'useless moron'? we don't talk like that here"
    own_words = "' '? ' '? we don't talk like that here".replace("' '", "'" + " " * 12 + "'", 1).replace("' '", "'" + " " * 13 + "'", 1)
    assert len(own_words) == len(reply)
    alone, own = tiny_scorer.score(reply), tiny_scorer.score(own_words)
    report = score_in_context(tiny_scorer, [reply], [insulting], model=hand_model(tiny_scorer))[0]
    assert own.scores["derogatory"].score < alone.scores["derogatory"].score  # the quoted words weighed
    assert report.scores["derogatory"].score == pytest.approx(own.scores["derogatory"].score)  # and are gone in context
    quoted = [e for e in report.scores["derogatory"].evidence if e.cue]
    assert quoted and all("repeats the message it answers" in e.reason and e.score == 0 for e in quoted)


def test_a_risk_switched_off_keeps_its_alone_score(tiny_scorer, insulting) -> None:
    model = hand_model(tiny_scorer)
    off = replace(model, risks={**model.risks, "derogatory": replace(model.risks["derogatory"], use=False)})
    report = score_in_context(tiny_scorer, ["yes 👍"], [insulting], model=off)[0]
    assert report.scores["derogatory"] == tiny_scorer.score("yes 👍").scores["derogatory"]


def test_spans_of_the_text_and_of_the_context_never_hide_each_other() -> None:
    reply_span = Evidence("derogatory", "context.agrees", 0, 5, "agree", 0.9, "agrees with the message it answers")
    parent_span = replace(reply_span, source="context.parent", where="context", text="crook", score=0.8)
    assert CategoryScore("derogatory", 0.9, True, 0.5, 0.1, (reply_span, parent_span)).top_evidence() == [reply_span, parent_span]


def test_no_context_is_the_plain_report(tiny_scorer) -> None:
    texts = ["yes 👍", "Our wifi password is Tr0ub4dor&3", ""]
    plain = [r.to_dict() for r in tiny_scorer.score_many(texts)]
    for empty in (None, "", [], ["", "  "]):
        assert [r.to_dict() for r in score_in_context(tiny_scorer, texts, [empty] * 3)] == plain
    assert smrisk.score("yes 👍", context="").to_dict() == smrisk.score("yes 👍").to_dict()


@pytest.mark.parametrize(("context", "message"), [
    (5, "got int"),
    (["fine", 3], "it holds a int"),
    ({"text": "hi"}, "got dict"),
])
def test_a_context_that_is_not_text_is_a_clear_error(context, message) -> None:
    with pytest.raises(InputTypeError, match="a string or a list of strings") as error:
        smrisk.score("yes", context=context)
    assert message in str(error.value)


def test_batch_cells_read_as_one_message_or_a_json_list() -> None:
    assert cell_messages('["is it true?", "asking for a friend"]') == ("is it true?", "asking for a friend")
    assert cell_messages("[not json") == ("[not json",)
    assert cell_messages("") == () and cell_messages(None) == () and cell_messages(float("nan")) == ()


# -- what the reply does with its context ---------------------------------------------------------


def test_repeated_words_need_two_content_words_or_quotes() -> None:
    parent = "your support agents are brain-dead morons and the app is trash"
    assert [parent[e.source_start : e.source_end] for e in echoes("brain-dead morons? really", parent)] == ["brain-dead morons"]
    assert [parent[e.source_start : e.source_end] for e in echoes("'trash'? we disagree", parent)] == ["trash"]
    assert echoes("the app works for me", parent) == []  # "the app" holds one content word, not set off: the reply's own


def test_the_longest_cue_wins() -> None:
    cues = reply_cues()
    hits = cues.find("No problem, will do. No thanks to the rest", cues.kinds("reply"))
    assert [(h.kind, h.text) for h in hits] == [("affirm", "No problem"), ("affirm", "will do"), ("refuse", "No thanks")]


@pytest.mark.parametrize("reply", ["no, that's not true and not fair", "That is not true.", "totally false, she's been great",
                                   "I disagree, please stop"])
def test_denying_an_accusation_is_not_agreeing_with_it(reply: str) -> None:
    """"true" inside "not true" is no agreement: a reply that denies the parent's accusation does not take it on."""
    accusation = "The new HR director is a thief who steals from the pension fund"
    assert "derogatory" not in smrisk.score(reply, context=accusation).flagged
    cues = reply_cues()
    assert "affirm" not in {h.kind for h in cues.find(reply, cues.kinds("reply"))}


def test_the_threshold_is_the_middle_of_the_widest_best_range() -> None:
    # q of four pairs, the last flagged by its own words; F1 by threshold t (flags: q >= t, or own):
    # t <= 0.2: all four flagged, 6/7; 0.2 < t <= 0.7: the three positives, 1.0; t > 0.7: two of them, 0.8.
    labels = np.array([1, 1, 0, 1])
    q = np.array([0.9, 0.7, 0.2, 0.5])
    own = np.array([False, False, False, True])
    assert _best_threshold(labels, q, own) == pytest.approx(0.45)  # not 0.7, the edge of the cliff
    assert _best_threshold(labels, np.zeros(4), own) == 0.5  # no threshold to choose from


def test_the_threshold_flags_what_its_f1_was_counted_on() -> None:
    # a harmless pair at q 0.51428 rounds up to the candidate 0.5143; a threshold chosen below that
    # candidate would flag it, although the best F1 (1.0) was counted without it
    labels = np.array([1, 0, 0])
    q = np.array([0.7, 0.51428, 0.3])
    own = np.zeros(3, dtype=bool)
    threshold = _best_threshold(labels, q, own)
    assert list(q >= threshold) == [True, False, False]
    assert threshold == pytest.approx((0.5143 + 0.7) / 2)


def test_the_quiet_floor_lets_context_newly_flag_at_most_the_allowed_share() -> None:
    q = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0])
    own = np.array([True] + [False] * 9)  # the first is flagged by its own words: context adds nothing there
    for rate, newly in ((0.0, 0), (0.1, 1), (0.25, 2)):
        floor = quiet_floor(q, own, rate)
        assert int(np.sum(~own & (q >= floor))) == newly
        assert int(np.sum(~own & (q >= np.nextafter(floor, 0.0)))) > newly  # the lowest such threshold
    assert quiet_floor(np.zeros(10), np.zeros(10, dtype=bool), 0.0) == 0.0  # nothing to keep quiet


def test_real_replies_bound_the_fitted_threshold(tiny_scorer) -> None:
    """Harmless replies that agree with a risky-sounding message, given as ``quiet``: the fitted thresholds
    flag at most ``MAX_ADDED_FLAG_RATE`` of those their own words do not flag (without them, far more)."""
    pairs = load_pairs(Path(__file__).resolve().parents[1] / "data" / "threads" / "pairs.csv")
    pairs = pairs[pairs["split"].isin(["train", "val"])].reset_index(drop=True)
    parents = ["your cashiers are thieves and liars", "heard the merger closes friday, can you confirm?",
               "let's skip the inspection and pay the guy cash"]
    quiet = [(reply, [parent]) for parent in parents for reply in ("yes", "agreed", "yes, sure", "true", "exactly")] * 4
    loose = fit_context_model(pairs, tiny_scorer)
    bounded = fit_context_model(pairs, tiny_scorer, quiet=quiet)
    flagged = {name: {risk: np.mean([risk in r.flagged and risk not in a.flagged for r, a in zip(
        score_in_context(tiny_scorer, [q for q, _ in quiet], [c for _, c in quiet], model=model),
        tiny_scorer.score_many([q for q, _ in quiet]), strict=True)]) for risk in model.risks}
        for name, model in (("loose", loose), ("bounded", bounded))}
    assert all(rate <= MAX_ADDED_FLAG_RATE for rate in flagged["bounded"].values())
    assert any(rate > MAX_ADDED_FLAG_RATE for rate in flagged["loose"].values())


@pytest.mark.parametrize("reply", ["Please make sure the app is updated, then try again.", "Not sure yet, we'll check.",
                                   "Once done, restart the console.", "Be sure to clear the cache first."])
def test_a_word_of_agreement_inside_another_phrase_is_no_agreement(reply: str) -> None:
    cues = reply_cues()
    assert "affirm" not in {h.kind for h in cues.find(reply, cues.kinds("reply"))}
    assert "affirm" in {h.kind for h in cues.find("Sure, that's right.", cues.kinds("reply"))}


def test_a_reply_cannot_take_on_a_risk_its_context_does_not_show(tiny_scorer) -> None:
    """Fitted weights may put q above its threshold for any reply that barely repeats its parent (a
    negative weight on "echo" and an intercept above the threshold): the ceiling over contexts with no
    score and no cue for the risk catches that, and fitting keeps the threshold above it."""
    coef = tuple({"affirm": -1.0, "echo": -0.5, "parent*echo": 2.0}.get(name, 0.0) for name in FEATURES)
    weights = RiskWeights(coef, -2.0, 0.1, 0.2, True)
    barely = [0.0] * len(FEATURES)
    barely[FEATURES.index("echo")] = 0.05  # a reply repeating a word of a harmless parent
    assert weights.takes_on(barely) > weights.threshold
    assert weights.riskless_ceiling() >= weights.takes_on(barely)
    assert weights.riskless_ceiling() == pytest.approx(1 / (1 + np.exp(2.0)))
    for risk, shipped in load_context_model().risks.items():
        assert shipped.threshold > shipped.riskless_ceiling(), risk


def test_q_at_its_threshold_lands_on_the_threshold_of_the_scorer_in_use() -> None:
    """A context model fitted against one base threshold, used with a scorer whose thresholds differ
    (a retrained default, a company's model): the reply flags in context exactly where ``q`` reaches
    the context model's own threshold, not where the old base threshold would have put it."""
    coef = tuple(1.0 if name == "parent*affirm" else 0.0 for name in FEATURES)
    weights = RiskWeights(coef, 0.0, 0.6, 0.5, True)  # fitted against a base threshold of 0.5
    for current in (0.2, 0.5, 0.8):
        assert weights.on_base_scale(0.6, current) == pytest.approx(current)
        assert weights.on_base_scale(0.59, current) < current <= weights.on_base_scale(0.61, current)
    assert weights.on_base_scale(0.6) == pytest.approx(0.5)  # no scorer named: the base fitted against
    row = [0.0] * len(FEATURES)
    row[FEATURES.index("parent*affirm")] = 0.3  # q = sigmoid(0.3) = 0.574: under the context threshold
    assert weights.score(0.0, row, 0.2) < 0.2


def test_a_corrupt_or_mismatched_context_model_is_refused(tmp_path) -> None:
    broken = tmp_path / "model.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelLoadError, match="train_context_model"):
        load_context_model(broken)
    data = load_context_model().to_json()
    data["features"] = ["something", "else"]
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelLoadError, match="other features"):
        load_context_model(broken)
    saved = save_context_model(load_context_model(), tmp_path / "copy.json")
    assert load_context_model(saved) == load_context_model()


# -- the shipped models ---------------------------------------------------------------------------


def test_confirming_a_code_name_is_a_leak(policy_file) -> None:
    policy = smrisk.load_policy(policy_file)
    parent = "Is Bluefin the March launch?"
    report = smrisk.score("Yes, that's the one 😉", context=parent, policy=policy)
    assert "confidential" not in smrisk.score("Yes, that's the one 😉", policy=policy).flagged
    assert "confidential" in report.flagged
    inside = [e for e in report.scores["confidential"].top_evidence() if e.where == "context"]
    assert [parent[e.start : e.end] for e in inside][:1] == ["Bluefin"]
    assert any(r.owner == "legal" for r in report.route)  # the route follows the flag in context


def test_endorsing_an_accusation_is_derogatory_and_quoting_an_insult_to_refuse_it_is_not() -> None:
    accusation = "The new HR director is a thief who steals from the pension fund"
    assert "derogatory" not in smrisk.score("so true 👏").flagged
    assert "derogatory" in smrisk.score("so true 👏", context=accusation).flagged
    refusal = "brainless idiots? that's our team you're talking about. DM us and we'll sort your refund"
    assert "derogatory" in smrisk.score(refusal).flagged
    in_context = smrisk.score(refusal, context="your cashiers are brainless idiots")
    assert "derogatory" not in in_context.flagged
    assert not in_context.flagged  # repeating a parent that leaks nothing is no leak
    assert any(n.startswith("derogatory") and "'brainless idiots' repeat the message it answers" in n for n in in_context.notes)


@pytest.mark.parametrize(("parent", "reply", "value"), [
    ("what's the wifi pw?", "its Otter2024!", "Otter2024"),
    ("whats the wifi password", "same as always, Otter2024!", "Otter2024"),
    ("code for the gate pls", "4471#", "4471#"),
    ("can you send me the admin login?", "sure, it is Summer2025", "Summer2025"),
    ("code for the server room pls", "its 7391", "7391"),
    ("whats the pin", "0000", "0000"),  # asked for a PIN, a round number is one
    ("hey whats the pin for the back office", "same as the year we opened, 1998", "1998"),
    ("whats the code for the gate", "1 2 3 4 then # lol", "1 2 3 4"),
    ("what's the door code for the server room?", "83920571", "83920571"),  # eight digits in one run: no phone number
    ("whats the code for the staff toilet?", "it's 2580", "2580"),
    ("what is the code to get in the back entrance?", "it's 2580", "2580"),
    ("whats the safe combination", "it's 2580", "2580"),
    ("what's the till override code?", "it's 2580", "2580"),
])
def test_a_reply_giving_the_credential_it_is_asked_for_is_a_masked_leak_routed_to_security(
        policy_file, parent, reply, value) -> None:
    policy = smrisk.load_policy(policy_file)
    assert "confidential" not in smrisk.score(reply).flagged  # alone, a bare value is nothing
    report = smrisk.score(reply, context=parent, policy=policy)
    assert "confidential" in report.flagged
    given = [e for e in report.scores["confidential"].evidence if e.source == "confidential.credential_answer"]
    assert [e.text for e in given] == [value] and given[0].credential
    seen = report.display_text() + report.explain() + json.dumps(report.to_dict(), ensure_ascii=False)
    assert value not in seen  # masked wherever a reviewer reads
    asked = [e for e in report.scores["confidential"].evidence if e.where == "context"]
    assert asked and parent[asked[0].start : asked[0].end] == asked[0].text
    assert [r.owner for r in report.route][:1] == ["security"]


def test_confirming_a_password_in_the_question_routes_to_security(policy_file) -> None:
    policy = smrisk.load_policy(policy_file)
    report = smrisk.score("yep thats it", context="is the wifi password still Sunshine2023?", policy=policy)
    assert "confidential" in report.flagged and "Sunshine2023" not in report.explain()
    assert any(r.owner == "security" and "confidential.password" in r.because for r in report.route)


def test_a_policy_routes_or_switches_off_the_credential_answer_rule_by_its_id(tmp_path) -> None:
    routed = tmp_path / "routed.toml"
    routed.write_text('[[route]]\nowner = "it-sec"\nwhen = ["confidential.credential_answer"]\n', encoding="utf-8")
    report = smrisk.score("its Otter2024!", context="whats the wifi pw?", policy=smrisk.load_policy(routed))
    assert [r.line() for r in report.route] == ["it-sec (confidential.credential_answer)"]
    off = tmp_path / "off.toml"
    off.write_text('[scoring]\ndisabled_detectors = ["confidential.credential_answer"]\n', encoding="utf-8")
    assert not smrisk.score("its Otter2024!", context="whats the wifi pw?", policy=smrisk.load_policy(off)).flagged


@pytest.mark.parametrize(("parent", "reply"), [
    ("forgot my password, help?", "Reset it at example.com/reset or call 0800 123 4567"),
    ("I can't log in, is the password reset broken?", "I opened ticket 48213 for you, we'll DM you soon"),
    ("i cant log in, whats the admin password", "ur ticket is 88213, someone from IT will call before 5pm"),
    ("whats the door code for the shop", "we open at 0900, see you then"),
    ("my login keeps failing?", "Sorry! The error: KX-48213-2 means the account is locked, we can unlock it"),
    ("what's the wifi password?", "ask reception, they have it"),
    ("what is the door code?", "see you at 5:30 on 12/03"),
    ("Great launch today!", "Otter2024!"),  # nobody asked for a secret
    ("can you pin this post?", "done! pinned, 4471 likes already"),
    ("can you pin it?", "pinned: Launch2025 thread"),  # pinning a post, not a PIN
    ("whats the door code? I'm locked out", "call facilities on 0161 555 0199"),
    ("what's the code to register for the event?", "use EVENT2024 at checkout"),  # a sign-up code opens no lock
])
def test_a_reply_to_a_credential_question_without_a_secret_is_not_a_leak(parent, reply) -> None:
    assert "confidential" not in smrisk.score(reply, context=parent).flagged


def test_a_secret_in_the_reply_s_own_words_stays_a_leak_though_it_repeats_the_message_answered() -> None:
    parent = "The lab door code changed again today"  # asks for nothing: the reply's own words are the leak
    assert "confidential" in smrisk.score("door code is 4471").flagged
    report = smrisk.score("door code is 4471", context=parent)
    assert "confidential" in report.flagged and "4471" not in report.display_text()


def test_a_refusal_typed_in_a_hurry_is_a_refusal() -> None:
    parent = "your delivery drivers are thieves"
    refusal = "calling our drivers thieves isnt fair. pls DM us your order number and we'll look into it"
    assert "derogatory" not in smrisk.score(refusal, context=parent).flagged  # "isnt fair", not the "fair" of agreement
    assert "derogatory" in smrisk.score("yep fair, they are thieves", context=parent).flagged


def test_an_unrelated_reply_keeps_its_scores() -> None:
    alone = smrisk.score("Our store opens at 9 tomorrow")
    report = smrisk.score("Our store opens at 9 tomorrow", context=["hi", "your cashiers are brainless idiots"])
    assert {r: s.score for r, s in report.scores.items()} == {r: s.score for r, s in alone.scores.items()}


# -- command line and batch ------------------------------------------------------------------------


def test_cli_score_with_context(capsys) -> None:
    parent = "The new HR director is a thief who steals from the pension fund"
    assert main(["score", "so true 👏", "--context", parent, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "derogatory" in data["flagged"] and data["context_messages"] == 1
    inside = [e for e in data["scores"]["derogatory"]["evidence"] if e.get("in") == "context"]
    assert inside and all(parent[e["start"] : e["end"]] == e["text"] for e in inside)
    assert main(["score", "so true 👏", "--context", "", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["context_messages"] == 0  # the key is always there


def _replies_csv(path: Path) -> Path:
    rows = [
        ("1", "The new HR director is a thief who steals from the pension fund", "so true 👏"),
        ("2", "", "so true 👏"),
        ("3", json.dumps(["hey", "The new HR director is a thief who steals from the pension fund"]), "so true 👏"),
        ("4", "your cashiers are brainless idiots", "brainless idiots? that's our team you're talking about. DM us"),
        ("5", "is the store open?", ""),
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("id", "parent", "reply"), *rows])
    return path


def test_batch_with_a_context_column(tmp_path) -> None:
    source = _replies_csv(tmp_path / "replies.csv")
    out = tmp_path / "out.csv"
    summary = score_file(str(source), str(out), smrisk.default_scorer(), text_column="reply", context_column="parent", progress=False)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert summary.rows == 5 and [r["id"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert [r["derogatory_flag"] for r in rows[:4]] == ["1", "0", "1", "0"]
    assert "in the message it answers" in rows[0]["evidence"] and rows[4]["status"] == "empty_text"
    with pytest.raises(InputError, match="no column 'thread'"):
        score_file(str(source), str(tmp_path / "x.csv"), smrisk.default_scorer(), text_column="reply", context_column="thread")


def test_resume_refuses_a_run_with_another_context_column(tmp_path) -> None:
    source = _replies_csv(tmp_path / "replies.csv")
    out = tmp_path / "out.csv"
    assert main(["batch", str(source), "-o", str(out), "--text-column", "reply", "--no-progress"]) == 0
    Path(f"{out}.partial").write_bytes(out.read_bytes())
    Path(f"{out}.progress").write_text(json.dumps({"rows_done": 2, "policy_sha256": None}))
    out.unlink()
    with pytest.raises(InputError, match="--context-column"):
        score_file(str(source), str(out), smrisk.default_scorer(), text_column="reply", context_column="parent", resume=True)


@pytest.mark.slow
def test_batch_with_a_context_column_on_workers_writes_the_same_bytes(tmp_path) -> None:
    pytest.importorskip("distributed")
    source = _replies_csv(tmp_path / "replies.csv")
    argv = ["batch", str(source), "--text-column", "reply", "--context-column", "parent", "--chunk-rows", "2", "--no-progress"]
    assert main([*argv, "-o", str(tmp_path / "one.csv")]) == 0
    assert main([*argv, "-o", str(tmp_path / "two.csv"), "--workers", "1"]) == 0
    assert (tmp_path / "two.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()


def test_the_explanation_says_which_risks_were_read_in_context() -> None:
    """The shipped context model is off for illegal: "im in!!" under a plan to buy coke is read alone for that risk,
    and the report says so rather than implying every risk saw the message it answers (a new user read it so)."""
    report = smrisk.score("im in!! 🎉", context="anyone wanna split some coke for the xmas party")
    used = tuple(risk for risk in CATEGORIES if risk in report.read_in_context)
    assert used and "illegal" not in used
    assert f"context: read with the message it answers for {', '.join(used)}; illegal read alone" in report.explain()
    assert smrisk.score("im in!! 🎉").read_in_context == ()


@pytest.mark.parametrize(("messages", "replied"), [
    (["Is Bluefin the March launch?"], (0,)),
    (["hey @acme 👋", "Is Bluefin the March launch?"], (1,)),  # a greeting before the question is not answered
    (["Is it true the earnings are getting restated next week?", "anyone? 👀"], (0, 1)),  # the follow-up chases it
    (["Is it true the earnings are getting restated?", "??", "be honest lol"], (0, 1, 2)),
    (["Mind sharing a screenshot of the email?", "I'm away from my computer, I will when I get home."], (1,)),
])
def test_a_reply_answers_the_last_message_and_what_it_only_chases(messages: list[str], replied: tuple[int, ...]) -> None:
    assert answered(messages) == replied


def test_a_courtesy_after_a_harmless_message_does_not_take_on_a_cue_said_turns_before() -> None:
    """A real care conversation: the agent asked for a screenshot two turns back ("screenshot" is a rumour cue: "saw a
    screenshot of the roadmap"); the customer answered; the agent's "No problem!" agrees with nothing not public."""
    context = ["@AdobeCare No error message, just a crash that causes my computer to restart.",
               "@TwistyPunch Would you mind sharing the screenshot of the Memory? Go to Edit > Preferences > Memory.",
               "@AdobeCare I'm away from my computer for the next few hours, but I will when I get home."]
    reply = "@TwistyPunch No Problem! We'll be waiting for your response. Happy to help."
    assert "confidential" not in smrisk.score(reply, context=context).flagged
    chased = ["saw a screenshot of the unreleased roadmap, is the Q3 launch real?", "anyone? 👀"]
    assert "confidential" in smrisk.score("yep 😉", context=chased).flagged


def test_confirming_results_before_they_are_out_is_a_leak() -> None:
    """A bank analyst's trial: "Correct 👍" under a question about results not yet published was read as harmless."""
    parent = "So profits are down 18% before the results are even out?"
    assert "confidential" not in smrisk.score("Correct 👍").flagged
    assert "confidential" in smrisk.score("Correct 👍", context=parent).flagged
    assert "confidential" not in smrisk.score("Correct 👍", context="So the results are out on the 28th?").flagged


def test_agreeing_with_an_insult_of_a_competitor_routes_to_the_competitor_lexicon_s_owner(tmp_path) -> None:
    """A bank analyst's trial: "so true 😂" under "Northdale staff are thick as mince" went to hr only, though the
    insult it agrees with names a competitor whose lexicon routes to legal."""
    path = tmp_path / "policy.toml"
    path.write_text('[[lexicon]]\nid = "competitors"\nrisk = "derogatory"\nterms = ["Northdale"]\nreason = "competitor"\n'
                    'context_only = true\nroute = "legal"\n\n[[route]]\nowner = "hr"\nwhen = ["derogatory"]\n', encoding="utf-8")
    policy = smrisk.load_policy(path)
    report = smrisk.score("so true 😂", context="Northdale staff are thick as mince", policy=policy)
    assert "derogatory" in report.flagged
    assert [r.owner for r in report.route] == ["hr", "legal"]
    named = [e for e in report.scores["derogatory"].evidence if e.source == "derogatory.policy.competitors"]
    assert [(e.where, e.message, e.text, e.score) for e in named] == [("context", 0, "Northdale", 0.0)]
    unrelated = smrisk.score("we open at 9 tomorrow", context="Northdale staff are thick as mince", policy=policy)
    assert not unrelated.route
