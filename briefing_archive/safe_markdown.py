"""Markdown → HTML that cannot carry markup of its own.

Raw HTML is shown as text, and links go only to the web (http(s), mailto or
the site itself). Text that is only plain paragraphs skips the Markdown
parser altogether (``plain_paragraphs``): the same HTML, ~100× faster.
"""
from __future__ import annotations

import html
import re

import markdown
from markupsafe import Markup

SAFE_LINK = re.compile(r"(?i)(https?:|mailto:|[/#?.]|[^:/?#]*(?:[/?#]|$))")


class SafeLinks(markdown.treeprocessors.Treeprocessor):
    """Drop href/src with a scheme other than http(s)/mailto (javascript:, data:, …);
    links out of the site neither reveal the page nor get a handle on it."""

    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not safe_link(value):
                    del element.attrib[attribute]
            if element.tag == "a" and EXTERNAL_LINK.match(element.get("href", "").strip()):
                element.set("rel", "noopener noreferrer")


EXTERNAL_LINK = re.compile(r"(?i)(https?:)?//")


def safe_link(value: str) -> bool:
    """Judge the URL a browser will follow: entities decoded ("&colon;", "&#106;",
    also as Markdown's placeholders for them) and the tabs and newlines it skips removed."""
    plain = html.unescape(value.replace(markdown.util.AMP_SUBSTITUTE, "&"))
    return bool(SAFE_LINK.match(re.sub(r"[\x00-\x20\x7f]", "", plain)))


def safe_markdown() -> markdown.Markdown:
    converter = markdown.Markdown(output_format="html")
    converter.preprocessors.deregister("html_block")  # raw HTML blocks stay text (escaped)
    converter.inlinePatterns.deregister("html")  # and so do inline tags
    converter.treeprocessors.register(SafeLinks(converter), "safe_links", 0)
    return converter


_CONVERTER: list[markdown.Markdown] = []  # one per process: building one costs more than a page


# Text made only of plain paragraphs needs no Markdown parser: nothing in it is
# markup (checked by tests/test_render.py against Python-Markdown itself).
# Python-Markdown costs ~1–4 ms per briefing; this is ~100× faster.
MARKUP_CHARACTERS = re.compile(r"[\\`*_\[\]<>&#\x00-\x09\x0b-\x1f\x7f]")
LINE_MARKUP_STARTS = frozenset("-+=>|~:0123456789")  # lists, rules, headings, quotes (digits: "1. ")


def plain_paragraphs(text: str) -> str | None:
    """The HTML of ``text`` if it is only plain paragraphs, else None."""
    text = text.strip("\n")
    if not text or MARKUP_CHARACTERS.search(text):
        return None
    for line in text.split("\n"):
        if line and (line[0] in LINE_MARKUP_STARTS or line[0].isspace() or line[-1].isspace()):
            return None
    return "\n".join(f"<p>{block}</p>" for block in re.split(r"\n\n+", text))


def markdown_html(text: str) -> Markup:
    """Markdown → HTML that cannot carry markup of its own (raw HTML is escaped)."""
    fast = plain_paragraphs(text)
    if fast is not None:
        return Markup(fast)
    if not _CONVERTER:
        _CONVERTER.append(safe_markdown())
    converter = _CONVERTER[0]
    converter.reset()
    return Markup(converter.convert(text))
