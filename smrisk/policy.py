"""A company's policy in one TOML file: its names, lexicons, allow-list, routes and speakers.

``load_policy(path)`` reads and validates the file strictly: an unknown key, a wrong type or a
bad regex is a ``ConfigError`` naming the table, the key and the line. The policy's sha256
digest travels with every report it judged. What the policy *does* lives elsewhere: its rules
in ``smrisk.detectors.policy_rules``, owners in ``smrisk.routing``, speakers in ``smrisk.speakers``.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import tomllib
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from smrisk.categories import CATEGORIES
from smrisk.config import ScoringConfig
from smrisk.errors import ConfigError, did_you_mean
from smrisk.rule_kinds import CONTEXT_RULES, RULE_GROUPS

MATCH_KINDS = ("word", "name", "phrase", "regex")
DEFAULT_APPROVER = "communications"
DEFAULT_LEXICON_SCORE = 0.9
#: A post that names a ``disparagement`` lexicon's term is a claim when the claims model
#: (``smrisk.claims_model``) reads a negative claim about the term at this probability or more:
#: a dig without a cue word ("never again", "come for the delays") is an unproven claim legal must
#: see. Chosen on the development companies (docs/policy.md).
DEFAULT_CLAIM_THRESHOLD = 0.6


@dataclass(frozen=True)
class Company:
    """Who the company is and which of its domains are public or internal."""

    name: str = ""
    aliases: tuple[str, ...] = ()
    public_domains: tuple[str, ...] = ()
    internal_domains: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, *self.aliases) if n)


@dataclass(frozen=True)
class PolicyLexicon:
    """A company's own terms for one risk, found as rule evidence with the lexicon's reason.

    ``context_only``: a hit weighs nothing by itself; it routes when its risk is flagged.
    ``disparagement``: a word that runs a term down near it ("Zentrix robots are junk": anywhere in a
    short post, else in the term's sentence or its neighbours) is a hit with ``score``, context-only or
    not (``smrisk.detectors.disparagement``); so is the term itself when the claims model reads a
    negative claim about it at ``claim_threshold`` or more (``None`` without ``disparagement``).
    """

    id: str
    risk: str
    terms: tuple[str, ...]
    reason: str
    match: str = "word"
    case_sensitive: bool = False
    route: str | None = None
    context_only: bool = False
    score: float = DEFAULT_LEXICON_SCORE
    disparagement: bool = False
    claim_threshold: float | None = None
    term_matches: tuple[tuple[str, str], ...] = ()  # (term, match) of the terms written as a table with their own match

    @property
    def source(self) -> str:
        """The evidence source (rule id) of this lexicon's hits, e.g. ``confidential.policy.codenames``."""
        return f"{self.risk}.policy.{self.id}"

    def match_of(self, term: str) -> str:
        """How ``term`` is matched: its own ``match`` if its table gave one, else the lexicon's."""
        return dict(self.term_matches).get(term, self.match)

    def by_match(self) -> dict[str, tuple[str, ...]]:
        """The terms grouped by how they are matched, in the order the file first uses each kind."""
        groups: dict[str, list[str]] = {}
        for term in self.terms:
            groups.setdefault(self.match_of(term), []).append(term)
        return {kind: tuple(terms) for kind, terms in groups.items()}


@dataclass(frozen=True)
class RouteRule:
    """An owner who must review a draft when one of ``when`` applies: a risk key (the risk is
    flagged), or a rule id, exact or a prefix ending in ``*``, or a group of rules (``secrets``: see
    ``smrisk.rule_kinds.RULE_GROUPS``) whose evidence is in a flagged risk."""

    owner: str
    when: tuple[str, ...]


@dataclass(frozen=True)
class Speakers:
    """Who may post on the company's official channels, and what a personal account must say."""

    official_channels: tuple[str, ...] = ()
    spokespeople: tuple[str, ...] = ()
    personal_disclaimer: str = ""
    approver: str = DEFAULT_APPROVER


@dataclass(frozen=True)
class Policy:
    """A validated policy file. ``digest`` is the sha256 of its bytes: reports record it."""

    company: Company = field(default_factory=Company)
    lexicons: tuple[PolicyLexicon, ...] = ()
    allow: tuple[str, ...] = ()
    routes: tuple[RouteRule, ...] = ()
    speakers: Speakers | None = None
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    digest: str = ""
    path: str = ""
    raw: bytes = field(default=b"", repr=False)  # the file's bytes: what a worker process parses again
    warnings: tuple[str, ...] = ()  # valid, but probably not what was meant: ``smrisk policy check`` prints them

    @property
    def internal_domains_source(self) -> str:
        return "confidential.policy.internal_domains"

    def scoring_config(self, base: ScoringConfig | None = None) -> ScoringConfig:
        """The ``[scoring]`` settings (or ``base``, a config given beside the policy) with the
        ``[allow]`` phrases added to its allow-list: public names stay hidden whatever the config."""
        settings = base if base is not None else self.scoring
        phrases = tuple(dict.fromkeys((*settings.allow_phrases, *self.allow)))
        return ScoringConfig(**{**settings.__dict__, "allow_phrases": phrases})

    def summary(self) -> str:
        """What ``smrisk policy check`` prints."""
        lines = [f"policy {self.path} (sha256 {self.digest[:12]}): valid"]
        if self.company.name:
            lines.append(f"  company: {self.company.name}" + (f" (also {', '.join(self.company.aliases)})" if self.company.aliases else ""))
        if self.company.public_domains or self.company.internal_domains:
            lines.append(f"  domains: public {', '.join(self.company.public_domains) or '-'}; "
                         f"internal {', '.join(self.company.internal_domains) or '-'}")
        for lexicon in self.lexicons:
            extra = (", context only" if lexicon.context_only else "") + (
                f", disparagement (claims model from {lexicon.claim_threshold:g})" if lexicon.disparagement else "")
            route = f" -> {lexicon.route}" if lexicon.route else ""
            counts = ", ".join(f"{len(terms)} {kind}" for kind, terms in lexicon.by_match().items())
            lines.append(f"  lexicon {lexicon.source}: {counts} term(s){extra}{route}")
        if self.allow:
            lines.append(f"  allow: {', '.join(self.allow)}")
        for rule in self.routes:
            named = [f"{w} ({len(RULE_GROUPS[w])} rules)" if w in RULE_GROUPS else w for w in rule.when]
            lines.append(f"  route {rule.owner}: when {', '.join(named)}")
        if self.speakers is not None:
            s = self.speakers
            lines.append(f"  speakers: official channels {', '.join(s.official_channels) or '-'}; spokespeople "
                         f"{', '.join(s.spokespeople) or '-'}; disclaimer {s.personal_disclaimer!r}; approver {s.approver}")
        defaults = ScoringConfig()
        changed = [f"{k}={v!r}" for k, v in self.scoring.__dict__.items() if v != getattr(defaults, k)]
        if changed:
            lines.append(f"  scoring: {', '.join(changed)}")
        return "\n".join(lines)


def load_policy(path: str | os.PathLike[str], known_rules: Callable[[], set[str]] | None = None) -> Policy:
    """Read and validate a policy file (a file with only a ``[scoring]`` table is a valid policy).

    ``known_rules`` gives the rule ids a route may name (default: the shipped detectors); a route
    naming no known rule is an error, since it would never fire.
    """
    source = Path(path)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read policy {source}: {exc.strerror or exc}") from None
    return parse_policy(raw, str(source), known_rules)


def parse_policy(raw: bytes, name: str, known_rules: Callable[[], set[str]] | None = None) -> Policy:
    """``load_policy`` for a policy's bytes (what a Dask task carries to its workers); ``name``
    stands for the file in messages."""
    text, data = read_toml(raw, f"policy {name}")
    reader = _Reader(name, text)
    policy = reader.policy(data)
    policy = replace(policy, digest=hashlib.sha256(raw).hexdigest(), path=name, raw=raw)
    reader.check_routes(policy, (known_rules or _shipped_rules)(), _declared_rules(data))
    reader.raise_problems()
    return replace(policy, warnings=reader.warnings(policy))


def read_toml(raw: bytes, what: str) -> tuple[str, dict[str, Any]]:
    """A TOML file's text and tables; ``what`` names it in the error (``policy acme.toml``)."""
    try:
        text = raw.decode("utf-8")
        return text, tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(f"{what} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{what} is not valid TOML: {exc}") from None


def example_policy() -> str:
    """The commented example policy ``smrisk policy init`` writes."""
    return resources.files("smrisk").joinpath("policy_example.toml").read_text(encoding="utf-8")


def _detector_names() -> set[str]:
    """What ``disabled_detectors`` may name: the shipped detectors, and the rules of replies in context."""
    from smrisk.detectors import default_registry

    return set(default_registry().names) | set(CONTEXT_RULES)


def _shipped_rules() -> set[str]:
    from smrisk.detectors import default_registry

    names: set[str] = set(CONTEXT_RULES)
    for detector in default_registry():
        names.add(detector.name)
        names.update(getattr(detector, "rules", {}))
    return names


_T = TypeVar("_T")


class PolicyError(ConfigError):
    """One problem of a file, at its line (problems are reported in the order of the file)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


_TABLES = {"company": "table", "scoring": "table", "lexicon": "array", "allow": "table", "route": "array", "speakers": "table"}


class _Reader:
    """Validates the parsed TOML table by table, naming the line of every problem.

    A problem in one table or entry does not stop the others being read: ``each`` keeps it and goes
    on, and ``raise_problems`` raises them all at once, so a person fixing a file sees every mistake
    in one run (a table's own checks still stop at its first problem, since later ones would read
    values already found wrong)."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.problems: list[PolicyError] = []
        self._after_raised: list[PolicyError] = []  # the problems found with the one raised, kept after it
        self._disabled: tuple[str, ...] = ()  # ``disabled_detectors`` as written, checked even when [scoring] is not valid

    def fail(self, table: str, index: int | None, key: str | None, problem: str) -> PolicyError:
        line = self._line(table, index, key)
        where = f"[[{table}]] #{index + 1}" if index is not None else f"[{table}]" if table else "top level"
        what = f" {key}" if key else ""
        return PolicyError(f"{self.path}:{line}: {where}{what}: {problem}", line)

    def each(self, check: Callable[[], _T]) -> _T | None:
        """``check()``, or None when it finds a problem: the problem is kept and reading goes on."""
        try:
            return check()
        except PolicyError as problem:
            self.problems += [problem, *self._after_raised]
            self._after_raised = []
            return None

    def raise_problems(self) -> None:
        """Raise what ``each`` kept: the one problem as it is, or all of them in one error, in file order."""
        if len(self.problems) == 1:
            raise self.problems[0]
        if self.problems:
            found = sorted(self.problems, key=lambda problem: problem.line)
            raise ConfigError(f"{len(found)} problems in {self.path}:\n" + "\n".join(f"  {problem}" for problem in found))

    def _line(self, table: str, index: int | None, key: str | None) -> int:
        """The line of ``key`` in the ``index``-th ``[[table]]`` (or in ``[table]``); the table's header
        line when the key is absent; 1 when neither is found."""
        if not table and key is not None:  # a top-level name: its table header, or its assignment
            table, index, key = key, None, None
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]" if index is not None
                            else rf"^\s*\[{{1,2}}\s*{re.escape(table)}\s*\]|^\s*{re.escape(table)}\s*=")
        any_header = re.compile(r"^\s*\[")
        seen, start = -1, None
        for number, line in enumerate(self.lines):
            if header.match(line):
                seen += 1
                if index is None or seen == index:
                    start = number
                    break
        if start is None:
            return 1
        if key is not None:
            assignment = re.compile(rf"^\s*{re.escape(key)}\s*=")
            for number in range(start + 1, len(self.lines)):
                if any_header.match(self.lines[number]):
                    break
                if assignment.match(self.lines[number]):
                    return number + 1
        return start + 1

    def policy(self, data: dict[str, Any]) -> Policy:
        """The policy the file's valid tables make; each problem is kept (``raise_problems`` raises them)."""
        tables = {name: value for name, value in data.items() if self.each(partial(self._table, name, value))}
        scoring = self.each(partial(self._scoring, tables.get("scoring", {}))) or ScoringConfig()
        read_company = self.each(partial(self._company, tables.get("company", {})))
        company = read_company or Company()
        read = [(i, self.each(partial(self._lexicon, i, row))) for i, row in enumerate(tables.get("lexicon", []))]
        lexicons: list[PolicyLexicon] = []
        for i, lexicon in read:
            if lexicon is not None and lexicon.id in [earlier.id for earlier in lexicons]:
                self.problems.append(self.fail("lexicon", i, "id", f"{lexicon.id!r} is used by an earlier lexicon; ids must be unique"))
            elif lexicon is not None:
                lexicons.append(lexicon)
        allow = self.each(partial(self._allow, tables.get("allow", {}))) or ()
        routes = tuple(route for i, row in enumerate(tables.get("route", []))
                       if (route := self.each(partial(self._route, i, row))) is not None)
        speakers = self.each(partial(self._speakers, tables["speakers"])) if "speakers" in tables else None
        if speakers is not None and read_company is not None and not company.name and speakers.personal_disclaimer:
            self.problems.append(self.fail("company", None, "name", "is required when [speakers] has a personal_disclaimer "
                                                                    "(it is how a personal post names the company)"))
        return Policy(company, tuple(lexicons), allow, routes, speakers, scoring)

    def _table(self, name: str, value: Any) -> bool:
        """True for a known top-level table of the right shape; a problem otherwise."""
        kind = _TABLES.get(name)
        if kind is None:
            raise self.fail("", None, name, f"unknown table or key; known: {', '.join(f'[{t}]' for t in _TABLES)} "
                                            f"(lexicon and route are [[arrays]])")
        if kind == "table" and not isinstance(value, dict):
            raise self.fail("", None, name, f"must be a table [{name}]")
        if kind == "array" and not (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
            raise self.fail("", None, name, f"must be an array of tables [[{name}]]")
        return True

    def _keys(self, table: str, index: int | None, row: dict[str, Any], known: dict[str, str], required: tuple[str, ...] = ()) -> None:
        """Every unknown key, wrong type and missing key of one table (a misspelt key is not also called
        missing); the first is raised, the others kept, since the table's further checks read these values."""
        self._raise_first(self._key_problems(table, index, row, known, required)[0])

    def _key_problems(self, table: str, index: int | None, row: dict[str, Any], known: dict[str, str],
                      required: tuple[str, ...] = ()) -> tuple[list[PolicyError], set[str]]:
        """``_keys``'s problems, and the keys whose values are not to be read further (unknown or of a wrong type)."""
        found: list[PolicyError] = []
        meant: set[str] = set()
        unread: set[str] = set()
        for key, value in row.items():
            if key not in known:
                meant.update(difflib.get_close_matches(key, list(known), n=1))
                found.append(self.fail(table, index, key, f"unknown key; known: {', '.join(known)}{did_you_mean(key, known, n=1)}"))
                unread.add(key)
                continue
            try:
                self._type(table, index, key, value, known[key])
            except PolicyError as problem:
                found.append(problem)
                unread.add(key)
        found.extend(self.fail(table, index, None, f"missing {key} (required)") for key in required
                     if key not in row and key not in meant)
        return found, unread

    def _raise_first(self, found: list[PolicyError]) -> None:
        """Raise the first of ``found``; ``each`` keeps the others after it (one table's problems, all named in one
        run, in the order found)."""
        if found:
            self._after_raised = found[1:]
            raise found[0]

    def _type(self, table: str, index: int | None, key: str, value: Any, kind: str) -> None:
        ok = {
            "str": isinstance(value, str) and bool(value.strip()),
            "any_str": isinstance(value, str),
            "bool": isinstance(value, bool),
            "number": isinstance(value, int | float) and not isinstance(value, bool),
            "list": isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value),
            "list_nonempty": isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value),
            "terms": isinstance(value, list) and bool(value) and all(isinstance(v, dict) or isinstance(v, str) and v.strip()
                                                                     for v in value),
        }[kind]
        if not ok:
            wanted = {"str": "a non-empty string", "any_str": "a string", "bool": "true or false", "number": "a number",
                      "list": "a list of non-empty strings", "list_nonempty": "a non-empty list of non-empty strings",
                      "terms": 'a non-empty list of non-empty strings or tables { term = "...", match = "..." }'}[kind]
            raise self.fail(table, index, key, f"must be {wanted}, got {value!r}")

    def _scoring(self, row: dict[str, Any]) -> ScoringConfig:
        found = []
        disabled = row.get("disabled_detectors", ())
        if isinstance(disabled, list) and all(isinstance(name, str) for name in disabled):
            self._disabled = tuple(disabled)
        for key, value in row.items():  # one key at a time, so the message names the key at fault
            # and a table's entries one at a time, so that every bad one is named (``thresholds``)
            parts = [{key: {k: v}} for k, v in value.items()] if isinstance(value, dict) and value else [{key: value}]
            for part in parts:
                try:
                    ScoringConfig.from_dict(part)
                except ConfigError as exc:
                    found.append(self.fail("scoring", None, key, str(exc)))
        self._raise_first(found)
        try:
            return ScoringConfig.from_dict(row)
        except ConfigError as exc:  # keys that are only wrong together
            raise self.fail("scoring", None, None, str(exc)) from None

    def _company(self, row: dict[str, Any]) -> Company:
        self._keys("company", None, row, {"name": "str", "aliases": "list", "public_domains": "list", "internal_domains": "list"})
        for key in ("public_domains", "internal_domains"):
            for domain in row.get(key, []):
                if not _DOMAIN.fullmatch(domain.strip().lower()):
                    raise self.fail("company", None, key, f"{domain!r} is not a domain name such as acme.com")
        return Company(row.get("name", "").strip(), tuple(row.get("aliases", ())),
                       tuple(d.strip().lower() for d in row.get("public_domains", ())),
                       tuple(d.strip().lower() for d in row.get("internal_domains", ())))

    def _lexicon(self, i: int, row: dict[str, Any]) -> PolicyLexicon:
        """One ``[[lexicon]]`` table; every problem of its keys and of the values that can be read is named at once."""
        found, unread = self._key_problems("lexicon", i, row, {
            "id": "str", "risk": "str", "terms": "terms", "reason": "str", "match": "str", "case_sensitive": "bool",
            "route": "str", "context_only": "bool", "score": "number", "disparagement": "bool", "claim_threshold": "number"},
            required=("risk", "terms", "reason"))
        value = {key: v for key, v in row.items() if key not in unread}
        if "risk" in value and value["risk"] not in CATEGORIES:
            found.append(self.fail("lexicon", i, "risk", f"must be one of {', '.join(CATEGORIES)}, got {value['risk']!r}"))
        match = value.get("match", "word")
        if match not in MATCH_KINDS:
            found.append(self.fail("lexicon", i, "match", f"must be one of {', '.join(MATCH_KINDS)}, got {match!r}"))
            match = "word"
        lexicon_id = value.get("id", f"lexicon{i + 1}")
        if not re.fullmatch(r"[A-Za-z0-9_-]+", lexicon_id):
            found.append(self.fail("lexicon", i, "id", f"may hold letters, digits, _ and - only, got {lexicon_id!r}"))
        score = float(value.get("score", DEFAULT_LEXICON_SCORE))
        if not 0.0 < score <= 1.0:
            found.append(self.fail("lexicon", i, "score", f"must be in (0, 1], got {score}"))
        disparagement = value.get("disparagement", False)
        if "claim_threshold" in value and not disparagement:
            found.append(self.fail("lexicon", i, "claim_threshold", "applies only with disparagement = true"))
        claim_threshold = float(value.get("claim_threshold", DEFAULT_CLAIM_THRESHOLD)) if disparagement else None
        if claim_threshold is not None and not 0.0 < claim_threshold <= 1.0:
            found.append(self.fail("lexicon", i, "claim_threshold", f"must be in (0, 1], got {claim_threshold}"))
        terms: tuple[str, ...] = ()
        term_matches: tuple[tuple[str, str], ...] = ()
        if "terms" in value:
            try:
                terms, term_matches = self._terms(i, value["terms"], match)
            except PolicyError as problem:
                found.append(problem)
        for term in terms:
            if dict(term_matches).get(term, match) == "regex":
                try:
                    re.compile(term)
                except re.error as exc:
                    found.append(self.fail("lexicon", i, "terms", f"bad regex {term!r}: {exc}"))
        self._raise_first(found)
        return PolicyLexicon(lexicon_id, row["risk"], terms, row["reason"].strip(), match, row.get("case_sensitive", False),
                             row.get("route"), row.get("context_only", False), score, disparagement, claim_threshold,
                             term_matches)

    def _terms(self, i: int, items: list[Any], match: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        """A lexicon's terms: strings, or tables ``{ term = "Juniper", match = "name" }`` giving one term
        its own match; the (term, match) pairs of those that differ from the lexicon's ``match``."""
        terms: list[str] = []
        own: list[tuple[str, str]] = []
        for number, item in enumerate(items, start=1):
            if isinstance(item, str):
                terms.append(item.strip())
                continue
            where = f"term table #{number}"
            for key in item:
                if key not in _TERM_KEYS:
                    raise self.fail("lexicon", i, "terms", f"{where}: unknown key {key!r}; known: {', '.join(_TERM_KEYS)}"
                                                           f"{did_you_mean(key, _TERM_KEYS, n=1)}")
            if not isinstance(item.get("term"), str) or not item["term"].strip():
                raise self.fail("lexicon", i, "terms", f"{where}: term must be a non-empty string, got {item.get('term')!r}")
            kind = item.get("match", match)
            if kind not in MATCH_KINDS:
                raise self.fail("lexicon", i, "terms", f"{where}: match must be one of {', '.join(MATCH_KINDS)}, got {kind!r}")
            terms.append(item["term"].strip())
            if kind != match:
                own.append((terms[-1], kind))
        return tuple(terms), tuple(own)

    def warnings(self, policy: Policy) -> tuple[str, ...]:
        """What is valid but probably not meant: a term of several words matched by name is missed
        when written in lower case ("project nightjar"), as an everyday phrase would be."""
        found = []
        for i, lexicon in enumerate(policy.lexicons):
            for term in lexicon.terms:
                if lexicon.match_of(term) == "name" and len(term.split()) > 1 and term.lower() != term.upper():
                    line = self._line("lexicon", i, "terms")
                    found.append(f"{self.path}:{line}: [[lexicon]] #{i + 1} terms: {term!r} matches by name, so "
                                 f"{term.lower()!r} in lower case is not counted; unless that is an everyday phrase, write it "
                                 f'{{ term = "{term}", match = "word" }}')
        return tuple(found)

    def _allow(self, row: dict[str, Any]) -> tuple[str, ...]:
        self._keys("allow", None, row, {"phrases": "list"})
        return tuple(p.strip() for p in row.get("phrases", ()))

    def _route(self, i: int, row: dict[str, Any]) -> RouteRule:
        self._keys("route", i, row, {"owner": "str", "when": "list_nonempty"}, required=("owner", "when"))
        return RouteRule(row["owner"].strip(), tuple(w.strip() for w in row["when"]))

    def _speakers(self, row: dict[str, Any]) -> Speakers:
        self._keys("speakers", None, row, {"official_channels": "list", "spokespeople": "list", "personal_disclaimer": "any_str",
                                           "approver": "str"})
        return Speakers(tuple(row.get("official_channels", ())), tuple(row.get("spokespeople", ())),
                        row.get("personal_disclaimer", "").strip(), row.get("approver", DEFAULT_APPROVER).strip())

    def check_routes(self, policy: Policy, shipped: set[str], declared: AbstractSet[str] = frozenset()) -> None:
        """Every ``when`` entry must name a risk or a rule that exists, or it would never fire; each one
        that does not is kept as a problem. While the file has other problems, a name of the policy's own
        rules (``*.policy.*``) is checked against the rules its tables declare (``declared``), read or not: the
        lexicon or company table it names may be one with a problem of its own."""
        unsure = bool(self.problems)
        own = {lexicon.source for lexicon in policy.lexicons}  # the rules the policy's valid tables add
        if policy.company.internal_domains:
            own.add(policy.internal_domains_source)
        known = shipped | own | (declared if unsure else set())
        for i, rule in enumerate(policy.routes):
            for entry in rule.when:
                if entry in CATEGORIES or entry in RULE_GROUPS:
                    continue
                prefix = entry[:-1] if entry.endswith("*") else None
                if not (entry in known if prefix is None else any(name.startswith(prefix) for name in known)):
                    hint = did_you_mean(entry.rstrip("*"), [*CATEGORIES, *RULE_GROUPS, *sorted(known)])
                    risk = entry.split(".", 1)[0]
                    mine = sorted(lexicon.source for lexicon in policy.lexicons if lexicon.risk == risk)
                    if mine:  # "confidential.codenames" for the lexicon "codenames", whose rule is "<risk>.policy.<id>"
                        listed = ", ".join(repr(m) for m in mine[:3])
                        hint += f"{' ' if hint else '; '}(the rules of this policy's own {risk} lexicons: {listed})"
                    self.problems.append(self.fail("route", i, "when", f"{entry!r} is neither a risk ({', '.join(CATEGORIES)}), "
                                                                       f"a group ({', '.join(RULE_GROUPS)}) "
                                                                       f"nor a known rule id (docs/policy.md lists them){hint}"))
        detectors = _detector_names() | own
        for name in policy.scoring.disabled_detectors or self._disabled:
            if name not in detectors and not (unsure and name in declared):
                hint = did_you_mean(name, sorted(detectors))
                self.problems.append(self.fail("scoring", None, "disabled_detectors", f"{name!r} is not a detector "
                                                                                      f"(docs/policy.md lists them){hint}"))


def _declared_rules(data: dict[str, Any]) -> set[str]:
    """The ids of the rules a policy file's tables declare, whether or not those tables are valid: each
    ``[[lexicon]]``'s ``<risk>.policy.<id>`` (every risk where its own is not one), and the internal domains'
    rule where ``[company]`` lists any. What a route may name while the file still has other problems."""
    declared: set[str] = set()
    lexicons = data.get("lexicon")
    for i, row in enumerate(lexicons if isinstance(lexicons, list) else ()):
        if isinstance(row, dict):
            lexicon_id = row.get("id", f"lexicon{i + 1}")
            risks = [row["risk"]] if row.get("risk") in CATEGORIES else list(CATEGORIES)
            declared.update(f"{risk}.policy.{lexicon_id}" for risk in risks if isinstance(lexicon_id, str))
    company = data.get("company")
    if isinstance(company, dict) and company.get("internal_domains"):
        declared.add("confidential.policy.internal_domains")
    return declared


_TERM_KEYS = ("term", "match")  # what a term table may hold
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}")

#: The strict table-by-table reader (file, table, key and line in every message), shared with the
#: response library (``smrisk.responses.library``), which is validated the same way.
TableReader = _Reader
