"""Random edits of a synthetic archive, each built from the last build and compared with a
build from nothing: the byte-identity ``tests/site/test_incremental.py`` checks for one
edit of each kind, here for random runs of them, several at a time, in any order.

    python -m tests.support.edit_fuzz [--seeds 1-20] [--steps 12] [--size 120] [--by process|cli|server]
                                      [--race 0.5] [--kill 0.3] [--small] [--check]

prints each step's edits and stops a run at the first difference (the files that
differ, the edits that led there). Each edit's build is made ``--by``: this process
(its memos live on between builds), ``build.py build`` in a process of its own (the
stamps walked ahead, every memo new), or that command handed to the archive's
``build.py server`` (builds forked from a standby that read the caches ahead). The
builds from nothing are made in this process. ``--race``: how often a step's edits are
made while a ``build.py build`` runs (which then reads some files before their edit and
some after); the step's own build comes after it. ``--check``: ``build.py check`` of the
whole archive and of the files a step edited compared with the same check with no cache.
``--kill``: how often a step's edits are followed by a ``build.py build`` stopped part-way
(by Ctrl-C, or killed with every process of it) before the step's own build.

An edit is made on the parsed briefing and written back as ``build.py fmt`` writes it, so
the archive stays valid; the registry's and templates' edits are made on their text.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from briefing_archive.model import Actor, Briefing, Correction, Quote
from briefing_archive.parse import parse_briefing
from briefing_archive.serialize import dump_briefing
from tests.support.foreground import foreground, interrupt
from tests.support.synthetic_archive import ROLES, make_archive

BUILD = Path(__file__).resolve().parents[2] / "build.py"
WORDS = ("renewed", "tense", "naval", "border", "talks", "envoy", "sanctions", "patrol", "summit", "drills")


@dataclasses.dataclass
class Archive:
    """A synthetic archive being edited: where it is, and the registry's names it may use."""

    root: Path
    templates: Path
    rng: random.Random
    issues: list[str]
    actors: dict[str, Actor]  # registry name → the actor as a briefing names it
    check: bool = False  # whether each step's ``build.py check`` is compared too (``checks_compared``)
    touched: set[Path] = dataclasses.field(default_factory=set)  # the files this step's edits picked
    kill: float = 0.0  # how often a step's edits are followed by a build stopped part-way (``killed_build``)
    race: float = 0.0  # how often a step's edits are made while a build runs (``made_during_a_build``)
    added: int = 0
    before: list[tuple[Path, str]] = dataclasses.field(default_factory=list)  # (briefing, its text before an edit)
    repairs: list[tuple[Path, str]] = dataclasses.field(default_factory=list)  # (file, its text before it broke)

    def briefings(self) -> list[Path]:
        return sorted((self.root / "briefings").glob("*.md"))

    def pick(self) -> Path:
        """A briefing to edit: noted as touched, its text as it was kept for ``undo_edit``."""
        path = self.rng.choice(self.briefings())
        self.touched.add(path)
        self.before.append((path, path.read_text(encoding="utf-8")))
        return path

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))


def registry_of(root: Path) -> tuple[list[str], dict[str, Actor]]:
    """The issues' names and the actors (as a briefing would name them) of the registry."""
    issues = [required_field(path, "name") for path in sorted((root / "content/issues").glob("*.md"))]
    actors = {}
    for path in sorted((root / "content/actors").glob("*.md")):
        name, kind = required_field(path, "name"), required_field(path, "kind")
        actors[name] = Actor(name, kind, field_of(path, "role"), field_of(path, "country"))
    return issues, actors


def field_of(path: Path, key: str) -> str | None:
    found = re.search(rf"^{key}: (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
    return found.group(1).strip().strip('"') if found else None


def required_field(path: Path, key: str) -> str:
    found = field_of(path, key)
    assert found is not None, f"{path} has no {key}"
    return found


def parsed(path: Path) -> Briefing:
    """The briefing at ``path`` (it parses: the archive is valid, and every edit keeps it so)."""
    briefing = parse_briefing(f"briefings/{path.name}", path.read_text(encoding="utf-8"))
    assert isinstance(briefing, Briefing), briefing
    return briefing


def rewrite(path: Path, change: Callable[[Briefing], Briefing | None]) -> bool:
    """The briefing at ``path`` changed by ``change`` and written back (False: not applicable)."""
    briefing = parsed(path)
    changed = change(briefing)
    if changed is None or changed == briefing:
        return False
    path.write_text(dump_briefing(changed), encoding="utf-8")
    return True


# Each edit: (archive) → what it did, or None when it could not be made on the briefing picked.


def edit_title(a: Archive) -> str | None:
    path = a.pick()
    title = f"{a.words(2).capitalize()} {a.words(3)}"
    return f"title of {path.name}" if rewrite(path, lambda b: dataclasses.replace(b, title=title)) else None


def edit_summary(a: Archive) -> str | None:
    path = a.pick()
    summary = a.rng.choice([None, f"{a.words(6).capitalize()}."])
    return f"summary of {path.name}" if rewrite(path, lambda b: dataclasses.replace(b, summary=summary)) else None


def edit_quote(a: Archive) -> str | None:
    path, rng = a.pick(), a.rng

    def change(b: Briefing) -> Briefing | None:
        quotes = list(b.quotes)
        people = [actor.name for actor in b.actors]
        choice = rng.choice(["text", "speaker", "to", "add", "remove"])
        if choice == "add" and people:
            quotes.insert(rng.randrange(len(quotes) + 1), Quote(rng.choice(people), f"{a.words(7).capitalize()}."))
        elif not quotes:
            return None
        elif choice == "remove":
            del quotes[rng.randrange(len(quotes))]
        else:
            at = rng.randrange(len(quotes))
            others = [name for name in people if name != quotes[at].speaker]
            if choice == "text":
                quotes[at] = dataclasses.replace(quotes[at], text=f"{a.words(6).capitalize()}.")
            elif choice == "speaker" and others:
                quotes[at] = dataclasses.replace(quotes[at], speaker=rng.choice(others))
            elif choice == "to":
                quotes[at] = dataclasses.replace(quotes[at], to=rng.choice([None, *others]))
        return dataclasses.replace(b, quotes=tuple(quotes))

    if not rewrite(path, change):
        return None
    quoted_in_article(a, parsed(path))
    return f"a quote of {path.name}"


def quoted_in_article(a: Archive, briefing: Briefing) -> None:
    """The briefing's quotes put in its source article, when it has one (a quote its article
    lacks is an error: a misquote)."""
    if briefing.source.file:
        article = a.root / briefing.source.file
        text = article.read_text(encoding="utf-8")
        missing = [q.text for q in briefing.quotes if q.text not in text]
        if missing:
            article.write_text(text + "".join(f"{quote}\n" for quote in missing), encoding="utf-8")


def edit_issues(a: Archive) -> str | None:
    path, rng = a.pick(), a.rng

    def change(b: Briefing) -> Briefing | None:
        issues = list(b.issues)
        if issues and rng.random() < 0.5:
            del issues[rng.randrange(len(issues))]
        else:
            new = rng.choice(a.issues)
            if new in issues:
                return None
            issues.insert(rng.randrange(len(issues) + 1), new)
        return dataclasses.replace(b, issues=tuple(issues))

    return f"issues of {path.name}" if rewrite(path, change) else None


def edit_actors(a: Archive) -> str | None:
    """An actor added from the registry, removed (when no quote names it), or given a new role."""
    path, rng = a.pick(), a.rng

    def change(b: Briefing) -> Briefing | None:
        actors = list(b.actors)
        quoted = {q.speaker for q in b.quotes} | {q.to for q in b.quotes}
        choice = rng.choice(["add", "remove", "role"])
        if choice == "add":
            actor = a.actors[rng.choice(sorted(a.actors))]
            if any(known.name == actor.name for known in actors):
                return None
            actors.insert(rng.randrange(len(actors) + 1), actor)
        elif choice == "remove":
            free = [at for at, actor in enumerate(actors) if actor.name not in quoted]
            if not free:
                return None
            del actors[rng.choice(free)]
        else:
            people = [at for at, actor in enumerate(actors) if actor.kind == "person"]
            if not people:
                return None
            at = rng.choice(people)
            actors[at] = dataclasses.replace(actors[at], role=rng.choice(ROLES))
        return dataclasses.replace(b, actors=tuple(actors))

    return f"actors of {path.name}" if rewrite(path, change) else None


def edit_date(a: Archive) -> str | None:
    path = a.pick()
    day = dt.date(2015, 1, 1) + dt.timedelta(days=a.rng.randrange(3653))
    return f"date of {path.name} to {day}" if rewrite(path, lambda b: dataclasses.replace(b, date=day)) else None


def edit_status(a: Archive) -> str | None:
    path = a.pick()

    def change(b: Briefing) -> Briefing:
        return dataclasses.replace(b, status="draft" if b.status == "published" else "published")

    return f"status of {path.name}" if rewrite(path, change) else None


def add_correction(a: Archive) -> str | None:
    path = a.pick()

    def change(b: Briefing) -> Briefing | None:
        if b.date is None:
            return None
        day = b.date + dt.timedelta(days=a.rng.randrange(1, 30))
        return dataclasses.replace(b, corrections=(*b.corrections, Correction(day, f"{a.words(5).capitalize()}.")))

    return f"a correction of {path.name}" if rewrite(path, change) else None


def edit_body(a: Archive) -> str | None:
    path = a.pick()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n{a.words(8).capitalize()}.\n", encoding="utf-8")
    return f"body of {path.name}"


def add_briefing(a: Archive) -> str | None:
    """A copy of a briefing under a new name, with its own title, date and source."""
    source = a.pick()
    a.added += 1
    day = dt.date(2015, 1, 1) + dt.timedelta(days=a.rng.randrange(3653))
    name = f"{day}-added-{a.added}-{a.rng.randrange(10**6)}.md"
    briefing = parsed(source)
    url = f"https://example.org/added/{name[:-3]}"
    new = dataclasses.replace(
        briefing,
        path=f"briefings/{name}",
        title=f"Added {a.words(3)}",
        date=day,
        source=dataclasses.replace(briefing.source, url=url),
    )
    (a.root / "briefings" / name).write_text(dump_briefing(new), encoding="utf-8")
    a.touched.add(a.root / "briefings" / name)
    return f"added {name}"


def delete_briefing(a: Archive) -> str | None:
    path = a.pick()
    path.unlink()
    return f"deleted {path.name}"


def rename_briefing(a: Archive) -> str | None:
    path = a.pick()
    a.added += 1
    target = path.with_name(f"{path.stem}-moved-{a.added}.md")
    a.touched.add(target)
    path.rename(target)
    return f"renamed {path.name} to {target.name}"


def touch_briefing(a: Archive) -> str | None:
    """Its stamp changed, its bytes not (written again, or only touched)."""
    path = a.pick()
    if a.rng.random() < 0.5:
        path.write_bytes(path.read_bytes())
    else:
        os.utime(path)
    return f"touched {path.name}"


def edit_registry(a: Archive) -> str | None:
    """An issue given an alias, or an actor entry a new role."""
    rng = a.rng
    if rng.random() < 0.5:
        path = rng.choice(sorted((a.root / "content/issues").glob("*.md")))
        a.touched.add(path)
        alias = f"{a.words(2).title()} {rng.randrange(10**6)}"
        text = path.read_text(encoding="utf-8")
        if re.search(r"^aliases: \[", text, flags=re.M):
            text = re.sub(r"^aliases: \[", f"aliases: [{alias}, ", text, count=1, flags=re.M)
        elif "\naliases:\n" in text:
            text = text.replace("\naliases:\n", f"\naliases:\n  - {alias}\n", 1)
        else:
            text = re.sub(r"^(name: .*)$", rf"\1\naliases: [{alias}]", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
        return f"an alias of {path.name}"
    people = [p for p in sorted((a.root / "content/actors").glob("*.md")) if field_of(p, "kind") == "person"]
    path = rng.choice(people)
    a.touched.add(path)
    text = re.sub(r"^role: .*$", f"role: {rng.choice(ROLES)}", path.read_text(encoding="utf-8"), count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    return f"the role of {path.name}"


def edit_template(a: Archive) -> str | None:
    path = a.rng.choice([a.templates / "briefing.html", a.templates / "issue.html", a.templates / "macros.html"])
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n{{# {a.words(2)} #}}\n", encoding="utf-8")
    return f"template {path.name}"


def undo_edit(a: Archive) -> str | None:
    """A briefing put back as it was before one of the last edits (an editor's undo)."""
    kept = [(path, text) for path, text in a.before[-6:] if path.exists()]
    if not kept:
        return None
    path, text = a.rng.choice(kept)
    path.write_text(text, encoding="utf-8")
    a.touched.add(path)
    return f"undid an edit of {path.name}"


def copy_quote(a: Archive) -> str | None:
    """A quote of one briefing given word for word to another (its speaker made an actor there)."""
    source = parsed(a.pick())
    if not source.quotes:
        return None
    quote = a.rng.choice(source.quotes)
    named = {actor.name: actor for actor in source.actors}
    path = a.pick()

    def change(b: Briefing) -> Briefing | None:
        known = {actor.name for actor in b.actors}
        new = [named[name] for name in (quote.speaker, quote.to) if name and name in named and name not in known]
        return dataclasses.replace(b, actors=(*b.actors, *new), quotes=(*b.quotes, quote))

    if not rewrite(path, change):
        return None
    quoted_in_article(a, parsed(path))
    return f"a quote of {source.path} given to {path.name}"


def same_as_another(a: Archive) -> str | None:
    """A briefing given another's date or title (ties in every order by date, then title)."""
    other, path = parsed(a.pick()), a.pick()
    field = a.rng.choice(["date", "title"])
    value = getattr(other, field)
    return (
        f"{field} of {path.name} as {other.path}'s"
        if rewrite(path, lambda b: dataclasses.replace(b, **{field: value}))
        else None
    )


def edit_static(a: Archive) -> str | None:
    path = a.templates / "static" / "style.css"
    path.write_text(path.read_text(encoding="utf-8") + f"\n/* {a.words(2)} */\n", encoding="utf-8")
    return "static style.css"


def edit_settings(a: Archive) -> str | None:
    """The site's name (on every page) set in ``mkdocs.yml``, written when missing."""
    path = a.root / "mkdocs.yml"
    path.write_text(f"site_name: {a.words(2).title()} Briefings\nsite_url: https://example.org/\n", encoding="utf-8")
    return "site settings"


def edit_article(a: Archive) -> str | None:
    """A briefing given a source article of its own, or an article a briefing names changed."""
    folder = a.root / "content" / "articles"
    articles = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if articles and a.rng.random() < 0.5:
        path = a.rng.choice(articles)
        path.write_text(path.read_text(encoding="utf-8") + f"{a.words(6)}.\n", encoding="utf-8")
        return f"article {path.name}"
    briefing = a.pick()
    folder.mkdir(parents=True, exist_ok=True)
    article = folder / f"{briefing.stem}.txt"
    article.write_text(f"{a.words(5).title()}\n\n{a.words(12)}.\n", encoding="utf-8")
    source = f"content/articles/{article.name}"
    if not rewrite(briefing, lambda b: dataclasses.replace(b, source=dataclasses.replace(b.source, file=source))):
        return None
    quoted_in_article(a, parsed(briefing))
    return f"article {article.name} for {briefing.name}"


def break_briefing(a: Archive) -> str | None:
    """A briefing naming an issue the registry lacks (an error: no build goes on), repaired
    by the next step's first edit."""
    path = a.pick()
    text = path.read_text(encoding="utf-8")
    a.repairs.append((path, text))
    if not rewrite(path, lambda b: dataclasses.replace(b, issues=(*b.issues, f"No Such Issue {a.added}"))):
        a.repairs.pop()
        return None
    return f"broke {path.name}"


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


def build(root: Path, out: Path, templates: Path, cli: bool, drafts: bool = False) -> tuple[int, str]:
    """(exit status, log) of a build of ``root`` into ``out``: by ``build.py build`` (handed to
    the archive's server when one runs) when ``cli``, else in this process."""
    if cli:
        command = [sys.executable, str(BUILD), "--root", str(root), "build", "--out", str(out)]
        with served():
            done = subprocess.run([*command, *(["--drafts"] if drafts else [])], capture_output=True, text=True)
        return done.returncode, done.stdout + done.stderr
    from briefing_archive.pipeline import build_site

    log = io.StringIO()
    return build_site(root, out, templates_dir=templates, include_drafts=drafts, log=log), log.getvalue()


def site_files(folder: Path) -> dict[str, bytes]:
    """Every file's bytes; of Pagefind's, only their names (its bundle is not deterministic)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            found[name] = b"" if name.startswith("pagefind/") else path.read_bytes()
    return found


def differences(incremental: Path, full: Path) -> list[str]:
    a, b = site_files(incremental), site_files(full)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


@contextlib.contextmanager
def caches_set_aside(root: Path, scratch: Path) -> Iterator[None]:
    """The archive's caches moved aside until the block ends, then put back in place of what it
    made; but for the search shards' indexes (by their records' digest), which Pagefind does
    not make byte for byte alike twice: a shard left stale still differs, its records' index
    not being among them."""
    from briefing_archive.layout import CACHE

    aside = scratch / "cache-aside"
    shutil.rmtree(aside, ignore_errors=True)
    aside.mkdir()
    kept = [path for path in (root / CACHE).iterdir() if path.name != "search"]
    for path in kept:
        shutil.move(path, aside / path.name)
    try:
        yield
    finally:
        for path in kept:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            shutil.move(aside / path.name, path)


def full_build(root: Path, templates: Path, scratch: Path, cli: bool, drafts: bool) -> tuple[int, str, Path]:
    """A build from nothing (``caches_set_aside``) into a new folder."""
    out = scratch / "full"
    shutil.rmtree(out, ignore_errors=True)
    with caches_set_aside(root, scratch):
        status, log = build(root, out, templates, cli, drafts)
    return status, log, out


def check_output(root: Path, files: list[str]) -> tuple[int, list[str]]:
    """``build.py check`` of ``files`` (all when none): its exit status and what it printed."""
    command = [sys.executable, str(BUILD), "--root", str(root), "check", *files]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.returncode, (done.stdout + done.stderr).splitlines()


def checks_compared(a: Archive, folder: Path) -> str:
    """How ``build.py check`` of the whole archive, and of the files this step edited, differs
    from the same check with no cache ("": not at all)."""
    files = sorted(str(path.relative_to(a.root)) for path in a.touched if path.exists())
    for selection in ([], files) if files else ([],):
        kept = check_output(a.root, selection)
        with caches_set_aside(a.root, folder):
            fresh = check_output(a.root, selection)
        if kept != fresh:
            return f"check {' '.join(selection) or '(all)'}: {kept} against {fresh} with no cache"
    return ""


# The build server running for the archive being edited, if one is (``build_server``).
_SERVER: list[subprocess.Popen] = []


@contextlib.contextmanager
def build_server(root: Path, log: Path) -> Iterator[None]:
    """``build.py server`` running for ``root`` (its log at ``log``) until the block ends."""
    with open(log, "w") as stream:
        command = foreground([sys.executable, str(BUILD), "--root", str(root), "server"])
        process = subprocess.Popen(command, stdout=stream, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while "build server for" not in log.read_text() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        _SERVER.append(process)
        yield
    finally:
        _SERVER.clear()
        interrupt(process, timeout=60)


def standbys() -> set[int]:
    """The server's standby (its one child process), if a server runs."""
    if not _SERVER:
        return set()
    pid = _SERVER[0].pid
    try:
        return set(map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split()))
    except OSError:
        return set()


@contextlib.contextmanager
def served() -> Iterator[None]:
    """A ``build.py build`` the block runs, ended only once the standby that served it ended:
    it leaves its caches after its client has the answer, and the build from nothing next
    sets them aside."""
    before = standbys()
    yield
    deadline = time.monotonic() + 120
    while before & standbys() and time.monotonic() < deadline:
        time.sleep(0.02)


def run(
    seed: int,
    steps: int | None,
    size: int,
    folder: Path,
    by: str,
    out=sys.stdout,
    race: float = 0.0,
    check: bool = False,
    kill: float = 0.0,
) -> list[str]:
    """``steps`` steps of random edits of a new archive in ``folder`` (None: each kind once,
    ``planned``), each built ``by`` a way of ``main``'s and compared with a build from nothing;
    the first difference found and the edits that led there (none: empty)."""
    from briefing_archive.pipeline import PROJECT_TEMPLATES

    root = folder / "archive"
    make_archive(size, root, seed=seed)
    shutil.copytree(PROJECT_TEMPLATES, root / "templates")  # the archive's own, as build.py finds them
    issues, actors = registry_of(root)
    archive = Archive(root, root / "templates", random.Random(seed), issues, actors, check=check, race=race, kill=kill)
    if by != "server":
        return edited(archive, steps, folder, by == "cli", out)
    with build_server(root, folder / "server.log"):
        return edited(archive, steps, folder, True, out)


def edited(archive: Archive, steps: int | None, folder: Path, cli: bool, out=sys.stdout) -> list[str]:
    root = archive.root
    status, log = build(root, root / "site", archive.templates, cli)
    if status != 0:
        return [f"the first build failed: {log}"]
    history: list[str] = []
    for step, kinds in enumerate(planned(archive, steps)):
        racing = archive.rng.random() < archive.race
        edits = made_during_a_build(archive, kinds) if racing else made(archive, kinds)
        drafts = archive.rng.random() < 0.3  # a build with drafts too, into a folder of its own
        notes = (" (made while a build ran)" if racing else "") + (" (and with drafts)" if drafts else "")
        if archive.rng.random() < archive.kill:
            notes += f" ({killed_build(archive)})"
        history.append(f"step {step + 1}: " + "; ".join(edits) + notes)
        print(f"{folder.name} {history[-1]}", file=out, flush=True)
        for with_drafts in (False, True) if drafts else (False,):
            found = compared(archive, folder, cli, with_drafts)
            if found:
                return [*history, found]
        found = checks_compared(archive, folder) if archive.check else ""
        if found:
            return [*history, found]
    return []


def made_during_a_build(a: Archive, edits: list[Edit]) -> list[str]:
    """``made``, a random while after a ``build.py build`` began (it may read a file before
    or after its edit): the next build must make what this archive makes all the same."""
    command = [sys.executable, str(BUILD), "--root", str(a.root), "build"]
    with served():
        running = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(a.rng.uniform(0, 1.5))
            return made(a, edits)
        finally:
            running.wait(timeout=600)


def killed_build(a: Archive) -> str:
    """A ``build.py build`` stopped a random while after it began, as Ctrl-C at a terminal
    stops it (SIGINT to its process group) or as a crash does (SIGKILL to every process of it)."""
    command = [sys.executable, str(BUILD), "--root", str(a.root), "build"]
    how = a.rng.choice([signal.SIGINT, signal.SIGKILL])
    with served():
        running = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        time.sleep(a.rng.uniform(0, 2.0))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(running.pid, how)
        running.wait(timeout=600)
    return f"a build stopped by {how.name}"


def compared(archive: Archive, folder: Path, cli: bool, drafts: bool) -> str:
    """How the build of the archive as it is now differs from a build from nothing ("": not at all)."""
    root, templates = archive.root, archive.templates
    out = root / ("site-drafts" if drafts else "site")
    status, log = build(root, out, templates, cli, drafts)
    full_status, full_log, full = full_build(root, templates, folder, cli=False, drafts=drafts)
    if full_status != 0 and not archive.repairs:
        return f"the edits left the archive invalid (an edit of this module's to mend):\n{full_log}"
    if status != full_status or problems_in(log) != problems_in(full_log):
        return f"exit {status} against {full_status} from nothing:\n{log}\n---\n{full_log}"
    found = differences(out, full) if status == 0 else []
    return f"{len(found)} files differ: {', '.join(found[:12])}" if found else ""


def problems_in(log: str) -> list[str]:
    """The problems a build's log reports (``path:line: field: what is wrong``)."""
    return sorted(line for line in log.splitlines() if re.match(r"\S+:\d+: ", line))


# Limits a build's output or only its speed depends on, set small (``--small``), so that a
# small archive's edits cross them often: a search shard cut or merged, a page of quotes
# more or less, the kept state kept anew, a manifest's journal made long. (module, name, value)
SMALL_LIMITS = [
    ("search_shards", "SHARD_SIZES", (4, 8, 11)),
    ("warm_load", "KEEP_AFTER", 3),
    ("cache.journal", "REBASE_AT", 1),
    ("cache.kept_briefings", "RECENT", 2),
    ("parallel_load", "PARALLEL_FROM", 10),
    ("parallel_load", "CHUNK", 7),
    ("checking", "PARALLEL_FROM", 10),
    ("checking", "CHUNK", 7),
    ("quote_pages", "QUOTES_PER_PAGE", 3),
    ("quote_pages", "TOP_SPEAKERS", 3),
    ("quote_pages", "YEAR_LINKS_FROM", 2),
    ("search", "CACHE_KEEP", 1),
    ("numbered_quotes", "MADE_AFTER", 1),
    ("detail_pages", "ACTOR_QUOTES", 2),
    ("issue_page", "SIDE_QUOTES", 1),
    ("issue_page", "OPEN_BRIEFINGS", 2),
    ("issue_page", "POSITIONS", 2),
    ("listing_pages", "HOME_LATEST", 2),
    ("listing_pages", "FEED_ENTRIES", 3),
    ("listing_pages", "HOME_ISSUES", 3),
]


@contextlib.contextmanager
def small_limits() -> Iterator[None]:
    """``SMALL_LIMITS`` set in their modules and in every module that imported them by name,
    until the block ends."""
    import importlib
    import pkgutil

    import briefing_archive

    for info in pkgutil.walk_packages(briefing_archive.__path__, "briefing_archive."):
        if ".ingest" not in info.name:
            importlib.import_module(info.name)
    modules = [module for name, module in sys.modules.items() if name.startswith("briefing_archive.")]
    were = []
    for module_name, name, value in SMALL_LIMITS:
        old = getattr(sys.modules[f"briefing_archive.{module_name}"], name)
        new = type(old)(*value) if isinstance(value, tuple) else value
        for module in modules:
            if getattr(module, name, None) is old:
                were.append((module, name, old))
                setattr(module, name, new)
    try:
        yield
    finally:
        for module, name, old in were:
            setattr(module, name, old)


def seeds_of(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1-5", help="a seed or a range of them, e.g. 1-20")
    parser.add_argument("--steps", type=int, default=12, help="0: each kind of edit once, in a random order")
    parser.add_argument("--size", type=int, default=120)
    parser.add_argument("--by", choices=["process", "cli", "server"], default="process", help="how each edit is built")
    parser.add_argument(
        "--small",
        action="store_true",
        help="small limits (shards, pages of quotes, kept states, …), crossed often; builds in this process only",
    )
    parser.add_argument("--check", action="store_true", help="compare build.py check with and without its caches too")
    parser.add_argument("--kill", type=float, default=0.0, help="how often a build is stopped part-way (0 to 1)")
    parser.add_argument("--race", type=float, default=0.0, help="how often a step's edits race a build (0 to 1)")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.small and args.by != "process":
        parser.error("--small holds for builds in this process only (--by process)")
    base = args.workdir or Path(tempfile.mkdtemp(prefix="edit-fuzz-"))
    failed = 0
    for seed in seeds_of(args.seeds):
        folder = base / f"seed-{seed}"
        shutil.rmtree(folder, ignore_errors=True)
        with small_limits() if args.small else contextlib.nullcontext():
            found = run(
                seed, args.steps or None, args.size, folder, args.by, race=args.race, check=args.check, kill=args.kill
            )
        if found:
            failed += 1
            print(f"seed {seed}: DIFFERS\n  " + "\n  ".join(found))
        else:
            print(f"seed {seed}: every build equal to one from nothing")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
