"""Helpers the tests import (and the bench scripts): plain functions and constants.

Fixtures wrapping them are in ``tests/conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
PROJECT = TESTS.parent
