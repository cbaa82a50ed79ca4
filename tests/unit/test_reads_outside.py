"""Every place a book names a file reads it through the sandbox: refused
outside the book (with the place that named it), allowed inside ``--root``.
The hostile catalogue (tests/hostile/) runs the same refusals end to end."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bookpress.assets.host import ORIGIN
from bookpress.assets.libraries import Libraries
from bookpress.assets.routes import Router
from bookpress.build import load
from bookpress.config import Config, load_config
from bookpress.diagnostics import BookError, Diagnostics
from bookpress.doctor import stylesheet_text
from bookpress.manuscript import find_outline
from bookpress.model import Image, plain_text, query
from bookpress.profiles import PRESS
from bookpress.sandbox import REFUSED
from bookpress.writers.pdf import _cmyk_profile


def make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A folder holding ``book/`` and, beside it, ``shared/`` (a chapter, an
    image, a stylesheet, a bibliography) that only ``--root`` may open."""
    make(
        tmp_path,
        {
            "shared/two.md": "# Two\n\nShared text.\n",
            "shared/pic.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n',
            "shared/extra.css": "p { color: black; }\n",
            "shared/refs.bib": "@book{shared, title = {Shared}, author = {Doe, Jane}, year = 2020}\n",
            "shared/listing.txt": "fn main() {}\n",
        },
    )
    (tmp_path / "book" / "src").mkdir(parents=True)
    return tmp_path


def refused(diagnostics: Diagnostics) -> list[str]:
    return [f"{d.path}:{d.line}: {d.message}" for d in diagnostics.items if d.code == REFUSED]


def load_error(book: Path, root: Path | None = None) -> str:
    diagnostics = Diagnostics()
    with pytest.raises(BookError) as info:
        load(book, diagnostics, read_root=root)
    assert info.value.diagnostic.code == REFUSED, info.value.diagnostic.format()
    return info.value.diagnostic.format()


@pytest.mark.parametrize("key", ['chapters = ["../shared/two.md"]', 'appendices = ["../shared/two.md"]'])
def test_listed_chapters_outside_are_refused_and_read_with_root(place: Path, key: str) -> None:
    book = make(place / "book", {"book.toml": f'[book]\ntitle = "B"\n{key}\n', "src/one.md": "# One\n"})
    if key.startswith("appendices"):
        make(book, {"book.toml": f'[book]\ntitle = "B"\nchapters = ["src/one.md"]\n{key}\n'})
    assert "chapter file '../shared/two.md' is outside the book folder" in load_error(book)
    diagnostics = Diagnostics()
    _config, model = load(book, diagnostics, read_root=place)
    assert "Two" in [plain_text(ch.title) for ch in model.chapters()]


def test_parts_outside_are_refused(place: Path) -> None:
    book = make(
        place / "book",
        {"book.toml": '[book]\ntitle = "B"\n[[book.parts]]\ntitle = "P"\nchapters = ["../shared/two.md"]\n'},
    )
    assert "is outside the book folder" in load_error(book)


def test_summary_link_outside_is_refused_at_its_line(place: Path) -> None:
    book = make(
        place / "book",
        {
            "book.toml": '[book]\ntitle = "B"\n',
            "src/one.md": "# One\n",
            "src/SUMMARY.md": "# Summary\n\n- [One](one.md)\n- [Two](../../shared/two.md)\n",
        },
    )
    assert load_error(book).startswith("src/SUMMARY.md:4: error: chapter file '../../shared/two.md'")
    _config, model = load(book, Diagnostics(), read_root=place)
    assert len(list(model.chapters())) == 2


def test_summary_itself_a_link_out_of_the_book_is_refused(place: Path) -> None:
    book = make(place / "book", {"book.toml": '[book]\ntitle = "B"\n', "src/one.md": "# One\n"})
    (place / "shared" / "SUMMARY.md").write_text("- [Two](two.md)\n")
    (book / "src" / "SUMMARY.md").symlink_to(place / "shared" / "SUMMARY.md")
    assert "SUMMARY.md is a symbolic link leading outside the book folder" in load_error(book)


def test_folder_mode_reports_every_link_out_and_keeps_the_rest(place: Path) -> None:
    book = make(place / "book", {"book.toml": '[book]\ntitle = "B"\n', "src/one.md": "# One\n"})
    (book / "src" / "two.md").symlink_to(place / "shared" / "two.md")
    (book / "src" / "three.md").symlink_to(place / "shared" / "two.md")
    (book / "src" / "linked").symlink_to(place / "shared")  # a folder link is not entered
    diagnostics = Diagnostics()
    outline = find_outline(load_config(book, diagnostics), diagnostics)
    assert [e.path.name for e in outline.entries()] == ["one.md"]
    assert sorted(d.path for d in diagnostics.errors) == ["src/three.md", "src/two.md"]
    widened = Diagnostics()
    outline = find_outline(load_config(book, widened, read_root=place), widened)
    assert len(outline.entries()) == 3 and not widened.errors


def test_chapters_file_and_its_lines_outside_are_refused(place: Path) -> None:
    book = make(
        place / "book", {"book.toml": '[book]\ntitle = "B"\nchapters-file = "../shared/listing.txt"\n'}
    )
    assert "chapters file '../shared/listing.txt' is outside the book folder" in load_error(book)
    make(
        book,
        {"book.toml": '[book]\ntitle = "B"\nchapters-file = "list.txt"\n', "list.txt": "../shared/two.md\n"},
    )
    assert load_error(book).startswith("list.txt:1: error: chapter file '../shared/two.md' is outside")


def test_src_outside_is_refused_at_once_even_the_root_of_the_machine(place: Path) -> None:
    for src in ("/", "../shared", "/proc/self"):
        book = make(place / "book", {"book.toml": f'[book]\ntitle = "B"\nsrc = "{src}"\n'})
        diagnostics = Diagnostics()
        with pytest.raises(BookError) as info:
            load_config(book, diagnostics)
        assert (info.value.diagnostic.line, info.value.diagnostic.code) == (3, REFUSED)
    config = load_config(book, Diagnostics(), read_root=Path("/"))
    assert config.src == book / "/proc/self"  # the user opened the whole machine: allowed


def test_stylesheets_outside_are_refused_unless_root_allows_them(place: Path) -> None:
    book = make(
        place / "book",
        {
            "book.toml": '[book]\ntitle = "B"\n[output.pdf]\ncss = ["../shared/extra.css"]\n',
            "src/one.md": "# O\n",
        },
    )
    with pytest.raises(BookError) as info:
        load_config(book, Diagnostics())
    assert info.value.diagnostic.code == REFUSED and info.value.diagnostic.line == 4
    assert load_config(book, Diagnostics(), read_root=place).pdf.css == ("../shared/extra.css",)


def test_a_theme_beside_the_book_is_allowed_with_root(place: Path) -> None:
    make(place, {"shared/theme/epub.css": "body {}\n"})
    book = make(
        place / "book",
        {
            "book.toml": '[book]\ntitle = "B"\n[output.epub]\ntheme = "../shared/theme"\n',
            "src/one.md": "# O\n",
        },
    )
    with pytest.raises(BookError) as info:
        load_config(book, Diagnostics())
    assert info.value.diagnostic.code == "theme-missing"
    load_config(book, Diagnostics(), read_root=place)


def test_bibliography_outside_is_an_error_and_not_read(place: Path) -> None:
    book = make(
        place / "book",
        {
            "book.toml": '[book]\ntitle = "B"\nbibliography = ["refs.bib", "../shared/refs.bib"]\n',
            "refs.bib": "@book{own, title = {Own}, author = {Roe, Ann}, year = 2021}\n",
            "src/one.md": "# One\n\nSee [@own] and [@shared].\n",
        },
    )
    diagnostics = Diagnostics()
    config, _model = load(book, diagnostics)
    assert config.bibliography == ("refs.bib",)
    assert refused(diagnostics) == [
        f"{book / 'book.toml'}:3: bibliography '../shared/refs.bib' is outside the book folder; it is not read"
    ]
    widened = Diagnostics()
    load(book, widened, read_root=place)
    assert not widened.errors and not any("shared" in d.message for d in widened.items)


def test_csl_style_outside_is_refused(place: Path) -> None:
    book = make(
        place / "book", {"book.toml": '[book]\ntitle = "B"\ncsl = "/etc/passwd"\n', "src/o.md": "# O\n"}
    )
    with pytest.raises(BookError) as info:
        load_config(book, Diagnostics())
    assert info.value.diagnostic.code == REFUSED


def test_cover_outside_is_left_out_with_a_warning(place: Path) -> None:
    book = make(place / "book", {"book.toml": '[book]\ntitle = "B"\ncover = "../shared/pic.svg"\n'})
    diagnostics = Diagnostics()
    assert load_config(book, diagnostics).meta.cover == ""
    assert refused(diagnostics) == [
        f"{book / 'book.toml'}:3: cover '../shared/pic.svg' is outside the book folder; it is not read"
    ]
    assert load_config(book, Diagnostics(), read_root=place).meta.cover == "../shared/pic.svg"


def test_images_outside_are_placeholders_unless_root_allows_them(place: Path) -> None:
    book = make(
        place / "book",
        {"book.toml": '[book]\ntitle = "B"\n', "src/one.md": "# One\n\n![p](../../shared/pic.svg)\n"},
    )
    (book / "src" / "link.svg").symlink_to(place / "shared" / "pic.svg")
    make(book, {"src/two.md": "# Two\n\n![l](link.svg)\n"})
    diagnostics = Diagnostics()
    _config, model = load(book, diagnostics)
    images = [n for ch in model.chapters() for n in query(ch) if isinstance(n, Image)]
    assert all(i.attr.has("missing") for i in images) and len(images) == 2
    assert [m.split(":")[0:2] for m in refused(diagnostics)] == [["src/one.md", "3"], ["src/two.md", "3"]]
    _config, model = load(book, Diagnostics(), read_root=place)
    images = [n for ch in model.chapters() for n in query(ch) if isinstance(n, Image)]
    assert not any(i.attr.has("missing") for i in images)


def test_includes_and_mdx_imports_stay_in_the_book_folder(place: Path) -> None:
    book = make(
        place / "book",
        {
            "book.toml": '[book]\ntitle = "B"\nchapters = ["src/a.mdx"]\n',
            "src/a.mdx": """
                import Two from '../../shared/two.md'
                import pic from '../../shared/pic.svg'

                # A

                ```
                {{#include ../../shared/listing.txt}}
                ```

                <Two />
            """,
        },
    )
    diagnostics = Diagnostics()
    _config, model = load(book, diagnostics)
    text = "".join(plain_text(ch.title) for ch in model.chapters())
    assert "Two" not in text
    assert [m.split(":")[1] for m in refused(diagnostics)] == ["1", "2", "7"]


def test_embed_pages_and_their_data_are_served_only_from_the_sandbox(place: Path) -> None:
    book = make(place / "book", {"assets/data/a.csv": "x\n"})
    (book / "assets" / "data" / "b.csv").symlink_to(place / "shared" / "listing.txt")
    router = Router(book, Libraries(place / "node_modules", book), (("/data", "assets/data"),))
    assert router.answer(ORIGIN + "/data/a.csv").status == "file"
    assert router.answer(ORIGIN + "/data/b.csv").status == "refused"
    outside = Router(book, Libraries(place / "node_modules", book), (("/data", "../shared"),))
    assert outside.answer(ORIGIN + "/data/listing.txt").status == "refused"
    libraries = Libraries(
        place / "node_modules", book, (("https://cdn.example/x.js", "../shared/listing.txt"),)
    )
    assert libraries.find("https://cdn.example/x.js") is None


def test_icc_profile_outside_is_refused(place: Path) -> None:
    book = make(
        place / "book", {"book.toml": '[book]\ntitle = "B"\n[output.pdf]\nicc-profile = "../shared/x.icc"\n'}
    )
    (place / "shared" / "x.icc").write_bytes(b"profile")
    config: Config = load_config(book, Diagnostics())
    with pytest.raises(BookError):
        _cmyk_profile(config, PRESS, Diagnostics())
    widened = load_config(book, Diagnostics(), read_root=place)
    assert _cmyk_profile(widened, PRESS, Diagnostics()) == (place / "shared" / "x.icc").resolve()


def test_theme_imports_read_for_fonts_stay_in_the_sandbox(place: Path) -> None:
    make(place, {"book/print.css": '@import "../shared/extra.css";\nbody { font-family: serif; }\n'})
    assert "color: black" not in stylesheet_text(place / "book" / "print.css")
    assert "color: black" in stylesheet_text(place / "book" / "print.css", roots=(place.resolve(),))
