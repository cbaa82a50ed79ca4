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

# Tags that are valid and written as BCP 47 writes them (a test asks langcodes):
# most books have one of these, and need not import langcodes (0.06 s) to say so.
# fmt: off
COMMON_TAGS = frozenset({
    "en", "en-US", "en-GB", "en-AU", "en-CA", "en-IN", "de", "de-DE", "de-AT", "de-CH", "fr", "fr-FR",
    "fr-CA", "es", "es-ES", "es-MX", "it", "pt", "pt-BR", "pt-PT", "nl", "sv", "da", "nb", "nn", "no",
    "fi", "pl", "cs", "sk", "ru", "uk", "ja", "ko", "zh", "zh-CN", "zh-TW", "zh-HK", "zh-Hans",
    "zh-Hant", "ar", "he", "el", "tr", "hu", "ro", "bg", "hr", "sr", "sl", "et", "lv", "lt", "id", "ms",
    "vi", "th", "hi", "bn", "fa", "ca", "eu", "gl", "is", "ga", "cy",
})
# fmt: on


@dataclass(frozen=True)
class Language:
    tag: str
    problem: str = ""  # a warning to give, or ""


def normalize_language(value: str) -> Language:
    """``value`` as a valid BCP 47 tag, and what was wrong with it."""
    if value in COMMON_TAGS:
        return Language(value)
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
