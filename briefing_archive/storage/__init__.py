"""The one package that touches the disk: read everything first, write last.

No other module of ``briefing_archive`` opens, lists, stats, writes or removes
a file; they call the functions re-exported here (``storage.read_text``,
``storage.write_atomic``, …), which live in:

- ``text_files``: the archive's text files (reading, decoding, listing);
- ``site_folders``: the site folder, built beside the old one and swapped in;
- ``fingerprints``: whether files changed (identities, stamps, digests);
- ``caches``: cache files, written atomically and pruned;
- ``bookkeeping_lock``: what orders a build's bookkeeping left to a process of its own and the next reader;
- ``cache_pickles``: pickled cache files, read as unpickled, in parts when asked;
- ``git``: what git knows (the files changed since a branch);
- ``stamps_ahead``: the inputs stamped by a process of their own as ``build`` begins;
- ``input_watch``: what changed among the inputs since a walk, by the kernel's file events.

Reading turns bytes into text (or a message saying why not); writing is
atomic (a temporary file renamed over the target), so an interrupted run
leaves every file either as it was or wholly new.
"""

from __future__ import annotations

from .bookkeeping_lock import bookkeeping_lock, wait_for_bookkeeping
from .cache_pickles import (
    PickledParts,
    checksum_so_far,
    hold_pickles,
    pickled_parts,
    read_pickle,
    read_pickles,
    write_pickle,
)
from .caches import (
    CacheFile,
    move_cache,
    open_cache,
    open_log,
    prune_subfolders,
    read_cache,
    read_caches,
    remove_file,
    touch,
    write_atomic,
    write_cache,
)
from .fingerprints import (
    HASH_OF_PRINT,
    changed_identities,
    changed_prints,
    content_prints,
    identities,
    identity,
    installed_distribution,
    markdown_stamps,
    stamp_folder,
    stamps,
    stamps_and_markdown,
    still_stamped,
    tree_digest,
    walk_files,
)
from .git import git_changed_files
from .site_folders import (
    SITE_MARK,
    discard,
    is_folder,
    is_link,
    is_our_site,
    link_new,
    new_staging,
    process_alive,
    recover_from_killed_builds,
    remove_later,
    replace_page,
    scratch_folder,
    swap_in,
    write_new,
    write_pieces,
)
from .site_patches import abandon, apply_patch, new_patch
from .stamps_ahead import drop_stamps_ahead, stamp_ahead, stamped_ahead, stand_by
from .text_files import (
    MAX_TEXT_BYTES,
    TextFile,
    decode_located,
    decode_text,
    exists,
    inside,
    list_markdown,
    normalise_newlines,
    read_bytes,
    read_templates,
    read_text,
    size_problem,
)

__all__ = [
    "bookkeeping_lock",
    "wait_for_bookkeeping",
    "drop_stamps_ahead",
    "stand_by",
    "stamp_ahead",
    "stamped_ahead",
    "abandon",
    "apply_patch",
    "new_patch",
    "changed_prints",
    "content_prints",
    "still_stamped",
    "HASH_OF_PRINT",
    "SITE_MARK",
    "is_link",
    "is_our_site",
    "decode_located",
    "decode_text",
    "discard",
    "exists",
    "git_changed_files",
    "changed_identities",
    "identities",
    "identity",
    "installed_distribution",
    "inside",
    "is_folder",
    "link_new",
    "list_markdown",
    "CacheFile",
    "checksum_so_far",
    "move_cache",
    "open_cache",
    "open_log",
    "pickled_parts",
    "PickledParts",
    "markdown_stamps",
    "MAX_TEXT_BYTES",
    "new_staging",
    "normalise_newlines",
    "process_alive",
    "prune_subfolders",
    "read_bytes",
    "read_cache",
    "read_caches",
    "read_pickle",
    "hold_pickles",
    "read_pickles",
    "read_templates",
    "read_text",
    "recover_from_killed_builds",
    "remove_file",
    "remove_later",
    "scratch_folder",
    "size_problem",
    "stamp_folder",
    "stamps",
    "stamps_and_markdown",
    "swap_in",
    "TextFile",
    "touch",
    "tree_digest",
    "walk_files",
    "write_atomic",
    "write_cache",
    "write_pickle",
    "replace_page",
    "write_pieces",
    "write_new",
]
