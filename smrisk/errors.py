"""One small exception hierarchy: callers catch ``SmriskError`` or a subclass."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class SmriskError(Exception):
    """Base class of every error smrisk raises on purpose."""


class InputError(SmriskError, ValueError):
    """The caller passed text, a file or a column smrisk cannot score."""


class InputTypeError(InputError, TypeError):
    """The caller passed something that is not a string where text was expected."""


class ConfigError(SmriskError, ValueError):
    """A setting, option or policy value is invalid."""


class ModelLoadError(SmriskError):
    """A model directory is missing, corrupt, tampered with or built by another library version."""


def did_you_mean(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.6) -> str:
    """``"; did you mean 'x' or 'y'?"`` for the choices close to a misspelt ``word`` ("" when none is)."""
    close = difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def install_hint(extra: str) -> str:
    """How to install an optional extra, from the package index or from a source checkout (where smrisk
    itself was installed with ``pip install .``)."""
    return f"pip install 'smrisk[{extra}]' (from a source checkout: pip install '.[{extra}]')"


def kind_of(value: object) -> str:
    """A value's type as a reader says it: "None", "an int", "a list"."""
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def require_text(value: object, name: str = "text") -> str:
    """``value`` when it is a string, else an ``InputTypeError`` that names it (``name``: "text", "text #3")."""
    if not isinstance(value, str):
        raise InputTypeError(f"{name} is {kind_of(value)}, expected str")
    return value
