"""A pybtex entry → a CSL-JSON item."""

from __future__ import annotations

import re
from typing import Any

from pybtex.database import Entry as PybtexEntry
from pybtex.database import Person

from .latex import latex_to_csl, latex_to_text

_TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "incollection": "chapter",
    "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "manual": "report",
    "techreport": "report",
    "report": "report",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "thesis": "thesis",
    "unpublished": "manuscript",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "patent": "patent",
    "periodical": "periodical",
    "dataset": "dataset",
    "software": "software",
    "standard": "standard",
    "misc": "document",
}
_GENRES = {"mastersthesis": "Master’s thesis", "phdthesis": "PhD thesis", "techreport": "Technical report"}
_RICH_FIELDS = {
    "title": "title",
    "shorttitle": "title-short",
    "series": "collection-title",
    "publisher": "publisher",
    "note": "note",
    "type": "genre",
    "eventtitle": "event",
    "howpublished": "medium",
}
_PLAIN_FIELDS = {
    "volume": "volume",
    "pages": "page",
    "edition": "edition",
    "chapter": "chapter-number",
    "isbn": "ISBN",
    "issn": "ISSN",
    "pagetotal": "number-of-pages",
    "volumes": "number-of-volumes",
    "version": "version",
    "address": "publisher-place",
    "location": "publisher-place",
    "venue": "event-place",
}
_LANGUAGES = {
    "english": "en",
    "american": "en-US",
    "usenglish": "en-US",
    "british": "en-GB",
    "ukenglish": "en-GB",
    "canadian": "en-CA",
    "australian": "en-AU",
    "german": "de",
    "ngerman": "de",
    "french": "fr",
    "spanish": "es",
    "italian": "it",
    "dutch": "nl",
    "portuguese": "pt",
    "russian": "ru",
    "polish": "pl",
    "swedish": "sv",
    "japanese": "ja",
    "chinese": "zh",
}
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}
_STATUS = {"forthcoming", "in press", "to appear", "submitted", "accepted"}


def csl_from_bibtex(
    key: str,
    entry_type: str,
    fields: dict[str, str],
    persons: dict[str, list[Person]],
    parent: PybtexEntry | None = None,
) -> dict[str, Any]:
    """A CSL-JSON item from a BibTeX/BibLaTeX entry as pybtex parsed it (LaTeX still in the values)."""
    f = {name.lower(): value for name, value in fields.items()}
    people = {role.lower(): list(names) for role, names in persons.items()}
    if parent is not None:  # crossref: inherit what the entry lacks
        inherited = {name.lower(): value for name, value in parent.fields.items()}
        if "title" in inherited:
            inherited.setdefault("booktitle", inherited["title"])
            del inherited["title"]
        for name, value in inherited.items():
            f.setdefault(name, value)
        for role, names in parent.persons.items():
            if role.lower() == "editor":
                people.setdefault("editor", list(names))
    kind = entry_type.lower()
    eprint_type = (f.get("archiveprefix") or f.get("eprinttype") or "").lower()
    arxiv = eprint_type == "arxiv" and "eprint" in f
    journal = f.get("journal") or f.get("journaltitle")
    csl_type = _TYPES.get(kind, "document")
    if arxiv and (
        kind in ("misc", "unpublished", "online", "preprint") or (kind == "article" and not journal)
    ):
        csl_type = "article"
    elif kind == "misc" and "url" in f and not (f.get("publisher") or f.get("howpublished") or journal):
        csl_type = "webpage"
    csl: dict[str, Any] = {"id": key, "type": csl_type}

    for role in ("author", "editor", "translator"):
        names = [n for n in (_csl_name(p) for p in people.get(role, [])) if n]
        if names:
            csl[role] = names
    for name, target in _RICH_FIELDS.items():
        if f.get(name):
            csl[target] = latex_to_csl(f[name])
    for name, target in _PLAIN_FIELDS.items():
        if f.get(name) and target not in csl:
            csl[target] = latex_to_text(f[name])
    if f.get("subtitle") and "title" in csl:
        csl["title"] += ": " + latex_to_csl(f["subtitle"])
    container = journal or (
        f.get("booktitle") if csl_type in ("chapter", "paper-conference", "entry-encyclopedia") else ""
    )
    if container:
        csl["container-title"] = latex_to_csl(container)
    if f.get("shortjournal"):
        csl["container-title-short"] = latex_to_csl(f["shortjournal"])
    for name in ("school", "institution", "organization"):
        if f.get(name) and "publisher" not in csl:
            csl["publisher"] = latex_to_csl(f[name])
    if kind in _GENRES and "genre" not in csl:
        csl["genre"] = _GENRES[kind]
    number = latex_to_text(f.get("number", "") or f.get("issue", ""))
    if number:
        if csl_type == "article-journal" or (f.get("issue") and not f.get("number")):
            csl["issue"] = number
        elif f.get("series") and csl_type in ("book", "chapter", "paper-conference"):
            csl["collection-number"] = number
        else:
            csl["number"] = number
    if f.get("howpublished") and _verbatim(f["howpublished"]).startswith(("http://", "https://")):
        csl.pop("medium", None)
        f.setdefault("url", f["howpublished"])
    if f.get("url"):
        csl["URL"] = _verbatim(f["url"])
    if f.get("doi"):
        csl["DOI"] = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", _verbatim(f["doi"]), flags=re.I)
    if arxiv:
        csl["number"] = _verbatim(f["eprint"]).removeprefix("arXiv:")
        csl.setdefault("publisher", "arXiv")
        if "URL" not in csl and "DOI" not in csl:
            csl["URL"] = f"https://arxiv.org/abs/{csl['number']}"
    issued = _csl_date(f)
    if issued:
        csl["issued"] = issued
    elif f.get("year", "").strip().lower() in _STATUS:
        csl["status"] = f["year"].strip().lower()
    elif f.get("year"):
        csl["issued"] = {"literal": latex_to_text(f["year"])}
    if f.get("urldate"):
        accessed = _iso_date(latex_to_text(f["urldate"]))
        if accessed:
            csl["accessed"] = accessed
    lang = (f.get("langid") or f.get("language") or "").strip().lower()
    if lang:
        csl["language"] = _LANGUAGES.get(lang, lang if re.fullmatch(r"[a-z]{2}(-[a-z]{2})?", lang) else "")
        if not csl["language"]:
            del csl["language"]
    return csl


def _csl_name(person: Person) -> dict[str, str] | None:
    last = person.last_names
    if not (person.first_names or person.middle_names or person.prelast_names or person.lineage_names):
        if len(last) == 1 and last[0].startswith("{") and last[0].endswith("}"):
            return {"literal": latex_to_text(last[0][1:-1])}  # {Barnes and Noble}
        if [n.lower() for n in last] == ["others"]:
            return None  # "and others": CSL cannot force "et al."
    name = {
        "family": latex_to_text(" ".join(last)),
        "given": latex_to_text(" ".join(person.first_names + person.middle_names)),
        "non-dropping-particle": latex_to_text(" ".join(person.prelast_names)),
        "suffix": latex_to_text(" ".join(person.lineage_names)),
    }
    return {k: v for k, v in name.items() if v}


def _verbatim(value: str) -> str:
    """A URL or DOI: no LaTeX conversion beyond braces, ``\\url{}`` and escaped specials."""
    value = value.strip()
    m = re.fullmatch(r"\\url\s*\{(.*)\}", value, re.S)
    if m:
        value = m.group(1)
    value = re.sub(r"\\([_%&#$~])", r"\1", value)
    return value.replace("{", "").replace("}", "").strip()


def _csl_date(f: dict[str, str]) -> dict[str, Any] | None:
    if f.get("date"):
        date = _iso_date(latex_to_text(f["date"]))
        if date:
            return date
    year = latex_to_text(f.get("year", ""))
    m = re.fullmatch(r"(\d{3,4})[a-z]?", year)
    if not m:
        return None
    parts = [int(m.group(1))]
    month = latex_to_text(f.get("month", "")).strip().lower()
    if month.isdigit() and 1 <= int(month) <= 12:
        parts.append(int(month))
    elif month[:3] in _MONTHS:
        parts.append(_MONTHS[month[:3]])
    return {"date-parts": [parts]}


def _iso_date(text: str) -> dict[str, Any] | None:
    """``2017``, ``2017-06``, ``2017-06-12`` and ranges ``2017/2018``."""
    ranges = []
    for part in text.strip().split("/")[:2]:
        m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", part.strip())
        if not m:
            return None
        ranges.append([int(g) for g in m.groups() if g])
    return {"date-parts": ranges} if ranges else None
