"""bookpress.paginate without WeasyPrint: the cut, the placeholders, the cache's file format."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookpress.diagnostics import Diagnostic, Severity
from bookpress.paginate.cache import UnitCache, unit_key
from bookpress.paginate.layout import FontUse, LaidOut
from bookpress.paginate.units import StampingUnsupported, document, pad_css, page_printers, split

DOC = (
    '<!DOCTYPE html>\n<html lang="en"><head><title>T</title></head>\n<body class="chapter-start-right">\n'
    '<nav class="front-matter toc" id="contents"><a href="#one">One</a><a href="#two-x">Two</a></nav>\n'
    '<section id="one" class="chapter body body-start"><h1>One</h1>'
    '<p>See <a class="page-number" href="#two-x"></a> and <a href="#two">two</a>, '
    'and <a class="page-number" href="#here"></a>.</p><p id="here">x</p></section>\n'
    '<section id="two" class="chapter body"><section id="two-x"><h2>Nested</h2></section></section>\n'
    '<section class="back-matter colophon" id="colophon"><p>c</p></section>\n</body>\n</html>\n'
)


def test_the_document_is_cut_before_each_top_level_section() -> None:
    cut = split(DOC, ["one", "two", "colophon"])
    assert cut is not None
    assert cut.head.endswith('<body class="chapter-start-right">')
    assert [u.ident for u in cut.units] == ["", "one", "two", "colophon"]
    assert "".join(u.html for u in cut.units) + "</body>\n</html>\n" == DOC[len(cut.head) :]
    front, one, two, _ = cut.units
    # Page numbers printed for other units: every contents link, page references elsewhere.
    assert front.stamped == ("one", "two-x")
    assert one.stamped == ("two-x",)  # "#here" is its own: WeasyPrint resolves it
    assert one.linked == ("two-x", "two")  # a plain link needs the anchor, not its number
    assert two.ids == {"two", "two-x"}


def test_a_section_not_at_the_top_level_or_missing_leaves_the_book_whole() -> None:
    assert split(DOC, ["one", "missing"]) is None
    assert split(DOC, ["two", "one"]) is None  # out of order
    assert split("<p>no body</p>", ["one"]) is None


def test_every_link_prints_its_target_when_a_stylesheet_asks_for_it_on_other_links() -> None:
    cut = split(DOC, ["one", "two", "colophon"], every_link=True)
    assert cut is not None
    assert cut.units[1].stamped == ("two-x", "two")


def test_placeholders_carry_the_page_counter_and_pads_the_first_number() -> None:
    html = document("<html><body>", "<section>x</section>", 2, [("far", 26), ("near", None)])
    assert html.count('class="bp-pad"') == 2
    assert '<span id="far" style="counter-reset: page 26"></span>' in html
    assert '<span id="near"></span>' in html
    assert html.index("bp-pad") < html.index("<section>")
    unpadded = document("<html><body>", "<section>x</section>", 0, [("far", 3)])
    assert "bp-pad" not in unpadded and "position: absolute" in unpadded
    assert pad_css(2, 7) == "@page :nth(1) { counter-reset: page 7; }\n"
    assert pad_css(0, 7) == ""


def test_stylesheets_that_print_pages_elsewhere_or_other_targets_are_seen() -> None:
    theme = "a.page-number::after { content: target-counter(attr(href url), page) }\n"
    toc = 'nav.toc a::after { content: leader(". ") target-counter(attr(href url), page, lower-roman) }'
    assert page_printers([theme, toc]) is True
    assert page_printers([theme, "a.xref::after { content: target-counter(attr(href), page) }"]) is False
    with pytest.raises(StampingUnsupported):
        page_printers(["a::after { content: target-text(attr(href url)) }"])


def _laid(key: str) -> LaidOut:
    return LaidOut(
        key=key,
        pages=3,
        anchors=[["a"], [], ["b", "c"]],
        bookmarks=[[(1, "One", (10.0, 600.0), "open")], [], []],
        fonts=[FontUse("/ABCDEF+Face", "0" * 64, 0, (3, 5, 8), False, False)],
        pdf=b"%PDF-1.7\n...\n%%EOF\n",
        diagnostics=[Diagnostic("a.md", 3, None, Severity.WARNING, "render", "x")],
        refused=[("file:///etc/passwd", "outside")],
    )


def test_the_cache_gives_back_what_it_was_given_and_a_corrupt_entry_is_a_miss(tmp_path: Path) -> None:
    cache = UnitCache(tmp_path)
    key = unit_key(["html", "css"])
    cache.put(_laid(key))
    found = cache.get(key)
    assert found is not None and found.cached
    assert (found.pages, found.anchors, found.fonts, found.diagnostics, found.refused) == (
        3,
        [["a"], [], ["b", "c"]],
        _laid(key).fonts,
        _laid(key).diagnostics,
        _laid(key).refused,
    )
    assert found.bookmarks == _laid(key).bookmarks
    path = tmp_path / f"{key}.unit"
    data = path.read_bytes()
    for broken in (
        data[: len(data) // 2],
        b"garbage",
        data[:-3] + b"XYZ",
        data.replace(b'"pages":3', b'"pages":"x"'),
    ):
        path.write_bytes(broken)
        assert UnitCache(tmp_path).get(key) is None
    path.write_bytes(data)
    assert UnitCache(tmp_path).get(unit_key(["html", "other css"])) is None
    other = tmp_path / f"{unit_key(['x'])}.unit"
    other.write_bytes(data)  # an entry under another name is not that entry
    assert UnitCache(tmp_path).get(unit_key(["x"])) is None


def test_the_cache_is_trimmed_to_its_size_keeping_what_the_build_used(tmp_path: Path) -> None:
    cache = UnitCache(tmp_path)
    keys = [unit_key([str(n)]) for n in range(4)]
    for key in keys:
        cache.put(_laid(key))
    fresh = UnitCache(tmp_path)
    assert fresh.get(keys[3]) is not None
    fresh.trim(max_bytes=1)
    assert [p.stem for p in tmp_path.glob("*.unit")] == [keys[3]]


def test_an_id_in_the_text_of_a_code_sample_is_no_anchor() -> None:
    sample = (
        '<!DOCTYPE html>\n<html><head></head>\n<body>\n<nav class="toc" id="contents"></nav>\n'
        '<section id="one" class="chapter"><pre><code>&lt;Image id="pic" src="x"/&gt;</code></pre>'
        '<a href="#pic">Fig 1</a></section>\n'
        '<section id="two" class="chapter"><figure id="pic"></figure></section>\n</body>\n</html>\n'
    )
    cut = split(sample, ["one", "two"])
    assert cut is not None
    _, one, two = cut.units
    assert "pic" not in one.ids and "pic" in two.ids
    assert one.linked == ("pic",)  # its link needs the other unit's anchor
