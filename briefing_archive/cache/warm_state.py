"""The archive and views a build was made from, kept for the next build to update.

A rebuild after an edit would otherwise load every briefing (from the parse memo)
and build the whole index again: most of its time at 10,000 briefings. With this
state it reads and checks the changed briefings only and patches the views
(``warm_load``, ``index_update``). The state says which files it was made from by
the hashes of their bytes (the last part of their ``storage.content_prints``), so the
next build tells what changed since by comparing them with its prints; a file that
changed while the state's build read it is left out of them (it counts as changed).
One file per drafts setting; a missing, damaged or other code's file is a miss.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import storage
from ..facts import facts_read_back
from ..layout import CACHE
from ..model import Briefing
from ..page_views import QuoteDicts, card_read_back
from ..quote_pages import quote_lists_over
from ..records import filters_read_back
from .kept_briefings import DamagedState, forget_recent, kept, kept_state_parts, state_briefings
from .kept_quotes import with_quotes_numbered
from .packed_state import dump_state, lightened, packed_in, places_in, reading_packed, write_packed
from .packed_values import PlacedValues, reading_values, write_values
from .state_head import head_taken, state_head

WARM_FOLDER = f"{CACHE}/warm"
TOKEN = 16  # bytes of the token a state and its packed file share
# What each of the views' values of a briefing is made of once read back (``packed_values``):
# the facts' paths and the cards' and filters' keys, links and names this process shares.
VALUES_READ_BACK: dict[str, Callable[[Any], Any]] = {
    "facts": facts_read_back,
    "cards": card_read_back,
    "filters": filters_read_back,
}


@dataclass(frozen=True)
class WarmState:
    hashes: dict[str, str]  # archive input path → the hash of its bytes, as the archive was read
    archive: Any  # archive.Archive, without line maps
    made: Any  # page_reuse.Made: its views, quote lists (holding the views' quote dicts), digests
    # path → validate.Claims of each briefing (the rules across files; slugs cost 0.6 s
    # to make again at 30,000), as a plain tuple: a NamedTuple unpickles through its class
    # (18 ms at 30,000, a tuple ~5); the lines in them are not kept: a clash loads the archive whole
    claims: dict = field(default_factory=dict)


class OpenedState:
    """A kept state as far as it was read: its hashes, archive and claims (the file's first
    part); its views (the second, most of it) are read when asked for (``made``). A build
    asks for its search shard in between: Pagefind indexes while the views are read."""

    def __init__(self, token: bytes, head: dict, parts: storage.PickledParts, files: tuple[Any, Any]):
        self.token, self.hashes, self.archive, self.claims = token, head["hashes"], head["archive"], head["claims"]
        self.paths: tuple[str, ...] = head["paths"]  # of the archive's briefings, in order (``briefing_paths``)
        self.shard_order = head.get("shard_order")  # ``search_plan.ShardOrder`` of the archive's visible briefings
        self.parts, (self.packed, self.values) = parts, files  # the packed briefings' and the values' files

    def made(self) -> Any:
        """The state's ``made`` (views, quote lists, digests), the whole file's checksum
        checked; DamagedState when either fails (what was made of the first part is then
        made again without the state)."""
        with reading_packed(self.packed, self.archive.briefings), reading_values(self.values):
            made = self.parts.next_checked(alone=True)
        if made is None or not self.parts.whole():
            raise DamagedState(f"the kept state {WARM_FOLDER} is damaged")
        return made


class ReadState(OpenedState):
    """A kept state read whole ahead of the build that takes it (``WarmStates.read_ahead``)."""

    def __init__(self, state: OpenedState, made: Any):
        self.__dict__.update(state.__dict__)
        self.ready = made

    def made(self) -> Any:
        return self.ready


# A build server's kept state read ahead: state file → (its files' identities then, the state).
_AHEAD: dict[Path, tuple[tuple, ReadState]] = {}


class WarmStates:
    def __init__(self, root: Path, code: str, include_drafts: bool):
        name, self.include_drafts = "drafts" if include_drafts else "published", include_drafts
        self.file, self.code = Path(root) / WARM_FOLDER / f"{name}.pickle", code
        self.packed_file = self.file.with_suffix(".packed")  # its briefings' pickles (``kept_briefings``)
        self.values_file = self.file.with_suffix(".values")  # its views' values of each briefing (``packed_values``)
        self.new_packed_file = self.file.with_suffix(".packed-new")  # ``pack``'s, until ``save``
        self.packing: tuple[bytes, storage.CacheFile] | None = None  # the token and file ``pack`` wrote
        self.recent_file = self.file.with_suffix(".recent")  # ``recent_parses``
        # The token of the state this build keeps, if it keeps one: known before it is written
        # (the page reads name the state whose digests theirs are, ``page_reads``).
        self.token = secrets.token_bytes(TOKEN)
        self.opened_ahead: tuple[contextlib.ExitStack, OpenedState | None] | None = None  # ``open_ahead``'s

    def open_ahead(self) -> None:
        """The state's first part read now (``opened`` read it), for the next ``opened`` to take."""
        if self.opened_ahead is None:
            self.opened_ahead = (stack := contextlib.ExitStack(), stack.enter_context(self.opened()))

    def let_go_ahead(self) -> None:
        """What ``open_ahead`` read let go of, its files closed, when no build takes it."""
        opened, self.opened_ahead = self.opened_ahead, None
        if opened is not None:
            opened[0].close()

    def read(self) -> WarmState | None:
        """The whole state, or None when there is none or it is damaged."""
        with self.opened() as state:
            try:
                return WarmState(state.hashes, state.archive, state.made(), state.claims) if state else None
            except DamagedState:
                return None

    def read_ahead(self) -> None:
        """Read the state whole now, for the next ``opened`` to take while its files are the
        ones read: a build server reads between builds what the next build reads."""
        _AHEAD.pop(self.file.resolve(), None)
        before = self.identities()
        with self.opened() as state:
            try:
                ready = ReadState(state, state.made()) if state is not None else None
            except DamagedState:  # the build that reads it finds it so, and makes its own
                ready = None
        if ready is not None and self.identities() == before:
            _AHEAD[self.file.resolve()] = (before, ready)

    def identities(self) -> tuple:
        return tuple(storage.identity(file) for file in (self.file, self.packed_file, self.values_file))

    @contextlib.contextmanager
    def opened(self) -> Iterator[OpenedState | None]:
        """The state's first part (hashes, archive, claims), its views read only when asked
        (``OpenedState.made``); None when there is none, or it is another code's or damaged.
        The state ``read_ahead`` read, when its files are still those; ``open_ahead``'s, when it read one."""
        if self.opened_ahead is not None:
            (stack, opened), self.opened_ahead = self.opened_ahead, None
            with stack:
                yield opened
            return
        ahead = _AHEAD.pop(self.file.resolve(), None) if _AHEAD else None
        if ahead is not None and ahead[0] == self.identities():
            yield ahead[1]
            return
        packed, values = storage.open_cache(self.packed_file), storage.open_cache(self.values_file)
        with storage.pickled_parts(self.file) as parts:
            if packed is None or values is None or parts is None:
                yield None
                return
            with reading_packed(packed):
                head = parts.next_checked()
            token = packed.read(0, TOKEN)
            if token == values.read(0, TOKEN) and head_taken(head, self.code, token):
                yield OpenedState(token, head, parts, (packed, values))
            else:
                yield None

    def pack(self, archive: Any) -> Any:
        """``archive`` with its briefings' pickles written now to a packed file that ``save``
        puts in place (a build that does not go on leaves the kept state as it was), each
        reading its body there from now on: the bodies are let go before the views are
        made, when a cold build's memory peaked. Their other fields go once the views are
        made of them (``lighten``)."""
        written = self.write_packed_file(self.new_packed_file, archive.briefings)
        opened = storage.open_cache(self.new_packed_file) if written is not None else None
        if written is None or opened is None or opened.read(0, TOKEN) != written[0]:
            return archive
        self.packing = (written[0], opened)
        forget_recent()
        return replace(archive, briefings=tuple(map(packed_in(opened, written[1]), archive.briefings)))

    def lightened_early(self, archive: Any) -> Any:
        """``archive`` with its briefings as ``lighten`` will keep them, made now: what a cold
        build sends the search shards from while the views are made of the briefings ``pack``
        made, which hold their fields until then."""
        if self.packing is None:
            return archive
        return replace(archive, briefings=tuple(map(lightened, archive.briefings)))

    def lighten(self, archive: Any, made: Any, early: Any = None) -> tuple[Any, Any]:
        """``archive`` and ``made`` as ``save`` is to keep them, each briefing ``pack`` packed
        holding no more than what every build reads of it (``packed_state.lightened``);
        ``early``: ``archive`` as ``lightened_early`` made it, whose briefings are kept, not made again."""
        if self.packing is None:
            return kept_state_parts(archive, made, kept)
        made_early = dict(zip(map(id, archive.briefings), early.briefings, strict=True)) if early is not None else {}
        return kept_state_parts(archive, made, lambda briefing: made_early.get(id(briefing)) or lightened(briefing))

    def save(self, state: WarmState) -> None:
        """Its briefings packed (``kept_briefings``), their pickles in a file of their own;
        both written as they are made: 270 MB at 30,000 briefings, never held whole. When
        ``pack`` wrote that file for these briefings already, it is put in place as it is."""
        archive, made = kept_state_parts(state.archive, state.made)
        archive = replace(archive, claims={})  # kept beside it (``WarmState.claims``), not twice
        state = replace(state, archive=archive, made=made)
        briefings = state_briefings(archive, made)
        packed = self.packed_by_pack(briefings) or self.write_packed_file(self.packed_file, briefings)
        made = self.with_values_written(made, packed[0]) if packed is not None else None
        if packed is not None and made is not None:
            head = state_head(self.code, packed[0], state.hashes, archive, state.claims, self.include_drafts)
            parts = (head, made)
            storage.write_cache(self.file, lambda stream: dump_state(stream, parts, packed[1], archive.briefings))

    def with_values_written(self, made: Any, token: bytes) -> Any:
        """``made`` with its views' values of each briefing written to the values file under
        ``token``, each mapping of them as its places there; None when it could not be written."""
        placed: dict[str, PlacedValues] = {}
        views = made.views
        mappings = {"facts": views.index.facts, "cards": views.cards, "filters": views.filters}
        if not storage.write_cache(
            self.values_file, lambda stream: placed.update(write_values(stream, token, mappings, VALUES_READ_BACK))
        ):
            return None
        return with_placed_values(made, placed)

    def write_packed_file(self, path: Path, briefings: tuple[Briefing, ...]) -> tuple[bytes, dict] | None:
        """A packed file of ``briefings`` written at ``path`` under this build's token: (the
        token, where each briefing went); None when it could not be written."""
        token, places = self.token, {}
        if storage.write_cache(path, lambda stream: places.update(write_packed(stream, token, briefings))):
            return token, places
        return None

    def packed_by_pack(self, briefings: tuple[Briefing, ...]) -> tuple[bytes, dict] | None:
        """(token, places) of the file ``pack`` wrote, put in place, when every one of
        ``briefings`` reads its pickle there; else None (and that file removed)."""
        if self.packing is None:
            return None
        token, opened = self.packing
        self.packing = None
        places = places_in(opened, briefings)
        if places is not None and storage.move_cache(self.new_packed_file, self.packed_file):
            return token, places
        storage.remove_file(self.new_packed_file)
        return None

    def recent_parses(self) -> dict:
        """The parses and checks of the briefings the last build read (``Memo`` entries, by
        content): those changed since the state was kept are read by every build until it
        is kept anew (``warm_load.KEEP_AFTER``), and parsed and checked once."""
        saved = storage.read_pickle(self.recent_file)
        if isinstance(saved, dict) and saved.get("code") == self.code and isinstance(saved.get("entries"), dict):
            return saved["entries"]
        return {}

    def keep_recent_parses(self, entries: dict) -> None:
        storage.write_pickle(self.recent_file, {"code": self.code, "entries": entries})

    def forget(self) -> None:
        """Its files removed: the next build loads the archive whole and keeps its own."""
        for file in (self.file, self.packed_file, self.values_file, self.new_packed_file, self.recent_file):
            storage.remove_file(file)


def with_placed_values(made: Any, placed: dict[str, PlacedValues]) -> Any:
    """``made`` holding each of its views' values of each briefing (``placed``, by name) as
    their places, there and in what reads them (the quote dicts and the lists of them), and
    its issues' and actors' quotes as their numbers (``kept_quotes``)."""
    facts, views = placed["facts"], made.views
    quotes = QuoteDicts(facts, views.entries)  # type: ignore[arg-type]  # a Mapping once unpickled
    views = replace(
        views,
        index=replace(with_quotes_numbered(views.index, facts), facts=facts),
        cards=placed["cards"],
        filters=placed["filters"],
        quotes=quotes,
    )
    return replace(made, views=views, quotes=quote_lists_over(made.quotes, quotes) if made.quotes else None)
