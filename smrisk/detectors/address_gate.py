"""Running pyap's address grammars only where they can matter.

pyap matches one large regular expression per country (about a millisecond each on a short post).
Each country's expression requires a part that is cheap to look for on its own: a US or Canadian
address ends in a state or province, a British one in a postcode. Such a part is searched with
pyap's own sub-expression, on the text as pyap rewrites it, so when it is absent the whole
expression cannot match either (a necessary condition, not a guess): the parse is skipped.

Where a grammar does run, it is tried only where an address smrisk keeps can begin: a house number
or a flat or unit word, not inside a longer word. pyap itself tries every position, and its street
numbers may be spelled out ("and", "one", "ten"), so an all-caps post full of short words cost about
17 ms a parse (once compiled) in backtracking, for matches the detector then dropped; now about 0.5 ms.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from pyap.address import Address
from pyap.parser import AddressParser
from pyap.utils import DEFAULT_FLAGS

#: the part of each country's ``full_address`` that is never optional
_REQUIRED_PART = {"US": "region1", "CA": "region1", "GB": "postal_code"}
#: where an address the detector keeps can begin: a digit or a flat or unit word, after no letter or digit
_ADDRESS_START = re.compile(r"(?i)(?<![^\W_])(?:\d|(?:flat|apartment|apt|unit|suite)\b)")


@cache
def _required(country: str) -> re.Pattern[str] | None:
    """The compiled required part of ``country``'s grammar; None when none is known for it."""
    part = _REQUIRED_PART.get(country.upper())
    if part is None:
        return None
    data = importlib.import_module(f"pyap.source_{country.upper()}.data")
    return re.compile(getattr(data, part), DEFAULT_FLAGS)


def pyap_text(text: str) -> str:
    """``text`` as pyap rewrites it before matching (line breaks, space runs, dashes)."""
    return str(AddressParser._normalize_string(text))


def possible_countries(text: str, countries: tuple[str, ...]) -> list[str]:
    """The ``countries`` whose address grammar could match ``text`` (a superset of those that do)."""
    rewritten = pyap_text(text)
    out = []
    for country in countries:
        required = _required(country)
        if required is None or required.search(rewritten):
            out.append(country)
    return out


@cache
def _parser(country: str) -> tuple[AddressParser, re.Pattern[str]]:
    """pyap's parser for ``country`` and its full grammar, compiled once."""
    parser = AddressParser(country=country)
    return parser, re.compile(parser.rules, DEFAULT_FLAGS)


def parse_addresses(text: str, country: str) -> list[Address]:
    """pyap's addresses for ``country`` in ``text`` that begin with a house number or a unit word (as
    ``pyap.parse``, whose offsets are into ``pyap_text(text)``), without overlaps, leftmost first."""
    parser, grammar = _parser(country.upper())
    rewritten = pyap_text(text)
    found: list[Address] = []
    taken_until = 0
    for start in _ADDRESS_START.finditer(rewritten):
        if start.start() < taken_until:
            continue
        match = grammar.match(rewritten, start.start())
        if match is not None and match.end() > match.start():
            found.append(parser._parse_address(match))
            taken_until = match.end()
    return found
