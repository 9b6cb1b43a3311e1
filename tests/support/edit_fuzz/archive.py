"""The archive a run edits, and how a briefing of it is read and written back."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable
from pathlib import Path

from briefing_archive.model import Actor, Briefing
from briefing_archive.parse import parse_briefing
from briefing_archive.serialize import dump_briefing

UNDO = 6  # the last briefings picked whose text before is kept, for ``undo_edit``
WORDS = ("renewed", "tense", "naval", "border", "talks", "envoy", "sanctions", "patrol", "summit", "drills")


@dataclasses.dataclass
class Archive:
    """A synthetic archive being edited: where it is, and the registry's names it may use."""

    root: Path
    templates: Path
    rng: random.Random
    issues: list[str]
    actors: dict[str, Actor]  # registry name → the actor as a briefing names it
    check: bool = False  # whether each step's ``build.py check`` is compared too (``checks_compared``)
    touched: set[Path] = dataclasses.field(default_factory=set)  # the files this step's edits picked
    kill: float = 0.0  # how often a step's edits are followed by a build stopped part-way (``killed_build``)
    race: float = 0.0  # how often a step's edits are made while a build runs (``made_during_a_build``)
    added: int = 0
    before: list[tuple[Path, str]] = dataclasses.field(default_factory=list)  # (briefing, its text before), ``UNDO``
    repairs: list[tuple[Path, str]] = dataclasses.field(default_factory=list)  # (file, its text before it broke)

    def briefings(self) -> list[Path]:
        return sorted((self.root / "briefings").glob("*.md"))

    def pick(self) -> Path:
        """A briefing to edit: noted as touched, its text as it was kept for ``undo_edit``."""
        path = self.rng.choice(self.briefings())
        self.touched.add(path)
        self.before[:] = [*self.before[-(UNDO - 1) :], (path, path.read_text(encoding="utf-8"))]
        return path

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))


def registry_of(root: Path) -> tuple[list[str], dict[str, Actor]]:
    """The issues' names and the actors (as a briefing would name them) of the registry."""
    issues = [required_field(path, "name") for path in sorted((root / "content/issues").glob("*.md"))]
    actors = {}
    for path in sorted((root / "content/actors").glob("*.md")):
        name, kind = required_field(path, "name"), required_field(path, "kind")
        actors[name] = Actor(name, kind, field_of(path, "role"), field_of(path, "country"))
    return issues, actors


def field_of(path: Path, key: str) -> str | None:
    found = re.search(rf"^{key}: (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
    return found.group(1).strip().strip('"') if found else None


def required_field(path: Path, key: str) -> str:
    found = field_of(path, key)
    assert found is not None, f"{path} has no {key}"
    return found


def parsed(path: Path) -> Briefing:
    """The briefing at ``path`` (it parses: the archive is valid, and every edit keeps it so)."""
    briefing = parse_briefing(f"briefings/{path.name}", path.read_text(encoding="utf-8"))
    assert isinstance(briefing, Briefing), briefing
    return briefing


def rewrite(path: Path, change: Callable[[Briefing], Briefing | None]) -> bool:
    """The briefing at ``path`` changed by ``change`` and written back (False: not applicable)."""
    briefing = parsed(path)
    changed = change(briefing)
    if changed is None or changed == briefing:
        return False
    path.write_text(dump_briefing(changed), encoding="utf-8")
    return True


def quoted_in_article(a: Archive, briefing: Briefing) -> None:
    """The briefing's quotes put in its source article, when it has one (a quote its article
    lacks is an error: a misquote)."""
    if briefing.source.file:
        article = a.root / briefing.source.file
        text = article.read_text(encoding="utf-8")
        missing = [q.text for q in briefing.quotes if q.text not in text]
        if missing:
            article.write_text(text + "".join(f"{quote}\n" for quote in missing), encoding="utf-8")
