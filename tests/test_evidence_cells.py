"""The batch evidence cell read back: spans per risk with their reasons, found again in the text."""

from __future__ import annotations

import pandas as pd
import pytest

from smrisk.batch import score_file
from smrisk.evidence_cells import cell_spans, locate, parse_cell, segments


def test_cell_from_the_readme_parses_into_spans_with_reasons() -> None:
    cell = ('confidential: "merger" (model, moderate); "news drops" (model, moderate) | '
            'illegal: "grab as many shares as she can before" (illegal.insider_trading 0.28); "told my sister" (model, moderate)')
    spans = parse_cell(cell)
    assert list(spans) == ["confidential", "illegal"]
    assert [(s.text, s.source) for s in spans["illegal"]] == [("grab as many shares as she can before", "illegal.insider_trading"),
                                                              ("told my sister", "model")]
    assert spans["illegal"][0].reason == "describes trading on inside information (rule illegal.insider_trading, 0.28)"
    assert spans["confidential"][0].reason == "model: wording typical of posts that leak information (moderate)"


def test_a_rule_spans_reason_in_the_cell_is_read_and_a_cell_without_one_still_is() -> None:
    cell = ('derogatory: "junk" (derogatory.policy.competitors 0.90: runs down Zentrix (says its products are poor or fail)); '
            '"Zentrix" (derogatory.policy.competitors 0.90: runs down Zentrix (read as a negative claim about it, 0.71: '
            "'never again'; ...)); \"idiot\" (derogatory.insult_word 0.55) | confidential: \"Bluefin\" "
            '(confidential.policy.codenames 0.90: unreleased product code name); "yes" (context.agrees 0.61, in the message '
            'it answers: agrees to it); "merger" (model, moderate)')
    spans = parse_cell(cell)
    assert [(s.text, s.source, s.label) for s in spans["derogatory"]] == [
        ("junk", "derogatory.policy.competitors", "derogatory.policy.competitors 0.90"),
        ("Zentrix", "derogatory.policy.competitors", "derogatory.policy.competitors 0.90"),
        ("idiot", "derogatory.insult_word", "derogatory.insult_word 0.55")]
    assert [s.reason for s in spans["derogatory"]] == [
        "runs down Zentrix (says its products are poor or fail) (rule derogatory.policy.competitors, 0.90)",
        "runs down Zentrix (read as a negative claim about it, 0.71: 'never again'; ...) (rule derogatory.policy.competitors, 0.90)",
        "an insulting word (rule derogatory.insult_word, 0.55)"]  # an older cell's span: the shipped rule's reason
    assert [(s.text, s.in_context, s.reason) for s in spans["confidential"]] == [
        ("Bluefin", False, "unreleased product code name (rule confidential.policy.codenames, 0.90)"),
        ("yes", True, "agrees to it (rule context.agrees, 0.61)"),
        ("merger", False, "model: wording typical of posts that leak information (moderate)")]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", {}),
        (None, {}),
        ("derogatory", {"derogatory": []}),  # flagged with no span to show
        ('derogatory | illegal: "x; y" (model, weak)', {"derogatory": [], "illegal": ["x; y"]}),
        ('confidential: "a "quoted" word" (model, strong)', {"confidential": ['a "quoted" word']}),
        ('illegal: "said "no" (twice); ok" (model); "(x) | y" (illegal.r 0.5)', {"illegal": ['said "no" (twice); ok', "(x) | y"]}),
        ('illegal: "a | derogatory: b" (model) | derogatory: "c" (model)', {"illegal": ["a | derogatory: b"], "derogatory": ["c"]}),
        ('illegal: "he typed "ok" (model); fine" (model)', {"illegal": ['he typed "ok" (model); fine']}),
        ('  confidential: "•••• 1111" (confidential.card 0.95)\n', {"confidential": ["•••• 1111"]}),
        ('confidential: garbage | illegal: "x" (model)', {"confidential": [], "illegal": ["x"]}),
        ("not an evidence cell at all", {}),
    ],
)
def test_odd_cells_give_what_can_be_read(cell, expected) -> None:
    assert {risk: [s.text for s in spans] for risk, spans in parse_cell(cell).items()} == expected


def test_cell_spans_keep_the_cells_order_and_sources() -> None:
    spans = cell_spans('illegal: "x" (model) | confidential: "pw" (confidential.password 0.90); "' + "y" * 57 + '..." (model)')
    assert [(s.risk, s.source, s.from_model, s.cut) for s in spans] == [
        ("illegal", "model", True, False), ("confidential", "confidential.password", False, False),
        ("confidential", "model", True, True)]


@pytest.mark.parametrize(
    ("text", "quoted", "found"),
    [
        ("the  merger\nnews drops", "merger news", "merger\nnews"),  # whitespace flattened by the cell
        ("mergers and the merger", "merger", "merger"),  # a whole word before a part of one
        ("Project X, door code 4471, see you", "••••", "4471"),  # a masked secret: the stretch with digits
        ("card 4111 1111 1111 1111 today", "•••• •••• •••• 1111", "4111 1111 1111 1111"),
        ("the side door code is ••••", "••••", "••••"),  # a text shown masked (the audit page): the masked stretch
        ("x " + "word " * 20, "word " * 11 + "wo...", ("word " * 11 + "wo")),  # cut at 60 characters
    ],
)
def test_spans_are_found_again_in_the_text(text: str, quoted: str, found: str) -> None:
    cell = parse_cell(f'confidential: "{quoted}" (model, strong)')
    located = locate(text, cell["confidential"])
    assert [text[p.start : p.end] for p in located] == [found]


def test_a_span_not_in_the_text_is_left_out() -> None:
    assert locate("nothing here", parse_cell('illegal: "bribe" (model, strong)')["illegal"]) == []


def test_segments_cover_the_text_and_keep_overlaps() -> None:
    text = "buy shares before the merger news"
    spans = parse_cell('confidential: "merger" (model, moderate) | illegal: "shares before the merger" (model, strong)')
    located = locate(text, spans["confidential"]) + locate(text, spans["illegal"])
    parts = segments(text, located)
    assert "".join(p.text for p in parts) == text
    assert [(p.text, sorted(s.span.risk for s in p.spans)) for p in parts if p.spans] == [
        ("shares before the ", ["illegal"]), ("merger", ["confidential", "illegal"])]


def test_every_span_of_a_real_batch_output_is_found(tmp_path, tiny_scorer) -> None:
    """What batch writes, this module reads: every span of every flagged row is located in its text."""
    corpus = pd.read_csv("data/corpus/corpus.csv", keep_default_na=False)
    sample = corpus[corpus["split"] == "test"].head(300)
    source, scored = tmp_path / "in.csv", tmp_path / "out.csv"
    sample[["text"]].to_csv(source, index=False)
    score_file(str(source), str(scored), tiny_scorer, progress=False)
    out = pd.read_csv(scored, keep_default_na=False)
    quoted = found = 0
    for text, cell in zip(out["text"], out["evidence"], strict=True):
        for spans in parse_cell(cell).values():
            quoted += len(spans)
            found += len(locate(text, spans))
    assert quoted > 100 and found == quoted


def test_a_span_from_the_message_answered_is_read_and_not_marked_in_the_post() -> None:
    """Batch labels evidence from the context ``(rule score, in the message it answers)``; the span
    after it must stay its own, and the quote is not looked for in the post."""
    cell = 'illegal: "yes" (context.agrees 0.61, in the message it answers); "sell" (model, moderate)'
    spans = parse_cell(cell)["illegal"]
    assert [(s.text, s.source, s.in_context) for s in spans] == [("yes", "context.agrees", True), ("sell", "model", False)]
    assert [(p.span.text, p.start) for p in locate("ok yes I will sell it", spans)] == [("sell", 14)]
