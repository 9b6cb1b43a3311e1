"""What goes wrong while loading or building, and the one line that says so.

Shared by the stages and the worker processes they start, so that none of
them has to import the pipeline to report a failure.
"""

from __future__ import annotations

import sys

from .model import Problem
from .storage import TextFile


class RenderFailed(RuntimeError):
    """A page could not be rendered or written (the message says which and why)."""


class SearchFailed(RenderFailed):
    """Pagefind failed (its message, passed on from the search process)."""


def unreadable(file: TextFile) -> Problem:
    """The problem of a file that could not be read as text."""
    return Problem(file.path, file.line, "file", file.error or "unreadable")


def template_errors() -> tuple[type[Exception], ...]:
    """Jinja's ``TemplateError``, when Jinja was imported: none is raised where it was not, and a
    process that renders nothing (``check``, an edit's build beside its renderer) need not
    import it (~25 ms)."""
    jinja = sys.modules.get("jinja2")
    return (jinja.TemplateError,) if jinja is not None else ()


def describe(error: BaseException) -> str:
    """One line for a failed build: the file an OS error is about, a template's name and line."""
    if isinstance(error, OSError) and error.filename:
        return f"{error.strerror or error}: {error.filename}"
    if isinstance(error, template_errors()):
        where = getattr(error, "filename", None) or getattr(error, "name", None)
        line = getattr(error, "lineno", None)
        message = getattr(error, "message", None)
        return f"template {where}:{line}: {message}" if where else f"template error: {error}"
    return str(error)
