"""``build.py build`` on hostile input: it refuses bad archives cleanly and escapes nasty data.

Two corpora:

- ``tests/archive/bad/<case>/`` (see tests/support/archive.py): every case is built as an
  editor would (``build.py --root COPY build``, a subprocess). A case with an
  error must stop the build with exactly the problem lines ``check`` prints
  (``path:line: field: message``), exit 1, no traceback, and leave the archive
  byte for byte as it was: no ``site/`` made, a previous ``site/`` untouched,
  no staging folder left. A case with warnings only (or none) builds.
- ``tests/safety/hostile/archive/``: a *valid* archive full of nasty data (names,
  titles, quotes and bodies carrying markup, ``javascript:`` links, Jinja
  syntax, non-Latin and path-like names, a 300-character title, file names
  that close an attribute or hold ``?`` and ``#``). It must build, and the test
  parses every page and finds no element or attribute that the templates (or
  Markdown, for ordinary text) did not make.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from briefing_archive import cli, storage
from tests.support.archive import PROJECT, TESTS, case_names, is_error_line, make_archive, read_expected, snapshot

HOSTILE = TESTS / "safety" / "hostile" / "archive"
TEMPLATES = PROJECT / "templates"
PROBLEM_LINE = re.compile(r"[^\n]+:\d+: [^:\n]+: .+")
SUMMARY = re.compile(r"\d+ file\(s\) checked: \d+ error\(s\), \d+ warning\(s\)")
PREVIOUS_SITE = {
    "index.html": b"<p>the previous site</p>\n",
    "static/style.css": b"body{}\n",
    "briefings/old/index.html": b"<p>an old page</p>\n",
    storage.SITE_MARK: b"a site an earlier build made\n",
}


def run_build(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "build", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=PROJECT,
        timeout=timeout,
    )


def without(found: dict[str, str], *folders: str) -> dict[str, str]:
    return {path: digest for path, digest in found.items() if path.split("/")[0] not in folders}


# --- 1. The bad corpus: a build refuses errors, builds warnings ---------------

CASES = case_names()


def build_in_process(root: Path) -> subprocess.CompletedProcess:
    """``build.py --root ROOT build`` in this process (the same ``cli.main``, without the
    0.3 s interpreter start): output captured, any exception left to fail the test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["--root", str(root), "build"])
    return subprocess.CompletedProcess(["build"], status, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def bad_builds(tmp_path_factory):
    """Every case built once: case → (result, root, snapshot before, had a site).

    Every other case (by name order) already has a site, which must survive.
    Cases that build (they run Pagefind) and every fifth error case run as a
    real ``build.py`` subprocess, in parallel; the other error cases run
    ``cli.main`` in this process, which is what build.py calls.
    """
    base = tmp_path_factory.mktemp("bad-builds")
    errors = error_cases()

    def prepare(number, case):
        root = make_archive(base / case, case)
        if number % 2:
            for relative, data in PREVIOUS_SITE.items():
                (root / "site" / relative).parent.mkdir(parents=True, exist_ok=True)
                (root / "site" / relative).write_bytes(data)
        return root, snapshot(root), bool(number % 2)

    prepared = {case: prepare(number, case) for number, case in enumerate(CASES)}
    as_subprocess = [case for case in CASES if case not in errors or errors.index(case) % 5 == 0]
    with ThreadPoolExecutor(max_workers=2) as pool:
        running = {case: pool.submit(run_build, prepared[case][0]) for case in as_subprocess}
        results = {case: build_in_process(prepared[case][0]) for case in CASES if case not in running}
        results.update((case, future.result()) for case, future in running.items())
    return {case: (results[case], *prepared[case]) for case in CASES}


def error_cases() -> list[str]:
    return [case for case in CASES if any(map(is_error_line, read_expected(case)[1]))]


def building_cases() -> list[str]:
    return [case for case in CASES if case not in error_cases()]


@pytest.mark.parametrize("case", error_cases())
def test_a_case_with_errors_stops_the_build_and_changes_nothing(bad_builds, case):
    result, root, before, had_site = bad_builds[case]
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    expected = read_expected(case)[1]
    lines = result.stderr.splitlines()
    problems = [line for line in lines if PROBLEM_LINE.fullmatch(line)]
    assert problems == expected, "build should print exactly the lines check prints"
    others = [line for line in lines if line not in problems]
    assert len(others) == 2 and SUMMARY.fullmatch(others[0]) and "nothing was written" in others[1], others
    after = snapshot(root)
    assert after == before, "an input changed, or a site/staging folder appeared or changed"
    assert (root / "site").exists() == had_site
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site")], "staging folder left"


@pytest.mark.parametrize("case", building_cases())
def test_a_case_with_warnings_only_builds_and_changes_no_input(bad_builds, case):
    result, root, before, had_site = bad_builds[case]
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith("built "), result.stderr
    assert without(snapshot(root), "site", ".cache") == without(before, "site", ".cache")
    assert (root / "site" / "index.html").is_file()
    if had_site:
        assert (root / "site" / "index.html").read_bytes() != PREVIOUS_SITE["index.html"]
        assert not (root / "site" / "briefings" / "old").exists(), "the old site is replaced whole"
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_the_bad_corpus_has_both_kinds_of_case():
    # Guards the parametrisation: if the corpus moved, the tests above would silently run nothing.
    assert len(error_cases()) >= 30 and len(building_cases()) >= 5


# --- 2. The hostile corpus: valid data, nasty content ------------------------

HOSTILE_STEM = "2019-05-30-hostile-everything"
HOSTILE_TITLE = '<b>Bold</b> {{ 7*7 }} {% raw %} & "quotes" </title><script>alert(1)</script>'
# What Markdown makes of ordinary text (besides what the templates make).
MARKDOWN_ELEMENTS = {
    "p",
    "em",
    "strong",
    "a",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "code",
    "pre",
    "hr",
    "br",
}
MARKDOWN_ATTRIBUTES = {"href"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


class Page(HTMLParser):
    """Every element, its attributes and the text inside each <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[tuple[str, str]] = []  # (innermost element, text)
        self._stack: list[str] = []
        self._script: list | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "script":
            self._script = [attributes, ""]
        if tag not in {"meta", "link", "br", "hr", "img", "input", "source", "wbr"}:
            self._stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(tuple(self._script))
            self._script = None
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data
        self.text.append((self._stack[-1] if self._stack else "", data))


def parse_html(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def template_vocabulary() -> tuple[set[str], set[str]]:
    """Element and attribute names the templates themselves can produce.

    Jinja expressions become plain text (``<{{ heading }}`` is a heading: Markdown's
    h2–h6 cover it), statements and comments vanish; what is left is HTML.
    """
    elements, attributes = set(), set()
    for path in sorted(TEMPLATES.glob("*")):
        if path.suffix not in (".html", ".svg"):
            continue
        page = parse_html(JINJA.sub("x", path.read_text(encoding="utf-8")))
        for tag, attrs in page.elements:
            elements.add(tag)
            attributes.update(attrs)
    # Made by code, not templates: templating.time_tag (a Jinja filter) writes <time datetime>.
    return elements | {"time"}, attributes | {"datetime"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile archive built twice (published only, and with drafts): a dict of facts."""
    work = tmp_path_factory.mktemp("hostile")
    root = work / "archive"
    shutil.copytree(HOSTILE, root)
    before = snapshot(work)
    check = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "check"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=PROJECT,
        timeout=60,
    )
    published = run_build(root)
    drafts = run_build(root, "--drafts", "--out", str(root / "preview"))
    return {
        "work": work,
        "root": root,
        "before": before,
        "check": check,
        "builds": {"site": published, "preview": drafts},
    }


def site_files(hostile, name: str) -> dict[str, bytes]:
    folder = hostile["root"] / name
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


SITES = ["site", "preview"]


def test_the_hostile_archive_is_valid_and_builds(hostile):
    check = hostile["check"]
    assert check.returncode == 0 and "Traceback" not in check.stdout + check.stderr, check.stdout
    for name, result in hostile["builds"].items():
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        assert result.returncode == 0, (name, result.stderr)
        assert (hostile["root"] / name / "index.html").is_file()


def test_nothing_is_written_outside_the_site_and_no_input_changes(hostile):
    after = snapshot(hostile["work"])
    changed = {path for path in set(after) | set(hostile["before"]) if after.get(path) != hostile["before"].get(path)}
    outside = sorted(
        path for path in changed if not path.startswith(("archive/site/", "archive/preview/", "archive/.cache/"))
    )
    assert outside == []
    for name in SITES:
        site = hostile["root"] / name
        for path in site.rglob("*"):
            assert path.resolve().is_relative_to(site.resolve()), path
    # The path-like names stay inside, as one folder each.
    assert (hostile["root"] / "site" / "briefings" / "2019-05-30-..-..-etc" / "index.html").is_file()
    assert (hostile["root"] / "site" / "issues" / "etc" / "index.html").is_file()
    assert not (hostile["work"] / "etc").exists() and not (hostile["root"] / "etc").exists()


def test_non_latin_and_similar_names_get_distinct_safe_pages(hostile):
    files = site_files(hostile, "site")
    slugs = {path.split("/")[1] for path in files if path.startswith("issues/") and path.count("/") == 2}
    for slug in (
        "kurilskie-ostrova",
        "misairufang-wei",
        "sea-of-japan",
        "sea-of-japan-east-sea",
        "u-s-japan-alliance",
        "us-japan-alliance",
        "script-alert-1-script",
        "img-src-x-onerror-alert-1",
    ):
        assert slug in slugs
    actors = {path.split("/")[1] for path in files if path.startswith("actors/") and path.count("/") == 2}
    assert {"mariia-zakharova", "he-ye-tai-lang", "o-brien-sons-ltd"} <= actors
    for slug in slugs | actors:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    for stem in ("2019-06-01-россия-и-япония", "2019-06-02-北方領土"):
        assert f"briefings/{stem}/index.html" in files


def html_pages(hostile, name: str):
    for path, data in site_files(hostile, name).items():
        if path.endswith(".html"):
            yield path, parse_html(data.decode("utf-8"))


@pytest.mark.parametrize("name", SITES)
def test_no_element_or_attribute_comes_from_the_data(hostile, name):
    elements, attributes = template_vocabulary()
    elements |= MARKDOWN_ELEMENTS
    attributes |= MARKDOWN_ATTRIBUTES
    assert "script" in elements and "onclick" not in attributes and "iframe" not in elements
    foreign = []
    pages = 0
    for path, page in html_pages(hostile, name):
        pages += 1
        for tag, attrs in page.elements:
            if tag not in elements:
                foreign.append((path, tag))
            foreign += [(path, f"{tag}[{a}]") for a in attrs if a not in attributes]
    assert pages >= 30
    assert foreign == []


def script_url(value: str) -> bool:
    """Whether a URL would run code: browsers drop ASCII whitespace and controls before the scheme."""
    cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
    return cleaned.startswith(("javascript:", "vbscript:", "data:"))


@pytest.mark.parametrize("name", SITES)
def test_no_link_runs_code(hostile, name):
    found = [
        (path, tag, attribute, value)
        for path, page in html_pages(hostile, name)
        for tag, attrs in page.elements
        for attribute, value in attrs.items()
        if attribute in URL_ATTRIBUTES and value is not None and script_url(value)
    ]
    assert found == []


@pytest.mark.parametrize("name", SITES)
def test_every_external_link_is_noopener_noreferrer(hostile, name):
    external = 0
    missing = []
    for path, page in html_pages(hostile, name):
        for tag, attrs in page.elements:
            href = (attrs.get("href") or "").strip()
            if tag == "a" and re.match(r"(?i)([a-z][a-z0-9+.-]*:)?//", href):
                external += 1
                if not {"noopener", "noreferrer"} <= set((attrs.get("rel") or "").split()):
                    missing.append((path, href))
    assert external >= 3  # the sources with a web URL and the Wikidata links
    assert missing == []


def test_a_source_url_becomes_a_link_only_when_it_is_http(hostile):
    pages = dict(html_pages(hostile, "preview"))
    hostile_page = pages[f"briefings/{HOSTILE_STEM}/index.html"]

    def source_links(page):
        return [attrs for tag, attrs in page.elements if tag == "a" and attrs.get("class") == "source"]

    assert source_links(hostile_page) == []  # javascript:alert(1) is shown as the outlet's name, not a link
    long_page = pages["briefings/2019-05-31-a-headline-of-exactly-three-hundred-characters/index.html"]
    assert [(a["href"], a["rel"]) for a in source_links(long_page)] == [
        ('https://example.org/news?id=1&x="><script>alert(1)</script>', "noopener noreferrer")
    ]
    draft = pages["briefings/2019-06-05-draft-with-notes/index.html"]
    assert source_links(draft) == []


@pytest.mark.parametrize("name", SITES)
def test_the_only_scripts_are_the_templates_own(hostile, name):
    for path, page in html_pages(hostile, name):
        sources = [attrs.get("src") for attrs, _ in page.scripts if attrs.get("src")]
        assert all(src.startswith(("/pagefind/", "/static/")) for src in sources), (path, sources)
        for attrs, content in page.scripts:
            if attrs.get("src"):
                assert content.strip() == "", path
            else:
                assert attrs.get("type") == "application/ld+json", (path, attrs)
                json.loads(content)  # whole JSON: nothing in it closed the element


def text_of(page: Page, tag: str) -> list[str]:
    """The text directly inside each ``tag`` element, joined per page (one string)."""
    return ["".join(text for inner, text in page.text if inner == tag)]


def test_data_shows_as_written_and_jinja_in_it_is_not_run(hostile):
    pages = dict(html_pages(hostile, "site"))
    page = pages[f"briefings/{HOSTILE_STEM}/index.html"]
    assert text_of(page, "h1") == [HOSTILE_TITLE]
    assert text_of(page, "title") == [f"{HOSTILE_TITLE} · Briefing archive"]
    paragraph_text = "".join(text for inner, text in page.text if inner in ("p", "a", "b", "cite"))
    for quote in (
        "</blockquote><script>alert(1)</script>",
        "He said <b>no</b> & 'yes' {{ 7*7 }} {% raw %}",
        "]]></content><script>alert(1)</script>",
        "Это <iframe src=javascript:alert(1)> неприемлемо",
    ):
        assert quote in paragraph_text
    for name in (
        "</script><script>alert(1)</script> Group",
        'O\'Brien & "Sons" <Ltd>',
        'Zoë "<b>Bold</b>" d\'Arc & Co',
        "Мария Захарова",
        "河野太郎",
    ):
        assert name in paragraph_text
    body = "".join(text for _, text in page.text)
    assert "{{ 7*7 }} and {% raw %} and {# comment #} stay text." in body
    assert "49" not in body
    json_ld = json.loads(next(c for a, c in page.scripts if a.get("type") == "application/ld+json"))
    assert json_ld["headline"] == HOSTILE_TITLE
    overview = "".join(t for _, t in pages["issues/script-alert-1-script/index.html"].text)
    assert "{{ 7*7 }} {% raw %} stay text." in overview and "49" not in overview


@pytest.mark.parametrize("name", SITES)
def test_internal_links_reach_a_page(hostile, name):
    files = site_files(hostile, name)
    broken = []
    for path, page in html_pages(hostile, name):
        for _tag, attrs in page.elements:
            for attribute in ("href", "src"):
                url = attrs.get(attribute)
                if not url or not url.startswith("/") or url.startswith("//"):
                    continue
                target = unquote(urlsplit(url).path).lstrip("/")
                if target == "" or target.endswith("/"):
                    target += "index.html"
                if target not in files:
                    broken.append((path, url))
    assert sorted(set(broken)) == []


@pytest.mark.parametrize("name", SITES)
def test_feeds_parse_and_keep_the_text(hostile, name):
    files = site_files(hostile, name)
    feeds = [path for path in files if path.endswith(".xml")]
    assert "feed.xml" in feeds and "issues/script-alert-1-script/feed.xml" in feeds
    titles = set()
    for path in feeds:
        tree = ET.fromstring(files[path])  # raises on anything that broke the XML
        titles |= {e.text for e in tree.iter("{http://www.w3.org/2005/Atom}title")}
    assert HOSTILE_TITLE in titles
    assert "<script>alert(1)</script>" in titles  # the feed is named after it


def test_briefings_json_keeps_the_data_as_written(hostile):
    data = json.loads(site_files(hostile, "site")["briefings.json"])
    entry = next(item for item in data if item["path"] == f"briefings/{HOSTILE_STEM}.md")
    assert entry["title"] == HOSTILE_TITLE
    assert entry["source"]["outlet"] == "DW <script>alert(1)</script>"
    assert "<script>alert(1)</script>" in entry["issues"]
    assert {
        "speaker": "</script><script>alert(1)</script> Group",
        "to": 'O\'Brien & "Sons" <Ltd>',
        "text": "</blockquote><script>alert(1)</script>",
    } in entry["quotes"]
    assert len(next(item for item in data if item["path"].startswith("briefings/2019-05-31-"))["title"]) == 300
