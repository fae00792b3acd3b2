import pytest

from smrisk.combine import combine
from smrisk.evidence import Evidence


def rule(source: str, score: float, start: int = 0) -> Evidence:
    return Evidence("confidential", source, start, start + 1, "x", score, "r")


def model_span(score: float) -> Evidence:
    return Evidence("confidential", "model", 0, 1, "x", score, "m")


def test_model_only() -> None:
    assert combine(0.3, []) == pytest.approx(0.3)


def test_noisy_or_of_model_and_two_rules() -> None:
    # 1 - (1 - 0.2) * (1 - 0.5) * (1 - 0.9) = 1 - 0.8 * 0.5 * 0.1 = 0.96
    assert combine(0.2, [rule("a", 0.5), rule("b", 0.9, start=5)]) == pytest.approx(0.96)


def test_a_stretch_two_rules_find_counts_once() -> None:
    # "the door code is 4471": the password and the access-code rule read one secret -> 1 - 0.8 * 0.1 = 0.92
    assert combine(0.2, [rule("password", 0.9), rule("access_code", 0.9)]) == pytest.approx(0.92)
    assert combine(0.2, [rule("password", 0.5), rule("access_code", 0.9)]) == pytest.approx(0.92)  # the stronger reading


def test_a_rule_counts_once_with_its_strongest_hit() -> None:
    # rule a fires twice (0.5, 0.6): only 0.6 counts -> 1 - 0.5 * 0.4 = 0.8
    assert combine(0.5, [rule("a", 0.5), rule("a", 0.6)]) == pytest.approx(0.8)


def test_model_spans_do_not_add_to_the_score() -> None:
    assert combine(0.4, [model_span(3.0)]) == pytest.approx(0.4)


def test_no_model_probability_means_rules_only() -> None:
    assert combine(None, [rule("a", 0.25)]) == pytest.approx(0.25)


def test_scores_are_clipped_to_probabilities() -> None:
    assert combine(1.5, [rule("a", -2.0)]) == pytest.approx(1.0)
    assert combine(0.0, [rule("a", 0.0)]) == pytest.approx(0.0)


def test_a_hit_a_cue_weakened_is_not_counted() -> None:
    weak = rule("a", 0.8).adjusted(0.2, "news", "reported")
    assert combine(0.1, [weak]) == pytest.approx(0.1)
    assert combine(0.1, [weak, rule("b", 0.5)]) == pytest.approx(1 - 0.9 * 0.5)
    kept = rule("a", 0.8).adjusted(0.8, "don't tell", "secrecy, not a warning")  # a cue that keeps the weight
    assert combine(0.1, [kept]) == pytest.approx(1 - 0.9 * 0.2)
