"""The EPUB's accessibility checks, and the claim made only when they pass."""

from __future__ import annotations

from bookpress.writers.epub_a11y import CONFORMANCE, Document, check, claim


def page(body: str, lang: str = 'lang="en" xml:lang="en"') -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" {lang}>'
        f"<head><title>t</title></head><body>{body}</body></html>"
    )


GOOD = (
    '<h1>Title</h1><h2>Section</h2><p>Text <a href="#x">a link</a> and '
    '<img src="../images/a.png" alt="A chart of loss"/>.</p>'
    "<table><thead><tr><th>Key</th></tr></thead><tbody><tr><td>v</td></tr></tbody></table>"
    '<span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1"/>'
)


def test_everything_passes_and_the_claim_is_made() -> None:
    report = check([Document("text/a.xhtml", page(GOOD), "src/a.md")], print_labels=["1"])
    assert report.failed_checks == []
    made = claim(report)
    assert made.conforms
    assert {"alternativeText", "structuralNavigation", "printPageNumbers", "pageBreakMarkers"} <= set(
        made.features
    )
    assert made.modes == ("textual", "visual") and made.sufficient == ("textual",)
    assert CONFORMANCE == "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


def test_an_image_without_alt_is_found_with_its_source_place_and_the_claim_withheld() -> None:
    body = GOOD.replace(' alt="A chart of loss"', "")
    sources = {"../images/a.png": ("src/a.md", 12, "pictures/a.png")}
    report = check([Document("text/a.xhtml", page(body), "src/a.md")], sources)
    [problem] = report.problems
    assert (problem.check, problem.path, problem.line) == ("image-alt", "src/a.md", 12)
    assert "a.png" in problem.message
    made = claim(report)
    assert not made.conforms
    assert "alternativeText" not in made.features
    assert made.sufficient == ("textual,visual",)  # text alone is not enough now
    assert "no conformance" in made.summary


def test_empty_alt_is_missing_unless_the_image_is_marked_decorative() -> None:
    empty = GOOD.replace('alt="A chart of loss"', 'alt=""')
    assert check([Document("a", page(empty))]).failed_checks == ["image-alt"]
    decorative = GOOD.replace('alt="A chart of loss"', 'alt="" role="presentation"')
    assert check([Document("a", page(decorative))]).failed_checks == []


def test_each_check_fails_on_its_own_problem() -> None:
    cases = {
        "language": page(GOOD, lang=""),
        "heading-order": GOOD.replace("<h2>Section</h2>", "<h3>Section</h3>"),
        "table-headers": GOOD.replace("<th>Key</th>", "<td>Key</td>"),
        "link-text": GOOD.replace(">a link</a>", "></a>"),
    }
    for name, body in cases.items():
        xhtml = body if body.startswith("<?xml") else page(body)
        report = check([Document("text/a.xhtml", xhtml)])
        assert report.failed_checks == [name], name
        made = claim(report)
        assert not made.conforms
    heading = check([Document("a", page(cases["heading-order"]))])
    assert "structuralNavigation" not in claim(heading).features


def test_a_page_list_missing_a_page_is_no_page_list_claim() -> None:
    report = check([Document("a", page(GOOD))], print_labels=["1", "2"])
    assert report.failed_checks == ["page-list"]
    assert "2" in report.problems[0].message
    assert "printPageNumbers" not in claim(report).features


def test_without_a_print_edition_there_is_no_page_claim_but_conformance_holds() -> None:
    body = GOOD.replace('<span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1"/>', "")
    report = check([Document("a", page(body))])
    made = claim(report)
    assert made.conforms
    assert not {"printPageNumbers", "pageBreakMarkers", "pageNavigation"} & set(made.features)


def test_math_is_declared() -> None:
    body = GOOD + '<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="x"><mi>x</mi></math>'
    assert "MathML" in claim(check([Document("a", page(body))])).features
    assert "MathML" not in claim(check([Document("a", page(GOOD))])).features


def test_a_print_edition_without_pages_claims_no_page_numbers() -> None:
    made = claim(check([Document("a", page(GOOD))], print_labels=[]))
    assert made.conforms and "printPageNumbers" not in made.features
