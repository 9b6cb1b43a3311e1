"""A kept state's first part, its head: what a build reads of the state before anything else
(the archive, its briefings kept with the fields every build reads, their hashes and
claims, their paths and URLs, the pages' output names and the search shards' order), each
made once for the builds to come."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from ..model import visible
from ..page_outputs import known_outputs, outputs_known
from ..page_views import briefing_url, urls_known
from ..search_plan import shard_order
from ..site_digests import registry_digest, registry_known


def state_head(
    code: str, token: bytes, hashes: dict[str, str], archive: Any, claims: dict, include_drafts: bool
) -> dict:
    """The head of a state kept of ``archive`` (its briefings kept: ``kept_state_parts``)
    under ``token``, by ``code``."""
    return {
        "code": code,
        "token": token,
        "hashes": same_paths(hashes, archive.briefings),
        "archive": archive,
        "paths": tuple(map(attrgetter("path"), archive.briefings)),  # ``briefing_paths``
        "urls": tuple(map(briefing_url, archive.briefings)),  # known to the next build (``urls_known``)
        "outputs": known_outputs(),  # the pages' files as this build named them (``page_outputs``)
        "shard_order": shard_order(visible(archive.briefings, include_drafts)),
        "claims": claims,
        "registry": registry_digest(archive.registry),
    }


def head_taken(head: Any, code: str, token: bytes) -> bool:
    """Whether ``head`` is a state's kept by ``code`` under ``token``; when it is, what it
    knows of the briefings' URLs, the pages' output names and the registry is known to this
    process from now on."""
    if not (isinstance(head, dict) and head.get("code") == code and head.get("token") == token):
        return False
    if briefing_paths(head) is None:
        return False
    urls_known(head["paths"], head["urls"])
    outputs_known(head.get("outputs"))
    registry_known(head["archive"].registry, head.get("registry"))
    return True


def briefing_paths(head: dict) -> tuple[str, ...] | None:
    """The paths of the head's briefings, in order, when it keeps them (as many as they):
    a pass over the 30,000 briefings took ~6 ms of an edit's build (each briefing's object
    a read from memory of its own), a tuple of the same strings is one run of pointers."""
    paths, archive = head.get("paths"), head.get("archive")
    if isinstance(paths, tuple) and len(paths) == len(getattr(archive, "briefings", ())):
        return paths
    return None


def same_paths(hashes: dict[str, str], briefings: tuple) -> dict[str, str]:
    """``hashes`` keyed by the briefings' own path strings where they have one: pickled once
    with the state, each is one string when read back, not two (at 30,000 briefings ~5 ms
    less to unpickle the state's first part, measured alone, and 31,000 strings fewer)."""
    paths = {briefing.path: briefing.path for briefing in briefings}
    return {paths.get(path, path): digest for path, digest in hashes.items()}
