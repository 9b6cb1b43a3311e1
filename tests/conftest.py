"""Fixtures every area of the suite may use.

The helpers behind them are plain modules in ``tests/support/`` (import those where a
fixture does not fit, e.g. inside a module-scoped fixture); area-specific fixtures are in
that area's ``conftest.py`` (the browser: ``tests/site/conftest.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing_archive.build_client import SWITCH
from tests.support import PROJECT
from tests.support.archive import make_archive
from tests.support.ingest import small_registry
from tests.support.local_server import static_server
from tests.support.synthetic_archive import make_archive as make_synthetic_archive

# No build a test runs starts or uses a build server, even at a terminal (``pytest -s``) or
# with one running for the repository's archive; the tests of servers ask for one
# (``tests.support.build_server.served_environment``).
os.environ[SWITCH] = "0"


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root: the sample archive, build.py, templates/."""
    return PROJECT


@pytest.fixture(scope="session")
def ingest_registry():
    """The small registry the ingest tests draft against (tests/support/ingest.py)."""
    return small_registry()


@pytest.fixture
def case_archive(tmp_path):
    """``case_archive(case=None)``: a fresh copy of tests/archive/bad/_base plus ``case``'s files."""
    made = []

    def make(case: str | None = None) -> Path:
        made.append(case)
        return make_archive(tmp_path / f"archive-{len(made)}", case)

    return make


@pytest.fixture
def synthetic_archive(tmp_path):
    """``synthetic_archive(n, seed=1)``: a valid generated archive of ``n`` briefings."""
    made = []

    def make(n: int, seed: int = 1) -> Path:
        made.append(n)
        return make_synthetic_archive(n, tmp_path / f"synthetic-{len(made)}", seed)

    return make


@pytest.fixture
def local_server():
    """``with local_server(folder) as base_url``: ``python -m http.server`` on loopback."""
    return static_server
