"""The book's language as a BCP 47 tag (``en``, ``en-US``, ``zh-Hans``).

It ends up in ``<html lang>`` (hyphenation, PDF/UA), the EPUB's
``dc:language`` (EPUBCheck rejects ``en_US``) and the PDF metadata. Tags
are checked against the IANA subtag registry that ships with ``langcodes``:
a tag written another way (``en_US``, ``EN-us``, ``iw``) is rewritten with a
warning; something that is not a language tag at all falls back to ``en``.
"""

from __future__ import annotations

from dataclasses import dataclass

FALLBACK = "en"


@dataclass(frozen=True)
class Language:
    tag: str
    problem: str = ""  # a warning to give, or ""


def normalize_language(value: str) -> Language:
    """``value`` as a valid BCP 47 tag, and what was wrong with it."""
    import langcodes

    text = value.strip()
    if not text:
        return Language(FALLBACK, f"language is empty; using '{FALLBACK}'")
    try:
        tag = langcodes.standardize_tag(text)
    except (langcodes.LanguageTagError, ValueError):
        tag = ""
    if not tag or not langcodes.tag_is_valid(tag):
        return Language(
            FALLBACK,
            f"language '{value}' is not a BCP 47 language tag (such as en, en-US, de); using '{FALLBACK}'",
        )
    if tag.lower() != text.lower():
        return Language(tag, f"language '{value}' is written '{tag}' in BCP 47; using '{tag}'")
    return Language(tag)
