"""Hypothesis strategies for random manuscripts.

Every construct the reader knows, nested in one another, sometimes left
unclosed, with odd Unicode in the text: headings (ATX and setext) with
``{#id .class key=val}`` attributes, lists (bulleted, ordered, tasks,
nested), block quotes and GitHub alerts, fenced and indented code, fenced
divs, math, tables, figures, footnotes (referenced and inline), citations
and cross-references, index marks, spans, raw HTML blocks and inline HTML,
MDX components, expressions, imports and exports, mdBook includes,
definition lists, YAML front matter.

A manuscript is a small book: book.toml, one or two chapters (``a.md``,
``b.mdx``) and the fixed files they include and import (:data:`FIXED_FILES`).
"""

from __future__ import annotations

from hypothesis import strategies as st

# --- text --------------------------------------------------------------------------

TRICKY = [
    "alpha",
    "beta",
    "gradient",
    "WeasyPrint",
    "x",
    "Ünïcödé",
    "東京",
    "עברית",
    "مرحبا",
    "हिन्दी",
    "🙂",
    "👩\u200d💻",
    "a\u0301",
    "\u200b",
    "\u202e",
    "\u00ad",
    "\ufeff",
    "\x0c",
    "\x00",
    "\x7f",
    "\ufffe",
    "&amp;",
    "&nbsp;",
    "&copy;",
    "&#0;",
    "&#x110000;",
    "&bogus;",
    "<",
    ">",
    "&",
    "*",
    "_",
    "**",
    "`",
    "\\",
    "$",
    "$$",
    "@",
    "#",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "|",
    ":::",
    "<T>",
    "Vec<T>",
    "--",
    "---",
    "\t",
    '"quoted"',
    "'",
    "%",
    "^",
    "~",
    "[^",
    "](",
    "{{",
    "}}",
    "<!--",
    "-->",
    "]]>",
    "<?xml",
    "javascript:",
    "x" * 60,
]
ODD_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=6)
WORD = st.one_of(st.sampled_from(TRICKY), st.sampled_from(TRICKY), ODD_TEXT)
PLAIN_WORD = st.sampled_from(["alpha", "beta", "gamma", "Ünï", "東京", "🙂", "x1", "loss"])


CODE_LINE = st.lists(WORD, max_size=6).map(" ".join)


def no_newlines(text: str) -> str:
    return text.replace("\n", " ").replace("\r", " ")


IDS = st.sampled_from(
    ["sec-a", "sec-b", "fig-a", "tbl-a", "eq-a", "lst-a", "a", "1x", "ü", "a b", "x:y", "", "sec-a"]
)
CLASSES = st.sampled_from(
    ["note", "warning", "unnumbered", "wide", "numberLines", "smallcaps", "x", "-", "embed", "missing", "a.b"]
)
KEYS = st.sampled_from(
    ["width", "height", "caption", "lang", "title", "dir", "index", "data-x", "onclick", "k"]
)
VALUES = st.sampled_from(["50%", "3em", "40", "a b", '"quoted"', "Ünï", "", "x}", "javascript:alert(1)"])


TEX = st.sampled_from(
    [
        "x^2",
        "E = mc^2",
        r"\frac{a}{b}",
        r"\sum_{i=0}^{n} i",
        r"\begin{align}a &= b \\ c &= d\end{align}",
        r"\begin{pmatrix}1 & 2\\3 & 4\end{pmatrix}",
        r"\foo",
        "{",
        "}",
        "\\",
        "",
        " ",
        "a<b>c",
        r"\text{<b>&}",
        r"x_{",
        r"\label{eq:x} y",
        r"\tag{1} z",
        r"\mathbb{R}^n",
        "αβγ",
        r"\sqrt[3]{x}",
    ]
)
URLS = st.sampled_from(
    [
        "https://example.org/?a=1&b=2",
        "other.md",
        "other.md#anchor",
        "b.mdx",
        "#sec-a",
        "#nowhere",
        "../outside.md",
        "../../outside.md",
        "/etc/passwd",
        "javascript:alert(1)",
        "mailto:a@example.org",
        "http://[not-an-address]/",
        "",
        "a b.md",
        "folder/",
    ]
)
IMAGES = st.sampled_from(
    ["img.png", "missing.png", "../outside.png", "https://example.org/x.png", "img.png#x", "", "data:x"]
)
CITE_KEYS = st.sampled_from(["k1", "k2", "missing", "fig-a", "sec-a", "eq-a", "tbl-a", "lst-a", "sec-zzz"])
LABELS = st.sampled_from(["1", "2", "note", "ü", "a b", "1"])


# --- inlines -----------------------------------------------------------------------
# Strategies are built once, as constants, and nested to a fixed depth: a
# strategy built inside every draw (or st.recursive retrying past its leaf
# budget) made generation take seconds per example.


@st.composite
def attributes(draw: st.DrawFn) -> str:
    """``{#id .class key=value}`` in its many spellings, sometimes broken."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return "{-}"
    if kind == 1:
        return "{#" + draw(IDS)  # unclosed
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append("#" + draw(IDS))
    parts += ["." + c for c in draw(st.lists(CLASSES, max_size=2))]
    for key in draw(st.lists(KEYS, max_size=2)):
        value = draw(VALUES)
        parts.append(f'{key}="{value}"' if draw(st.booleans()) else f"{key}={value}")
    return "{" + " ".join(parts) + "}"


ATTRS = attributes()
CITATIONS = st.one_of(
    st.lists(CITE_KEYS, min_size=1, max_size=3).map(lambda ks: "[" + "; ".join(f"@{k}" for k in ks) + "]"),
    CITE_KEYS.map(lambda k: f"[see -@{k}, p. 3]"),
    CITE_KEYS.map(lambda k: f"@{k}"),
    CITE_KEYS.map(lambda k: f"[+@{k}]"),
)
INLINE_ATOMS = st.one_of(
    WORD,
    WORD,
    WORD,
    URLS.map(lambda u: f"<{u}>"),
    TEX.map(lambda t: f"${t}$"),
    TEX.map(lambda t: f"$${t}$$"),
    LABELS.map(lambda label: f"[^{label}]"),
    CITATIONS,
    st.sampled_from(
        [
            '<img src="img.png" alt="i" onerror="x()">',
            "<br>",
            "<b>unclosed",
            "{1 + 2}",
            "{/* a comment */}",
            "{",
            "\\\n",
            "  \n",
            "<Note>",
            "</Sidenote>",
        ]
    ),
)


def _inline_containers(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        inner.map(lambda t: f"*{t}*"),
        inner.map(lambda t: f"_{t}_"),
        inner.map(lambda t: f"**{t}**"),
        inner.map(lambda t: f"~~{t}~~"),
        inner.map(lambda t: f"*{t}"),  # unclosed
        inner.map(lambda t: f"`{no_newlines(t)}`"),
        inner.map(lambda t: f"``{t} ` {t}``"),
        st.tuples(inner, URLS).map(lambda p: f"[{p[0]}]({p[1]})"),
        st.tuples(inner, URLS).map(lambda p: f'[{p[0]}]({p[1]} "title")'),
        st.tuples(inner, IMAGES, ATTRS).map(lambda p: f"![{p[0]}]({p[1]}){p[2]}"),
        inner.map(lambda t: f"^[{t}]"),
        st.tuples(inner, ATTRS).map(lambda p: f"[{p[0]}]{p[1]}"),
        st.tuples(inner, WORD).map(lambda p: f'[{p[0]}]{{index="{no_newlines(p[1])}"}}'),
        st.tuples(inner, WORD).map(lambda p: f'[{p[0]}]{{index="a!b" see="{no_newlines(p[1])}"}}'),
        inner.map(lambda t: f"<kbd>{t}</kbd>"),
        inner.map(lambda t: f"<sup>{t}</sup><sub>{t}</sub>"),
        inner.map(lambda t: f'<span class="x" onclick="steal()">{t}</span>'),
        st.tuples(inner, URLS).map(lambda p: f'<a href="{p[1]}">{p[0]}</a>'),
        inner.map(lambda t: f"<Sidenote>{t}</Sidenote>"),
        inner.map(lambda t: f"<Note>{t}"),  # unclosed component
        st.tuples(inner, inner).map(lambda p: f"{p[0]} {p[1]}"),
    )


INLINE_1 = st.one_of(INLINE_ATOMS, _inline_containers(INLINE_ATOMS))
INLINE = st.one_of(INLINE_ATOMS, INLINE_1, _inline_containers(INLINE_1))
INLINES = st.lists(INLINE, min_size=1, max_size=4).map(" ".join)
CELL = INLINE.map(lambda t: no_newlines(t).replace("|", "\\|"))


# --- blocks ------------------------------------------------------------------------


def indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


@st.composite
def heading(draw: st.DrawFn) -> str:
    text = no_newlines(draw(INLINES))
    if draw(st.integers(0, 5)) == 0:
        return f"{text}\n{draw(st.sampled_from(['===', '---']))}"
    level = draw(st.integers(1, 7))
    attrs = f" {draw(ATTRS)}" if draw(st.booleans()) else ""
    return f"{'#' * level} {text}{attrs}"


@st.composite
def code_block(draw: st.DrawFn) -> str:
    fence = draw(st.sampled_from(["```", "~~~", "````"]))
    language = draw(st.sampled_from(["", "python", "rust", "c", "nonexistent", "{.python}", "mermaid"]))
    attrs = f" {draw(ATTRS)}" if draw(st.booleans()) else ""
    body = "\n".join(draw(st.lists(CODE_LINE, max_size=5)))
    if draw(st.integers(0, 6)) == 0:
        return f"{fence}{language}{attrs}\n{body}"  # unclosed
    if draw(st.integers(0, 6)) == 0:
        return indent(body or "code", "    ")
    return f"{fence}{language}{attrs}\n{body}\n{fence}"


@st.composite
def math_block(draw: st.DrawFn) -> str:
    tex = draw(TEX)
    label = draw(st.sampled_from(["", " {#eq-a}", " {#eq-b}", " {#eq-a .x}"]))
    if draw(st.integers(0, 6)) == 0:
        return f"$$\n{tex}"  # unclosed
    return f"$$\n{tex}\n$${label}"


@st.composite
def table(draw: st.DrawFn) -> str:
    columns = draw(st.integers(1, 4))
    cell = CELL
    head = "| " + " | ".join(draw(cell) for _ in range(columns)) + " |"
    align = "|" + "|".join(draw(st.sampled_from(["---", ":--", "--:", ":-:"])) for _ in range(columns)) + "|"
    rows = [
        "| " + " | ".join(draw(cell) for _ in range(draw(st.integers(0, columns + 1)))) + " |"
        for _ in range(draw(st.integers(0, 3)))
    ]
    caption = draw(st.sampled_from(["", "\n\n: A caption {#tbl-a}", "\n\nTable: Sizes", "\n\n: {#tbl-b}"]))
    return "\n".join([head, align, *rows]) + caption


@st.composite
def figure(draw: st.DrawFn) -> str:
    return f"![{no_newlines(draw(INLINES))}]({draw(IMAGES)}){draw(ATTRS)}"


@st.composite
def footnote_definition(draw: st.DrawFn) -> str:
    more = f"\n\n    {no_newlines(draw(INLINES))}" if draw(st.booleans()) else ""
    return f"[^{draw(LABELS)}]: {no_newlines(draw(INLINES))}{more}"


HTML_BLOCKS = st.sampled_from(
    [
        '<div class="box" id="sec-a">\n\nInside *markdown*.\n\n</div>',
        "<details><summary>More</summary>Body&nbsp;text</details>",
        "<script>alert(1)</script>",
        "<style>p { color: red }</style>",
        "<!-- a comment",
        "<!-- closed -->",
        "<table><tr><td>a<td>b</table>",
        '<iframe src="https://example.org"></iframe>',
        '<svg width="10" height="10"><circle r="4" onload="x()"/></svg>',
        '<p align="center"><img src="img.png" width="40"></p>',
        '<a href="../outside.md">out</a> <a href="#sec-a">in</a>',
        "<div>\nunclosed",
        "<br/>",
        "<math><mi>x</mi></math>",
        '<object data="x.swf"></object>',
        "<form><input></form>",
        "<pre>\n<b>pre</b>\n</pre>",
        "<?php echo 1; ?>",
        "<![CDATA[ x ]]>",
        "<!DOCTYPE html>",
    ]
)
INCLUDES = st.sampled_from(
    [
        "{{#include other.md}}",
        "{{#include other.md:2}}",
        "{{#include other.md:2:3}}",
        "{{#include other.md:3:}}",
        "{{#include other.md:part}}",
        "{{#include other.md:nope}}",
        "{{#include missing.md}}",
        "{{#include ../outside.md}}",
        "{{#include ../../outside.md}}",
        "{{#include a.md}}",
        "{{#include /etc/passwd}}",
        "{{#rustdoc_include code.rs}}",
        "\\{{#include other.md}}",
        "{{#include}}",
    ]
)
MODULE_LINES = st.sampled_from(
    [
        "import Part from './part.mdx'\n\n<Part />",
        "import fig from './img.png'\n\n<Image src={fig} alt=\"A figure\" caption={'From an import'} />",
        "import { Chart } from '../components/Chart'",
        "import Missing from './missing.mdx'\n\n<Missing />",
        "import Out from '../outside.md'\n\n<Out />",
        "import Out from '../../outside.md'\n\n<Out />",
        "export const meta = {\n  draft: false,\n}",
        "import X from",
        "export default function Layout() {}",
    ]
)
SELF_CLOSING = st.sampled_from(
    [
        '<Image src="img.png" alt="A plot" caption={"Loss vs. compute"} />',
        '<Image src="missing.png" />',
        '<HtmlEmbed src="embed.html" title="A chart" />',
        '<Iframe src="https://example.org" title="Site" />',
        "<Chart data={[1, 2, 3]} options={{ log: true }} />",
        '<Reference id="k1" />',
        "<Unknown />",
        "<Note />",
        "<Glossary term={'a'} />",
        "<Video src='v.mp4' />",
    ]
)
CONTAINER_TAGS = st.sampled_from(
    [
        ("Note", 'title="Heads up"'),
        ("Aside", ""),
        ("Wide", ""),
        ("Details", 'summary="More"'),
        ("Accordion", "title={'x'}"),
        ("Quote", 'author="Someone"'),
        ("Stack", ""),
        ("Sidenote", ""),
        ("Unknown", "prop={{a: [1, {b: 2}]}}"),
        ("Listing", 'caption="Code"'),
        ("Figure", ""),
    ]
)


@st.composite
def definition_list(draw: st.DrawFn) -> str:
    return f"{no_newlines(draw(INLINES))}\n: {no_newlines(draw(INLINES))}"


LEAF_BLOCK = st.one_of(
    INLINES,
    INLINES,
    heading(),
    code_block(),
    math_block(),
    table(),
    figure(),
    footnote_definition(),
    HTML_BLOCKS,
    INCLUDES,
    MODULE_LINES,
    SELF_CLOSING,
    definition_list(),
    st.sampled_from(["---", "***", "___", "", "   ", ":::", "</Note>", "- ", "1.", ">"]),
)


def blocks_of(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(inner, min_size=1, max_size=3).map("\n\n".join)


def _containers(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    content = blocks_of(inner)
    return st.one_of(
        st.tuples(st.lists(content, min_size=1, max_size=3), st.sampled_from(["- ", "* ", "1. ", "3) "])).map(
            lambda p: "\n".join(p[1] + indent(item, " " * len(p[1])).lstrip() for item in p[0])
        ),
        st.lists(st.tuples(st.booleans(), INLINE), min_size=1, max_size=3).map(
            lambda items: "\n".join(f"- [{'x' if done else ' '}] {no_newlines(t)}" for done, t in items)
        ),
        content.map(lambda t: indent(t, "> ")),
        st.tuples(st.sampled_from(["NOTE", "TIP", "WARNING", "CAUTION", "IMPORTANT", "BOGUS"]), content).map(
            lambda p: f"> [!{p[0]}]\n" + indent(p[1], "> ")
        ),
        st.tuples(
            st.sampled_from([":::", "::::", ":::::"]),
            st.one_of(st.sampled_from(["note", "warning", "{.note}", "{#d .wide}", "", "{.x"]), ATTRS),
            content,
            st.booleans(),
        ).map(lambda p: f"{p[0]} {p[1]}\n{p[2]}" + (f"\n{p[0]}" if p[3] else "")),
        st.tuples(CONTAINER_TAGS, content, st.booleans()).map(
            lambda p: f"<{p[0][0]} {p[0][1]}>\n\n{p[1]}" + (f"\n\n</{p[0][0]}>" if p[2] else "")
        ),
        st.tuples(content, content).map(lambda p: f"<div>\n\n{p[0]}\n\n</div>\n\n{p[1]}"),
    )


# Containers nest three deep at most (a list in a quote in a div).
BLOCK_1 = st.one_of(LEAF_BLOCK, _containers(LEAF_BLOCK))
BLOCK_2 = st.one_of(LEAF_BLOCK, _containers(BLOCK_1))
BLOCK = st.one_of(LEAF_BLOCK, LEAF_BLOCK, _containers(BLOCK_2))


FRONT_MATTER = st.sampled_from(
    [
        "",
        "",
        "---\ntitle: A title\nauthors:\n  - name: Ada\n    url: https://example.org\n  - Bob\n---\n",
        "---\ntitle: [unclosed\n---\n",
        "---\ntitle: 3\nbibliography: refs.bib\n---\n",
        "---\n- a list\n---\n",
        "---\ntitle: &a x\nsubtitle: *a\n---\n",
        "---\n",
        '---\ntitle: "\\u0000"\n---\n',
    ]
)


@st.composite
def chapter_text(draw: st.DrawFn) -> str:
    title = draw(
        st.sampled_from(["", "# Chapter title\n\n", "# \n\n", f"# {no_newlines(draw(INLINES))}\n\n"])
    )
    body = "\n\n".join(draw(st.lists(BLOCK, min_size=1, max_size=6)))
    separator = draw(st.sampled_from(["\n", "\r\n", "\n"]))
    return (draw(FRONT_MATTER) + title + body + "\n").replace("\n", separator)


FIXED_FILES = {
    "other.md": "First line.\nANCHOR: part\nThe *anchored* part.\nANCHOR_END: part\nLast line.\n",
    "part.mdx": "## Imported part\n\nText of an imported chapter with <Sidenote>a note</Sidenote>.\n",
    "code.rs": "# fn hidden() {}\nfn main() {}\n",
    "refs.bib": "@book{k1, title={One}, author={A, Ada}, year={2020}}\n"
    "@article{k2, title={Two {\\TeX}}, author={B, Bob and C, Cy}, journal={J}, year={2021}}\n",
    "embed.html": "<div>chart</div>\n",
}


OPTIONS = st.lists(
    st.sampled_from(
        [
            ("book", "split-level = 2"),
            ("book", "split-level = 1"),
            ("book", "number-sections = false"),
            ("book", "number-depth = 1"),
            ("book", 'language = "he"'),
            ("book", 'language = "ja"'),
            ("book", 'language = "xx-bogus"'),
            ("output.pdf", "toc-depth = 4"),
            ("output.pdf", "list-of-figures = true"),
            ("output.pdf", "list-of-tables = true"),
            ("output.epub", "toc-depth = 1"),
            ("components", 'Note = "drop"'),
            ("components", 'Unknown = "callout"'),
            ("components", 'Wide = "figure"'),
        ]
    ),
    max_size=4,
    unique=True,
)
# mdBook's outline: prefix and suffix chapters, parts, nested and draft chapters.
SUMMARY = """# Summary

[Preface](pre.md)

# Part One

- [A](a.md)
  - [Nested](nested.md)
- [Draft]()

# Part Two

- [B](b.mdx)

---

[Afterword](after.md)
"""
SMALL_CHAPTERS = {
    "pre.md": "# Preface\n\nWhy.\n",
    "nested.md": "# Nested\n\n## Inside {#sec-a}\n\nText[^1].\n\n[^1]: A note.\n",
    "after.md": "# Afterword\n\nThanks, see [A](a.md).\n",
}


def _toml(chapters: list[str] | None, options: list[tuple[str, str]]) -> str:
    tables: dict[str, list[str]] = {
        "book": ['title = "Fuzz"', 'authors = ["F. Uzz"]', 'bibliography = "refs.bib"'],
        "index": ['terms = ["gradient", "WeasyPrint"]'],
    }
    if chapters is None:
        tables["book"].append('src = "src"')
    else:
        tables["book"].append("chapters = [" + ", ".join(f'"{c}"' for c in chapters) + "]")
    for table, line in options:
        tables.setdefault(table, []).append(line)
    return "".join(f"[{table}]\n" + "".join(f"{line}\n" for line in lines) for table, lines in tables.items())


@st.composite
def manuscripts(draw: st.DrawFn) -> dict[str, str]:
    """The text files of a small book (the image is added by the test): one
    or two chapters listed in book.toml, or both in an mdBook SUMMARY.md
    with parts, among a few small fixed chapters."""
    layout = draw(st.sampled_from([["a.md"], ["b.mdx"], ["a.md", "b.mdx"], None]))
    files = {"book.toml": _toml(layout, draw(OPTIONS)), "refs.bib": FIXED_FILES["refs.bib"]}
    folder = "" if layout is not None else "src/"
    files.update({folder + name: text for name, text in FIXED_FILES.items() if name != "refs.bib"})
    if layout is None:
        files.update({folder + name: text for name, text in SMALL_CHAPTERS.items()})
        files[folder + "SUMMARY.md"] = SUMMARY
    for name in layout or ["a.md", "b.mdx"]:
        files[folder + name] = draw(chapter_text())
    return files
