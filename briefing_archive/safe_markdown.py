"""Markdown → HTML that cannot carry markup of its own.

Raw HTML is shown as text, and links go only to the web (http(s), mailto or
the site itself). Text that is only plain paragraphs skips the Markdown
parser altogether (``plain_paragraphs``): the same HTML, ~100× faster.
"""

from __future__ import annotations

import html
import multiprocessing
import re
import signal
import threading
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import cast

import markdown
from markupsafe import Markup

from .site_settings import image_allowed

SAFE_LINK = re.compile(r"(?i)(https?:|mailto:|[/#?.]|[^:/?#]*(?:[/?#]|$))")


class SafeLinks(markdown.treeprocessors.Treeprocessor):
    """Drop href/src with a scheme other than http(s)/mailto (javascript:, data:, …);
    links out of the site neither reveal the page nor get a handle on it. A picture
    from a host ``image_hosts`` does not name becomes a link to it (shown, it would
    tell that host who reads the page)."""

    image_hosts: tuple[str, ...] = ()

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not safe_link(value):
                    del element.attrib[attribute]
            if element.tag == "img" and not image_allowed(plain_url(element.get("src", "")), self.image_hosts):
                picture_as_link(element)
            if element.tag == "a" and EXTERNAL_LINK.match(element.get("href", "").strip()):
                element.set("rel", "noopener noreferrer")


def picture_as_link(element: etree.Element) -> None:
    """<img src=… alt=…> → <a href=…>alt</a>, in place (its tail stays after it)."""
    source, alt = element.get("src", ""), element.get("alt") or "picture"
    element.attrib.clear()
    element.tag, element.text = "a", alt
    element.set("href", source)
    element.set("class", "remote-picture")
    element.set("title", "a picture on another site (remote pictures are off)")


EXTERNAL_LINK = re.compile(r"(?i)(https?:)?//")


def safe_link(value: str) -> bool:
    """Judge the URL a browser will follow: entities decoded ("&colon;", "&#106;",
    also as Markdown's placeholders for them) and the tabs and newlines it skips removed."""
    return bool(SAFE_LINK.match(plain_url(value)))


def plain_url(value: str) -> str:
    plain = html.unescape(value.replace(markdown.util.AMP_SUBSTITUTE, "&"))
    return re.sub(r"[\x00-\x20\x7f]", "", plain)


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


# Python-Markdown is quadratic on some texts (16 KB of "[" takes 40 s, 500 KB of "\\" 110 s): a
# body that needs longer than this is refused, never a hung build.
MARKDOWN_SECONDS = 5
# Below this size no body measured takes a second; above it, a thread (``mkdocs serve``), which
# cannot take a timer signal, renders the body in a forked child it can stop.
RISKY_BYTES = 16 * 1024


class MarkdownRefused(ValueError):
    """A body Python-Markdown cannot render safely (too slow, or nested too deep)."""


class MarkdownTooSlow(MarkdownRefused):
    """A body Python-Markdown could not render within the time budget."""


def too_slow(seconds: float) -> MarkdownTooSlow:
    return MarkdownTooSlow(
        f"the Markdown body took more than {seconds:g} s to render; simplify it "
        "(long runs of [ or * or _ or \\ are the usual cause)"
    )


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise MarkdownTooSlow after ``seconds`` (a timer signal: only a process's main thread can
    take one, so ``markdown_html`` renders elsewhere in a child process)."""
    if not on_main_thread():
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise too_slow(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")


def markdown_html(text: str, image_hosts: tuple[str, ...] = ()) -> Markup:
    """Markdown → HTML that cannot carry markup of its own (raw HTML is escaped); pictures
    only from this site and ``image_hosts``. Raises MarkdownRefused for a body that takes
    more than MARKDOWN_SECONDS or nests too deep."""
    fast = plain_paragraphs(text)
    if fast is not None:
        return Markup(fast)
    if on_main_thread() or len(text) < RISKY_BYTES:
        with time_budget(MARKDOWN_SECONDS):
            return Markup(convert(text, image_hosts))
    return Markup(convert_in_child(text, image_hosts, MARKDOWN_SECONDS))


def convert(text: str, image_hosts: tuple[str, ...]) -> str:
    if not _CONVERTER:
        _CONVERTER.append(safe_markdown())
    converter = _CONVERTER[0]
    converter.reset()
    cast(SafeLinks, converter.treeprocessors["safe_links"]).image_hosts = image_hosts
    try:
        return converter.convert(text)
    except RecursionError:
        _CONVERTER.clear()  # a converter stopped half-way renders the next text wrongly
        raise MarkdownRefused("the Markdown body nests lists or quotes too deeply to render; flatten it") from None
    except BaseException:  # the time budget ran out, or an interrupt
        _CONVERTER.clear()
        raise


def convert_in_child(text: str, image_hosts: tuple[str, ...], seconds: float) -> str:
    with multiprocessing.get_context("fork").Pool(1) as child:
        try:
            return child.apply_async(convert, (text, image_hosts)).get(seconds)
        except multiprocessing.TimeoutError:
            raise too_slow(seconds) from None
