"""The list of references goes under the author's own References heading,
never under a second one."""

from __future__ import annotations

import pytest

from bookpress.model import Div, Heading, Paragraph, plain_text, query
from bookpress.transforms.reference_place import is_references_title

from .test_citations import BIB
from .util import load_book

CITES = "# Results\n\nAs shown [@vaswani2017] and by @knuth1984.\n"


def build(make_book, files: dict[str, str], chapters: list[str], toml: str = ""):
    listed = ", ".join(f'"{c}"' for c in chapters)
    root = make_book(
        {
            "book.toml": f'[book]\ntitle = "R"\nbibliography = "refs.bib"\nchapters = [{listed}]\n{toml}',
            "refs.bib": BIB,
            **files,
        }
    )
    _config, book, diagnostics = load_book(root)
    return book, diagnostics


def lists_of_references(node) -> list[Div]:
    return [n for n in query(node) if isinstance(n, Div) and n.attr.has("bibliography")]


def outline(chapter) -> list[str]:
    """The chapter's headings, paragraphs and lists of references, in order."""
    out = []
    for block in chapter.blocks:
        for node in query(block):
            if isinstance(node, Heading):
                out.append(f"h{node.level} {plain_text(node.children)}")
            elif isinstance(node, Paragraph) and not node.attr.has("csl-entry"):
                out.append(plain_text(node.children)[:20])
            elif isinstance(node, Div) and node.attr.has("bibliography"):
                out.append(f"list of {len(node.blocks)}")
    return out


@pytest.mark.parametrize(
    "title",
    [
        "References",
        "REFERENCES",
        "7. References",
        "Bibliography:",
        "Works Cited",
        "Literaturverzeichnis",
        "Références",
        "Bibliografía",
        "参考文献",
        "참고문헌",
        "Список литературы",
        "Tài liệu tham khảo",
    ],
)
def test_titles_of_a_list_of_references(title: str) -> None:
    assert is_references_title(title)


@pytest.mark.parametrize(
    "title", ["Reference", "API Reference", "Further reading", "Referencing figures", "Sources of error"]
)
def test_titles_that_are_about_something_else(title: str) -> None:
    assert not is_references_title(title)


def test_the_books_own_title_counts() -> None:
    assert is_references_title("Cited Papers", configured="Cited papers")


def test_an_authors_references_chapter_receives_the_list(make_book) -> None:
    book, diagnostics = build(
        make_book,
        {"a.md": CITES, "refs.md": "# References\n\nWorks cited in this book:\n", "z.md": "# Afterword\n"},
        ["a.md", "refs.md", "z.md"],
    )
    titles = [plain_text(c.title) for c in book.chapters()]
    assert titles == ["Results", "References", "Afterword"]  # no second References, the author's place kept
    refs = list(book.chapters())[1]
    assert refs.role == "bibliography"
    assert outline(refs) == ["Works cited in this ", "list of 2"]
    assert [len(lists_of_references(c)) for c in book.chapters()] == [0, 1, 0]
    assert not diagnostics.warnings


def test_an_empty_localized_references_heading_at_the_end_of_an_article(make_book) -> None:
    book, _ = build(make_book, {"a.md": CITES + "\n## Fazit\n\nEnde.\n\n## Literatur\n"}, ["a.md"])
    (chapter,) = book.chapters()  # no References chapter added
    assert outline(chapter) == ["As shown (Vaswani et", "h2 Fazit", "Ende.", "h2 Literatur", "list of 2"]


def test_a_references_section_that_ends_its_chapter(make_book) -> None:
    book, _ = build(
        make_book,
        {"a.md": CITES + "\n## Schluss\n\nEnde.\n\n## Literatur\n\n### Primärquellen\n\nKeine.\n"},
        ["a.md"],
    )
    (chapter,) = book.chapters()  # no References chapter added
    assert outline(chapter) == [
        "As shown (Vaswani et",
        "h2 Schluss",
        "Ende.",
        "h2 Literatur",
        "h3 Primärquellen",
        "Keine.",
        "list of 2",
    ]


def test_a_references_heading_in_the_middle_of_a_chapter_is_about_something_else(make_book) -> None:
    book, _ = build(
        make_book,
        {"a.md": CITES + "\n## References\n\nHow to write them.\n\n## Next topic\n\nMore.\n"},
        ["a.md"],
    )
    a, generated = book.chapters()
    assert lists_of_references(a) == []
    assert plain_text(generated.title) == "References" and generated.kind == "back"


def test_a_pandoc_refs_div_wins(make_book) -> None:
    book, _ = build(
        make_book,
        {
            "a.md": CITES + "\n## Works cited\n\n::: {#refs}\n:::\n\n## Appendix\n\nA.\n",
            "b.md": "# References\n\nNothing here.\n",
        },
        ["a.md", "b.md"],
    )
    a, b = book.chapters()
    [refs] = [n for n in query(a) if isinstance(n, Div) and n.attr.id == "refs"]
    assert len(lists_of_references(refs)) == 1
    assert lists_of_references(b) == []


def test_per_chapter_lists_use_the_chapters_own_heading(make_book) -> None:
    book, _ = build(
        make_book,
        {"a.md": CITES + "\n## Bibliography\n", "b.md": "# B\n\nSee [@knuth1984].\n"},
        ["a.md", "b.md"],
        toml='[output]\nbibliography = "per-chapter"\n',
    )
    a, b = book.chapters()
    assert outline(a) == ["As shown (Vaswani et", "h2 Bibliography", "list of 2"]
    assert outline(b) == ["See (Knuth 1984).", "h2 References", "list of 1"]


def test_without_citations_the_authors_heading_is_left_alone(make_book) -> None:
    book, _ = build(
        make_book, {"a.md": "# A\n\nNo citations.\n", "refs.md": "# References\n"}, ["a.md", "refs.md"]
    )
    assert [c.role for c in book.chapters()] == ["", ""]
    assert all(lists_of_references(c) == [] for c in book.chapters())
