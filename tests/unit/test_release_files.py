"""What a release may replace: only the files it wrote, never the book."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bookpress.diagnostics import BookError
from bookpress.release import (
    MANIFEST,
    _publish,
    _refuse_foreign,
    owned_files,
    refuse_overlap,
    remove_stale_staging,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stage(root: Path, files: dict[str, str]) -> Path:
    staging = root / "staging"
    staging.mkdir()
    for name, text in files.items():
        (staging / name).write_text(text)
    return staging


@pytest.mark.parametrize("out", [".", "..", "../.."])
def test_a_release_folder_that_is_or_holds_the_book_is_refused(tmp_path: Path, out: str) -> None:
    book = tmp_path / "a" / "b" / "book"
    book.mkdir(parents=True)
    with pytest.raises(BookError) as info:
        refuse_overlap(book, book / out)
    assert info.value.diagnostic.code == "release-out"


def test_a_release_folder_inside_the_book_or_beside_it_is_fine(tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    assert refuse_overlap(book, book / "dist") is None  # no error raised
    assert refuse_overlap(book, tmp_path / "dist") is None


def test_a_symlink_to_the_book_is_the_book(tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    (tmp_path / "link").symlink_to(book)
    with pytest.raises(BookError):
        refuse_overlap(book, tmp_path / "link")


def test_publish_replaces_its_own_files_and_keeps_everything_else(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    _publish(stage(tmp_path, {"b-1.pdf": "one", "release.json": "{}", "SHA256SUMS": "s1"}), dist, {})
    (dist / "notes.txt").write_text("the author's")
    owned = owned_files(dist)
    assert sorted(owned) == ["SHA256SUMS", "b-1.pdf", "release.json"]
    assert owned["b-1.pdf"] == digest(dist / "b-1.pdf")

    staging = tmp_path / "s2"
    staging.mkdir()
    for name, text in {"b-2.pdf": "two", "release.json": "{}", "SHA256SUMS": "s2"}.items():
        (staging / name).write_text(text)
    _publish(staging, dist, owned)
    assert sorted(p.name for p in dist.iterdir()) == [
        MANIFEST,
        "SHA256SUMS",
        "b-2.pdf",
        "notes.txt",
        "release.json",
    ]
    assert (dist / "notes.txt").read_text() == "the author's"


def test_a_file_changed_since_it_was_released_is_not_removed(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    _publish(stage(tmp_path, {"b-1.pdf": "one"}), dist, {})
    owned = owned_files(dist)
    (dist / "b-1.pdf").write_text("signed by the author")
    staging = tmp_path / "s2"
    staging.mkdir()
    (staging / "b-2.pdf").write_text("two")
    _publish(staging, dist, owned)
    assert (dist / "b-1.pdf").read_text() == "signed by the author"


def test_a_file_of_the_same_name_that_bookpress_did_not_write_is_refused(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "release.json").write_text("the author's own notes")
    with pytest.raises(BookError) as info:
        _refuse_foreign(dist, ("b-1.pdf", "release.json"), owned_files(dist))
    assert "not written by bookpress release" in info.value.diagnostic.message
    _refuse_foreign(dist, ("b-1.pdf",), owned_files(dist))  # other names are free


def test_a_manifest_cannot_reach_outside_the_release_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    victim = tmp_path / "book.toml"
    victim.write_text("[book]\n")
    files = {"../book.toml": digest(victim), "/etc/passwd": "", "ok.pdf": ""}
    (dist / MANIFEST).write_text(json.dumps({"files": files}))
    assert owned_files(dist) == {"ok.pdf": ""}
    _publish(stage(tmp_path, {"b-1.pdf": "one"}), dist, owned_files(dist))
    assert victim.exists()


def test_a_release_made_before_the_manifest_is_read_from_release_json(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "b-1.pdf").write_text("one")
    info = {"bookpress": "0.1.0", "files": {"b-1.pdf": {"sha256": digest(dist / "b-1.pdf"), "pages": 3}}}
    (dist / "release.json").write_text(json.dumps(info))
    assert owned_files(dist) == {"b-1.pdf": digest(dist / "b-1.pdf"), "SHA256SUMS": "", "release.json": ""}


def test_staging_folders_of_killed_releases_are_removed_and_only_those(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = tmp_path / f".bookpress-staging-{int(done.stdout)}"
    live = tmp_path / f".bookpress-staging-{os.getpid()}"
    mine = tmp_path / ".bookpress-staging-notes"
    for folder in (dead, live, mine):
        folder.mkdir()
        (folder / "file").write_text("x")
    remove_stale_staging(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, mine.name])


def test_an_unhashed_entry_removes_nothing_but_the_release_lists(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "chapter.pdf").write_text("the author's PDF")
    (dist / "release.json").write_text(
        json.dumps({"bookpress": "0", "files": {"chapter.pdf": {"sha256": ""}}})
    )
    owned = owned_files(dist)
    assert "chapter.pdf" not in owned
    _publish(stage(tmp_path, {"b-1.pdf": "one", "release.json": "{}"}), dist, owned)
    assert (dist / "chapter.pdf").read_text() == "the author's PDF"
