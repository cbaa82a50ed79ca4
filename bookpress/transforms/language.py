"""The book's language from its text, when ``[book] language`` does not say.

mdBook books often leave ``language`` out (mdBook assumes English): a Chinese
translation then printed with English hyphenation and the wrong CJK glyph
forms. When neither book.toml nor the front matter names a language and the
prose is mostly Chinese, Japanese or Korean, that language is used, with a
note. Simplified and Traditional Chinese are told apart by characters that
exist in one form only.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from ..model import Book, Code, CodeBlock, Text, query

if TYPE_CHECKING:
    from .context import Context

_SAMPLE = 200_000
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")
# Frequent characters written differently in Simplified and Traditional Chinese.
_SIMPLIFIED = re.compile("[这们说为个来时对会过还没发现经问题应该开关间样实现]")
_TRADITIONAL = re.compile("[這們說為個來時對會過還沒發現經問題應該開關間樣實現]")


def apply(book: Book, ctx: Context) -> Book:
    if ctx.config.language_set or book.meta.language != "en":
        return book
    language = guess(_sample(book))
    if language is None:
        return book
    ctx.diagnostics.info(
        str(ctx.config.path),
        None,
        "language-guessed",
        f'[book] language is not set and the text is {_NAMES[language]}: using "{language}"',
    )
    return dataclasses.replace(book, meta=dataclasses.replace(book.meta, language=language))


_NAMES = {"zh-CN": "Simplified Chinese", "zh-TW": "Traditional Chinese", "ja": "Japanese", "ko": "Korean"}


def guess(sample: str) -> str | None:
    """A CJK language tag for text that is mostly CJK, else None."""
    cjk = len(_CJK.findall(sample))
    if cjk < 200 or cjk * 2 < len(_LETTER.findall(sample)):
        return None
    if len(_HANGUL.findall(sample)) * 2 > cjk:
        return "ko"
    if len(_KANA.findall(sample)) * 10 > cjk:
        return "ja"
    return "zh-TW" if len(_TRADITIONAL.findall(sample)) > len(_SIMPLIFIED.findall(sample)) else "zh-CN"


def _sample(book: Book) -> str:
    parts: list[str] = []
    size = 0
    for chapter in book.chapters():
        for node in query(chapter):
            if isinstance(node, (Code, CodeBlock)):
                continue
            if isinstance(node, Text):
                parts.append(node.text)
                size += len(node.text)
        if size > _SAMPLE:
            break
    return "".join(parts)
