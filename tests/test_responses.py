"""The response library: strict validation, every reply screened, ``suggest`` ranking, the CLI and batch columns."""

from __future__ import annotations

import csv
import json
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from smrisk.api import default_scorer
from smrisk.batch import score_file
from smrisk.cli import main
from smrisk.errors import ConfigError, InputError, InputTypeError
from smrisk.responses import OWNERS, Library, load_library, nearest_response, parse_library, starter_library_path, suggest
from smrisk.responses.columns import SuggestionColumns
from smrisk.responses.suggest import NO_MATCH_BELOW, Suggestion
from smrisk.scorer import Scorer

ROOT = Path(__file__).resolve().parents[1]

SMALL = """\
[[response]]
id = "outage"
situation = "The service or website is down or not loading."
examples = ["your site is down", "the app will not load, error 503", "nothing works, servers offline"]
text = "Sorry for the disruption. Follow updates at {status_url}."
owner = "support"
channels = ["public"]

[[response]]
id = "refund"
situation = "A customer wants their money back for a purchase."
examples = ["I want a refund", "give me my money back", "how do I return this for a refund"]
text = "Sorry it did not work out. Start a return at {returns_url} and we will refund you."
owner = "support"

[[response]]
id = "press"
situation = "A journalist asks for a comment or an interview."
examples = ["reporter here, can you comment", "journalist writing an article about you", "is your CEO available for an interview"]
text = "Please send your questions to our press office at {press_email}."
owner = "comms"
"""


@pytest.fixture(scope="module")
def screen() -> Scorer:
    """The shipped model: whether an approved reply passes screening is its verdict (the tiny test model flags
    ordinary replies)."""
    return default_scorer()


@pytest.fixture(scope="module")
def small(screen: Scorer) -> Library:
    return parse_library(SMALL.encode(), "small.toml", screen)


def _broken(old: str, new: str, count: int = 1) -> bytes:
    assert old in SMALL
    return SMALL.replace(old, new, count).encode()


@pytest.mark.parametrize(("raw", "message"), [
    (_broken('owner = "comms"\n', ""), r"small.toml:\d+: \[\[response\]\] #3: missing owner \(required\)"),
    (_broken('owner = "comms"', 'owner = "marketing"'), r"#3 owner: must be one of support, legal, comms, security, hr, got 'marketing'"),
    (_broken('owner = "comms"', 'owner = "coms"'), r"#3 owner: .*did you mean 'comms'\?"),
    (_broken('id = "refund"', 'id = "outage"'), r"small.toml:10: \[\[response\]\] #2 id: 'outage' is already the id of response #1"),
    (_broken("examples = [\"I want", "exmples = [\"I want"),
     r"small.toml:12: \[\[response\]\] #2 exmples: unknown key.*did you mean 'examples'\?"),
    (_broken("examples = [\"I want a refund\", \"give me my money back\", \"how do I return this for a refund\"]", "examples = []"),
     r"#2 examples: must be a non-empty list"),
    (_broken("{status_url}", "{status url}"), r"#1 text: placeholder \{status url\} must be a plain name"),
    (_broken("{status_url}", "{status_url"), r"#1 text: has a stray brace"),
    (_broken("[[response]]", "[[responses]]"), r"responses: unknown table or key.*did you mean \[\[response\]\]\?"),
    (b"", r"holds no \[\[response\]\] tables"),
    (b"[[response]\nid = 1", r"is not valid TOML"),
    (b"\xff\xfe\x00", r"is not UTF-8"),
])
def test_library_errors_name_the_entry_the_key_and_the_fix(raw: bytes, message: str, screen: Scorer) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_library(raw, "small.toml", screen)


def test_a_flagged_reply_is_an_error_that_names_it(screen: Scorer) -> None:
    risky = _broken("Please send your questions to our press office at {press_email}.",
                    "Sure, the admin login is admin / Spring2024! and the door code is 4471.")
    with pytest.raises(ConfigError, match=r"#3 text: response 'press' is flagged by smrisk as confidential"):
        parse_library(risky, "small.toml", screen)


def test_every_problem_of_a_library_is_named_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A person fixing a file sees all its mistakes at once, in file order, each with its line and entry;
    a misspelt key is not also called missing, and a duplicate id is told beside the entry's own problem."""
    raw = (SMALL.replace("examples = [\"I want", "exmples = [\"I want")
           .replace('owner = "comms"', 'owner = "marketing"')
           .replace("Sorry for the disruption. Follow updates at {status_url}.",
                    "Sure, the admin login is admin / Spring2024! and the door code is 4471.")
           + '\n[[response]]\nid = "outage"\nsituation = "Shipping is late."\nexamples = ["where is my parcel"]\n'
             'text = "Sorry for the wait. Track it at {tracking url}."\nowner = "support"\n')
    path = tmp_path / "bad.toml"
    path.write_text(raw, encoding="utf-8")
    assert main(["library", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"5 problems in {path}:" in err
    lines = [line.strip() for line in err.splitlines()[1:]]
    assert [line.split(": ")[1] for line in lines] == [
        "[[response]] #1 text", "[[response]] #2 exmples", "[[response]] #3 owner", "[[response]] #4 id", "[[response]] #4 text"]
    assert "flagged by smrisk as confidential" in lines[0] and "already the id of response #1" in lines[3]
    assert [int(line.split(":")[1]) for line in lines] == sorted(int(line.split(":")[1]) for line in lines)
    assert "missing examples" not in err


def test_one_entry_with_several_problems_names_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt key does not hide the entry's bad owner and placeholder until the next run."""
    path = tmp_path / "bad.toml"
    path.write_text('[[response]]\nid = "x1"\nsituaton = "typo"\nsituation = "An outage."\nexamples = ["site down?"]\n'
                    'text = "We are on it {bad name}"\nowner = "billing"\n', encoding="utf-8")
    assert main(["library", "check", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert f"3 problems in {path}:" in lines[0]
    assert [line.strip().split(": ")[1] for line in lines[1:]] == [
        "[[response]] #1 situaton", "[[response]] #1 text", "[[response]] #1 owner"]


def test_a_reply_with_a_problem_of_its_own_is_screened_in_the_same_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An entry with a misspelt owner whose reply smrisk would also flag: both are told at once, so the
    user does not fix the owner only to hear of the reply next time."""
    raw = SMALL.replace('text = "Sorry for the disruption. Follow updates at {status_url}."\nowner = "support"',
                        'text = "Sure, the admin login is admin / Spring2024! and the door code is 4471."\nowner = "suport"')
    path = tmp_path / "bad.toml"
    path.write_text(raw, encoding="utf-8")
    assert main(["library", "check", str(path)]) == 2
    err = capsys.readouterr().err
    lines = [line.strip() for line in err.splitlines()[1:]]
    assert f"2 problems in {path}:" in err, err
    assert any("#1 owner" in line and "'suport'" in line for line in lines)
    assert any("'outage' is flagged by smrisk as confidential" in line for line in lines)


def test_placeholders_are_read_as_neutral_words_when_screened(small: Library) -> None:
    outage = small.get("outage")
    assert outage.placeholders == ("status_url",)
    assert outage.neutral_text() == "Sorry for the disruption. Follow updates at status url."
    assert outage.fill({"status_url": "status.acme.com"}).endswith("at status.acme.com.")
    assert small.get("refund").fill() == small.get("refund").text  # unfilled placeholders stay visible
    with pytest.raises(ConfigError, match="did you mean 'refund'"):
        small.get("refnd")


@pytest.mark.parametrize(("message", "best"), [
    ("the website has been down all morning", "outage"),
    ("ur app wont load at all, erorr 503 again", "outage"),         # typos and slang: the character n-grams
    ("I'd like my money back please", "refund"),
    ("refunded? how do I send it back", "refund"),                 # stems: refunded -> refund
    ("Hi, I'm writing an article, could someone comment?", "press"),
])
def test_suggest_ranks_the_reply_that_answers_the_message_first(small: Library, message: str, best: str) -> None:
    found = suggest(message, small, k=3)
    assert found[0].id == best
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert 0 < found[0].score <= 1 and found[0].owner == small.get(best).owner and found[0].text == small.get(best).text


def test_suggest_k_min_score_and_bad_input(small: Library) -> None:
    assert len(suggest("the site is down and I want a refund", small, k=2)) == 2
    assert suggest("", small) == [] and suggest("   \n", small) == []
    assert suggest("zzzz qqqq", small) == []                       # nothing in common: no suggestion, not a random one
    assert all(s.score >= 0.3 for s in suggest("your site is down", small, min_score=0.3))
    with pytest.raises(InputTypeError, match="must be a string, got int"):
        suggest(42, small)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="k must be a whole number of at least 1, got 0"):
        suggest("site down", small, k=0)


def test_nearest_response_says_how_much_of_the_approved_text_a_draft_changed(small: Library) -> None:
    approved = small.get("outage").fill({"status_url": "https://status.acme.com/now"})
    exact = nearest_response(approved, small)
    assert exact is not None and (exact.id, exact.changed, exact.added, exact.similarity) == ("outage", 0.0, 0.0, 1.0)
    # 8 approved words (the placeholder counts as one); "disruption" replaced by "outage": 1 of 8 changed
    edited = nearest_response(approved.replace("disruption", "outage"), small)
    assert edited is not None and edited.id == "outage" and edited.changed == pytest.approx(1 / 8)
    insult = nearest_response(approved.replace("disruption.", "disruption. You people are idiots."), small)
    assert insult is not None and insult.changed == 0.0 and insult.added == pytest.approx(4 / 8)
    assert "nearest approved response `outage` (support): 0% of it changed, 50% more words added" == insult.line()
    assert nearest_response("", small) is None
    # with the message it answers, only the replies that fit that message are candidates
    in_context = nearest_response("Sorry it did not work out.", small, context="is your CEO available for an interview?", k=1)
    assert in_context is not None and in_context.id == "press"
    assert nearest_response("Sorry it did not work out.", small).id == "refund"  # type: ignore[union-attr]


def test_the_starter_library_passes_the_shipped_model_and_covers_the_common_conflicts() -> None:
    library = load_library("starter")
    assert len(library) >= 30
    assert all(20 <= len(r.examples) <= 25 and r.owner in OWNERS for r in library)
    assert {r.owner for r in library} == set(OWNERS)
    for prefix in ("outage", "billing", "delivery", "abuse", "legal", "press", "rumour", "breach", "harassment", "refund",
                   "competitor", "unreleased"):
        assert any(r.id.startswith(prefix) for r in library), prefix
    assert (ROOT / "data" / "responses" / "starter_library.toml").read_bytes() == starter_library_path().read_bytes()


@pytest.mark.parametrize("name", ["eval_messages.csv", "eval_messages_fresh.csv", "eval_messages_fresh2.csv"])
def test_the_evaluation_messages_name_only_library_ids_and_are_not_its_examples(name: str) -> None:
    rows = list(csv.DictReader((ROOT / "data" / "responses" / name).open(encoding="utf-8")))
    library = tomllib.loads(starter_library_path().read_text(encoding="utf-8"))["response"]
    ids = {r["id"] for r in library}
    examples = {e.strip().lower() for r in library for e in r["examples"]}
    assert len(rows) >= 400 and {r["response_id"] for r in rows} <= ids | {"none"}
    assert not [r["message"] for r in rows if r["message"].strip().lower() in examples]
    assert len({r["message"] for r in rows}) == len(rows)
    assert {r.get("split") for r in rows} == ({"validation", "test"} if name == "eval_messages.csv" else {None})


def test_the_fresh_messages_share_none_with_the_first_file() -> None:
    def messages(name: str) -> set[str]:
        rows = csv.DictReader((ROOT / "data" / "responses" / name).open(encoding="utf-8"))
        return {r["message"].strip().lower() for r in rows}

    first, fresh, fresh2 = (messages(f"eval_messages{end}.csv") for end in ("", "_fresh", "_fresh2"))
    assert first.isdisjoint(fresh) and first.isdisjoint(fresh2) and fresh.isdisjoint(fresh2)


#: Replies added after the second fresh messages were written (a new user's trial): none of its messages name them.
ADDED_AFTER_THE_SECOND_FRESH_SET = ("card-lost-stolen", "account-app-problem")


def test_the_second_fresh_messages_give_every_response_twelve_and_none_twenty_four() -> None:
    rows = list(csv.DictReader((ROOT / "data" / "responses" / "eval_messages_fresh2.csv").open(encoding="utf-8")))
    ids = [r["id"] for r in tomllib.loads(starter_library_path().read_text(encoding="utf-8"))["response"]
           if r["id"] not in ADDED_AFTER_THE_SECOND_FRESH_SET]
    assert [r["message_id"] for r in rows] == [f"g{n:03d}" for n in range(1, len(rows) + 1)]
    counts = {i: sum(r["response_id"] == i for r in rows) for i in [*ids, "none"]}
    assert counts == {**dict.fromkeys(ids, 12), "none": 24} and len(rows) == 12 * len(ids) + 24


def test_cli_suggest_json_lists_the_best_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    assert main(["suggest", "my refund never came, I want my money back", "--library", str(path), "--json", "-k", "2"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [item["id"] for item in found][:1] == ["refund"] and len(found) == 2
    assert {"id", "score", "owner", "text"} <= set(found[0]) and found[0]["score"] >= found[1]["score"]
    assert main(["suggest", "", "--library", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["suggest", "site down", "--library", str(path)]) == 0
    assert capsys.readouterr().out.startswith("1. outage (support, similarity ")
    assert main(["suggest", "my refund never came, I want my money back", "--library", str(path), "-k", "2"]) == 0
    strong, weak = [line for line in capsys.readouterr().out.splitlines() if line[:1].isdigit()]
    assert "weak" not in strong and f"weak: under {NO_MATCH_BELOW}, where batch suggests nothing" in weak  # batch would leave it blank


@pytest.mark.parametrize(("score", "weak", "shown"), [
    (0.17531, True, "0.175"),  # two decimals would read 0.18, the floor it is under
    (0.17996, True, "0.17996"),
    (0.1712, True, "0.17"),
    (NO_MATCH_BELOW, False, "0.18"),
    (0.1811, False, "0.18"),
    (0.4333, False, "0.43"),
])
def test_a_weak_suggestion_says_so_and_never_shows_the_floor(score: float, weak: bool, shown: str) -> None:
    found = Suggestion("outage", score, "support", "Sorry.", "The site is down.")
    assert found.weak is weak and found.shown_score() == shown
    assert found.to_dict() == {"id": "outage", "score": round(score, 4), "owner": "support", "text": "Sorry.",
                               "situation": "The site is down.", "weak": weak}
    assert replace(found, score=0.5).weak is False and replace(found, score=0.01).weak is True


def test_cli_suggest_marks_the_weak_matches_that_python_marks(capsys: pytest.CaptureFixture[str]) -> None:
    """The user's message: the best reply scores 0.175, once shown as 'similarity 0.18; weak: under 0.18'."""
    message = "what time does your store open on sundays?"
    found = suggest(message, "starter")
    assert main(["suggest", message, "--library", "starter"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line[:1].isdigit()]
    assert len(lines) == len(found) == 3 and found[0].weak
    for line, item in zip(lines, found, strict=True):
        shown = float(line.split("similarity ")[1].split(";")[0].rstrip(")"))
        assert ("weak: under" in line) is item.weak and (shown < NO_MATCH_BELOW) is item.weak, line
    assert main(["suggest", message, "--library", "starter", "--json"]) == 0
    assert [item["weak"] for item in json.loads(capsys.readouterr().out)] == [item.weak for item in found]


def test_cli_library_check_and_its_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["library", "check", "starter"]) == 0
    assert "valid, " in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text(SMALL.replace('owner = "comms"', 'owner = "pr"'), encoding="utf-8")
    assert main(["library", "check", str(bad)]) == 2
    assert "owner: must be one of" in capsys.readouterr().err
    assert main(["suggest", "hi", "--library", str(tmp_path / "missing.toml")]) == 2
    assert "cannot read response library" in capsys.readouterr().err


def _messages_csv(path: Path) -> Path:
    path.write_text("id,customer_message,text\n"
                    "1,\"the app will not load, servers offline\",We are on it\n"
                    "2,,thanks\n"
                    "3,I want a refund for this,Sorry to hear that\n"
                    "4,zzzz qqqq,ok\n", encoding="utf-8")
    return path


def test_batch_adds_the_suggested_reply_and_its_owner(tmp_path: Path, small: Library, tiny_scorer: Scorer) -> None:
    source = _messages_csv(tmp_path / "in.csv")
    out = tmp_path / "out.csv"
    score_file(str(source), str(out), tiny_scorer, progress=False, extra=SuggestionColumns(small, "customer_message"))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0])[-3:] == ["status", "suggested_response", "suggested_owner"]
    assert [(r["suggested_response"], r["suggested_owner"]) for r in rows] == [("outage", "support"), ("", ""), ("refund", "support"),
                                                                               ("", "")]
    with pytest.raises(InputError, match="no column 'message'"):
        score_file(str(source), str(tmp_path / "o2.csv"), tiny_scorer, progress=False, extra=SuggestionColumns(small, "message"))


def test_batch_suggestions_in_parquet(tmp_path: Path, small: Library, tiny_scorer: Scorer) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out.parquet"
    score_file(str(_messages_csv(tmp_path / "in.csv")), str(out), tiny_scorer, progress=False,
               extra=SuggestionColumns(small, "customer_message"))
    table = pq.read_table(out)
    assert table.column("suggested_response").to_pylist() == ["outage", "", "refund", ""]


def test_cli_batch_library_options(tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _messages_csv(tmp_path / "in.csv")
    argv = ["batch", str(source), "--model", str(tiny_model_dir), "--no-progress"]
    assert main([*argv, "-o", str(tmp_path / "a.csv"), "--message-column", "customer_message"]) == 2
    assert "--message-column needs --library" in capsys.readouterr().err
    assert main([*argv, "-o", str(tmp_path / "b.csv"), "--library", "starter", "--message-column", "customer_message"]) == 0
    rows = list(csv.DictReader((tmp_path / "b.csv").open(encoding="utf-8")))
    assert rows[0]["suggested_response"] == "outage-acknowledge" and rows[2]["suggested_owner"] == "support"
    assert rows[1]["suggested_response"] == ""


def test_a_scored_reply_names_its_approved_alternative(small: Library, capsys: pytest.CaptureFixture[str]) -> None:
    import smrisk

    calm = smrisk.score("Sorry for the disruption. Follow updates at https://status.acme.com/now.", library=small,
                        context="your site is down again??")
    assert calm.approved is not None and calm.approved.id == "outage" and calm.approved.changed == 0.0
    assert calm.to_dict()["approved_response"]["id"] == "outage"
    assert "instead, consider" not in calm.explain() and "nearest approved response `outage` (support)" in calm.explain()
    rude = smrisk.score("Sorry for the disruption, you idiots. Follow updates somewhere else.", library=small,
                        context="your site is down again??")
    assert "derogatory" in rude.flagged
    assert "instead, consider response `outage` (support)" in rude.explain()
    assert smrisk.score("Sorry for the disruption.").to_dict()["approved_response"] is None  # no library, no link (the key stays)
    assert main(["score", "Sorry for the disruption, you idiots.", "--context", "site down?", "--library", "starter"]) == 0
    assert "instead, consider response `outage-" in capsys.readouterr().out
    rude = smrisk.score("Maybe read your invoice next time, genius.", context="I was charged twice for the same order!!",
                        library="starter")
    assert rude.flagged and rude.approved is not None and rude.approved.id == "billing-double-charge"
    assert rude.to_dict()["approved_response"]["text"].startswith("Sorry about the duplicate charge")


def test_no_approved_reply_is_offered_for_a_message_none_answers() -> None:
    """A question no approved reply answers (``suggest`` finds only weak matches): a flagged draft is compared
    with the nearest reply by its words, but not told to send it instead."""
    import smrisk

    rude = smrisk.score("Read the website, idiot.", context="what time does the Leeds depot open on Sunday?", library="starter")
    assert rude.flagged and rude.approved is not None and not rude.approved.fits
    assert "instead, consider" not in rude.explain() and "nearest approved response" in rude.explain()
    assert rude.to_dict()["approved_response"]["fits"] is False


def test_resume_with_another_model_or_library_is_refused(tmp_path: Path, small: Library, tiny_scorer: Scorer) -> None:
    """An interrupted run records the model and library its rows came from: a resumed run with others
    would write rows judged two ways into one file."""
    source, out, full = _messages_csv(tmp_path / "in.csv"), tmp_path / "out.csv", tmp_path / "full.csv"
    score_file(str(source), str(full), tiny_scorer, progress=False, extra=SuggestionColumns(small, "customer_message"))
    interrupted = SuggestionColumns(small, "customer_message")
    chunks = []

    def cells_then_crash(values):  # noqa: ANN001, ANN202
        chunks.append(values)
        if len(chunks) == 2:
            raise KeyboardInterrupt
        return SuggestionColumns.cells(interrupted, values)

    interrupted.cells = cells_then_crash  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        score_file(str(source), str(out), tiny_scorer, chunk_rows=2, progress=False, extra=interrupted)
    bundle = tiny_scorer.bundles[0]
    other_model = Scorer([replace(bundle, card={**bundle.card, "name": "other"})])
    for scorer, extra, message in [
        (other_model, SuggestionColumns(small, "customer_message"),
         "scored with model model@.*, this run uses other@.*pass the same --model"),
        (tiny_scorer, SuggestionColumns(small, "customer_message", min_score=0.5),
         f"suggestions came from library sha256 .* at min score {NO_MATCH_BELOW}, this run's from library sha256 .* at min score 0.5"),
    ]:
        with pytest.raises(InputError, match=f"cannot resume .*{message}"):
            score_file(str(source), str(out), scorer, chunk_rows=2, resume=True, progress=False, extra=extra)
    summary = score_file(str(source), str(out), tiny_scorer, chunk_rows=2, resume=True, progress=False,
                         extra=SuggestionColumns(small, "customer_message"))
    assert summary.resumed_from == 2 and out.read_bytes() == full.read_bytes()


def test_a_reply_naming_a_code_name_is_refused_under_the_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The shipped model does not know the company's code names: under a policy, every approved reply is screened
    by the policy too, in `library check --policy`, `score --policy --library` and `batch --policy --library`, so a
    reply that leaks one is never offered (a new user's library held "Project Osprey is something we're excited about")."""
    import smrisk

    library = tmp_path / "lib.toml"
    library.write_text(SMALL.replace("Sorry it did not work out.", "Project Osprey ships soon, sorry it did not work out."),
                       encoding="utf-8")
    policy = tmp_path / "policy.toml"
    policy.write_text('[[lexicon]]\nrisk = "confidential"\nterms = ["Project Osprey"]\nreason = "code name"\n', encoding="utf-8")
    assert main(["library", "check", str(library)]) == 0  # the general model reads nothing wrong in it
    capsys.readouterr()
    assert main(["library", "check", str(library), "--policy", str(policy)]) == 2
    assert "response 'refund' is flagged by smrisk as confidential" in capsys.readouterr().err
    assert main(["score", "I want my money back", "--policy", str(policy), "--library", str(library)]) == 2
    posts = tmp_path / "posts.csv"
    posts.write_text("id,text\n1,I want a refund\n", encoding="utf-8")
    assert main(["batch", str(posts), "-o", str(tmp_path / "out.csv"), "--policy", str(policy), "--library", str(library)]) == 2
    with pytest.raises(ConfigError, match="response 'refund' is flagged"):
        smrisk.score("I want my money back", policy=str(policy), library=str(library))
    assert smrisk.score("I want my money back", library=str(library)).approved is not None  # no policy: as before
