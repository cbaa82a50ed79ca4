"""The EPUB's package metadata: the book's description, what its accessibility
checks back (:mod:`bookpress.writers.epub_a11y`), and the print edition its
page list comes from."""

from __future__ import annotations

import re

from ebooklib import epub

from .. import __version__
from ..model import Meta
from ..slug import slugify
from ..vocabulary import isbn
from .epub_a11y import CONFORMANCE, Claim

_URN_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def describe(package: epub.EpubBook, meta: Meta) -> None:
    package.set_identifier(meta.identifier)
    package.set_title(meta.title)
    package.set_language(meta.language)
    for n, author in enumerate(meta.authors, start=1):
        package.add_author(author.name, uid=f"creator-{n}")  # distinct ids (ebooklib gives all "creator")
    for name, value in (
        ("description", meta.description),
        ("publisher", meta.publisher),
        ("date", meta.date),
        ("rights", meta.license),
    ):
        if value:
            package.add_metadata("DC", name, value)
    package.add_metadata(None, "meta", None, {"name": "generator", "content": f"bookpress {__version__}"})
    if meta.version:
        package.add_metadata(None, "meta", meta.version, {"property": "schema:version"})


def _property(package: epub.EpubBook, name: str, value: str) -> None:
    package.add_metadata(None, "meta", value, {"property": name})


def accessibility(package: epub.EpubBook, claim: Claim) -> None:
    for mode in claim.modes:
        _property(package, "schema:accessMode", mode)
    for modes in claim.sufficient:
        _property(package, "schema:accessModeSufficient", modes)
    for feature in claim.features:
        _property(package, "schema:accessibilityFeature", feature)
    _property(package, "schema:accessibilityHazard", "none")
    _property(package, "schema:accessibilitySummary", claim.summary)
    if claim.conforms:
        _property(package, "dcterms:conformsTo", CONFORMANCE)
        _property(package, "a11y:certifiedBy", f"bookpress {__version__} (automated checks)")


def print_source(meta: Meta) -> str:
    """The print edition the page list follows: its ISBN, else a URN naming the
    book's print edition (the EPUB's own identifier would name the EPUB)."""
    number = isbn(meta).replace("-", "").replace(" ", "")
    if number:
        return f"urn:isbn:{number}"
    name = meta.slug or slugify(meta.title, "book")
    return f"urn:bookpress:print:{name}" + (f":{_URN_UNSAFE.sub('-', meta.version)}" if meta.version else "")


def page_source(package: epub.EpubBook, meta: Meta) -> None:
    """``dc:source`` and ``pageBreakSource``: where the page list's numbers come from."""
    source = print_source(meta)
    package.add_metadata("DC", "source", source)
    _property(package, "pageBreakSource", source)
