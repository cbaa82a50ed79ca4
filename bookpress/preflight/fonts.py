"""What preflight knows of a PDF font: name, family, weight, embedding, the codes it draws
with .notdef, and its ToUnicode map."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pikepdf


@dataclass
class FontInfo:
    name: str  # BaseFont without the subset prefix
    family: str
    bold: bool
    embedded: bool
    code_bytes: int  # 2 for Type0 fonts, 1 for simple fonts
    notdef_codes: frozenset[int]  # codes this font draws with glyph 0 (.notdef)
    to_unicode: Callable[[], dict[int, str]]

    def char(self, code: int) -> str:
        return self.to_unicode().get(code, "")


_SUBSET = re.compile(r"^[A-Z]{6}\+")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>|\[|\]")
_RANGE_OR_CHAR = re.compile(rb"begin(bf|cid)(char|range)(.*?)end\1\2", re.S)
_CID_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>\s*)?(\d+)")


def font_info(font: pikepdf.Dictionary) -> FontInfo:
    subtype = str(font.get("/Subtype", ""))
    name = _SUBSET.sub("", str(font.get("/BaseFont", "/?"))[1:])
    descendant = font.DescendantFonts[0] if subtype == "/Type0" and "/DescendantFonts" in font else None
    descriptor = (descendant if descendant is not None else font).get("/FontDescriptor")
    family = str(descriptor.get("/FontFamily", "")) if descriptor is not None else ""
    weight = float(descriptor.get("/FontWeight", 400)) if descriptor is not None else 400
    flags = int(descriptor.get("/Flags", 0)) if descriptor is not None else 0
    bold = bool(_BOLD.search(name)) or weight >= 600 or bool(flags & (1 << 18))
    embedded = subtype == "/Type3" or (
        descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    )
    notdef = _cid_notdef(font, descendant) if descendant is not None else frozenset()
    to_unicode = _lazy(lambda: _parse_to_unicode(font.get("/ToUnicode")))
    return FontInfo(
        name, family or name, bold, embedded, 2 if descendant is not None else 1, notdef, to_unicode
    )


def _lazy(make: Callable[[], dict[int, str]]) -> Callable[[], dict[int, str]]:
    cache: list[dict[int, str]] = []

    def get() -> dict[int, str]:
        if not cache:
            cache.append(make())
        return cache[0]

    return get


def _cid_notdef(font: pikepdf.Dictionary, descendant: pikepdf.Object) -> frozenset[int]:
    """The codes of a Type0 font that reach glyph 0: code -> CID (the /Encoding CMap) -> GID
    (/CIDToGIDMap). Only CIDs listed in /W are candidates: a subset lists the glyphs it draws,
    so fonts without a .notdef in use cost nothing when their text is scanned."""
    encoding = font.get("/Encoding")
    gid_map = descendant.get("/CIDToGIDMap")
    gids = bytes(gid_map.read_bytes()) if isinstance(gid_map, pikepdf.Stream) else None
    used = _cids_in_widths(descendant.get("/W"))
    bad = {cid for cid in (used if used is not None else {0}) if _gid(gids, cid) == 0}
    if not bad:
        return frozenset()
    if isinstance(encoding, pikepdf.Stream):
        cids = _parse_cid_cmap(bytes(encoding.read_bytes()))
        return frozenset(code for code, cid in cids.items() if cid in bad)
    if str(encoding) in ("/Identity-H", "/Identity-V"):
        return frozenset(bad)
    return frozenset()  # a predefined CJK CMap: not decoded here


def _gid(gids: bytes | None, cid: int) -> int:
    if gids is None:
        return cid
    return int.from_bytes(gids[2 * cid : 2 * cid + 2], "big") if 2 * cid + 2 <= len(gids) else 0


def _cids_in_widths(widths: Any) -> set[int] | None:
    """CIDs named by a /W array: ``c [w1 w2 …]`` and ``c_first c_last w``."""
    if not isinstance(widths, pikepdf.Array):
        return None
    items = list(widths)
    cids: set[int] = set()
    i = 0
    while i + 1 < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            cids.update(range(first, first + len(items[i + 1])))
            i += 2
        else:
            cids.update(range(first, min(int(items[i + 1]), first + 0xFFFF) + 1))
            i += 3
    return cids


def _parse_cid_cmap(data: bytes) -> dict[int, int]:
    """code -> CID from an embedded CMap's cidchar and cidrange sections."""
    out: dict[int, int] = {}
    for kind, shape, body in ((m.group(1), m.group(2), m.group(3)) for m in _RANGE_OR_CHAR.finditer(data)):
        if kind != b"cid":
            continue
        for lo, hi, cid in _CID_ENTRY.findall(body):
            start = int(lo, 16)
            end = int(hi, 16) if shape == b"range" and hi else start
            for offset in range(min(end - start, 0xFFFF) + 1):
                out[start + offset] = int(cid) + offset
    return out


def _parse_to_unicode(stream: Any) -> dict[int, str]:
    """code -> text from a ToUnicode CMap (bfchar and bfrange)."""
    if not isinstance(stream, pikepdf.Stream):
        return {}
    out: dict[int, str] = {}
    for match in _RANGE_OR_CHAR.finditer(bytes(stream.read_bytes())):
        if match.group(1) != b"bf":
            continue
        tokens = [m.group(1) if m.group(1) is not None else m.group(0) for m in _HEX.finditer(match.group(3))]
        if match.group(2) == b"char":
            for src, dst in zip(tokens[::2], tokens[1::2], strict=False):
                out[int(src or b"0", 16)] = _utf16(dst)
        else:
            _bf_ranges(tokens, out)
    return out


def _bf_ranges(tokens: list[bytes], out: dict[int, str]) -> None:
    i = 0
    while i + 2 < len(tokens):
        lo, hi = int(tokens[i] or b"0", 16), int(tokens[i + 1] or b"0", 16)
        if tokens[i + 2] == b"[":
            end = tokens.index(b"]", i + 3) if b"]" in tokens[i + 3 :] else len(tokens)
            for offset, dst in enumerate(tokens[i + 3 : end]):
                out[lo + offset] = _utf16(dst)
            i = end + 1
            continue
        first = _utf16(tokens[i + 2])
        for offset in range(min(hi - lo, 0xFFFF) + 1):
            out[lo + offset] = first[:-1] + chr(ord(first[-1]) + offset) if first else ""
        i += 3


def _utf16(hex_bytes: bytes) -> str:
    try:
        return bytes.fromhex(hex_bytes.decode()).decode("utf-16-be", errors="replace")
    except ValueError:
        return ""


class FontCache:
    def __init__(self) -> None:
        self.infos: dict[Any, FontInfo] = {}

    def get(self, font: pikepdf.Dictionary) -> FontInfo:
        key = font.objgen if font.is_indirect else id(font)
        info = self.infos.get(key)
        if info is None:
            info = self.infos[key] = font_info(font)
        return info
