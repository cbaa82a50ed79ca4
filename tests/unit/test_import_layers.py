"""Every import points down the pipeline.

bookpress is a pipeline, and its modules are stacked in the same order. A module may
import from its own layer and from any layer below it, never from a layer above:

====  ============  ===========================================================================
  1   foundation    knows no stage: diagnostics and their codes, limits, slugs, languages, HTML
                    facts, collation, metadata text, print profiles, render jobs, fonts and
                    theme fonts/metrics, git, progress, the sandbox, themes, atomic writes, URL
                    syntax, markdown-it token helpers, SVG and EPUB checkers, system tools
  2   model         the document model and the words every stage shares about it (ids, labels,
                    numbering, metadata lines), plus small helpers that only read the model
  3   config        book.toml → Config, and the page geometry it gives
  4   engines       libraries the transforms and writers both call: LaTeX math, bibliographies,
                    the page-count estimate
  5   manuscript    finding the chapters
  6 * reader        Markdown/MDX → model.Book
  7 * transforms    Book → Book steps
  8 * assets        drawn figures and other derived files, between transforms and writers
  9 * writers       HTML, PDF (and its chapter-at-a-time pagination), EPUB, the cover's drawing
 10   checks        reading finished outputs back: completeness, preflight, printed pages
 11   commands      orchestration and the command line: build, release, watch, doctor, …
====  ============  ===========================================================================

The four stages that turn a manuscript into outputs (marked *) hand each other data, not code:
a stage never imports another stage, even an earlier one (the HTML writer once loaded every
transform, and through them the citation engines, for a footnote id and a roman numeral). What two
stages both need goes below them: into the model, :mod:`bookpress.vocabulary` or an engine.

The model sits below the config and the reader although the reader produces it: it is the
language every stage speaks, so every stage imports it. A name means the module or the package
and everything in it; the longest name that matches a module decides (``cover.make`` is a
command, the rest of ``cover`` draws like a writer).

Imports are read with ``ast``, so imports inside functions (lazy imports) and under
``TYPE_CHECKING`` count too. A new module must be given a layer here.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "bookpress"

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "foundation",
        (
            "__init__",
            "atomic",
            "collation",
            "diagnostic_codes",
            "diagnostics",
            "epubcheck",
            "fonts",
            "gitinfo",
            "htmlspec",
            "language",
            "limits",
            "md_tokens",
            "metatext",
            "printers",
            "profiles",
            "progress",
            "render_job",
            "sandbox",
            "slug",
            "svgcheck",
            "theme_fonts",
            "theme_metrics",
            "tools",
            "themes",
            "url_syntax",
        ),
    ),
    ("model", ("model", "vocabulary", "interactive", "text_clean")),
    ("config", ("config", "geometry")),
    ("engines", ("mathtex", "bibliography", "page_estimate")),
    ("manuscript", ("manuscript",)),
    ("reader", ("reader",)),
    ("transforms", ("transforms",)),
    ("assets", ("assets",)),
    ("writers", ("writers", "paginate", "cover")),
    ("checks", ("completeness", "preflight", "print_pages")),
    (
        "commands",
        (
            "preflight_run",
            "book_check",
            "build",
            "release",
            "watch",
            "doctor",
            "scaffold",
            "cover.make",
            "cli",
            "cli_common",
            "cli_publish",
            "__main__",
        ),
    ),
)

# The layers that are pipeline stages (see the docstring: they do not import one another).
STAGES = frozenset({"reader", "transforms", "assets", "writers"})

LAYER_OF: dict[str, int] = {name: number for number, (_, names) in enumerate(LAYERS, 1) for name in names}
LAYER_NAME: dict[int, str] = {number: title for number, (title, _) in enumerate(LAYERS, 1)}

# The engines that format citations: loading a writer must not load them.
CITATION_STACK = ("bibtexparser", "citeproc", "pybtex", "pylatexenc")


def module_name(path: Path) -> str:
    """``bookpress/writers/markup.py`` → ``bookpress.writers.markup`` (a package: its own name)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_key(module: str) -> str | None:
    """The table's name for a module: itself or its nearest listed package."""
    if module == "bookpress":
        return "__init__"
    rel = module.removeprefix("bookpress.")
    parts = rel.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in LAYER_OF:
            return candidate
    return None


def imported_modules(module: str, path: Path, known: dict[str, Path]) -> list[tuple[int, str]]:
    """(line, module) for every bookpress module ``module`` imports, at any depth in the file."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "bookpress"
            ]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            if source.split(".")[0] != "bookpress":
                continue
            for alias in node.names:  # `from pkg import module` imports the module
                child = f"{source}.{alias.name}"
                found.append((node.lineno, child if child in known else source))
    return found


def test_every_module_has_a_layer() -> None:
    missing = sorted(name for name in modules() if layer_key(name) is None)
    assert not missing, f"give these modules a layer in LAYERS ({__file__}): {missing}"


def test_no_module_imports_from_a_later_stage() -> None:
    known = modules()
    upward: list[str] = []
    for module, path in known.items():
        key = layer_key(module)
        if key is None:
            continue
        for line, target in imported_modules(module, path, known):
            target_key = layer_key(target)
            if target_key is None:
                continue
            if LAYER_OF[target_key] > LAYER_OF[key]:
                upward.append(
                    f"{path.relative_to(PACKAGE.parent)}:{line}: {module} ({LAYER_NAME[LAYER_OF[key]]}) "
                    f"imports {target} ({LAYER_NAME[LAYER_OF[target_key]]})"
                )
    assert not upward, "imports that point up the pipeline:\n" + "\n".join(upward)


def test_no_stage_imports_another_stage() -> None:
    known = modules()
    crossing: list[str] = []
    for module, path in known.items():
        key = layer_key(module)
        if key is None or LAYER_NAME[LAYER_OF[key]] not in STAGES:
            continue
        for line, target in imported_modules(module, path, known):
            target_key = layer_key(target)
            if target_key is None:
                continue
            stage, other = LAYER_NAME[LAYER_OF[key]], LAYER_NAME[LAYER_OF[target_key]]
            if other in STAGES and other != stage:
                crossing.append(
                    f"{path.relative_to(PACKAGE.parent)}:{line}: {module} ({stage}) imports {target} ({other})"
                )
    assert not crossing, (
        "stages import other stages (move what both need into the model, bookpress.vocabulary or an engine):\n"
        + "\n".join(crossing)
    )


def test_the_walk_sees_lazy_and_relative_imports() -> None:
    """The walker itself: a function-level import and a parent-relative import are both found."""
    known = modules()
    doctor = imported_modules("bookpress.doctor", known["bookpress.doctor"], known)
    lazy = [target for _, target in doctor if target.startswith("bookpress.assets")]
    assert lazy, doctor  # doctor imports the browser check inside a function
    markup = dict(
        (t, n)
        for n, t in imported_modules("bookpress.writers.markup", known["bookpress.writers.markup"], known)
    )
    assert "bookpress.model" in markup
    assert "bookpress.writers.highlight" in markup


@pytest.mark.parametrize("writer", ["bookpress.writers.markup", "bookpress.writers.print_html"])
def test_loading_an_html_writer_does_not_load_transforms_or_citation_engines(writer: str) -> None:
    probe = f"import sys, {writer}\nprint('\\n'.join(sorted(m for m in sys.modules)))\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(result.stdout.split())
    assert writer in loaded  # the probe did import the writer
    heavy = sorted(
        {m.split(".")[0] for m in loaded if m.split(".")[0] in CITATION_STACK}
        | {".".join(m.split(".")[:2]) for m in loaded if m.startswith("bookpress.transforms")}
    )
    assert not heavy, f"importing {writer} loads {heavy}"
