"""Find the chapters of a book and their order.

First match wins: ``chapters = [...]`` in book.toml; ``SUMMARY.md`` in the
source folder (mdBook syntax); else every Markdown file in the source folder
in natural order.

Every file is looked for through the sandbox (:mod:`bookpress.sandbox`): a
chapter named by an absolute or ``../`` path, or a symbolic link, that leads
outside the book is an error at the line that named it, and is not read.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .config import Config, key_line
from .diagnostics import Diagnostics, error
from .md_tokens import matching_close
from .model import SourceRef
from .sandbox import REFUSED

MARKDOWN_SUFFIXES = (".md", ".mdx", ".markdown")
_SKIP_DIRS = {"node_modules", "build", "dist", "target", "_site", "book"}


@dataclass(frozen=True)
class Entry:
    """One chapter file as listed in the outline."""

    path: Path
    title: str
    kind: str  # "front", "body" or "back"
    source: SourceRef  # where the chapter was listed
    children: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class PartEntry:
    title: str
    source: SourceRef
    chapters: tuple[Entry, ...]


@dataclass(frozen=True)
class Outline:
    front: tuple[Entry, ...]
    body: tuple[Entry | PartEntry, ...]
    back: tuple[Entry, ...]
    origin: str  # what the order came from, for messages
    appendices: tuple[Entry, ...] = ()

    def entries(self) -> list[Entry]:
        """Every entry, children included, in reading order."""
        out: list[Entry] = []

        def add(entry: Entry) -> None:
            out.append(entry)
            for child in entry.children:
                add(child)

        for item in (*self.front, *self.body, *self.appendices, *self.back):
            for entry in item.chapters if isinstance(item, PartEntry) else (item,):
                add(entry)
        return out


def find_outline(config: Config, diagnostics: Diagnostics) -> Outline:
    if config.chapters is not None or config.parts:
        outline = _from_list(config)
    elif config.chapters_file is not None:
        outline = _from_chapters_file(config)
    elif (config.src / "SUMMARY.md").is_file():
        outline = _from_summary(config, config.src / "SUMMARY.md", diagnostics)
    else:
        outline = _from_folder(config, diagnostics)
    outline = _appendix_parts(outline)
    if config.appendices:
        extra = _listed_entries(config, config.appendices, "appendix", "appendices")
        moved = {e.path.resolve() for e in extra}
        body = (_without(item, moved) for item in outline.body)
        outline = dataclasses.replace(
            outline, body=tuple(i for i in body if i is not None), appendices=outline.appendices + extra
        )
    return outline


def _appendix_parts(outline: Outline) -> Outline:
    """A part called "Appendix" or "Appendices" holds the appendices, not a part."""
    body: list[Entry | PartEntry] = []
    appendices = list(outline.appendices)
    for item in outline.body:
        if isinstance(item, PartEntry) and item.title.strip().lower().rstrip(":") in (
            "appendix",
            "appendices",
        ):
            appendices.extend(dataclasses.replace(e, kind="appendix") for e in item.chapters)
        else:
            body.append(item)
    return dataclasses.replace(outline, body=tuple(body), appendices=tuple(appendices))


def _without(item: Entry | PartEntry, paths: set[Path]) -> Entry | PartEntry | None:
    """``item`` less the chapters listed as appendices."""
    if isinstance(item, PartEntry):
        return dataclasses.replace(
            item, chapters=tuple(c for c in item.chapters if c.path.resolve() not in paths)
        )
    return None if item.path.resolve() in paths else item


# --- chapters = [...] ---------------------------------------------------------------


def _from_list(config: Config) -> Outline:
    """``chapters = [...]`` and/or ``[[book.parts]]`` in book.toml."""
    body: list[Entry | PartEntry] = list(_listed_entries(config, config.chapters or (), "body", "chapters"))
    shown = config.rel(config.path)
    for title, chapters in config.parts:
        entries = _listed_entries(config, chapters, "body", "parts")
        body.append(PartEntry(title, SourceRef(shown, 0), entries))
    if not body:
        raise error(shown, config.chapters_line, "no-chapters", "[book] chapters is empty")
    return Outline((), tuple(body), (), "book.toml")


def _listed_entries(config: Config, names: tuple[str, ...], kind: str, key: str) -> tuple[Entry, ...]:
    """Chapter files named in book.toml; a missing one is an error at its key's line."""
    shown = config.rel(config.path)
    text = config.sandbox.read_text(config.path) if config.path.is_file() else ""
    line = key_line(text, "book", key)
    entries = []
    for name in names:
        path = _resolve_listed(config, name, shown, line)
        if path is None:
            raise error(shown, line, "chapter-missing", f"chapter file '{name}' does not exist")
        entries.append(Entry(path, "", kind, SourceRef(shown, line or 0)))
    return tuple(entries)


def _resolve_listed(config: Config, name: str, shown: str, line: int | None) -> Path | None:
    """The chapter file ``name`` (relative to the book folder or the source
    folder); an error when it leads outside the book."""
    refused = None
    for base in (config.root, config.src):
        candidate = base / name
        if candidate.is_file():
            if config.sandbox.file(candidate) is not None:
                return candidate
            refused = refused or candidate
    if refused is not None:
        raise error(shown, line, REFUSED, config.sandbox.refusal(f"chapter file '{name}'", refused))
    return None


# --- chapters-file = "chapters.txt" -------------------------------------------------


def _from_chapters_file(config: Config) -> Outline:
    """One path per line; a blank line starts a new group. A group of several
    chapters is a part, titled after its folder; a lone chapter stands alone.
    A README at the root, listed first, is the book's front matter."""
    listing = config.root / (config.chapters_file or "")
    shown = config.rel(config.path)
    if listing.exists() and config.sandbox.file(listing) is None:
        message = config.sandbox.refusal(f"chapters file '{config.chapters_file}'", listing)
        raise error(shown, config.chapters_file_line, REFUSED, message)
    if not listing.is_file():
        raise error(
            shown,
            config.chapters_file_line,
            "chapter-missing",
            f"chapters file '{config.chapters_file}' does not exist",
        )
    listed = config.rel(listing)
    groups: list[list[Entry]] = [[]]
    for number, raw in enumerate(config.sandbox.read_text(listing).splitlines(), start=1):
        name = raw.strip()
        if not name:
            if groups[-1]:
                groups.append([])
            continue
        if name.startswith("#"):
            continue
        path = _resolve_listed(config, name, listed, number)
        if path is None:
            raise error(listed, number, "chapter-missing", f"chapter file '{name}' does not exist")
        groups[-1].append(Entry(path, "", "body", SourceRef(listed, number)))
    groups = [g for g in groups if g]
    if not groups:
        raise error(listed, None, "no-chapters", "the chapters file lists no chapters")
    front: list[Entry] = []
    first = groups[0]
    if (
        len(first) == 1
        and first[0].path.parent.resolve() == config.root.resolve()
        and _is_index(first[0].path)
    ):
        front.append(dataclasses.replace(first[0], kind="front"))
        groups = groups[1:]
    body: list[Entry | PartEntry] = []
    for group in groups:
        if len(group) == 1:
            body.append(group[0])
        else:
            body.append(PartEntry(_group_title(group, config.root), group[0].source, tuple(group)))
    return Outline(tuple(front), tuple(body), (), "chapters file")


def _is_index(path: Path) -> bool:
    return path.stem.lower() in ("readme", "index")


def _group_title(group: list[Entry], root: Path) -> str:
    """A part's title: the folder its chapters share (``compute/…`` → Compute)."""
    folders = [_folders_of(e.path, root) for e in group]
    common: list[str] = []
    for parts in zip(*folders, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    name = common[-1] if common else group[0].path.stem
    words = name.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _folders_of(path: Path, root: Path) -> tuple[str, ...]:
    """The folders from the book's root down to ``path`` (its own folders when outside)."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(root.resolve()).parts[:-1]
    except ValueError:
        return resolved.parts[1:-1]


# --- SUMMARY.md ---------------------------------------------------------------------


def _from_summary(config: Config, summary: Path, diagnostics: Diagnostics) -> Outline:
    shown = config.rel(summary)
    if config.sandbox.file(summary) is None:
        raise error(shown, None, REFUSED, config.sandbox.refusal("SUMMARY.md", summary))
    tokens = MarkdownIt("commonmark").parse(config.sandbox.read_text(summary))
    front: list[Entry] = []
    body: list[Entry | PartEntry] = []
    back: list[Entry] = []
    part: tuple[str, SourceRef] | None = None
    part_chapters: list[Entry] = []
    seen_link = seen_list = False
    i = 0

    def close_part() -> None:
        nonlocal part_chapters
        if part is not None:
            body.append(PartEntry(part[0], part[1], tuple(part_chapters)))
            part_chapters = []

    while i < len(tokens):
        tok = tokens[i]
        line = (tok.map[0] + 1) if tok.map else 0
        if tok.type == "heading_open":
            title = tokens[i + 1].content.strip()
            if seen_link or seen_list:
                close_part()
                part = (title, SourceRef(shown, line))
            i += 3
            continue
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            end = matching_close(tokens, i)
            items = _list_entries(config, tokens[i + 1 : end], shown, diagnostics)
            (part_chapters if part is not None else body).extend(items)
            seen_list = True
            i = end + 1
            continue
        if tok.type == "paragraph_open":
            links = _links_in(
                tokens[i + 1],
                config,
                shown,
                line,
                "front" if not seen_list else "back",
                diagnostics,
            )
            if links:
                seen_link = True
                (back if seen_list else front).extend(links)
            i += 3
            continue
        i += 1
    close_part()
    return Outline(tuple(front), tuple(body), tuple(back), "SUMMARY.md")


def _list_entries(config: Config, tokens: list[Token], shown: str, diagnostics: Diagnostics) -> list[Entry]:
    """Entries of one list level; nested lists become children."""
    entries: list[Entry] = []
    i = 0
    while i < len(tokens):
        if tokens[i].type != "list_item_open":
            i += 1
            continue
        end = matching_close(tokens, i)
        item = tokens[i + 1 : end]
        where = tokens[i].map
        line = (where[0] + 1) if where else 0
        own: list[Entry] = []
        children: list[Entry] = []
        j = 0
        while j < len(item):
            t = item[j]
            if t.type in ("bullet_list_open", "ordered_list_open"):
                close = matching_close(item, j)
                children.extend(_list_entries(config, item[j + 1 : close], shown, diagnostics))
                j = close + 1
                continue
            if t.type == "inline" and not own:
                own = _links_in(t, config, shown, line, "body", diagnostics)
            j += 1
        if own:
            entries.append(Entry(own[0].path, own[0].title, "body", own[0].source, tuple(children)))
        else:
            entries.extend(children)  # a draft chapter: keep what is listed under it
        i = end + 1
    return entries


def _links_in(
    inline: Token, config: Config, shown: str, line: int, kind: str, diagnostics: Diagnostics
) -> list[Entry]:
    entries: list[Entry] = []
    children = inline.children or []
    for k, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        if child.type != "link_open":
            continue
        href = unquote(str(child.attrs.get("href", "")))
        title = ""
        for sub in children[k + 1 :]:
            if sub.type == "link_close":
                break
            title += sub.content
        if not href:
            diagnostics.info(shown, line, "draft-chapter", f"draft chapter '{title}' skipped")
            continue
        href = href.split("#", 1)[0]
        path = config.src / href
        if not path.is_file():
            raise error(shown, line, "chapter-missing", f"chapter file '{href}' does not exist")
        if config.sandbox.file(path) is None:
            raise error(shown, line, REFUSED, config.sandbox.refusal(f"chapter file '{href}'", path))
        entries.append(Entry(path, title.strip(), kind, SourceRef(shown, line)))
    return entries


# --- a folder of Markdown files -------------------------------------------------------


def _natural_key(text: str) -> list[object]:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def _file_key(path: Path, root: Path) -> list[object]:
    rel = path.relative_to(root)
    key: list[object] = []
    for directory in rel.parts[:-1]:
        key.append((1, _natural_key(directory)))
    first = path.stem.lower() in ("readme", "index")
    key.append((0 if first else 1, _natural_key(path.name)))
    return key


def _from_folder(config: Config, diagnostics: Diagnostics) -> Outline:
    src = config.src
    if not src.is_dir():
        raise error(
            config.rel(config.path),
            None,
            "no-chapters",
            f"source folder '{config.rel(src)}' does not exist",
        )
    files = []
    cover_text = config.root / config.cover.back if config.cover and config.cover.back else None
    for path in _markdown_files(src):
        if cover_text is not None and path.resolve() == cover_text.resolve():
            continue  # [cover] back: the text on the back of the cover, not a chapter
        if config.sandbox.file(path) is None:  # a symbolic link out of the book
            shown = config.sandbox.shown(path)
            diagnostics.err(shown, None, REFUSED, config.sandbox.refusal(f"chapter file '{shown}'", path))
            continue
        files.append(path)
    if not files:
        raise error(
            config.rel(config.path),
            None,
            "no-chapters",
            f"no Markdown files in '{config.rel(src) or '.'}'",
        )
    files.sort(key=lambda p: _file_key(p, src))
    entries = tuple(Entry(p, "", "body", SourceRef(config.rel(p), 1)) for p in files)
    return Outline((), entries, (), "folder")


def _markdown_files(src: Path) -> list[Path]:
    """The Markdown files under ``src``, SUMMARY.md aside; hidden folders,
    output and dependency folders (``_SKIP_DIRS``) and symbolic links to
    folders are not entered."""
    found: list[Path] = []
    for folder, dirs, names in os.walk(src):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS]
        base = Path(folder)
        found.extend(
            base / name
            for name in names
            if Path(name).suffix.lower() in MARKDOWN_SUFFIXES
            and name != "SUMMARY.md"
            and (base / name).is_file()
        )
    return found
