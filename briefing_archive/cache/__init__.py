"""What builds remember between runs, kept beside the pipeline rather than inside it.

- ``build_cache``: ``BuildCache``, the one interface the pipeline calls (imported from
  there, not here: ``check`` imports this package, and has no use for the build's state,
  templates or Jinja, ~90 ms of its start);
- ``memo``: parses and checks remembered by content, in shards;
- ``shard_files``: a dict kept in shard files by a hash of the key (the memo, check's
  summary);
- ``item_places``: where the items of ``briefings.json`` lie in the last build's file;
- ``fingerprints``: the inputs' stamps and hashes (has anything changed?);
- ``manifest``: the previous site's pages, reused by hard link;
- ``journal``: the manifest and the page reads kept as a base and the changes since.

Every file lives under the archive's ``.cache/`` and goes through
``storage.write_cache`` / ``read_cache``, which checksum it: a damaged cache
file is a miss (a slower build), never a wrong page.
"""

from __future__ import annotations

from .fingerprints import TEMPLATE_INPUT, input_stamps
from .manifest import PreviousSite
from .memo import Memo, MemoShards

__all__ = ["Memo", "MemoShards", "PreviousSite", "TEMPLATE_INPUT", "input_stamps"]
