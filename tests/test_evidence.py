import json

import pytest

from smrisk.evidence import Evidence, mask_value


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("4111 1111 1111 1111", "•••• •••• •••• 1111"),
        ("jane.doe@gmail.com", "••••.•••@••••l.com"),
        ("4471", "••••"),  # short values are masked entirely
        ("hunter22", "••••••••"),
        ("Tr0ub4dor&3", "•••••••••&•"),  # passwords under 12 letters and digits show nothing
    ],
)
def test_mask_value(value: str, masked: str) -> None:
    assert mask_value(value) == masked
    assert len(mask_value(value)) == len(value)


def test_sensitive_evidence_is_masked_unless_revealed() -> None:
    item = Evidence("confidential", "confidential.credit_card", 5, 24, "4111 1111 1111 1111", 0.85, "card", True)
    assert item.to_dict()["text"] == "•••• •••• •••• 1111"
    assert item.to_dict(reveal=True)["text"] == "4111 1111 1111 1111"
    json.dumps(item.to_dict())


def test_adjusted_keeps_the_first_score_and_names_the_cue() -> None:
    item = Evidence("illegal", "illegal.dui", 0, 3, "dui", 0.8, "dui")
    once = item.adjusted(0.4, "never", "dui; cue")
    twice = once.adjusted(0.2, "court", "dui; cue 2")
    assert (once.prior_score, once.cue) == (0.8, "never")
    assert twice.prior_score == 0.8 and twice.score == 0.2
    assert item.score == 0.8  # the original is unchanged


def test_evidence_is_frozen() -> None:
    item = Evidence("illegal", "illegal.dui", 0, 3, "dui", 0.8, "dui")
    with pytest.raises(AttributeError):
        item.score = 0.1  # type: ignore[misc]
