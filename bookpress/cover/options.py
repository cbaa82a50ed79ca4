"""``[cover]`` in book.toml: the paper, the front picture and the back text.

The table is read with the rest of book.toml: its keys are rows of
:mod:`bookpress.config.schema` and :class:`CoverOptions` lives in
:mod:`bookpress.config.cover` (``Config.cover``). Re-exported here for the
cover's own modules.
"""

from __future__ import annotations

from ..config.cover import PAPER_PER_PAGE_IN, PER_PAGE_RANGE_IN, CoverOptions, read_cover_options

__all__ = ["PAPER_PER_PAGE_IN", "PER_PAGE_RANGE_IN", "CoverOptions", "read_cover_options"]
