"""Big cache files kept as a base and a journal of the entries changed since it.

The manifest and the page reads hold an entry per file of the site (100,000 at 30,000
briefings) and a one-edit build changes a few dozen of them: rewriting both whole took
~0.25 s of such a build. A build writes the journal instead: every entry that differs
from the base (all the changes since the base, so the last journal alone counts), and
rewrites the base once the journal has grown past a share of it.

A journal names the base it follows; beside another base (rewritten since, or gone) it
is not used. Each is written atomically with its checksum, like every cache file.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from .. import storage

JOURNAL_FORMAT = 1
# A journal is rewritten whole by each build; past 1/REBASE_AT of the base's entries the
# base is rewritten instead (a few hundred one-edit builds apart at 30,000 briefings).
REBASE_AT = 16
_MISSING = object()


@dataclass(frozen=True)
class Changes:
    """Entries of a dict set (added or changed) and removed."""

    changed: dict = field(default_factory=dict)
    removed: frozenset = frozenset()

    def __len__(self) -> int:
        return len(self.changed) + len(self.removed)

    def then(self, later: Changes) -> Changes:
        """These changes followed by ``later``'s, as one set of changes."""
        changed = {key: value for key, value in self.changed.items() if key not in later.removed}
        changed.update(later.changed)
        return Changes(changed, (self.removed - later.changed.keys()) | later.removed)

    def apply(self, base: dict) -> dict:
        """``base`` changed in place, and returned."""
        for key in self.removed:
            base.pop(key, None)
        base.update(self.changed)
        return base


def changes(before: Mapping, after: Mapping, fresh: Mapping | None = None, gone: frozenset | None = None) -> Changes:
    """What turns ``before`` into ``after``. Entries carried over are mostly the same
    objects: compared by identity first. ``fresh``: the entries of ``after`` that may differ,
    when known (every other is ``before``'s own): only those compared (30 ms of an edit's
    build at 30,000 briefings went to comparing the 103,000 entries of the manifest);
    ``gone``: the keys of ``before`` not in ``after``, when known."""
    return Changes(dict(differing(before, after, fresh)), removed(before, after, gone))


def changes_up_to(
    most: int, before: Mapping, after: Mapping, fresh: Mapping | None = None, gone: frozenset | None = None
) -> Changes | None:
    """``changes``, or None once more than ``most`` entries differ (no journal takes them: the
    manifest after a template edit at 100,000 briefings differs in all 331,000 entries,
    and their dict was made only to be dropped, at the end of the build)."""
    changed = dict(islice(differing(before, after, fresh), most + 1))
    return Changes(changed, removed(before, after, gone)) if len(changed) <= most else None


def differing(before: Mapping, after: Mapping, fresh: Mapping | None) -> Iterator[tuple]:
    """The entries of ``after`` (of ``fresh``, when known) that ``before`` has not."""
    for key, value in (after if fresh is None else fresh).items():
        old = before.get(key, _MISSING)
        if old is not value and old != value:
            yield key, value


def removed(before: Mapping, after: Mapping, gone: frozenset | None) -> frozenset:
    """The keys of ``before`` not in ``after``: ``gone``, when known."""
    return frozenset(before.keys() - after.keys()) if gone is None else gone


@dataclass(frozen=True)
class Journal:
    """Where an object was read from: the ``base`` file's id ("" when there is none to
    follow), its ``size`` in entries, and the ``sections``' changes its journal held."""

    base: str = ""
    size: int = 0
    sections: dict[str, Changes] = field(default_factory=dict)

    def then(self, later: dict[str, Changes]) -> dict[str, Changes]:
        """The journal's changes followed by ``later``'s, section by section."""
        return {
            name: self.sections.get(name, Changes()).then(later.get(name, Changes()))
            for name in self.sections.keys() | later.keys()
        }

    def follows(self, sections: dict[str, Changes]) -> bool:
        """Whether ``sections`` (all changes since the base) belong in a journal, not a new base."""
        return bool(self.base) and sum(map(len, sections.values())) * REBASE_AT <= self.size


def journal_file(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + ".journal")


def new_base_id() -> str:
    return secrets.token_hex(8)


def read_journal(path: Path, base: str) -> tuple[dict, dict[str, Changes]] | None:
    """(the head, the sections' changes) of the journal beside the base at ``path`` whose
    id is ``base``; None when it has none (a new base removes the old one's). ValueError
    when it is damaged: what it changed is lost, and the base alone is out of date."""
    file = journal_file(path)
    if not base or not storage.exists(file.parent, file.name):
        return None
    saved = storage.read_pickle(file)
    try:
        if not (isinstance(saved, dict) and saved["format"] == JOURNAL_FORMAT):
            raise ValueError(f"{file}: damaged")
        if saved["base"] != base:
            return None  # a base rewritten by a build stopped before it removed this
        sections = {name: Changes(dict(new), frozenset(gone)) for name, (new, gone) in saved["sections"].items()}
        return dict(saved["head"]), sections
    except (KeyError, TypeError) as error:
        raise ValueError(f"{file}: damaged") from error


def write_journal(path: Path, base: str, head: dict, sections: dict[str, Changes]) -> None:
    """The journal of the base at ``path`` whose id is ``base``: the ``head`` (written whole)
    and every section's changes since the base."""
    saved = {
        "format": JOURNAL_FORMAT,
        "base": base,
        "head": head,
        "sections": {name: (c.changed, list(c.removed)) for name, c in sorted(sections.items())},
    }
    storage.write_pickle(journal_file(path), saved)


def write_base(path: Path, saved: dict, shares: bool = True) -> None:
    """A new base at ``path`` (``saved`` and its new id), and no journal (the old base's
    stays with it when the new one cannot be written). Pickled as it is written, never
    held whole as bytes (the reads of 226,000 pages were 64 MB); ``shares``: as
    ``storage.write_pickle``'s."""
    whole = saved | {"journal_base": new_base_id()}
    if storage.write_pickle(path, whole, shares):
        storage.remove_file(journal_file(path))
