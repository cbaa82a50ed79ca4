"""Attribute bookpress's PDF time to constructs and to CSS features.

Builds variants of the synthetic book (default 200 pages, seed 0) and times
the phases of each PDF build in a fresh process (bench/profile.py --only
phases), so that every variant can be compared with the full book:

- CSS variants: the same Markdown, with a user stylesheet ([output.pdf] css)
  that switches one feature of the default theme off. Compared with the
  full book, and with the same baseline.
- content variants: the book generated without one construct (no code, no
  math, ...). Each is compared with its own baseline (bench/baseline.py on
  the same Markdown), since the content itself changes.

    python bench/variants.py [--pages 200] [--only name,name] [--json build/bench-variants.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.append(str(HERE))

from generate import ALL_FEATURES, generate  # noqa: E402
from run import CHILD_ENV, export_revision, use_source  # noqa: E402

_HEADS_OFF = """
@page chapter:left, chapter-start:left, frontmatter:left,
      chapter:right, chapter-start:right, frontmatter:right {
  @top-left { content: none; } @top-center { content: none; } @top-right { content: none; }
}
.title-page h1, h1.chapter-title, nav.toc h1 { string-set: none; }
"""

CSS_VARIANTS: dict[str, tuple[str, str]] = {
    "toc-no-leaders": (
        "TOC page numbers without leader('.')",
        "nav.toc a::after { content: target-counter(attr(href url), page); }\n"
        "nav.toc li.toc-front > a::after { content: target-counter(attr(href url), page, lower-roman); }\n",
    ),
    "toc-no-numbers": (
        "TOC without page numbers (no target-counter)",
        "nav.toc a::after, nav.toc li.toc-front > a::after { content: none; }\n",
    ),
    "no-toc": ("no TOC at all", "nav.toc { display: none; }\n"),
    "no-page-refs": ("[@x]{.page} without the page number", "a.page-number::after { content: none; }\n"),
    "fixed-page-refs": (
        "[@x]{.page} numbers in a fixed-width box (re-layout cannot move line breaks)",
        "a.page-number::after { display: inline-block; width: 1.6em; text-indent: 0; }\n",
    ),
    "no-hyphens": ("hyphens: manual everywhere", "p, th, td, .footnote { hyphens: manual; }\n"),
    "no-justify": ("ragged right instead of justified", "p { text-align: left; }\n"),
    "plain-cells": (
        "table cells without overflow-wrap: anywhere / hyphens",
        "th, td { overflow-wrap: normal; hyphens: manual; }\n",
    ),
    "no-running-heads": ("no running heads or folios, no string-set", _HEADS_OFF),
    "no-pre-lines": (
        "listing lines not blocks (no per-line break rules / continuation marks)",
        "pre .ln { display: inline; padding-left: 0; text-indent: 0; }\npre .ln.wrap { background: none; }\n",
    ),
    "no-footnote-float": (
        "footnotes inline (float: none) instead of float: footnote",
        ".footnote { float: none; font-size: inherit; }\n",
    ),
}
CSS_VARIANTS["lean"] = (
    "all of: toc-no-numbers, no-page-refs, no-hyphens, no-justify, plain-cells, no-running-heads",
    "".join(
        CSS_VARIANTS[k][1]
        for k in (
            "toc-no-numbers",
            "no-page-refs",
            "no-hyphens",
            "no-justify",
            "plain-cells",
            "no-running-heads",
        )
    ),
)

CONTENT_VARIANTS: dict[str, tuple[str, set[str]]] = {
    "no-code": ("no listings", {"code", "highlight"}),
    "no-highlight": ("listings without a language (not highlighted)", {"highlight"}),
    "no-math": ("no inline or display math", {"math"}),
    "no-footnotes": ("no footnotes", {"footnotes"}),
    "no-tables": ("no tables", {"tables"}),
    "no-figures": ("no figures", {"figures"}),
    "no-xrefs": ("no cross-references", {"xrefs"}),
    "prose-only": ("prose, headings and lists only", ALL_FEATURES - {"lists", "parts"}),
}


def phases(book: Path, which: str, scratch: Path) -> dict:
    out = scratch / f"{book.name}-{which}.json"
    cmd = [sys.executable, str(HERE / "profile.py"), str(book), "--only", which, "--json", str(out)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=CHILD_ENV)
    if proc.returncode:
        sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-4000:])
        raise SystemExit(f"variants: {' '.join(cmd)} failed")
    data = json.loads(out.read_text())
    data["wall_s"] = time.perf_counter() - started
    counts = ("pages", "html_bytes", "pages_laid_out", "renders", "wall_s")
    data["total_s"] = sum(v for k, v in data.items() if k not in counts)
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Attribute PDF time to constructs and CSS features.")
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", default="", help="comma-separated variant names (default: all)")
    ap.add_argument("--json", type=Path, default=ROOT / "build" / "bench-variants.json")
    ap.add_argument("--rev", help="measure this git revision of bookpress instead of the working tree")
    args = ap.parse_args(argv)
    only = {n for n in args.only.split(",") if n}
    work = ROOT / "build" / "bench" / "variants"
    work.mkdir(parents=True, exist_ok=True)
    if args.rev:
        folder, sha = export_revision(args.rev, ROOT / "build" / "bench")
        use_source(folder)
        print(f"bookpress: revision {sha} ({folder})")

    results: dict[str, dict] = {}

    def show(name: str, desc: str, r: dict, ref: dict | None, base: dict | None) -> None:
        vs_full = f"{r['total_s'] / ref['total_s']:6.2f}" if ref else f"{'':>6}"
        vs_base = f"{r['total_s'] / base['total_s']:6.2f}" if base else f"{'':>6}"
        print(
            f"{name:<18} {int(r['pages']):>5} {r['total_s']:7.1f} {r['layout']:7.1f} {r['draw']:6.1f} "
            f"{r['html'] + r['read+transform']:6.1f} {r['parse'] + r['style'] + r['boxes']:6.1f} "
            f"{r['pdf-write']:6.1f} {r.get('pages_laid_out', 0) / r['pages']:6.2f} "
            f"{int(r.get('renders', 1)):>3} "
            f"{vs_full} {vs_base}  {desc}",
            flush=True,
        )

    print(
        f"{'variant':<18} {'pages':>5} {'total':>7} {'layout':>7} {'draw':>6} {'bp':>6} "
        f"{'p+s+b':>6} {'write':>6} {'lay/pg':>6} {'rdr':>3} {'/full':>6} {'/base':>6}",
        flush=True,
    )
    print(f"{'':<18} {'':>5} {'s':>7} {'s':>7} {'s':>6} {'s':>6} {'s':>6} {'s':>6}")

    full = generate(work / "full", args.pages, args.seed)
    results["full"] = phases(full, "phases", work)
    results["full-baseline"] = base = phases(full, "baseline", work)
    show("full", "every construct, default theme", results["full"], None, base)
    show("full-baseline", "bench/baseline.py on the same Markdown", base, None, None)

    for name, (desc, css) in CSS_VARIANTS.items():
        if only and name not in only:
            continue
        book = generate(work / name, args.pages, args.seed, extra_css=css)
        results[name] = phases(book, "phases", work)
        results[name]["description"] = desc
        show(name, desc, results[name], results["full"], base)

    for name, (desc, without) in CONTENT_VARIANTS.items():
        if only and name not in only:
            continue
        book = generate(work / name, args.pages, args.seed, features=ALL_FEATURES - without)
        results[name] = phases(book, "phases", work)
        results[name]["description"] = desc
        results[name + "-baseline"] = own = phases(book, "baseline", work)
        show(name, desc, results[name], results["full"], own)

    results["full-again"] = phases(full, "phases", work)
    show("full-again", "the full book again (noise check)", results["full-again"], results["full"], base)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1) + "\n")
    print("\ncolumns: total = sum of phases; bp = bookpress read+transform+html;")
    print(
        "p+s+b = WeasyPrint parse+style+boxes; lay/pg = page layouts per page; rdr = whole-document renders;"
    )
    print("/full = total / the full book's; /base = total / the baseline on the same Markdown")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
