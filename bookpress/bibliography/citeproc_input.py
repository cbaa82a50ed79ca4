"""CSL-JSON items tidied into what citeproc-py accepts."""

from __future__ import annotations

import re
from typing import Any

import citeproc

from .bibtex_csl import _iso_date
from .marks import _FORMATS, _OPEN_MARK, _clean

_VARIABLES = {v.replace("_", "-") for v in citeproc.VARIABLES} | {"shortTitle", "title-short"}
_NAME_VARIABLES = {v.replace("_", "-") for v in citeproc.NAMES}
_DATE_VARIABLES = {v.replace("_", "-") for v in citeproc.DATES}
_NAME_PARTS = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal")
_RICH_TAG = re.compile(r"<(/?)(i|b|sup|sub|span)(\s[^>]*)?>", re.I)


def _for_citeproc(csl: dict[str, Any], ident: str) -> dict[str, Any]:
    """A copy of a CSL-JSON item that citeproc-py takes without warnings: our id,
    known variables only, tidy names and dates, rich text as marks."""
    out: dict[str, Any] = {"id": ident, "type": str(csl.get("type") or "document")}
    for key, value in csl.items():
        if key in ("id", "type") or key not in _VARIABLES or value in (None, "", []):
            continue
        if key in _NAME_VARIABLES:
            names = [_tidy_name(n) for n in value] if isinstance(value, list) else []
            names = [n for n in names if n]
            if names:
                out[key] = names
        elif key in _DATE_VARIABLES:
            date = _tidy_date(value)
            if date:
                out[key] = date
        elif isinstance(value, (str, int, float)):
            out[key] = _rich_marks(_clean(str(value)))
    return out


def _tidy_name(name: object) -> dict[str, str] | None:
    if isinstance(name, str):
        return {"literal": _clean(name)} if name.strip() else None
    if not isinstance(name, dict):
        return None
    tidy = {k: _clean(str(name[k])) for k in _NAME_PARTS if name.get(k)}
    if "literal" in tidy:
        return {"literal": tidy["literal"]}
    return tidy or None


def _tidy_date(value: object) -> dict[str, Any] | None:
    if isinstance(value, (str, int)):
        value = {"raw": str(value)}
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        clean = []
        for date in parts[:2]:
            nums = []
            for p in date[:3]:
                try:
                    nums.append(int(p))
                except (TypeError, ValueError):
                    break
            if nums:
                clean.append(nums)
        if clean:
            out: dict[str, Any] = {"date-parts": clean}
            if value.get("circa"):
                out["circa"] = 1
            if value.get("season"):
                out["season"] = value["season"]
            return out
    raw = str(value.get("raw") or value.get("literal") or "").strip()
    if raw:
        return _iso_date(raw) or {"literal": raw}
    return None


def _rich_marks(text: str) -> str:
    """CSL-JSON rich text (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small-caps spans) →
    our marks; ``<span class="nocase">`` stays for citeproc-py to read."""
    out = []
    stack: list[str] = []
    pos = 0
    for m in _RICH_TAG.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        closing, tag, attrs = m.group(1), m.group(2).lower(), (m.group(3) or "").lower()
        if not closing:
            if tag == "span":
                kind = "sc" if "small-caps" in attrs else "nocase" if "nocase" in attrs else ""
            else:
                kind = tag
            stack.append(kind)
            if kind == "nocase":
                out.append(m.group(0))
            elif kind:
                out.append(_OPEN_MARK[kind])
        elif stack:
            kind = stack.pop()
            if kind == "nocase":
                out.append("</span>")
            elif kind:
                out.append(_FORMATS[_OPEN_MARK[kind]][0])
    out.append(text[pos:])
    # marks touching a nocase span go inside it: citeproc-py joins the words of its
    # pieces with spaces when it changes case, so a lone mark would get a space
    marked = re.sub('([\ue010-\ue01b]+)(<span class="nocase">)', r"\2\1", "".join(out))
    return re.sub("(</span>)([\ue010-\ue01b]+)", r"\2\1", marked)
