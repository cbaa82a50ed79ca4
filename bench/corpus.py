"""``make corpus``: build every book of the corpus and say how each came out.

The corpus (``../shared/corpus`` next to the repository, or ``--corpus DIR``)
is a folder of real books, one folder each, read-only. For each book:

1. copy it to ``build/corpus/<name>/src`` (without a ``build/`` folder of
   outputs, one with no Markdown in it), and put in the ``book.toml`` a new user would write, kept in
   ``tests/corpus/<name>/book.toml``, when there is one (a book with its own
   ``book.toml`` and none of ours builds with its own);
2. ``bookpress build`` it into ``build/corpus/<name>/out`` in a child process,
   timed, with the peak memory of the whole process tree (bench/run.py);
3. check the outputs: EPUBCheck on the EPUB; preflight of the PDF with the
   book's model, completeness included (every heading in order, every image
   drawn, no markup printed), ``.notdef`` glyphs among its findings.

Writes ``build/corpus.json`` (``--json``) and prints a table. Exit status 0
when every book built; the checks are reported, not enforced.

    python bench/corpus.py [--corpus DIR] [--out build/corpus] [--json build/corpus.json]
                           [--tomls tests/corpus] [NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.append(str(HERE))  # after the standard library: bench/profile.py shadows 'profile'

from run import run_measured  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
TOMLS = ROOT / "tests" / "corpus"  # the book.toml files a new user would write, one folder per book
_DIAGNOSTIC = re.compile(r": (error|warning): .*\[([\w.-]+)\]\s*$")
_TAGS = ("component tag", "HTML tag")


def books(corpus: Path, names: list[str]) -> list[Path]:
    found = sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith("."))
    if names:
        wanted = set(names)
        found = [p for p in found if p.name in wanted]
        unknown = wanted - {p.name for p in found}
        if unknown:
            raise SystemExit(f"corpus: no book named {', '.join(sorted(unknown))} in {corpus}")
    return found


def prepare(book: Path, work: Path, tomls: Path = TOMLS) -> Path:
    """A writable copy of ``book`` in ``work/src``, with our book.toml if we have one."""
    src = work / "src"
    shutil.rmtree(src, ignore_errors=True)
    skip = ["build"] if _is_output(book / "build") else []
    shutil.copytree(
        book,
        src,
        ignore=lambda folder, names: skip if Path(folder) == book else [],
        symlinks=True,
        copy_function=shutil.copyfile,  # not the corpus's read-only modes
    )
    for path in [src, *(p for p in src.rglob("*") if p.is_dir())]:  # read-only sources stay writable here
        path.chmod(path.stat().st_mode | 0o700)
    ours = tomls / book.name / "book.toml"
    if ours.is_file():
        shutil.copyfile(ours, src / "book.toml")
    return src


def _is_output(folder: Path) -> bool:
    """A ``build/`` folder of outputs, not of chapters (ml-engineering has a
    ``build/README.md`` chapter): no Markdown in it."""
    if not folder.is_dir():
        return False
    return not any(p.suffix.lower() in {".md", ".mdx", ".markdown"} for p in folder.rglob("*"))


def diagnostics_by_code(stderr: str) -> tuple[Counter[str], Counter[str]]:
    """Errors and warnings of a build's output, counted by code."""
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for line in stderr.splitlines():
        match = _DIAGNOSTIC.search(line)
        if match:
            (errors if match.group(1) == "error" else warnings)[match.group(2)] += 1
    return errors, warnings


def measure(book: Path, out_root: Path, tomls: Path = TOMLS) -> dict[str, Any]:
    """Build one book and check what came out."""
    work = out_root / book.name
    src = prepare(book, work, tomls)
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "bookpress", "build", str(src), "--out", str(out)]
    run = run_measured(command, ROOT)
    errors, warnings = diagnostics_by_code(run.stderr)
    (work / "build.log").write_text(run.stdout + run.stderr, encoding="utf-8")
    entry: dict[str, Any] = {
        "book": book.name,
        "book_toml": "ours" if (tomls / book.name / "book.toml").is_file() else "its own",
        "exit_code": run.code,
        "seconds": round(run.seconds, 1),
        "peak_mb": round(run.peak_mb),
        "errors": dict(errors.most_common()),
        "warnings": dict(warnings.most_common()),
        "log": str(work / "build.log"),
    }
    pdfs, epubs = sorted(out.glob("*.pdf")), sorted(out.glob("*.epub"))
    entry["pdf"] = str(pdfs[0]) if pdfs else None
    entry["epub"] = str(epubs[0]) if epubs else None
    entry["epubcheck"] = _epubcheck(epubs[0]) if epubs else None
    entry |= _preflight(src, pdfs[0]) if pdfs else {"pages": None, "preflight": None, "completeness": None}
    return entry


def _epubcheck(epub: Path) -> dict[str, Any]:
    from bookpress.diagnostics import BookError
    from bookpress.epubcheck import run_epubcheck

    try:
        report = run_epubcheck(epub)
    except BookError as exc:
        return {"errors": None, "warnings": None, "problem": exc.diagnostic.message}
    return {
        "errors": report.errors + report.fatal,
        "warnings": report.warnings,
        "messages": report.lines()[:50],
    }


def _preflight(src: Path, pdf: Path) -> dict[str, Any]:
    """Preflight the PDF with the book's model: completeness and .notdef glyphs included."""
    import pikepdf

    from bookpress.build import load
    from bookpress.diagnostics import BookError, Diagnostics
    from bookpress.geometry import page_geometry
    from bookpress.preflight_run import check_complete, preflight_built
    from bookpress.profiles import profile_named

    with pikepdf.open(pdf) as document:
        pages = len(document.pages)
    try:
        config, book = load(src, Diagnostics())
    except BookError as exc:
        return {"pages": pages, "preflight": {"problem": exc.diagnostic.format()}, "completeness": None}
    started = time.perf_counter()
    completeness = check_complete(pdf, book, config)
    completeness_s = time.perf_counter() - started
    profile = profile_named(config.pdf.profile)
    report = preflight_built(
        pdf, config, profile, page_geometry(config, profile, pages), completeness=completeness
    )
    own = [f for f in report.findings if f.check != "completeness"]
    return {
        "pages": pages,
        "preflight": {
            "errors": sum(1 for f in own if f.severity == "error"),
            "warnings": sum(1 for f in own if f.severity == "warning"),
            "by_code": dict(Counter(f"{f.severity}:{f.code}" for f in own).most_common()),
            "notdef": sum(1 for f in own if f.code == "glyph-missing"),
            "errors_listed": [f"p.{f.page} {f.code}: {f.message}" for f in own if f.severity == "error"][:30],
        },
        "completeness": completeness.to_json()
        | {
            "summary": completeness.summary(),
            "leaked_tags": sum(completeness.leaked_by_kind[kind] for kind in _TAGS),
            "seconds": round(completeness_s, 2),
        },
    }


# ---- the table -----------------------------------------------------------------------------------


def _cell(value: Any, missing: str = "—") -> str:
    return missing if value is None else str(value)


def row(entry: dict[str, Any]) -> list[str]:
    epub = entry.get("epubcheck") or {}
    pre = entry.get("preflight") or {}
    comp = entry.get("completeness") or {}
    images = comp.get("images") or {}
    warnings = entry.get("warnings") or {}
    return [
        entry["book"],
        _cell(entry.get("pages")),
        f"{entry['seconds']:.0f}",
        _cell(entry.get("peak_mb")),
        str(sum(warnings.values())),
        f"{_cell(epub.get('errors'))}/{_cell(epub.get('warnings'))}",
        _cell(pre.get("errors")),
        ("clean" if comp.get("clean") else comp.get("summary", "—").removeprefix("incomplete: "))
        if comp
        else "—",
        _cell(pre.get("notdef")),
        _cell(comp.get("leaked_tags")),
        f"{_cell(images.get('drawn'))}/{_cell(images.get('existing'))}" if images else "—",
    ]


def _completeness(comp: dict[str, Any]) -> str:
    if not comp:
        return "—"
    return "clean" if comp.get("clean") else comp.get("summary", "").removeprefix("incomplete: ")


HEADER = [
    "book",
    "pages",
    "s",
    "peak MB",
    "warnings",
    "EPUBCheck E/W",
    "preflight E",
    "completeness",
    ".notdef",
    "leaked tags",
    "images drawn",
]


def table(entries: list[dict[str, Any]]) -> str:
    rows = [HEADER, *(row(e) for e in entries)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for entry in entries:
        details = []
        if entry.get("warnings"):
            details.append("warnings: " + ", ".join(f"{n} {code}" for code, n in entry["warnings"].items()))
        if entry.get("errors"):
            details.append("errors: " + ", ".join(f"{n} {code}" for code, n in entry["errors"].items()))
        if entry.get("exit_code"):
            details.append(f"bookpress build exited {entry['exit_code']} (log: {entry['log']})")
        if details:
            lines.append(f"\n{entry['book']}:")
            lines.extend(f"  {d}" for d in details)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="only these books of the corpus")
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("CORPUS") or DEFAULT_CORPUS))
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "corpus")
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "corpus.json")
    parser.add_argument(
        "--tomls", type=Path, default=TOMLS, help="our book.toml files: TOMLS/<book>/book.toml"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        raise SystemExit(f"corpus: no corpus folder at {args.corpus} (set CORPUS=dir)")
    args.out.mkdir(parents=True, exist_ok=True)
    entries = []
    for book in books(args.corpus, args.names):
        print(f"corpus: building {book.name} …", file=sys.stderr, flush=True)
        entries.append(measure(book, args.out.resolve(), args.tomls))
    result = {"corpus": str(args.corpus.resolve()), "books": entries}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(entries))
    print(f"\n{args.json}")
    return 0 if all(e["pdf"] and e["epub"] for e in entries) else 1


if __name__ == "__main__":
    sys.exit(main())
