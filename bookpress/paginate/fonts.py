"""One subset of each face for the whole book, cut from the original font.

Each unit's PDF embeds its own subset of every face it uses: 28 chapters
joined as they are embedded Linux Libertine 28 times (the joined file was
1.73x the whole-document one on the bench book). WeasyPrint subsets with
HarfBuzz keeping glyph ids (``RETAIN_GIDS``): a glyph has the same id in
every unit's subset and in the original font, so one subset of the original
to the union of the units' glyphs serves every unit's text, unchanged. It is
cut here the way WeasyPrint cuts it (its own ``Font.clean``, on a face made
from the original file), so the book embeds what a whole-document render
would embed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .layout import FontUse


@dataclass(frozen=True)
class SharedFont:
    name: str
    data: bytes
    opentype: bool  # CFF outlines (FontFile3 /OpenType), else TrueType (FontFile2)


def shared_subsets(uses: list[FontUse], font_dir: Path) -> dict[str, SharedFont]:
    """For each face name used with one original file in every unit: the
    subset to all the glyphs the units use. A face that cannot be shared (a
    variable or colour font, a missing original) is left out: its units keep
    their own subsets."""
    by_name: dict[str, list[FontUse]] = {}
    for use in uses:
        by_name.setdefault(use.name, []).append(use)
    out: dict[str, SharedFont] = {}
    for name, group in by_name.items():
        digests = {u.digest for u in group}
        if len(digests) != 1 or "" in digests or len({u.index for u in group}) != 1:
            continue
        path = font_dir / f"{group[0].digest}.font"
        try:
            original = path.read_bytes()
        except OSError:
            continue
        gids = sorted({g for u in group for g in u.gids})
        data = _subset(original, group[0].index, gids, group[0].hinting, any(u.missing for u in group))
        if data:
            out[name] = SharedFont(name, data, data[:4] == b"OTTO")
    return out


def _subset(original: bytes, index: int, gids: list[int], hinting: bool, missing: bool) -> bytes | None:
    from weasyprint.pdf.fonts import Font
    from weasyprint.text.ffi import ffi, harfbuzz

    _declare(ffi)
    blob = harfbuzz.hb_blob_create(
        ffi.from_buffer(original), len(original), 0, ffi.NULL, ffi.NULL
    )  # duplicate
    face = ffi.gc(harfbuzz.hb_face_create(blob, index), harfbuzz.hb_face_destroy)
    harfbuzz.hb_blob_destroy(blob)
    font = Font.__new__(Font)
    font.hb_face = face
    font.file_content = original
    font.index = index
    font.family = ""
    font.missing = {0: 0} if missing else {}
    font.tables = []
    font.png = font.svg = font.colr = False
    font.clean(dict.fromkeys(gids, ""), hinting)
    return bytes(font.file_content) if font.file_content is not original else None


_declared = False


def _declare(ffi) -> None:
    """HarfBuzz calls WeasyPrint does not declare: a face from bytes."""
    global _declared
    if _declared:
        return
    ffi.cdef(
        "hb_blob_t * hb_blob_create (const char *data, unsigned int length, int mode, "
        "void *user_data, void *destroy);\n"
        "hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);"
    )
    _declared = True
