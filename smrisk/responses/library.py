"""The response library file: ``[[response]]`` tables of approved replies, read and checked strictly.

``load_library(path)`` validates the file the way ``load_policy`` validates a policy (an unknown or
misspelt key, a wrong type, a bad owner or a duplicate id is a ``ConfigError`` naming the file, the
entry, the key and the line), then scores every reply with smrisk, placeholders filled with neutral
words: an approved reply that smrisk would flag is an error that names it, since suggesting it
would put a risky text in front of the person answering. The retrieval index is fitted here, once
per library, so ``suggest`` only transforms the incoming message.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import string
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smrisk.errors import ConfigError, did_you_mean
from smrisk.policy import TableReader, read_toml
from smrisk.responses.index import ResponseIndex

if TYPE_CHECKING:
    from smrisk.scorer import Scorer

OWNERS = ("support", "legal", "comms", "security", "hr")
#: What ``--library starter`` (or ``load_library("starter")``) names: the library shipped in the package.
STARTER = "starter"
_KEYS = {"id": "str", "situation": "str", "examples": "list_nonempty", "text": "str", "owner": "str", "channels": "list"}
_REQUIRED = ("id", "situation", "examples", "text", "owner")
_ID = re.compile(r"[A-Za-z0-9_-]+")
_PLACEHOLDER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Response:
    """One approved reply: when it applies (``situation``, ``examples``), what it says and who owns it."""

    id: str
    situation: str
    examples: tuple[str, ...]
    text: str
    owner: str
    channels: tuple[str, ...] = ()

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The ``{names}`` in the text, in order of first use."""
        return tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(self.text) if name))

    def fill(self, values: Mapping[str, str] | None = None) -> str:
        """The text with its placeholders replaced by ``values``; a placeholder without a value stays ``{name}``."""
        given = dict(values or {})
        return "".join(literal + ("" if name is None else given.get(name, "{" + name + "}"))
                       for literal, name, _, _ in string.Formatter().parse(self.text))

    def neutral_text(self) -> str:
        """The text as smrisk scores it at load: each placeholder read as its name's words ("legal email")."""
        return self.fill({name: name.replace("_", " ") for name in self.placeholders})


@dataclass(frozen=True, eq=False)
class Library:
    """A validated response library with its retrieval index. ``digest`` is the file's sha256."""

    responses: tuple[Response, ...]
    index: ResponseIndex = field(repr=False)
    path: str = ""
    digest: str = ""

    def __len__(self) -> int:
        return len(self.responses)

    def __iter__(self) -> Iterator[Response]:
        return iter(self.responses)

    def get(self, response_id: str) -> Response:
        """The response with this id; an error naming the close ids when there is none."""
        for response in self.responses:
            if response.id == response_id:
                return response
        hint = did_you_mean(response_id, [r.id for r in self.responses])
        raise ConfigError(f"library {self.path or '(in memory)'} has no response {response_id!r}{hint}")

    def summary(self) -> str:
        """What ``smrisk library check`` prints."""
        owners = {owner: sum(r.owner == owner for r in self.responses) for owner in OWNERS}
        lines = [f"library {self.path} (sha256 {self.digest[:12]}): valid, {len(self.responses)} responses, "
                 f"{sum(len(r.examples) for r in self.responses)} examples; every text scored and not flagged",
                 "  owners: " + ", ".join(f"{owner} {n}" for owner, n in owners.items() if n)]
        for response in self.responses:
            fill = f" [{', '.join(response.placeholders)}]" if response.placeholders else ""
            lines.append(f"  {response.id} ({response.owner}, {len(response.examples)} examples){fill}")
        return "\n".join(lines)


def starter_library_path() -> Path:
    """The starter library shipped with smrisk (40 replies for common conflicts)."""
    return Path(str(resources.files("smrisk.responses").joinpath("starter_library.toml")))


def load_library(path: str | os.PathLike[str], scorer: Scorer | None = None) -> Library:
    """Read, validate and index a response library; ``"starter"`` is the shipped starter library.

    Every reply is scored with ``scorer`` (default: the shipped model); a flagged one is a
    ``ConfigError`` naming it. A file is read once and reused while it is unchanged (by its sha256)
    and screened by the same model, settings and policy.
    """
    source = starter_library_path() if os.fspath(path) == STARTER and not Path(STARTER).exists() else Path(path)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read response library {source}: {exc.strerror or exc} "
                          f"(--library {STARTER} is the shipped starter library)") from None
    if scorer is None:
        from smrisk.api import default_scorer

        scorer = default_scorer()
    screen = (scorer.model_id, repr(scorer.config), None if scorer.policy is None else scorer.policy.digest)
    key = (hashlib.sha256(raw).hexdigest(), str(source), screen)
    with _lock:
        cached = _loaded.get(key)
    if cached is None:
        cached = parse_library(raw, str(source), scorer)
        with _lock:
            if len(_loaded) >= 8:
                _loaded.clear()
            _loaded[key] = cached
    return cached


_lock = threading.Lock()
_loaded: dict[tuple[str, str, tuple[str, str, str | None]], Library] = {}


def parse_library(raw: bytes, name: str, scorer: Scorer | None = None) -> Library:
    """``load_library`` for a file's bytes; ``name`` stands for the file in messages."""
    text, data = read_toml(raw, f"response library {name}")
    reader = TableReader(name, text)
    found = _responses(reader, data)
    _check_texts(reader, _screened_texts(data, found), scorer)
    reader.raise_problems()  # every problem of the file in one error, as a policy's
    responses = tuple(response for _, response in found)
    index = ResponseIndex().fit([(r.situation, *r.examples) for r in responses])
    return Library(responses, index, name, hashlib.sha256(raw).hexdigest())


def _responses(reader: Any, data: dict[str, Any]) -> list[tuple[int, Response]]:
    """The valid responses with their positions in the file; each problem is kept on ``reader``."""
    for key, value in data.items():
        if key != "response":
            close = difflib.get_close_matches(key, ["response"], n=1, cutoff=0.6)
            hint = f"; did you mean [[{close[0]}]]?" if close else ""
            reader.problems.append(reader.fail("", None, key, f"unknown table or key; a library holds [[response]] tables only{hint}"))
        elif not (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
            reader.problems.append(reader.fail("", None, key, "must be an array of tables [[response]]"))
            reader.raise_problems()
    rows = data.get("response", [])
    if not rows:
        reader.raise_problems()
        raise ConfigError(f"response library {reader.path} holds no [[response]] tables; each approved reply is one "
                          "(smrisk's starter library shows the shape)")
    responses: list[tuple[int, Response]] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        response = reader.each(partial(_response, reader, i, row))
        given = row.get("id")
        if isinstance(given, str) and given in seen:  # told even where either entry has problems of its own
            reader.problems.append(reader.fail("response", i, "id", f"{given!r} is already the id of response "
                                                                    f"#{seen[given] + 1}; ids must be unique"))
        elif response is not None:
            responses.append((i, response))
        if isinstance(given, str):
            seen.setdefault(given, i)
    return responses


def _response(reader: Any, i: int, row: dict[str, Any]) -> Response:
    """One entry, or its problems: every one of them, the first raised and the others kept (``_raise_first``), so a
    misspelt key does not hide a bad owner until the next run."""
    found, unread = reader._key_problems("response", i, row, _KEYS, required=_REQUIRED)
    for key, problem_of in (("id", _id_problem), ("owner", _owner_problem), ("text", _text_problem)):
        problem = problem_of(row[key]) if key in row and key not in unread else None
        if problem is not None:
            found.append(reader.fail("response", i, key, problem))
    reader._raise_first(found)
    return Response(row["id"], row["situation"].strip(), tuple(e.strip() for e in row["examples"]), row["text"].strip(),
                    row["owner"].strip().lower(), tuple(c.strip() for c in row.get("channels", ())))


def _id_problem(given: str) -> str | None:
    return None if _ID.fullmatch(given) else f"may hold letters, digits, _ and - only, got {given!r}"


def _owner_problem(given: str) -> str | None:
    owner = given.strip().lower()
    if owner in OWNERS:
        return None
    return f"must be one of {', '.join(OWNERS)}, got {given!r}{did_you_mean(owner, OWNERS, n=1, cutoff=0.5)}"


def _text_problem(text: str) -> str | None:
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        return f"has a stray brace ({exc}); placeholders are written {{name}}, and a literal brace as {{{{ or }}}}"
    for name, spec, conversion in fields:
        if not _PLACEHOLDER.fullmatch(name) or spec or conversion:
            return f"placeholder {{{name}}} must be a plain name such as {{status_url}}"
    return None


_NAMED_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _screened_texts(data: dict[str, Any], valid: list[tuple[int, Response]]) -> list[tuple[int, str, str]]:
    """(position, id, text as scored) of every reply to screen: the valid responses' neutral texts, and
    the text of an entry with problems of its own too, so a user fixing the file hears of a reply
    smrisk would flag in the same run as of its typo."""
    known = {i: response for i, response in valid}
    texts = []
    for i, row in enumerate(data.get("response", [])):
        if i in known:
            texts.append((i, known[i].id, known[i].neutral_text()))
        elif isinstance(row, dict) and isinstance(row.get("text"), str) and row["text"].strip():
            name = row["id"] if isinstance(row.get("id"), str) else f"#{i + 1}"
            texts.append((i, name, _NAMED_PLACEHOLDER.sub(lambda m: m.group(1).replace("_", " "), row["text"])))
    return texts


def _check_texts(reader: Any, texts: list[tuple[int, str, str]], scorer: Scorer | None) -> None:
    """Score every reply (placeholders as neutral words); each flagged one is a problem naming it."""
    if scorer is None:
        from smrisk.api import default_scorer

        scorer = default_scorer()
    reports = scorer.score_many([text for _, _, text in texts], explain=True)
    for (i, name, _), report in zip(texts, reports, strict=True):
        if report.flagged:
            spans = "; ".join(f"{risk}: " + ", ".join(f'"{e.shown_text()}"' for e in report.scores[risk].top_evidence())
                              for risk in report.flagged)
            reader.problems.append(reader.fail("response", i, "text", f"response {name!r} is flagged by smrisk as "
                                                                      f"{', '.join(report.flagged)} ({spans}); an approved "
                                                                      "reply must pass screening: reword it"))
