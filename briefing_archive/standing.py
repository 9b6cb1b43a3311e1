"""The processes of a build yet to be asked for, forked by a build server (``build_server``)
while its process was small, before it read ahead what that build reads: forked after,
each page of it either process writes while both live would be copied."""

from __future__ import annotations

from typing import Any

_STANDING: list[tuple[Any, Any]] = []  # (the page renderer, the search worker) of the next build


def put(renderer: Any, search: Any) -> None:
    _STANDING[:] = [(renderer, search)]


def take() -> tuple[Any, Any] | None:
    """The processes forked for the next build, once; None when there are none."""
    return _STANDING.pop() if _STANDING else None
