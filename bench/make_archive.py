"""Make a synthetic briefing archive for benchmarks.

    python bench/make_archive.py N DIR [--seed 1]

The generator is ``tests/support/synthetic_archive.py``, shared with the tests; this
script runs it (and re-exports ``make_archive`` and ``slugify`` for the other bench scripts).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # a script: the repository's packages

from tests.support.synthetic_archive import main, make_archive, slugify  # noqa: E402,F401

if __name__ == "__main__":
    sys.exit(main())
