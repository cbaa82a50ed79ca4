"""Reading the book's git repository without running anything from it."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bookpress.gitinfo import read_git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git makes the test repositories")

HOOKS = (
    "pre-commit",
    "post-checkout",
    "post-index-change",
    "reference-transaction",
    "fsmonitor-watchman",
    "pre-auto-gc",
    "post-rewrite",
)


def git(root: Path, *args: str, date: str = "2025-03-01T12:00:00Z") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": "/dev/null",
    }
    done = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout.strip()


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and its content hash."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def repository(root: Path) -> tuple[Path, Path]:
    """A repository with the book in a subfolder, two commits and two tags."""
    repo = root / "repo"
    book = repo / "book"
    book.mkdir(parents=True)
    (book / "book.toml").write_text('[book]\ntitle = "T"\n')
    (book / "one.md").write_text("# One\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "book", date="2025-03-01T12:00:00Z")
    git(repo, "tag", "v1.0.0")
    (repo / "other.txt").write_text("not the book\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "other", date="2025-04-01T12:00:00Z")
    git(repo, "tag", "-a", "v1.1.0", "-m", "annotated")
    return repo, book


def make_hostile(repo: Path, marker: Path) -> None:
    """Every way a repository's own files can make git run a program."""
    script = repo.parent / "evil.sh"
    script.write_text(f'#!/bin/sh\necho "$0 $*" >> {marker}\n')
    script.chmod(0o755)
    included = repo.parent / "included.config"
    included.write_text(f"[core]\n\tfsmonitor = {script}\n")
    with (repo / ".git" / "config").open("a") as config:
        config.write(
            f"[core]\n\tfsmonitor = {script}\n\tpager = {script}\n\thooksPath = {repo / '.git' / 'hooks'}\n"
            f"[include]\n\tpath = {included}\n"
            f'[filter "evil"]\n\tclean = {script} clean\n\tsmudge = {script} smudge\n\trequired = true\n'
            f"[diff]\n\texternal = {script}\n[log]\n\tshowSignature = true\n"
            f"[gpg]\n\tprogram = {script}\n[core]\n\tuntrackedCache = true\n"
        )
    (repo / ".git" / "hooks").mkdir(exist_ok=True)
    for hook in HOOKS:
        path = repo / ".git" / "hooks" / hook
        path.write_text(f"#!/bin/sh\necho {hook} >> {marker}\n")
        path.chmod(0o755)
    (repo / ".gitattributes").write_text("* filter=evil\n")


def test_reads_commit_date_of_the_book_folder_tag_and_state(tmp_path: Path) -> None:
    repo, book = repository(tmp_path)
    info = read_git(book)
    assert info is not None
    assert info.commit == git(repo, "rev-parse", "HEAD")
    # the last commit that changed the book's folder, not HEAD
    assert info.commit_time == int(git(book, "log", "-1", "--format=%ct", "--", "."))
    assert info.commit_time != int(git(repo, "log", "-1", "--format=%ct"))
    assert info.tag == git(repo, "describe", "--tags", "--abbrev=0") == "v1.1.0"
    assert info.dirty is False
    (book / "two.md").write_text("# Two\n")
    assert read_git(book).dirty is True  # untracked and not ignored
    (repo / ".gitignore").write_text("two.md\n")
    assert read_git(book).dirty is False
    (book / "one.md").write_text("# One, changed\n")
    assert read_git(book).dirty is True


def test_outside_a_repository_there_is_no_git_information(tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    assert read_git(book) is None


def test_a_damaged_repository_is_no_repository(tmp_path: Path) -> None:
    repo, book = repository(tmp_path)
    head = git(repo, "rev-parse", "HEAD")
    obj = repo / ".git" / "objects" / head[:2] / head[2:]
    obj.chmod(0o644)
    obj.write_bytes(b"garbage")
    assert read_git(book) is None


def test_a_hostile_repository_runs_nothing_and_changes_nothing(tmp_path: Path) -> None:
    repo, book = repository(tmp_path)
    marker = tmp_path / "ran"
    make_hostile(repo, marker)
    (book / "one.md").touch()  # stat differs from the index: git would re-check it through the filter
    os.utime(book / "one.md", (1_900_000_000, 1_900_000_000))
    before = tree_digest(repo / ".git")

    info = read_git(book)

    assert not marker.exists(), marker.read_text()
    assert tree_digest(repo / ".git") == before  # no index refresh, no lock files left
    assert info is not None and info.tag == "v1.1.0"
    assert info.dirty is False  # one.md's bytes are as committed; .gitattributes is outside the book

    # The same repository does make git itself run the book's programs.
    copy = tmp_path / "copy"
    shutil.copytree(repo, copy, symlinks=True)
    subprocess.run(["git", "status", "--porcelain"], cwd=copy, capture_output=True, check=False)
    assert marker.exists()
