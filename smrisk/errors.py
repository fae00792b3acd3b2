"""One small exception hierarchy: callers catch ``SmriskError`` or a subclass."""

from __future__ import annotations


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
