"""Which edits a run makes, step by step."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tests.support.edit_fuzz.archive import Archive
from tests.support.edit_fuzz.briefing_edits import (
    add_correction,
    copy_quote,
    edit_actors,
    edit_body,
    edit_date,
    edit_issues,
    edit_quote,
    edit_status,
    edit_summary,
    edit_title,
    same_as_another,
    undo_edit,
)
from tests.support.edit_fuzz.file_edits import (
    add_briefing,
    break_briefing,
    delete_briefing,
    edit_article,
    edit_registry,
    edit_settings,
    edit_static,
    edit_template,
    rename_briefing,
    touch_briefing,
)

# How often each edit is picked: the registry's and templates' make every page again.
EDITS: list[tuple[Callable[[Archive], str | None], int]] = [
    (edit_title, 6),
    (edit_summary, 3),
    (edit_quote, 8),
    (edit_issues, 6),
    (edit_actors, 6),
    (edit_date, 5),
    (edit_status, 3),
    (add_correction, 2),
    (edit_body, 3),
    (add_briefing, 3),
    (delete_briefing, 2),
    (rename_briefing, 2),
    (touch_briefing, 3),
    (edit_registry, 1),
    (edit_template, 1),
    (edit_static, 1),
    (edit_settings, 1),
    (edit_article, 2),
    (break_briefing, 1),
    (undo_edit, 3),
    (copy_quote, 2),
    (same_as_another, 2),
]


Edit = Callable[[Archive], str | None]


def planned(a: Archive, steps: int | None) -> Iterator[list[Edit]]:
    """Each step's edits: ``steps`` steps of one to three, picked by their weights; None:
    every kind of edit once, in a random order, one to three to a step."""
    kinds, weights = (list(column) for column in zip(*EDITS, strict=True))
    if steps is None:
        a.rng.shuffle(kinds)
        while kinds:
            count = a.rng.choice([1, 2, 3])
            yield kinds[:count]
            kinds = kinds[count:]
        return
    for _ in range(steps):
        yield a.rng.choices(kinds, weights, k=a.rng.choice([1, 1, 2, 3]))


def made(a: Archive, edits: list[Edit]) -> list[str]:
    """The step's edits made (each tried on a few briefings until one takes it), after the
    repair of what the last step broke."""
    done: list[str] = []
    a.touched.clear()
    while a.repairs:
        path, text = a.repairs.pop()
        if path.exists():
            path.write_text(text, encoding="utf-8")
            done.append(f"repaired {path.name}")
    for edit in edits:
        found = next(filter(None, (edit(a) for _ in range(5))), None)
        if found is not None:
            done.append(found)
    return done
