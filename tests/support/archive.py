"""Shared helpers for the tests of parsing, validation and ``build.py check``.

Plain functions: import them (``from tests.support.archive import make_archive``);
``tests/conftest.py`` wraps the archive maker in a fixture.

The bad-input corpus lives in ``tests/archive/bad/``:

- ``tests/archive/bad/_base/`` is a minimal valid archive: a registry (two issues,
  two people, two countries) and one source article. Every case is checked
  on a fresh copy of it.
- ``tests/archive/bad/<case>/`` holds the files the case adds (or replaces), at their
  archive paths (``briefings/…``, ``content/issues/…``), plus:
  - ``expected.txt``: ``#`` lines describe the case; every other line is one
    exact line ``build.py check`` must print (``path:line: field: message``),
    in the order printed. No other problem line may appear. Exit status: 1 when
    a line is an error, else 0; with ``--strict`` 1 when there is any line.
  - optionally ``generate.py`` with ``generate(root)``, for inputs that cannot
    sit in git (a 50 MB file, a symbolic link) or are clearer as code.
"""

from __future__ import annotations

import hashlib
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import PROJECT, TESTS

CORPUS = TESTS / "archive" / "bad"
BASE = CORPUS / "_base"
CASE_META = {"expected.txt", "generate.py", ".gitattributes"}

VALID_BRIEFING = """---
title: Japan and Russia accuse one another of military buildup
date: 2019-05-30
status: draft
source:
  outlet: DW
  file: content/articles/source.txt
issues: [Kuril Islands]
actors:
  - {name: Taro Kono, kind: person, role: Foreign Minister, country: Japan}
  - {name: Sergei Lavrov, kind: person, role: Foreign Minister, country: Russia}
quotes:
  - {speaker: Taro Kono, to: Sergei Lavrov, text: "Our country's legal position does not accept the missile drills"}
---
Japan and Russia traded accusations.
"""


def case_names() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def make_archive(destination: Path, case: str | None = None) -> Path:
    """A fresh archive in ``destination``: the base registry plus ``case``'s files."""
    shutil.copytree(BASE, destination)
    if case is not None:
        folder = CORPUS / case
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if (
                path.is_dir()
                or relative.as_posix() in CASE_META
                or path.name == "__pycache__"
                or "__pycache__" in relative.parts
            ):
                continue
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        generator = folder / "generate.py"
        if generator.exists():
            runpy.run_path(str(generator))["generate"](destination)
    return destination


def read_expected(case: str) -> tuple[list[str], list[str]]:
    """(description lines, expected output lines) of a case."""
    lines = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return (
        [line[1:].strip() for line in lines if line.startswith("#")],
        [line for line in lines if line.strip() and not line.startswith("#")],
    )


def run_check(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``python build.py --root ROOT check ARGS`` as a subprocess (text output)."""
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "check", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=PROJECT,
        timeout=timeout,
    )


def snapshot(root: Path, but: tuple[str, ...] = ()) -> dict[str, str]:
    """Digest of every file (links not followed) under ``root``, to prove nothing changed;
    the top-level folders named in ``but`` (``.cache``: what the tool remembers) left out."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.relative_to(root).parts[0] in but:
            continue
        if path.is_symlink():
            found[path.relative_to(root).as_posix()] = "link:" + str(path.readlink())
        elif path.is_file():
            digest = hashlib.sha256()
            with open(path, "rb") as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(block)
            found[path.relative_to(root).as_posix()] = digest.hexdigest()
    return found


def is_error_line(line: str) -> bool:
    """Whether a ``path:line: field: message`` line is an error (warnings say so)."""
    parts = line.split(": ", 2)
    return not (len(parts) == 3 and parts[2].startswith("warning: "))
