"""The benchmark's live measurements: edit-to-served reload times and search download bytes.

Used by build_speed.py:

- ``serve_reload(archive, edit, check)``: start ``mkdocs serve`` on the
  archive (with the project's hook), wait for its first build, make the edit
  and time from the file write until the edited page is served over HTTP
  with the new text (polled every 20 ms); then, optionally, a second edit one
  second later, while the build after the first one still runs.
- ``hugo_server_reload(src, page, edit, check)``: the same for ``hugo server``
  on the benchmark's Hugo copy of the archive.
- ``search_bytes(site, word)``: serve the site over HTTP, search ``word`` in
  headless Chromium through our search box (static/search.js, on Pagefind's
  JS API), and sum the bytes of every file the browser fetched for it: from
  ``/pagefind/`` (entry, JS, WASM, meta, index chunks, filters, fragments of
  the results shown), plus ``/search-filters.json``, ``/search-topics.json`` (the issue and
  actor pages offered first) and ``/static/search.js``. Counted from the HTTP
  server's request log, not the page's resource timing: Pagefind fetches its
  index from a web worker, whose requests the page does not see.
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.support.browser import CHROMEDRIVER, CHROMIUM, start_chromium  # noqa: E402
from tests.support.local_server import fetch, free_port, static_server  # noqa: E402

# The repository's venv; a worktree without one uses the venv running this script.
VENV_BIN = REPO / ".venv" / "bin" if (REPO / ".venv" / "bin").is_dir() else Path(sys.executable).parent


def poll(condition, timeout: float, interval: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    return None


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def timed_reload(base: str, page: str, edit, check) -> float | None:
    """Seconds from ``edit()`` (the file write) until ``check(page text)`` holds."""
    started = time.monotonic()
    edit()
    served = poll(lambda: (lambda text: text is not None and check(text))(fetch(base + page)), 120)
    return time.monotonic() - started if served else None


# --- mkdocs serve ---------------------------------------------------------------


def mkdocs_project(archive: Path) -> Path:
    """mkdocs.yml + .mkdocs/ in the archive, the hook pointing back at this project."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "briefing_archive/mkdocs_hook.py", (REPO / "briefing_archive" / "mkdocs_hook.py").as_posix()
    )
    if not (archive / "templates").is_dir():  # the project's templates serve (and are watched)
        config = config.replace("  - templates\n", f"  - {(REPO / 'templates').as_posix()}\n")
    (archive / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.rmtree(archive / ".mkdocs", ignore_errors=True)
    shutil.copytree(REPO / ".mkdocs", archive / ".mkdocs")
    return archive / "mkdocs.yml"


def serve_reload(
    archive: Path, page: str, edit, check, log: Path, again=None
) -> tuple[float | None, float | None, float | None, str]:
    """(first build s, reload s, reload s of ``again``, note) for ``mkdocs serve`` of
    ``archive``. ``again`` (an edit, and whether a page's text is newer than the text
    served before it) is made one second after the first reload, while the build that
    follows the first edit still runs."""
    config, port = mkdocs_project(archive), free_port()
    base = f"http://127.0.0.1:{port}/"
    with open(log, "wb") as out:
        started = time.monotonic()
        server = subprocess.Popen(
            [str(VENV_BIN / "mkdocs"), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
            cwd=archive,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            if not poll(lambda: server.poll() is not None or fetch(base + page), 600, 0.2) or server.poll() is not None:
                return None, None, None, f"mkdocs serve never served the page (see {log})"
            first = time.monotonic() - started
            time.sleep(2)  # let the watcher settle
            reload = timed_reload(base, page, edit, check)
            if again is None or reload is None:
                return first, reload, None, ""
            time.sleep(1)
            edit_again, newer = again
            shown = fetch(base + page) or ""
            return first, reload, timed_reload(base, page, edit_again, lambda text: newer(shown, text)), ""
        finally:
            stop(server)


def hugo_server_reload(
    binary: Path, src: Path, page: str, edit, check, log: Path
) -> tuple[float | None, float | None, str]:
    """(first build s, reload s, note) for ``hugo server`` (in memory, its default)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with open(log, "wb") as out:
        started = time.monotonic()
        server = subprocess.Popen(
            [
                str(binary),
                "server",
                "--source",
                str(src),
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--disableLiveReload",
                "--baseURL",
                base,
            ],
            cwd=src,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            if not poll(lambda: server.poll() is not None or fetch(base + page), 600, 0.2) or server.poll() is not None:
                return None, None, f"hugo server never served the page (see {log})"
            first = time.monotonic() - started
            time.sleep(2)
            return first, timed_reload(base, page, edit, check), ""
        finally:
            stop(server)


# --- search download bytes -------------------------------------------------------

SEARCH_FILES = r"/pagefind/[^ ?\"]+|/search-(?:filters|topics)\.json|/static/search\.js"


def search_bytes(site: Path, word: str, filter: tuple[str, str] | None = None) -> tuple[int | None, str]:
    """(bytes fetched for one search of ``word``, breakdown) in headless Chromium;
    ``filter`` = (name, value) also picks that filter's value after the first results."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None, "selenium missing"
    if not (CHROMIUM and CHROMEDRIVER):
        return None, "no chromium"
    requests = tempfile.TemporaryFile()
    with static_server(site, requests) as base, tempfile.TemporaryDirectory() as profile:
        driver = start_chromium(profile)
        try:
            failed = search_in(driver, base, word, filter)
        finally:
            driver.quit()
    if failed:
        requests.close()
        return None, failed
    requests.seek(0)
    paths = re.findall(rf'"GET ({SEARCH_FILES})[^"]*" 200', requests.read().decode("utf-8", "replace"))
    requests.close()
    return summarise([(path, (site / path.lstrip("/")).read_bytes()) for path in dict.fromkeys(paths)])


def search_in(driver, base: str, word: str, filter: tuple[str, str] | None) -> str | None:
    """Type ``word`` into the search box (and pick ``filter``); None once the first page
    of results has loaded, else what went wrong."""
    from selenium.webdriver.common.by import By

    driver.get(base + "search/")  # a small page: what it downloads to search is counted
    box = poll(lambda: driver.find_elements(By.ID, "search-input"), 15, 0.1)
    if not box:
        return "no search box"
    box[0].send_keys(word)
    if not poll(lambda: driver.find_elements(By.CSS_SELECTOR, ".search-result-link"), 30, 0.1):
        return f"no results for {word!r}"
    if filter:
        name, value = filter
        driver.find_element(By.CSS_SELECTOR, "#search-filters > summary").click()  # fetches the choices
        poll(
            lambda: (
                len(
                    driver.find_elements(
                        By.CSS_SELECTOR, f"#search-filter-{name} option, #search-filter-{name}-list option"
                    )
                )
                > 1
            ),
            10,
            0.1,
        )
        control = driver.find_element(By.ID, f"search-filter-{name}")
        if control.tag_name == "select":
            from selenium.webdriver.support.ui import Select

            Select(control).select_by_visible_text(value)
        else:
            control.send_keys(value)
        if not poll(lambda: value in driver.find_element(By.ID, "search-status").text, 30, 0.1):
            return f"no results for {word!r} in {value!r}"
    time.sleep(1.5)  # the remaining fragments of the first page of results
    return None


def summarise(entries: list[tuple[str, bytes]]) -> tuple[int, str]:
    """(raw bytes, breakdown): raw as a plain static server sends them; the breakdown also
    gives the total with gzip on the wire (most hosts compress JS/JSON/WASM; Pagefind's
    own .pf_* files are gzipped already)."""
    kinds: dict[str, list[int]] = {}
    for name, data in entries:
        if name.startswith("/pagefind/shards/"):  # the index shards the search opened
            path = name.split("/", 4)[4]
            kind = path.split("/")[0] if "/" in path else path.rsplit(".", 1)[-1]
            kinds.setdefault("shard " + kind, []).append(len(data))
            continue
        if "/pagefind/" not in name:
            kinds.setdefault("ours " + name.rsplit("/", 1)[-1], []).append(len(data))
            continue
        path = name.split("/pagefind/", 1)[1]
        kind = path.split("/")[0] if "/" in path else path.rsplit(".", 1)[-1]
        if path.startswith(("pagefind-ui", "pagefind-component")):
            kind = "UI " + kind  # loaded by every page, search or not
        kinds.setdefault(kind, []).append(len(data))
    gzipped = sum(min(len(data), len(gzip.compress(data, 6))) for _, data in entries)
    shards = len({name.split("/")[3] for name, _ in entries if name.startswith("/pagefind/shards/")})
    parts = f"{shards} shard(s) opened: " + ", ".join(
        f"{kind} {len(sizes)}× {sum(sizes) / 1024:.0f} KiB" for kind, sizes in sorted(kinds.items())
    )
    return sum(len(data) for _, data in entries), f"{parts}; gzip on the wire {gzipped / 1024:.0f} KiB"
