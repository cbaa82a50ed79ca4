"""The jinja2 environment for pages that are not chapters."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("bookpress", "templates"),
        autoescape=select_autoescape(["html", "xhtml", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


def render(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context)
