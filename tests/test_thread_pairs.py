"""The thread pairs (data/threads): pairs.csv is what build_pairs.py makes of the families, held out by family."""

from __future__ import annotations

import csv
import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
THREADS = ROOT / "data" / "threads"
HELD_OUT = ("test", "fresh", "fresh2")


def _rows() -> list[dict[str, str]]:
    return list(csv.DictReader((THREADS / "pairs.csv").open(encoding="utf-8")))


def test_pairs_csv_is_what_build_pairs_makes_of_the_families(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in THREADS.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    spec = importlib.util.spec_from_file_location("build_pairs", THREADS / "build_pairs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", tmp_path)
    module.main()
    assert (tmp_path / "pairs.csv").read_bytes() == (THREADS / "pairs.csv").read_bytes()


def test_each_family_sits_in_one_split_and_each_held_out_split_covers_every_risk() -> None:
    rows = _rows()
    split_of: dict[str, set[str]] = {}
    for row in rows:
        split_of.setdefault(row["family"], set()).add(row["split"])
    assert all(len(splits) == 1 for splits in split_of.values())
    families = {split: sorted(f for f, s in split_of.items() if s == {split}) for split in ("train", "val", *HELD_OUT)}
    assert sum(map(len, families.values())) == len(split_of)
    for split in ("val", *HELD_OUT):
        assert {f.split("_")[0] for f in families[split]} == {"c", "d", "i"}, split
    assert len(families["fresh2"]) == 9 and all(f.split("_")[1] == "fresh2" for f in families["fresh2"])


def test_the_second_fresh_split_counts() -> None:
    """432 pairs (48 per family), 168 of them context-dependent; appended after every earlier pair."""
    rows = _rows()
    fresh2 = [r for r in rows if r["split"] == "fresh2"]
    assert len(fresh2) == 432 and sum(r["context_dependent"] == "1" for r in fresh2) == 168
    assert rows[-len(fresh2):] == fresh2 and len(rows) == 2487
