"""The review app over HTTP (Starlette's TestClient): pages, the token on decisions, escaping, and
no way to reach a file it was not given."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pytest
from starlette.testclient import TestClient

from smrisk.categories import CATEGORIES
from smrisk.cli import main
from smrisk.decisions import DecisionLog, read_decisions
from smrisk.errors import InputError
from smrisk.review.app import TOKEN_HEADER, create_app
from smrisk.review.queue import load_queue
from smrisk.review.session import ReviewSession
from smrisk.shown_texts import Masker, masker_of
from tests.review_data import SCRIPT_POST, scored_csv

TOKEN = "test-token"


@pytest.fixture
def files(tmp_path):
    return scored_csv(tmp_path / "scored.csv"), tmp_path / "decisions.jsonl"


@pytest.fixture
def mask(tiny_scorer) -> Masker:
    return masker_of(tiny_scorer)


def client_for(mask: Masker, scored, decisions, host: str = "127.0.0.1") -> TestClient:
    session = ReviewSession(load_queue(str(scored), mask, id_column="post_id"), DecisionLog(decisions), "ann", "tiny@0")
    return TestClient(create_app(session, TOKEN), base_url=f"http://{host}")


def decide(client: TestClient, post: int, risk: str, decision: str, note: str = "", token: str | None = TOKEN):
    headers = {} if token is None else {TOKEN_HEADER: token}
    return client.post("/decide", content=json.dumps({"post": post, "risk": risk, "decision": decision, "note": note}),
                       headers={"Content-Type": "application/json", **headers})


def test_queue_is_the_flagged_posts_worst_first(files, mask) -> None:
    queue = load_queue(str(files[0]), mask, id_column="post_id")
    assert [p.id for p in queue.posts] == ["P1", "P2", "P3", "P5"]
    assert [p.row for p in queue.posts] == [2, 4, 1, 5] and queue.rows == 5
    assert queue.posts[3].risks == ("confidential", "illegal")


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "is empty"), ("text,post_id\nhello,1\n", "no column 'confidential_score'")],
)
def test_a_file_that_is_not_batch_output_is_a_clear_error(tmp_path, content: str, message: str, mask) -> None:
    (tmp_path / "x.csv").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_queue(str(tmp_path / "x.csv"), mask)


def test_home_goes_to_the_first_undecided_post_and_resumes_there(files, mask) -> None:
    client = client_for(mask, *files)
    assert client.get("/", follow_redirects=False).headers["location"] == "/post/0"
    assert decide(client, 0, "confidential", "accept").status_code == 200
    answer = decide(client, 1, "derogatory", "reject", note="quoting a customer").json()
    assert answer["progress"] == "2 of 4 reviewed" and answer["next"] == "/post/2" and answer["post_done"]
    restarted = client_for(mask, *files)  # a new server on the same decisions file
    assert restarted.get("/", follow_redirects=False).headers["location"] == "/post/2"
    assert "2 of 4 reviewed" in restarted.get("/post/2").text


def test_a_post_is_reviewed_when_each_of_its_risks_is(files, mask) -> None:
    client = client_for(mask, *files)
    first = decide(client, 3, "illegal", "unsure").json()
    assert not first["post_done"] and first["progress"] == "0 of 4 reviewed"
    assert decide(client, 3, "confidential", "reject").json()["post_done"]


def test_decisions_file_holds_what_was_decided(files, mask) -> None:
    client = client_for(mask, *files)
    decide(client, 0, "confidential", "accept", note="real code name")
    decide(client, 0, "confidential", "reject")  # changed their mind: appended, not rewritten
    made = read_decisions(files[1])
    assert [(d.id, d.row, d.risk, d.decision, d.note, d.reviewer, d.model_id, d.source) for d in made] == [
        ("P1", 2, "confidential", "accept", "real code name", "ann", "tiny@0", "scored.csv"),
        ("P1", 2, "confidential", "reject", "", "ann", "tiny@0", "scored.csv")]
    assert made[0].text.startswith("Project Falcon")


@pytest.mark.parametrize("token", [None, "", "wrong-token", TOKEN + "x"])
def test_a_decision_without_the_session_token_is_refused(files, token, mask) -> None:
    client = client_for(mask, *files)
    response = decide(client, 0, "confidential", "accept", token=token)
    assert response.status_code == 403
    assert not files[1].exists() or read_decisions(files[1]) == []


def test_decisions_are_posts_only(files, mask) -> None:
    client = client_for(mask, *files)
    assert client.get("/decide").status_code == 405
    assert client.get("/decide?post=0&risk=confidential&decision=accept").status_code == 405


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"post": 0, "risk": "illegal", "decision": "accept"}, "not flagged 'illegal'"),
        ({"post": 0, "risk": "confidential", "decision": "maybe"}, "decision must be one of"),
        ({"post": 99, "risk": "confidential", "decision": "accept"}, "no post 99"),
        ({"post": "0", "risk": "confidential", "decision": "accept"}, "post must be an integer"),
        ({"risk": "confidential", "decision": "accept"}, "bad request"),
        ({"post": 0, "risk": "confidential", "decision": "accept", "note": "x" * 5000}, "keep it under"),
    ],
)
def test_bad_decisions_are_refused_with_a_reason(files, body, message, mask) -> None:
    client = client_for(mask, *files)
    response = client.post("/decide", content=json.dumps(body), headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 400 and message in response.json()["error"]
    assert not files[1].exists()


def test_post_text_is_escaped(files, mask) -> None:
    html = client_for(mask, *files).get("/post/1").text
    assert "<script>window" not in html
    assert "&lt;script&gt;window.__pwned = 1; document.title = &#34;pwned&#34;;&lt;/script&gt;" in html
    assert SCRIPT_POST not in html


def test_evidence_is_highlighted_with_its_reason(files, mask) -> None:
    html = client_for(mask, *files).get("/post/0").text
    assert ('<mark class="r-confidential " title="confidential: says the information is secret or not yet public '
            '(rule confidential.secrecy_cue, 0.45)">don&#39;t tell anyone</mark>') in html
    assert "model: wording typical of posts that leak information (strong)" in html


def test_pages_say_no_to_other_sites(files, mask) -> None:
    response = client_for(mask, *files).get("/post/0")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert client_for(mask, *files, host="evil.example").get("/post/0").status_code == 400  # DNS rebinding


@pytest.mark.parametrize(
    "path",
    ["/static/../app.py", "/static/%2e%2e/app.py", "/static/app.py", "/static/review.html", "/static/",
     "/templates/review.html", "/post/-1", "/post/4", "/post/..%2f..%2fpyproject.toml", "/etc/passwd", "/decisions.jsonl",
     "/scored.csv"],
)
def test_nothing_but_the_pages_and_two_static_files_is_served(files, path, mask) -> None:
    assert client_for(mask, *files).get(path).status_code == 404


def test_the_static_files_are_the_packaged_ones(files, mask) -> None:
    client = client_for(mask, *files)
    script = client.get("/static/review.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert "X-Smrisk-Token" in script.text
    assert client.get("/static/review.css").headers["content-type"].startswith("text/css")


def test_a_file_with_no_flags_says_there_is_nothing_to_review(tmp_path, mask) -> None:
    scored = scored_csv(tmp_path / "scored.csv")
    text = scored.read_text(encoding="utf-8").splitlines()
    (tmp_path / "quiet.csv").write_text("\n".join([text[0], text[3]]) + "\n", encoding="utf-8")
    html = client_for(mask, tmp_path / "quiet.csv", tmp_path / "d.jsonl").get("/").text
    assert "None of the 1 rows of quiet.csv is flagged" in html


def test_review_without_the_extra_is_one_line_naming_it(files, monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert main(["review", str(files[0]), "--decisions", str(files[1]), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'smrisk[review]'" in err and len(err.strip().splitlines()) == 1


def test_review_of_a_missing_file_is_one_line(tmp_path, capsys) -> None:
    assert main(["review", str(tmp_path / "none.csv"), "--decisions", str(tmp_path / "d.jsonl"), "--no-browser"]) == 2
    assert "does not exist; make one with: smrisk batch" in capsys.readouterr().err


def test_the_message_a_reply_answers_is_shown_above_it_escaped(tmp_path, mask) -> None:
    frame = pd.read_csv(scored_csv(tmp_path / "scored.csv"), dtype=str, keep_default_na=False)
    frame.insert(2, "parent", "")
    flagged = frame.index[(frame[[f"{c}_flag" for c in CATEGORIES]] == "1").any(axis=1)]
    frame.loc[flagged[0], "parent"] = json.dumps(["earlier <b>one</b>", "Is Bluefin the March launch?"])
    frame.to_csv(tmp_path / "replies.csv", index=False)
    queue = load_queue(str(tmp_path / "replies.csv"), mask, id_column="post_id", context_column="parent")
    post = next(p for p in queue.posts if p.row == flagged[0] + 1)
    assert post.context == ("earlier <b>one</b>", "Is Bluefin the March launch?")
    assert all(p.context == () for p in queue.posts if p is not post)
    session = ReviewSession(queue, DecisionLog(tmp_path / "d.jsonl"), "ann", "tiny@0")
    client = TestClient(create_app(session, TOKEN), base_url="http://127.0.0.1")
    html = client.get(f"/post/{queue.posts.index(post)}").text
    assert "In reply to (2 messages, oldest first):" in html and "Is Bluefin the March launch?" in html
    assert "earlier &lt;b&gt;one&lt;/b&gt;" in html and "<b>one</b>" not in html
    with pytest.raises(InputError, match="parnt"):
        load_queue(str(tmp_path / "replies.csv"), mask, context_column="parnt")


SECRET_POST = "Front desk login is admin / Spring2024! and the side door code is 4471, see you Monday"
SECRET_PARENT = "What's the card on file? It's 4111 1111 1111 1111 right?"


def test_detected_secrets_are_masked_as_explain_masks_them(tmp_path, tiny_scorer, mask) -> None:
    """The page shows a post and the message it answers with every secret masked, exactly as
    ``explain()`` and the audit page do; the decisions file keeps the text as written."""
    frame = pd.read_csv(scored_csv(tmp_path / "scored.csv"), dtype=str, keep_default_na=False)
    frame.insert(2, "parent", "")
    frame.loc[1, ["text", "parent"]] = [SECRET_POST, json.dumps([SECRET_PARENT])]  # P1, flagged confidential
    frame.loc[1, "evidence"] = ('confidential: "••••• • •••••••••••" (confidential.login_pair 0.90: a user name and password '
                                'written out); "••••" (confidential.access_code 0.90: a PIN or access code written out)')
    frame.to_csv(tmp_path / "secrets.csv", index=False)
    queue = load_queue(str(tmp_path / "secrets.csv"), mask, id_column="post_id", context_column="parent")
    index = next(i for i, p in enumerate(queue.posts) if p.row == 2)
    session = ReviewSession(queue, DecisionLog(tmp_path / "d.jsonl"), "ann", "tiny@0")
    client = TestClient(create_app(session, TOKEN), base_url="http://127.0.0.1")
    html = client.get(f"/post/{index}").text
    for secret in ("Spring2024", "4471", "4111 1111 1111 1111", "1111 1111"):
        assert secret not in html
    shown, parent = (tiny_scorer.score(t).display_text() for t in (SECRET_POST, SECRET_PARENT))
    assert shown == "Front desk login is ••••• • ••••••••••• and the side door code is ••••, see you Monday"
    assert parent == "What's the card on file? It's •••• •••• •••• 1111 right?"
    assert f'<blockquote class="parent">{parent.replace(chr(39), "&#39;")}</blockquote>' in html
    assert ('<mark class="r-confidential " title="confidential: a PIN or access code written out '
            '(rule confidential.access_code, 0.90)">••••</mark>, see you Monday') in html
    answer = decide(client, index, "confidential", "accept")
    assert answer.status_code == 200 and "4471" not in answer.text
    assert read_decisions(tmp_path / "d.jsonl")[0].text == SECRET_POST
