"""Local copies of the JavaScript libraries that embeds load from public CDNs.

An embed written for the web loads d3 with ``<script
src="https://cdn.jsdelivr.net/npm/d3@7/dist/d3.min.js">``. The build has no
network, so such a request is answered from the npm packages that the
set-up installs (``make setup``: ``npm install --prefix
.venv/share/bookpress-js``; ``BOOKPRESS_JS`` names another folder). Any
package installed there answers the npm CDNs' own URL forms
(``cdn.jsdelivr.net/npm/<package>@<version>/<file>``,
``unpkg.com/<package>@<version>/<file>``) when the major version agrees; a
few well-known other addresses (d3js.org, cdnjs) are listed here. A book
adds its own with ``[embeds] libraries = { "<URL glob>" = "<book file>" }``.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..sandbox import Sandbox

# The packages `make setup` installs, with the versions it pins.
PACKAGES = ("d3@7.9.0", "d3-sankey@0.12.3", "@svgdotjs/svg.js@3.2.5")

# Addresses that are not in the npm CDNs' form: URL glob → (package, file in it).
KNOWN_URLS: tuple[tuple[str, str, str], ...] = (
    ("https://d3js.org/d3.v7.min.js", "d3", "dist/d3.min.js"),
    ("https://d3js.org/d3.v7.js", "d3", "dist/d3.js"),
    ("https://cdnjs.cloudflare.com/ajax/libs/d3/7.*/d3.min.js", "d3", "dist/d3.min.js"),
    ("https://cdnjs.cloudflare.com/ajax/libs/d3/7.*/d3.js", "d3", "dist/d3.js"),
    ("https://cdnjs.cloudflare.com/ajax/libs/svg.js/3.*/svg.min.js", "@svgdotjs/svg.js", "dist/svg.min.js"),
    ("https://cdnjs.cloudflare.com/ajax/libs/svg.js/3.*/svg.js", "@svgdotjs/svg.js", "dist/svg.js"),
)

# jsdelivr: /npm/<package>@<version>/<file>; unpkg: /<package>@<version>/<file>.
_NPM_PATH = re.compile(r"^/(?:npm/)?((?:@[\w.-]+/)?[\w.-]+?)(?:@([^/]+))?(?:/(.*))?$")
_NPM_HOSTS = {"cdn.jsdelivr.net": "/npm/", "unpkg.com": "/", "esm.run": "/"}


def js_root() -> Path:
    """The ``node_modules`` folder holding the libraries (it may not exist)."""
    named = os.environ.get("BOOKPRESS_JS", "").strip()
    base = Path(named) if named else Path(sys.prefix) / "share" / "bookpress-js"
    return base if base.name == "node_modules" else base / "node_modules"


@dataclass(frozen=True)
class Library:
    """A local file that answers a CDN request."""

    path: Path
    label: str  # "d3 7.9.0", for reports


def installed(root: Path | None = None) -> list[str]:
    """``name version`` of each library package installed (for ``doctor``)."""
    root = root or js_root()
    found = []
    for spec in PACKAGES:
        name = spec.rsplit("@", 1)[0]
        version = _version(root / name)
        if version:
            found.append(f"{name} {version}")
    return found


def _version(package: Path) -> str:
    try:
        return str(json.loads((package / "package.json").read_text(encoding="utf-8")).get("version", ""))
    except (OSError, ValueError):
        return ""


def _main_file(package: Path) -> str:
    """The file a bare ``/npm/<package>@<version>`` URL gets (the browser build)."""
    try:
        meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    for key in ("jsdelivr", "unpkg", "browser", "main"):
        value = meta.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


class Libraries:
    """CDN URL → local file, from the installed packages and the book's own table."""

    def __init__(
        self,
        root: Path | None,
        book_root: Path,
        extra: tuple[tuple[str, str], ...] = (),
        sandbox: Sandbox | None = None,
    ) -> None:
        self.root = root if root is not None else js_root()
        self.book_root = book_root.resolve()
        self.extra = extra
        self.sandbox = sandbox or Sandbox.of(book_root)  # where the book's own copies may be

    def find(self, url: str) -> Library | None:
        bare = url.split("#", 1)[0]
        for pattern, rel in self.extra:
            if fnmatch.fnmatchcase(bare, pattern):
                path = self.sandbox.file(self.book_root / rel)
                if path is not None:
                    return Library(path, rel)
        bare = bare.split("?", 1)[0]
        for pattern, package, rel in KNOWN_URLS:
            if fnmatch.fnmatchcase(bare, pattern):
                return self._file(package, None, rel)
        parts = urlsplit(bare)
        prefix = _NPM_HOSTS.get(parts.hostname or "")
        if prefix is None or not parts.path.startswith(prefix):
            return None
        m = _NPM_PATH.match(parts.path if prefix == "/npm/" else "/npm" + parts.path)
        if not m:
            return None
        package, wanted, rel = m.group(1), m.group(2), m.group(3) or ""
        return self._file(package, wanted, rel)

    def _file(self, package: str, wanted: str | None, rel: str) -> Library | None:
        folder = (self.root / package).resolve()
        version = _version(folder)
        if not version or not _same_major(wanted, version):
            return None
        rel = rel.rstrip("/") or _main_file(folder)
        path = (folder / rel).resolve()
        if not path.is_relative_to(folder):
            return None
        if not path.is_file() and path.with_suffix(".js").is_file():
            path = path.with_suffix(".js")
        return Library(path, f"{package} {version}") if path.is_file() else None


def _same_major(wanted: str | None, version: str) -> bool:
    """``d3@7`` and ``d3@7.8.5`` are answered by 7.9.0; ``d3@6`` is not."""
    if not wanted or wanted in ("latest", "*"):
        return True
    m = re.match(r"^[\^~=v]*(\d+)", wanted)
    return m is not None and version.split(".", 1)[0] == m.group(1)
