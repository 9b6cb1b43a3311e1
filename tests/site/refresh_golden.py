"""Refresh the golden copy of the sample site's key pages.

    python -m tests.site.refresh_golden

Review the diff (git diff tests/site/golden) before committing it: it shows
exactly how the pages changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support import PROJECT

GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE = "briefings/2019-05-30-japan-russia-accuse-one-another-of-military-buildup"
KEY_PAGES = (
    "index.html",
    f"{SAMPLE}/index.html",
    "issues/kuril-islands/index.html",
    "issues/kuril-islands/feed.xml",
    "issues/northern-territories/index.html",
    "actors/sergei-lavrov/index.html",
    "actors/japan/index.html",
    "timeline/index.html",
    "quotes/index.html",
    "issues/index.html",
    "actors/index.html",
    "corrections/index.html",
    "feed.xml",
    "briefings.json",
    "search-filters.json",
    "search/index.html",
    "search-topics.json",
    "issues/kuril-islands/quotes/index.html",
    "actors/japan/quotes/index.html",
)


def read_templates(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def render_key_pages() -> dict[str, bytes]:
    from briefing_archive.archive import load_archive
    from briefing_archive.render import render_site

    site = render_site(load_archive(PROJECT), read_templates(PROJECT / "templates"))
    return {path: site[path] for path in KEY_PAGES}


def main() -> None:
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for path, data in render_key_pages().items():
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(KEY_PAGES)} pages to {GOLDEN.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
