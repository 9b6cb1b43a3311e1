"""Commands started as a terminal starts one in the foreground, Ctrl-C at its default.

A test runner started in the background by a shell without job control (``bash -c
'pytest … &'``) inherits SIGINT ignored, and so does every process it starts; Python then
never turns Ctrl-C into ``KeyboardInterrupt``. A test that sends Ctrl-C starts its command
through ``foreground``, so that it tests the command, not how the runner was started.
"""

from __future__ import annotations

import signal
import subprocess
import sys

# Exec keeps a default disposition default (and an ignored one ignored): reset, then exec.
_RESET_THEN_EXEC = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])"
)


def foreground(command: list[str]) -> list[str]:
    """``command`` with SIGINT at its default disposition, whatever this process has."""
    return [sys.executable, "-c", _RESET_THEN_EXEC, *command]


def interrupt(process: subprocess.Popen, timeout: float) -> None:
    """Ctrl-C to ``process`` (started through ``foreground``), as a terminal's; killed when
    it has not ended ``timeout`` seconds later."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
