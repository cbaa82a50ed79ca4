"""The citations transform: formatted citations linked to a list of references."""

from __future__ import annotations

import re

from bookpress.model import Chapter, Link, Paragraph, plain_text, query

from .util import load_book, nodes

BIB = r"""
@article{vaswani2017,
  author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob},
  title = {Attention Is All You Need},
  journal = {Advances in Neural Information Processing Systems},
  volume = {30},
  year = {2017},
}
@book{knuth1984,
  author = {Knuth, Donald E.},
  title = {The {\TeX}book},
  publisher = {Addison-Wesley},
  address = {Reading, MA},
  year = {1984},
}
@misc{unused2020,
  author = {Nobody, Anne},
  title = {Never Cited},
  year = {2020},
}
"""

CHAPTER_A = "# A\n\nAs shown [@vaswani2017, p. 5].\nAnd [@nokey].\n"
CHAPTER_B = "# B\n\n@knuth1984 wrote it [-@knuth1984].\n"


def book_of(make_book, toml: str = "", a: str = CHAPTER_A, b: str = CHAPTER_B):
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "C"\nbibliography = "refs.bib"\nchapters = ["a.md", "b.md"]\n'
            + toml,
            "refs.bib": BIB,
            "a.md": a,
            "b.md": b,
        }
    )
    return load_book(root)


def paragraphs(chapter: Chapter) -> list[str]:
    return [re.sub(r"[ \n]+", " ", plain_text(p.children)) for p in nodes(chapter, Paragraph)]


def test_author_date_citations_and_a_references_chapter(make_book) -> None:
    _, book, diagnostics = book_of(make_book)
    a, b, references = book.chapters()
    assert paragraphs(a) == ["As shown (Vaswani et al. 2017, 5). And [nokey?]."]
    assert paragraphs(b) == ["Knuth (1984) wrote it (1984)."]
    assert plain_text(references.title) == "References" and references.kind == "back"
    # only the works cited, sorted by author
    assert paragraphs(references) == [
        "Knuth, Donald E. 1984. The TeXbook. Reading, MA: Addison-Wesley.",
        "Vaswani, Ashish, Noam Shazeer, Niki Parmar, and Jakob Uszkoreit. 2017. "
        "“Attention Is All You Need.” Advances in Neural Information Processing Systems 30.",
    ]
    # each citation links to its entry
    targets = {link.url for link in nodes(a, Link)} | {link.url for link in nodes(b, Link)}
    ids = {getattr(n, "attr", None).id for n in query(references) if getattr(n, "attr", None) is not None}
    assert targets == {"#ref-vaswani2017", "#ref-knuth1984"}
    assert {"ref-vaswani2017", "ref-knuth1984"} <= ids
    [warning] = diagnostics.warnings
    assert warning.format() == "a.md:4: warning: no bibliography entry for @nokey [unknown-citation]"


def test_numeric_style_numbers_in_order_of_first_citation(make_book) -> None:
    _, book, _ = book_of(make_book, 'csl = "ieee"\n')
    a, b, references = book.chapters()
    assert paragraphs(a)[0].startswith("As shown [1, p. 5].")
    assert paragraphs(b) == ["Knuth [2] wrote it [2]."]
    assert [p[:3] for p in paragraphs(references)] == ["[1]", "[2]"]


def test_per_chapter_references(make_book) -> None:
    _, book, _ = book_of(make_book, '[output]\nbibliography = "per-chapter"\n')
    chapters = list(book.chapters())
    assert [plain_text(c.title) for c in chapters] == ["A", "B"]  # no back-matter chapter
    assert paragraphs(chapters[0])[-1].startswith("Vaswani, Ashish")
    assert paragraphs(chapters[1])[-1].startswith("Knuth, Donald E.")


def test_bibliography_named_in_front_matter(make_book) -> None:
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "C"\nchapters = ["a.md"]\n',
            "refs.bib": BIB,
            "a.md": "---\nbibliography: refs.bib\n---\n\n# A\n\nSee [@knuth1984].\n",
        }
    )
    _, book, diagnostics = load_book(root)
    assert paragraphs(next(book.chapters())) == ["See (Knuth 1984)."]
    assert not diagnostics.warnings


def test_cross_references_and_emails_are_not_cited(make_book) -> None:
    _, book, diagnostics = book_of(
        make_book,
        a="# A\n\n![Loss](loss.png){#fig-loss}\n\nSee @fig-loss; write to ada@example.org.\n",
        b="# B\n\nNothing.\n",
    )
    text = paragraphs(next(book.chapters()))[-1]
    assert text.startswith("See Figure\xa01.1; write to ada@example.org.")
    assert not [d for d in diagnostics.warnings if d.code == "unknown-citation"]


def test_a_bibliography_bib_beside_the_chapters_is_used_when_none_is_named(make_book) -> None:
    # The Hugging Face research-article template reads its bibliography.bib by convention.
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "C"\nchapters = ["content/article.md"]\n',
            "content/bibliography.bib": BIB,
            "content/article.md": "# A\n\nSee [@knuth1984].\n",
        }
    )
    _, book, diagnostics = load_book(root)
    article, references = book.chapters()
    assert paragraphs(article) == ["See (Knuth 1984)."]
    assert references.role == "bibliography"
    [note] = [d for d in diagnostics.items if d.code == "bibliography-found"]
    assert note.path == "content/bibliography.bib" and not diagnostics.warnings


def test_no_bibliography_is_looked_for_without_citations(make_book) -> None:
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "C"\nchapters = ["a.md"]\n',
            "bibliography.bib": "@misc{broken,\n",
            "a.md": "# A\n\nNo citations here.\n",
        }
    )
    _, book, diagnostics = load_book(root)
    assert [c.role for c in book.chapters()] == [""] and diagnostics.items == []
