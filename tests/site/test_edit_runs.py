"""Random runs of edits, each built from the last build, make what a build from nothing makes.

``test_incremental.py`` builds one edit of each kind; a run here (``tests/support/edit_fuzz/``)
makes every kind once, in a seed's order, one to three to a build, with builds with drafts
beside and an archive broken and then repaired: in this process with every limit a build
depends on set small (search shards cut and merged, pages of quotes, the kept state kept
anew…), and by the build server. A fixed seed each, so a failure is found again. Longer
runs: ``python -m tests.support.edit_fuzz --seeds 1-50`` (``--help`` for the others).
"""

from __future__ import annotations

import io
import sys

import pytest

from briefing_archive import quote_pages, search_shards
from tests.support.edit_fuzz import run, small_limits


def test_random_edits_built_in_this_process_with_small_limits_make_what_a_build_from_nothing_makes(tmp_path):
    steps = io.StringIO()
    with small_limits():
        assert quote_pages.QUOTES_PER_PAGE == 3
        assert run(7, steps=None, size=40, folder=tmp_path, by="process", out=steps) == [], steps.getvalue()
    assert quote_pages.QUOTES_PER_PAGE == 25 and search_shards.SHARD_SIZES.target == 250  # as they were


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the build server needs Linux")
def test_random_edits_built_by_the_build_server_make_what_a_build_from_nothing_makes(tmp_path):
    steps = io.StringIO()
    assert run(8, steps=None, size=40, folder=tmp_path, by="server", out=steps) == [], steps.getvalue()
