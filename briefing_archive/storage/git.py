"""What git knows about the archive: the files changed since a branch (``check --changed``).

Every function answers None outside a git checkout (or when git fails).
"""

from __future__ import annotations

from pathlib import Path


def git_changed_files(root: Path, base: str) -> list[str] | None:
    """Files that differ from ``base`` (committed, staged, unstaged or new); None outside git."""
    import subprocess

    commands = [
        ["git", "diff", "--name-only", "--relative", "--no-renames", f"{base}...HEAD"],
        ["git", "diff", "--name-only", "--relative", "--no-renames", "HEAD"],
        ["git", "ls-files", "--others", "--exclude-standard"],
    ]
    changed: set[str] = set()
    for command in commands:
        try:
            result = subprocess.run(
                ["git", "-c", "core.quotepath=off"] + command[1:],
                cwd=root,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if result.returncode != 0:
            return None
        changed.update(line.strip() for line in result.stdout.splitlines() if line.strip())
    return sorted(changed)
