"""The only way WeasyPrint reads files: through the sandbox.

No network, no ``file:///etc/passwd``, no ``../../`` escape, no symbolic
link out of the book: a ``file:`` URL is read only when the sandbox
(:mod:`bookpress.sandbox`) allows its path — the book's root, the themes,
bookpress's own derived files. A refused resource is reported (with the
manuscript place that asked for it, when known) and the build goes on.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher

from ..sandbox import inside


class RefusedResource(ValueError):
    pass


class SandboxFetcher(URLFetcher):
    def __init__(self, allowed_roots: list[Path], allow_remote: bool = False) -> None:
        super().__init__(timeout=10, allowed_protocols=None)
        self.roots = [root.resolve() for root in allowed_roots]
        self.allow_remote = allow_remote
        self.refused: list[tuple[str, str]] = []  # (url, reason)

    def fetch(self, url: str, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = inside(Path(url2pathname(unquote(urlsplit(url).path))), self.roots)
            if path is None:
                return self._refuse(url, "outside the book folder")
            if path.exists() and not path.is_file():
                return self._refuse(url, "not a regular file")
            return super().fetch(url, headers)
        if scheme in ("http", "https") and self.allow_remote:
            return super().fetch(url, headers)
        return self._refuse(url, "remote resources are not fetched")

    def _refuse(self, url: str, reason: str):
        self.refused.append((url, reason))
        raise RefusedResource(f"refused {url}: {reason}")
