"""The exceptions of styring. Every one carries ``.problems``: where each
problem is (file, sheet, cell, entry) and what is wrong."""

from __future__ import annotations

from typing import Any, List, Sequence


class StyringError(Exception):
    """Base class of every error raised by styring."""

    problems: List[Any]

    def __init__(self, message: str = "", problems: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class ValidationError(StyringError, ValueError):
    """Values, periods or arguments that do not fit the model; nothing was
    stored. ``.problems`` lists each, with ``file``, ``sheet``, ``cell``,
    ``entry`` and ``message``."""


class ModelError(ValidationError):
    """A model (``model.toml``) that is not valid; ``.problems`` names the
    entry of each problem."""


class ScriptError(ModelError):
    """A rhai script that cannot be used: a syntax error (with line and
    column), an unknown indicator read with ``v(...)``, or computed
    indicators that read each other in a cycle."""


class WorkbookImportError(ValidationError):
    """Workbooks that could not be imported; nothing was stored.
    ``.problems`` gives file, sheet and cell of each problem."""


__all__ = [
    "StyringError",
    "ValidationError",
    "ModelError",
    "ScriptError",
    "WorkbookImportError",
]
