"""The CLI through main(argv): exit codes, outputs, and one-line errors without tracebacks."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest

import smrisk.api
from smrisk.cli import main
from smrisk.policy import example_policy
from tests.conftest import labelled_csv, speaker_csv


@pytest.fixture(autouse=True)
def tiny_default(monkeypatch, tiny_scorer) -> None:
    """The CLI's default model is the tiny test model (the shipped one is tested elsewhere)."""
    monkeypatch.setattr(smrisk.api, "_default", tiny_scorer)


def test_score_prints_an_explanation(capsys) -> None:
    assert main(["score", "You are a useless idiot and a pathetic moron"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("FLAGGED: ") and "derogatory" in out[0]
    assert any('"' in line and ":" in line for line in out[2:5]), out  # a span with its reason under the risk
    assert main(["score", "Happy birthday to our founder!"]) == 0  # far under every threshold of the tiny model
    assert capsys.readouterr().out.startswith("OK: no risk flagged")


def test_score_json_and_fail_on(capsys) -> None:
    code = main(["score", "--json", "--fail-on", "derogatory,illegal", "You are such a fucking idiot, shut up"])
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"flagged", "scores", "model_id"}
    assert "derogatory" in data["flagged"] and code == 1
    assert main(["score", "--fail-on", "illegal", "You are such a fucking idiot, shut up"]) == 0  # not a risk it fails on
    assert main(["score", "--fail-on", "derogatory", "   "]) == 0  # all-clear by definition


def test_fail_on_does_not_pass_a_text_it_did_not_read_whole(monkeypatch, capsys, tiny_scorer) -> None:
    """A gate in a publishing pipeline: a draft cut at ``max_chars`` exits 1 under --fail-on, with one line saying
    why, whatever the part read scored (a 2 MB post with a password after the first megabyte passed as OK)."""
    from dataclasses import replace

    monkeypatch.setattr(tiny_scorer, "config", replace(tiny_scorer.config, max_chars=40))
    text = "Happy birthday to our founder! " * 3 + "the admin password is Hunter22!x"
    assert main(["score", "--fail-on", "confidential", text]) == 1
    assert "only the first 40 were scored: --fail-on cannot clear the rest" in capsys.readouterr().err
    assert main(["score", text]) == 0  # no gate asked for: a note, exit 0
    assert main(["score", "--fail-on", "confidential", text[:40]]) == 0  # read whole: the gate passes it


def test_a_draft_piped_in_cp1252_is_read_as_an_input_file_is(monkeypatch, capsys) -> None:
    """Bytes that are not UTF-8 on stdin are read as cp1252, as in a CSV, not replaced by U+FFFD (a new user's
    "Café crème" printed as "Caf\ufffd cr\ufffdme" with no note)."""
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("Café crème, see you at six".encode("cp1252"))))
    assert main(["score", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["text_length"] == len("Café crème, see you at six")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("Café crème".encode("cp1252"))))
    assert main(["score"]) == 0
    assert "text: Café crème" in capsys.readouterr().out


def test_score_reads_stdin(monkeypatch, capsys) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("door code: 4471"))
    assert main(["score", "--json"]) == 0
    assert "4471" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["score", "--fail-on", "spam", "x"], "unknown risk 'spam'"),
        (["batch", "missing.csv", "-o", "out.csv"], "does not exist"),
        (["nonsense"], "invalid choice"),
        (["score", "--model", "no/such/dir", "x"], "does not exist"),
        (["evaluate", "missing.csv"], "does not exist"),
    ],
)
def test_bad_usage_exits_2_with_one_line(capsys, argv: list[str], message: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_batch(tmp_path, capsys) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,body\n1,you idiot\n2,hello\n")
    assert main(["batch", str(source), "-o", str(tmp_path / "out.csv"), "--text-column", "body"]) == 0
    assert "scored 2 rows" in capsys.readouterr().err
    with open(tmp_path / "out.csv", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 2
    assert main(["batch", str(source), "-o", str(tmp_path / "x.csv")]) == 2
    assert "columns are: id, body" in capsys.readouterr().err


def test_train_then_evaluate(tmp_path, capsys, tiny_frame, policy_file) -> None:
    data = tmp_path / "labelled.csv"
    tiny_frame[["text", "confidential", "derogatory", "illegal"]].to_csv(data, index=False)
    assert main(["train", str(data), "-o", str(tmp_path / "model"), "--policy", str(policy_file)]) == 0
    out = capsys.readouterr().out
    assert "held-out test rows" in out and "confidential" in out
    assert f"pass --policy {policy_file} to score, batch and evaluate" in out  # the policy is not part of the model
    assert main(["evaluate", str(data), "--model", str(tmp_path / "model"), "--policy", str(policy_file), "--json"]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert set(metrics) == {"confidential", "derogatory", "illegal"}
    assert {"roc_auc", "average_precision", "precision", "recall", "f1", "ece"} <= set(metrics["illegal"])


def test_evaluate_needs_label_columns(tmp_path, capsys) -> None:
    path = labelled_csv(tmp_path / "l.csv", [("x", 0, 0, 0)])
    path.write_text("text\nx\n")
    assert main(["evaluate", str(path)]) == 2
    assert "no label columns" in capsys.readouterr().err


def test_help_exits_0(capsys) -> None:
    assert main(["--help"]) == 0
    assert "confidential" in capsys.readouterr().out


def test_config_file_reaches_the_scorer(tmp_path, capsys) -> None:
    text = "Meet Project Nightjar, our codename for the new app"
    config = tmp_path / "policy.toml"
    config.write_text('[scoring]\nallow_phrases = ["codename"]\nthresholds = {confidential = 0.999}\n')
    assert main(["score", "--json", text]) in (0, 1)
    plain = json.loads(capsys.readouterr().out)["scores"]["confidential"]
    assert main(["score", "--json", "--config", str(config), text]) in (0, 1)
    allowed = json.loads(capsys.readouterr().out)["scores"]["confidential"]
    assert any(e["source"] == "confidential.codename" for e in plain["evidence"])
    assert not any(e["source"] == "confidential.codename" and e["score"] > 0 for e in allowed["evidence"])
    assert allowed["threshold"] == 0.999


def test_bad_config_file_is_one_line_error(tmp_path, capsys) -> None:
    config = tmp_path / "policy.toml"
    config.write_text("[scoring]\nthreshold = 0.5\n")
    assert main(["score", "--config", str(config), "hello"]) == 2
    err = capsys.readouterr().err
    assert "unknown config key" in err and "Traceback" not in err


def test_a_closed_pipe_ends_quietly(tmp_path) -> None:
    """`smrisk batch ... -o - | head` must not print a traceback when the reader goes away."""
    import subprocess
    import sys

    source = labelled_csv(tmp_path / "in.csv", [(f"post number {i} about our launch", 0, 0, 0) for i in range(3000)])
    child = subprocess.Popen([sys.executable, "-m", "smrisk", "batch", str(source), "-o", "-", "--no-progress"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.read(100)
    child.stdout.close()
    err = child.stderr.read().decode()
    assert child.wait(timeout=300) == 141
    assert "Traceback" not in err


@pytest.mark.parametrize(("body", "message"), [
    ('[scoring]\nthresholds = { confidential = "high" }\n', "policy.toml:2: [scoring] thresholds: threshold for confidential must be"),
    ('[scoring]\nthresholds = { confidential = 1.5 }\n', "policy.toml:2: [scoring] thresholds: threshold for confidential must be"),
    ('[scoring]\nthreshold = 0.5\n', "policy.toml:2: [scoring] threshold: unknown config key(s) ['threshold']"),
    ('[scoring]\nmax_chars = 10\nallow_phrases = "Project Falcon"\n',
     "policy.toml:3: [scoring] allow_phrases: allow_phrases must be a list of non-empty strings"),
    ('[Scoring]\nallow_phrases = ["Project Falcon"]\n',
     "policy.toml:1: top level Scoring: unknown table or key; known: [company], [scoring]"),
    ('title = "ours"\n', "policy.toml:1: top level title: unknown table or key"),
])
def test_every_bad_config_is_a_one_line_exit_2(tmp_path, capsys, body: str, message: str) -> None:
    """--config is --policy's old name: a bad file is one line naming the line and the key, for every command,
    before any input is read or any model trained."""
    config = tmp_path / "policy.toml"
    config.write_text(body)
    data = labelled_csv(tmp_path / "l.csv", [("x", 0, 0, 0)])
    for command in (["score", "hello"], ["batch", str(config), "-o", str(tmp_path / "o.csv")], ["evaluate", str(data)],
                    ["train", str(data), "-o", str(tmp_path / "model")]):
        for option in ("--config", "--policy"):
            assert main([*command, option, str(config)]) == 2
            err = capsys.readouterr().err
            assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "model").exists()


@pytest.mark.parametrize(("body", "message"), [
    ('[scoring]\nmax_chars = 10\nthreshold = 0.5\n', "policy.toml:3: [scoring] threshold: unknown config key"),
    ('[scoring]\nthresholds = { confidential = 1.5 }\n', "policy.toml:2: [scoring] thresholds: threshold for confidential"),
])
def test_a_bad_scoring_key_is_named_with_its_line(tmp_path, capsys, body: str, message: str) -> None:
    config = tmp_path / "policy.toml"
    config.write_text(body)
    assert main(["policy", "check", str(config)]) == 2
    assert message in capsys.readouterr().err


# -- the company policy -----------------------------------------------------------------------

LEAK = "Bluefin demo today: the password is Hunter22!x"


def test_score_with_a_policy_prints_route_and_speaker(policy_file, capsys) -> None:
    argv = ["score", "--policy", str(policy_file), "--author", "m.ortiz", "--channel", "@acme"]
    assert main([*argv, LEAK]) == 0
    out = capsys.readouterr().out.splitlines()
    route = next(line for line in out if line.startswith("  route: "))
    assert route.startswith("  route: security (confidential.password); ")
    assert "legal (confidential flagged, confidential.policy.codenames)" in route
    assert route.endswith("communications (speaker: official channel)")
    assert ("  speaker: needs_approval: official channel, author m.ortiz is not a spokesperson: needs communications approval"
            in out)
    assert main([*argv, "--json", LEAK]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["owner"] for r in data["route"]][0] == "security" and data["route"][-1]["owner"] == "communications"
    assert data["speaker"]["status"] == "needs_approval" and data["speaker"]["author"] == "m.ortiz"
    assert data["policy"] == hashlib.sha256(policy_file.read_bytes()).hexdigest()
    assert main(["score", "--config", str(policy_file), "--channel", "@acme", "--json", LEAK]) == 0  # the old name
    assert json.loads(capsys.readouterr().out)["speaker"]["message"].startswith("official channel, author unknown")


def test_without_a_policy_there_is_no_route_speaker_or_digest(capsys) -> None:
    assert main(["score", "--json", LEAK]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["route"] == [] and data["speaker"] is None and data["policy"] is None


@pytest.mark.parametrize(("argv", "message"), [
    (["score", "--author", "j.doe", "hello"], "--author needs --policy FILE"),
    (["score", "--author", "j.doe", "--channel", "@acme", "hello"], "--author and --channel need --policy FILE"),
    (["batch", "{posts}", "-o", "{tmp}/o.csv", "--channel-column", "channel"], "--channel-column needs --policy FILE"),
    (["batch", "{posts}", "-o", "{tmp}/o.csv", "--policy", "{policy}", "--author-column", "writer"],
     "no column 'writer' in {posts}; columns are: id, author, channel, text"),
    (["batch", "{posts}", "-o", "{tmp}/o.csv", "--policy", "{policy}", "--author-column", "author", "--channel-column", "where"],
     "no column 'where' in {posts}; columns are: id, author, channel, text"),
])
def test_speaker_options_need_a_policy_and_existing_columns(tmp_path, policy_file, capsys, argv: list[str], message: str) -> None:
    names = {"{posts}": str(speaker_csv(tmp_path / "posts.csv")), "{tmp}": str(tmp_path), "{policy}": str(policy_file)}
    for name, value in names.items():
        argv = [a.replace(name, value) for a in argv]
        message = message.replace(name, value)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"smrisk: error: {message}") and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "o.csv").exists() and not (tmp_path / "o.csv.partial").exists()


def test_batch_with_a_policy_and_speaker_columns(tmp_path, policy_file, capsys) -> None:
    source = speaker_csv(tmp_path / "posts.csv")
    out = tmp_path / "out.csv"
    assert main(["batch", str(source), "-o", str(out), "--policy", str(policy_file), "--author-column", "author",
                 "--channel-column", "channel", "--no-progress"]) == 0
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[-4:] == ["status", "route", "speaker", "policy_sha256"]
    assert rows[1]["speaker"].startswith("needs_approval: official channel, author m.ortiz")
    assert rows[3]["speaker"].startswith("missing_disclaimer: personal account names Acme Robotics")
    assert {r["policy_sha256"] for r in rows} == {hashlib.sha256(policy_file.read_bytes()).hexdigest()}


def test_policy_check_prints_the_summary_or_one_line(tmp_path, policy_file, capsys) -> None:
    assert main(["policy", "check", str(policy_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"policy {policy_file} (sha256 ") and ": valid\n" in out
    assert "  lexicon confidential.policy.codenames: 2 word term(s) -> legal" in out and "  route hr: when derogatory" in out
    lines = policy_file.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if text.startswith('match = "word"'))
    broken = tmp_path / "broken.toml"
    broken.write_text("\n".join(lines).replace('match = "word"', 'match = "fuzzy"', 1))
    assert main(["policy", "check", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"smrisk: error: {broken}:{line}: [[lexicon]] #1 match: must be one of word, name, phrase, regex, got 'fuzzy'")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert main(["policy", "check", str(tmp_path / "missing.toml")]) == 2
    assert "cannot read policy" in capsys.readouterr().err


def test_policy_check_warns_of_a_name_term_it_would_miss_and_still_passes(tmp_path, policy_file, capsys) -> None:
    text = policy_file.read_text().replace('match = "word"', 'match = "name"', 1)
    assert '"Project Kestrel"' in text
    named = tmp_path / "named.toml"
    named.write_text(text)
    assert main(["policy", "check", str(named)]) == 0
    captured = capsys.readouterr()
    assert ": valid\n" in captured.out and "name term(s)" in captured.out
    warnings = captured.err.strip().splitlines()
    assert len(warnings) == 1 and warnings[0].startswith(f"smrisk: warning: {named}:")
    assert "'Project Kestrel' matches by name" in warnings[0] and '{ term = "Project Kestrel", match = "word" }' in warnings[0]
    named.write_text(text.replace('"Project Kestrel"', '{ term = "Project Kestrel", match = "word" }', 1))
    assert main(["policy", "check", str(named)]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and "1 name, 1 word term(s)" in captured.out


def test_policy_init_writes_a_checkable_file_and_never_overwrites_one(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "policy.toml"
    assert main(["policy", "init"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("wrote policy.toml") and "smrisk policy check policy.toml" in out and "--policy policy.toml" in out
    assert target.read_text() == example_policy()
    assert main(["policy", "check", "policy.toml"]) == 0
    target.write_text("# mine\n")
    capsys.readouterr()
    assert main(["policy", "init"]) == 2
    err = capsys.readouterr().err
    assert "policy.toml exists; pass --force to overwrite it" in err and len(err.strip().splitlines()) == 1
    assert target.read_text() == "# mine\n"
    assert main(["policy", "init", "--force"]) == 0 and target.read_text() == example_policy()
    assert main(["policy", "init", "-o", str(tmp_path / "other.toml")]) == 0 and (tmp_path / "other.toml").is_file()
    capsys.readouterr()
    assert main(["policy", "init", "-o", "-"]) == 0
    assert capsys.readouterr().out == example_policy()  # stdout holds the file alone, ready to redirect


def test_version_and_an_interrupted_batch_says_how_to_continue(capsys, monkeypatch, tmp_path) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("smrisk 0.")
    source = tmp_path / "posts.csv"
    source.write_text("text\nhello\n")

    def interrupt(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise KeyboardInterrupt

    monkeypatch.setattr("smrisk.batch.score_file", interrupt)
    assert main(["batch", str(source), "-o", str(tmp_path / "out.csv")]) == 130
    assert "--resume to continue" in capsys.readouterr().err


def test_batch_resume_with_no_output_yet_says_it_starts_from_the_first_row(tmp_path, tiny_model_dir) -> None:
    """As a user runs it: one line on stderr says there was nothing to resume, the run scores every row, exit 0."""
    import subprocess
    import sys

    source = labelled_csv(tmp_path / "in.csv", [(f"post number {i} about our launch", 0, 0, 0) for i in range(5)])
    out = tmp_path / "scored.csv"
    done = subprocess.run([sys.executable, "-m", "smrisk", "batch", str(source), "-o", str(out), "--resume",
                           "--no-progress", "--model", str(tiny_model_dir)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"smrisk: nothing to resume: no interrupted run of {out} ({out}.partial does not exist); scoring from the first row",
        "smrisk: scored 5 rows [utf-8]: ok=5"]
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 5


def test_an_author_without_a_channel_is_warned_of(policy_file, capsys) -> None:
    """The speaker rules judge who posts on which channel: an author alone gets no verdict, and is told so."""
    assert main(["score", "--policy", str(policy_file), "--author", "m.ortiz", "Proud to work at Acme!", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["speaker"] is None
    assert "--author without --channel: no speaker verdict" in captured.err
    assert main(["score", "--policy", str(policy_file), "--author", "m.ortiz", "--channel", "@acme", "Proud to work at Acme!"]) == 0
    assert "warning" not in capsys.readouterr().err
