"""The EPUB's stylesheet: imports written in, resources packaged or dropped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ebooklib import epub

from bookpress.diagnostics import BookError, Diagnostics
from bookpress.slug import UniqueIds
from bookpress.writers.epub_css import StyleSheets


def sheets(root: Path) -> tuple[StyleSheets, epub.EpubBook, Diagnostics]:
    package, diagnostics = epub.EpubBook(), Diagnostics()
    return StyleSheets(root, package, UniqueIds(), diagnostics), package, diagnostics


def test_imports_are_written_in_and_book_resources_packaged(make_book) -> None:
    root = make_book(
        {
            "styles/extra.css": """
                @charset "utf-8";
                @import "parts/base.css";
                @import url("parts/print.css") print;
                @font-face { font-family: Book; src: url(../fonts/book.woff2) format("woff2"); }
                h1 { background: url('img/rule.png') no-repeat; color: #123; }
                a[href^="#"] { color: red !important; }
            """,
            "styles/parts/base.css": "p { margin: 0; }",
            "styles/parts/print.css": "p { color: black; }",
            "styles/img/rule.png": "png",
            "fonts/book.woff2": "woff2",
        }
    )
    maker, package, diagnostics = sheets(root)
    css = maker.sheet(root / "styles/extra.css", [root], "styles/extra.css")
    assert "@import" not in css and "@charset" not in css
    assert "p{margin: 0;}" in css.replace(" {", "{")
    assert "@media print" in css and "color: black" in css
    assert 'url("res/book.woff2")' in css and 'url("res/rule.png")' in css
    assert "!important" in css
    names = {item.file_name: item.media_type for item in package.get_items()}
    assert names == {"styles/res/book.woff2": "font/woff2", "styles/res/rule.png": "image/png"}
    assert diagnostics.items == []


def test_remote_file_outside_and_missing_resources_are_dropped_with_one_warning(make_book, tmp_path) -> None:
    (tmp_path / "secret.css").write_text("body { color: red }", encoding="utf-8")
    root = make_book(
        {
            "extra.css": """
                @import "https://example.com/theme.css";
                @import "../secret.css";
                @import "extra.css";
                body { background: url(http://example.com/bg.png); }
                h1 { background: url(file:///etc/passwd); }
                h2 { background: url(../outside.png); }
                h3 { background: url(missing.png); color: green; }
                h4 { background: url(page.html); }
                h5 { background: url("#frag"); }
                h6 { background: url("data:image/png;base64,AAAA"); }
            """,
            "page.html": "<p/>",
        }
    )
    maker, package, diagnostics = sheets(root)
    css = maker.sheet(root / "extra.css", [root], "extra.css")
    for gone in ("example.com", "secret", "passwd", "outside", "missing.png", "page.html", "color: red"):
        assert gone not in css, gone
    assert "h3{color: green;}" in css.replace(" {", "{")  # the rest of the rule stays
    assert "#frag" in css and "data:image/png" in css
    assert list(package.get_items()) == []
    (warning,) = diagnostics.warnings
    assert warning.code == "css-resource" and warning.path == "extra.css"
    assert "'https://example.com/theme.css' and 7 more left out" in warning.message


def test_a_stylesheet_missing_or_outside_the_book_is_an_error_not_a_crash(make_book, tmp_path: Path) -> None:
    root = make_book({"styles/ok.css": "p { margin: 0; }"})
    (tmp_path / "secret.css").write_text("p { color: red; }", encoding="utf-8")
    os.symlink(tmp_path / "secret.css", root / "styles" / "link.css")
    maker, _package, _diagnostics = sheets(root)
    for name, code in (("styles/gone.css", "css-missing"), ("styles/link.css", "resource-refused")):
        with pytest.raises(BookError) as caught:
            maker.sheet(root / name, [root], name)
        assert caught.value.diagnostic.code == code and name in caught.value.diagnostic.message
    with pytest.raises(BookError):
        maker.sheet(tmp_path / "secret.css", [root], "../secret.css")
    assert "margin" in maker.sheet(root / "styles/ok.css", [root], "styles/ok.css")
