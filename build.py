#!/usr/bin/env python3
"""Entry point: ``python build.py --help`` lists the commands."""

import sys

from briefing_archive.build_client import handed_over

if __name__ == "__main__":
    status = handed_over(sys.argv[1:])  # to the archive's build server, when one runs
    if status is not None:
        sys.exit(status)
    from briefing_archive.cli import run

    run()
