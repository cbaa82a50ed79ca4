"""Books written for the web: MDX modules, the components of web templates,
mdBook's <Listing>, interactive content and metadata written as markup."""

from __future__ import annotations

from bookpress.diagnostics import Diagnostics
from bookpress.metatext import iso_date, lines, plain
from bookpress.model import Div, Figure, Image, Paragraph, plain_text
from bookpress.writers.markup import HtmlWriter
from bookpress.writers.print_html import PrintHtml

from .util import load_book, nodes, with_code

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def write_png(root, rel: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PNG)


def test_imported_images_and_chapters(make_book) -> None:
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "T"\nchapters = ["article.mdx"]\n',
            "article.mdx": """\
                import Intro from "./chapters/intro.mdx";
                import Note from '../components/Note.astro'
                import { Image as AstroImage } from 'astro:assets';

                <Intro />

                ## Second

                Text.
                """,
            "chapters/intro.mdx": """\
                ---
                title: ignored
                ---
                import fig from '../assets/fig.png'
                import Image from '../../components/Image.astro'

                ## First

                <Image src={fig} alt="A figure" caption={'A caption<br/> Credit: <a href="https://example.org">Someone</a>'} />

                A [broken](#nowhere) link.
                """,
        }
    )
    write_png(root, "assets/fig.png")
    _, book, diagnostics = load_book(root)
    assert [plain_text(ch.title) for ch in book.body] == ["First", "Second"]  # one article, cut at ##
    [figure] = nodes(book, Figure)
    assert figure.image.src == "assets/fig.png" and not figure.image.attr.has("missing")
    caption = plain_text(figure.caption)
    assert caption.startswith("A caption") and "Credit: Someone" in caption and "<" not in caption
    [broken] = with_code(diagnostics, "broken-anchor")
    assert (broken.path, broken.line) == ("chapters/intro.mdx", 11)  # the line map reaches into the import
    assert not with_code(diagnostics, "component-unknown")


def test_a_chapter_that_imports_itself_is_refused(make_book) -> None:
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "T"\nchapters = ["a.mdx"]\n',
            "a.mdx": "import A from './a.mdx'\n\n# A\n\n<A />\n\nText.\n",
        }
    )
    _, book, diagnostics = load_book(root)
    assert with_code(diagnostics, "mdx-import")
    assert any(plain_text(p.children) == "Text." for p in nodes(book, Paragraph))


def test_mdbook_listing_element(make_book) -> None:
    root = make_book(
        {
            "src/SUMMARY.md": "- [One](ch01.md)\n",
            "src/ch01.md": """\
                # One

                <Listing number="1-1" file-name="src/main.rs" caption="A program that prints `Hello, world!`">

                ```rust
                fn main() {}
                ```

                </Listing>

                A generic <Foo>kept</Foo> element, and Vec<T> in prose.
                """,
        }
    )
    _, book, diagnostics = load_book(root)
    [listing] = [d for d in nodes(book, Div) if d.attr.has("listing-figure")]
    text = plain_text(listing.blocks[0].blocks[0].children)
    assert text == "Filename: src/main.rs"
    caption = listing.blocks[-1]
    assert isinstance(caption, Paragraph) and plain_text(caption.children) == (
        "Listing 1-1: A program that prints Hello, world!"
    )
    assert listing.attr.id == "listing-1-1"
    paragraph = next(p for p in nodes(book, Paragraph) if "generic" in plain_text(p.children))
    assert plain_text(paragraph.children) == "A generic kept element, and Vec<T> in prose."
    [unknown] = with_code(diagnostics, "component-unknown")
    assert "<Foo>" in unknown.message and "once" in unknown.message


def test_interactive_content_is_a_numbered_figure_with_a_print_form(make_book) -> None:
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "T"\nurl = "https://example.org/book"\nchapters = ["a.mdx"]\n',
            "a.mdx": """\
                import HtmlEmbed from '../components/HtmlEmbed.astro'

                ## Charts

                <HtmlEmbed src="bar.html" title="Bars" desc="Loss by <b>step</b>" id="fig-bars" />

                See @fig-bars.

                <iframe title="A demo" src="https://demo.example.org" width="100%"></iframe>

                <Accordion title="More">
                Hidden text.
                </Accordion>
                """,
            "embeds/bar.html": "<div id='chart'></div>",
        }
    )
    _, book, diagnostics = load_book(root)
    first, second = nodes(book, Figure)
    assert first.number and plain_text(first.caption) == "Loss by step"
    assert first.image.src == "embeds/bar.html" and first.image.attr.get("embed-title") == "Bars"
    assert first.image.attr.get("online") == "https://example.org/book#fig-bars"
    assert second.image.attr.get("embed") == "iframe" and plain_text(second.caption) == "A demo"
    [details] = [d for d in nodes(book, Div) if d.attr.has("details")]
    assert plain_text(details.blocks[0].children) == "More"
    print_html = PrintHtml(book, Diagnostics()).block_figure(first)
    assert 'class="embed-qr"' in print_html and "data:image/svg+xml" in print_html
    assert "example.org/book#fig-bars" in print_html and "HtmlEmbed" not in print_html
    screen_html = HtmlWriter(book, Diagnostics()).block_figure(first)
    assert "embed-qr" not in screen_html and "Bars" in screen_html
    assert not with_code(diagnostics, "unsafe-html")


def test_git_lfs_pointers_are_placeholders_with_one_warning(make_book) -> None:
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n"
    root = make_book(
        {"src/a.md": "# A\n\n![one](a.png)\n\n![two](b.png)\n", "src/a.png": pointer, "src/b.png": pointer}
    )
    _, book, diagnostics = load_book(root)
    images = nodes(book, Image)
    assert len(images) == 2
    assert all(i.attr.has("missing") for i in images)
    [warning] = with_code(diagnostics, "lfs-pointer")
    assert "2 images" in warning.message and "git lfs pull" in warning.message


def test_metadata_is_text() -> None:
    assert plain("The Book:<br/> The **Sub**title &amp; more") == "The Book: The Subtitle & more"
    assert lines("Bringing paper to life:\n A modern template") == (
        "Bringing paper to life:",
        "A modern template",
    )
    assert iso_date("Oct. 30, 2025") == "2025-10-30"
    assert iso_date("Sep. 01, 2025") == "2025-09-01"
    assert iso_date("October 2025") == "2025-10"
    assert iso_date("2025") == "2025"
    assert iso_date("soon") is None


def test_title_with_breaks_and_a_written_date(make_book) -> None:
    root = make_book(
        {
            "book.toml": '[book]\nchapters = ["a.mdx"]\n',
            "a.mdx": '---\ntitle: "The Book:<br/> The Subtitle"\npublished: "Oct. 30, 2025"\n---\n\n## One\n\nText.\n',
        }
    )
    _, book, diagnostics = load_book(root)
    assert book.meta.title == "The Book: The Subtitle"
    assert book.meta.title_lines == ("The Book:", "The Subtitle")
    assert book.meta.slug == "the-book-the-subtitle"
    assert book.meta.date == "2025-10-30"
    root = make_book({"book.toml": '[book]\ntitle = "T"\ndate = "someday"\n', "src/a.md": "# A\n"})
    _, book, diagnostics = load_book(root)
    assert book.meta.date == "" and with_code(diagnostics, "bad-date")


def test_mdx_comments_and_expressions(make_book) -> None:
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "T"\nchapters = ["a.mdx"]\n',
            "a.mdx": """\
                ## One {#sec-one}

                {/* a note to self */}

                Text{" "}with {/* inline */}an expression {props.count} and `{/* code */}` and $x^{2}$.

                {/*
                several lines
                */}

                <Chart options={{ log: true }} />
                """,
        }
    )
    _, book, diagnostics = load_book(root)
    text = " ".join(plain_text(p.children) for p in nodes(book, Paragraph))
    assert "note to self" not in text and "several lines" not in text and "inline" not in text
    assert "Text with an expression  and {/* code */} and" in text
    assert book.body[0].id == "sec-one"
    [warning] = with_code(diagnostics, "mdx-expression")
    assert "{props.count}" in warning.message and warning.line == 5


def test_language_of_a_book_that_does_not_say(make_book) -> None:
    chinese = "这是一本关于编程的书。我们来说说为什么这个问题很重要，还有时间的关系。" * 20
    root = make_book({"src/a.md": f"# 第一章\n\n{chinese}\n"})
    _, book, diagnostics = load_book(root)
    assert book.meta.language == "zh-CN"
    assert with_code(diagnostics, "language-guessed", notes=True)
    root = make_book(
        {"book.toml": '[book]\ntitle = "T"\nlanguage = "en"\n', "src/a.md": f"# A\n\n{chinese}\n"}
    )
    _, book, _ = load_book(root)
    assert book.meta.language == "en"  # said in book.toml: kept (and warned about by the glyph check)
    traditional = "這是一本關於編程的書。我們來說說為什麼這個問題很重要，還有時間的關係。" * 20
    root = make_book({"src/a.md": f"# 第一章\n\n{traditional}\n"})
    _, book, _ = load_book(root)
    assert book.meta.language == "zh-TW"


def test_html_figures_keep_the_authors_label_and_read_markdown(make_book) -> None:
    root = make_book(
        {
            "src/a.md": """\
                # A

                <figure>

                <img alt="A box" src="box.png" />

                <figcaption>图 17-8：把一个 `String` pin 起来</figcaption>

                </figure>
                """,
            "book.toml": '[book]\ntitle = "T"\nlanguage = "zh-CN"\n',
        }
    )
    write_png(root, "src/box.png")
    _, book, _ = load_book(root)
    [figure] = nodes(book, Figure)
    assert figure.number is None and figure.attr.has("unnumbered")
    assert plain_text(figure.caption) == "图 17-8：把一个 String pin 起来"


def test_in_mdx_a_line_of_text_after_html_is_markdown(make_book) -> None:
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "T"\nchapters = ["a.mdx"]\n',
            "a.mdx": "## A\n\n<br/>\n**Use color with care.**\nColor is not meaning.\n",
        }
    )
    _, book, _ = load_book(root)
    text = " ".join(plain_text(p.children) for p in nodes(book, Paragraph))
    assert "Use color with care." in text and "**" not in text
