"""Reading the archive's text files: bytes into text, or a message saying why not.

UTF-8 (a BOM allowed) or UTF-16 with a BOM; newlines made "\n"; anything
binary, empty or over ``MAX_TEXT_BYTES`` is refused with a reason.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from .fingerprints import markdown_stamps

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
            line = normalise_newlines(data[: error.start].decode("utf-8", "replace")).count("\n") + 1
            return (
                None,
                (
                    f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}, "
                    "perhaps Latin-1 or Windows-1252); save the file as UTF-8"
                ),
                line,
            )
    return normalise_newlines(text.lstrip("\ufeff")), None, 1


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


OUTSIDE = (
    "a symbolic link leading outside the archive: not read (what is published must be in the archive; copy the file in)"
)


def read_text(root: Path, relative: str, limit: int = MAX_TEXT_BYTES) -> TextFile:
    """Plain strings and one open per file, not pathlib: a build reads every briefing."""
    try:
        path = os.path.join(root, relative)
        real, base = os.path.realpath(path), str(resolved(root))
        if not (real == base or real.startswith(base.rstrip(os.sep) + os.sep)):
            return TextFile(relative, None, OUTSIDE)
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > limit:
                return TextFile(relative, None, size_problem(size, limit))
            data = stream.read()
    except OSError as error:
        return TextFile(relative, None, f"cannot read: {error.strerror or error}")
    text, problem, line = decode_located(data, limit)
    return TextFile(relative, text, problem, line)


def read_bytes(path: Path) -> bytes:
    return Path(path).read_bytes()


def list_markdown(root: Path, folder: str) -> list[str]:
    """Posix paths (relative to root) of the .md files under ``folder``, sorted."""
    return sorted(markdown_stamps(root, folder))


def exists(root: Path, relative: str) -> bool:
    return (root / relative).is_file()


def inside(root: Path, relative: str) -> bool:
    """Whether ``relative`` stays under ``root`` once symbolic links are followed."""
    return (Path(root) / relative).resolve().is_relative_to(resolved(root))


@functools.lru_cache(maxsize=16)
def resolved(root: Path) -> Path:
    return Path(root).resolve()


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
