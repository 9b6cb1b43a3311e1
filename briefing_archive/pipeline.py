"""``build``: archive → checked data → rendered pages + search index → site folder.

The order is what makes a build safe: everything is read and checked first,
the whole site is made in memory, and only then is it swapped in at once
(``storage.write_tree``), so a failed or interrupted build leaves the
previous site as it was and a site never goes out with check errors.

Hosts (``build.py build``, the MkDocs hook) call ``build_site`` only.
"""
from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TextIO

from jinja2 import TemplateError

from . import storage
from .archive import BRIEFINGS, Archive, load_archive
from .history import history_for_pages, parse_git_log
from .pages import search_records
from .render import render_site
from .search import SearchIndexError, build_search_index
from .validate import problems_summary

# The project's own templates, used when an archive brings none.
PROJECT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def build_site(root: Path, out: Path, *, include_drafts: bool = False,
               templates_dir: Path | None = None, log: TextIO | None = None) -> int:
    """Build the archive at ``root`` into folder ``out``; the exit status (0 = built)."""
    log = log or sys.stderr
    started = time.perf_counter()
    archive = load_archive(root)
    if archive.errors:
        report_problems(archive, log)
        return 1
    try:
        templates = storage.read_templates(templates_dir or templates_folder(Path(root)))
        history = history_for_pages(parse_history(storage.git_log(Path(root), BRIEFINGS)),
                                    [b.path for b in archive.briefings])
        files = make_site(archive, templates, include_drafts, history)
        storage.write_tree(out, files)
    except (SearchIndexError, TemplateError, OSError, UnicodeDecodeError) as error:
        print(f"build failed, {out} left as it was: {describe(error)}", file=log)
        return 1
    pages = sum(path.endswith(".html") for path in files)
    drafts = " with drafts" if include_drafts else ""
    print(f"built {pages} pages ({len(files)} files){drafts} into {out} "
          f"in {time.perf_counter() - started:.1f} s", file=log)
    return 0


def templates_folder(root: Path) -> Path:
    """The archive's own ``templates/`` when it has one, else the project's."""
    own = root / "templates"
    return own if own.is_dir() else PROJECT_TEMPLATES


def parse_history(log: str | None):
    return None if log is None else parse_git_log(log)


def make_site(archive: Archive, templates: dict[str, str], include_drafts: bool,
              history: dict | None = None) -> dict[str, bytes]:
    """Every file of the site: rendered pages, static files and the search bundle.

    Pagefind indexes in its own process, so it runs while Python renders the
    pages: the build takes about as long as the slower of the two.
    """
    records = search_records(archive, include_drafts=include_drafts)
    with ThreadPoolExecutor(max_workers=1) as pool:
        search = pool.submit(build_search_index, records, Path(archive.root))
        files = render_site(archive, templates, include_drafts=include_drafts, history=history)
        files.update(search.result())
    return files


def report_problems(archive: Archive, log: TextIO) -> None:
    """Every problem (errors and warnings) one per line, then the summary."""
    for problem in archive.problems:
        print(problem, file=log)
    print(problems_summary(list(archive.problems), archive.files), file=log)
    print(f"build stopped: fix the {len(archive.errors)} error(s) above; nothing was written",
          file=log)


def describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.filename:
        return f"{error.strerror or error}: {error.filename}"
    if isinstance(error, TemplateError):
        where = getattr(error, "filename", None) or getattr(error, "name", None)
        line = getattr(error, "lineno", None)
        return f"template {where}:{line}: {error.message}" if where else f"template error: {error}"
    return str(error)
