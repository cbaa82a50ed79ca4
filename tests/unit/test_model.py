"""The document model: JSON round trip, walk() and query()."""

from __future__ import annotations

import dataclasses
import json

import pytest

from bookpress.model import (
    Attr,
    BlockQuote,
    Book,
    Callout,
    Chapter,
    Code,
    CodeBlock,
    DefinitionItem,
    DefinitionList,
    Emph,
    FootnoteRef,
    Heading,
    Image,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Meta,
    Paragraph,
    Part,
    SourceRef,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    from_json,
    plain_text,
    query,
    to_json,
    walk,
)

from .util import load_book

RICH_CHAPTER = """\
---
title: Rich
---

# Ignored title

Text with *emphasis*, **strong**, ~~struck~~, `code`, a [link](other.md#sec),
an ![image](pic.png){width=50%}, a note[^n] and <kbd>Ctrl</kbd>.\\
After a break.

## Lists {#lists .unnumbered}

- [x] done
- [ ] not done

1. one
2. two

Term
: Definition.

| a | b |
|:--|--:|
| 1 | 2 |

> [!WARNING]
> Careful.

> A quote.

```{.python #lst caption="Listing"}
print("x")
```

<div class="raw">raw</div>

---

[^n]: The note.
"""


@pytest.fixture
def rich_book(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": (
                "[Pre](pre.md)\n\n- [Rich](rich.md)\n    - [Sub](sub.md)\n\n"
                "# Part One\n\n- [Other](other.md)\n\n[End](end.md)\n"
            ),
            "src/pre.md": "# Pre\n",
            "src/rich.md": RICH_CHAPTER,
            "src/sub.md": "# Sub\n\nSub text[^n].\n\n[^n]: Sub note.\n",
            "src/other.md": "# Other\n\n## Sec\n",
            "src/end.md": "# End\n",
            "src/pic.png": "not really a png\n",
        }
    )
    _config, book, _ = load_book(root)
    return book


def test_to_json_from_json_round_trip_equals_the_original(rich_book):
    data = to_json(rich_book)
    assert data["type"] == "Book"
    assert from_json(data) == rich_book


def test_round_trip_through_json_text(rich_book):
    text = json.dumps(to_json(rich_book), ensure_ascii=False)
    again = from_json(json.loads(text))
    assert again == rich_book
    assert isinstance(again, Book)
    assert isinstance(again.body[1], Part)
    assert to_json(again) == to_json(rich_book)


def test_rich_book_has_the_node_kinds_the_round_trip_claims_to_cover(rich_book):
    kinds = {type(n) for n in query(rich_book)}
    for cls in (
        Meta,
        Part,
        Chapter,
        Heading,
        Paragraph,
        Emph,
        Strong,
        Code,
        Link,
        Image,
        FootnoteRef,
        LineBreak,
        ListBlock,
        ListItem,
        DefinitionList,
        DefinitionItem,
        Table,
        TableRow,
        TableCell,
        Callout,
        BlockQuote,
        CodeBlock,
    ):
        assert cls in kinds, cls.__name__


def test_json_nodes_have_their_type_first():
    data = to_json(Paragraph((Text("x"),), SourceRef("a.md", 3)))
    assert next(iter(data)) == "type"
    assert data == {
        "type": "Paragraph",
        "children": [{"type": "Text", "text": "x"}],
        "source": {"type": "SourceRef", "path": "a.md", "line": 3},
        "attr": {"type": "Attr", "id": "", "classes": [], "kv": []},
    }


def test_walk_replaces_text_nodes_everywhere(rich_book):
    def shout(node):
        return Text(node.text.upper()) if isinstance(node, Text) else node

    loud = walk(rich_book, shout)
    texts = [n.text for n in query(loud) if isinstance(n, Text)]
    assert texts
    assert all(t == t.upper() for t in texts)
    # text deep inside: table cells, definition lists, footnotes, callouts, link text
    rich = next(c for c in loud.chapters() if plain_text(c.title) == "RICH")
    assert plain_text(rich.footnotes[0].blocks[0].children) == "THE NOTE."
    [dl] = [n for n in query(rich) if isinstance(n, DefinitionList)]
    assert plain_text(dl.items[0].definitions[0][0].children) == "DEFINITION."
    [callout] = [n for n in query(rich) if isinstance(n, Callout)]
    assert plain_text(callout.blocks[0].children) == "CAREFUL."
    # code is not Text: untouched
    assert any(isinstance(n, Code) and n.text == "code" for n in query(rich))
    # the original is unchanged
    assert any(isinstance(n, Text) and n.text != n.text.upper() for n in query(rich_book))


def test_walk_with_identity_returns_the_same_object(rich_book):
    assert walk(rich_book, lambda n: n) is rich_book


def test_walk_can_splice_several_nodes_in_place_of_one():
    para = Paragraph((Text("a"), Emph((Text("b"),)), Text("c")))

    def split(node):
        if isinstance(node, Text) and node.text == "b":
            return (Text("b1"), LineBreak(), Text("b2"))
        return node

    out = walk(para, split)
    assert out.children[1] == Emph((Text("b1"), LineBreak(), Text("b2")))
    assert out.children[0] is para.children[0]


def test_walk_can_delete_nodes_with_an_empty_tuple():
    para = Paragraph((Text("keep"), Strong((Text("drop"),)), Text("also")))
    out = walk(para, lambda n: () if isinstance(n, Strong) else n)
    assert out.children == (Text("keep"), Text("also"))


def test_walk_visits_definitions_and_table_cells():
    dl = DefinitionList(
        (DefinitionItem((Text("t"),), ((Paragraph((Text("d1"),)),), (Paragraph((Text("d2"),)),))),)
    )
    table = Table((TableRow((TableCell((Text("h"),)),)),), (TableRow((TableCell((Text("b"),)),)),))

    def mark(node):
        return Text(node.text + "!") if isinstance(node, Text) else node

    out_dl = walk(dl, mark)
    assert out_dl.items[0].term == (Text("t!"),)
    assert [d[0].children for d in out_dl.items[0].definitions] == [(Text("d1!"),), (Text("d2!"),)]
    out_table = walk(table, mark)
    assert out_table.head[0].cells[0].children == (Text("h!"),)
    assert out_table.body[0].cells[0].children == (Text("b!"),)


def test_walk_does_not_treat_attrs_and_sources_as_nodes():
    heading = Heading(2, (Text("x"),), Attr("i", ("c",), (("k", "v"),)), SourceRef("a.md", 1))
    seen = []
    walk(heading, lambda n: seen.append(type(n)) or n)
    assert seen == [Text]


def test_query_finds_nested_nodes_in_document_order():
    deep = Link((Emph((Text("deep"),)),), "x.md")
    block = Callout(
        "note",
        (
            BlockQuote(
                (
                    ListBlock(
                        (ListItem((Paragraph((Text("first"), deep)),)),),
                    ),
                )
            ),
            Paragraph((Text("last"),)),
        ),
    )
    found = list(query(block))
    assert found[0] is block
    texts = [n.text for n in found if isinstance(n, Text)]
    assert texts == ["first", "deep", "last"]
    assert deep in found
    assert [type(n) for n in found if isinstance(n, (Link, Emph))] == [Link, Emph]


def test_query_on_a_loaded_book_reaches_footnotes_and_subchapters(rich_book):
    refs = [n for n in query(rich_book) if isinstance(n, FootnoteRef)]
    assert len(refs) == 2
    assert {r.number for r in refs} == {1, 2}
    headings = [plain_text(n.children) for n in query(rich_book) if isinstance(n, Heading)]
    assert "Sub" in headings


def test_plain_text():
    nodes = (
        Text("a "),
        Strong((Code("b"),)),
        LineBreak(),
        Image("x.png", "alt"),
        Link((Text("c"),), "u"),
    )
    assert plain_text(nodes) == "a b altc"


def test_map_chapters_keeps_the_structure(rich_book):
    renamed = rich_book.map_chapters(lambda c: dataclasses.replace(c, id=c.id + "-x"))
    assert [c.id for c in renamed.chapters()] == [c.id + "-x" for c in rich_book.chapters()]
    assert isinstance(renamed.body[1], Part)
    assert len(renamed.front) == len(rich_book.front)
    assert len(renamed.back) == len(rich_book.back)
    assert [c.kind for c in rich_book.chapters()] == ["front", "body", "body", "back"]
    assert [c.id for c in rich_book.body_chapters()] == [
        c.id for c in rich_book.chapters() if c.kind == "body"
    ]
