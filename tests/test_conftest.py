"""The shared fixtures of tests/conftest.py give what they promise."""

from __future__ import annotations

from briefing_archive.archive import load_archive


def test_project_root_is_the_repository(project_root):
    assert (project_root / "build.py").is_file() and (project_root / "briefings").is_dir()


def test_case_archive_copies_the_base_then_the_case(case_archive):
    base, case = case_archive(), case_archive("impossible-dates")
    assert base != case
    assert (base / "content" / "issues").is_dir() and not (base / "briefings").exists()
    assert sorted(p.name for p in (case / "briefings").iterdir())
    assert not (case / "expected.txt").exists()


def test_synthetic_archive_is_valid_and_a_function_of_its_seed(synthetic_archive):
    first, again = synthetic_archive(5), synthetic_archive(5)
    assert len(list((first / "briefings").glob("*.md"))) == 5
    assert not [p for p in load_archive(first).problems if p.is_error]
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (again / f).read_bytes() for f in files)


def test_ingest_registry_names_the_case_files_issues(ingest_registry):
    assert "Kuril Islands" in {issue.name for issue in ingest_registry.issues}


def test_local_server_serves_a_folder(local_server, tmp_path):
    from tests.support.local_server import fetch

    (tmp_path / "hello.txt").write_text("hello", encoding="utf-8")
    with local_server(tmp_path) as base:
        assert fetch(base + "hello.txt") == "hello"
