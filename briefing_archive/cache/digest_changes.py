"""What changed between two sets of digests (part → key → digest), found without
comparing all 262,000 of 30,000 briefings where the changes are known already.

The page reads of a build made from a kept state (``warm_state``) keep their digests as
that state's token and the changes since its digests (``since``): the next build reads
that state's digests anyway, and with them and its own changes since the same state it
finds what changed since the last build from the keys either side changed alone (at
30,000 briefings, reading the page reads took 87–95 ms, not 125–131; finding this
build's changes since the state, ``since``, takes ~24 ms, as comparing every digest did).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress
from operator import ne

from .digest_columns import changes_between
from .journal import Changes

NO_DIGESTS: dict = {}  # a part one side lacks: one dict, so that its id means it alone (never changed)
NO_CHANGES = Changes()
_MISSING = object()


@dataclass(frozen=True)
class KeptDigests:
    """The digests a kept state holds, and its token (``warm_state``)."""

    token: bytes
    digests: dict


def compared(before: dict, now: dict) -> dict[str, Changes]:
    """Part by part, what turns ``before`` into ``now``, every digest compared (found once for
    parts that share their digests both before and now: a briefing's own parts do)."""
    found: dict[str, Changes] = {}
    between: dict[tuple[int, int], Changes] = {}  # by the ids of dicts alive all along
    for part in before.keys() | now.keys():
        old, new = before.get(part, NO_DIGESTS), now.get(part, NO_DIGESTS)
        pair = (id(old), id(new))
        if pair not in between:
            between[pair] = digest_changes(old, new)
        found[part] = between[pair]
    return found


def digest_changes(before: dict, now: dict) -> Changes:
    """What turns one part's digests into another's: the keys of the items either lacks,
    found in C (a Python loop over the 30,000 of a part took ~3 ms, ~30 ms a build). A part
    patched (``digest_update``) keeps its keys in their order: its digests are compared
    side by side then (a set of the items of both took ~15 ms of an edit's build); one lying
    over the same columns as the other, by their changes alone (``digest_columns``)."""
    between = changes_between(before, now)
    if between is not None:
        return between
    if len(before) == len(now) and list(before) == list(now):
        return Changes(dict(compress(now.items(), map(ne, before.values(), now.values()))), frozenset())
    keys = {key for key, _ in before.items() ^ now.items()}
    return Changes({key: now[key] for key in keys if key in now}, frozenset(keys - now.keys()))


def since(before: dict, now: dict) -> dict[str, Changes]:
    """What turns ``before`` into ``now``, for ``now`` made from it (``digest_update``): a part
    ``now`` holds as it was is unchanged, the others compared (``digest_changes``)."""
    found: dict[str, Changes] = {}
    between: dict[tuple[int, int], Changes] = {}
    for part in before.keys() | now.keys():
        old, new = before.get(part, NO_DIGESTS), now.get(part, NO_DIGESTS)
        if old is not new:
            pair = (id(old), id(new))
            if pair not in between:
                between[pair] = digest_changes(old, new)
            found[part] = between[pair]
    return found


def between_builds(kept: dict, last: dict[str, Changes], now: dict[str, Changes], digests: dict) -> dict[str, Changes]:
    """What turns the last build's digests (``kept`` with its changes ``last``) into this
    build's (``digests``: ``kept`` with ``now``): only the keys either changed are looked at."""
    found: dict[str, Changes] = {}
    for part in last.keys() | now.keys():
        before, after = last.get(part, NO_CHANGES), now.get(part, NO_CHANGES)
        base, current = kept.get(part, NO_DIGESTS), digests.get(part, NO_DIGESTS)
        changed, removed = {}, set()
        for key in before.changed.keys() | before.removed | after.changed.keys() | after.removed:
            old = before.changed.get(key, _MISSING) if key in before.changed else base.get(key, _MISSING)
            if key in before.removed:
                old = _MISSING
            new = current.get(key, _MISSING)
            if new is _MISSING:
                if old is not _MISSING:
                    removed.add(key)
            elif new != old:
                changed[key] = new
        found[part] = Changes(changed, frozenset(removed))
    return found
