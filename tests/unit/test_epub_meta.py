"""The print edition an EPUB's page list names (dc:source, pageBreakSource)."""

from __future__ import annotations

from bookpress.model import Meta
from bookpress.writers.epub_meta import print_source


def test_the_print_isbn_names_the_source() -> None:
    assert print_source(Meta("A Book", isbn="978-3-16-148410-0")) == "urn:isbn:9783161484100"
    assert print_source(Meta("A Book", identifier="urn:isbn:9783161484100")) == "urn:isbn:9783161484100"


def test_without_an_isbn_a_urn_names_the_print_edition_not_the_epub() -> None:
    meta = Meta("A Book", identifier="urn:uuid:e745c465-5ceb-5a40-81f4-d874ad502005", slug="a-book")
    assert print_source(meta) == "urn:bookpress:print:a-book"
    assert print_source(Meta("Ein Buch über Dinge", version="1.2 beta")) == (
        "urn:bookpress:print:ein-buch-uber-dinge:1.2-beta"
    )
