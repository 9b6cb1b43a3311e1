"""The one module that touches the disk: read everything first, write last.

Reading turns bytes into text (or a message saying why not); writing is
atomic (a temporary file renamed over the target), so an interrupted run
leaves every file either as it was or wholly new.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

# A briefing or registry file is a few KB; anything this big is a mistake.
MAX_TEXT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class TextFile:
    """A file read from the archive: its text, or why it has none."""

    path: str  # posix, relative to the archive root
    text: str | None
    error: str | None = None
    line: int = 1  # where the error is, when it has a place (an undecodable byte)


def size_problem(size: int, limit: int) -> str:
    return f"file is {size / 2**20:.1f} MB, over the {limit / 2**20:.0f} MB limit: not read"


def decode_text(data: bytes, limit: int = MAX_TEXT_BYTES) -> tuple[str | None, str | None]:
    """(text, None) or (None, message): UTF-8 (BOM allowed) or UTF-16 with a BOM."""
    text, problem, _ = decode_located(data, limit)
    return text, problem


def decode_located(data: bytes, limit: int = MAX_TEXT_BYTES) -> tuple[str | None, str | None, int]:
    """Like ``decode_text``, with the line of the problem (1 when it has none)."""
    if len(data) > limit:
        return None, size_problem(len(data), limit), 1
    if not data.strip():
        return None, "file is empty", 1
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None, "file starts with a UTF-16 mark but is not valid UTF-16", 1
    else:
        if b"\x00" in data[:8192]:
            return None, "binary file, not text", 1
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = normalise_newlines(data[:error.start].decode("utf-8", "replace")).count("\n") + 1
            return None, (f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}, "
                          "perhaps Latin-1 or Windows-1252); save the file as UTF-8"), line
    return normalise_newlines(text.lstrip("\ufeff")), None, 1


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(root: Path, relative: str, limit: int = MAX_TEXT_BYTES) -> TextFile:
    try:
        path = root / relative
        size = path.stat().st_size
        if size > limit:
            return TextFile(relative, None, size_problem(size, limit))
        data = path.read_bytes()
    except OSError as error:
        return TextFile(relative, None, f"cannot read: {error.strerror or error}")
    text, problem, line = decode_located(data, limit)
    return TextFile(relative, text, problem, line)


def read_bytes(path: Path) -> bytes:
    return Path(path).read_bytes()


def list_markdown(root: Path, folder: str) -> list[str]:
    """Posix paths (relative to root) of the .md files under ``folder``, sorted."""
    base = root / folder
    if not base.is_dir():
        return []
    found = (p.relative_to(root).as_posix() for p in base.rglob("*.md") if p.is_file())
    return sorted(p for p in found if not any(part.startswith(".") for part in p.split("/")))


def exists(root: Path, relative: str) -> bool:
    return (root / relative).is_file()


def inside(root: Path, relative: str) -> bool:
    """Whether ``relative`` stays under ``root`` once symbolic links are followed."""
    return (Path(root) / relative).resolve().is_relative_to(Path(root).resolve())


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write via a temporary file in the same folder and rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_tree(destination: Path, files: dict[str, bytes]) -> None:
    """Replace folder ``destination`` with ``files`` (relative path → bytes) atomically.

    The new tree is written beside it and swapped in by two renames, so an
    interrupted build leaves the previous site whole.
    """
    destination = Path(destination).resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.new.", dir=destination.parent))
    try:
        for relative, data in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        swap_in(staging, destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def new_staging(destination: Path) -> Path:
    """An empty private folder beside ``destination`` to build its replacement in.

    Its name carries our process id, so a later build can tell the leftovers of
    a killed build (whose process is gone) from those of a build still running.
    """
    destination = Path(destination).resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    recover_from_killed_builds(destination)
    return Path(tempfile.mkdtemp(prefix=f".{destination.name}.new.{os.getpid()}.", dir=destination.parent))


def recover_from_killed_builds(destination: Path) -> None:
    """Put back a site a killed build had moved aside, and delete dead builds' staging folders."""
    for leftover in sorted(destination.parent.glob(f".{destination.name}.*.*")):
        kind, _, rest = leftover.name[len(destination.name) + 2:].partition(".")
        pid = rest.split(".", 1)[0]
        if kind not in ("new", "old") or not pid.isdigit() or process_alive(int(pid)):
            continue
        if kind == "old" and not destination.exists():
            os.rename(leftover, destination)  # killed between the two renames of swap_in
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def write_new(path: Path, data: bytes) -> None:
    """Write a file inside a staging folder (private until swapped in: no temporary needed)."""
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def link_new(source: Path, path: Path) -> None:
    """Put ``source``'s file at ``path`` in a staging folder: a hard link (no copy), else a copy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, path)
    except OSError:
        shutil.copyfile(source, path)


def identity(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, mtime ns): tells whether a file is still the one written earlier."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def tree_digest(root: Path, folders: list[str], digest, suffix: str = "", recursive: bool = True) -> None:
    """Feed every file under ``root/folder`` (ending in ``suffix``; path and bytes, in
    sorted order) to ``digest``. Plain strings and os.scandir, not pathlib: at
    10,000 files pathlib's overhead is most of the cost."""
    for folder in folders:
        base = os.path.join(root, folder)
        if not os.path.isdir(base):
            digest.update(f"{folder}: none\0".encode())
            continue
        for path in sorted(walk_files(base, suffix, recursive)):
            digest.update(f"{os.path.relpath(path, root)}\0".encode("utf-8", "surrogateescape"))
            try:
                with open(path, "rb") as stream:
                    digest.update(stream.read())
            except OSError as error:
                digest.update(f"unreadable {error.errno}\0".encode())


def walk_files(folder: str, suffix: str = "", recursive: bool = True):
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                if recursive:
                    yield from walk_files(entry.path, suffix, recursive)
            elif entry.name.endswith(suffix):
                yield entry.path


def stamps(root: Path, folders: list[str]) -> dict[str, tuple[int, int]]:
    """(mtime ns, size) of every file under ``root/folder`` by posix path relative to
    ``root``: which files changed since, without reading any (10,000 in ~0.1 s)."""
    found: dict[str, tuple[int, int]] = {}
    for folder in folders:
        stamp_folder(os.path.join(root, folder), "" if folder == "." else folder.strip("/") + "/", found)
    return found


def stamp_folder(folder: str, prefix: str, found: dict) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir():
                stamp_folder(entry.path, f"{prefix}{entry.name}/", found)
            else:
                st = entry.stat()
                found[prefix + entry.name] = (st.st_mtime_ns, st.st_size)
        except OSError:
            continue


def identities(folder: Path, paths) -> dict[str, tuple | None]:
    """``identity`` of many files under ``folder`` (relative posix paths), quickly."""
    folder = str(folder)
    return {path: identity(os.path.join(folder, path)) for path in paths}


def git_head(root: Path) -> str | None:
    """The commit checked out (history on pages changes only with it); None outside git."""
    import subprocess
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def read_cache(path: Path) -> bytes | None:
    """A cache file's bytes, or None when it is missing or unreadable (then: rebuild)."""
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def read_caches(folder: Path, suffix: str) -> dict[str, bytes]:
    """Every cache file in ``folder`` ending in ``suffix``: name (without it) → bytes;
    unreadable files are left out (a cache miss)."""
    found = {}
    try:
        names = [name for name in os.listdir(folder) if name.endswith(suffix) and not name.startswith(".")]
    except OSError:
        return found
    for name in names:
        data = read_cache(Path(folder) / name)
        if data is not None:
            found[name[:-len(suffix)]] = data
    return found


def remove_file(path: Path) -> None:
    """Delete a file if it is there (a cache of an older layout)."""
    try:
        os.unlink(path)
    except OSError:
        pass


def swap_in(staging: Path, destination: Path) -> None:
    """Put folder ``staging`` where ``destination`` is, removing the old one last.

    Two renames; if the second is interrupted the old site is put back, so
    there is always a site. (Linux's renameat2 RENAME_EXCHANGE would close the
    window to a SIGKILL between the two as well.)
    """
    old = destination.with_name(f".{destination.name}.old.{os.getpid()}")
    if destination.exists():
        os.replace(destination, old)
    try:
        os.replace(staging, destination)
    except BaseException:
        if old.exists() and not destination.exists():
            os.rename(old, destination)
        raise
    remove_later(old)


def remove_later(folder: Path) -> None:
    """Remove ``folder`` in a detached process: deleting a 20,000-file site takes
    seconds, and the new site is already in place. Where fork is missing, now."""
    if not folder.exists():
        return
    if not hasattr(os, "fork"):
        shutil.rmtree(folder, ignore_errors=True)
        return
    child = os.fork()
    if child == 0:  # the child forks again and exits, so no zombie is left to reap
        try:
            if os.fork() == 0:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


def git_log(root: Path, folder: str) -> str | None:
    """``git log`` of ``folder`` with the paths each commit touched; None outside git."""
    import subprocess

    from .history import GIT_LOG_FORMAT

    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", f"--format={GIT_LOG_FORMAT}", "--name-only", "--relative",
             "--no-renames", "--", folder],
            cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def git_changed_files(root: Path, base: str) -> list[str] | None:
    """Files that differ from ``base`` (committed, staged, unstaged or new); None outside git."""
    import subprocess

    commands = [["git", "diff", "--name-only", "--relative", "--no-renames", f"{base}...HEAD"],
                ["git", "diff", "--name-only", "--relative", "--no-renames", "HEAD"],
                ["git", "ls-files", "--others", "--exclude-standard"]]
    changed: set[str] = set()
    for command in commands:
        try:
            result = subprocess.run(["git", "-c", "core.quotepath=off"] + command[1:], cwd=root,
                                    capture_output=True, text=True, encoding="utf-8", timeout=60)
        except (OSError, subprocess.SubprocessError):
            return None
        if result.returncode != 0:
            return None
        changed.update(line.strip() for line in result.stdout.splitlines() if line.strip())
    return sorted(changed)


# --- site build (pipeline/search helpers) ---------------------------------

def read_templates(folder: Path) -> dict[str, str]:
    """Every text file under ``folder`` (templates and ``static/``): posix path → text.

    Hidden files (editor swap files, .DS_Store) are left out.
    """
    folder = Path(folder)
    templates = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in relative.split("/")):
            templates[relative] = path.read_text(encoding="utf-8")
    return templates


def prune_subfolders(folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently modified subfolders of ``folder`` (a cache)."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    subfolders = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
    subfolders.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in subfolders[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def touch(path: Path) -> None:
    """Mark ``path`` as just used (cache pruning keeps the most recently used)."""
    os.utime(path)
