"""An editor's day in a temporary git repository, end to end with the real tools.

Ingest an article, fix the draft, publish it, add a correction in a later
commit, build: the site shows the state, the correction and the editorial history;
pre-commit blocks a bad briefing; fmt is idempotent on the whole archive.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import PROJECT

ARTICLE = PROJECT / "content" / "articles" / "dw-2019-05-30-japan-russia-military-buildup.txt"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ed Itor",
    "GIT_AUTHOR_EMAIL": "ed@example.org",
    "GIT_COMMITTER_NAME": "Ed Itor",
    "GIT_COMMITTER_EMAIL": "ed@example.org",
}


def run(repo: Path, *args: str, check: bool = True, env_extra: dict | None = None):
    env = {**os.environ, **GIT_ENV, **(env_extra or {})}
    result = subprocess.run(list(args), cwd=repo, capture_output=True, text=True, env=env, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def tool(repo: Path, *args: str, check: bool = True):
    return run(repo, sys.executable, "build.py", *args, check=check)


def commit(repo: Path, message: str, date: str):
    run(repo, "git", "add", "-A")
    run(repo, "git", "commit", "-q", "-m", message, env_extra={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A fresh archive repository: the tools, the registry, no briefings yet."""
    repo = tmp_path / "archive"
    repo.mkdir()
    for name in ("build.py", ".pre-commit-config.yaml"):
        shutil.copy(PROJECT / name, repo / name)
    for name in ("briefing_archive", "templates"):
        shutil.copytree(PROJECT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("issues", "actors"):
        shutil.copytree(PROJECT / "content" / name, repo / "content" / name)
    (repo / ".venv").symlink_to(Path(sys.prefix))  # the hooks call .venv/bin/python
    (repo / ".gitignore").write_text(".venv\nsite/\n.cache/\n__pycache__/\n")
    run(repo, "git", "init", "-q", "-b", "main")
    commit(repo, "Start the archive", "2019-05-30T09:00:00+00:00")
    return repo


def test_an_editors_day(repo: Path, tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(ARTICLE, inbox / ARTICLE.name)
    report = tool(repo, "ingest", "--quiet", str(inbox / ARTICLE.name)).stdout
    draft = repo / report.split(": drafted ", 1)[1].split()[0].rstrip(",")
    assert draft.parent.name == "briefings" and (repo / "content/articles" / ARTICLE.name).exists()
    assert "status: draft" in draft.read_text()

    # A leftover review note stops publishing; the editor handles it and publishes.
    text = draft.read_text().replace("status: draft\n", "status: draft\nreview:\n  - check Abe's role\n", 1)
    draft.write_text(text)
    refused = tool(repo, "publish", str(draft), "--by", "Ed Itor", check=False)
    assert refused.returncode == 1 and "review note(s) left" in refused.stderr
    draft.write_text(text.replace("review:\n  - check Abe's role\n", ""))
    tool(repo, "publish", str(draft), "--by", "Ed Itor")
    assert "status: published\nreviewed_by: Ed Itor\n" in draft.read_text()
    tool(repo, "check", "--strict")
    commit(repo, "Publish the Kuril Islands briefing", "2019-05-31T10:00:00+00:00")

    # A correction, in a later commit.
    text = draft.read_text().replace(
        "\nissues:", '\ncorrections:\n  - {date: 2019-06-02, text: "Corrected the date of the meeting."}\nissues:', 1
    )
    draft.write_text(text)
    tool(repo, "fmt")
    tool(repo, "check")
    commit(repo, "Correct the meeting date", "2019-06-02T08:00:00+00:00")

    tool(repo, "build")
    page = (repo / "site/briefings" / draft.stem / "index.html").read_text()
    # The history is the editors' record, dated as they dated it: never commits, their dates or messages.
    assert '<strong>Published</strong> <time datetime="2019-05-30">30 May 2019</time>, reviewed by Ed Itor' in page
    assert '<strong>Corrected</strong> <time datetime="2019-06-02">2 June 2019</time>: Corrected the date' in page
    assert "Publish the Kuril Islands briefing" not in page and "Correct the meeting date" not in page
    assert "2019-05-31" not in page
    assert "corrections" in (repo / "site/corrections/index.html").read_text().lower()
    feed = (repo / "site/feed.xml").read_text()
    assert "<updated>2019-06-02" in feed

    # fmt is idempotent on the whole archive.
    assert "0 file(s) reformatted" in tool(repo, "fmt").stdout
    assert tool(repo, "fmt", "--check").returncode == 0


@pytest.mark.skipif(
    shutil.which("pre-commit") is None and not (Path(sys.prefix) / "bin/pre-commit").exists(),
    reason="pre-commit is not installed (pip install -e '.[test]')",
)
def test_pre_commit_blocks_a_bad_briefing(repo: Path):
    pre_commit = shutil.which("pre-commit") or str(Path(sys.prefix) / "bin/pre-commit")
    run(repo, pre_commit, "install")
    bad = repo / "briefings" / "2024-01-01-bad.md"
    bad.parent.mkdir(exist_ok=True)
    bad.write_text("---\ntitle: Bad\ndate: 2024-13-45\nstatus: draft\nsource: {outlet: DW}\n---\n")
    run(repo, "git", "add", "-A")
    blocked = run(repo, "git", "commit", "-m", "Add a bad briefing", check=False)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0
    assert "briefings/2024-01-01-bad.md:3: date: '2024-13-45' is not a real date" in output
    assert run(repo, "git", "log", "--format=%s").stdout.splitlines() == ["Start the archive"]
