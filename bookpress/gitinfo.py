"""What a release needs to know from the book's git repository, read without
running git.

A book is often somebody else's repository, and git obeys the repository's
own ``.git/config``: ``core.fsmonitor``, hooks, ``filter.*.clean`` drivers
named in ``.gitattributes``, ``log.showSignature`` (gpg), submodules with
their own configuration — each runs a program of the book's choosing, and
``git status`` rewrites ``.git/index`` as it goes. Hardening the command
line is a list of known keys that the next git version can outgrow, so the
repository is read as data instead, with dulwich (pure Python): refs, commit
objects, trees, the index and ``.gitignore`` files. Nothing is executed
(no filter drivers, no hooks), nothing under ``.git`` is written, and any
repository dulwich cannot read is treated as no repository at all.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GitInfo:
    commit: str  # HEAD's id
    commit_time: int | None  # the last commit that changed the book's folder
    tag: str | None  # the tag nearest to HEAD (like ``git describe --tags --abbrev=0``)
    dirty: bool | None  # changes to the book's folder not committed (None: could not tell)


def _natural(name: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def read_git(book_dir: Path) -> GitInfo | None:
    """The repository holding ``book_dir``, or ``None`` when there is none
    (or it cannot be read)."""
    try:
        from dulwich.errors import NotGitRepository
        from dulwich.repo import Repo
    except ImportError:  # pragma: no cover - a dependency
        return None
    try:
        repo = Repo.discover(str(book_dir))
    except (NotGitRepository, OSError, ValueError):
        return None
    try:
        return _read(repo, book_dir)
    except Exception:  # a damaged or unusual repository is no repository
        return None
    finally:
        repo.close()


def _read(repo, book_dir: Path) -> GitInfo | None:
    try:
        head = repo.head()
    except KeyError:  # no commit yet
        return None
    worktree = Path(repo.path).resolve()
    relative = book_dir.resolve().relative_to(worktree).as_posix()
    prefix = b"" if relative == "." else os.fsencode(relative)
    return GitInfo(
        commit=head.decode("ascii"),
        commit_time=_commit_time(repo, head, prefix),
        tag=_nearest_tag(repo, head),
        dirty=_dirty(repo, head, book_dir, prefix),
    )


def _commit_time(repo, head: bytes, prefix: bytes) -> int | None:
    walker = repo.get_walker(include=[head], paths=[prefix] if prefix else None, max_entries=1)
    for entry in walker:
        return int(entry.commit.commit_time)
    return None


def _nearest_tag(repo, head: bytes, limit: int = 100_000) -> str | None:
    """The tag on the closest commit reachable from HEAD (newest commits first)."""
    from dulwich.objects import Tag

    tagged: dict[bytes, list[str]] = {}
    for ref, sha in repo.refs.as_dict(b"refs/tags").items():
        obj = repo[sha]
        for _ in range(10):  # a tag of a tag of …
            if not isinstance(obj, Tag):
                break
            obj = repo[obj.object[1]]
        tagged.setdefault(obj.id, []).append(ref.decode("utf-8", "replace"))
    if not tagged:
        return None
    for count, entry in enumerate(repo.get_walker(include=[head])):
        names = tagged.get(entry.commit.id)
        if names:
            return max(names, key=_natural)
        if count >= limit:
            break
    return None


def _dirty(repo, head: bytes, book_dir: Path, prefix: bytes) -> bool | None:
    """Whether files of the book's folder differ from HEAD: staged, changed
    in the working tree (byte for byte, no filters) or new and not ignored."""
    from dulwich.index import get_unstaged_changes
    from dulwich.porcelain import get_untracked_paths

    def inside(path: bytes | None) -> bool:
        return path is not None and (not prefix or path == prefix or path.startswith(prefix + b"/"))

    index = repo.open_index()
    tree = repo[head].tree
    for (old, new), _modes, _shas in index.changes_from_tree(repo.object_store, tree):
        if inside(old) or inside(new):
            return True
    if any(inside(path) for path in get_unstaged_changes(index, repo.path)):
        return True
    untracked = get_untracked_paths(str(book_dir), repo.path, index, exclude_ignored=True)
    return next(iter(untracked), None) is not None
