"""Reader: math, fenced divs, citations and cross-reference syntax, figures, captions."""

from __future__ import annotations

import pytest

from bookpress.model import (
    Callout,
    Citation,
    CodeBlock,
    Div,
    Figure,
    Image,
    Math,
    MathBlock,
    Paragraph,
    Table,
    Text,
    plain_text,
)

from .util import convert, nodes


def inline_math(markdown: str) -> list[Math]:
    parsed, _ = convert(markdown)
    return nodes(parsed.blocks[0], Math)


# --- math ----------------------------------------------------------------------


def test_inline_math() -> None:
    [m] = inline_math("The loss $\\mathcal{L}(\\theta)$ falls.\n")
    assert m.tex == "\\mathcal{L}(\\theta)" and not m.display


@pytest.mark.parametrize(
    "text",
    [
        "It costs $5 and $10.\n",
        "We lost $$ on it.\n",
        "Between $20,000 and $30,000.\n",
        "A lone $ sign.\n",
        "Spaces $ x $ are not math.\n",
        "Escaped \\$x\\$ is text.\n",
    ],
)
def test_money_is_not_math(text: str) -> None:
    parsed, _ = convert(text)
    assert inline_math(text) == []
    assert "$" in plain_text(parsed.blocks[0].children)


def test_dollar_followed_by_digit_does_not_close() -> None:
    assert inline_math("Price $x$5 here.\n") == []


def test_latex_delimiters() -> None:
    maths = inline_math("Euler \\(e^{i\\pi}+1=0\\) and \\[x^2\\] here.\n")
    assert [(m.tex, m.display) for m in maths] == [("e^{i\\pi}+1=0", False), ("x^2", True)]


def test_display_math_in_a_paragraph() -> None:
    [m] = inline_math("Text $$a+b$$ more.\n")
    assert m.display and m.tex == "a+b"


def test_display_block_with_id() -> None:
    parsed, _ = convert("$$\nE = mc^2\n$$ {#eq-energy}\n")
    [block] = parsed.blocks
    assert isinstance(block, MathBlock)
    assert block.tex == "E = mc^2" and block.attr.id == "eq-energy"
    assert block.source.line == 1


def test_display_block_interrupts_a_paragraph_and_keeps_lines_starting_with_minus() -> None:
    parsed, _ = convert("The loss is\n$$\nL = a\n- b\n$$\nand falls.\n")
    kinds = [type(b).__name__ for b in parsed.blocks]
    assert kinds == ["Paragraph", "MathBlock", "Paragraph"]
    assert parsed.blocks[1].tex == "L = a\n- b"


def test_unclosed_or_blank_display_block_is_not_math() -> None:
    parsed, _ = convert("$$\na\n\nb\n$$\n")
    assert not any(isinstance(b, MathBlock) for b in parsed.blocks)


def test_dollars_in_code_are_code() -> None:
    assert inline_math("Run `echo $HOME $PATH` now.\n") == []


# --- fenced divs and callouts ------------------------------------------------------


def test_fenced_div_with_class_word_is_a_callout() -> None:
    parsed, _ = convert("::: note\nA note.\n:::\n")
    [callout] = parsed.blocks
    assert isinstance(callout, Callout) and callout.kind == "note"
    assert plain_text(callout.blocks[0].children) == "A note."


def test_quarto_callout_with_title() -> None:
    parsed, _ = convert('::: {.callout-warning #warn title="Mind the gap"}\nCareful.\n:::\n')
    [callout] = parsed.blocks
    assert callout.kind == "warning"
    assert plain_text(callout.title) == "Mind the gap"
    assert callout.attr.id == "warn"
    assert callout.attr.get("title") is None


def test_other_divs_are_divs_and_nest() -> None:
    parsed, _ = convert("::::: {.outer}\n::: inner\nText.\n:::\n:::::\n")
    [outer] = parsed.blocks
    assert isinstance(outer, Div) and outer.attr.classes == ("outer",)
    [inner] = outer.blocks
    assert isinstance(inner, Div) and inner.attr.classes == ("inner",)


def test_colons_inside_code_do_not_close_a_div() -> None:
    parsed, _ = convert("::: note\n```\n:::\n```\nafter\n:::\n")
    [callout] = parsed.blocks
    assert isinstance(callout.blocks[0], CodeBlock) and callout.blocks[0].text == ":::\n"


def test_unclosed_div_stays_text() -> None:
    parsed, _ = convert("::: note\nno end\n")
    assert isinstance(parsed.blocks[0], Paragraph)


@pytest.mark.parametrize("kind", ["note", "tip", "important", "warning", "caution"])
def test_github_alerts(kind: str) -> None:
    parsed, _ = convert(f"> [!{kind.upper()}]\n> Body.\n")
    [callout] = parsed.blocks
    assert isinstance(callout, Callout) and callout.kind == kind


# --- citations and cross-references ---------------------------------------------------


def citations(markdown: str) -> list[Citation]:
    parsed, _ = convert(markdown)
    return nodes(parsed.blocks[0], Citation)


def test_narrative_reference_drops_sentence_punctuation() -> None:
    [c] = citations("As @fig-loss. shows.\n")
    assert not c.bracketed and c.items[0].key == "fig-loss"


def test_bracketed_with_prefix_suffix_and_suppression() -> None:
    [c] = citations("Read [see @tbl-x, p. 3; -@eq-y].\n")
    assert c.bracketed
    first, second = c.items
    assert (first.key, first.prefix, first.suffix, first.suppress_author) == ("tbl-x", "see", ", p. 3", False)
    assert (second.key, second.suppress_author) == ("eq-y", True)


def test_page_attribute_after_a_reference() -> None:
    [c] = citations("As [@fig-a]{.page} shows.\n")
    assert c.attr.has("page")


def items_of(markdown: str) -> list[tuple[tuple[str, str, str, bool], ...]]:
    return [
        tuple((i.key, i.prefix, i.suffix, i.suppress_author) for i in c.items) for c in citations(markdown)
    ]


@pytest.mark.parametrize(
    ("markdown", "expected", "bracketed"),
    [
        ("As shown [@vaswani2017].", [(("vaswani2017", "", "", False),)], True),
        ("As shown [@vaswani2017, p. 33].", [(("vaswani2017", "", ", p. 33", False),)], True),
        ("As shown [@a; @b].", [(("a", "", "", False), ("b", "", "", False))], True),
        ("Vaswani et al. [-@vaswani2017] showed.", [(("vaswani2017", "", "", True),)], True),
        (
            "[see @a, pp. 3-5; also @b, ch. 2]",
            [(("a", "see", ", pp. 3-5", False), ("b", "also", ", ch. 2", False))],
            True,
        ),
        ("@vaswani2017 showed it.", [(("vaswani2017", "", "", False),)], False),
        ("As @vaswani2017, showed.", [(("vaswani2017", "", "", False),)], False),
        ("Braces [@{weird key}].", [(("weird key", "", "", False),)], True),
        (
            "Linked [[@vaswani2017](https://arxiv.org/abs/1706.03762)].",
            [(("vaswani2017", "", "", False),)],
            True,
        ),
        (
            "Bare link [@vaswani2017](https://arxiv.org/abs/1706.03762).",
            [(("vaswani2017", "", "", False),)],
            True,
        ),
        (
            "Two [[@a](https://a.org); [@b](https://b.org)].",
            [(("a", "", "", False), ("b", "", "", False))],
            True,
        ),
    ],
)
def test_every_citation_form(markdown: str, expected, bracketed: bool) -> None:
    assert items_of(markdown + "\n") == expected
    assert all(c.bracketed is bracketed for c in citations(markdown + "\n"))


def test_a_linked_citation_leaves_no_link() -> None:
    from bookpress.model import Link

    parsed, _ = convert("Linked [[@vaswani2017](https://arxiv.org/abs/1706.03762)] here.\n")
    assert nodes(parsed.blocks[0], Link) == []


@pytest.mark.parametrize(
    "markdown",
    [
        "Mail ada@example.org or write to team@lists.example.org.",
        "It costs $5 and @ the door $10.",
        "An @ sign alone, and @@ twice.",
        "[a link](https://example.org/@user) and https://example.org/@handle.",
        "Written [in brackets] with no at sign.",
    ],
)
def test_citation_negatives(markdown: str) -> None:
    assert citations(markdown + "\n") == []


@pytest.mark.parametrize("prefix", ["fig", "tbl", "sec", "eq", "lst"])
def test_cross_reference_prefixes_are_read_like_citations_and_resolved_later(prefix: str) -> None:
    # The reader cannot tell them apart; the crossrefs transform turns them
    # into cross-references (tested in test_crossrefs).
    [c] = citations(f"See @{prefix}-loss.\n")
    assert c.items[0].key == f"{prefix}-loss"


@pytest.mark.parametrize("text", ["Mail someone@example.org now.\n", "x@y", "`@fig-x` in code\n"])
def test_not_citations(text: str) -> None:
    assert citations(text) == []


def test_a_link_with_an_at_sign_in_its_text_stays_a_link() -> None:
    from bookpress.model import Link

    parsed, _ = convert("A [link @x](https://x.org).\n")
    [link] = nodes(parsed.blocks[0], Link)
    assert link.url == "https://x.org"


def test_citation_keys_for_works() -> None:
    [c] = citations("[@vaswani2017; @brown2020, ch. 2]\n")
    assert [i.key for i in c.items] == ["vaswani2017", "brown2020"]


# --- figures and captions ------------------------------------------------------------


def test_image_alone_is_a_figure_with_rich_caption() -> None:
    parsed, _ = convert('![The *loss* curve](loss.png){#fig-loss width=70% fig-alt="A falling curve"}\n')
    [figure] = parsed.blocks
    assert isinstance(figure, Figure)
    assert figure.attr.id == "fig-loss" and figure.image.attr.id == ""
    assert plain_text(figure.caption) == "The loss curve"
    assert figure.image.alt == "A falling curve"
    assert figure.image.attr.get("width") == "70%"


def test_image_in_text_is_not_a_figure() -> None:
    parsed, _ = convert("See ![x](x.png) here.\n")
    assert isinstance(parsed.blocks[0], Paragraph)
    assert nodes(parsed.blocks[0], Image)


@pytest.mark.parametrize(
    "markdown",
    [
        "| a |\n|---|\n| 1 |\n: Results {#tbl-r}\n",
        "| a |\n|---|\n| 1 |\n\n: Results {#tbl-r}\n",
        "Table: Results {#tbl-r}\n\n| a |\n|---|\n| 1 |\n",
    ],
)
def test_table_captions(markdown: str) -> None:
    parsed, _ = convert(markdown)
    [table] = parsed.blocks
    assert isinstance(table, Table)
    assert plain_text(table.caption) == "Results"
    assert table.attr.id == "tbl-r"
    assert len(table.body) == 1


def test_br_in_table_cell() -> None:
    parsed, _ = convert("| a |\n|---|\n| one<br>two |\n")
    [table] = parsed.blocks
    from bookpress.model import LineBreak

    assert any(isinstance(n, LineBreak) for n in table.body[0].cells[0].children)


def test_listing_attributes() -> None:
    parsed, _ = convert('```{.python #lst-train caption="Training loop" .numberLines}\nx = 1\n```\n')
    [code] = parsed.blocks
    assert code.language == "python" and code.attr.id == "lst-train"
    assert code.attr.get("caption") == "Training loop" and code.attr.has("numberLines")


def test_inline_footnote_definition_takes_the_line_of_its_call() -> None:
    parsed, _ = convert("One.\n\nTwo ^[inline note] here.\n")
    assert parsed.footnotes and plain_text(parsed.footnotes[0].blocks[0].children) == "inline note"
    assert isinstance(parsed.blocks[1].children[0], Text)
