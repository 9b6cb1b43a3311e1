"""PolNeAR (networkdynamics/PolNeAR) as an ingest benchmark: real 2016 US political news
with annotated attributions.

The corpus has no licence: nothing of it is committed. Unpack its ``data/`` outside the
repository (see bench/README.md) and point ``--polnear`` at that folder. Only the
``train`` and ``dev`` splits are read; ``test`` is held out and never opened here.

Each article becomes the page an editor would paste: headline, "By …" byline, a
"Published <date>" line, then the body. Gold quotes are the annotated attributions whose
content span holds quotation marks; their text is what stands inside the marks.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SPLITS = ("train", "dev")  # "test" is held out: scored elsewhere, never read here
QUOTED = re.compile(r"[\"“]([^\"“”]+)[\"”]?")
TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# A source that is not a name: pronouns and determiners opening a common noun phrase.
NOT_NAME_WORDS = frozenset(
    """the a an he she it they we i you his her its their our my your this that
these those one some many most other another both all several each few two three who which""".split()
)


@dataclass(frozen=True)
class GoldQuote:
    tokens: tuple[str, ...]  # inside the quotation marks of the content span
    source: str  # the annotated source span, "" when the annotators marked none
    named: bool  # the source names someone (not "he", not "a campaign aide")


@dataclass(frozen=True)
class Article:
    name: str
    title: str
    date: str  # ISO
    author: str | None
    body: str
    quotes: tuple[GoldQuote, ...]


def tokens(text: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(text.replace("’", "'").casefold()))


def is_named(source: str) -> bool:
    """Whether the source's head is a name: "Donald Trump", "The New York Post", "Clinton's
    campaign manager Robby Mook", "Rep. Zoe Lofgren (D-Calif.), who …" are named; "he", "a
    source", "the New York businessman", "An Israeli official, speaking …" are not."""
    phrase = re.split(r",|\s+(?:who|which|that)\s+", re.sub(r"\([^)]*\)", "", source))[0]
    words = re.findall(r"[A-Za-z][\w'’.-]*", phrase)
    head = words[-1] if words else ""
    return head[:1].isupper() and head.lower() not in NOT_NAME_WORDS


def read_annotation(path: Path, text: str) -> tuple[GoldQuote, ...]:
    """Brat standoff: T lines are spans (``Content 12 40;45 60``), E lines tie a content to
    its source."""
    spans, events = {}, []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].startswith("T") and " " in parts[1]:
            kind, where = parts[1].split(" ", 1)
            ranges = [tuple(map(int, r.split())) for r in where.split(";") if len(r.split()) == 2]
            spans[parts[0]] = (kind, " … ".join(text[a:b] for a, b in ranges))
        elif len(parts) >= 2 and parts[0].startswith("E"):
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    quotes = []
    for event in events:
        content = spans.get(event.get("Content", ""), ("", ""))[1]
        inside = " ".join(QUOTED.findall(content))
        if not tokens(inside):
            continue
        source = spans.get(event.get("Source", ""), ("", ""))[1]
        quotes.append(GoldQuote(tokens(inside), source, is_named(source)))
    return tuple(quotes)


def load_split(folder: Path, split: str) -> list[Article]:
    if split not in SPLITS:
        raise SystemExit(f"--split must be one of {', '.join(SPLITS)} (test is held out)")
    data = folder / "data" if (folder / "data").is_dir() else folder
    with open(data / "metadata.tsv", encoding="utf-8") as handle:
        rows = {r["filename"]: r for r in csv.DictReader(handle, delimiter="\t") if r["compartment"] == split}
    annotations = {}
    for path in sorted((data / split / "attributions").glob("*.ann")):
        annotations.setdefault(path.stem.rsplit("_", 1)[0], path)  # first annotator of each article
    articles = []
    for name, row in sorted(rows.items()):
        text_path = data / split / "text" / f"{name}.txt"
        if not text_path.exists() or name not in annotations:
            continue
        text = text_path.read_text("utf-8")
        title, _, body = text.partition("\n")
        author = row["author"] if row["author"] not in ("", "None") else None
        articles.append(
            Article(
                name,
                title.strip(),
                row["publication_date"],
                author,
                body.strip(),
                read_annotation(annotations[name], text),
            )
        )
    return articles


def page_dump(article: Article) -> str:
    """What an editor pastes: headline, byline, date line, body."""
    import datetime as dt

    day = dt.date.fromisoformat(article.date)
    lines = [article.title]
    if article.author:
        lines.append(article.author if article.author.lower().startswith("by") else f"By {article.author}")
    lines.append(f"Published {day:%B} {day.day}, {day.year}")
    return "\n\n".join(lines) + "\n\n" + article.body + "\n"


def file_name(article: Article) -> str:
    """Without the date PolNeAR's names carry: the date must come from the page."""
    publisher, _, rest = article.name.partition("_")
    return f"{publisher}-{rest.partition('_')[2]}.txt"


@dataclass
class Score:
    drafted: int = 0
    articles: int = 0
    found: int = 0  # draft quotes
    correct: int = 0  # draft quotes that match a gold quote
    wanted: int = 0  # gold quotes
    recalled: int = 0
    named: int = 0  # recalled gold quotes with a named source
    named_right: int = 0
    titles: int = 0  # drafts whose title is the headline
    dates: int = 0  # drafts dated as published

    def line(self) -> str:
        p = self.correct / self.found if self.found else 1.0
        r = self.recalled / self.wanted if self.wanted else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        speaker = self.named_right / self.named if self.named else 1.0
        return (
            f"drafted {self.drafted}/{self.articles} (title right {self.titles}, date right {self.dates})\n"
            f"  quotes P {p:.3f} R {r:.3f} F1 {f:.3f} "
            f"({self.correct}/{self.found} found, {self.recalled}/{self.wanted} gold)  "
            f"named-speaker accuracy {speaker:.3f} ({self.named_right}/{self.named})"
        )


def share(part: Counter, whole: Counter) -> int:
    return sum((part & whole).values())


def speaker_matches(speaker: str, source: str) -> bool:
    """The draft's speaker is the annotated source: its surname stands in the source span
    as a name, not as a possessive ("Clinton's campaign manager Robby Mook" is Mook)."""
    words = [w for w in tokens(speaker) if w not in ("jr", "sr", "ii", "iii", "iv")]  # "Brent Bozell III"
    surname = words[-1:]
    plain = [w for w in re.findall(r"[\w'’.-]+", source) if not re.search(r"['’]s?$", w)]
    return bool(surname) and surname[0] in {t for w in plain for t in tokens(w)}


def score_article(quotes: list[tuple[str, str]], gold: tuple[GoldQuote, ...], score: Score) -> list[str]:
    """Match a draft's (speaker, text) quotes to the gold quotes; returns the misses.

    A draft quote belongs to the gold quote holding most of its tokens (at least half).
    A gold quote is found when the draft quotes belonging to it cover at least half of its
    tokens (a quote split by "he said" is drafted as two); each of those is then correct.
    """
    bags = [Counter(g.tokens) for g in gold]
    owner: list[int | None] = []
    for _, text in quotes:
        bag = Counter(tokens(text))
        overlaps = [share(bag, g) for g in bags]
        best = max(range(len(bags)), key=lambda i: overlaps[i], default=None)
        owner.append(best if best is not None and bag and overlaps[best] * 2 >= sum(bag.values()) else None)
    misses = []
    score.found += len(quotes)
    score.wanted += len(gold)
    for index, quote in enumerate(gold):
        mine = [i for i, o in enumerate(owner) if o == index]
        covered = share(sum((Counter(tokens(quotes[i][1])) for i in mine), Counter()), bags[index])
        if covered * 2 < len(quote.tokens):
            misses.append(f"missed ({quote.source or 'no source'}): {' '.join(quote.tokens)[:90]}")
            owner = [None if o == index else o for o in owner]
            continue
        score.recalled += 1
        if quote.named:
            score.named += 1
            speaker = quotes[mine[0]][0]
            if speaker_matches(speaker, quote.source):
                score.named_right += 1
            else:
                misses.append(f"speaker {speaker!r}, annotated {quote.source!r}: {' '.join(quote.tokens)[:70]}")
    score.correct += sum(o is not None for o in owner)
    misses += [f"not a gold quote ({quotes[i][0]}): {quotes[i][1][:90]}" for i, o in enumerate(owner) if o is None]
    return misses
