"""What every node carries: where it came from, and Pandoc-style attributes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a node came from: a path relative to the book folder and a 1-based line."""

    path: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Attr:
    """Pandoc-style attributes: ``{#id .class key=value}``."""

    id: str = ""
    classes: tuple[str, ...] = ()
    kv: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str | None = None) -> str | None:
        for k, v in self.kv:
            if k == key:
                return v
        return default

    def has(self, cls: str) -> bool:
        return cls in self.classes

    def with_id(self, new_id: str) -> Attr:
        return dataclasses.replace(self, id=new_id)


NO_ATTR = Attr()
NO_SOURCE = SourceRef()
