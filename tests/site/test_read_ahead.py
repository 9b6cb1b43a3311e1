"""What a build server reads or forks ahead of a build is used by that build once, and only
while it is what the build would read or do itself (``build_server``)."""

from __future__ import annotations

import io
import json
import os
import pickle
import socket
import time
from pathlib import Path

import pytest

from briefing_archive import storage
from briefing_archive.build_client import command_and_root
from briefing_archive.build_server import STOP_SAID, declined
from briefing_archive.cache import fingerprints
from briefing_archive.cache.build_cache import BuildCache
from briefing_archive.cache.warm_state import ReadState, WarmStates
from briefing_archive.layout import BRIEFINGS, BUILD_INPUTS, PRINTS_FILE
from briefing_archive.page_renderer import PageRenderer
from briefing_archive.pipeline import PROJECT_TEMPLATES, build_site
from briefing_archive.storage import cache_pickles, stamps_ahead
from briefing_archive.workers import workers_wanted
from tests.support.synthetic_archive import make_archive


def cache_file(path: Path, value) -> None:
    storage.write_cache(path, pickle.dumps(value, protocol=5))


def test_a_pickle_read_ahead_is_taken_once_and_only_while_its_file_is_the_one_read(tmp_path):
    kept, changed = tmp_path / "kept.pickle", tmp_path / "changed.pickle"
    cache_file(kept, {"read": "ahead"})
    cache_file(changed, {"read": "ahead"})
    storage.hold_pickles([kept, changed])
    cache_file(changed, {"read": "now"})  # replaced since: the build reads it as it is
    ahead = storage.read_pickle(kept)
    assert ahead == {"read": "ahead"} and storage.read_pickle(changed) == {"read": "now"}
    assert storage.read_pickle(kept) is not ahead, "taken twice: a build could see what the last one changed"
    storage.hold_pickles([tmp_path / "missing.pickle"])
    assert storage.read_pickle(tmp_path / "missing.pickle") is None


def built_state(tmp_path: Path) -> tuple[Path, WarmStates]:
    root = make_archive(6, tmp_path / "archive")
    assert build_site(root, root / "site", templates_dir=PROJECT_TEMPLATES, log=io.StringIO()) == 0
    return root, BuildCache(root, root / "site", PROJECT_TEMPLATES, False).warm


def held_here() -> list[str]:
    return list(cache_pickles._HELD)


def test_a_renderer_reads_the_manifest_ahead_in_its_own_process(tmp_path):
    root, _ = built_state(tmp_path)
    cache = BuildCache(root, root / "site", PROJECT_TEMPLATES, False)
    renderer = PageRenderer()
    try:
        if renderer.pool is None:
            pytest.skip("one core: no renderer process")
        renderer.read_ahead(cache.manifest_files())
        there = renderer.pool.apply(held_here)
    finally:
        renderer.stop()
    manifest = os.path.realpath(cache.manifest_files()[0])
    assert manifest in there and manifest not in held_here()  # held there, by the process that looks


def test_a_kept_state_read_ahead_is_the_one_the_build_opens_once(tmp_path):
    _, warm = built_state(tmp_path)
    warm.read_ahead()
    with warm.opened() as first:
        assert isinstance(first, ReadState)
        made = first.made()
    with warm.opened() as second:
        assert second is not None and not isinstance(second, ReadState)  # read from the files again
        assert second.made() is not made and second.archive.briefings == first.archive.briefings


def test_a_kept_state_whose_files_changed_since_it_was_read_ahead_is_read_again(tmp_path):
    _, warm = built_state(tmp_path)
    warm.read_ahead()
    os.utime(warm.values_file, ns=(1, 1))  # one of its three files is not the one read
    with warm.opened() as state:
        assert state is not None and not isinstance(state, ReadState)


needs_two_cores = pytest.mark.skipif(workers_wanted() < 2, reason="a walk is forked only beside a second core")


@needs_two_cores
def test_a_standing_walk_begins_when_the_build_asks_and_answers_as_a_walk_of_its_own(tmp_path):
    root = make_archive(4, tmp_path / "archive")
    storage.stand_by(root, list(BUILD_INPUTS), BRIEFINGS)
    (root / BRIEFINGS / "2020-01-01-added-after-the-walk-was-forked.md").write_text("---\n---\n")
    storage.stamp_ahead(root, list(BUILD_INPUTS), BRIEFINGS)
    answer = storage.stamped_ahead(root, list(BUILD_INPUTS), BRIEFINGS)
    assert answer is not None
    _, stamps, listed = answer
    assert f"{BRIEFINGS}/2020-01-01-added-after-the-walk-was-forked.md" in stamps
    assert stamps == storage.stamps_and_markdown(root, list(BUILD_INPUTS), BRIEFINGS)[0]


@needs_two_cores
def test_a_standing_walk_no_build_asked_for_ends_without_walking(tmp_path):
    root = make_archive(2, tmp_path / "archive")
    storage.stand_by(root, list(BUILD_INPUTS), BRIEFINGS)
    (pid, _, _) = next(iter(stamps_ahead._STANDING.values()))
    storage.drop_stamps_ahead()
    assert stamps_ahead._STANDING == {} and stamps_ahead._AHEAD == {}
    try:
        os.kill(pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive, "its process was left running"


def test_the_client_reads_the_command_and_root_as_given():
    assert command_and_root(["build"]) == ("build", Path("."))
    assert command_and_root(["--root", "a/b", "build", "--drafts"]) == ("build", Path("a/b"))
    assert command_and_root(["--root=x", "check", "briefings"]) == ("check", Path("x"))
    assert command_and_root(["--help"]) == ("", Path("."))


def asked(argv: list[str], cwd: Path) -> bytes:
    return json.dumps({"argv": argv, "cwd": str(cwd)}).encode()


def test_the_server_runs_only_its_own_archives_build_under_its_own_code(tmp_path):
    root = tmp_path / "archive"
    root.mkdir()
    ours, theirs = socket.socketpair(socket.AF_UNIX)
    with ours, theirs:
        code = fingerprints.code_digest()
        request = asked(["--root", "archive", "build", "--drafts"], tmp_path)
        assert declined(ours, request, root, code) == (None, json.loads(request))
        assert declined(ours, asked(["build"], root), root, code)[0] is None
        assert declined(ours, asked(["build"], tmp_path), root, code)[0] == "another archive's or command's"
        assert declined(ours, asked(["check"], root), root, code)[0] == "another archive's or command's"
        assert declined(ours, b"not json", root, code)[0] == "arguments it cannot read"
        assert declined(ours, asked(["build"], root), root, "other code")[0] == STOP_SAID


def walked_ahead_since(root: Path, since_ns: int, meanwhile) -> tuple | None:
    since = root / "last-build-mark"
    since.write_text("")
    os.utime(since, ns=(since_ns, since_ns))
    storage.stamp_ahead(root, list(BUILD_INPUTS), BRIEFINGS, since=since)
    return storage.stamped_ahead(root, list(BUILD_INPUTS), BRIEFINGS, meanwhile)


@needs_two_cores
def test_a_walk_begun_ahead_says_when_it_finds_a_file_changed_since_the_last_build(tmp_path):
    root = make_archive(4, tmp_path / "archive")
    called: list[str] = []
    answer = walked_ahead_since(root, 1, lambda: called.append("meanwhile"))  # every file changed since 1970
    assert called == ["meanwhile"]
    assert answer is not None and answer[1] == storage.stamps_and_markdown(root, list(BUILD_INPUTS), BRIEFINGS)[0]


@needs_two_cores
def test_a_walk_begun_ahead_that_finds_nothing_changed_since_the_last_build_says_nothing(tmp_path):
    root = make_archive(4, tmp_path / "archive")
    called: list[str] = []
    a_day_ahead = time.time_ns() + 86_400 * 10**9
    answer = walked_ahead_since(root, a_day_ahead, lambda: called.append("meanwhile"))
    assert called == [] and answer is not None
    assert stamps_ahead._AHEAD == {}


def test_a_kept_state_opened_ahead_is_the_one_the_build_opens_once(tmp_path):
    _, warm = built_state(tmp_path)
    warm.open_ahead()
    for file in (warm.file, warm.packed_file, warm.values_file):
        file.unlink()  # gone since: only what was opened ahead holds them (open)
    with warm.opened() as first:
        assert first is not None and first.made().views is not None
    with warm.opened() as second:
        assert second is None  # read from the files again: there are none


def test_a_kept_state_opened_ahead_and_let_go_is_read_again(tmp_path):
    _, warm = built_state(tmp_path)
    warm.open_ahead()
    ahead = warm.opened_ahead
    warm.let_go_ahead()
    assert ahead is not None and ahead[1] is not None and ahead[1].parts.summed.stream.closed
    with warm.opened() as state:
        assert state is not None and state is not ahead[1]


@needs_two_cores
def test_a_build_whose_walk_says_a_file_changed_opens_the_state_ahead_and_lets_it_go_when_nothing_did(tmp_path):
    root, _ = built_state(tmp_path)
    os.utime(root / PRINTS_FILE, ns=(1, 1))  # every input "changed" after it: touched, not edited
    storage.stamp_ahead(root, list(BUILD_INPUTS), BRIEFINGS, since=root / PRINTS_FILE)
    cache = BuildCache(root, root / "site", PROJECT_TEMPLATES, False)
    opened: list[object] = []
    open_ahead = cache.warm.open_ahead
    cache.warm.open_ahead = lambda: opened.append(open_ahead())  # type: ignore[method-assign]
    assert cache.unchanged_site() is not None
    assert len(opened) == 1 and cache.warm.opened_ahead is None  # read while the walk went on, then let go
