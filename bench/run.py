"""``make bench``: how fast bookpress builds a ~400- and a ~800-page technical book.

For each size, a deterministic synthetic book is generated (bench/generate.py)
into build/bench/book-<size>/, then measured, every measurement in a fresh
child process (``sys.executable -m bookpress ...``, the same venv):

  pdf          ``bookpress build --format pdf``, cold: cache folders removed first
               (the default: chapter by chapter, one worker)
  rebuild      ``bookpress build --format pdf`` again, right after the cold build
               of the same round, with one paragraph of one chapter changed
  epub_warm    ``bookpress build --format epub`` after that edit, caches kept
  check_warm   ``bookpress check`` after that edit, caches kept
  rebuild_page ``bookpress build --format pdf`` after an edit that adds a page
               of text to chapter 3 (every later page number moves)
  pdf_j1       ``--jobs 1``, cold: chapter by chapter in one worker
  pdf_j2       ``--jobs 2``, cold
  pdf_whole    ``--jobs 0``, cold: the book as one document (as before issue 13)
  epub         ``bookpress build --format epub``, cold
  check        ``bookpress check`` (read + transforms, no rendering), cold
  baseline     bench/baseline.py: the same Markdown through bare markdown-it-py
               and WeasyPrint with a minimal paged stylesheet (the engine's floor)

Measurements are interleaved round by round (in the order above; then
again), so that a slow spell of a noisy machine hits all of them alike; each
figure is the median of its rounds. Time is wall-clock time from start to
exit of the child process (interpreter start-up and imports included: what a
user waits for), and CPU time (user + system of the child and every process
under it, from getrusage(RUSAGE_CHILDREN) around the run): on a machine
shared with other work, CPU time is the steadier figure.

Peak memory is the peak resident set size of the whole process tree of the
child: /proc is polled every 50 ms and the RSS (VmRSS) of the child and all
its descendants summed; the result is the larger of that and the highest
per-process peak the kernel recorded (VmHWM, exact even between polls).
The same poll sums the proportional set size (PSS, smaps_rollup) too: RSS
counts the copy-on-write pages that forked layout workers share with their
parent once per process, PSS splits each shared page between its sharers,
so the PSS sum is what the tree costs the machine (``*_peak_pss_mb``; a
polled peak, the kernel keeps none). bench/proctree.py reads /proc; psutil
is not needed (and not installed). wait4's ru_maxrss is not used: on Linux
it includes the pre-exec image of the child, a fork of this process.

Results: a table on standard output, verdict lines against the targets of
issues #4 and #13, and build/bench.json. Times are reported, never asserted.

    python bench/run.py [--sizes 400,800] [--runs 3] [--runs-800 1] [--keep] [--seed 0]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.append(str(HERE))  # after the standard library: bench/profile.py shadows 'profile'

from generate import edit_one_paragraph, generate  # noqa: E402
from proctree import tree_memory  # noqa: E402

# Targets of issue #4.
TARGET_PDF_RATIO = 1.2  # bookpress PDF time / baseline time, same content
TARGET_EPUB_S = 3.0
TARGET_CHECK_S = 2.0  # at 400 pages
TARGET_PEAK_MB = 600.0  # at 400 pages
TARGET_SCALING = 2.2  # 800-page PDF time / 400-page PDF time
# Targets of issue #13 (chapter-at-a-time layout).
TARGET13 = {
    "pdf_j2_ratio": 1.0,  # cold PDF, both cores, / baseline
    "pdf_j1_ratio": 1.6,  # cold PDF, one core, / baseline
    "rebuild_s": 3.0,  # one-paragraph edit
    "rebuild_page_of_cold": 0.40,  # an edit that adds a page to chapter 3, / cold
    "peak_mb_400": 450.0,
    "peak_mb_800": 500.0,
    "epub_warm_s": 1.0,
    "check_warm_s": 0.7,
    "scaling_800_over_400": 2.1,
}

POLL_S = 0.05
DEFAULT_RUNS_800 = 1  # an 800-page round takes ~2x a 400-page one; see --runs-800


# --- running one child and measuring it -----------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    code: int
    cpu_s: float = 0.0  # user + system time of the child and its descendants
    peak_pss_mb: float = 0.0  # peak of the tree's summed PSS (shared pages split between sharers)


CHILD_ENV = dict(os.environ)  # --rev/--source put another bookpress first on PYTHONPATH


def use_source(source: Path) -> None:
    """Run the children against the bookpress package in source/ (a checkout
    or an exported revision) instead of the installed one."""
    CHILD_ENV["PYTHONPATH"] = os.pathsep.join([str(source), *filter(None, [os.environ.get("PYTHONPATH")])])


def export_revision(rev: str, work: Path) -> tuple[Path, str]:
    """git archive REV's bookpress/ and styles/ into work/src-<sha>/ (read-only
    for the repository: no worktree, no checkout). Returns (folder, sha)."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    target = work / f"src-{sha}"
    if not (target / "bookpress" / "__init__.py").is_file():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", "--format=tar", sha, "bookpress", "styles"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target, sha


def run_measured(cmd: list[str], cwd: Path) -> Run:
    """Run cmd; wall time from spawn to exit, CPU time, peak RSS and PSS of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=CHILD_ENV
    )
    peak = peak_pss = 0
    hwm: dict[int, int] = {}
    done = threading.Event()
    out: dict[str, str] = {}

    def poll() -> None:
        nonlocal peak, peak_pss
        while not done.is_set():
            now = tree_memory(proc.pid, hwm)
            peak, peak_pss = max(peak, now.rss_kb), max(peak_pss, now.pss_kb)
            done.wait(POLL_S)

    def drain(name: str, stream) -> None:
        out[name] = stream.read()

    threads = [
        threading.Thread(target=poll, daemon=True),
        threading.Thread(target=drain, args=("stdout", proc.stdout), daemon=True),
        threading.Thread(target=drain, args=("stderr", proc.stderr), daemon=True),
    ]
    for t in threads:
        t.start()
    try:
        proc.wait()
    except BaseException:  # Ctrl-C, SIGTERM: do not leave a build running
        proc.kill()
        proc.wait()
        raise
    seconds = time.perf_counter() - started
    done.set()
    for t in threads:
        t.join()
    # Not wait4's ru_maxrss: Linux keeps in it the pre-exec image of the
    # child, a (v)fork of this process, so it reports at least our own RSS.
    peak = max(peak, max(hwm.values(), default=0))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(
        seconds,
        peak / 1024,
        out.get("stdout", ""),
        out.get("stderr", ""),
        proc.returncode,
        cpu,
        peak_pss / 1024,
    )


# --- the measurements -----------------------------------------------------------------

BOOKPRESS = [sys.executable, "-m", "bookpress"]
_PAGES = re.compile(r"\((\d+) pages\b")  # "book.pdf  (412 pages)" or "(412 pages, print profile)"
_BASE_PAGES = re.compile(r"^pages: (\d+)$", re.M)


def clear_caches(book: Path) -> None:
    """Everything bookpress may cache between builds (none today): <out>/.cache
    and build/.cache (out is build/ in the book folder, the children's cwd)."""
    for folder in (book / "build" / ".cache", book / ".cache"):
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Series:
    name: str
    runs: list[Run] = field(default_factory=list)
    pages: int | None = None
    warnings: int = 0

    @property
    def median_s(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return statistics.median(r.peak_mb for r in self.runs)

    @property
    def peak_pss_mb(self) -> float:
        return statistics.median(r.peak_pss_mb for r in self.runs)

    @property
    def cpu_s(self) -> float:
        return statistics.median(r.cpu_s for r in self.runs)

    @property
    def max_peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)


def checked(series: Series, run: Run, cmd: list[str]) -> Run:
    if run.code != 0:
        sys.stderr.write(run.stdout[-3000:] + run.stderr[-5000:])
        raise SystemExit(f"bench: '{' '.join(cmd)}' failed with exit code {run.code}")
    series.runs.append(run)
    series.warnings = max(series.warnings, len(re.findall(r": warning: ", run.stderr)))
    return run


def measure_size(pages: int, runs: int, seed: int, work: Path, log) -> dict:
    book = work / f"book-{pages}"
    log(f"\n== {pages} pages: generating {book.relative_to(ROOT)} (seed {seed}) ...")
    started = time.perf_counter()
    generate(book, pages, seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in (book / "src").glob("*.md"))
    chapters = len(list((book / "src").glob("ch*.md")))
    log(f"   {chapters} chapters, {words} words, generated in {time.perf_counter() - started:.1f} s")

    names = ("pdf", "rebuild", "epub_warm", "check_warm", "rebuild_page", "pdf_j1", "pdf_j2", "pdf_whole")
    series = {name: Series(name) for name in (*names, "baseline", "epub", "check")}
    build_pdf = [*BOOKPRESS, "build", ".", "--out", "build", "--format", "pdf"]
    build_epub = [*BOOKPRESS, "build", ".", "--out", "build", "--format", "epub"]
    check = [*BOOKPRESS, "check", "."]
    baseline = [sys.executable, str(HERE / "baseline.py"), ".", "build/baseline.pdf"]

    def pdf_run(name: str, cmd: list[str]) -> Run:
        run = checked(series[name], run_measured(cmd, book), cmd)
        series[name].pages = _pages(run.stdout, series[name].pages, book)
        return run

    rounds_started = time.perf_counter()
    for r in range(1, runs + 1):
        clear_caches(book)
        run = pdf_run("pdf", build_pdf)
        pdf_pages = series["pdf"].pages
        log(f"   round {r}/{runs}: pdf {_fig(run)} ({pdf_pages} pages, {run.peak_mb:.0f} MB)", end="")

        edited = edit_one_paragraph(book, f"{pages}-{r}")
        run = pdf_run("rebuild", build_pdf)
        log(f", rebuild after editing {edited.name} {_fig(run)}", end="")
        run = checked(series["epub_warm"], run_measured(build_epub, book), build_epub)
        run = checked(series["check_warm"], run_measured(check, book), check)
        log(f", warm epub {_fig(series['epub_warm'].runs[-1])}, warm check {_fig(run)}", end="")

        grown = add_a_page(book, 3, f"{pages}-{r}")
        run = pdf_run("rebuild_page", build_pdf)
        log(f", a page more in {grown.name} {_fig(run)} ({series['rebuild_page'].pages} pages)", end="")

        for name, jobs in (("pdf_j1", "1"), ("pdf_j2", "2"), ("pdf_whole", "0")):
            clear_caches(book)
            run = pdf_run(name, [*build_pdf, "--jobs", jobs])
            log(f", --jobs {jobs} {_fig(run)} ({run.peak_mb:.0f} MB)", end="")

        run = checked(series["baseline"], run_measured(baseline, book), baseline)
        m = _BASE_PAGES.search(run.stdout)
        series["baseline"].pages = int(m.group(1)) if m else None
        log(f", baseline {_fig(run)} ({series['baseline'].pages} pages)", end="")

        clear_caches(book)
        run = checked(series["epub"], run_measured(build_epub, book), build_epub)
        log(f", epub {_fig(run)}", end="")

        clear_caches(book)
        run = checked(series["check"], run_measured(check, book), check)
        log(f", check {_fig(run)}")
        if r == 1 and runs > 1:
            per_round = time.perf_counter() - rounds_started
            to_go = per_round * (runs - 1) / 60
            log(f"   (a round takes {per_round / 60:.1f} min: ~{to_go:.0f} min to go for this size)")

    base = series["baseline"].median_s
    result = {
        "pages": series["pdf"].pages,
        "pdf_s": round(series["pdf"].median_s, 2),
        "baseline_s": round(base, 2),
        "epub_s": round(series["epub"].median_s, 2),
        "check_s": round(series["check"].median_s, 2),
        "rebuild_s": round(series["rebuild"].median_s, 2),
        "pdf_peak_mb": round(series["pdf"].peak_mb, 1),
        "baseline_peak_mb": round(series["baseline"].peak_mb, 1),
        "epub_peak_mb": round(series["epub"].peak_mb, 1),
        "check_peak_mb": round(series["check"].peak_mb, 1),
        "rebuild_peak_mb": round(series["rebuild"].peak_mb, 1),
        "baseline_pages": series["baseline"].pages,
        "pdf_ratio": round(series["pdf"].median_s / base, 3),
        "rebuild_ratio": round(series["rebuild"].median_s / base, 3),
        "pdf_j1_s": round(series["pdf_j1"].median_s, 2),
        "pdf_j2_s": round(series["pdf_j2"].median_s, 2),
        "pdf_whole_s": round(series["pdf_whole"].median_s, 2),
        "rebuild_page_s": round(series["rebuild_page"].median_s, 2),
        "epub_warm_s": round(series["epub_warm"].median_s, 2),
        "check_warm_s": round(series["check_warm"].median_s, 2),
        "pdf_j1_ratio": round(series["pdf_j1"].median_s / base, 3),
        "pdf_j2_ratio": round(series["pdf_j2"].median_s / base, 3),
        "pdf_whole_ratio": round(series["pdf_whole"].median_s / base, 3),
        "rebuild_page_of_cold": round(series["rebuild_page"].median_s / series["pdf"].median_s, 3),
        "pdf_j1_peak_mb": round(series["pdf_j1"].peak_mb, 1),
        "pdf_j2_peak_mb": round(series["pdf_j2"].peak_mb, 1),
        "pdf_whole_peak_mb": round(series["pdf_whole"].peak_mb, 1),
        "pdf_whole_pages": series["pdf_whole"].pages,
        # PSS: the tree's memory with pages shared by forked workers counted once (see proctree.py)
        **{f"{name}_peak_pss_mb": round(s.peak_pss_mb, 1) for name, s in series.items()},
        "cpu_s": {name: round(s.cpu_s, 2) for name, s in series.items()},
        "cpu_ratio_to_baseline": {
            name: round(s.cpu_s / max(0.01, series["baseline"].cpu_s), 3) for name, s in series.items()
        },
        "all_cpu_s": {name: [round(r.cpu_s, 2) for r in s.runs] for name, s in series.items()},
        "runs": runs,
        "chapters": chapters,
        "words": words,
        "warnings": {name: s.warnings for name, s in series.items() if s.warnings},
        "all_runs_s": {name: [round(r.seconds, 2) for r in s.runs] for name, s in series.items()},
        "all_peaks_mb": {name: [round(r.peak_mb, 1) for r in s.runs] for name, s in series.items()},
        "all_peaks_pss_mb": {name: [round(r.peak_pss_mb, 1) for r in s.runs] for name, s in series.items()},
    }
    result["_series"] = series
    return result


def _fig(run: Run) -> str:
    return f"{run.seconds:.1f} s ({run.cpu_s:.1f} s CPU)"


def add_a_page(folder: Path, chapter: int, tag: str) -> Path:
    """Add about a page of prose (three paragraphs, ~520 words) to the middle
    of chapter ``chapter``: the chapter grows by a page and every page number
    after it moves (issue 13's page-adding edit). Returns the file."""
    target = sorted((Path(folder) / "src").glob(f"ch{chapter:02d}*.md"))[0]
    text = target.read_text(encoding="utf-8")
    cut = text.find("\n\n", len(text) // 2)
    words = [
        "the",
        "scheduler",
        "batches",
        "every",
        "request",
        "before",
        "the",
        "deadline",
        "while",
        "the",
        "cache",
        "keeps",
        "its",
        "entries",
        "warm",
        "and",
        "the",
        "replica",
        "answers",
        "reads",
        "from",
        "a",
        "consistent",
        "snapshot",
        "of",
        "the",
        "log",
    ]
    paragraph = " ".join(words[i % len(words)] for i in range(175)).capitalize() + f". [grown {tag}]"
    added = "\n\n" + "\n\n".join([paragraph] * 3)
    target.write_text(text[:cut] + added + text[cut:], encoding="utf-8")
    return target


def _pages(stdout: str, previous: int | None, book: Path | None = None) -> int | None:
    """The page count bookpress printed, else the one pdfinfo reads from the PDF."""
    m = _PAGES.search(stdout)
    if m:
        return int(m.group(1))
    pdfs = sorted((book / "build").glob("*.pdf"), key=lambda p: p.stat().st_mtime) if book else []
    pdfs = [p for p in pdfs if p.name != "baseline.pdf"]
    if pdfs and shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdfs[-1])], capture_output=True, text=True).stdout
        m = re.search(r"^Pages:\s+(\d+)", info, re.M)
        if m:
            return int(m.group(1))
    return previous


# --- report ---------------------------------------------------------------------------


LABELS = {
    "pdf": "pdf (cold, default)",
    "pdf_j1": "pdf --jobs 1 (cold)",
    "pdf_j2": "pdf --jobs 2 (cold)",
    "pdf_whole": "pdf --jobs 0 (whole)",
    "rebuild": "rebuild pdf (1 para)",
    "rebuild_page": "rebuild pdf (+1 page)",
    "epub": "epub (cold)",
    "epub_warm": "epub (after 1 para)",
    "check": "check (cold)",
    "check_warm": "check (after 1 para)",
    "baseline": "baseline (floor)",
}
PDF_ROWS = ("pdf", "pdf_j1", "pdf_j2", "pdf_whole", "rebuild", "rebuild_page", "baseline")


def table(results: dict[str, dict]) -> str:
    head = (
        f"{'size':>5}  {'measurement':<22} {'median s':>9} {'min s':>7} {'max s':>7} {'CPU s':>7} "
        f"{'pages':>6} {'pages/s':>8} {'peak MB':>8} {'PSS MB':>7} {'x baseline':>10} {'CPU x base':>10}"
    )
    lines = [head, "-" * len(head)]
    for size, res in results.items():
        series = res["_series"]
        base = series["baseline"]
        for name in LABELS:
            s = series[name]
            times = [r.seconds for r in s.runs]
            pages = s.pages if name in PDF_ROWS else None
            per_s = f"{pages / s.median_s:8.1f}" if pages else f"{'':>8}"
            lines.append(
                f"{size:>5}  {LABELS[name]:<22} {s.median_s:9.2f} {min(times):7.2f} {max(times):7.2f} "
                f"{s.cpu_s:7.1f} {pages if pages else '':>6} {per_s} {s.peak_mb:8.0f} {s.peak_pss_mb:7.0f} "
                f"{s.median_s / base.median_s:10.2f} {s.cpu_s / max(0.01, base.cpu_s):10.2f}"
            )
        lines.append("")
    return "\n".join(lines).rstrip()


def verdicts(results: dict[str, dict]) -> list[dict]:
    out = []

    def verdict(name: str, ok: bool, detail: str) -> None:
        out.append({"target": name, "met": ok, "detail": detail})

    for size, res in results.items():
        verdict(
            f"pdf <= {TARGET_PDF_RATIO}x baseline ({size} pages)",
            res["pdf_ratio"] <= TARGET_PDF_RATIO,
            f"{res['pdf_s']:.1f} s vs baseline {res['baseline_s']:.1f} s = {res['pdf_ratio']:.2f}x",
        )
    for size, res in results.items():
        verdict(
            f"epub <= {TARGET_EPUB_S:g} s ({size} pages)",
            res["epub_s"] <= TARGET_EPUB_S,
            f"{res['epub_s']:.2f} s",
        )
    if "400" in results:
        res = results["400"]
        verdict(
            f"check <= {TARGET_CHECK_S:g} s (400 pages)",
            res["check_s"] <= TARGET_CHECK_S,
            f"{res['check_s']:.2f} s",
        )
        peaks = {k: res[f"{k}_peak_mb"] for k in ("pdf", "rebuild", "epub", "check")}
        worst = max(peaks, key=peaks.get)
        verdict(
            f"peak memory <= {TARGET_PEAK_MB:g} MB (400 pages)",
            peaks[worst] <= TARGET_PEAK_MB,
            f"highest: {worst} {peaks[worst]:.0f} MB (pdf {peaks['pdf']:.0f}, epub {peaks['epub']:.0f}, "
            f"check {peaks['check']:.0f}; baseline {res['baseline_peak_mb']:.0f})",
        )
    if "400" in results and "800" in results:
        small, big = results["400"], results["800"]
        ratio = big["pdf_s"] / small["pdf_s"]
        per_page = (big["pdf_s"] / big["pages"]) / (small["pdf_s"] / small["pages"])
        base_ratio = big["baseline_s"] / small["baseline_s"]
        detail = (
            f"{big['pdf_s']:.1f} s / {small['pdf_s']:.1f} s = {ratio:.2f}x "
            f"({big['pages']} vs {small['pages']} pages; per page {per_page:.2f}x; "
            f"baseline {base_ratio:.2f}x)"
        )
        if not 0.8 <= ratio / base_ratio <= 1.25:
            detail += (
                "; not linear like the baseline: one of the two sizes probably laid the book out more "
                "than once (bench/profile.py counts renders and page layouts)"
            )
        verdict(f"800 pages <= {TARGET_SCALING}x the 400-page time", ratio <= TARGET_SCALING, detail)
        limit = TARGET13["scaling_800_over_400"]
        verdict(f"#13: 800 pages <= {limit}x the 400-page time", ratio <= limit, detail)
    for size, res in results.items():
        cpu = res["cpu_s"]
        base_cpu = max(0.01, cpu["baseline"])
        for key, label in (("pdf_j2_ratio", "--jobs 2"), ("pdf_j1_ratio", "--jobs 1")):
            name = key.removesuffix("_ratio")
            verdict(
                f"#13: cold PDF {label} <= {TARGET13[key]:g}x baseline ({size} pages)",
                res[key] <= TARGET13[key],
                f"{res[name + '_s']:.1f} s = {res[key]:.2f}x wall; CPU {cpu[name]:.1f} s = "
                f"{cpu[name] / base_cpu:.2f}x the baseline's {cpu['baseline']:.1f} s; "
                f"whole document {res['pdf_whole_s']:.1f} s, CPU {cpu['pdf_whole']:.1f} s",
            )
        verdict(
            f"#13: rebuild after a one-paragraph edit <= {TARGET13['rebuild_s']:g} s ({size} pages)",
            res["rebuild_s"] <= TARGET13["rebuild_s"],
            f"{res['rebuild_s']:.2f} s (CPU {cpu['rebuild']:.1f} s)",
        )
        verdict(
            f"#13: rebuild after a page-adding edit <= {TARGET13['rebuild_page_of_cold']:.0%} of cold "
            f"({size} pages)",
            res["rebuild_page_of_cold"] <= TARGET13["rebuild_page_of_cold"],
            f"{res['rebuild_page_s']:.1f} s / {res['pdf_s']:.1f} s = {res['rebuild_page_of_cold']:.0%} "
            f"(CPU {cpu['rebuild_page']:.1f} s / {cpu['pdf']:.1f} s)",
        )
        peak_limit = TARGET13["peak_mb_400"] if int(size) <= 400 else TARGET13["peak_mb_800"]
        pdf_runs = ("pdf", "pdf_j1", "pdf_j2", "rebuild")
        peak = max(res[f"{k}_peak_mb"] for k in pdf_runs)
        pss = max(res[f"{k}_peak_pss_mb"] for k in pdf_runs)
        verdict(
            f"#13: PDF peak memory <= {peak_limit:g} MB ({size} pages)",
            peak <= peak_limit,
            f"highest {peak:.0f} MB summed RSS, {pss:.0f} MB summed PSS "
            f"(whole document {res['pdf_whole_peak_mb']:.0f} MB RSS, "
            f"{res['pdf_whole_peak_pss_mb']:.0f} MB PSS)",
        )
        for key, label in (("epub_warm_s", "EPUB"), ("check_warm_s", "check")):
            verdict(
                f"#13: {label} after a one-paragraph edit <= {TARGET13[key]:g} s ({size} pages)",
                res[key] <= TARGET13[key],
                f"{res[key]:.2f} s",
            )
    return out


def environment(measured_sha: str | None = None) -> dict:
    info = {
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "memory_method": "max(peak of summed VmRSS of the process tree, polled every 50 ms; "
        "highest per-process VmHWM)",
        "pss_method": "peak of summed Pss (/proc/<pid>/smaps_rollup) of the process tree, polled every "
        "50 ms in the same poll: pages shared by forked workers counted once",
        "time_method": "wall clock from spawn to exit of a fresh process",
    }
    try:
        with open("/proc/cpuinfo") as fh:
            model = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "")
        info["cpu"] = model
    except OSError:
        pass
    try:
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import bookpress, weasyprint; print(bookpress.__version__, weasyprint.__version__)",
            ],
            capture_output=True,
            text=True,
            check=True,
            env=CHILD_ENV,
        ).stdout.split()
        info["bookpress"], info["weasyprint"] = out
    except (subprocess.CalledProcessError, ValueError):
        pass
    if measured_sha:
        info["commit"] = measured_sha
        return info
    try:
        info["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "bookpress", "styles"], cwd=ROOT, capture_output=True, text=True
        ).stdout
        info["bookpress_tree_dirty"] = bool(dirty.strip())
    except OSError:
        pass
    return info


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwinds through run_measured's clean-up
    ap = argparse.ArgumentParser(description="Benchmark bookpress on synthetic 400- and 800-page books.")
    ap.add_argument("--sizes", default="400,800", help="comma-separated page counts (default 400,800)")
    ap.add_argument("--runs", type=int, default=3, help="rounds per size (default 3)")
    ap.add_argument(
        "--runs-800",
        type=int,
        default=None,
        help=f"rounds for sizes above 400 pages (default {DEFAULT_RUNS_800}, to keep make bench under "
        "~25 min; an explicit --runs applies to every size unless this is given)",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", action="store_true", help="keep the generated books in build/bench/")
    ap.add_argument("--json", type=Path, default=ROOT / "build" / "bench.json")
    src = ap.add_mutually_exclusive_group()
    src.add_argument(
        "--rev",
        help="benchmark this git revision of bookpress (exported with git archive) "
        "instead of the working tree, e.g. HEAD or a commit, for stable or A/B figures",
    )
    src.add_argument("--source", type=Path, help="benchmark the bookpress package in this folder")
    args = ap.parse_args(argv)

    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error("--sizes takes numbers, e.g. 400,800")
    explicit_runs = any(
        a == "--runs" or a.startswith("--runs=") for a in (argv if argv is not None else sys.argv[1:])
    )
    big_runs = (
        args.runs_800 if args.runs_800 is not None else (args.runs if explicit_runs else DEFAULT_RUNS_800)
    )

    work = ROOT / "build" / "bench"
    work.mkdir(parents=True, exist_ok=True)
    source_note = "the working tree (the installed bookpress)"
    sha = None
    if args.rev:
        folder, sha = export_revision(args.rev, work)
        use_source(folder)
        source_note = f"revision {sha} ({args.rev}), exported to {folder.relative_to(ROOT)}"
    elif args.source:
        use_source(args.source.resolve())
        source_note = f"the bookpress package in {args.source}"

    check = subprocess.run([*BOOKPRESS, "--version"], capture_output=True, text=True, env=CHILD_ENV)
    if check.returncode != 0:
        raise SystemExit(
            f"bench: {sys.executable} cannot run bookpress; use the venv's python (.venv/bin/python)"
        )

    def log(message: str, end: str = "\n") -> None:
        print(message, end=end, flush=True)

    plan = ", ".join(f"{s} pages x {args.runs if s <= 400 else big_runs}" for s in sizes)
    log(f"bookpress benchmark: {plan} rounds ({len(LABELS)} measurements per round)")
    log(f"bookpress from {source_note}; {sys.executable}")
    if any(s > 400 for s in sizes) and big_runs == 1:
        log(
            f"note: sizes above 400 pages run 1 round (not a median) to keep the total time reasonable; "
            f"use --runs-800 {args.runs} for medians there"
        )

    started = time.perf_counter()
    results: dict[str, dict] = {}
    for size in sizes:
        runs = args.runs if size <= 400 else big_runs
        results[str(size)] = measure_size(size, runs, args.seed, work, log)
        if not args.keep:
            shutil.rmtree(work / f"book-{size}", ignore_errors=True)
    total = time.perf_counter() - started

    print("\n" + table(results))
    found = verdicts(results)
    print()
    for v in found:
        print(f"{'MET    ' if v['met'] else 'NOT MET'}  {v['target']}: {v['detail']}")
    warned = {size: res["warnings"] for size, res in results.items() if res["warnings"]}
    if warned:
        print(f"\nnote: the generated books gave warnings: {warned}")
    print(
        f"\nmemory: peak RSS of the whole process tree (VmRSS of every process summed, polled every "
        f"{POLL_S * 1000:.0f} ms, and at least the largest process's VmHWM);\n"
        "PSS MB: the same poll summing PSS, which splits a page shared by forked workers between them "
        "(RSS counts it in every worker);\n"
        "times: wall clock of fresh processes, start-up included."
    )
    print(f"total benchmark time {total / 60:.1f} min")

    payload = {
        "sizes": {
            size: {k: v for k, v in res.items() if not k.startswith("_")} for size, res in results.items()
        },
        "verdicts": found,
        "targets": {
            "pdf_ratio_max": TARGET_PDF_RATIO,
            "epub_s_max": TARGET_EPUB_S,
            "check_s_max_400": TARGET_CHECK_S,
            "peak_mb_max_400": TARGET_PEAK_MB,
            "scaling_800_over_400_max": TARGET_SCALING,
            "issue_13": TARGET13,
        },
        "environment": {**environment(sha), "bookpress_source": source_note},
        "seed": args.seed,
        "total_s": round(total, 1),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json}")
    if not args.keep:
        with contextlib.suppress(OSError):
            work.rmdir()  # only if empty
    return 0


if __name__ == "__main__":
    sys.exit(main())
