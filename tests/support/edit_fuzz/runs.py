"""A run: steps of edits, each built and compared with a build from nothing."""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests.support.build_server import served_environment
from tests.support.edit_fuzz.archive import Archive, registry_of
from tests.support.edit_fuzz.builds import (
    BUILD,
    build,
    build_server,
    checks_compared,
    differences,
    full_build,
    served,
)
from tests.support.edit_fuzz.plan import Edit, made, planned
from tests.support.synthetic_archive import make_archive


def run(
    seed: int,
    steps: int | None,
    size: int,
    folder: Path,
    by: str,
    out=sys.stdout,
    race: float = 0.0,
    check: bool = False,
    kill: float = 0.0,
) -> list[str]:
    """``steps`` steps of random edits of a new archive in ``folder`` (None: each kind once,
    ``planned``), each built ``by`` a way of ``main``'s and compared with a build from nothing;
    the first difference found and the edits that led there (none: empty)."""
    from briefing_archive.pipeline import PROJECT_TEMPLATES

    root = folder / "archive"
    make_archive(size, root, seed=seed)
    shutil.copytree(PROJECT_TEMPLATES, root / "templates")  # the archive's own, as build.py finds them
    issues, actors = registry_of(root)
    archive = Archive(root, root / "templates", random.Random(seed), issues, actors, check=check, race=race, kill=kill)
    if by != "server":
        return edited(archive, steps, folder, by == "cli", out)
    with build_server(root, folder / "server.log"):
        return edited(archive, steps, folder, True, out)


def edited(archive: Archive, steps: int | None, folder: Path, cli: bool, out=sys.stdout) -> list[str]:
    """``run``'s steps on an archive made: each step's edits, then its builds compared."""
    root = archive.root
    status, log = build(root, root / "site", archive.templates, cli)
    if status != 0:
        return [f"the first build failed: {log}"]
    history: list[str] = []
    for step, kinds in enumerate(planned(archive, steps)):
        racing = archive.rng.random() < archive.race
        edits = made_during_a_build(archive, kinds) if racing else made(archive, kinds)
        drafts = archive.rng.random() < 0.3  # a build with drafts too, into a folder of its own
        notes = (" (made while a build ran)" if racing else "") + (" (and with drafts)" if drafts else "")
        if archive.rng.random() < archive.kill:
            notes += f" ({killed_build(archive)})"
        history.append(f"step {step + 1}: " + "; ".join(edits) + notes)
        print(f"{folder.name} {history[-1]}", file=out, flush=True)
        for with_drafts in (False, True) if drafts else (False,):
            found = compared(archive, folder, cli, with_drafts)
            if found:
                return [*history, found]
        found = checks_compared(archive, folder) if archive.check else ""
        if found:
            return [*history, found]
    return []


def made_during_a_build(a: Archive, edits: list[Edit]) -> list[str]:
    """``made``, a random while after a ``build.py build`` began (it may read a file before
    or after its edit): the next build must make what this archive makes all the same."""
    command = [sys.executable, str(BUILD), "--root", str(a.root), "build"]
    with served():
        running = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=served_environment()
        )
        try:
            time.sleep(a.rng.uniform(0, 1.5))
            return made(a, edits)
        finally:
            running.wait(timeout=600)


def killed_build(a: Archive) -> str:
    """A ``build.py build`` stopped a random while after it began, as Ctrl-C at a terminal
    stops it (SIGINT to its process group) or as a crash does (SIGKILL to every process of it)."""
    command = [sys.executable, str(BUILD), "--root", str(a.root), "build"]
    how = a.rng.choice([signal.SIGINT, signal.SIGKILL])
    with served():
        running = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=served_environment(),
        )
        time.sleep(a.rng.uniform(0, 2.0))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(running.pid, how)
        running.wait(timeout=600)
    return f"a build stopped by {how.name}"


def compared(archive: Archive, folder: Path, cli: bool, drafts: bool) -> str:
    """How the build of the archive as it is now differs from a build from nothing ("": not at all)."""
    root, templates = archive.root, archive.templates
    out = root / ("site-drafts" if drafts else "site")
    status, log = build(root, out, templates, cli, drafts)
    full_status, full_log, full = full_build(root, templates, folder, cli=False, drafts=drafts)
    if full_status != 0 and not archive.repairs:
        return f"the edits left the archive invalid (an edit of this module's to mend):\n{full_log}"
    if status != full_status or problems_in(log) != problems_in(full_log):
        return f"exit {status} against {full_status} from nothing:\n{log}\n---\n{full_log}"
    found = differences(out, full) if status == 0 else []
    return f"{len(found)} files differ: {', '.join(found[:12])}" if found else ""


def problems_in(log: str) -> list[str]:
    """The problems a build's log reports (``path:line: field: what is wrong``)."""
    return sorted(line for line in log.splitlines() if re.match(r"\S+:\d+: ", line))


# Limits a build's output or only its speed depends on, set small (``--small``), so that a
# small archive's edits cross them often: a search shard cut or merged, a page of quotes
# more or less, the kept state kept anew, a manifest's journal made long. (module, name, value)
SMALL_LIMITS = [
    ("search_shards", "SHARD_SIZES", (4, 8, 11)),
    ("warm_load", "KEEP_AFTER", 3),
    ("cache.journal", "REBASE_AT", 1),
    ("cache.kept_briefings", "RECENT", 2),
    ("parallel_load", "PARALLEL_FROM", 10),
    ("parallel_load", "CHUNK", 7),
    ("checking", "PARALLEL_FROM", 10),
    ("checking", "CHUNK", 7),
    ("quote_pages", "QUOTES_PER_PAGE", 3),
    ("quote_pages", "TOP_SPEAKERS", 3),
    ("quote_pages", "YEAR_LINKS_FROM", 2),
    ("search", "CACHE_KEEP", 1),
    ("numbered_quotes", "MADE_AFTER", 1),
    ("detail_pages", "ACTOR_QUOTES", 2),
    ("issue_page", "SIDE_QUOTES", 1),
    ("issue_page", "OPEN_BRIEFINGS", 2),
    ("issue_page", "POSITIONS", 2),
    ("listing_pages", "HOME_LATEST", 2),
    ("listing_pages", "FEED_ENTRIES", 3),
    ("listing_pages", "HOME_ISSUES", 3),
]


@contextlib.contextmanager
def small_limits() -> Iterator[None]:
    """``SMALL_LIMITS`` set in their modules and in every module that imported them by name,
    until the block ends."""
    import importlib
    import pkgutil

    import briefing_archive

    for info in pkgutil.walk_packages(briefing_archive.__path__, "briefing_archive."):
        if ".ingest" not in info.name and not info.name.endswith("mkdocs_hook"):  # no limits there
            importlib.import_module(info.name)
    modules = [module for name, module in sys.modules.items() if name.startswith("briefing_archive.")]
    were = []
    for module_name, name, value in SMALL_LIMITS:
        old = getattr(sys.modules[f"briefing_archive.{module_name}"], name)
        new = type(old)(*value) if isinstance(value, tuple) else value
        for module in modules:
            if getattr(module, name, None) is old:
                were.append((module, name, old))
                setattr(module, name, new)
    try:
        yield
    finally:
        for module, name, old in were:
            setattr(module, name, old)
