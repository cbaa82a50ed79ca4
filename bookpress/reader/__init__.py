"""Read a manuscript into a :class:`~bookpress.model.Book`.

For each chapter file: parse the Markdown, take the chapter title (front
matter ``title``, else a leading level-1 heading, else the title in the
outline, else the file name), and shift the remaining headings so that the
chapter's top sections are level 2. Sub-chapters listed under a chapter in
SUMMARY.md become sections of it, one level down.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from ..config import Config, finish_meta
from ..diagnostics import Diagnostics, error
from ..manuscript import Entry, Outline, PartEntry
from ..model import (
    Attr,
    Block,
    Book,
    Chapter,
    Div,
    FootnoteDef,
    FootnoteRef,
    Heading,
    Inline,
    Meta,
    Paragraph,
    Part,
    SourceRef,
    Text,
    plain_text,
    query,
    walk,
)
from ..sandbox import REFUSED, Refused, Sandbox
from ..slug import github_anchor, xml_id
from ..text_clean import clean_source
from .cache import ReadCache
from .component_nodes import Components
from .convert import Converter, Parsed
from .front_matter import front_matter_meta
from .link_content import speakable_links
from .markdown import parse
from .nesting import cap_tokens, limit_nesting
from .preprocess import prepare
from .yaml_safe import YamlTooLarge, load_yaml

__all__ = ["read_book", "read_file"]


def read_book(
    config: Config, outline: Outline, diagnostics: Diagnostics, cache: ReadCache | None = None
) -> Book:
    """The book ``outline`` lists; with ``cache``, files read before and
    unchanged since are not parsed again."""
    entries = outline.entries()
    # A book that is one MDX article (the web playbook) is cut into chapters at
    # its level-2 headings unless book.toml says otherwise.
    article = len(entries) == 1 and entries[0].path.suffix.lower() == ".mdx"
    reader = _BookReader(config, diagnostics, split_level=config.split_level or (2 if article else None))
    reader.cache = cache
    front = [ch for e in outline.front for ch in reader.chapters(e)]
    body: list[Chapter | Part] = []
    for item in outline.body:
        if isinstance(item, PartEntry):
            chapters = tuple(ch for e in item.chapters for ch in reader.chapters(e))
            body.append(Part("", (Text(item.title),), chapters, item.source))
        else:
            for ch in reader.chapters(item):
                (front if ch.kind == "front" else body).append(ch)
    appendices = [
        dataclasses.replace(ch, kind="appendix") for e in outline.appendices for ch in reader.chapters(e)
    ]
    back = appendices + [ch for e in outline.back for ch in reader.chapters(e)]
    reader.components.finish()
    if cache is not None:
        cache.finish()
    return Book(meta=reader.meta(), front=tuple(front), body=tuple(body), back=tuple(back))


def read_file(
    path: Path,
    shown: str,
    diagnostics: Diagnostics,
    root: Path | None = None,
    components: Components | None = None,
    sandbox: Sandbox | None = None,
    text: str | None = None,
) -> Parsed:
    """Parse one Markdown file; unreadable files, and files outside ``sandbox``
    (by default the folder ``root``), are errors with their path. ``text``: the
    file's text, already read through ``sandbox``."""
    try:
        if text is None:
            text = (sandbox or Sandbox.of(root or path.parent)).read_text(path)
    except Refused as exc:
        raise error(shown, None, REFUSED, f"chapter file '{shown}' {exc.strerror}; it is not read") from None
    except UnicodeDecodeError as exc:
        raise error(shown, None, "encoding", f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise error(shown, None, "unreadable", exc.strerror or str(exc)) from None
    prepared = prepare(path, shown, root or path.parent, text, diagnostics)
    components = components or Components({}, diagnostics)
    env = {"mdx": path.suffix.lower() == ".mdx", "components": set(components.mapping)}
    tokens, _env = parse(clean_source(prepared.text, prepared.where, diagnostics), env)
    tokens = cap_tokens(tokens, prepared.where, diagnostics)
    parsed = Converter(shown, diagnostics, prepared.lines, components).document(tokens)
    parsed = limit_nesting(parsed, diagnostics, shown)  # first: what follows walks the tree
    parsed.blocks = speakable_links(parsed.blocks)
    parsed.footnotes = speakable_links(parsed.footnotes)
    return parsed


class _BookReader:
    def __init__(self, config: Config, diagnostics: Diagnostics, split_level: int | None = None) -> None:
        self.config = config
        self.split_level = split_level
        self.diagnostics = diagnostics
        self.first_front_matter: dict | None = None
        self.components = Components(config.components, diagnostics)
        self.first_title = ""
        self.first_file = ""
        self.cache: ReadCache | None = None

    def _read(self, path: Path, shown: str) -> Parsed:
        """:func:`read_file` of ``path``, through the cache when there is one."""
        sandbox, root = self.config.sandbox, self.config.root
        if self.cache is None:
            return read_file(path, shown, self.diagnostics, root, self.components, sandbox)
        try:  # read once, here: the key and the parse see the same bytes
            content: bytes | None = sandbox.read_bytes(path)
            text = _universal_newlines(content.decode("utf-8")) if content is not None else None
        except (OSError, ValueError):  # refused, unreadable, not UTF-8: read_file says so, uncached
            content, text = None, None

        def reader(diagnostics: Diagnostics, components: Components) -> Parsed:
            return read_file(path, shown, diagnostics, root, components, sandbox, text)

        return self.cache.read(path, shown, reader, self.diagnostics, self.components, content)

    def meta(self) -> Meta:
        """book.toml's metadata, completed from the first file's front matter."""
        meta = front_matter_meta(self.config.meta, self.first_front_matter or {})
        if not meta.title:
            title = self.first_title or _title_from_path(self.config.root / "README.md")
            self.diagnostics.info(
                self.config.rel(self.config.path), None, "config-title", f"no [book] title; using '{title}'"
            )
            meta = dataclasses.replace(meta, title=title)
        return finish_meta(meta, self.diagnostics, (self.first_file, 1))

    def chapters(self, entry: Entry) -> list[Chapter]:
        """The chapter of ``entry`` — or, with ``split-level``, the chapters of its file."""
        shown = self.config.rel(entry.path)
        parsed = self._read(entry.path, shown)
        front_matter = self._front_matter(parsed, shown)
        if self.first_front_matter is None:
            self.first_front_matter = front_matter
            self.first_file = shown
        if self.split_level:
            return self._split(entry, parsed, front_matter)
        title, blocks, footnotes = self._content(entry, parsed, front_matter, depth=0)
        if not self.first_title:
            self.first_title = plain_text(title)
        source = SourceRef(shown, 1)
        epigraph = front_matter.get("epigraph")
        chapter = Chapter("", title, tuple(blocks), source, entry.kind, footnotes=tuple(footnotes))
        if isinstance(epigraph, str) and epigraph.strip():
            chapter = dataclasses.replace(
                chapter,
                epigraph=(Text(epigraph.strip()),),
                epigraph_source=str(front_matter.get("epigraph-source", "")),
            )
        return [chapter]

    def _split(self, entry: Entry, parsed: Parsed, front_matter: dict) -> list[Chapter]:
        """One chapter per heading of ``split-level``; what comes before them is
        an introduction (front matter). A heading above that level at the top
        is the article's title."""
        level = self.split_level or 2
        shown = self.config.rel(entry.path)
        blocks = list(parsed.blocks)
        first = next(((i, b) for i, b in enumerate(blocks) if isinstance(b, Heading)), None)
        if first is not None and first[1].level < level:
            if not self.first_title:
                self.first_title = plain_text(first[1].children)
            del blocks[first[0]]
        heads = {i: b for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == level}
        cuts = list(heads)
        chapters: list[Chapter] = []
        intro = blocks[: cuts[0]] if cuts else blocks
        if any(not _is_blank(b) for b in intro):
            name = str(front_matter.get("introduction", ""))
            if not name:  # the opening before the first chapter; never two chapters of one name
                taken = {plain_text(heads[cut].children).strip().lower() for cut in cuts}
                name = "Preface" if "introduction" in taken else "Introduction"
            title = (Text(name),)
            intro_blocks = _shift_headings(intro, top=2)
            notes = _notes_used(intro_blocks, parsed.footnotes)
            chapters.append(
                Chapter("", title, tuple(intro_blocks), SourceRef(shown, 1), "front", footnotes=notes)
            )
        for k, cut in enumerate(cuts):
            heading = heads[cut]
            section = blocks[cut + 1 : cuts[k + 1] if k + 1 < len(cuts) else len(blocks)]
            section = _shift_headings(section, top=2)
            notes = _notes_used(section, parsed.footnotes)
            chapter_id = xml_id(heading.attr.id or github_anchor(plain_text(heading.children)), "chapter")
            kind = "front" if heading.attr.has("unnumbered") and not chapters else entry.kind
            chapters.append(
                Chapter(chapter_id, heading.children, tuple(section), heading.source, kind, footnotes=notes)
            )
        return chapters

    def _content(
        self, entry: Entry, parsed: Parsed, front_matter: dict, depth: int
    ) -> tuple[tuple[Inline, ...], list[Block], list[FootnoteDef]]:
        blocks = parsed.blocks
        title: tuple[Inline, ...] = ()
        if isinstance(front_matter.get("title"), str):
            title = (Text(front_matter["title"]),)
        first = next(((i, b) for i, b in enumerate(blocks) if isinstance(b, Heading)), None)
        if first is not None and first[1].level == 1:
            first_heading, heading = first
            if not title:
                title = heading.children
            blocks = blocks[:first_heading] + blocks[first_heading + 1 :]
            if heading.attr.id:  # keep an explicit id on the title reachable
                anchor = Attr(heading.attr.id, ("chapter-anchor",))
                blocks.insert(first_heading, Div((), anchor, heading.source))
        if not title:
            title = (Text(entry.title or _title_from_path(entry.path)),)
        blocks = _shift_headings(blocks, top=depth + 2)
        footnotes = list(parsed.footnotes)
        for n, child in enumerate(entry.children, start=1):
            child_shown = self.config.rel(child.path)
            child_parsed = self._read(child.path, child_shown)
            child_matter = self._front_matter(child_parsed, child_shown)
            child_title, child_blocks, child_notes = self._content(
                child, child_parsed, child_matter, depth + 1
            )
            child_blocks, child_notes = _qualify_footnotes(child_blocks, child_notes, f"s{n}-")
            child_src = SourceRef(child_shown, 1)
            heading = Heading(depth + 2, child_title, Attr(), child_src)
            blocks.append(Div((heading, *child_blocks), Attr(classes=("subchapter",)), child_src))
            footnotes.extend(child_notes)
        return title, blocks, footnotes

    def _front_matter(self, parsed: Parsed, shown: str) -> dict:
        if not parsed.front_matter.strip():
            return {}
        try:
            data = load_yaml(parsed.front_matter)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = parsed.front_matter_line + mark.line if mark else parsed.front_matter_line
            self.diagnostics.warn(shown, line, "front-matter", f"front matter is not valid YAML: {exc}")
            return {}
        except YamlTooLarge as exc:
            line = parsed.front_matter_line
            self.diagnostics.warn(shown, line, "front-matter-too-large", f"front matter ignored: {exc}")
            return {}
        return data if isinstance(data, dict) else {}


def _universal_newlines(text: str) -> str:
    """Line ends as a file read as text has them (``\\r\\n`` and ``\\r`` become ``\\n``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _title_from_path(path: Path) -> str:
    stem = path.parent.name if path.stem.lower() in ("readme", "index") else path.stem
    words = stem.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else "Untitled"


def _shift_headings(blocks: list[Block], top: int) -> list[Block]:
    """Shift heading levels so that the highest one is ``top`` (capped at 6)."""
    levels = [b.level for block in blocks for b in _headings(block)]
    if not levels:
        return blocks
    delta = top - min(levels)
    if delta == 0:
        return blocks

    def shift(node):
        if isinstance(node, Heading):
            return dataclasses.replace(node, level=max(1, min(6, node.level + delta)))
        return node

    return [walk(b, shift) if not isinstance(b, Heading) else shift(b) for b in blocks]


def _headings(block: Block) -> list[Heading]:
    return [n for n in query(block) if isinstance(n, Heading)]


def _qualify_footnotes(
    blocks: list[Block], notes: list[FootnoteDef], prefix: str
) -> tuple[list[Block], list[FootnoteDef]]:
    """Footnote labels are per file; make a merged sub-chapter's labels distinct."""

    def rename(node):
        if isinstance(node, FootnoteRef):
            return dataclasses.replace(node, label=prefix + node.label)
        return node

    new_blocks = [walk(b, rename) for b in blocks]
    new_notes = [
        dataclasses.replace(n, label=prefix + n.label, blocks=tuple(walk(b, rename) for b in n.blocks))
        for n in notes
    ]
    return new_blocks, new_notes


def _is_blank(block: Block) -> bool:
    return isinstance(block, Paragraph) and not plain_text(block.children).strip()


def _notes_used(blocks: list[Block], notes: list[FootnoteDef]) -> tuple[FootnoteDef, ...]:
    """The footnote definitions that ``blocks`` call (a split file shares them)."""
    labels = {n.label for b in blocks for n in query(b) if isinstance(n, FootnoteRef)}
    return tuple(n for n in notes if n.label in labels)
