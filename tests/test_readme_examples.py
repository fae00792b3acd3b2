"""The README's printed examples are real output of today's code and shipped models.

Every ``smrisk score``, ``smrisk suggest`` and ``smrisk policy check policy.toml`` shown with its output is run again
(``policy.toml`` is the file ``smrisk policy init`` writes) and must print exactly what the README shows;
so must ``explain()`` of each draft the README prints an explanation of. A retrain or a change of wording
that moves one of them fails here until the README is brought up to date.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

import smrisk
from smrisk.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
_RUNNABLE = ("smrisk score ", "smrisk suggest ", "smrisk policy check policy.toml")
_MASKED = "•"


@dataclass(frozen=True)
class Example:
    """One command of the README with the output printed under it."""

    line: int
    command: str
    output: str


def code_blocks(text: str) -> list[tuple[int, str, list[str]]]:
    """Each fenced block of ``text``: the line number of its first line, its language and its lines."""
    blocks: list[tuple[int, str, list[str]]] = []
    current: list[str] | None = None
    start, language = 0, ""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("```"):
            if current is None:
                current, start, language = [], number + 1, line[3:].strip()
            else:
                blocks.append((start, language, current))
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def command_examples(text: str) -> list[Example]:
    """The runnable ``$ smrisk ...`` lines and the output under each (up to the next ``$`` line)."""
    found = []
    blocks = code_blocks(text)
    for start, _, lines in blocks:
        marks = [i for i, line in enumerate(lines) if line.startswith("$ ")] + [len(lines)]
        for here, after in zip(marks, marks[1:], strict=False):
            command = lines[here][2:]
            if command.startswith(_RUNNABLE):
                found.append(Example(start + here, command, "\n".join(lines[here + 1 : after]).strip()))
    # a command alone in a bash block (continued with backslashes) and its output in the text block after it
    for (start, language, lines), (_, next_language, output) in zip(blocks, blocks[1:], strict=False):
        command = " ".join(line.rstrip("\\").strip() for line in lines)
        if language == "bash" and next_language in ("text", "json") and command.startswith(_RUNNABLE) and output:
            found.append(Example(start, command, "\n".join(output).strip()))
    return found


def explained_drafts(text: str) -> list[Example]:
    """``explain()`` outputs printed without a command (the Python section): the draft is their ``text:``
    line with the span brackets taken out. Drafts shown masked, or read in a context the block does not
    show, cannot be rebuilt from it and are left out."""
    found = []
    for start, _, lines in code_blocks(text):
        if any(line.startswith("$ ") for line in lines):
            continue
        report: list[str] = []
        for offset, line in enumerate([*lines, ""]):
            if line.startswith(("FLAGGED: ", "OK: ")):
                report = [line]
            elif report and line.strip():
                report.append(line)
            elif report:
                shown = [r for r in report if r.startswith("  text: ")]
                if shown and _MASKED not in "\n".join(report) and not any(r.startswith("  context: ") for r in report):
                    draft = re.sub(r"\[([^\]]*)\]", r"\1", shown[0][len("  text: "):])
                    found.append(Example(start + offset - len(report), draft, "\n".join(report)))
                elif shown and shown[0][len("  text: "):].startswith(_MASKED_DRAFT[:20]):  # the README names this draft's input
                    found.append(Example(start + offset - len(report), _MASKED_DRAFT, "\n".join(report)))
                report = []
    return found


def masked_draft_input(text: str) -> str:
    """The input of the README's masked explanation, which the README gives in a sentence below it."""
    said = re.search(r'\(The input of the last one was "([^"]+)"', text)
    assert said, "the README no longer names the input of its masked explanation"
    return " ".join(said.group(1).split())


_MASKED_DRAFT = masked_draft_input(README.read_text(encoding="utf-8"))
EXAMPLES = command_examples(README.read_text(encoding="utf-8"))
DRAFTS = explained_drafts(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples_to_check() -> None:
    """The parser still finds the README's examples (a change of layout must not turn this file into no test)."""
    assert len(EXAMPLES) >= 9 and len(DRAFTS) >= 4


@pytest.fixture(scope="module")
def policy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("readme")
    assert main(["policy", "init", "-o", str(where / "policy.toml")]) == 0
    return where


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"README.md:{e.line}" for e in EXAMPLES])
def test_a_readme_command_prints_what_the_readme_shows(example: Example, policy_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(policy_dir)
    capsys.readouterr()
    main(shlex.split(example.command)[1:])
    printed = capsys.readouterr().out.strip()
    if example.output.startswith("["):  # JSON: the README may leave keys out of each object (and says so)
        shown = json.loads(example.output)
        assert [{k: v for k, v in got.items() if k in want} for got, want in zip(json.loads(printed), shown, strict=True)] == shown, \
            f"README.md:{example.line} `{example.command}` now prints:\n{printed}"
    elif example.output.startswith("{"):  # one JSON object: the README may leave keys out (and says so)
        shown, got = json.loads(example.output), json.loads(printed)
        assert {k: got.get(k) for k in shown} == shown, f"README.md:{example.line} `{example.command}` now prints:\n{printed}"
    else:
        assert printed == example.output, f"README.md:{example.line} `{example.command}` now prints:\n{printed}"


@pytest.mark.parametrize("example", DRAFTS, ids=[f"README.md:{e.line}" for e in DRAFTS])
def test_a_readme_explanation_is_what_explain_prints(example: Example) -> None:
    printed = smrisk.score(example.command).explain().strip()
    assert printed == example.output, f"README.md:{example.line} explain() now prints:\n{printed}"


def scored_rows_shown(text: str) -> list[tuple[str, list[str]]]:
    """The rows of ``scored.csv`` the README prints (post id, then its flag columns and evidence cell)."""
    for _, _, lines in code_blocks(text):
        if lines and lines[0].split()[:2] == ["post_id", "confidential_flag"]:
            return [(row.split()[0], re.split(r"\s{2,}", row.strip())[1:]) for row in lines[1:] if row.strip()]
    return []


def test_the_scored_rows_the_readme_prints_are_what_batch_writes(tmp_path: Path) -> None:
    import pandas as pd

    shown = scored_rows_shown(README.read_text(encoding="utf-8"))
    assert len(shown) >= 2
    posts = Path(__file__).resolve().parents[1] / "data" / "examples" / "posts.csv"
    assert main(["batch", str(posts), "-o", str(tmp_path / "scored.csv")]) == 0
    scored = pd.read_csv(tmp_path / "scored.csv", dtype=str, keep_default_na=False).set_index("post_id")
    for post_id, cells in shown:
        row = scored.loc[post_id]
        assert cells == [row["confidential_flag"], row["derogatory_flag"], row["illegal_flag"], row["evidence"]], post_id


def test_the_audit_summary_the_readme_prints_is_what_report_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The counts of ``smrisk report``'s summary line (size and time aside) for the example posts."""
    pytest.importorskip("jinja2")
    shown = next(line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("smrisk: wrote audit.html"))
    posts = Path(__file__).resolve().parents[1] / "data" / "examples" / "posts.csv"
    scored, page = tmp_path / "scored.csv", tmp_path / "audit.html"
    assert main(["batch", str(posts), "-o", str(scored)]) == 0
    capsys.readouterr()
    assert main(["report", str(scored), "-o", str(page)]) == 0
    captured = capsys.readouterr()
    printed = next(line for line in (captured.out + captured.err).splitlines() if line.startswith("smrisk: wrote"))
    counts = re.compile(r"\): (.*)$")  # after "(0.1 MB, 1.0 s)"
    assert counts.search(printed).group(1) == counts.search(shown).group(1)  # type: ignore[union-attr]
