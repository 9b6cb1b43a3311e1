"""Write a briefing with 5,000 quotes; quote 4321 (on line 4335) is a misquote."""

from pathlib import Path

HEAD = """---
title: Many quotes
date: 2019-05-30
status: published
reviewed_by: Ed Itor
source:
  outlet: DW
  file: content/articles/source.txt
issues: [Kuril Islands]
actors:
  - {name: Taro Kono, kind: person}
  - {name: Sergei Lavrov, kind: person}
quotes:
"""
QUOTES = (
    "Our country's legal position does not accept the missile drills",
    "The Russian armed forces are active on their sovereign territory",
    "they have the right to do that based on international law",
)


def generate(root: Path) -> None:
    lines = []
    for index in range(5000):
        text = QUOTES[index % 3] if index != 4321 else "they have no right to do that"
        speaker = "Taro Kono" if index % 3 == 0 else "Sergei Lavrov"
        lines.append(f'  - {{speaker: {speaker}, text: "{text}"}}\n')
    path = root / "briefings" / "2019-05-30-many-quotes.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEAD + "".join(lines) + "---\nBody.\n", encoding="utf-8")
