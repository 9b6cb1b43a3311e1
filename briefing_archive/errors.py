"""What goes wrong while loading or building, and the one line that says so.

Shared by the stages and the worker processes they start, so that none of
them has to import the pipeline to report a failure.
"""

from __future__ import annotations

from .model import Problem
from .storage import TextFile


class RenderFailed(RuntimeError):
    """A page could not be rendered or written (the message says which and why)."""


class SearchFailed(RenderFailed):
    """Pagefind failed (its message, passed on from the search process)."""


def unreadable(file: TextFile) -> Problem:
    """The problem of a file that could not be read as text."""
    return Problem(file.path, file.line, "file", file.error or "unreadable")


def describe(error: BaseException) -> str:
    """One line for a failed build: the file an OS error is about, a template's name and line."""
    from jinja2 import TemplateError  # only builds render: `check` need not load Jinja

    if isinstance(error, OSError) and error.filename:
        return f"{error.strerror or error}: {error.filename}"
    if isinstance(error, TemplateError):
        where = getattr(error, "filename", None) or getattr(error, "name", None)
        line = getattr(error, "lineno", None)
        return f"template {where}:{line}: {error.message}" if where else f"template error: {error}"
    return str(error)
