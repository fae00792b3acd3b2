"""Which countries' address grammars could match a text, before pyap runs them.

pyap matches one large regular expression per country (about a millisecond each on a short post).
Each country's expression requires a part that is cheap to look for on its own: a US or Canadian
address ends in a state or province, a British one in a postcode. Such a part is searched with
pyap's own sub-expression, on the text as pyap rewrites it, so when it is absent the whole
expression cannot match either (a necessary condition, not a guess): the parse is skipped.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from pyap.parser import AddressParser

#: the part of each country's ``full_address`` that is never optional
_REQUIRED_PART = {"US": "region1", "CA": "region1", "GB": "postal_code"}
_PYAP_FLAGS = re.VERBOSE | re.UNICODE  # pyap.utils.DEFAULT_FLAGS


@cache
def _required(country: str) -> re.Pattern[str] | None:
    """The compiled required part of ``country``'s grammar; None when none is known for it."""
    part = _REQUIRED_PART.get(country.upper())
    if part is None:
        return None
    data = importlib.import_module(f"pyap.source_{country.upper()}.data")
    return re.compile(getattr(data, part), _PYAP_FLAGS)


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
