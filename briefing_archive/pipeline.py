"""``build``: archive → checked data → rendered pages + search index → site folder.

The order is what makes a build safe: everything is read and checked first,
the site is written into a private staging folder (pages by worker
processes, unchanged ones hard-linked from the previous site; the search
index by Pagefind meanwhile), and only then swapped in at once
(``storage.swap_in``), so a failed or interrupted build leaves the previous
site as it was and a site never goes out with check errors. When every input
hashes as at the last build and the site is still the one it wrote, nothing
is done at all.

Hosts (``build.py build``, the MkDocs hook) call ``build_site`` only.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import sys
import time
from pathlib import Path
from typing import Callable, TextIO

from jinja2 import TemplateError

from . import storage
from .archive import BRIEFINGS, Archive, load_archive
from .errors import RenderFailed, describe
from .history import history_for_pages, parse_git_log
from .inputs import inputs_digest, save_prints, stamps_digest
from .memo import Memo
from .planning import no_cyclic_gc, plan_specs, views_for
from .records import search_records
from .search import SearchIndexError, build_search_index
from .site_writer import (KeptSearch, SearchJob, Writer, manifest_file, read_manifest,
                          restamp_manifest, write_manifest)
from .validate import problems_summary

# The project's own templates, used when an archive brings none.
PROJECT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def build_site(root: Path, out: Path, *, include_drafts: bool = False,
               templates_dir: Path | None = None, log: TextIO | None = None,
               search_later: Callable[[list[dict]], None] | None = None,
               keep: Callable | None = None) -> int:
    """Build the archive at ``root`` into folder ``out``; the exit status (0 = built).

    ``search_later`` (``mkdocs serve``): when the previous site has a search
    index, keep it and hand the new records to ``search_later`` after the
    pages are in place, so an edited page is served without waiting for
    Pagefind; the host swaps the new index in when it is ready.
    ``keep(archive, views, templates, history)`` is handed what a finished
    build was made from (``live.Preview`` renders the next edit against it).
    """
    log = log or sys.stderr
    started = time.perf_counter()
    refusal = destination_problem(Path(root), Path(out))
    if refusal:
        print(f"build refused: {refusal}", file=log)
        return 2
    templates_dir = templates_dir or templates_folder(Path(root))
    code = code_digest()
    unchanged, inputs, stamps, prints = built_before(Path(root), Path(out), templates_dir, include_drafts, code)
    if unchanged is not None:
        print(f"built {unchanged} pages into {out} in {time.perf_counter() - started:.1f} s "
              "(nothing changed since the last build)", file=log)
        return 0
    archive = load_remembered(Path(root), code)
    if archive.errors:
        report_problems(archive, log)
        return 1
    try:
        templates = storage.read_templates(templates_dir)
        history = history_for_pages(parse_history(storage.git_log(Path(root), BRIEFINGS)),
                                    [b.path for b in archive.briefings])
        files, rendered, views = make_site(archive, templates, include_drafts, history, Path(out),
                                           (inputs, code, stamps), search_later)
    except (SearchIndexError, TemplateError, RenderFailed, OSError, UnicodeDecodeError) as error:
        print(f"build failed, {out} left as it was: {describe(error)}", file=log)
        return 1
    save_prints(Path(root), prints)
    if keep is not None:
        keep(archive, views, templates, history)
    pages = sum(path.endswith(".html") for path in files)
    drafts = " with drafts" if include_drafts else ""
    print(f"built {pages} pages ({len(files)} files){drafts} into {out} "
          f"in {time.perf_counter() - started:.1f} s ({rendered} files rendered, the others reused)", file=log)
    return 0


INPUT_FOLDERS = (BRIEFINGS, "content", "templates", ".git", ".cache")


def destination_problem(root: Path, out: Path) -> str | None:
    """Why ``out`` must not be replaced by a site, or None. A build replaces the folder
    whole: only a missing or empty folder, or a site this tool built (it holds
    ``storage.SITE_MARK``), may be; never the archive, its inputs, or a link's target."""
    if storage.is_link(out):
        return f"{out} is a symbolic link; the site is never written through one (remove it or choose another --out)"
    where, home = out.resolve(), root.resolve()
    if where == home or where in home.parents:
        return f"{out} is the archive itself (or holds it); choose a folder for the site, such as {root / 'site'}"
    for folder in INPUT_FOLDERS:
        inputs = (home / folder).resolve()
        if where == inputs or inputs in where.parents:
            return f"{out} is inside the archive's {folder}/; choose a folder for the site, such as {root / 'site'}"
    # (a site an older version built has no mark, but this archive's manifest knows it)
    if not storage.is_our_site(out) and not read_manifest(manifest_file(root, out)).get("pages"):
        return (f"{out} holds files this tool did not build (no {storage.SITE_MARK} in it); "
                "choose an empty or new folder, or delete that one yourself")
    return None


def built_before(root: Path, out: Path, templates_dir: Path, include_drafts: bool,
                 code: str) -> tuple[int | None, str, str, dict | None]:
    """(pages, inputs digest, stamps digest, file hashes to save after a build): pages is
    not None when ``out`` is already the site these inputs make. Stamps first (no file
    read); the content digest only when they differ, so a touched but unchanged file is
    no change (and remembered)."""
    where = manifest_file(root, out)
    manifest = read_manifest(where)
    stamps = stamps_digest(root, templates_dir, include_drafts, code)
    unchanged = site_unchanged(manifest, out, "stamps", stamps)
    if unchanged is not None:
        return unchanged, "", stamps, None
    inputs, prints = inputs_digest(root, templates_dir, include_drafts, code)
    unchanged = site_unchanged(manifest, out, "inputs", inputs)
    if unchanged is not None:
        restamp_manifest(where, manifest, stamps)
        save_prints(root, prints)
    return unchanged, inputs, stamps, prints


PACKAGE = Path(__file__).resolve().parent


def code_digest() -> str:
    """The code that reads, indexes and renders (the package's modules and
    ``storage/``; not ``ingest/``, which builds never run): pages rendered by
    other code are not reused."""
    digest = hashlib.blake2b(digest_size=20)
    storage.tree_digest(PACKAGE, [".", "storage"], digest, suffix=".py", recursive=False)
    return digest.hexdigest()


MEMO_FOLDER = ".cache/parsed"
OLD_MEMO_FILE = ".cache/parsed.pickle"  # the memo in one file, before it was sharded


def load_remembered(root: Path, code: str) -> Archive:
    """``load_archive`` with the last load's parses and checks (a missing or corrupt
    cache shard, or one from other code, is simply a cold load of its files).

    With the cyclic GC off: unpickling and parsing 10,000 briefings makes
    ~250,000 objects and no cycles, and the GC would rescan them (2× slower).
    """
    with no_cyclic_gc():
        memo = Memo(remembered_entries(root / MEMO_FOLDER, code))
        archive = load_archive(root, memo=memo)
        # Only a build that goes on writes anything: one stopped by errors leaves the archive as it was.
        if not archive.errors:
            save_shards(root, memo, code)
            archive = without_line_maps(archive)
    return archive


def without_line_maps(archive: Archive) -> Archive:
    """The archive without each briefing's key → line map (only problems need lines,
    and a build goes on only without errors): ~2 KB a briefing less in every process."""
    briefings = tuple(dataclasses.replace(b, lines={}) for b in archive.briefings)
    return dataclasses.replace(archive, briefings=briefings)


def remembered_entries(folder: Path, code: str) -> dict:
    import pickle
    entries: dict = {}
    for _, data in storage.read_caches(folder, ".pickle"):
        try:
            saved = pickle.loads(data)
        except Exception:  # a corrupt cache is a cache miss, never a failed build
            continue
        if isinstance(saved, dict) and saved.get("code") == code and isinstance(saved.get("entries"), dict):
            entries.update(saved["entries"])
    return entries


def save_shards(root: Path, memo: Memo, code: str) -> None:
    """Rewrite only the shards whose entries changed."""
    import pickle
    for name, entries in sorted(memo.changed_shards().items()):
        storage.write_cache(root / MEMO_FOLDER / f"{name}.pickle",
                             pickle.dumps({"code": code, "entries": entries}, protocol=5))
    storage.remove_file(root / OLD_MEMO_FILE)


def site_unchanged(manifest: dict, out: Path, field: str, digest: str) -> int | None:
    """The number of pages when ``out`` is what the last build made from these same
    inputs (``field`` "inputs" or "stamps" of its ``manifest`` equal to ``digest``, and
    every file still the one written), else None."""
    if not digest or manifest.get(field) != digest:
        return None
    pages = manifest.get("pages", {})
    out = Path(out).resolve()
    found = storage.identities(out, pages)
    if not pages or any(found[path] != entry[1] for path, entry in pages.items()):
        return None
    return sum(path.endswith(".html") for path in pages)


def templates_folder(root: Path) -> Path:
    """The archive's own ``templates/`` when it has one, else the project's."""
    own = root / "templates"
    return own if storage.is_folder(own) else PROJECT_TEMPLATES


def parse_history(log: str | None):
    return None if log is None else parse_git_log(log)


def make_site(archive: Archive, templates: dict[str, str], include_drafts: bool,
              history: dict | None, out: Path, inputs: tuple[str, str, str] = ("", "", ""),
              search_later=None) -> tuple[dict[str, tuple], int, object]:
    """Render every file of the site into a staging folder, then swap it in for ``out``.

    Pagefind indexes in a process of its own while the pages are planned and
    rendered on worker processes (one per core); unchanged pages
    are hard-linked from the previous site (see ``site_writer``). The
    manifest of what the new site holds is written only once it is in place.
    """
    out = Path(out).resolve()
    records = search_records(archive, include_drafts=include_drafts)
    where = manifest_file(Path(archive.root), out)
    manifest = read_manifest(where)
    old = manifest.get("pages", {}) if manifest.get("code") == inputs[1] else {}
    previous = out if storage.is_folder(out) else None
    staging = storage.new_staging(out)
    try:
        kept = KeptSearch(staging, previous, old) if search_later else None
        search_job = kept if kept and kept.usable else search_job_for(archive, records, include_drafts,
                                                                      staging, previous, old)
        if search_job is not kept:
            records = None  # the search process has its copy; the page workers need none
        with search_job as search:
            with no_cyclic_gc():
                views = views_for(archive, include_drafts)
                specs = plan_specs(archive, templates, include_drafts, history, views)
            with Writer(specs, templates, staging, previous, old) as writer:
                files = writer.run()
            files.update(search.result())
        storage.write_new(staging / storage.SITE_MARK, b"A site built by briefing-archive; the next build replaces it.\n")
        storage.swap_in(staging, out)
    except BaseException:
        storage.discard(staging)
        raise
    # A site whose search index is still to come is not a finished build: the
    # next one must not take it as "nothing changed".
    finished = search_job is not kept
    write_manifest(where, files, inputs[0] if finished else "", inputs[1], inputs[2] if finished else "")
    if search_job is kept:
        search_later(records)
    return files, writer.rendered, views


def search_job_for(archive: Archive, records: list[dict], include_drafts: bool, staging: Path,
                   previous: Path | None, old: dict) -> SearchJob:
    """Pagefind over ``records``, the preview's index (with drafts) kept apart from the published one."""
    build = functools.partial(build_search_index, flavour="preview" if include_drafts else "published")
    return SearchJob(build, records, Path(archive.root), staging, previous, old)


def report_problems(archive: Archive, log: TextIO) -> None:
    """Every problem (errors and warnings) one per line, then the summary."""
    for problem in archive.problems:
        print(problem, file=log)
    print(problems_summary(list(archive.problems), archive.files), file=log)
    print(f"build stopped: fix the {len(archive.errors)} error(s) above; nothing was written",
          file=log)
