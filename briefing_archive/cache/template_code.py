"""The templates as Jinja compiled them, kept between builds.

Jinja compiles the site's templates (~90 ms) in every build, and again in the process
that renders beside it, before the first page; read back, they take ~3 ms. Entries are
Jinja's own bytecode cache entries, whose head names Jinja's and Python's versions and
the checksum of the template's source (another source is a miss), in our cache files
(written whole, checked when read). The code's digest heads each file: the code sets
how a template compiles (autoescape, whitespace), so other code's entry is a miss too.
One file per template name, replaced when it misses.
"""

from __future__ import annotations

from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from .. import storage
from ..layout import CACHE

TEMPLATES_FOLDER = f"{CACHE}/templates"


class TemplateCode(BytecodeCache):
    """Jinja's bytecode cache over ``folder`` (under ``root``'s cache), for ``code``."""

    def __init__(self, root: Path, code: str, writes: bool = True):
        self.root, self.code, self.writes = Path(root), code, writes
        self.folder, self.head = self.root / TEMPLATES_FOLDER, code.encode() + b"\n"

    def reading_only(self) -> TemplateCode:
        """The same, keeping nothing it compiles (before a build's archive is checked: a
        build stopped by errors writes nothing)."""
        return TemplateCode(self.root, self.code, writes=False)

    def load_bytecode(self, bucket: Bucket) -> None:
        data = storage.read_cache(self.file_of(bucket))
        if data is not None and data.startswith(self.head):
            bucket.bytecode_from_string(data[len(self.head) :])

    def dump_bytecode(self, bucket: Bucket) -> None:
        if self.writes:
            storage.write_cache(self.file_of(bucket), self.head + bucket.bytecode_to_string())

    def file_of(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.code"
