"""Briefings kept between builds with only the fields every build reads unpacked.

Of the 30,000 briefings of the kept state, an edit's build reads only the path, date,
status, corrections and source of each (the listing order, search shards, claims);
their other fields (actors, quotes, body, …) of a few hundred, for the pages and the
search shard it makes again. Unpickling every briefing's actors and quotes took about
0.25 s of such a build: a ``KeptBriefing`` holds those fields and the pickle of the
whole briefing, unpickled when another field is first read.
"""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

from ..model import Briefing

# Read of every briefing by every build: kept as they are.
UNPACKED = ("path", "date", "status", "corrections", "source", "lines")
PACKED_KEY = "_packed"  # the pickle of the whole briefing
WHOLE_KEY = "_whole"  # that briefing, once unpickled
_MISSING = object()
_COMPARED = tuple(f.name for f in dataclasses.fields(Briefing) if f.compare)


class KeptBriefing(Briefing):
    """A ``Briefing`` whose fields other than ``UNPACKED`` are read from the whole briefing,
    unpickled when first read: equal to it, hashing as it, and still frozen."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Briefing):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _COMPARED)

    __hash__ = Briefing.__hash__

    def __getstate__(self) -> dict:
        """Its unpacked fields and the pickle of the whole (made as it is pickled: the
        30,000 pickles of a kept state are never all in memory at once)."""
        state = {name: getattr(self, name) for name in UNPACKED}
        packed = self.__dict__.get(PACKED_KEY)
        state[PACKED_KEY] = packed if packed is not None else pickle.dumps(self.whole(), protocol=5)
        return state

    def whole(self) -> Briefing:
        """The whole briefing: unpickled (once), or made of the fields ``dataclasses.replace`` set."""
        found = self.__dict__.get(WHOLE_KEY)
        if found is None:
            packed = self.__dict__.get(PACKED_KEY)
            found = pickle.loads(packed) if packed is not None else Briefing(**self.__dict__)
            self.__dict__[WHOLE_KEY] = found
        return found


def packed_field(name: str) -> property:
    def read(self: KeptBriefing) -> Any:
        value = self.__dict__.get(name, _MISSING)
        return value if value is not _MISSING else getattr(self.whole(), name)

    def write(self: KeptBriefing, value: Any) -> None:
        # Only the dataclass's __init__ sets fields (``dataclasses.replace`` makes a whole
        # one); assignment still raises FrozenInstanceError, by Briefing's __setattr__.
        self.__dict__[name] = value

    return property(read, write)


for _field in dataclasses.fields(Briefing):
    if _field.name not in UNPACKED:
        setattr(KeptBriefing, _field.name, packed_field(_field.name))


def kept(briefing: Briefing) -> KeptBriefing:
    """``briefing`` as a ``KeptBriefing`` (itself when it is one)."""
    if isinstance(briefing, KeptBriefing):
        return briefing
    made = KeptBriefing.__new__(KeptBriefing)
    made.__dict__.update({name: getattr(briefing, name) for name in UNPACKED})
    made.__dict__[WHOLE_KEY] = briefing
    return made


def kept_state_parts(archive: Any, made: Any) -> tuple[Any, Any]:
    """The archive and views with every briefing a ``KeptBriefing``, the index's the same
    objects as the archive's."""
    by_path = {b.path: kept(b) for b in archive.briefings}
    index = made.views.index
    listed = {path: by_path.get(path) or kept(b) for path, b in index.by_path.items()}
    index = dataclasses.replace(index, briefings=tuple(listed[b.path] for b in index.briefings), by_path=listed)
    archive = dataclasses.replace(archive, briefings=tuple(by_path[b.path] for b in archive.briefings))
    return archive, dataclasses.replace(made, views=dataclasses.replace(made.views, index=index))
