"""The test suite, one package per area (see tests/README.md).

Tests and helpers import one another as ``tests.…`` modules (``from tests.support.archive
import make_archive``): pytest puts the repository root on the import path because every
folder of the suite is a package, and ``python -m pytest`` from the root does so too.
"""
