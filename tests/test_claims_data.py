"""The hand-written competitor-claim set passes its own checks, and the checker catches the mistakes it names."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("check_claims_data", ROOT / "scripts" / "check_claims_data.py")
assert _spec is not None and _spec.loader is not None
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)


def _row(text: str, party: str, split: str = "train", claim: str = "1") -> dict[str, str]:
    return {"text": text, "claim": claim, "party": party, "kind": "sarcasm", "voice": "customer", "industry": "grocery", "split": split}


def test_the_shipped_set_passes_and_is_balanced() -> None:
    with check.DEFAULT.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        assert check.problems(rows, list(reader.fieldnames or [])) == []
    claims = sum(r["claim"] == "1" for r in rows)
    assert 0.4 < claims / len(rows) < 0.6
    assert {r["split"] for r in rows} == {"train", "validation"}


def test_a_handle_and_a_short_form_count_as_the_same_business() -> None:
    rows = [_row("Quorra Foods again", "Quorra Foods"), _row("@quorrafoods ok", "quorrafoods"), _row("Quorra's deli", "Quorra")]
    assert len(set(check.businesses({r["party"] for r in rows}).values())) == 1
    rows += [_row("quorra foods fine", "quorra foods")]
    assert check.problems(rows, check.COLUMNS) == []


def test_the_checker_names_each_mistake() -> None:
    rows = [
        _row("Brenvale's deli again", "Brenvale"),
        _row("brenvale's deli   AGAIN", "Brenvale"),
        _row("nothing named here", "Brenvale"),
        _row("Brenvalex opened", "Brenvale"),
        _row("Wexlo Mart and Brenvale at the expo", "Wexlo Mart", claim="0"),
        _row("@WexloMart hello", "WexloMart", split="validation", claim="2"),
        _row("wexlo mart news", "wexlo mart"),
        _row("Wexlo again", "Wexlo"),
        _row("Wexlo Mart opened a new store on Pine Street today, come and visit us", "Wexlo Mart"),
        _row("Wexlo Mart opened a new store on Pine Street today, come and say hi", "Wexlo Mart"),
    ]
    found = "\n".join(check.problems(rows, check.COLUMNS))
    assert "row 2: same text as row 1" in found
    assert "row 3: party 'Brenvale' is not named" in found
    assert "row 4: party 'Brenvale' is not named" in found
    assert "row 5: names another business of the set too: ['Brenvale']" in found
    assert "row 6: claim '2' is not 0 or 1" in found
    assert "business 'wexlomart' is in more than one split" in found
    assert "row 10: near-duplicate of row 9" in found
    assert check.problems(rows, ["text", "label"]) == [f"columns are ['text', 'label'], expected {check.COLUMNS}"]
