"""LaTeX in BibTeX fields → Unicode text or CSL rich text (pylatexenc)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
from pylatexenc.latex2text import get_default_latex_context_db as latex2text_db
from pylatexenc.macrospec import MacroSpec

_MARKUP_TAGS = {"i": "i", "b": "b", "sup": "sup", "sub": "sub", "sc": 'span style="font-variant:small-caps;"'}
_SWITCHES = {"em": "i", "it": "i", "itshape": "i", "sl": "i", "bf": "b", "bfseries": "b", "sc": "sc"}
_PROTECT_OPEN, _PROTECT_CLOSE = "\ue020", "\ue021"


def _last_arg_text(node: Any, l2tobj: LatexNodes2Text) -> str:
    args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    return l2tobj.nodelist_to_text([args[-1]]) if args else ""


def _tag(name: str) -> Any:
    def repl(n: Any, l2tobj: LatexNodes2Text) -> str:
        open_tag = _MARKUP_TAGS[name]
        return f"<{open_tag}>{_last_arg_text(n, l2tobj)}</{open_tag.split()[0]}>"

    return repl


@lru_cache(maxsize=1)
def _latex() -> tuple[Any, LatexNodes2Text]:
    """The LaTeX walker's context and the converter, with the macros found in .bib files."""
    walker_db = latexwalker.get_default_latex_context_db()
    one_arg = ("textsuperscript", "textsubscript", "mkbibemph", "mkbibbold", "mkbibquote", "NoCaseChange")
    walker_db.add_context_category(
        "bookpress", prepend=True, macros=[*(MacroSpec(m, "{") for m in one_arg), MacroSpec("href", "[{{")]
    )
    text_db = latex2text_db()
    words = {"LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e", "XeTeX": "XeTeX"}
    macros = [MacroTextSpec(m, simplify_repl=_tag("i")) for m in ("emph", "textit", "textsl", "mkbibemph")]
    macros += [MacroTextSpec(m, simplify_repl=_tag("b")) for m in ("textbf", "mkbibbold")]
    macros += [
        MacroTextSpec("textsc", simplify_repl=_tag("sc")),
        MacroTextSpec("textsuperscript", simplify_repl=_tag("sup")),
        MacroTextSpec("textsubscript", simplify_repl=_tag("sub")),
        MacroTextSpec("mkbibquote", simplify_repl=lambda n, l2tobj: f"“{_last_arg_text(n, l2tobj)}”"),
        MacroTextSpec("url", simplify_repl=_last_arg_text),
        MacroTextSpec("href", simplify_repl=_last_arg_text),
        MacroTextSpec("NoCaseChange", simplify_repl=_last_arg_text),
        *(MacroTextSpec(name, simplify_repl=text) for name, text in words.items()),
    ]
    text_db.add_context_category("bookpress", prepend=True, macros=macros)
    return walker_db, LatexNodes2Text(latex_context=text_db, math_mode="text")


_NEEDS_WALKER = re.compile(r"[\\{}$~%]")
# {"e} for {\"e}: a slip common in real files (german.sty's "e shorthand),
# printed by BibTeX as a quote and a letter.
_BARE_UMLAUT = re.compile(r'\{"([AEIOUaeiouy])\}')
_LIGATURES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"))


def latex_to_text(value: str) -> str:
    """Plain Unicode from a LaTeX string (names, numbers): no markup, no case protection."""
    return _strip_tags(_convert_latex(value, protect=False))


def latex_to_csl(value: str) -> str:
    """CSL-JSON rich text from a LaTeX string: ``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
    small caps, and ``<span class="nocase">`` for words whose case braces protect."""
    return _convert_latex(value, protect=True)


@lru_cache(maxsize=8192)
def _convert_latex(value: str, protect: bool) -> str:
    if not _NEEDS_WALKER.search(value):
        for tex, char in _LIGATURES:
            value = value.replace(tex, char)
        return _squash(value)
    try:
        text = _walk_latex(value, protect)
    except Exception:  # pylatexenc parses tolerantly; still, one odd field must not stop a build
        return _squash(re.sub(r"[{}]", "", value))
    return _nocase_words(text) if protect else text


def _walk_latex(value: str, protect: bool) -> str:
    walker_db, l2t = _latex()
    value = re.sub(r"(?<!\\)%", r"\\%", value)  # a comment makes no sense in a field: "50%" is text
    value = _BARE_UMLAUT.sub(r'{\\"\1}', value)
    nodes, _, _ = latexwalker.LatexWalker(
        value, latex_context=walker_db, tolerant_parsing=True
    ).get_latex_nodes()
    parts = []
    for node in nodes or []:
        if isinstance(node, latexwalker.LatexGroupNode):
            children = [n for n in node.nodelist if not _is_blank(n)]
            first = children[0] if children else None
            if isinstance(first, latexwalker.LatexMacroNode) and first.macroname in _SWITCHES:
                tag = _MARKUP_TAGS[_SWITCHES[first.macroname]]
                inner = l2t.nodelist_to_text(node.nodelist[node.nodelist.index(first) + 1 :]).strip()
                parts.append(f"<{tag}>{inner}</{tag.split()[0]}>")
            elif protect and first is not None and not isinstance(first, latexwalker.LatexMacroNode):
                # {BERT}, {B}ayesian: protected from case changes ({\"u} is only a special character)
                parts.append(_PROTECT_OPEN + l2t.nodelist_to_text(node.nodelist) + _PROTECT_CLOSE)
            else:
                parts.append(l2t.nodelist_to_text(node.nodelist))
        else:
            parts.append(l2t.node_to_text(node))
    return _squash("".join(parts))


def _squash(text: str) -> str:
    """Runs of white space → one space; a no-break space (``~``) stays."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _is_blank(node: Any) -> bool:
    return isinstance(node, latexwalker.LatexCharsNode) and not node.chars.strip()


def _nocase_words(text: str) -> str:
    """Protected stretches → nocase spans around whole words: citeproc-py changes case
    word by word and a span inside a word would split it."""
    out = []
    inside = False
    for token in re.split(r"(\s+)", text):
        if not token or token.isspace():
            out.append(token)
            continue
        protected = inside or _PROTECT_OPEN in token
        for ch in token:
            if ch == _PROTECT_OPEN:
                inside = True
            elif ch == _PROTECT_CLOSE:
                inside = False
        word = token.replace(_PROTECT_OPEN, "").replace(_PROTECT_CLOSE, "")
        if protected and word:
            parts = re.fullmatch(r"((?:<[^>]*>)*)(.*?)((?:<[^>]*>)*)", word, re.S)
            assert parts is not None  # the middle group matches any text
            lead, core, trail = parts.groups()
            word = f'{lead}<span class="nocase">{core}</span>{trail}' if core else word
        out.append(word)
    return "".join(out)


def _strip_tags(text: str) -> str:
    return re.sub(r"</?(?:i|b|sup|sub|span)(?:\s[^>]*)?>", "", text)
