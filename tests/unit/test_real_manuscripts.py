"""Real manuscripts: includes, chapters files, split MDX articles, components, HTML, links."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookpress.model import (
    BlockQuote,
    Callout,
    CodeBlock,
    Div,
    Figure,
    FootnoteRef,
    Image,
    Link,
    Paragraph,
    Part,
    Table,
    plain_text,
)

from .util import chapter, load_book, nodes, with_code

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


# --- mdBook includes ---------------------------------------------------------------


@pytest.fixture(scope="module")
def mdbook():
    return load_book(FIXTURES / "mdbook")


def code_blocks(book, path: str) -> list[str]:
    return [c.text for c in nodes(chapter(book, path), CodeBlock)]


def test_includes_whole_file_anchor_and_line_ranges(mdbook) -> None:
    _, book, diagnostics = mdbook
    whole, anchor, line3, from8, nine_ten, rustdoc = code_blocks(book, "src/ch01-00-getting-started.md")
    assert whole.startswith("// A small program.\n") and "ANCHOR" not in whole
    assert anchor == 'fn main() {\n    println!("{GREETING}, world!");\n}\n'
    assert line3 == 'const GREETING: &str = "Hello";\n'
    assert from8 == "fn helper() -> u32 {\n    42\n}\n"
    assert nine_ten == "fn helper() -> u32 {\n    42\n"
    assert rustdoc == 'fn visible() {\n    println!("shown");\n}\n'
    assert not diagnostics.warnings


def test_escaped_include_stays_literal(mdbook) -> None:
    _, book, _ = mdbook
    texts = [
        plain_text(p.children) for p in nodes(chapter(book, "src/ch01-00-getting-started.md"), Paragraph)
    ]
    assert "Escaped: {{#include ../listings/hello.rs}} stays as written." in texts


def test_mdbook_tables_are_notes_and_html_links_resolve(mdbook) -> None:
    _, book, diagnostics = mdbook
    assert [d.severity.value for d in diagnostics.items if d.code == "config-ignored"] == ["info", "info"]
    intro = chapter(book, "src/README.md")
    urls = [link.url for link in nodes(intro, Link)]
    data_types = next(h for h in nodes(book, object) if getattr(h, "anchor", "") == "integer-types")
    assert urls == ["#ch01-00-getting-started", f"#{data_types.attr.id}"]


def test_include_problems_are_warnings_with_their_line(make_book) -> None:
    root = make_book(
        {
            "src/a.md": "# A\n\n{{#include missing.rs}}\n\n{{#include ../../../etc/passwd}}\n\n{{#include b.rs:nope}}\n",
            "src/b.rs": "fn b() {}\n",
        }
    )
    _, _, diagnostics = load_book(root)
    found = [(d.code, d.line) for d in diagnostics.warnings]
    assert ("include", 3) in found and ("resource-refused", 5) in found and ("include", 7) in found


def test_lines_after_an_include_keep_their_source_lines(make_book) -> None:
    root = make_book(
        {
            "src/a.md": "# A\n\n```\n{{#include b.txt}}\n```\n\n[bad](nowhere.md)\n",
            "src/b.txt": "1\n2\n3\n4\n",
        }
    )
    _, _, diagnostics = load_book(root)
    assert diagnostics.items, "expected a broken-link note"
    [note] = [d for d in diagnostics.items if d.code == "broken-link" and d.severity.value == "info"]
    assert (note.path, note.line) == ("src/a.md", 7)


# --- chapters files -------------------------------------------------------------------


@pytest.fixture(scope="module")
def readmes():
    return load_book(FIXTURES / "readmes")


def test_chapters_file_groups_become_parts_and_the_root_readme_front_matter(readmes) -> None:
    _, book, _ = readmes
    assert [c.source.path for c in book.front] == ["README.md"]
    kinds = [(type(i).__name__, plain_text(i.title)) for i in book.body]
    assert kinds == [("Part", "Guide"), ("Chapter", "Reference")]
    part = book.body[0]
    assert isinstance(part, Part) and [c.source.path for c in part.chapters] == [
        "guide/README.md",
        "guide/setup/README.md",
        "guide/usage/README.md",
    ]
    ids = [c.id for c in book.chapters()]
    assert len(set(ids)) == len(ids) == 5


def test_links_to_folders_mean_their_readme(readmes) -> None:
    _, book, _ = readmes
    top = chapter(book, "README.md")
    urls = [link.url for link in nodes(top, Link)]
    guide, setup = chapter(book, "guide/README.md"), chapter(book, "guide/setup/README.md")
    reference = chapter(book, "reference/README.md")
    assert urls[:3] == [f"#{guide.id}", f"#{setup.id}", f"#{reference.id}"]
    usage = chapter(book, "guide/usage/README.md")
    summary = next(h for h in nodes(usage, object) if getattr(h, "anchor", "") == "summary")
    assert [link.url for link in nodes(guide, Link)] == [f"#{usage.id}", f"#{summary.attr.id}"]


def test_links_out_of_the_book_are_one_summary_warning(readmes) -> None:
    _, _, diagnostics = readmes
    [summary] = with_code(diagnostics, "link-not-chapter")
    assert summary.message.startswith("2 links") and "scripts/run.sh" in summary.message
    assert len(with_code(diagnostics, "link-not-chapter", notes=True)) == 3


def test_remote_images_are_one_warning_and_placeholders(readmes) -> None:
    _, book, diagnostics = readmes
    [warning] = with_code(diagnostics, "remote-image")
    assert "--allow-remote" in warning.message and warning.path == "guide/usage/README.md"
    [image] = nodes(chapter(book, "guide/usage/README.md"), Image)
    assert image.attr.has("missing")


def test_html_blocks_become_nodes(readmes) -> None:
    _, book, diagnostics = readmes
    top = chapter(book, "README.md")
    [figure] = nodes(top, Figure)
    assert figure.image.src == "images/logo.png" and figure.image.attr.get("width") == "200"
    setup = chapter(book, "guide/setup/README.md")
    details = [d for d in nodes(setup, Div) if "details" in d.attr.classes]
    assert details and "Advanced options" in plain_text(details[0].blocks[0].children)
    assert "<jobid>" in plain_text(setup.blocks[1].children)
    [table] = nodes(setup, Table)
    assert len(table.head[0].cells) == 11
    assert with_code(diagnostics, "unsafe-html")


# --- a single MDX article split into chapters ----------------------------------------


@pytest.fixture(scope="module")
def mdx():
    return load_book(FIXTURES / "mdx")


def test_front_matter_fills_the_metadata(mdx) -> None:
    _, book, _ = mdx
    meta = book.meta
    assert meta.title == "Scaling Laws in Practice" and meta.subtitle == "A field guide"
    assert [(a.name, a.url) for a in meta.authors] == [
        ("Ada Lovelace", "https://example.org/ada"),
        ("Charles Babbage", ""),
    ]
    assert meta.date == "2024-05-01" and meta.license == "CC BY 4.0"
    assert meta.slug == "scaling-laws-in-practice"


def test_split_at_level_two_with_an_introduction(mdx) -> None:
    _, book, _ = mdx
    assert [plain_text(c.title) for c in book.front] == ["Introduction"]
    assert [plain_text(c.title) for c in book.body] == ["Data", "Compute"]
    compute = book.body[1]
    assert compute.id == "sec-compute"
    details = [b for b in compute.blocks if getattr(b, "level", 0) == 2]
    assert [plain_text(h.children) for h in details] == ["Details"]


def test_components(mdx) -> None:
    _, book, diagnostics = mdx
    data = book.body[0]
    [callout] = nodes(data, Callout)
    assert callout.kind == "note" and plain_text(callout.title) == "Heads up"
    [figure] = nodes(data, Figure)
    assert figure.image.src == "plot.png" and plain_text(figure.caption) == "Loss vs. compute"
    [quote] = nodes(data, BlockQuote)
    assert plain_text(quote.blocks[-1].children) == "— Someone"
    passthrough = [d for d in nodes(data, Div) if "component" in d.attr.classes]
    assert passthrough and plain_text(passthrough[0].blocks[0].children) == "Kept content."
    assert not [d for d in nodes(data, Div) if "placeholder" in d.attr.classes]  # Chart = "drop"
    assert [d.code for d in diagnostics.warnings] == ["component-unknown"]


def test_sidenotes_are_footnotes(mdx) -> None:
    _, book, _ = mdx
    intro, compute = book.front[0], book.body[1]
    assert len(intro.footnotes) == 1 and nodes(intro, FootnoteRef)
    assert plain_text(compute.footnotes[0].blocks[0].children) == "A block side note."
    last_paragraph = [b for b in compute.blocks if isinstance(b, Paragraph)][-2]
    assert isinstance(last_paragraph.children[-1], FootnoteRef)


def test_unmapped_childless_component_with_a_title_is_an_interactive_figure(make_book) -> None:
    root = make_book({"src/a.mdx": '# A\n\n<Chart data={[1, 2]}\n  title="Growth" />\n\nAfter.\n'})
    _, book, diagnostics = load_book(root)
    [figure] = nodes(book, Figure)
    assert plain_text(figure.caption) == "Growth" and figure.number
    assert figure.image.attr.has("embed") and figure.image.attr.has("missing")
    [warning] = with_code(diagnostics, "component-unknown")
    assert (warning.path, warning.line) == ("src/a.mdx", 3)
    assert "<Chart>" in warning.message and "once" in warning.message
