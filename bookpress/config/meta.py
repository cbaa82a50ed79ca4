"""The book's metadata made safe and complete: from ``[book]`` or from a
chapter's front matter (an MDX article)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from typing import Any

from .. import metatext
from ..diagnostics import Diagnostics
from ..language import normalize_language
from ..model import Meta
from ..slug import file_slug, is_file_slug, slugify
from ..text_clean import clean_meta


def check_meta(
    meta: Meta,
    diagnostics: Diagnostics,
    shown: str,
    line_of: Callable[[str], int | None],
    table: str = "[book]",
) -> Meta:
    """Metadata made safe to use: no control characters in its texts, a slug
    that names a file inside the output folder, a BCP 47 language tag. Each
    change is a warning at the line the value came from."""
    meta = clean_meta(meta, diagnostics, shown, line_of, table)
    changes: dict[str, Any] = {}
    if meta.slug and not is_file_slug(meta.slug):
        changes["slug"] = file_slug(meta.slug)
        diagnostics.warn(
            shown,
            line_of("slug"),
            "config-slug",
            f"slug '{meta.slug}' cannot name an output file (letters, digits and ._- only); "
            f"using '{changes['slug']}'",
        )
    language = normalize_language(meta.language)
    if language.problem:
        diagnostics.warn(shown, line_of("language"), "config-language", language.problem)
    if language.tag != meta.language:
        changes["language"] = language.tag
    return dataclasses.replace(meta, **changes) if changes else meta


def finish_meta(
    meta: Meta, diagnostics: Diagnostics | None = None, where: tuple[str, int | None] = ("", None)
) -> Meta:
    """Metadata as text (markup and line breaks out, the title's breaks kept
    for the title page), dates as ISO 8601, and the defaults that depend on
    the title: slug and a stable identifier."""
    if diagnostics is not None:  # front matter too: control characters, language, slug
        meta = check_meta(meta, diagnostics, where[0], lambda _key: where[1], "front matter")
    title_lines = metatext.lines(meta.title)
    title = metatext.plain(meta.title) or "Untitled"
    date = meta.date
    if date:
        date = metatext.iso_date(date) or ""
        if not date and diagnostics is not None:
            message = (
                f"date '{meta.date}' is not a date bookpress can read; it is left out (write 2025-10-30)"
            )
            diagnostics.warn(where[0], where[1], "bad-date", message)
    return dataclasses.replace(
        meta,
        title=title,
        title_lines=title_lines if len(title_lines) > 1 else (),
        subtitle=metatext.plain(meta.subtitle),
        description=metatext.plain(meta.description),
        license=metatext.plain(meta.license),
        copyright=metatext.plain(meta.copyright),
        publisher=metatext.plain(meta.publisher),
        authors=tuple(dataclasses.replace(a, name=metatext.plain(a.name)) for a in meta.authors),
        date=date,
        slug=file_slug(meta.slug or slugify(title)),
        identifier=meta.identifier or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'bookpress:' + title)}",
    )
