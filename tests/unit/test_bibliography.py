"""Bibliographies: BibTeX and CSL-JSON reading, citations and reference lists in CSL styles.

Expected strings are written from the styles' rules, not copied from output:
Chicago author-date as bookpress/csl/chicago-author-date.csl states it (in the
text "et al." from three authors, no "p." before page numbers, "n.d." after a
comma; in the list up to six authors, then three and "et al.", title case,
quoted article titles and italic book and journal titles, DOIs as
https://doi.org/ URLs, sorted by author then year), and IEEE as
bookpress/csl/ieee.csl (numbers in order of first citation, initials first,
"et al." after the first of seven or more authors, comma inside the closing
quote, "doi: " before the DOI).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from bookpress.bibliography import (
    BibEntry,
    Formatter,
    latex_to_csl,
    latex_to_text,
    load_bibliography,
    parse_locator,
)
from bookpress.diagnostics import Diagnostics, Severity
from bookpress.model import CiteItem, Emph, Link, Span, Strong, Text, plain_text, query

FIXTURES = Path(__file__).parent / "fixtures" / "bib"


def load(*names: str) -> tuple[dict[str, BibEntry], Diagnostics]:
    diagnostics = Diagnostics()
    entries = load_bibliography([FIXTURES / n for n in names], FIXTURES, diagnostics)
    return entries, diagnostics


@pytest.fixture(scope="module")
def works() -> dict[str, BibEntry]:
    entries, diagnostics = load("works.bib")
    assert diagnostics.items == []
    return entries


def cite(fmt: Formatter, *keys: str, bracketed: bool = True, **kw: Any) -> str:
    return plain_text(fmt.cite([CiteItem(k, **kw) for k in keys], bracketed))


def nodes_of(inlines: tuple, cls: type) -> list:
    return [n for node in inlines for n in query(node) if isinstance(n, cls)]


def references(fmt: Formatter) -> list[str]:
    return [plain_text(item.text) for item in fmt.bibliography()]


# --- reading BibTeX ---------------------------------------------------------------------------


def test_bibtex_entries_become_csl_items_with_their_lines(works: dict[str, BibEntry]) -> None:
    assert list(works) == [
        "vaswani2017",
        "knuth1984",
        "knuth1968",
        "aberg2015",
        "mueller2001",
        "alpha2010",
        "doe2020",
        "roe2023",
        "zed",
        "erdos1947",
    ]
    vaswani = works["vaswani2017"]
    assert vaswani.source.path == "works.bib" and vaswani.source.line == 5
    assert vaswani.csl["id"] == "vaswani2017"
    assert vaswani.csl["type"] == "paper-conference"
    assert vaswani.csl["container-title"] == "Advances in Neural Information Processing Systems"  # @string
    assert len(vaswani.csl["author"]) == 8
    assert vaswani.csl["issued"] == {"date-parts": [[2017]]}
    assert works["knuth1984"].csl["type"] == "book"
    assert works["mueller2001"].csl["type"] == "article-journal"
    assert works["mueller2001"].csl["issue"] == "3"
    assert works["doe2020"].csl["type"] == "webpage"
    assert "issued" not in works["zed"].csl


def test_latex_in_fields_becomes_unicode(works: dict[str, BibEntry]) -> None:
    mueller = works["mueller2001"].csl
    assert mueller["author"][0] == {"family": "Müller", "given": "Hans"}
    assert mueller["title"] == 'Rough Sets & <span class="nocase">Bayesian</span> Nets, 1990–2000'
    assert mueller["page"] == "1–10"
    assert works["vaswani2017"].csl["author"][6] == {"family": "Kaiser", "given": "Łukasz"}
    assert works["erdos1947"].csl["author"][0]["family"] == "Erdős"
    assert works["aberg2015"].csl["author"][0]["family"] == "Åberg"
    assert works["doe2020"].csl["title"] == "Notes on Café Culture"
    assert works["knuth1984"].csl["title"] == "The TeXbook"


def test_arxiv_preprint_and_doi(works: dict[str, BibEntry]) -> None:
    roe = works["roe2023"].csl
    assert roe["type"] == "article"
    assert roe["publisher"] == "arXiv"
    assert roe["number"] == "2301.00001"
    assert roe["DOI"] == "10.48550/arXiv.2301.00001"
    assert roe["title"] == 'Scaling Laws for <span class="nocase">BERT-Style</span> Models'


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"M{\"u}ller", "Müller"),
        (r"M\"uller", "Müller"),
        (r"Erd\H{o}s", "Erdős"),
        (r"Fran\c{c}ois", "François"),
        (r"na\"{\i}ve", "naïve"),
        (r"{\L}ukasz", "Łukasz"),
        (r"Stra{\ss}e", "Straße"),
        (r"1--10", "1–10"),
        (r"yes---no", "yes—no"),
        (r"R\&D 50\%", "R&D 50%"),
        (r"Hello~World", "Hello\u00a0World"),
        (r"``quoted''", "“quoted”"),
        (r"$\alpha$-helix", "α-helix"),
        (r"{\LaTeX} and {\TeX}", "LaTeX and TeX"),
    ],
)
def test_latex_to_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


def test_latex_to_csl_markup_and_case_protection() -> None:
    assert latex_to_csl(r"\emph{Homo sapiens} in {\em situ}") == "<i>Homo sapiens</i> in <i>situ</i>"
    assert latex_to_csl(r"\textbf{Bold} and x\textsuperscript{2}") == "<b>Bold</b> and x<sup>2</sup>"
    # braces protect whole words (citeproc-py changes case word by word) ...
    assert latex_to_csl(r"{BERT}: pre-training") == '<span class="nocase">BERT:</span> pre-training'
    assert latex_to_csl(r"a {B}ayesian view") == 'a <span class="nocase">Bayesian</span> view'
    assert latex_to_csl(r"{Graph of Networks} today") == (
        '<span class="nocase">Graph</span> <span class="nocase">of</span> <span class="nocase">Networks</span> today'
    )
    # ... but braces around an accent are only a special character
    assert latex_to_csl(r"{\"U}ber alles") == "Über alles"


def test_names_particles_suffixes_and_corporate_authors(tmp_path: Path) -> None:
    bib = tmp_path / "names.bib"
    bib.write_text(
        "@book{n, author = {van Gogh, Vincent and Smith, Jr., John and {Barnes and Noble} and others},"
        " title = {T}, year = 2000}\n",
        encoding="utf-8",
    )
    entries = load_bibliography([bib], tmp_path, Diagnostics())
    assert entries["n"].csl["author"] == [
        {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"},
        {"family": "Smith", "given": "John", "suffix": "Jr."},
        {"literal": "Barnes and Noble"},
    ]


def test_crossref_inherits_the_proceedings(tmp_path: Path) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text(
        "@inproceedings{paper, author = {A, Ann}, title = {Paper}, crossref = {procs}, pages = {1--2}}\n"
        "@proceedings{procs, title = {Proceedings of Things}, publisher = {ACM}, year = {2019}}\n",
        encoding="utf-8",
    )
    entries = load_bibliography([bib], tmp_path, Diagnostics())
    paper = entries["paper"].csl
    assert paper["container-title"] == "Proceedings of Things"
    assert paper["publisher"] == "ACM"
    assert paper["issued"] == {"date-parts": [[2019]]}
    assert paper["title"] == "Paper"


def test_malformed_entries_are_reported_with_key_and_line_and_the_rest_loads() -> None:
    entries, diagnostics = load("broken.bib")
    assert sorted(entries) == ["first", "macro", "second", "third"]
    assert entries["third"].source.line == 36
    messages = [(d.path, d.line, d.code, d.severity, d.message) for d in diagnostics.items]
    # the missing comma is found on the line after the title
    missing = [m for m in messages if "'missingcomma'" in m[4]]
    assert len(missing) == 1
    assert missing[0][:4] == ("broken.bib", 11, "bibliography-syntax", Severity.WARNING)
    assert "line 8" in missing[0][4] and "skipped" in missing[0][4]
    # the unclosed brace would swallow the rest of the file in pybtex alone
    unclosed = [m for m in messages if "'unclosed'" in m[4]]
    assert len(unclosed) == 1 and unclosed[0][:3] == ("broken.bib", 20, "bibliography-syntax")
    duplicate = [m for m in messages if m[2] == "duplicate-citation-key"]
    assert len(duplicate) == 1 and duplicate[0][1] == 26 and "'second'" in duplicate[0][4]
    macro = [m for m in messages if m[2] == "bibliography-entry"]
    assert len(macro) == 1 and "nosuchstring" in macro[0][4] and macro[0][1] == 32
    assert len(messages) == 4


def test_duplicate_keys_across_files_keep_the_first(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "works.bib", tmp_path / "a.bib")
    (tmp_path / "b.bib").write_text("@book{zed, title = {Another Zed}, year = 1999}\n", encoding="utf-8")
    diagnostics = Diagnostics()
    entries = load_bibliography([tmp_path / "a.bib", tmp_path / "b.bib"], tmp_path, diagnostics)
    assert entries["zed"].csl["title"] == "An Undated Book"
    [warning] = diagnostics.items
    assert (warning.path, warning.line, warning.code) == ("b.bib", 1, "duplicate-citation-key")
    assert "a.bib:" in warning.message


def test_many_duplicate_keys_are_one_warning_listing_each_key_and_line(tmp_path: Path) -> None:
    entry = "@misc{{{key}, title = {{{title}}}, year = 2000}}\n"
    (tmp_path / "a.bib").write_text(
        entry.format(key="one", title="First one")  # line 1
        + entry.format(key="two", title="First two")  # line 2
        + entry.format(key="one", title="Second one")  # line 3
        + entry.format(key="three", title="Only three")  # line 4
        + entry.format(key="two", title="Second two"),  # line 5
        encoding="utf-8",
    )
    (tmp_path / "b.bib").write_text(entry.format(key="three", title="Again three"), encoding="utf-8")
    diagnostics = Diagnostics()
    entries = load_bibliography([tmp_path / "a.bib", tmp_path / "b.bib"], tmp_path, diagnostics)
    assert sorted(entries) == ["one", "three", "two"]
    assert [entries[k].csl["title"] for k in ("one", "two", "three")] == [
        "First one",
        "First two",
        "Only three",
    ]
    [warning] = diagnostics.items
    assert (warning.path, warning.line, warning.code, warning.severity) == (
        "a.bib",
        3,
        "duplicate-citation-key",
        Severity.WARNING,
    )
    assert warning.message.startswith("3 citation keys are defined more than once")
    assert "'one' (line 3, first at line 1)" in warning.message
    assert "'two' (line 5, first at line 2)" in warning.message
    assert "'three' (b.bib:1, first at a.bib:4)" in warning.message


def test_missing_file_and_unknown_format_are_errors(tmp_path: Path) -> None:
    (tmp_path / "refs.yaml").write_text("x", encoding="utf-8")
    diagnostics = Diagnostics()
    entries = load_bibliography([tmp_path / "none.bib", tmp_path / "refs.yaml"], tmp_path, diagnostics)
    assert entries == {}
    assert [(d.path, d.code) for d in diagnostics.errors] == [
        ("none.bib", "bibliography-not-found"),
        ("refs.yaml", "bibliography-format"),
    ]


# --- reading CSL-JSON --------------------------------------------------------------------------


def test_csl_json_items_load_with_lines() -> None:
    entries, diagnostics = load("works.json")
    assert list(entries) == ["darwin1859", "Ecoli-2019"]
    assert entries["Ecoli-2019"].source.line == 12
    assert [(d.code, d.message) for d in diagnostics.items] == [
        ("bibliography-entry", "CSL-JSON item 3 has no id; skipped")
    ]


def test_invalid_json_is_an_error_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('[\n  {"id": "a",\n  "type": }\n]\n', encoding="utf-8")
    diagnostics = Diagnostics()
    assert load_bibliography([tmp_path / "bad.json"], tmp_path, diagnostics) == {}
    [error] = diagnostics.errors
    assert (error.path, error.line, error.code) == ("bad.json", 3, "bibliography-syntax")


def test_csl_json_rich_text_dates_and_names_are_formatted() -> None:
    entries, _ = load("works.json")
    fmt = Formatter(entries)
    assert cite(fmt, "darwin1859", "Ecoli-2019") == "(Darwin 1859; Nguyen and The iGEM Consortium 2019)"
    darwin, ecoli = fmt.bibliography()
    assert plain_text(darwin.text) == (
        "Darwin, Charles. 1859. On the Origin of Species by Means of Natural Selection. London: John Murray."
    )
    # title case leaves the protected species name and iGEM alone; a month and no issue: "7 (March)"
    assert plain_text(ecoli.text) == (
        "Nguyen, Lan, and The iGEM Consortium. 2019. “Growth of Escherichia coli in the iGEM Lab.” "
        "Microbiology Notes 7 (March): 101–9. https://doi.org/10.5555/mn.2019.7."
    )
    emph = [plain_text(e.children) for e in nodes_of(ecoli.text, Emph)]
    assert emph == ["Escherichia coli", "Microbiology Notes"]


# --- locators -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [
        (", p. 33", ("page", "33", "")),
        ("p. 33", ("page", "33", "")),
        (", pp. 33-35", ("page", "33-35", "")),
        (", 33", ("page", "33", "")),
        (", chap. 2", ("chapter", "2", "")),
        (", sec. 2.1", ("section", "2.1", "")),
        (", fig. 3", ("figure", "3", "")),
        (", vol. iv", ("volume", "iv", "")),
        (", pp. 33, 35-37, and elsewhere", ("page", "33, 35-37", ", and elsewhere")),
        (", emphasis added", ("", "", ", emphasis added")),
        ("", ("", "", "")),
    ],
)
def test_parse_locator(suffix: str, expected: tuple[str, str, str]) -> None:
    assert parse_locator(suffix) == expected


# --- Chicago author-date ------------------------------------------------------------------------


def test_chicago_citations(works: dict[str, BibEntry]) -> None:
    fmt = Formatter(works)  # chicago-author-date is the default
    assert not fmt.numeric and fmt.hanging_indent
    assert cite(fmt, "knuth1984") == "(Knuth 1984)"  # one author
    assert cite(fmt, "mueller2001") == "(Müller and Smith 2001)"  # two
    assert cite(fmt, "alpha2010") == "(Alpha et al. 2010)"  # three: et al.
    assert cite(fmt, "vaswani2017") == "(Vaswani et al. 2017)"  # eight
    assert cite(fmt, "knuth1984", suffix=", p. 33") == "(Knuth 1984, 33)"
    assert cite(fmt, "knuth1984", suffix=", chap. 2") == "(Knuth 1984, chap. 2)"
    assert (
        cite(fmt, "knuth1984", suffix=", pp. 33-35, emphasis added") == "(Knuth 1984, 33–35, emphasis added)"
    )
    assert cite(fmt, "alpha2010", suppress_author=True) == "(2010)"
    assert cite(fmt, "zed") == "(Zed, n.d.)"
    assert cite(fmt, "zed", suppress_author=True) == "(n.d.)"
    assert cite(fmt, "erdos1947", prefix="see") == "(see Erdős 1947)"


def test_chicago_several_works_keep_the_authors_order(works: dict[str, BibEntry]) -> None:
    fmt = Formatter(works)
    fmt.cite([CiteItem("knuth1984")], True)
    items = [
        CiteItem("mueller2001"),
        CiteItem("knuth1984", suffix=", p. 3"),
        CiteItem("alpha2010", suppress_author=True),
    ]
    assert plain_text(fmt.cite(items, True)) == "(Müller and Smith 2001; Knuth 1984, 3; 2010)"


def test_chicago_narrative_citations(works: dict[str, BibEntry]) -> None:
    fmt = Formatter(works)
    assert cite(fmt, "vaswani2017", bracketed=False) == "Vaswani et al. (2017)"
    assert cite(fmt, "mueller2001", bracketed=False) == "Müller and Smith (2001)"
    assert cite(fmt, "knuth1984", bracketed=False, suffix=", p. 33") == "Knuth (1984, 33)"


def test_citation_parts_are_spans_naming_their_work(works: dict[str, BibEntry]) -> None:
    fmt = Formatter(works)
    out = fmt.cite([CiteItem("mueller2001"), CiteItem("zed")], True)
    assert isinstance(out[0], Text) and out[0].text == "("
    spans = [n for n in out if isinstance(n, Span)]
    assert [plain_text(s.children) for s in spans] == ["Müller and Smith 2001", "Zed, n.d."]
    assert [s.attr.kv for s in spans] == [(("data-cites", "mueller2001"),), (("data-cites", "zed"),)]
    assert all(s.attr.classes == ("citation",) for s in spans)


def test_unknown_key_does_not_crash(works: dict[str, BibEntry]) -> None:
    fmt = Formatter(works)
    assert not fmt.known("nosuch") and fmt.known("zed")
    out = fmt.cite([CiteItem("knuth1984"), CiteItem("nosuch")], True)
    assert plain_text(out) == "(Knuth 1984; nosuch?)"
    assert [plain_text(s.children) for s in nodes_of(out, Strong)] == ["nosuch?"]
    assert plain_text(fmt.cite([CiteItem("nosuch")], False)) == "nosuch?"
    assert [item.key for item in fmt.bibliography()] == ["knuth1984"]


def test_chicago_bibliography(works: dict[str, BibEntry]) -> None:
    fmt = Formatter(works)
    for key in [
        "zed",
        "vaswani2017",
        "mueller2001",
        "alpha2010",
        "doe2020",
        "roe2023",
        "erdos1947",
        "knuth1984",
    ]:
        fmt.cite([CiteItem(key)], True)
    refs = fmt.bibliography()
    assert [r.label for r in refs] == [""] * 8
    assert [plain_text(r.text) for r in refs] == [
        "Alpha, Ann, Bob Beta, and Gil Gamma. 2010. “Three Authors Agree.” Letters 4: 20–29.",
        "Doe, Jane. 2020. “Notes on Café Culture.” https://example.org/cafe_notes.",
        "Erdős, Paul. 1947. “Some Remarks on the Theory of Graphs.” "
        "Bulletin of the American Mathematical Society 53 (4): 292–94.",
        "Knuth, Donald E. 1984. The TeXbook. Reading, MA: Addison-Wesley.",
        "Müller, Hans, and John Smith. 2001. “Rough Sets & Bayesian Nets, 1990–2000.” "
        "Journal of Approximate Reasoning 12 (3): 1–10. https://doi.org/10.1000/jar.2001.12.",
        "Roe, Rick. 2023. “Scaling Laws for BERT-Style Models.” Preprint, arXiv:2301.00001. "
        "https://doi.org/10.48550/arXiv.2301.00001.",
        "Vaswani, Ashish, Noam Shazeer, Niki Parmar, et al. 2017. “Attention Is All You Need.” "
        "In Advances in Neural Information Processing Systems, 30:5998–6008.",
        "Zed, Zoe. n.d. An Undated Book. Small Press.",
    ]
    by_key = {r.key: r.text for r in refs}
    # italics: book titles and journal titles, not article titles
    assert [plain_text(e.children) for e in nodes_of(by_key["knuth1984"], Emph)] == ["The TeXbook"]
    assert [plain_text(e.children) for e in nodes_of(by_key["mueller2001"], Emph)] == [
        "Journal of Approximate Reasoning"
    ]
    assert [plain_text(e.children) for e in nodes_of(by_key["vaswani2017"], Emph)] == [
        "Advances in Neural Information Processing Systems"
    ]
    # DOIs and URLs are links
    [doi] = nodes_of(by_key["mueller2001"], Link)
    assert (plain_text(doi.children), doi.url) == (
        "https://doi.org/10.1000/jar.2001.12",
        "https://doi.org/10.1000/jar.2001.12",
    )
    [url] = nodes_of(by_key["doe2020"], Link)
    assert url.url == "https://example.org/cafe_notes"


def test_chicago_sorts_by_author_then_year_ignoring_accents(works: dict[str, BibEntry]) -> None:
    fmt = Formatter(works)
    for key in ["knuth1984", "zed", "aberg2015", "knuth1968", "alpha2010"]:
        fmt.cite([CiteItem(key)], True)
    assert [item.key for item in fmt.bibliography()] == [
        "aberg2015",
        "alpha2010",
        "knuth1968",
        "knuth1984",
        "zed",
    ]
    assert references(fmt)[2].startswith("Knuth, Donald E. 1968. Fundamental Algorithms.")


# --- IEEE --------------------------------------------------------------------------------------


def test_ieee_citations_number_by_first_citation(works: dict[str, BibEntry]) -> None:
    fmt = Formatter(works, style="ieee")
    assert fmt.numeric and fmt.second_field_align
    assert cite(fmt, "vaswani2017") == "[1]"
    assert cite(fmt, "knuth1984", suffix=", p. 33") == "[2, p. 33]"
    assert cite(fmt, "mueller2001", "alpha2010") == "[3], [4]"
    assert cite(fmt, "vaswani2017") == "[1]"  # cited again: same number
    assert cite(fmt, "alpha2010", suppress_author=True) == "[4]"
    assert cite(fmt, "zed", "knuth1984") == "[2], [5]"  # the style sorts by number
    assert cite(fmt, "knuth1984", suffix=", pp. 33-35") == "[2, pp. 33–35]"
    assert cite(fmt, "erdos1947", suffix=", chap. 2") == "[6, Ch. 2]"
    assert fmt.cited() == ["vaswani2017", "knuth1984", "mueller2001", "alpha2010", "zed", "erdos1947"]


def test_ieee_narrative_citations(works: dict[str, BibEntry]) -> None:
    fmt = Formatter(works, style="ieee")
    assert cite(fmt, "knuth1984", bracketed=False) == "Knuth [1]"
    assert cite(fmt, "mueller2001", bracketed=False) == "Müller and Smith [2]"
    assert cite(fmt, "alpha2010", bracketed=False) == "Alpha et al. [3]"
    assert cite(fmt, "vaswani2017", bracketed=False) == "Vaswani et al. [4]"
    assert cite(fmt, "knuth1984") == "[1]"


def test_ieee_bibliography_in_citation_order(works: dict[str, BibEntry]) -> None:
    fmt = Formatter(works, style="ieee")
    for key in [
        "zed",
        "vaswani2017",
        "mueller2001",
        "alpha2010",
        "doe2020",
        "roe2023",
        "erdos1947",
        "knuth1984",
    ]:
        fmt.cite([CiteItem(key)], True)
    refs = fmt.bibliography()
    assert [r.label for r in refs] == [f"[{n}]" for n in range(1, 9)]
    assert [plain_text(r.text) for r in refs] == [
        "Z. Zed, An Undated Book. Small Press.",
        "A. Vaswani et al., “Attention is All you Need,” in Advances in Neural Information Processing Systems, "
        "2017, pp. 5998–6008.",
        "H. Müller and J. Smith, “Rough Sets & Bayesian Nets, 1990–2000,” Journal of Approximate Reasoning, "
        "vol. 12, no. 3, pp. 1–10, 2001, doi: 10.1000/jar.2001.12.",
        "A. Alpha, B. Beta, and G. Gamma, “Three Authors Agree,” Letters, vol. 4, pp. 20–29, 2010.",
        "J. Doe, “Notes on Café Culture.” [Online]. Available: https://example.org/cafe_notes",
        "R. Roe, “Scaling Laws for BERT-Style Models,” 2023, arXiv: 2301.00001. doi: 10.48550/arXiv.2301.00001.",
        "P. Erdős, “Some Remarks on the Theory of Graphs,” Bulletin of the American Mathematical Society, "
        "vol. 53, no. 4, pp. 292–294, 1947.",
        "D. E. Knuth, The TeXbook. Reading, MA: Addison-Wesley, 1984.",
    ]
    by_key = {r.key: r.text for r in refs}
    assert [plain_text(e.children) for e in nodes_of(by_key["vaswani2017"], Emph)] == [
        "et al.",
        "Advances in Neural Information Processing Systems",
    ]
    assert [plain_text(e.children) for e in nodes_of(by_key["zed"], Emph)] == ["An Undated Book"]
    [doi] = nodes_of(by_key["mueller2001"], Link)
    assert (plain_text(doi.children), doi.url) == (
        "10.1000/jar.2001.12",
        "https://doi.org/10.1000/jar.2001.12",
    )
    [url] = nodes_of(by_key["doe2020"], Link)
    assert (plain_text(url.children), url.url) == ("https://example.org/cafe_notes",) * 2


# --- styles and locales ------------------------------------------------------------------------


def test_style_from_a_csl_file(works: dict[str, BibEntry], tmp_path: Path) -> None:
    style = tmp_path / "mine.csl"
    shutil.copy(Path(__file__).parents[2] / "bookpress" / "csl" / "ieee.csl", style)
    fmt = Formatter(works, style=str(style))
    assert cite(fmt, "zed") == "[1]"


def test_unknown_style_is_a_value_error(works: dict[str, BibEntry], tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not found"):
        Formatter(works, style=str(tmp_path / "missing.csl"))
    (tmp_path / "bad.csl").write_text("not xml", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid XML"):
        Formatter(works, style=str(tmp_path / "bad.csl"))


def test_british_locale_keeps_punctuation_outside_quotes(works: dict[str, BibEntry]) -> None:
    fmt = Formatter(works, locale="en-GB")
    fmt.cite([CiteItem("alpha2010")], True)
    assert references(fmt) == [
        "Alpha, Ann, Bob Beta, and Gil Gamma. 2010. ‘Three Authors Agree’. Letters 4: 20–29."
    ]


def test_other_locale_terms(works: dict[str, BibEntry]) -> None:
    fmt = Formatter(works, locale="de-DE")
    assert cite(fmt, "alpha2010", "zed") == "(Alpha u.\u00a0a. 2010; Zed, o.\u00a0J.)"


def test_entry_csl_is_made_once(works: dict[str, BibEntry]) -> None:
    entry = works["knuth1984"]
    assert entry.csl is entry.csl
    assert BibEntry("k", {"id": "k", "type": "book"}).csl == {"id": "k", "type": "book"}


# --- edge cases ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def more() -> dict[str, BibEntry]:
    entries, diagnostics = load("more.bib")
    assert diagnostics.items == []
    return entries


def test_chicago_edge_cases(more: dict[str, BibEntry]) -> None:
    fmt = Formatter(more)
    assert cite(fmt, "schroedinger1944") == "(Schrödinger 1944)"
    anon = fmt.cite([CiteItem("anon1900")], True)
    assert plain_text(anon) == "(Anonymous Work 1900)"  # the title stands in for the author
    assert [plain_text(e.children) for e in nodes_of(anon, Emph)] == ["Anonymous Work"]
    assert cite(fmt, "anon1900", suppress_author=True) == "(1900)"
    assert cite(fmt, "edited2005") == "(Ed and Other 2005)"
    assert references(fmt) == [
        "Anonymous Work. 1900. Press.",  # not the title twice
        "Ed, Edna, and Otto Other, eds. 2005. Edited Volume. Press.",  # nor the editors
        "Schrödinger, Erwin. 1944. “What Is Life?” Nature 1: 1–2.",  # no period after "?”"
    ]


def test_ieee_edge_cases(more: dict[str, BibEntry]) -> None:
    fmt = Formatter(more, style="ieee")
    for key in more:
        fmt.cite([CiteItem(key)], True)
    assert references(fmt) == [
        "E. Schrödinger, “What Is Life?” Nature, vol. 1, pp. 1–2, 1944.",  # no comma after "?”"
        "Anonymous Work. Press, 1900.",
        "E. Ed and O. Other, Eds., Edited Volume. Press, 2005.",
    ]
    assert cite(fmt, "anon1900", bracketed=False) == "Anonymous Work [2]"


def test_duplicate_field_keeps_the_first(tmp_path: Path) -> None:
    (tmp_path / "d.bib").write_text("\n@misc{d,\n  title = {One},\n  title = {Two},\n}\n", encoding="utf-8")
    diagnostics = Diagnostics()
    entries = load_bibliography([tmp_path / "d.bib"], tmp_path, diagnostics)
    assert entries["d"].csl["title"] == "One"
    [warning] = diagnostics.items
    assert (warning.line, warning.code) == (2, "bibliography-entry")
    assert "'d'" in warning.message and "'title'" in warning.message


def test_percent_signs_and_urls_in_fields(tmp_path: Path) -> None:
    (tmp_path / "p.bib").write_text(
        "@misc{p, title = {A 50% Cut}, url = {https://example.org/a_b%20c}, year = 2001}\n",
        encoding="utf-8",
    )
    entries = load_bibliography([tmp_path / "p.bib"], tmp_path, Diagnostics())
    assert entries["p"].csl["title"] == "A 50% Cut"
    assert entries["p"].csl["URL"] == "https://example.org/a_b%20c"
