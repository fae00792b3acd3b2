"""The CLI through main(argv): exit codes, outputs, and one-line errors without tracebacks."""

from __future__ import annotations

import csv
import json

import pytest

import smrisk.api
from smrisk.cli import main
from tests.conftest import labelled_csv


@pytest.fixture(autouse=True)
def tiny_default(monkeypatch, tiny_scorer) -> None:
    """The CLI's default model is the tiny test model (the shipped one is tested elsewhere)."""
    monkeypatch.setattr(smrisk.api, "_default", tiny_scorer)


def test_score_prints_an_explanation(capsys) -> None:
    assert main(["score", "You are a useless idiot and a pathetic moron"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("FLAGGED: ") and "derogatory" in out[0]
    assert any('"' in line and ":" in line for line in out[2:5]), out  # a span with its reason under the risk
    assert main(["score", "Thanks for visiting our store today!"]) == 0
    assert capsys.readouterr().out.startswith("OK: no risk flagged")


def test_score_json_and_fail_on(capsys) -> None:
    code = main(["score", "--json", "--fail-on", "derogatory,illegal", "You are such a fucking idiot, shut up"])
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"flagged", "scores", "model_id"}
    assert "derogatory" in data["flagged"] and code == 1
    assert main(["score", "--fail-on", "illegal", "You are such a fucking idiot, shut up"]) == 0  # not a risk it fails on
    assert main(["score", "--fail-on", "derogatory", "   "]) == 0  # all-clear by definition


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


def test_train_then_evaluate(tmp_path, capsys, tiny_frame) -> None:
    data = tmp_path / "labelled.csv"
    tiny_frame[["text", "confidential", "derogatory", "illegal"]].to_csv(data, index=False)
    assert main(["train", str(data), "-o", str(tmp_path / "model")]) == 0
    out = capsys.readouterr().out
    assert "held-out test rows" in out and "confidential" in out
    assert main(["evaluate", str(data), "--model", str(tmp_path / "model"), "--json"]) == 0
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
    ('[scoring]\nthresholds = { confidential = "high" }\n', "must be a number in (0, 1]"),
    ('[scoring]\nthresholds = { confidential = 1.5 }\n', "must be a number in (0, 1]"),
    ('[scoring]\nallow_phrases = "Project Falcon"\n', "must be a list of non-empty strings"),
    ('[Scoring]\nallow_phrases = ["Project Falcon"]\n', "needs a [scoring] table"),
    ('title = "ours"\n', "needs a [scoring] table"),
])
def test_every_bad_config_is_a_one_line_exit_2(tmp_path, capsys, body: str, message: str) -> None:
    config = tmp_path / "policy.toml"
    config.write_text(body)
    for command in (["score", "hello"], ["batch", str(config), "-o", str(tmp_path / "o.csv")]):
        assert main([*command, "--config", str(config)]) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
