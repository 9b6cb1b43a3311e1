"""What git knows about the archive: the commit checked out, history, changed files.

Every function answers None outside a git checkout (or when git fails).
"""
from __future__ import annotations

from pathlib import Path


def git_head(root: Path) -> str | None:
    """The commit checked out (history on pages changes only with it); None outside git."""
    import subprocess
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def git_log(root: Path, folder: str) -> str | None:
    """``git log`` of ``folder`` with the paths each commit touched; None outside git."""
    import subprocess

    from ..history import GIT_LOG_FORMAT

    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", f"--format={GIT_LOG_FORMAT}", "--name-only", "--relative",
             "--no-renames", "--", folder],
            cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def git_changed_files(root: Path, base: str) -> list[str] | None:
    """Files that differ from ``base`` (committed, staged, unstaged or new); None outside git."""
    import subprocess

    commands = [["git", "diff", "--name-only", "--relative", "--no-renames", f"{base}...HEAD"],
                ["git", "diff", "--name-only", "--relative", "--no-renames", "HEAD"],
                ["git", "ls-files", "--others", "--exclude-standard"]]
    changed: set[str] = set()
    for command in commands:
        try:
            result = subprocess.run(["git", "-c", "core.quotepath=off"] + command[1:], cwd=root,
                                    capture_output=True, text=True, encoding="utf-8", timeout=60)
        except (OSError, subprocess.SubprocessError):
            return None
        if result.returncode != 0:
            return None
        changed.update(line.strip() for line in result.stdout.splitlines() if line.strip())
    return sorted(changed)
