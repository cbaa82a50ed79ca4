"""SVG images checked before they are drawn, and sanitised for the EPUB."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from lxml import etree

from bookpress.svgcheck import SvgRefused, sanitised_svg, svg_problem

SVG = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
# A PNG of one pixel.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def use_fan_out(levels: int, width: int) -> str:
    parts = [f"<svg {SVG}><defs><rect id='g0' width='1' height='1'/>"]
    for k in range(1, levels + 1):
        uses = "".join(f"<use xlink:href='#g{k - 1}'/>" for _ in range(width))
        parts.append(f"<g id='g{k}'>{uses}</g>")
    parts.append(f"</defs><use href='#g{levels}'/></svg>")
    return "".join(parts)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # 164 bytes that draw themselves twice: WeasyPrint ran for ever.
        (
            f"<svg {SVG}><image href='loop.svg' width='9' height='9'/>"
            "<image href='loop.svg' width='5' height='5'/></svg>",
            "draws itself",
        ),
        (f"<svg {SVG}><g id='a'><use href='#a'/></g></svg>", "refers to itself"),
        (f"<svg {SVG}><pattern id='p'><rect fill='url(#p)'/></pattern></svg>", "refers to itself"),
        (use_fan_out(8, 10), "more than 200,000 elements"),
        (
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;">]>'
            f"<svg {SVG}><text>&b;</text></svg>",
            "entities made of entities",
        ),
        (
            f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg {SVG}><text>&x;</text></svg>',
            "external or parameter entity",
        ),
        (f'<!DOCTYPE svg [<!ENTITY % p "x">]><svg {SVG}/>', "external or parameter entity"),
        (f"<svg {SVG}><rect></svg>", "not well-formed"),
        ("<html/>", "is not an SVG drawing"),
    ],
)
def test_an_svg_that_cannot_be_drawn_in_bounded_time_is_refused(
    tmp_path: Path, text: str, reason: str
) -> None:
    path = write(tmp_path, "loop.svg", text)
    assert reason in svg_problem(path, tmp_path)
    with pytest.raises(SvgRefused, match=re.escape(reason)):
        sanitised_svg(path.read_bytes(), path, tmp_path)


def test_a_nested_svg_is_checked_too(tmp_path: Path) -> None:
    write(tmp_path, "bomb.svg", use_fan_out(8, 10))
    outer = write(tmp_path, "outer.svg", f"<svg {SVG}><image href='bomb.svg' width='9' height='9'/></svg>")
    assert "more than 200,000" in svg_problem(outer, tmp_path)
    a = write(tmp_path, "a.svg", f"<svg {SVG}><image href='b.svg'/></svg>")
    write(tmp_path, "b.svg", f"<svg {SVG}><image href='a.svg'/></svg>")
    assert "draws itself" in svg_problem(a, tmp_path)


def test_ordinary_drawings_pass(tmp_path: Path) -> None:
    # Shared <use>s of one symbol, gradients referring to gradients, a
    # DOCTYPE naming the SVG 1.1 DTD and simple entities (Illustrator's export).
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n'
        '  <!ENTITY ns_svg "http://www.w3.org/2000/svg">\n]>\n'
        '<svg xmlns="&ns_svg;" xmlns:xlink="http://www.w3.org/1999/xlink">'
        "<defs><linearGradient id='g1'><stop offset='0'/></linearGradient>"
        "<linearGradient id='g2' xlink:href='#g1'/><symbol id='s'><rect fill='url(#g2)'/></symbol></defs>"
        + "<use href='#s'/>" * 500
        + "<a href='#s'><text>back</text></a></svg>"
    )
    assert svg_problem(write(tmp_path, "fine.svg", text), tmp_path) == ""


def test_the_epub_copy_has_no_doctype_script_or_reference_outside(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "dot.png").write_bytes(PIXEL)
    write(tmp_path, "inner.svg", f"<svg {SVG}><script>alert(1)</script><rect width='2' height='2'/></svg>")
    text = (
        '<!DOCTYPE svg [<!ENTITY who "Ada">]>'
        f"<svg {SVG} onload='steal()'>"
        "<style>@import url(https://example.com/a.css); rect { fill: url(https://example.com/p.png) }</style>"
        "<image href='https://example.com/x.png' width='5' height='5'/>"
        "<image xlink:href='file:///etc/passwd' width='5' height='5'/>"
        "<image href='../outside.png' width='5' height='5'/>"
        "<image href='inner.svg' width='5' height='5'/>"
        "<image href='img/dot.png' width='5' height='5'/>"
        "<text>by &who;<tspan xlink:href='http://example.com'>x</tspan> and more</text>"
        "<a href='javascript:alert(1)'><rect width='1' height='1'/></a>"
        "<a href='https://example.com/about'><rect width='1' height='1'/></a>"
        "</svg>"
    )
    path = write(tmp_path, "drawing.svg", text)
    clean, removed = sanitised_svg(path.read_bytes(), path, tmp_path)
    xml = clean.decode("utf-8")
    assert "<!DOCTYPE" not in xml and "&who;" not in xml and "by Ada" in xml
    assert "and more" in xml  # the text after a removed element stays
    for gone in ("example.com/x.png", "file:", "outside.png", "onload", "@import", "p.png", "javascript:"):
        assert gone not in xml, gone
    assert "https://example.com/about" in xml  # a link is not a resource
    images = [el.get("href") for el in etree.fromstring(clean).iter("{http://www.w3.org/2000/svg}image")]
    assert len(images) == 2 and all(src.startswith("data:image/") for src in images)
    inner = base64.b64decode(next(src for src in images if "svg+xml" in src).split(",", 1)[1])
    assert b"<script" not in inner and b"<rect" in inner
    assert "a script" in removed and "event attributes" in removed
    assert any("example.com/x.png" in what for what in removed)


def test_a_remote_svg_loses_every_outside_reference(tmp_path: Path) -> None:
    text = f"<svg {SVG}><image href='dot.png' width='5' height='5'/><rect width='1' height='1'/></svg>"
    clean, removed = sanitised_svg(text.encode(), None, tmp_path)
    assert b"dot.png" not in clean and b"<rect" in clean
    assert removed == ["a reference to 'dot.png'"]
