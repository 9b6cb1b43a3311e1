"""Which inputs changed, as a file watcher reports them: the quick path's list of edits.

Under ``mkdocs serve`` the watcher sees every write; asking it which files
changed costs nothing, where stamping the archive costs a stat of every file
(30,000 of them, each one a wait for the interpreter while a full build runs
in another thread). Only the quick path trusts this list: every full build
still stamps the whole archive, so an event missed shows late, never wrong.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .cache import TEMPLATE_INPUT
from .layout import BUILD_INPUTS


class ChangeLog:
    """Input files reported changed, numbered in arrival order. Names are those of
    ``cache.input_stamps``: posix paths relative to the archive, ``templates:…``."""

    def __init__(self, root: Path, templates_dir: Path):
        self.root, self.templates = os.path.realpath(root), os.path.realpath(templates_dir)
        self.lock = threading.Lock()
        self.count = 0
        self.last: dict[str, int] = {}  # name → the number of its latest change

    def note(self, absolute: str) -> None:
        name = input_name(self.root, self.templates, os.path.realpath(absolute))
        if name is not None:
            with self.lock:
                self.count += 1
                self.last[name] = self.count

    def inputs(self) -> list[str]:
        """The files and folders under the archive that a build reads."""
        return [os.path.join(self.root, part) for part in BUILD_INPUTS]

    def now(self) -> int:
        with self.lock:
            return self.count

    def since(self, number: int) -> list[str]:
        """The inputs changed after change ``number``."""
        with self.lock:
            return sorted(name for name, last in self.last.items() if last > number)

    def forget(self, number: int) -> None:
        """Drop what changed up to ``number`` (a build that stamped after it has it)."""
        with self.lock:
            self.last = {name: last for name, last in self.last.items() if last > number}


def input_name(root: str, templates: str, path: str) -> str | None:
    """``path``'s name among a build's inputs, or None when a build does not read it."""
    if path.startswith(templates + os.sep):
        return TEMPLATE_INPUT + Path(os.path.relpath(path, templates)).as_posix()
    if not path.startswith(root + os.sep):
        return None
    name = Path(os.path.relpath(path, root)).as_posix()
    return name if any(name == part or name.startswith(part.rstrip("/") + "/") for part in BUILD_INPUTS) else None
