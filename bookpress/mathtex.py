"""LaTeX math for the two writers: SVG images for the print PDF, MathML for the EPUB.

WeasyPrint does not lay out MathML, so the PDF gets each formula as an SVG
drawn by ziamath (pure Python, STIX Two Math bundled, glyphs as paths) and
placed as an ``<img>`` with an explicit size and ``vertical-align``. E-readers
do read MathML, so the EPUB gets latex2mathml's output with the source in
``alttext``.

ziamath converts LaTeX with latex2mathml too, so both outputs go through the
same checks. latex2mathml is lenient where a book must not be: an unknown
command (``\\foo``) comes out as the literal text "\\foo", an unknown
environment is silently dropped, a stray ``}`` or ``&`` is printed, and
``\\text{a<b}`` yields MathML that is not even well-formed XML. Each of those
raises :class:`MathError` here instead of printing something wrong.

Drawing costs 2–5 ms for a symbol and 20–60 ms for a large display
(latex2mathml alone is under a millisecond), so drawings are cached in memory (:func:`latex_to_svg`) and,
across builds, on disk (:class:`MathCache`).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from html import escape
from importlib.metadata import version
from pathlib import Path
from typing import Any

import latex2mathml.commands
import latex2mathml.converter
from lxml import etree

from .atomic import atomic_path
from .limits import MATH_MAX_CHARS, MATH_MAX_WIDTH_PT, MATH_TOTAL_CHARS

# Blank space around the drawing, in em: keeps antialiased glyph edges from
# being clipped by the image box while adding no visible gap around inline math.
MARGIN_EM = 0.05

# Bump when a change here alters the SVG, so that on-disk caches are not reused.
RENDER_VERSION = 1

CACHE_SIZE = 2048

# The operator names ziamath declares in latex2mathml when it is imported
# (\tg, \sh…), declared here for both outputs: ziamath itself (0.15 s to
# import) is imported only to draw a formula. A test checks the two lists agree.
ZIAMATH_OPERATORS = (
    r"\tg",
    r"\ctg",
    r"\arcctg",
    r"\arctg",
    r"\arg",
    r"\cotg",
    r"\sh",
    r"\ch",
    r"\cth",
    r"\th",
)
latex2mathml.commands.FUNCTIONS = latex2mathml.commands.FUNCTIONS + tuple(  # type: ignore[assignment]
    name for name in ZIAMATH_OPERATORS if name not in latex2mathml.commands.FUNCTIONS
)


class MathError(ValueError):
    """A formula that cannot be converted; the message says why, for the author."""


@dataclass(frozen=True)
class SvgMath:
    """A formula drawn as SVG, with what the writer needs to place it.

    Lengths are in points at the requested font size. ``vertical_align_pt``
    is the CSS ``vertical-align`` that puts the formula's baseline on the
    line's baseline: the distance from the image's bottom edge up to the
    baseline, so it is negative for anything that reaches below the baseline.
    """

    data_uri: str
    width_pt: float
    height_pt: float
    vertical_align_pt: float
    alt: str

    @property
    def svg(self) -> str:
        """The SVG document itself (decoded from the data URI)."""
        return base64.b64decode(self.data_uri.partition(",")[2]).decode("utf-8")

    @property
    def style(self) -> str:
        """Inline CSS for the ``<img>``: its size, and the baseline shift for inline math."""
        return (
            f"width: {_num(self.width_pt)}pt; height: {_num(self.height_pt)}pt; "
            f"vertical-align: {_num(self.vertical_align_pt)}pt"
        )

    def img(self, css_class: str = "math") -> str:
        """An ``<img>`` element (XHTML syntax) showing the formula."""
        return (
            f'<img class="{escape(css_class)}" src="{self.data_uri}" '
            f'alt="{escape(self.alt)}" style="{self.style}"/>'
        )


# --- LaTeX clean-up shared by both outputs ---------------------------------

# Environments latex2mathml handles (it keeps them as commands: "\pmatrix").
KNOWN_ENVIRONMENTS = frozenset(name.lstrip("\\") for name in latex2mathml.commands.MATRICES)

# Rewrites of environments latex2mathml lacks into ones it has. The rewritten
# formula looks the same in print, except as noted:
# - equation, equation*: just their body (equation numbers are not supported).
# - align, alignat(*), flalign(*), aligned, alignedat: align* (unnumbered; the
#   column count argument of alignat is dropped; spacing between column pairs
#   is align's).
# - gather(*), gathered: displaylines (centred rows).
# - multline(*): displaylines too, so its rows are centred instead of the
#   first flush left and the last flush right.
_ENVIRONMENT_REWRITES = {
    "equation": "",
    "equation*": "",
    "align": "align*",
    "alignat": "align*",
    "alignat*": "align*",
    "aligned": "align*",
    "alignedat": "align*",
    "flalign": "align*",
    "flalign*": "align*",
    "gather": "displaylines",
    "gather*": "displaylines",
    "gathered": "displaylines",
    "multline": "displaylines",
    "multline*": "displaylines",
}
_TAKES_COLUMN_COUNT = frozenset({"alignat", "alignat*", "alignedat"})

_ENVIRONMENT = re.compile(r"\\(begin|end)\s*\{([^{}]*)\}")
_COLUMN_COUNT = re.compile(r"\s*\{\s*\d+\s*\}")
_LABEL = re.compile(r"\\label\s*\{[^{}]*\}")
_TAG = re.compile(r"\\tag\b\*?")


def normalise_tex(tex: str) -> str:
    """The formula as latex2mathml can convert it, or :class:`MathError`.

    Removes ``\\label{…}`` (cross-references to equations are not supported,
    and the label is invisible anyway), rewrites the amsmath environments
    latex2mathml lacks (see ``_ENVIRONMENT_REWRITES``) and rejects what would
    otherwise come out wrong: an empty formula, unbalanced braces, ``\\tag``,
    an environment latex2mathml does not know, a ``\\begin`` without its
    ``\\end``. Used by both outputs, so print and EPUB accept the same math.
    """
    source = tex.strip()
    if not source:
        raise MathError("empty formula")
    _check_braces(source)
    if _TAG.search(source):
        raise MathError("\\tag is not supported: equations are not numbered")
    _check_environments(source)
    source = _rewrite_environments(_LABEL.sub("", source))
    if not source.strip():
        raise MathError("empty formula")
    return source


def _rewrite_environments(source: str) -> str:
    def rewrite(match: re.Match[str]) -> str:
        kind, name = match[1], match[2].strip()
        if name not in _ENVIRONMENT_REWRITES:
            return match[0]
        target = _ENVIRONMENT_REWRITES[name]
        return f"\\{kind}{{{target}}}" if target else " "

    out = []
    pos = 0
    for match in _ENVIRONMENT.finditer(source):
        out.append(source[pos : match.start()])
        out.append(rewrite(match))
        pos = match.end()
        if match[1] == "begin" and match[2].strip() in _TAKES_COLUMN_COUNT:
            count = _COLUMN_COUNT.match(source, pos)
            if count:
                pos = count.end()
    out.append(source[pos:])
    return "".join(out)


def _check_environments(source: str) -> None:
    """Every environment known (latex2mathml drops unknown ones silently) and
    every ``\\begin`` closed by its own ``\\end``."""
    found = [(m[1], m[2].strip()) for m in _ENVIRONMENT.finditer(source)]
    unknown = sorted({name for _, name in found} - KNOWN_ENVIRONMENTS - set(_ENVIRONMENT_REWRITES))
    if unknown:
        raise MathError(_plural("unknown environment", [f"'{name}'" for name in unknown]))
    open_: list[str] = []
    for kind, name in found:
        if kind == "begin":
            open_.append(name)
        elif not open_:
            raise MathError(f"\\end{{{name}}} without \\begin{{{name}}}")
        elif open_[-1] != name:
            raise MathError(f"\\end{{{name}}} does not match \\begin{{{open_[-1]}}}")
        else:
            open_.pop()
    if open_:
        raise MathError(f"\\begin{{{open_[-1]}}} without \\end{{{open_[-1]}}}")


def _check_braces(source: str) -> None:
    """TeX refuses unbalanced braces; latex2mathml prints a stray ``}`` and
    silently closes a missing one."""
    depth = 0
    chars = iter(source)
    for char in chars:
        if char == "\\":
            next(chars, None)
        elif char == "%":  # a comment runs to the end of the line
            for skipped in chars:
                if skipped == "\n":
                    break
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                raise MathError("unbalanced braces: '}' without '{'")
    if depth:
        raise MathError("unbalanced braces: '{' without '}'")


# --- MathML ----------------------------------------------------------------

_MTEXT = re.compile(r"<mtext([^>]*)>(.*?)</mtext>", re.DOTALL)
_BARE_AMPERSAND = re.compile(r"&(?!#[0-9]+;|#x[0-9A-Fa-f]+;|[A-Za-z][A-Za-z0-9]*;)")
_TEXT_ESCAPES = {
    "\\&": "&amp;",
    "\\%": "%",
    "\\$": "$",
    "\\#": "#",
    "\\_": "_",
    "\\{": "{",
    "\\}": "}",
}
_TEXT_ESCAPE = re.compile("|".join(re.escape(key) for key in _TEXT_ESCAPES))
_COMMAND = re.compile(r"\\[A-Za-z@]+\*?")
# Elements with a fixed number of children: fewer means a command lost an
# argument (latex2mathml turns "\\frac{1}" into a one-child <mfrac>).
_ARITY = {
    "mfrac": 2,
    "mroot": 2,
    "msub": 2,
    "msup": 2,
    "mover": 2,
    "munder": 2,
    "msubsup": 3,
    "munderover": 3,
}


def _repair(mathml: str) -> str:
    """Escape the text of ``\\text{…}``, which latex2mathml copies into the
    MathML verbatim (leaving ``\\&``, ``\\%``… untranslated, and ``<`` or ``&``
    unescaped). A bare ``&`` anywhere else is an alignment tab outside an
    alignment, which TeX refuses too."""

    def mtext(match: re.Match[str]) -> str:
        text = _TEXT_ESCAPE.sub(lambda m: _TEXT_ESCAPES[m[0]], match[2])
        text = _BARE_AMPERSAND.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
        return f"<mtext{match[1]}>{text}</mtext>"

    mathml = _MTEXT.sub(mtext, mathml)
    if _BARE_AMPERSAND.search(mathml):
        raise MathError("misplaced '&': use it only inside aligned, matrix or cases")
    return mathml


def _checked_mathml(source: str, display: bool, *, for_ziamath: bool) -> etree._Element:
    """Convert normalised LaTeX to a MathML tree, or raise :class:`MathError`.

    For ziamath the conversion is ziamath's own (latex2mathml plus a few
    rewrites its renderer expects); for the EPUB it is plain latex2mathml.
    """
    try:
        if for_ziamath:
            from ziamath.tex import tex2mml as ziamath_tex2mml

            raw = ziamath_tex2mml(_binom_for_ziamath(source), inline=not display)
        else:
            raw = latex2mathml.converter.convert(source, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml's errors share no base class
        raise MathError(_describe(exc)) from exc
    try:
        root = etree.fromstring(_repair(raw).encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        raise MathError(f"the formula converts to malformed MathML ({exc})") from exc
    _check_tree(root)
    return root


_BINOM = re.compile(r"\\binom\s*(?=\{)")


def _binom_for_ziamath(source: str) -> str:
    """Spell ``\\binom{a}{b}`` as ``\\left( {a} \\atop {b} \\right)`` first.

    ziamath draws binomials that way, but finds the arguments with a regular
    expression that cannot nest braces: ``\\binom{\\frac{a}{b}}{c}`` would come
    out garbled.
    """
    out = []
    pos = 0
    for match in _BINOM.finditer(source):
        if match.start() < pos:
            continue
        top = _group(source, match.end())
        bottom = _group(source, top[1]) if top else None
        if top is None or bottom is None:
            continue
        a, b = _binom_for_ziamath(top[0]), _binom_for_ziamath(bottom[0])
        out.append(source[pos : match.start()])
        out.append(f"\\left( {{{a}}} \\atop {{{b}}} \\right)")
        pos = bottom[1]
    out.append(source[pos:])
    return "".join(out)


def _group(source: str, pos: int) -> tuple[str, int] | None:
    """The contents of the brace group at ``pos`` (after blanks) and the index after it."""
    while pos < len(source) and source[pos].isspace():
        pos += 1
    if pos >= len(source) or source[pos] != "{":
        return None
    depth = 0
    index = pos
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return source[pos + 1 : index], index + 1
        index += 1
    return None


def _check_tree(root: etree._Element) -> None:
    """Find what latex2mathml let through: unknown commands (as text) and
    commands short of arguments. Also drop empty attributes (it writes
    ``columnspacing=""`` for a one-column ``align*``): EPUBCheck rejects them."""
    unknown: set[str] = set()
    for element in root.iter():
        for text in (element.text, element.tail):
            if text:
                unknown.update(_COMMAND.findall(text))
        name = etree.QName(element).localname
        if name in _ARITY and len(element) != _ARITY[name]:
            raise MathError("incomplete formula: a command is missing an argument")
        for attribute, value in list(element.attrib.items()):
            if not value.strip():
                del element.attrib[attribute]
    if unknown:
        raise MathError(_plural("unknown command", sorted(unknown)))


def size_problem(tex: str, drawn_before: int) -> str:
    """Why the formula ``tex`` is not drawn for its size, or ``""``:
    longer than :data:`~bookpress.limits.MATH_MAX_CHARS`, or past
    :data:`~bookpress.limits.MATH_TOTAL_CHARS` with the ``drawn_before``
    characters of the formulas before it. Drawing time grows with the length
    of the TeX (about 0.3 ms a character), so does the size of the PDF."""
    if len(tex) > MATH_MAX_CHARS:
        return (
            f"a formula of {len(tex):,} characters is longer than the {MATH_MAX_CHARS:,} "
            "a formula may have; it prints as its TeX source"
        )
    if drawn_before + len(tex) > MATH_TOTAL_CHARS:
        return (
            f"the book's formulas pass {MATH_TOTAL_CHARS:,} characters of TeX; "
            "this one and the later ones print as their TeX source"
        )
    return ""


def too_wide(svg: SvgMath) -> str:
    """Why a drawn formula is not used for its width (it would shrink to
    nothing on the page), or ``""``."""
    if svg.width_pt <= MATH_MAX_WIDTH_PT:
        return ""
    return (
        f"a formula {svg.width_pt:,.0f} pt wide is wider than {MATH_MAX_WIDTH_PT:,} pt "
        "(four text blocks); it prints as its TeX source"
    )


def latex_to_mathml(tex: str, display: bool) -> str:
    """A ``<math>`` element for the EPUB, with the LaTeX source in ``alttext``.

    The result is well-formed XML in the MathML namespace (characters as
    Unicode, not entities), ready to paste into an XHTML page; the page's
    manifest item needs the ``mathml`` property.
    """
    if len(tex) > MATH_MAX_CHARS:
        raise MathError(f"longer than {MATH_MAX_CHARS:,} characters")
    return _latex_to_mathml(tex, bool(display))


@functools.lru_cache(maxsize=CACHE_SIZE)
def _latex_to_mathml(tex: str, display: bool) -> str:
    source = normalise_tex(tex)
    root = _checked_mathml(source, display, for_ziamath=False)
    root.set("display", "block" if display else "inline")
    root.set("alttext", tex.strip())
    return etree.tostring(root, encoding="unicode")


# --- SVG -------------------------------------------------------------------


def latex_to_svg(tex: str, display: bool, size_pt: float) -> SvgMath:
    """The formula drawn as SVG at ``size_pt`` (the body text's font size).

    Inline math is set in text style (small fractions, limits beside ∑),
    display math in display style. Results are cached in memory by
    (tex, display, size).
    """
    if not size_pt > 0:
        raise ValueError(f"font size must be positive, not {size_pt!r}")
    if len(tex) > MATH_MAX_CHARS:
        raise MathError(f"longer than {MATH_MAX_CHARS:,} characters")
    return _latex_to_svg(tex, bool(display), float(size_pt))


@functools.lru_cache(maxsize=CACHE_SIZE)
def _latex_to_svg(tex: str, display: bool, size_pt: float) -> SvgMath:
    source = normalise_tex(tex)
    import ziamath  # only to draw: a build whose formulas are all in the cache never imports it

    root = _checked_mathml(source, display, for_ziamath=True)
    alt = tex.strip()
    ziamath.config.svg2 = False  # paths inline: no <symbol>/<use>
    try:
        math = ziamath.Math(
            etree.tostring(root, encoding="unicode"),
            size=size_pt,
            title=alt,
            margin=MARGIN_EM * size_pt,
        )
        svg = math.svgxml()
    except Exception as exc:  # anything ziamath raises on MathML it cannot lay out
        raise MathError(f"cannot draw the formula ({_describe(exc)})") from exc

    # ziamath's user unit is the unit of `size`, so here a point. The viewBox
    # has the baseline at y = 0 and y growing downwards: its bottom edge is
    # how far the image reaches below the baseline.
    _x, top, width, height = (float(v) for v in svg.attrib["viewBox"].split())
    bottom = top + height
    svg.set("width", f"{_num(width)}pt")  # the right size even without CSS
    svg.set("height", f"{_num(height)}pt")
    data = ET.tostring(svg, encoding="unicode").encode("utf-8")
    return SvgMath(
        data_uri="data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii"),
        width_pt=round(width, 3),
        height_pt=round(height, 3),
        vertical_align_pt=round(-bottom, 3) + 0.0,  # + 0.0 turns -0.0 into 0.0
        alt=alt,
    )


def clear_caches() -> None:
    """Forget the in-memory results (tests; a long-running process)."""
    _latex_to_svg.cache_clear()
    _latex_to_mathml.cache_clear()


# --- On-disk cache -----------------------------------------------------------

_LIBRARIES = (version("ziamath"), version("latex2mathml"))


class MathCache:
    """SVG renderings kept in ``folder`` across builds, one small JSON file each.

    Files are named by a SHA-256 of everything that decides the drawing (the
    LaTeX, display or inline, the size, the library versions and
    ``RENDER_VERSION``), written atomically, and checked when read: a file
    that is unreadable, corrupt or for another key counts as a miss.
    Formulas that fail are not cached.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def svg(self, tex: str, display: bool, size_pt: float) -> SvgMath:
        """The cached drawing, else render it (in-memory cache first) and store it."""
        cached = self.get_svg(tex, display, size_pt)
        if cached is not None:
            return cached
        result = latex_to_svg(tex, display, size_pt)
        self.put_svg(tex, display, size_pt, result)
        return result

    def get_svg(self, tex: str, display: bool, size_pt: float) -> SvgMath | None:
        key = self._key(tex, display, size_pt)
        try:
            record = json.loads(self._path(key).read_text(encoding="utf-8"))
            if record.pop("key") != key:
                return None
            return _svg_from_record(record)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def put_svg(self, tex: str, display: bool, size_pt: float, svg: SvgMath) -> bool:
        """Store a drawing; a cache that cannot be written is not an error (returns False)."""
        key = self._key(tex, display, size_pt)
        record = {"key": key, **asdict(svg)}
        with contextlib.suppress(OSError):
            with atomic_path(self._path(key)) as tmp:
                tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            return True
        return False

    def _key(self, tex: str, display: bool, size_pt: float) -> list[Any]:
        return [RENDER_VERSION, *_LIBRARIES, tex, bool(display), float(size_pt)]

    def _path(self, key: list[Any]) -> Path:
        digest = hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8"))
        return self.folder / f"{digest.hexdigest()}.json"


def _svg_from_record(record: dict[str, Any]) -> SvgMath | None:
    if set(record) != {"data_uri", "width_pt", "height_pt", "vertical_align_pt", "alt"}:
        return None
    if not (isinstance(record["data_uri"], str) and isinstance(record["alt"], str)):
        return None
    if not record["data_uri"].startswith("data:image/svg+xml;base64,"):
        return None
    numbers = [record[name] for name in ("width_pt", "height_pt", "vertical_align_pt")]
    if not all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
        return None
    return SvgMath(**record)


# --- Helpers -------------------------------------------------------------------


_MESSAGES = {
    "NoAvailableTokensError": "incomplete formula: a command is missing an argument",
    "StopIteration": "incomplete formula: a command is missing an argument",
    "MissingEndError": "\\begin without its \\end",
    "ExtraLeftOrMissingRightError": "\\left without its \\right, or \\right without \\left",
}


def _describe(exc: Exception) -> str:
    """latex2mathml's exceptions carry no message, only a class name:
    ``MissingSuperScriptOrSubscriptError`` becomes "missing superscript or subscript"."""
    message = str(exc).strip()
    name = type(exc).__name__
    if name in _MESSAGES:
        return _MESSAGES[name]
    if type(exc).__module__.startswith("latex2mathml") and name.endswith("Error"):
        words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name.removesuffix("Error")).lower()
        words = words.replace("super script", "superscript")
        return f"{words}: {message}" if message else words
    return f"{name}: {message}" if message else name


def _plural(what: str, names: list[str]) -> str:
    return f"{what}{'s' if len(names) > 1 else ''} {', '.join(names)}"


def _num(value: float) -> str:
    """A length for CSS/SVG: at most three decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
