"""mathtex: LaTeX to SVG (ziamath) for the PDF and to MathML (latex2mathml) for the EPUB."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from lxml import etree

from bookpress import mathtex as mathrender
from bookpress.mathtex import (
    MARGIN_EM,
    MathCache,
    MathError,
    SvgMath,
    latex_to_mathml,
    latex_to_svg,
    normalise_tex,
)

SVG_NS = "http://www.w3.org/2000/svg"
MATHML_NS = "http://www.w3.org/1998/Math/MathML"
SIZE = 10.5


@pytest.fixture(autouse=True)
def _fresh_caches():
    mathrender.clear_caches()
    yield
    mathrender.clear_caches()


def svg_root(svg: SvgMath) -> etree._Element:
    prefix = "data:image/svg+xml;base64,"
    assert svg.data_uri.startswith(prefix)
    return etree.fromstring(base64.b64decode(svg.data_uri[len(prefix) :]))


def mathml_root(tex: str, display: bool) -> etree._Element:
    return etree.fromstring(latex_to_mathml(tex, display).encode("utf-8"))


# --- SVG ---------------------------------------------------------------------


def test_svg_data_uri_decodes_to_an_svg_drawn_with_paths():
    svg = latex_to_svg(r"\alpha_i + x^2", False, SIZE)
    root = svg_root(svg)
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert root.findall(f".//{{{SVG_NS}}}path")
    assert not root.findall(f".//{{{SVG_NS}}}use")  # svg2=False: no <symbol>/<use>
    assert not root.findall(f".//{{{SVG_NS}}}symbol")
    assert not root.findall(f".//{{{SVG_NS}}}text")  # glyphs are outlines
    assert root.findtext(f"{{{SVG_NS}}}title") == r"\alpha_i + x^2"
    assert svg.alt == r"\alpha_i + x^2"
    assert svg.svg.startswith("<svg")


def test_svg_carries_its_size_in_points():
    svg = latex_to_svg("x", False, SIZE)
    root = svg_root(svg)
    assert root.get("width") == f"{svg.width_pt:g}pt"
    assert root.get("height") == f"{svg.height_pt:g}pt"
    _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
    assert (width, height) == pytest.approx((svg.width_pt, svg.height_pt), abs=0.002)


def test_size_follows_the_font_size():
    small = latex_to_svg(r"x + y", False, SIZE)
    large = latex_to_svg(r"x + y", False, 2 * SIZE)
    assert large.width_pt == pytest.approx(2 * small.width_pt, rel=0.01)
    assert large.height_pt == pytest.approx(2 * small.height_pt, rel=0.01)
    # An x is about half an em high, not a whole one.
    assert 0.4 * SIZE < latex_to_svg("x", False, SIZE).height_pt < SIZE


@pytest.mark.parametrize("tex", [r"\frac{1}{2}", r"\sum_{i=1}^{n} i"])
def test_display_math_is_set_larger_than_inline_math(tex):
    inline = latex_to_svg(tex, False, SIZE)
    display = latex_to_svg(tex, True, SIZE)
    assert display.height_pt > inline.height_pt * 1.2
    # Inline, it must not blow up the line much: at most about two lines of text.
    assert inline.height_pt < 2 * 1.42 * SIZE


def test_a_plain_symbol_is_the_same_inline_and_displayed():
    inline = latex_to_svg("x", False, SIZE)
    display = latex_to_svg("x", True, SIZE)
    assert (inline.width_pt, inline.height_pt) == (display.width_pt, display.height_pt)


def test_vertical_align_is_the_image_depth_below_the_baseline():
    """The viewBox puts the baseline at y = 0; CSS vertical-align raises the
    image's bottom edge by that much, so it must be minus the bottom of the
    viewBox (verified by eye and by pixels in WeasyPrint 70)."""
    for tex in ("y", r"\frac{1}{2}", r"\mathrm{H}", "x^2"):
        svg = latex_to_svg(tex, False, SIZE)
        _x, top, _w, height = (float(v) for v in svg_root(svg).get("viewBox").split())
        assert svg.vertical_align_pt == pytest.approx(-(top + height), abs=0.002)


def test_descenders_give_a_negative_vertical_align():
    margin = MARGIN_EM * SIZE
    flat = latex_to_svg(r"\mathrm{H}", False, SIZE)  # sits on the baseline
    y = latex_to_svg("y", False, SIZE)
    frac = latex_to_svg(r"\frac{1}{2}", False, SIZE)
    assert flat.vertical_align_pt == pytest.approx(-margin, abs=0.05)
    assert y.vertical_align_pt < -0.15 * SIZE
    assert frac.vertical_align_pt < y.vertical_align_pt
    for svg in (flat, y, frac):  # the image always reaches above the baseline
        assert svg.height_pt + svg.vertical_align_pt > 0


def test_style_and_img_give_the_css_the_writer_needs():
    svg = latex_to_svg(r"a<b", False, SIZE)
    size = f"width: {svg.width_pt:g}pt; height: {svg.height_pt:g}pt"
    assert svg.style == f"{size}; vertical-align: {svg.vertical_align_pt:g}pt"
    img = etree.fromstring(svg.img("math inline"))
    assert img.get("class") == "math inline"
    assert img.get("alt") == "a<b"
    assert img.get("src") == svg.data_uri
    assert img.get("style") == svg.style


def test_font_size_must_be_positive():
    with pytest.raises(ValueError):
        latex_to_svg("x", False, 0)


# --- MathML -------------------------------------------------------------------


@pytest.mark.parametrize(("display", "value"), [(True, "block"), (False, "inline")])
def test_mathml_is_a_math_element_with_display_and_alttext(display, value):
    tex = r'\frac{a}{b} < c \& "d"'
    root = mathml_root(tex, display)
    assert root.tag == f"{{{MATHML_NS}}}math"
    assert root.get("display") == value
    assert root.get("alttext") == tex
    assert root.find(f".//{{{MATHML_NS}}}mfrac") is not None


def test_mathml_string_is_ready_for_xhtml():
    text = latex_to_mathml(r"x < y", False)
    assert text.startswith(f'<math xmlns="{MATHML_NS}"')
    assert 'alttext="x &lt; y"' in text


def test_text_with_markup_characters_gives_well_formed_mathml():
    root = mathml_root(r"\text{a<b \& c} + 1", False)
    text = root.findtext(f".//{{{MATHML_NS}}}mtext")
    assert text.replace("\N{NO-BREAK SPACE}", " ") == "a<b & c"
    latex_to_svg(r"\text{a<b \& c} + 1", False, SIZE)


def test_empty_attributes_are_dropped():
    """latex2mathml writes columnspacing="" for a one-column align*; EPUBCheck rejects it."""
    root = mathml_root(r"\begin{align*}\frac{1}{2}\end{align*}", True)
    for element in root.iter():
        assert all(value.strip() for value in element.attrib.values())


# --- Errors: the same for both outputs ---------------------------------------------


def both(tex: str) -> list[pytest.ExceptionInfo[MathError]]:
    errors = []
    for convert in (lambda: latex_to_mathml(tex, True), lambda: latex_to_svg(tex, True, SIZE)):
        with pytest.raises(MathError) as info:
            convert()
        errors.append(info)
    return errors


@pytest.mark.parametrize(
    ("tex", "named"),
    [
        (r"\foo", r"\foo"),
        (r"\notacommand{x} + 1", r"\notacommand"),
        (r"x + \text{\foo}", r"\foo"),
        (r"\ref{eq:x}", r"\ref"),
    ],
)
def test_unknown_command_is_an_error_naming_it(tex, named):
    for info in both(tex):
        assert "unknown command" in str(info.value)
        assert named in str(info.value)


def test_all_unknown_commands_are_named():
    for info in both(r"\foo + \bar{y} + \baz"):
        assert str(info.value) == r"unknown commands \baz, \foo"


@pytest.mark.parametrize(
    ("tex", "message"),
    [
        (r"\begin{foo}x\end{foo}", "unknown environment 'foo'"),
        (r"\begin{pmatrix}a", r"\begin{pmatrix} without \end{pmatrix}"),
        (r"a \end{align}", r"\end{align} without \begin{align}"),
        (r"\begin{align*}a\end{pmatrix}", r"\end{pmatrix} does not match \begin{align*}"),
        ("a & b", "misplaced '&'"),
        ("x}", "unbalanced braces"),
        (r"\frac{1}{", "unbalanced braces"),
        (r"\frac{1}", "missing an argument"),
        ("x^", "missing superscript or subscript"),
        ("x_1_2", "double subscripts"),
        (r"\left( x", r"\left without its \right"),
        (r"\tag{1} x = 1", r"\tag is not supported"),
        ("  ", "empty formula"),
        (r"\label{eq:x}", "empty formula"),
    ],
)
def test_input_latex_rejects_is_an_error(tex, message):
    for info in both(tex):
        assert message in str(info.value)


def test_errors_are_not_cached_as_results():
    first = [str(info.value) for info in both(r"\foo")]
    again = [str(info.value) for info in both(r"\foo")]  # raises again, not a remembered None
    assert len(first) == 2
    assert again == first
    assert all("\\foo" in message for message in first), first


# --- Normalisation -----------------------------------------------------------------


def test_label_is_ignored():
    labelled = r"\label{eq:x} E = mc^2"
    plain = "E = mc^2"
    assert normalise_tex(labelled).strip() == plain
    assert latex_to_svg(labelled, True, SIZE).width_pt == latex_to_svg(plain, True, SIZE).width_pt
    root = mathml_root(labelled, True)
    assert root.get("alttext") == labelled
    assert etree.tostring(root[0]) == etree.tostring(mathml_root(plain, True)[0])


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"\begin{equation} x \end{equation}", "x"),
        (r"\begin{equation*}\label{a} x \end{equation*}", "x"),
        (r"\begin{align} a&=b \end{align}", r"\begin{align*} a&=b \end{align*}"),
        (r"\begin{aligned} a&=b \end{aligned}", r"\begin{align*} a&=b \end{align*}"),
        (r"\begin{alignat}{2} a&=b \end{alignat}", r"\begin{align*} a&=b \end{align*}"),
        (r"\begin{gather} a\\b \end{gather}", r"\begin{displaylines} a\\b \end{displaylines}"),
        (r"\begin{gathered} a \end{gathered}", r"\begin{displaylines} a \end{displaylines}"),
        (r"\begin{multline*} a\\b \end{multline*}", r"\begin{displaylines} a\\b \end{displaylines}"),
        (r"\begin{pmatrix} a \end{pmatrix}", r"\begin{pmatrix} a \end{pmatrix}"),
    ],
)
def test_environments_latex2mathml_lacks_are_rewritten(tex, expected):
    assert " ".join(normalise_tex(tex).split()) == " ".join(expected.split())


@pytest.mark.parametrize(
    "tex",
    [
        r"\begin{equation}\label{eq:e} E = mc^2 \end{equation}",
        r"\begin{align} a &= b \\ c &= d \end{align}",
        r"\begin{gather} a = b \\ c = d \end{gather}",
        r"\begin{multline} a + b \\ + c \end{multline}",
        r"\begin{alignat}{2} a &= b & c &= d \end{alignat}",
        r"f(x) = \left\{ \begin{aligned} 1 & \text{if } x > 0 \\ 0 & \text{else} \end{aligned} \right.",
        r"\begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        r"\begin{split} a &= b \\ &= c \end{split}",
    ],
)
def test_amsmath_displays_convert_for_both_outputs(tex):
    root = mathml_root(tex, True)
    assert root.find(f".//{{{MATHML_NS}}}mi") is not None
    assert latex_to_svg(tex, True, SIZE).height_pt > 0


def test_nested_binomial_draws_like_the_plain_one():
    """ziamath's own \\binom rewrite cannot nest braces; ours runs first."""
    plain = latex_to_svg(r"\binom{n}{k}", True, SIZE)
    nested = latex_to_svg(r"\binom{\frac{a}{b}}{c}", True, SIZE)
    assert nested.height_pt > plain.height_pt
    latex_to_mathml(r"\binom{\frac{a}{b}}{c}", True)


def test_align_is_not_numbered():
    """latex2mathml numbers align rows (1), (2)… afresh in every formula."""
    root = mathml_root(r"\begin{align} a &= b \\ c &= d \end{align}", True)
    assert not [t for t in root.itertext() if t.startswith("(")]


# --- Caches ---------------------------------------------------------------------


def test_memory_cache_returns_the_same_result():
    first = latex_to_svg(r"\frac{1}{2}", True, SIZE)
    assert latex_to_svg(r"\frac{1}{2}", True, SIZE) is first
    assert latex_to_svg(r"\frac{1}{2}", False, SIZE) != first
    assert latex_to_mathml(r"\sqrt{x}", True) is latex_to_mathml(r"\sqrt{x}", True)


def test_disk_cache_round_trip(tmp_path):
    cache = MathCache(tmp_path / "math")
    assert cache.get_svg("x^2", False, SIZE) is None
    result = cache.svg("x^2", False, SIZE)
    assert result == latex_to_svg("x^2", False, SIZE)
    files = list((tmp_path / "math").glob("*.json"))
    assert len(files) == 1
    assert len(files[0].stem) == 64  # a sha256
    assert MathCache(tmp_path / "math").get_svg("x^2", False, SIZE) == result
    assert MathCache(tmp_path / "math").get_svg("x^2", True, SIZE) is None
    assert MathCache(tmp_path / "math").get_svg("x^2", False, 12) is None


def test_disk_cache_is_read_by_a_new_instance_without_rendering(tmp_path):
    marker = SvgMath("data:image/svg+xml;base64,PHN2Zy8+", 1.0, 2.0, -0.5, "x")
    assert MathCache(tmp_path).put_svg("x", False, SIZE, marker)
    assert MathCache(tmp_path).svg("x", False, SIZE) == marker


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{not json",
        "[1, 2]",
        '{"key": "wrong"}',
        json.dumps({"data_uri": 3, "width_pt": 1, "height_pt": 1, "vertical_align_pt": 0}),
    ],
)
def test_disk_cache_ignores_a_corrupt_file(tmp_path, content):
    cache = MathCache(tmp_path)
    good = cache.svg("y", False, SIZE)
    (path,) = tmp_path.glob("*.json")
    path.write_text(content, encoding="utf-8")
    assert MathCache(tmp_path).get_svg("y", False, SIZE) is None
    assert MathCache(tmp_path).svg("y", False, SIZE) == good  # rendered again…
    assert MathCache(tmp_path).get_svg("y", False, SIZE) == good  # …and stored again


def test_disk_cache_ignores_an_entry_for_another_formula(tmp_path):
    cache = MathCache(tmp_path)
    cache.svg("a", False, SIZE)
    cache.svg("b", False, SIZE)
    entries = {json.loads(p.read_text())["key"][3]: p for p in tmp_path.glob("*.json")}
    entries["a"].write_bytes(entries["b"].read_bytes())
    assert cache.get_svg("a", False, SIZE) is None


def test_disk_cache_that_cannot_be_written_is_not_an_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    cache = MathCache(blocker)  # a file, not a folder
    assert cache.svg("x", False, SIZE) == latex_to_svg("x", False, SIZE)
    assert cache.get_svg("x", False, SIZE) is None


def test_failing_formulas_are_not_stored(tmp_path):
    with pytest.raises(MathError):
        MathCache(tmp_path).svg(r"\foo", False, SIZE)
    assert list(Path(tmp_path).iterdir()) == []


def test_the_operator_names_ziamath_declares_are_declared_without_importing_it():
    import subprocess
    import sys

    script = (
        "import sys, bookpress.mathtex, latex2mathml.commands as c\n"
        "before = set(c.FUNCTIONS); assert 'ziamath' not in sys.modules\n"
        "import ziamath\n"
        "print(sorted(set(c.FUNCTIONS) - before))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
