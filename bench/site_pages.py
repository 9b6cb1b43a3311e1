"""What lighthouse.py and look.py share: the site to look at, one page of each kind,
headless Chromium, and the npm tools (kept in a cache folder outside the repository).

Which page stands for a kind:

- a fixed address for the site's single pages (home, the indexes, timeline, quotes,
  corrections, search);
- for ``issue`` and ``actor``, the busiest one: the page linking the most briefings
  (alias pages, which only redirect, are left out);
- for ``briefing``, the largest page (the most quotes, actors and text).

``--pages issue=/issues/kuril-islands/`` picks another page of a kind.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.browser import CHROMEDRIVER, CHROMIUM, start_chromium  # the scripts put the repository on sys.path

REPO = Path(__file__).resolve().parent.parent

NODE_CACHE = Path(os.environ.get("BRIEFING_BENCH_CACHE", Path.home() / ".cache" / "briefing-bench"))
NODE_PACKAGES = ("lighthouse", "axe-core")
FIXED = {
    "home": "/",
    "issues": "/issues/",
    "actors": "/actors/",
    "timeline": "/timeline/",
    "quotes": "/quotes/",
    "corrections": "/corrections/",
    "search": "/search/",
}
BUSIEST = {"issue": "issues", "actor": "actors"}  # kind → folder of its pages
BRIEFING_LINK = re.compile(r'href="/briefings/[^"/]+/"')


def site_to_audit(site: Path | None, archive: Path | None) -> Path:
    """``--site`` as it is, or ``--archive`` built first into ARCHIVE/site."""
    if site:
        if not (site / "index.html").is_file():
            sys.exit(f"{site}: no index.html (not a built site)")
        return site
    command = [sys.executable, str(REPO / "build.py"), "--root", str(archive), "build"]
    print("building:", " ".join(command), flush=True)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    if subprocess.run(command, cwd=REPO, env=env).returncode != 0:
        sys.exit(f"{archive}: the build failed")
    return archive / "site"


def parse_pages(spec: str | None, kinds: tuple[str, ...]) -> dict[str, str | None]:
    """``"home,issue=/issues/x/"`` → {kind: chosen URL or None (pick one)}; all kinds if no spec."""
    if not spec:
        return {kind: None for kind in kinds}
    chosen = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        kind, _, url = item.partition("=")
        if kind not in kinds:
            sys.exit(f"--pages: unknown page kind {kind!r} (known: {', '.join(kinds)})")
        chosen[kind] = url or None
    return chosen


def pick_pages(site: Path, wanted: dict[str, str | None]) -> tuple[dict[str, str], list[str]]:
    """({kind: URL} of the pages the site has, notes on the kinds it lacks)."""
    pages, notes = {}, []
    for kind, url in wanted.items():
        url = url or FIXED.get(kind) or representative(site, kind)
        if url and page_file(site, url).is_file():
            pages[kind] = url
        else:
            notes.append(f"{kind}: skipped, the site has no {url or 'such page'}")
    return pages, notes


def page_file(site: Path, url: str) -> Path:
    path = url.split("?")[0].lstrip("/")
    return site / (path + "index.html" if not path or path.endswith("/") else path)


def representative(site: Path, kind: str) -> str | None:
    if kind == "briefing":
        files = sorted((site / "briefings").glob("*/index.html"))
        return url_of(site, max(files, key=lambda file: file.stat().st_size)) if files else None
    if kind in BUSIEST:
        texts = {file: file.read_text(encoding="utf-8") for file in sorted((site / BUSIEST[kind]).glob("*/index.html"))}
        return busiest_page({url_of(site, file): text for file, text in texts.items()})
    return None


def busiest_page(pages: dict[str, str]) -> str | None:
    """The URL whose page links the most distinct briefings (the first on a tie); redirects
    (alias pages) are no candidates."""
    counts = {
        url: len(set(BRIEFING_LINK.findall(text))) for url, text in pages.items() if 'http-equiv="refresh"' not in text
    }
    return max(counts, key=lambda url: counts[url]) if counts else None


def url_of(site: Path, file: Path) -> str:
    return "/" + file.parent.relative_to(site).as_posix() + "/"


# --- npm tools ------------------------------------------------------------------


def node_tool(package: str, path: str) -> Path:
    """A file of an npm package in the cache folder, installing the packages on first use."""
    wanted = NODE_CACHE / "node_modules" / package / path
    if not wanted.exists():
        npm = shutil.which("npm")
        if not npm:
            sys.exit("npm not found: install Node.js (apt-get install nodejs npm)")
        NODE_CACHE.mkdir(parents=True, exist_ok=True)
        print(f"installing {', '.join(NODE_PACKAGES)} into {NODE_CACHE}", flush=True)
        subprocess.run(
            [npm, "install", "--prefix", str(NODE_CACHE), "--no-audit", "--no-fund", *NODE_PACKAGES], check=True
        )
    return wanted


def package_version(package: str) -> str:
    import json

    manifest = NODE_CACHE / "node_modules" / package / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.is_file() else "?"


# --- headless Chromium -----------------------------------------------------------


def chromium(profile: Path):
    """A headless Chromium under Selenium (as the browser tests start it), without scrollbars."""
    if not (CHROMIUM and CHROMEDRIVER):
        sys.exit("headless Chromium not installed (apt-get install chromium chromium-driver)")
    driver = start_chromium(profile, "--hide-scrollbars")
    driver.set_script_timeout(180)
    return driver


def emulate(driver, width: int, height: int, scheme: str) -> None:
    """The viewport (a phone below 600 px: the page's viewport meta applies) and the
    reader's colour scheme."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )
