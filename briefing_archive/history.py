"""Each briefing's change history, from one ``git log`` over the archive.

Pure: parses the text git printed (``storage.git_log`` runs git). Outside a
git checkout there is no history and pages simply omit it.
"""
from __future__ import annotations

from dataclasses import dataclass

# One record per commit: a header line, then the paths it touched.
RECORD_MARK = "\x1e"
GIT_LOG_FORMAT = RECORD_MARK + "%H%x09%aI%x09%s"


@dataclass(frozen=True)
class Change:
    commit: str
    date: str  # ISO 8601 with offset, as git gives it
    subject: str

    def as_dict(self) -> dict:
        return {"commit": self.commit, "date": self.date, "subject": self.subject}


def parse_git_log(text: str) -> dict[str, list[Change]]:
    """Path → its changes, newest first (git log order)."""
    history: dict[str, list[Change]] = {}
    for record in text.split(RECORD_MARK):
        lines = [line for line in record.split("\n") if line.strip()]
        if not lines:
            continue
        header = lines[0].split("\t", 2)
        if len(header) != 3:
            continue
        change = Change(*header)
        for path in lines[1:]:
            history.setdefault(path.strip(), []).append(change)
    return history


def history_for_pages(history: dict[str, list[Change]] | None, paths) -> dict[str, list[dict]] | None:
    """The plain-dict form the renderer takes, for the given briefing paths."""
    if history is None:
        return None
    return {path: [change.as_dict() for change in history.get(path, [])] for path in paths}
