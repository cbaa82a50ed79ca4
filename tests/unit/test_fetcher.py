"""SandboxFetcher: WeasyPrint reads only files inside the allowed folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bookpress.writers.fetcher import RefusedResource, SandboxFetcher


@pytest.fixture
def book(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    (root / "src" / "images").mkdir(parents=True)
    (root / "src" / "images" / "pic.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "book-private").mkdir()
    (tmp_path / "book-private" / "x.txt").write_text("private", encoding="utf-8")
    return root


def read(response) -> bytes:
    try:
        return response.read()
    finally:
        response.close()


def test_file_inside_an_allowed_root_is_served(book):
    fetcher = SandboxFetcher([book])
    response = fetcher.fetch((book / "src" / "images" / "pic.svg").as_uri())
    assert read(response) == b"<svg/>"
    assert fetcher.refused == []


def test_file_in_a_second_root_is_served(book, tmp_path):
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "print.css").write_text("p {}", encoding="utf-8")
    fetcher = SandboxFetcher([book, theme])
    assert read(fetcher.fetch((theme / "print.css").as_uri())) == b"p {}"


def test_etc_passwd_is_refused_and_recorded(book):
    fetcher = SandboxFetcher([book])
    with pytest.raises(RefusedResource):
        fetcher.fetch("file:///etc/passwd")
    assert len(fetcher.refused) == 1
    url, reason = fetcher.refused[0]
    assert url == "file:///etc/passwd"
    assert "outside" in reason


def test_dot_dot_escape_from_the_root_is_refused(book):
    fetcher = SandboxFetcher([book])
    url = (book / "src").as_uri() + "/../../secret.txt"
    assert Path(url.removeprefix("file://")).resolve().is_file()  # the file is really there
    with pytest.raises(RefusedResource):
        fetcher.fetch(url)
    assert [u for u, _ in fetcher.refused] == [url]


def test_percent_encoded_dot_dot_escape_is_refused(book):
    fetcher = SandboxFetcher([book])
    url = (book / "src").as_uri() + "/%2e%2e/%2e%2e/secret.txt"
    with pytest.raises(RefusedResource):
        fetcher.fetch(url)
    assert len(fetcher.refused) == 1


def test_sibling_folder_sharing_the_name_prefix_is_refused(book, tmp_path):
    fetcher = SandboxFetcher([book])
    with pytest.raises(RefusedResource):
        fetcher.fetch((tmp_path / "book-private" / "x.txt").as_uri())


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_leading_out_of_the_root_is_refused(book, tmp_path):
    link = book / "src" / "escape.txt"
    link.symlink_to(tmp_path / "secret.txt")
    fetcher = SandboxFetcher([book])
    with pytest.raises(RefusedResource):
        fetcher.fetch(link.as_uri())


@pytest.mark.parametrize(
    "url",
    ["http://example.org/x.png", "https://example.org/font.woff2", "HTTPS://EXAMPLE.ORG/x"],
)
def test_remote_urls_are_refused_by_default(book, url):
    fetcher = SandboxFetcher([book])
    with pytest.raises(RefusedResource):
        fetcher.fetch(url)
    assert fetcher.refused == [(url, "remote resources are not fetched")]


@pytest.mark.parametrize("url", ["ftp://example.org/x", "gopher://x/y", "jar:file:///x!/y"])
def test_other_schemes_are_refused(book, url):
    fetcher = SandboxFetcher([book])
    with pytest.raises(RefusedResource):
        fetcher.fetch(url)
    assert len(fetcher.refused) == 1


def test_data_urls_are_allowed(book):
    fetcher = SandboxFetcher([book])
    response = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert read(response) == b"hello"
    assert fetcher.refused == []


def test_refused_resource_is_a_value_error_so_weasyprint_goes_on(book):
    # WeasyPrint catches ordinary exceptions from fetchers and carries on.
    assert issubclass(RefusedResource, ValueError)


def test_a_symlink_loop_is_refused_without_a_crash(book):
    (book / "src" / "a.css").symlink_to("b.css")
    (book / "src" / "b.css").symlink_to("a.css")
    fetcher = SandboxFetcher([book])
    with pytest.raises(RefusedResource):
        fetcher.fetch((book / "src" / "a.css").as_uri())


def test_a_fifo_in_the_book_is_refused_not_read(book):
    os.mkfifo(book / "src" / "pipe.css")
    fetcher = SandboxFetcher([book])
    with pytest.raises(RefusedResource):
        fetcher.fetch((book / "src" / "pipe.css").as_uri())  # opening it would block the build
    assert fetcher.refused[0][1] == "not a regular file"
