"""Load a whole archive: read every file, parse, validate. Returns data only.

This is the front of the pipeline every command shares (check, build, fmt,
publish): read (storage) → parse → validate.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import storage
from .cache.memo import Memo
from .errors import unreadable
from .layout import ACTORS, BRIEFINGS, ISSUES
from .model import Briefing, Problem, RegistryEntry
from .parallel_load import parse_on_every_core
from .parse import parse_briefing, with_warnings
from .progress import Progress
from .registry import Registry, check_registry, parse_registry_entry
from .serialize import dump_briefing
from .site_settings import SETTINGS_FILE, SiteSettings, parse_site_settings, refused_images
from .validate import check_briefing, claims_by_path, duplicate_claims

# Source articles may be large web pages; quotes are checked against them.
MAX_SOURCE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Archive:
    root: str
    briefings: tuple[Briefing, ...]
    registry: Registry
    problems: tuple[Problem, ...]
    files: int  # how many files were checked
    settings: SiteSettings = SiteSettings()
    # path → content key of the text each file was parsed from (``cache.memo.content_key``)
    content_keys: dict[str, str] = field(default_factory=dict)
    # path → what each briefing claims, as the load checked it (``validate.claims_by_path``):
    # a build keeps them with its state; made again at its end from briefings packed by then,
    # each unpickling its fields, they took ~0.9 s of a cold build at 30,000 briefings.
    claims: dict[str, tuple] = field(default_factory=dict, compare=False, repr=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def parse_files(files, parse) -> tuple[list, list[Problem]]:
    """Apply ``parse(path, text)`` to each file; split results from problems."""
    return split_parsed(parse(file.path, file.text) if file.text is not None else [unreadable(file)] for file in files)


def split_parsed(results) -> tuple[list, list[Problem]]:
    """Parse results (an object, or the list of its problems) split into objects and
    problems, each object's warnings among the problems."""
    parsed, problems = [], []
    for result in results:
        if isinstance(result, list):
            problems += result
        else:
            parsed.append(result)
            problems += result.warnings
    return parsed, problems


def parse_briefing_file(path: str, text: str) -> Briefing | list[Problem]:
    """A briefing as ``check`` sees it: parsed, and warned about when ``fmt`` would change it."""
    result = parse_briefing(path, text)
    if isinstance(result, list) or dump_briefing(result) == text:
        return result
    unformatted = Problem(
        path,
        1,
        "front matter",
        "not in the canonical form (key order, quoting): run `python build.py fmt` on it",
        "warning",
    )
    return with_warnings(result, list(result.warnings) + [unformatted])


def load_registry(root: Path, memo: Memo | None = None) -> tuple[Registry, list[Problem]]:
    memo = memo or Memo()
    issues, problems = parse_files(
        read_all(root, ISSUES), memo.parser(lambda p, t: parse_registry_entry(p, t, "issue"), "issue")
    )
    actors, actor_problems = parse_files(
        read_all(root, ACTORS), memo.parser(lambda p, t: parse_registry_entry(p, t, "actor"), "actor")
    )
    registry = Registry(tuple(issues), tuple(actors))
    return registry, problems + actor_problems + check_registry(registry)


def read_all(root: Path, folder: str) -> list[storage.TextFile]:
    return [storage.read_text(root, path) for path in storage.list_markdown(root, folder)]


def source_path_problem(file: str) -> str | None:
    """Why ``source.file`` may not be read, or None: it must stay inside the archive."""
    path = PurePosixPath(file)
    if path.is_absolute() or ".." in path.parts or "\\" in file:
        return f"{file!r} must be a path inside the archive (like content/articles/x.txt)"
    return None


def read_sources(root: Path, briefings: list[Briefing]) -> dict[str, storage.TextFile]:
    wanted = sorted({b.source.file for b in briefings if b.source.file})
    sources = {}
    for file in wanted:
        problem = source_path_problem(file)
        if problem:
            sources[file] = storage.TextFile(file, None, problem)
        elif not storage.exists(root, file):
            sources[file] = storage.TextFile(file, None, f"source file {file} does not exist")
        elif not storage.inside(root, file):
            sources[file] = storage.TextFile(
                file, None, f"source file {file} leads outside the archive (a symbolic link?)"
            )
        else:
            sources[file] = as_article_text(storage.read_text(root, file, MAX_SOURCE_BYTES))
    return sources


def as_article_text(source: storage.TextFile) -> storage.TextFile:
    """Quotes are checked against the article's text, not its HTML or Markdown markup."""
    kind = PurePosixPath(source.path).suffix.lower().lstrip(".")
    if source.text is None or kind not in ("html", "htm", "md", "markdown"):
        return source
    from .page_text import source_text  # trafilatura is slow to import: only when needed

    return storage.TextFile(source.path, source_text(source.text, "md" if kind.startswith("m") else "html"))


def read_briefings(root: Path, paths: list[str], memo: Memo, progress: Progress | None):
    """The briefings at ``paths``, parsed (on every core when there are many), and the
    problems of those that would not parse."""
    with (progress or Progress(None)).stage("loading", len(paths), "briefing") as loading:
        results = parse_on_every_core(root, paths, memo, parse_briefing_file, loading.advance)
        if results is not None:
            return split_parsed(results)
        # One file at a time: 10,000 texts held at once would be 60 MB more at the peak.
        briefing_files = (storage.read_text(root, path) for path in paths)
        return parse_files(counted(briefing_files, loading.advance), memo.parser(parse_briefing_file))


def check_each(briefings: list[Briefing], registry: Registry, sources: dict, memo: Memo) -> list[Problem]:
    """Each briefing's own problems, against the registry and its source article."""
    problems: list[Problem] = []
    registry_key = memo.key_of(registry)
    for b in briefings:
        source = sources.get(b.source.file) if b.source.file else None
        problems += memo.checked(
            b,
            registry_key,
            source,
            lambda b=b, source=source: check_briefing(
                b, registry, source.text if source else None, source.error if source else None
            ),
        )
    return problems


def load_archive(
    root: Path | str, only: set[str] | None = None, memo: Memo | None = None, progress: Progress | None = None
) -> Archive:
    """Read, parse and validate every briefing and registry entry under ``root``.

    ``only`` limits the briefings read to those paths (``check --changed`` on a
    large archive); the registry is always read whole. ``memo`` (see
    ``cache.memo.Memo``) remembers parses by file content and checks by content,
    registry and source, so a rebuild parses and checks only what changed.
    ``progress`` is told of each briefing read (a build's "loading").
    """
    memo = memo or Memo()
    root = Path(root)
    registry, problems = load_registry(root, memo)
    briefing_paths = listed_briefings(root, memo)
    if only is not None:
        briefing_paths = [path for path in briefing_paths if path in only]
    briefings, briefing_problems = read_briefings(root, briefing_paths, memo, progress)
    problems += briefing_problems
    problems += check_each(briefings, registry, read_sources(root, briefings), memo)
    claims = claims_by_path(briefings)
    problems += duplicate_claims(list(claims.values()))
    settings, setting_problems = load_settings(root)
    problems += setting_problems + remote_image_warnings(briefings, registry, settings)
    files = len(briefing_paths) + len(registry.issues) + len(registry.actors)
    ordered = sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.message))
    briefings = sorted(briefings, key=lambda b: b.path)
    return Archive(str(root), tuple(briefings), registry, tuple(ordered), files, settings, dict(memo.keys), claims)


def listed_briefings(root: Path, memo: Memo) -> list[str]:
    """The briefings' paths, sorted (as ``storage.list_markdown``); ``memo`` keeps their
    stamps, taken before any is read, and when the listing began."""
    memo.listed_at = time.time_ns()
    memo.stamps = storage.markdown_stamps(root, BRIEFINGS)
    return sorted(memo.stamps)


def counted(items, advance):
    for item in items:
        yield item
        advance()


def load_settings(root: Path) -> tuple[SiteSettings, list[Problem]]:
    if not storage.exists(root, SETTINGS_FILE):
        return SiteSettings(), []
    file = storage.read_text(root, SETTINGS_FILE)
    parsed = parse_site_settings(file.path, file.text) if file.text is not None else [unreadable(file)]
    return (SiteSettings(), parsed) if isinstance(parsed, list) else (parsed, [])


def remote_image_warnings(briefings, registry: Registry, settings: SiteSettings) -> list[Problem]:
    texts = [(b.path, b.body_line, b.body) for b in briefings]
    texts += [(e.path, e.overview_line, e.overview) for e in entries(registry)]
    return [problem for path, first, text in texts for problem in image_warnings(path, first, text, settings)]


def image_warnings(path: str, first: int, text: str, settings: SiteSettings) -> list[Problem]:
    """The pictures in a body or overview (starting at line ``first``) shown as links."""
    return [
        Problem(
            path,
            first + offset,
            "body",
            f"the picture at {address} is shown as a link: remote pictures are off (every reader's "
            f"browser would fetch it, telling that host who reads what); to show it, add its host "
            f"to extra.remote_images in {SETTINGS_FILE}",
            "warning",
        )
        for offset, address in refused_images(text, settings)
    ]


def entries(registry: Registry) -> tuple[RegistryEntry, ...]:
    return registry.issues + registry.actors
