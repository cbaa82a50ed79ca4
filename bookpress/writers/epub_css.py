"""The EPUB's one stylesheet: the theme's ``epub.css`` and the book's own
``[output.epub] css`` files, parsed (tinycss2) rather than pasted.

``@import``s are written in place (inside the book, or inside the themes
folder for a theme's own sheets); ``url()`` resources inside the book —
fonts, images — are packaged next to the sheet and the URL rewritten.
Anything else (a remote URL, ``file:``, a file outside the book or missing, a
type an EPUB cannot hold) is dropped with one warning per sheet, with the
declaration that used it: EPUBCheck fails a book over each one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import tinycss2
import tinycss2.ast
from ebooklib import epub

from ..diagnostics import Diagnostics, error
from ..sandbox import REFUSED, resource
from ..slug import UniqueIds, slugify
from ..svgcheck import SvgRefused, sanitised_svg

CSS_DIR = "styles"
RESOURCE_DIR = "res"  # packaged resources, relative to the stylesheet
MAX_IMPORT_DEPTH = 5

# What a stylesheet may bring into an EPUB: EPUB 3.3 core media types.
RESOURCE_TYPES = {
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}


@dataclass
class StyleSheets:
    """Builds the EPUB's stylesheet; packages what it refers to into ``package``."""

    book_root: Path
    package: epub.EpubBook
    uids: UniqueIds
    diagnostics: Diagnostics
    packaged: dict[Path, str] = field(default_factory=dict)  # file → name relative to the sheet
    names: UniqueIds = field(default_factory=UniqueIds)

    def sheet(self, path: Path, roots: list[Path], shown: str) -> str:
        """``path`` with its imports inlined and its resources packaged.
        ``roots``: the folders its files may come from; ``shown``: its name
        in diagnostics."""
        dropped: list[str] = []
        allowed = [r.resolve() for r in roots]
        found = resource(quote(path.name), path.parent, allowed)  # the one policy, as for what it imports
        if not found.allowed:
            raise error(shown, None, REFUSED, f"stylesheet '{shown}' is {found.refusal}; it is not read")
        if found.path is None or found.kind != "file":
            raise error(shown, None, "css-missing", f"stylesheet '{shown}' does not exist")
        css = self._read(found.path, allowed, dropped, ())
        if dropped:
            more = f" and {len(dropped) - 1} more" if len(dropped) > 1 else ""
            message = (
                f"'{dropped[0]}'{more} left out of the EPUB stylesheet "
                "(only files inside the book are packaged)"
            )
            self.diagnostics.warn(shown, None, "css-resource", message)
        return css

    def _read(self, path: Path, roots: list[Path], dropped: list[str], chain: tuple[Path, ...]) -> str:
        text = path.read_text(encoding="utf-8", errors="replace")
        rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
        return "".join(self._rule(rule, path, roots, dropped, (*chain, path)) for rule in rules)

    def _rule(self, rule, path: Path, roots: list[Path], dropped: list[str], chain: tuple[Path, ...]) -> str:
        if isinstance(rule, tinycss2.ast.ParseError):
            return ""
        if isinstance(rule, tinycss2.ast.AtRule) and rule.lower_at_keyword == "import":
            return self._import(rule, path, roots, dropped, chain)
        if isinstance(rule, tinycss2.ast.AtRule) and rule.lower_at_keyword == "charset":
            return ""  # the one sheet is UTF-8; a @charset in its middle is an error
        if isinstance(rule, tinycss2.ast.Declaration):
            return self._declaration(rule, path, roots, dropped)
        if not isinstance(rule, (tinycss2.ast.QualifiedRule, tinycss2.ast.AtRule)):
            return rule.serialize()
        head = ("@" + rule.at_keyword if isinstance(rule, tinycss2.ast.AtRule) else "") + tinycss2.serialize(
            rule.prelude
        )
        if rule.content is None:
            return head + ";\n"
        items = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
        body = "".join(self._rule(item, path, roots, dropped, chain) for item in items)
        return f"{head}{{{body}}}\n"

    def _declaration(self, declaration, path: Path, roots: list[Path], dropped: list[str]) -> str:
        for token in _url_tokens(declaration.value):
            url = _url_of(token)
            name = self._resource(url, path, roots)
            if name is None:
                dropped.append(url[:80])
                return ""
            _set_url(token, name)
        return declaration.serialize() + ";"

    def _import(
        self, rule, path: Path, roots: list[Path], dropped: list[str], chain: tuple[Path, ...]
    ) -> str:
        tokens = [t for t in rule.prelude if t.type not in ("whitespace", "comment")]
        url = _url_of(tokens[0]) if tokens and tokens[0].type in ("string", "url", "function") else ""
        target = _local(url, path, roots)
        if target is None or not target.is_file() or target in chain or len(chain) > MAX_IMPORT_DEPTH:
            dropped.append(url[:80] or "@import")
            return ""
        media = tinycss2.serialize(tokens[1:]).strip()
        inner = self._read(target, roots, dropped, chain)
        return f"@media {media} {{\n{inner}\n}}\n" if media else inner + "\n"

    def _resource(self, url: str, path: Path, roots: list[Path]) -> str | None:
        """The packaged name of the file ``url`` names, relative to the sheet."""
        if url.startswith("#") or url.lower().startswith("data:"):
            return url
        target = _local(url, path, roots)
        if target is None or not target.is_file():
            return None
        if target in self.packaged:
            return self.packaged[target]
        suffix = target.suffix.lower()
        media_type = RESOURCE_TYPES.get(suffix)
        if media_type is None:
            return None
        data = target.read_bytes()
        if suffix == ".svg":
            try:
                data, _removed = sanitised_svg(data, target, self.book_root)
            except SvgRefused:
                return None
        name = f"{RESOURCE_DIR}/{self.names.claim(slugify(target.stem, 'resource'))}{suffix}"
        uid = self.uids.claim("css-" + name.replace("/", "-").replace(".", "-"))
        self.package.add_item(
            epub.EpubItem(uid=uid, file_name=f"{CSS_DIR}/{name}", media_type=media_type, content=data)
        )
        self.packaged[target] = name
        return name


def _local(url: str, path: Path, roots: list[Path]) -> Path | None:
    """The file ``url`` (written in the sheet ``path``) names, if inside ``roots``."""
    found = resource(url, path.parent, roots)  # the one policy (bookpress.sandbox)
    return found.path if found.kind == "file" else None


def _url_tokens(tokens) -> list:
    """Every ``url(…)`` in ``tokens``, also inside functions (``image-set()``)."""
    found = []
    for token in tokens:
        if token.type == "url" or (token.type == "function" and token.lower_name == "url"):
            found.append(token)
        elif token.type == "function" or token.type in ("() block", "[] block", "{} block"):
            found.extend(_url_tokens(token.arguments if token.type == "function" else token.content))
    return found


def _url_of(token) -> str:
    if token.type in ("url", "string"):
        return token.value.strip()
    strings = [t for t in token.arguments if t.type == "string"]
    return strings[0].value.strip() if strings else ""


def _set_url(token, url: str) -> None:
    quoted = '"' + url.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if token.type == "url":
        token.value, token.representation = url, f"url({quoted})"
        return
    for argument in token.arguments:
        if argument.type == "string":
            argument.value, argument.representation = url, quoted
            return
