"""What every transform is given besides the book, and the shape of a transform.

A module of its own, below the transforms, so that each transform can name
:class:`Context` without importing the package that imports all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..config import Config
from ..diagnostics import Diagnostics
from ..model import Book


@dataclass
class Context:
    config: Config
    diagnostics: Diagnostics


Transform = Callable[[Book, Context], Book]
