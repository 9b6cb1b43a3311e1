"""Write a 50 MB briefing: valid front matter followed by a huge body."""

from pathlib import Path

HEAD = b"---\ntitle: Huge\ndate: 2019-05-30\nstatus: draft\nsource: {outlet: DW}\n---\n"


def generate(root: Path) -> None:
    path = root / "briefings" / "2019-05-30-huge.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    line = b"All work and no play makes Jack a dull boy. " * 20 + b"\n"
    size = 50 * 1024 * 1024
    with open(path, "wb") as stream:
        stream.write(HEAD)
        stream.write(line * ((size - len(HEAD)) // len(line)))
        stream.write(b"x" * (size - stream.tell()))
