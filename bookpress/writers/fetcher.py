"""The only way WeasyPrint reads files: through the sandbox.

No network, no ``file:///etc/passwd``, no ``../../`` escape, no symbolic
link out of the book: each URL is decided by the sandbox's one resource
policy (:func:`bookpress.sandbox.resource`): a ``file:`` URL is read only
inside the book's root, the themes and bookpress's own derived files. A refused resource is reported (with the
manuscript place that asked for it, when known) and the build goes on.
"""

from __future__ import annotations

from pathlib import Path

from weasyprint.urls import URLFetcher

from ..sandbox import resource


class RefusedResource(ValueError):
    pass


class SandboxFetcher(URLFetcher):
    def __init__(self, allowed_roots: list[Path], allow_remote: bool = False) -> None:
        super().__init__(timeout=10, allowed_protocols=None)
        self.roots = [root.resolve() for root in allowed_roots]
        self.allow_remote = allow_remote
        self.refused: list[tuple[str, str]] = []  # (url, reason)

    def fetch(self, url: str, headers=None):
        # WeasyPrint hands over absolute URLs it made against the book's folder.
        found = resource(url, Path("/"), self.roots, self.allow_remote, file_urls=True)
        if not found.allowed:
            return self._refuse(url, found.refusal)
        return super().fetch(url, headers)

    def _refuse(self, url: str, reason: str):
        self.refused.append((url, reason))
        raise RefusedResource(f"refused {url}: {reason}")
