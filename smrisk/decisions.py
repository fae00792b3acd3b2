"""Reviewers' decisions on flags: an append-only JSONL file, one decision per line.

Each line is written whole with one ``write`` on a file opened for appending, then flushed and
fsynced before the reviewer's page hears "saved", so closing the browser or killing the server
loses no decision it acknowledged. A decision is never changed in place: changing one's mind
appends another, and the latest line for a post and risk wins (``latest``).

A decision carries the post's text and its sha256 beside its row number, so the file is
training data by itself (``smrisk.feedback``): it still joins when the scored file is moved,
re-sorted or deleted, and the hash tells a row that changed since it was reviewed. That makes
the file as sensitive as the scored file it came from.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smrisk.categories import CATEGORIES
from smrisk.errors import InputError

#: What a reviewer may decide about one flag; ``unsure`` is recorded but teaches the model nothing.
DECISIONS: tuple[str, ...] = ("accept", "reject", "unsure")

#: A post and risk a decision is about: (row, text_sha256, risk).
Key = tuple[int, str, str]


def text_sha256(text: str) -> str:
    """The hex sha256 of a post's text (UTF-8), how a decision names the text it judged."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now() -> str:
    """The current time, UTC, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Decision:
    """One reviewer's verdict on one risk flagged on one post."""

    row: int  # the post's row in the scored file, 1 = the first row after the header
    risk: str
    decision: str
    note: str
    reviewer: str
    time: str
    model_id: str
    text: str
    text_sha256: str
    id: str | None = None  # the post's own id (the scored file's --id-column), when it has one
    source: str | None = None  # the scored file's name

    @property
    def key(self) -> Key:
        return (self.row, self.text_sha256, self.risk)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: Any) -> Decision:
        """A decision from a parsed line; ValueError naming what is wrong."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        known = {f.name for f in fields(cls)}
        missing = sorted(known - {"id", "source"} - set(data))
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        decision = cls(**{k: v for k, v in data.items() if k in known})
        if not isinstance(decision.row, int) or isinstance(decision.row, bool):
            raise ValueError(f"row must be an integer, not {decision.row!r}")
        if decision.risk not in CATEGORIES:
            raise ValueError(f"risk {decision.risk!r} is not one of {', '.join(CATEGORIES)}")
        if decision.decision not in DECISIONS:
            raise ValueError(f"decision {decision.decision!r} is not one of {', '.join(DECISIONS)}")
        if not all(isinstance(getattr(decision, name), str) for name in ("note", "reviewer", "time", "model_id", "text")):
            raise ValueError("note, reviewer, time, model_id and text must be strings")
        if decision.text_sha256 != text_sha256(decision.text):
            raise ValueError("text_sha256 does not match its text")
        return decision


def read_decisions(path: str | os.PathLike[str]) -> list[Decision]:
    """Every decision in the file, in the order made (a missing file holds none).

    A line that is not a decision is an InputError naming the file, the line and the fix: the
    file is evidence of what reviewers did, so nothing in it is skipped silently.
    """
    path = Path(path)
    if not path.exists():
        return []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read decisions file {path}: {exc.strerror or exc}") from None
    decisions = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            decisions.append(Decision.from_dict(json.loads(line.decode("utf-8"))))
        except (UnicodeDecodeError, json.JSONDecodeError, TypeError, ValueError) as exc:
            shown = line[:80].decode("utf-8", "replace")
            raise InputError(f"line {number} of decisions file {path} is not a decision ({_why(exc)}): {shown!r}; "
                             "fix or delete that line (the other lines are kept as they are)") from None
    return decisions


def _why(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"bad JSON: {exc.msg}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8"
    return str(exc)


def latest(decisions: Iterable[Decision]) -> dict[Key, Decision]:
    """The decision that stands for each post and risk: the last one made."""
    standing: dict[Key, Decision] = {}
    for decision in decisions:
        standing[decision.key] = decision
    return standing


class DecisionLog:
    """The decisions file of one review: read once at start, appended to as decisions are made."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.decisions = read_decisions(self.path)
        self.standing = latest(self.decisions)
        if self.path.exists() and self.path.stat().st_size and not _ends_a_line(self.path):
            self._write(b"\n")  # a line cut short stays its own line; the next decision starts a new one
        _check_writable(self.path)  # refused now, not at the first decision

    def append(self, decision: Decision) -> None:
        """Write ``decision`` as one line, flushed and fsynced before returning."""
        self._write((decision.to_json() + "\n").encode("utf-8"))
        self.decisions.append(decision)
        self.standing[decision.key] = decision

    def _write(self, data: bytes) -> None:
        try:
            handle = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        except OSError as exc:
            raise InputError(f"cannot write decisions file {self.path}: {exc.strerror or exc}") from None
        try:
            written = os.write(handle, data)
            if written != len(data):
                raise InputError(f"wrote {written} of {len(data)} bytes to {self.path}: is the disk full?")
            os.fsync(handle)
        finally:
            os.close(handle)


def _check_writable(path: Path) -> None:
    """An error if decisions could not be appended to ``path`` (the file, or its directory when it does not exist yet,
    which is created at the first decision)."""
    target = path if path.exists() else path.parent
    if not target.exists():
        raise InputError(f"cannot write decisions file {path}: its directory {str(target)!r} does not exist")
    if not os.access(target, os.W_OK):
        raise InputError(f"cannot write decisions file {path}: permission denied")


def _ends_a_line(path: Path) -> bool:
    """Whether the file's last byte is a newline (read alone: the file was just read whole once)."""
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"
