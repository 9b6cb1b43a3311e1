"""Builds and checks of the archive: from the last build (in this process, by ``build.py
build``, or by the build server) and from nothing, and how they differ."""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests.support.build_server import served_environment, server_running
from tests.support.edit_fuzz.archive import Archive

BUILD = Path(__file__).resolve().parents[3] / "build.py"


def build(root: Path, out: Path, templates: Path, cli: bool, drafts: bool = False) -> tuple[int, str]:
    """(exit status, log) of a build of ``root`` into ``out``: by ``build.py build`` (handed to
    the archive's server when one runs) when ``cli``, else in this process."""
    if cli:
        command = [sys.executable, str(BUILD), "--root", str(root), "build", "--out", str(out)]
        with served():
            done = subprocess.run(
                [*command, *(["--drafts"] if drafts else [])], capture_output=True, text=True, env=served_environment()
            )
        return done.returncode, done.stdout + done.stderr
    from briefing_archive.pipeline import build_site

    log = io.StringIO()
    return build_site(root, out, templates_dir=templates, include_drafts=drafts, log=log), log.getvalue()


def site_files(folder: Path) -> dict[str, bytes]:
    """Every file's bytes; of Pagefind's, only their names (its bundle is not deterministic)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            found[name] = b"" if name.startswith("pagefind/") else path.read_bytes()
    return found


def differences(incremental: Path, full: Path) -> list[str]:
    a, b = site_files(incremental), site_files(full)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


@contextlib.contextmanager
def caches_set_aside(root: Path, scratch: Path) -> Iterator[None]:
    """The archive's caches moved aside until the block ends, then put back in place of all it
    made; but for the search shards' indexes (by their records' digest), which Pagefind does
    not make byte for byte alike twice: a shard left stale still differs, its records' index
    not being among them."""
    from briefing_archive import storage
    from briefing_archive.layout import CACHE

    storage.wait_for_bookkeeping(root / CACHE)  # a build's, left to a process that may still run
    aside = scratch / "cache-aside"
    shutil.rmtree(aside, ignore_errors=True)
    aside.mkdir()
    kept = [path for path in (root / CACHE).iterdir() if path.name != "search"]
    for path in kept:
        shutil.move(path, aside / path.name)
    try:
        yield
    finally:
        for path in (root / CACHE).iterdir():  # what the block made, whether or not the last build had one
            if path.name != "search" and path.is_dir():
                shutil.rmtree(path)
            elif path.name != "search":
                path.unlink()
        for path in kept:
            shutil.move(aside / path.name, path)


def full_build(root: Path, templates: Path, scratch: Path, cli: bool, drafts: bool) -> tuple[int, str, Path]:
    """A build from nothing (``caches_set_aside``) into a new folder."""
    out = scratch / "full"
    shutil.rmtree(out, ignore_errors=True)
    with caches_set_aside(root, scratch):
        status, log = build(root, out, templates, cli, drafts)
    return status, log, out


def check_output(root: Path, files: list[str]) -> tuple[int, list[str]]:
    """``build.py check`` of ``files`` (all when none): its exit status and what it printed."""
    command = [sys.executable, str(BUILD), "--root", str(root), "check", *files]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.returncode, (done.stdout + done.stderr).splitlines()


def checks_compared(a: Archive, folder: Path) -> str:
    """How ``build.py check`` of the whole archive, and of the files this step edited, differs
    from the same check with no cache ("": not at all)."""
    files = sorted(str(path.relative_to(a.root)) for path in a.touched if path.exists())
    for selection in ([], files) if files else ([],):
        kept = check_output(a.root, selection)
        with caches_set_aside(a.root, folder):
            fresh = check_output(a.root, selection)
        if kept != fresh:
            return f"check {' '.join(selection) or '(all)'}: {kept} against {fresh} with no cache"
    return ""


# The build server running for the archive being edited, if one is (``build_server``).
_SERVER: list[subprocess.Popen] = []


@contextlib.contextmanager
def build_server(root: Path, log: Path) -> Iterator[None]:
    """``build.py server`` running for ``root`` (its log at ``log``) until the block ends."""
    with server_running(root, log) as process:
        _SERVER.append(process)
        try:
            yield
        finally:
            _SERVER.clear()


def standbys() -> set[int]:
    """The server's standby (its one child process), if a server runs."""
    if not _SERVER:
        return set()
    pid = _SERVER[0].pid
    try:
        return set(map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split()))
    except OSError:
        return set()


@contextlib.contextmanager
def served() -> Iterator[None]:
    """A ``build.py build`` the block runs, ended only once the standby that served it ended:
    it leaves its caches after its client has the answer, and the build from nothing next
    sets them aside."""
    before = standbys()
    yield
    deadline = time.monotonic() + 120
    while before & standbys() and time.monotonic() < deadline:
        time.sleep(0.02)
