"""Random runs of edits, each built from the last build, make what a build from nothing makes.

``test_incremental.py`` builds one edit of each kind; a run here (``tests/support/edit_fuzz.py``)
mixes them, several to a build and in any order, with builds with drafts beside, an archive
broken and then repaired, in this process and by the build server. A fixed seed each, so a
failure is found again. Longer runs: ``python -m tests.support.edit_fuzz --seeds 1-50``.
"""

from __future__ import annotations

import io
import sys

import pytest

from tests.support.edit_fuzz import run


@pytest.mark.parametrize(
    ("by", "seed"),
    [
        ("process", 7),
        pytest.param(
            "server", 8, marks=pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the server needs Linux")
        ),
    ],
)
def test_a_run_of_random_edits_builds_what_a_build_from_nothing_makes(tmp_path, by, seed):
    """Every kind of edit once, in the seed's order, one to three to a build."""
    steps = io.StringIO()
    assert run(seed, steps=None, size=40, folder=tmp_path, by=by, out=steps) == [], steps.getvalue()
