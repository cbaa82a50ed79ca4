"""Links around things that are not words: web cards (``<a class="card">``
around an ``<Image>`` and a title), logos, badges, components, blocks.

Each form goes reader → model → the real writers: the content survives in
print, and the EPUB's "links with text" accessibility check holds."""

from __future__ import annotations

import re
import zipfile

from bookpress.diagnostics import Diagnostics
from bookpress.model import CodeBlock, Figure, Image, Link, Paragraph, Strong, plain_text
from bookpress.reader.link_content import shown_address
from bookpress.writers.epub import write_epub
from bookpress.writers.print_html import PrintHtml

from .util import load_book, nodes, with_code

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)

CARDS = """\
    import Image from "../components/Image.astro";
    import one from "./assets/one.png";
    import two from "./assets/two.png";

    ## Examples

    <Stack layout="2-column">
      <a href="https://example.org/one" target="_blank" class="card no-padding" style="flex: 1;">
        <Image
          src={one}
          alt="The first example"
          zoomable={false}
          skipGallery
        />
        <div class="card-title-container">
          <h3 class="card-title">First example</h3>
          <p class="card-subtitle">What the first one shows</p>
        </div>
      </a>
      <a href="https://example.org/two" class="card">
        <Image src={two} alt="The second example" />
        <div class="card-title-container">
          <h3 class="card-title">Second example</h3>
          <p class="card-subtitle">What the second one shows</p>
        </div>
      </a>
    </Stack>
    """


def build(make_book, files: dict[str, str], pictures: tuple[str, ...]) -> tuple:
    """Book, print HTML, the EPUB's XHTML pages, its accessibility report and the diagnostics."""
    root = make_book(files)
    for rel in pictures:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(PNG)
    config, book, diagnostics = load_book(root)
    html = PrintHtml(book, diagnostics).document(config, None)
    target = root / "out.epub"
    result = write_epub(book, config, target, Diagnostics())
    with zipfile.ZipFile(target) as epub:
        pages = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    return book, html, pages, result.accessibility, diagnostics


def links_to(markup: str, url: str) -> list[str]:
    """The content of each ``<a href=url>`` in ``markup``."""
    return re.findall(rf'<a href="{re.escape(url)}"[^>]*>(.*?)</a>', markup, flags=re.S)


def test_a_card_link_around_an_image_component_and_a_title_is_a_figure_with_the_title_linked(
    make_book,
) -> None:
    book, html, pages, report, diagnostics = build(
        make_book,
        {"book.toml": '[book]\ntitle = "T"\nchapters = ["article.mdx"]\n', "article.mdx": CARDS},
        ("assets/one.png", "assets/two.png"),
    )
    figures = nodes(book, Figure)
    assert [f.image.alt for f in figures] == ["The first example", "The second example"]
    assert not nodes(book, CodeBlock)  # the indented <Image …/> props are not code in MDX
    first = figures[0]
    link = first.caption[0]
    assert isinstance(link, Link) and link.url == "https://example.org/one"
    assert isinstance(link.children[0], Strong) and plain_text(link.children) == "First example"
    assert "What the first one shows" in plain_text(first.caption)
    assert all(f.number is None for f in figures)  # a card is not a numbered figure
    assert all(plain_text(link.children).strip() for link in nodes(book, Link))
    for markup in (html, pages):  # print and EPUB show the picture, the title and the text
        assert markup.count("<img") == 2
        assert "First example" in links_to(markup, "https://example.org/one")[0]
        assert "What the second one shows" in markup
    assert "link-text" not in report.failed_checks
    assert not with_code(diagnostics, "epub-accessibility")


def test_readme_logos_and_badges_get_words_for_their_links(make_book) -> None:
    readme = """\
        # Project

        <p align="center">
          <a href="https://www.example.org/project/"><img src="logo.png"></a>
        </p>

        <a href="https://example.org/titled"><img src="logo.png" title="The project's logo"></a>

        [![build status](badge.png)](https://ci.example.org/job) [![](badge.png)](https://example.org/docs/?tab=1)

        <a href="https://example.org/code">
        <pre>make install</pre>
        </a>
        """
    book, html, pages, report, _ = build(
        make_book, {"src/README.md": readme}, ("src/logo.png", "src/badge.png")
    )
    words = {link.url: plain_text(link.children).strip() for link in nodes(book, Link)}
    assert words == {
        "https://www.example.org/project/": "example.org/project",  # no alt, no title: the address
        "https://example.org/titled": "The project's logo",  # the title as the picture's alt
        "https://ci.example.org/job": "build status",  # its alt, unchanged
        "https://example.org/docs/?tab=1": "example.org/docs",
        "https://example.org/code": "example.org/code",  # the code kept, the link on a line after it
    }
    [titled] = [i for i in nodes(book, Image) if i.title]
    assert titled.alt == "The project's logo"
    assert [c.text for c in nodes(book, CodeBlock)] == ["make install\n"]
    for markup in (html, pages):
        assert (
            "example.org/project</a>" in markup
            and "<img" in links_to(markup, "https://www.example.org/project/")[0]
        )
    assert "link-text" not in report.failed_checks


def test_a_link_around_an_unknown_component_or_a_bare_picture_component_is_never_empty(make_book) -> None:
    article = """\
        # T

        <a href="https://example.org/badge"><Badge /></a>

        Text <a href="https://example.org/inline"><Badge kind="x"/></a> more.

        <a href="https://example.org/pic">
          <Image
            src="pic.png"
          />
        </a>

        <a href="https://example.org/cap">
          <Image src="pic.png" caption="A caption" />
        </a>
        """
    book, _, pages, report, diagnostics = build(
        make_book,
        {"book.toml": '[book]\ntitle = "T"\nchapters = ["a.mdx"]\n', "a.mdx": article},
        ("pic.png",),
    )
    words = {link.url: plain_text(link.children).strip() for link in nodes(book, Link)}
    assert words["https://example.org/badge"] == "example.org/badge"
    assert words["https://example.org/inline"] == "example.org/inline"
    pic = next(link for link in nodes(book, Link) if link.url == "https://example.org/pic")
    assert isinstance(pic.children[0], Image) and words["https://example.org/pic"] == "example.org/pic"
    [figure] = nodes(book, Figure)  # the captioned one stays a figure, its caption linked
    assert isinstance(figure.caption[0], Link) and figure.caption[0].url == "https://example.org/cap"
    assert with_code(diagnostics, "component-unknown")
    assert "link-text" not in report.failed_checks
    assert "<img" in links_to(pages, "https://example.org/pic")[0]


def test_markdown_inside_an_html_link_keeps_its_words_linked(make_book) -> None:
    text = """\
        # C

        <a href="https://example.org/block" id="box">
        <div>

        Some **bold** words.

        </div>
        </a>
        """
    book, html, _, _, _ = build(make_book, {"src/c.md": text}, ())
    [paragraph] = [p for p in nodes(book, Paragraph) if "bold" in plain_text(p.children)]
    [link] = paragraph.children
    assert isinstance(link, Link) and plain_text(link.children) == "Some bold words."
    assert 'id="box"' in html


def test_shown_address() -> None:
    assert shown_address("https://www.example.org/a/b/?q=1#x") == "example.org/a/b"
    assert shown_address("http://user@example.org") == "example.org"
    assert shown_address("mailto:someone@example.org") == "someone@example.org"
    assert shown_address("other.md") == "other.md"


def test_indented_lines_in_mdx_are_not_code(make_book) -> None:
    """MDX has no indented code: a component's children and an element's
    props are indented as the author likes (the research-article template)."""
    article = """\
        # T

        <div class="note-grid">
          <Note>
            Plain words, indented.

            ```python
            print("fenced code stays code")
            ```
          </Note>
        </div>
        """
    book, *_ = build(
        make_book, {"book.toml": '[book]\ntitle = "T"\nchapters = ["a.mdx"]\n', "a.mdx": article}, ()
    )
    assert any(plain_text(p.children) == "Plain words, indented." for p in nodes(book, Paragraph))
    assert [c.language for c in nodes(book, CodeBlock)] == ["python"]
