"""A source file that is a symbolic link leading out of the archive."""

import os
from pathlib import Path


def generate(root: Path) -> None:
    outside = root.parent / "outside-the-archive.txt"
    outside.write_text("Our country's legal position does not accept the missile drills\n")
    os.symlink(outside, root / "content" / "articles" / "link.txt")
