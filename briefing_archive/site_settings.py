"""Settings for the whole site, in one place: the archive's ``mkdocs.yml``.

MkDocs' own keys say what the site is called and where it lives; ``extra:`` holds ours:

    site_name: Briefing archive
    site_url: https://briefings.example.org/     # absolute canonical URLs, feeds and JSON-LD
    site_description: Japan–Russia security politics, article by article.
    extra:
      language: en
      remote_images: [upload.wikimedia.org]

``remote_images``: the hosts whose pictures a body may show. Off by default: a picture
from another host is fetched by every reader's browser, which tells that host who reads
which briefing (a tracking pixel). An image from any other host is rendered as a link to
it, and ``check`` warns about it.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

import yaml

from .model import Problem

SETTINGS_FILE = "mkdocs.yml"
HOST = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+")
LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class SiteSettings:
    name: str = "Briefing archive"
    url: str = ""  # where the site is published, without the final "/" ("" unknown: relative URLs)
    description: str = ""
    language: str = "en"
    remote_images: tuple[str, ...] = ()  # host names, lower case

    def absolute(self, path: str) -> str:
        """A site path ("/issues/x/") as the URL readers reach it by."""
        return self.url + path


class SettingsLoader(yaml.SafeLoader):
    """mkdocs.yml may hold MkDocs' own tags (``!ENV``, ``!!python/name:``): read as nothing."""


SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def parse_site_settings(path: str, text: str) -> SiteSettings | list[Problem]:
    try:
        root = yaml.compose(text, Loader=SettingsLoader)
        data = yaml.load(text, Loader=SettingsLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        message = " ".join(str(error).split())
        return [Problem(path, mark.line + 1 if mark else 1, "mkdocs.yml", f"invalid YAML: {message}")]
    if not isinstance(data, dict):
        return [Problem(path, 1, "mkdocs.yml", "must be a mapping of settings (site_name: …)")]
    lines = key_lines(root)
    extra = data.get("extra")
    extra = extra if isinstance(extra, dict) else {}
    problems: list[Problem] = []

    def text_of(value: object, key: str, default: str) -> str:
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(path, lines.get(key, 1), key, "must be text"))
            return default
        return value.strip()

    settings = SiteSettings(
        name=text_of(data.get("site_name"), "site_name", SiteSettings.name),
        url=site_url(text_of(data.get("site_url"), "site_url", ""), path, lines, problems),
        description=text_of(data.get("site_description"), "site_description", ""),
        language=language(text_of(extra.get("language"), "extra.language", "en"), path, lines, problems),
        remote_images=image_hosts(extra.get("remote_images"), path, lines, problems),
    )
    return problems or settings


def key_lines(root: yaml.Node | None) -> dict[str, int]:
    """Dotted key → line, for the top level and ``extra:``."""
    lines: dict[str, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        lines[str(key.value)] = key.start_mark.line + 1
        if key.value == "extra" and isinstance(value, yaml.MappingNode):
            for inner, inner_value in value.value:
                lines[f"extra.{inner.value}"] = inner.start_mark.line + 1
                if isinstance(inner_value, yaml.SequenceNode):
                    for number, item in enumerate(inner_value.value):
                        lines[f"extra.{inner.value}.{number}"] = item.start_mark.line + 1
    return lines


def site_url(value: str, path: str, lines: dict[str, int], problems: list[Problem]) -> str:
    parts = urllib.parse.urlsplit(value)
    if value and (parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment):
        problems.append(
            Problem(
                path,
                lines.get("site_url", 1),
                "site_url",
                f"{value!r} is no web address of a site (like https://briefings.example.org/)",
            )
        )
        return ""
    return value.rstrip("/")


def language(value: str, path: str, lines: dict[str, int], problems: list[Problem]) -> str:
    if not LANGUAGE.fullmatch(value):
        problems.append(
            Problem(
                path,
                lines.get("extra.language", 1),
                "extra.language",
                f"{value!r} is no language tag (like en, fr or pt-BR)",
            )
        )
        return "en"
    return value


def image_hosts(value: object, path: str, lines: dict[str, int], problems: list[Problem]) -> tuple[str, ...]:
    hosts = [value] if isinstance(value, str) else value if value is not None else []
    if not isinstance(hosts, list):
        problems.append(
            Problem(
                path,
                lines.get("extra.remote_images", 1),
                "extra.remote_images",
                "must be a list of host names, like [upload.wikimedia.org]",
            )
        )
        return ()
    for number, host in enumerate(hosts):
        if not isinstance(host, str) or not HOST.fullmatch(host.lower()):
            where = lines.get(f"extra.remote_images.{number}", lines.get("extra.remote_images", 1))
            problems.append(
                Problem(
                    path,
                    where,
                    "extra.remote_images",
                    f"{host!r} is no host name (write the host only, like upload.wikimedia.org)",
                )
            )
    return tuple(sorted({host.lower() for host in hosts if isinstance(host, str)}))


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
    return [
        (body.count("\n", 0, match.start()), match.group(1))
        for match in INLINE_IMAGE.finditer(body)
        if not image_allowed(match.group(1), settings.remote_images)
    ]
