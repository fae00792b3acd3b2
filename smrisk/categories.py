"""The three risks smrisk scores, spelled in exactly one place."""

from __future__ import annotations

from typing import Final

CONFIDENTIAL: Final = "confidential"
DEROGATORY: Final = "derogatory"
ILLEGAL: Final = "illegal"

#: Every risk key, in the order reports and CSV columns list them.
CATEGORIES: Final[tuple[str, ...]] = (CONFIDENTIAL, DEROGATORY, ILLEGAL)

#: One line per risk, shown in help text and reports.
DEFINITIONS: Final[dict[str, str]] = {
    CONFIDENTIAL: "proprietary or private information leaks: unreleased products or financials, "
    "customer data, credentials, PII, internal systems",
    DEROGATORY: "defamatory or derogatory content: insults, slurs, harassment, mocking customers, "
    "unproven damaging claims about people or firms",
    ILLEGAL: "references to illegal conduct: drug use, fraud, bribery, insider trading, theft, "
    "piracy, violence, DUI",
}


#: What the model's evidence for each risk is typical of, in a reviewer's words.
TYPICAL_OF: Final[dict[str, str]] = {
    CONFIDENTIAL: "posts that leak information",
    DEROGATORY: "insulting or demeaning posts",
    ILLEGAL: "posts about illegal conduct",
}


def check_category(name: str) -> str:
    """Return ``name`` if it is a risk key, else raise a ConfigError naming the valid keys."""
    from smrisk.errors import ConfigError

    if name not in CATEGORIES:
        raise ConfigError(f"unknown risk {name!r}; expected one of {', '.join(CATEGORIES)}")
    return name
