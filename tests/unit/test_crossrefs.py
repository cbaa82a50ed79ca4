"""Transforms: numbering of figures/tables/listings/equations, references, math checks."""

from __future__ import annotations

from bookpress.model import CodeBlock, CrossRef, Figure, Math, MathBlock, Strong, Table, plain_text

from .util import chapter, load_book, nodes

SUMMARY = "# Summary\n\n[Preface](preface.md)\n\n- [One](one.md)\n- [Two](two.md)\n"

ONE = """\
# One {#sec-one}

![First](a.png){#fig-a}

![Second, no id](b.png)

![](c.png)

![Skipped](d.png){.unnumbered #fig-d}

| x |
|---|
| 1 |
: A table {#tbl-a}

```{.python #lst-a caption="Code"}
x = 1
```

```python
y = 2
```

$$
a = b
$$ {#eq-a}

$$
c = d
$$

## Details {#sec-details}

See @fig-a, [-@fig-a], @tbl-a, @lst-a, @eq-a, [-@eq-a], @sec-details, @sec-one and
[see @fig-two, p. 2]. Also [@fig-a]{.page} and @fig-nope and [@fig-a; @tbl-a].
"""

TWO = "# Two\n\n![In two](e.png){#fig-two}\n\nBad $\\notacommand{x}$ and good $x^2$.\n"
PREFACE = "# Preface\n\n![Front](f.png){#fig-front}\n\nSee @fig-front.\n"


def book(make_book):
    root = make_book(
        {"src/SUMMARY.md": SUMMARY, "src/one.md": ONE, "src/two.md": TWO, "src/preface.md": PREFACE}
    )
    return load_book(root)


def texts(ch) -> list[str]:
    return [plain_text(r.text) for r in nodes(ch, CrossRef)]


def test_numbers_per_chapter(make_book) -> None:
    _, b, _ = book(make_book)
    one, two, preface = chapter(b, "src/one.md"), chapter(b, "src/two.md"), chapter(b, "src/preface.md")
    assert [f.number for f in nodes(one, Figure)] == ["1.1", "1.2", None, None]
    assert [t.number for t in nodes(one, Table)] == ["1.1"]
    assert [c.number for c in nodes(one, CodeBlock)] == ["1.1", None]
    assert [m.number for m in nodes(one, MathBlock)] == ["1.1", None]
    assert [f.number for f in nodes(two, Figure)] == ["2.1"]
    assert [f.number for f in nodes(preface, Figure)] == ["1"]  # front matter: no chapter part


def test_reference_texts(make_book) -> None:
    _, b, diagnostics = book(make_book)
    one = chapter(b, "src/one.md")
    nb = "\u00a0"
    assert texts(one) == [
        f"Figure{nb}1.1",
        "1.1",
        f"Table{nb}1.1",
        f"Listing{nb}1.1",
        f"Equation{nb}(1.1)",
        "(1.1)",
        f"Section{nb}1.1",
        f"Chapter{nb}1",
        f"Figure{nb}2.1",
        f"Figure{nb}1.1",
        "??",
        f"Figure{nb}1.1",
        f"Table{nb}1.1",
    ]
    refs = nodes(one, CrossRef)
    assert refs[0].target == "fig-a"
    assert refs[8].prefix == "see" and refs[8].suffix == ", p. 2" and refs[8].target == "fig-two"
    assert refs[9].page and not refs[0].page
    assert isinstance(refs[10].text[0], Strong) and refs[10].target == ""
    unresolved = [d for d in diagnostics.warnings if d.code == "unresolved-reference"]
    assert len(unresolved) == 1
    assert unresolved[0].path == "src/one.md" and unresolved[0].line == 35
    assert "@fig-nope" in unresolved[0].message
    preface = chapter(b, "src/preface.md")
    assert texts(preface) == [f"Figure{nb}1"]


def test_duplicate_label_is_an_error_naming_both_places(make_book) -> None:
    root = make_book({"src/a.md": "# A\n\n![x](x.png){#fig-x}\n", "src/b.md": "# B\n\n![y](y.png){#fig-x}\n"})
    _, _, diagnostics = load_book(root)
    [dup] = diagnostics.errors
    assert dup.code == "duplicate-id" and dup.path == "src/b.md" and "src/a.md:3" in dup.message


def test_unknown_math_command_is_a_warning_and_marks_the_node(make_book) -> None:
    _, b, diagnostics = book(make_book)
    two = chapter(b, "src/two.md")
    bad, good = nodes(two, Math)
    assert "notacommand" in bad.error and good.error == ""
    [warning] = [d for d in diagnostics.warnings if d.code == "math"]
    assert warning.path == "src/two.md" and warning.line == 5 and "\\notacommand" in warning.message
