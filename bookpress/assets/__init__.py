"""Derived assets: what is computed from the model and costly to make,
between the transforms and the writers.

Today: interactive figures (``<HtmlEmbed>``, local ``<iframe>``) drawn by a
headless browser (:func:`render_embeds`). Inputs are the book and its
files; outputs are files in ``<out>/.cache/``, keyed by content, that both
writers read through the figure's image.
"""

from __future__ import annotations

from .embeds import Report, render_embeds

__all__ = ["Report", "render_embeds"]
