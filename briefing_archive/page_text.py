"""A saved page as lines of text: HTML through trafilatura, Markdown without its markup,
plain text with hard-wrapped paragraphs joined. Ingest drafts from these lines and
``check`` verifies quotes against them, so both read an article the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
MD_LINK_ONLY = re.compile(r"(?:[-*+]\s+|\d+\.\s+)?\[[^\]]+\]\([^)]*\)\s*")
MD_HEADING = re.compile(r"#{1,6}\s+(.*?)\s*#*\s*")
MD_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<![\w_])_(?=\S))(.+?)\1")
MD_BULLET = re.compile(r"[-*+]\s+")


@dataclass
class Page:
    """A page as lines, with what the markup said about them."""

    lines: list[str]
    headings: set[int] = field(default_factory=set)  # indices of marked-up headings
    metadata: dict[str, str] = field(default_factory=dict)  # html/md front matter


def unwrap(block: list[str]) -> list[str]:
    """Join a hard-wrapped paragraph (similar widths under 100 characters)."""
    widths = [len(line) for line in block]
    if len(block) > 1 and max(widths) <= 100 and min(widths[:-1]) >= 0.6 * max(widths) and max(widths) >= 50:
        return [" ".join(block)]
    return block


def split_lines(text: str) -> list[str]:
    lines: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        raw = [line.strip() for line in block.split("\n") if line.strip()]
        lines += unwrap(raw)
    return [" ".join(line.split()) for line in lines]


def markdown_page(text: str) -> Page:
    metadata, text = front_matter(text)
    page = Page([], set(), metadata)
    for line in split_lines(text):
        if MD_IMAGE.fullmatch(line.strip()) or MD_LINK_ONLY.fullmatch(line):
            continue  # an image or a bare link to another story
        heading = MD_HEADING.fullmatch(line)
        if heading:
            page.headings.add(len(page.lines))
            line = heading.group(1)
        line = (
            MD_BULLET.sub("", MD_EMPHASIS.sub(r"\2", MD_LINK.sub(r"\1", MD_IMAGE.sub("", line))), 1)
            if MD_BULLET.match(line)
            else MD_EMPHASIS.sub(r"\2", MD_LINK.sub(r"\1", MD_IMAGE.sub("", line)))
        )
        if line.strip():
            page.lines.append(line.strip())
    return with_h1_title(page, text)


def with_h1_title(page: Page, text: str) -> Page:
    """A Markdown page's one level-1 heading is its headline: the rubric or section label
    above it ("Asia | Rising sun, rising spending") is not, however headline-like."""
    h1 = re.findall(r"(?m)^#[ \t]+(.+?)[ \t#]*$", text)
    if len(h1) == 1 and "title" not in page.metadata:
        page.metadata["title"] = MD_EMPHASIS.sub(r"\2", MD_LINK.sub(r"\1", h1[0])).strip()
    return page


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` front matter of a Markdown page, and the rest."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        return {}, text
    pairs = (line.split(":", 1) for line in match.group(1).splitlines() if ":" in line)
    data = {key.strip().lower(): value.strip().strip("'\"") for key, value in pairs}
    return data, text[match.end() :]


def html_page(html: str) -> Page:
    """Main text and metadata of a saved page, by trafilatura."""
    import trafilatura  # slow to import; only html needs it

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, include_images=False
    )
    if document is None:
        return Page([])
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    metadata = {
        key: str(data[key])
        for key in ("title", "date", "sitename", "author", "description", "url", "hostname")
        if data.get(key)
    }
    return Page(split_lines(data.get("text") or ""), set(), metadata)


# A date copied onto the front of the headline line: "date 2023-01-24 S. Korean gov't calls in …",
# "May 30, 2019 Japan and Russia accuse …": two lines run together.
DATE_THEN_HEADLINE = re.compile(
    r"^(?P<date>(?:(?:date|published|updated|posted)\s*:?\s*)?"
    r"(?:\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}"
    r"|\d{1,2} [A-Z][a-z]{2,8} \d{4}))"
    r"\s+(?P<headline>[A-Z\[\"“‘'(].{10,})$",
    re.IGNORECASE,
)


def unglued(lines: list[str], head: int = 5) -> list[str]:
    result: list[str] = []
    for index, line in enumerate(lines):
        glued = DATE_THEN_HEADLINE.match(line) if index < head else None
        result += [glued.group("date"), glued.group("headline")] if glued else [line]
    return result


def read_page(text: str, kind: str) -> Page:
    if kind == "html":
        return html_page(text)
    if kind == "md":
        return markdown_page(text)
    return Page(unglued(split_lines(text)))


def source_text(text: str, kind: str) -> str:
    """The article text quotes are drafted from (for ``check`` on html/md sources)."""
    return "\n\n".join(read_page(text, kind).lines)
