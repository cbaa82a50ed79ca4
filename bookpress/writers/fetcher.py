"""The only way WeasyPrint reads files: inside the book and the themes.

No network, no ``file:///etc/passwd``, no ``../../`` escape. A refused
resource is reported (with the manuscript place that asked for it, when
known) and the build goes on.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher


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
            path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
            if any(path.is_relative_to(root) for root in self.roots):
                return super().fetch(url, headers)
            return self._refuse(url, "outside the book folder")
        if scheme in ("http", "https") and self.allow_remote:
            return super().fetch(url, headers)
        return self._refuse(url, "remote resources are not fetched")

    def _refuse(self, url: str, reason: str):
        self.refused.append((url, reason))
        raise RefusedResource(f"refused {url}: {reason}")
