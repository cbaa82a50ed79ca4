"""Link targets written as valid URLs; what cannot be one stays as text."""

from __future__ import annotations

import pytest

from bookpress.model import Link, Span, plain_text
from bookpress.transforms.urls import INVALID, LOCAL, UrlError, valid_url

from .util import load_book, nodes, with_code


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "https://example.org/a%20b?q=1&r=x%2Fy#frag",
        "http://user:pw@example.org:8080/path;p=1/(x)",
        "https://[2001:db8::1]:443/x",
        "mailto:someone@example.org?subject=Hi",
        "https://xn--bcher-kva.example/",
        "urn:isbn:0451450523",
    ],
)
def test_valid_urls_are_kept_as_written(url: str) -> None:
    assert valid_url(url) == url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a page.html", "https://example.org/a%20page.html"),
        (
            "https://example.org/straße?q=größe#außen",
            "https://example.org/stra%C3%9Fe?q=gr%C3%B6%C3%9Fe#au%C3%9Fen",
        ),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://example.org/100%/done", "https://example.org/100%25/done"),
        ("https://example.org/a|b^c`d{e}[f]", "https://example.org/a%7Cb%5Ec%60d%7Be%7D%5Bf%5D"),
        ("https://example.org/x#a#b", "https://example.org/x#a%23b"),
        ("mailto:some one@example.org", "mailto:some%20one@example.org"),
        ("//cdn.example.org/lib.js", "https://cdn.example.org/lib.js"),
        (" \thttps://example.org/\nwrapped ", "https://example.org/wrapped"),
        ("HTTPS://Example.ORG/Path", "https://example.org/Path"),
    ],
)
def test_urls_are_percent_encoded(url: str, expected: str) -> None:
    assert valid_url(url) == expected


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("file:///etc/passwd", LOCAL),
        ("FILE://server/share/x", LOCAL),
        ("C:\\Users\\me\\notes.txt", LOCAL),
        ("http://exa mple.org/", INVALID),
        ("http://example.org:99999999/", INVALID),
        ("http://example.org:80a/", INVALID),
        ("https://", INVALID),
        ("https:example.org", INVALID),
        ("http://[::1/x", INVALID),
        ("http://[not-an-address]/", INVALID),
        ("http://exa<mple>.org/", INVALID),
    ],
)
def test_urls_that_cannot_be_repaired(url: str, kind: str) -> None:
    with pytest.raises(UrlError) as caught:
        valid_url(url)
    assert caught.value.kind == kind


def test_links_are_repaired_in_the_book_and_bad_ones_become_text_with_one_warning_each_kind(
    make_book,
) -> None:
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "U"\nchapters = ["a.md"]\n',
            "a.md": (
                "# A\n\n"
                '<a href="https://example.org/a b">spaced</a>\n'
                '<a href="https://example.org/ü">accented</a>\n'
                '<a href="file:///etc/hosts">hosts</a>\n'
                '<a href="file:///etc/group">group</a>\n'
                '<a href="http://example.org:99999/">port</a>\n\n'
                "[^n]\n\n"
                '[^n]: A note with <a href="http://bad host/">a bad host</a>.\n'
            ),
        }
    )
    _config, book, diagnostics = load_book(root)
    (chapter,) = book.chapters()
    links = {plain_text(link.children): link.url for link in nodes(chapter, Link)}
    assert links == {"spaced": "https://example.org/a%20b", "accented": "https://example.org/%C3%BC"}
    texts = [plain_text(span.children) for span in nodes(chapter, Span)]
    assert {"hosts", "group", "port", "a bad host"} <= set(texts)
    [local] = with_code(diagnostics, "file-link")
    assert (local.path, local.line) == ("a.md", 5)
    assert "2 links" in local.message and "file:///etc/hosts" in local.message
    [invalid] = with_code(diagnostics, "invalid-url")
    assert "2 links" in invalid.message and "http://example.org:99999/" in invalid.message
    assert len(with_code(diagnostics, "file-link", notes=True)) == 3  # the warning and a note each
