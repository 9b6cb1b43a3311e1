"""Settings for the whole site, in ``content/site.md`` (front matter; the body is for notes).

    ---
    remote_images: [upload.wikimedia.org]
    ---

``remote_images``: the hosts whose pictures a body may show. Off by default: a
picture from another host is fetched by every reader's browser, which tells that
host who reads which briefing (a tracking pixel). An image from any other host is
rendered as a link to it, and ``check`` warns about it.
"""
from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from .frontmatter import load_document
from .model import Problem

SETTINGS_FILE = "content/site.md"
HOST = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+")


@dataclass(frozen=True)
class SiteSettings:
    remote_images: tuple[str, ...] = ()  # host names, lower case


def parse_site_settings(path: str, text: str) -> SiteSettings | list[Problem]:
    document = load_document(path, text)
    if isinstance(document, list):
        return document
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        return [Problem(path, 2, "front matter", "must be a mapping of settings (name: value)")]
    problems = [Problem(path, document.lines.get(key, 2), key, "unknown setting; the settings are: remote_images")
                for key in data if key != "remote_images"]
    hosts = data.get("remote_images") or []
    if isinstance(hosts, str):
        hosts = [hosts]
    if not isinstance(hosts, list):
        return problems + [Problem(path, document.lines.get("remote_images", 2), "remote_images",
                                   "must be a list of host names, like [upload.wikimedia.org]")]
    for number, host in enumerate(hosts):
        if not isinstance(host, str) or not HOST.fullmatch(host.lower()):
            problems.append(Problem(path, document.lines.get(f"remote_images.{number}", 2), "remote_images",
                                    f"{host!r} is no host name (write the host only, like upload.wikimedia.org)"))
    if problems:
        return problems
    return SiteSettings(tuple(sorted({host.lower() for host in hosts})))


def image_allowed(source: str, allowed: tuple[str, ...]) -> bool:
    """Whether a picture at ``source`` may be shown: it is on this site, or on an allowed host."""
    address = source.strip().replace("\\", "/")  # browsers read "https:\\host" and "/\\host" as hosts
    if not ELSEWHERE.match(address):
        return True
    try:
        host = urllib.parse.urlsplit(address).hostname if CANONICAL.match(address) else None
    except ValueError:
        return False
    return host is not None and host in allowed


ELSEWHERE = re.compile(r"(?i)[a-z][a-z0-9+.-]*:|//")  # a scheme, or a host without one
CANONICAL = re.compile(r"(?i)(https?:)?//[^/]")
# ![alt](address …): the pictures check can point at (the renderer judges reference-style ones too)
INLINE_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^\s)>]+)")


def refused_images(body: str, settings: SiteSettings) -> list[tuple[int, str]]:
    """(line offset in the body, address) of each inline remote image the settings do not allow."""
    return [(body.count("\n", 0, match.start()), match.group(1)) for match in INLINE_IMAGE.finditer(body)
            if not image_allowed(match.group(1), settings.remote_images)]
