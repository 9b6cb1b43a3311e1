"""Compiled templates kept between builds: read back only for the same source and code."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from jinja2 import DictLoader, Environment

from briefing_archive.cache.template_code import TEMPLATES_FOLDER, TemplateCode
from briefing_archive.pipeline import PROJECT_TEMPLATES
from tests.support import PROJECT
from tests.support.synthetic_archive import make_archive

PAGE = "<h1>{{ title }}</h1>{% for item in items %}<p>{{ item }}</p>{% endfor %}"


def rendered(root, code: str, source: str = PAGE, *, compiles: bool) -> str:
    """``source`` rendered by a new environment keeping compiled templates under ``root``
    for ``code``; fails when it compiles and ``compiles`` is false, or the reverse."""
    environment = Environment(loader=DictLoader({"page.html": source}), bytecode_cache=TemplateCode(root, code))
    compiled = []
    compile_source = environment.compile

    def counting(*args, **kwargs):
        compiled.append(args[1] if len(args) > 1 else kwargs.get("name"))
        return compile_source(*args, **kwargs)

    environment.compile = counting  # type: ignore[method-assign]
    html = environment.get_template("page.html").render(title="T", items=["a", "<b>"])
    assert bool(compiled) == compiles
    return html


def test_a_template_compiled_once_is_read_back_by_the_next_environment(tmp_path):
    first = rendered(tmp_path, "code1", compiles=True)
    assert rendered(tmp_path, "code1", compiles=False) == first == "<h1>T</h1><p>a</p><p><b></p>"


def test_other_code_or_another_source_compiles_again(tmp_path):
    rendered(tmp_path, "code1", compiles=True)
    rendered(tmp_path, "code2", compiles=True)  # other code: its settings may compile otherwise
    assert rendered(tmp_path, "code2", PAGE + "!", compiles=True).endswith("!")
    assert rendered(tmp_path, "code2", PAGE + "!", compiles=False).endswith("!")


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_a_damaged_entry_is_compiled_again_never_run(tmp_path, damage):
    first = rendered(tmp_path, "code1", compiles=True)
    (entry,) = (tmp_path / TEMPLATES_FOLDER).iterdir()
    data = bytearray(entry.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0xFF
    else:
        del data[len(data) // 2 :]
    entry.write_bytes(bytes(data))
    assert rendered(tmp_path, "code1", compiles=True) == first
    assert rendered(tmp_path, "code1", compiles=False) == first


def build(root, out: str) -> None:
    """``build.py`` in a process of its own (one that has compiled nothing yet)."""
    command = [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "build", "--out", str(root / out)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_a_build_keeps_its_templates_compiled_and_the_next_renders_the_same_with_them(tmp_path):
    make_archive(12, tmp_path)
    build(tmp_path, "site")
    kept = list((tmp_path / TEMPLATES_FOLDER).iterdir())
    assert len(kept) == len([p for p in PROJECT_TEMPLATES.iterdir() if p.suffix in (".html", ".xml", ".svg")])
    shutil.rmtree(tmp_path / ".cache" / "warm")  # every page made again, from the kept templates
    before = {entry.name: entry.stat().st_mtime_ns for entry in kept}
    build(tmp_path, "site2")
    assert {entry.name: entry.stat().st_mtime_ns for entry in kept} == before  # read, not written again
    pages = {p.relative_to(tmp_path / "site"): p.read_bytes() for p in (tmp_path / "site").rglob("*.html")}
    assert pages == {p.relative_to(tmp_path / "site2"): p.read_bytes() for p in (tmp_path / "site2").rglob("*.html")}


def test_a_reading_only_cache_reads_back_and_keeps_nothing(tmp_path):
    first = rendered(tmp_path, "code1", compiles=True)
    environment = Environment(
        loader=DictLoader({"page.html": PAGE + "?"}), bytecode_cache=TemplateCode(tmp_path, "code1").reading_only()
    )
    assert environment.get_template("page.html").render(title="T", items=[]) == "<h1>T</h1>?"
    assert len(list((tmp_path / TEMPLATES_FOLDER).iterdir())) == 1  # the other source's not kept
    assert rendered(tmp_path, "code1", compiles=False) == first
