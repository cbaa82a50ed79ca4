"""A deterministic synthetic technical book for benchmarking bookpress.

``generate(folder, pages, seed)`` writes an mdBook-style book (``book.toml``,
``src/SUMMARY.md``, one Markdown file per chapter, ``src/images/``) whose
print PDF comes out at roughly ``pages`` pages with the default 7x9.25 trim.
The same (pages, seed, features) always gives byte-identical files.

The content has the mix of a real technical book: prose built from a
technical vocabulary with sentences of varied length, inline code, emphasis,
links, inline math, footnotes (defined and in-line ``^[...]``), citations,
numbered sections with ids, highlighted listings in several languages (8-40
lines, a few 200-character lines, some numbered, some captioned), tables
(small ones, a long one of 40+ rows now and then, a wide one of 10+ columns
now and then), figures (PNG and SVG, a large 3000x2000 PNG a few times),
numbered display equations, callouts, lists, block quotes, and
cross-references to the chapter's own figures, tables, equations, listings
and sections (plus a few to other chapters).

Citations are written in Pandoc syntax and every cited key is in
``references.bib``, named by ``[book] bibliography``; index terms are marked
with ``[term]{.index}`` and ``[term]{index="head!sub"}`` (about five a page)
and ``[index] terms`` lists a few words indexed wherever they occur. (A
bookpress older than these features warns about the unknown keys and prints
the spans as text.) Add constructs here as bookpress learns them, so that the
book keeps the mix of a real one.

``features`` switches constructs off for attribution runs (see
``bench/variants.py``; default: all of ``ALL_FEATURES``); ``extra_css`` adds
a user stylesheet ([output.pdf] css); ``pdf_options`` adds keys to
[output.pdf] (e.g. ``{"gutter": "0.3in"}``).

Calibration: each chapter is filled until an estimate of its pages (words,
code lines, table rows, figure heights) reaches its share of the book;
``CALIBRATION`` (real pages / estimated pages) was fitted against real builds
(``python bench/generate.py DIR --pages 400 --measure``) and is the one knob
to turn when bookpress's layout changes the page count. Usage::

    python bench/generate.py OUT_DIR --pages 400 [--seed 0] [--measure]
"""

# ruff: noqa: E501  (templates of generated Markdown, SVG and code read better unwrapped)
from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import sys
from pathlib import Path

ALL_FEATURES = frozenset(
    {
        "code",  # listings (highlighted when "highlight" is on)
        "highlight",  # a language on the listings' fences
        "math",  # inline and display math
        "footnotes",
        "tables",
        "figures",
        "xrefs",  # @fig-x, @tbl-x, @eq-x, @lst-x, @sec-x, [@x]{.page}
        "citations",  # [@key, p. 3], @key, with references.bib named in book.toml
        "index",  # [term]{.index}, [term]{index="head!sub"}, [index] terms in book.toml
        "callouts",  # ::: note, > [!TIP]
        "lists",  # bulleted, numbered, definition lists, block quotes
        "parts",  # "# Part" headings in SUMMARY.md
    }
)

# Estimated pages per unit. CALIBRATION (real pages / estimated pages of
# chapter content) was fitted so that the default build of generate(pages=400)
# comes out at ~400 pages.
CALIBRATION = 1.22
WORDS_PER_PAGE = 440.0
CODE_LINES_PER_PAGE = 46.0
TABLE_ROWS_PER_PAGE = 30.0
CHAPTERS_PER_400_PAGES = 28
EDIT_MARK = "<!-- bench: edit here -->"  # marks the paragraph the rebuild benchmark edits

# --- vocabulary ---------------------------------------------------------------------

NOUNS = """
scheduler worker queue request buffer cache allocator compiler parser tokenizer optimizer gradient
tensor kernel thread process socket connection session transaction index partition replica shard
leader follower checkpoint snapshot batch pipeline stage operator graph node edge vertex lock mutex
barrier channel stream iterator generator coroutine callback handler middleware router endpoint
service client server proxy gateway registry manifest schema record column row table view query
planner executor runtime interpreter module package dependency build artifact container image volume
cluster deployment rollout probe metric counter histogram trace span sample estimator model layer
embedding attention head encoder decoder loss objective regulariser learning-rate scheduler epoch
step dataset loader shuffle sampler allocator arena page segment heap stack frame pointer reference
closure object instance method function signature type interface trait protocol struct field variant
enum macro template lexer token grammar rule production constraint solver heuristic invariant
assertion test fixture benchmark profile hot-path bottleneck latency throughput bandwidth budget
quota limit timeout retry backoff deadline lease heartbeat watchdog supervisor daemon signal
descriptor mapping region journal log entry offset cursor watermark window aggregate join filter
projection predicate key value hash bucket bloom-filter trie tree B-tree skip-list ring vector
matrix scalar dimension axis shape stride layout kernel-launch warp block grid device host transfer
collective all-reduce broadcast gather scatter topology network packet frame header payload codec
encoding compression checksum signature certificate credential token-bucket policy
""".split()  # noqa: SIM905

ADJECTIVES = """
small large fast slow stable unstable concurrent parallel sequential lazy eager strict lenient local
remote global private public immutable mutable persistent transient durable volatile hot cold warm
stale fresh consistent eventual linearizable idempotent deterministic stochastic sparse dense
quantised compressed incremental distributed centralised partial complete bounded unbounded fixed
dynamic static adaptive naive careful robust fragile expensive cheap minimal redundant implicit
explicit nested flat ordered unordered sorted balanced skewed noisy clean synchronous asynchronous
blocking non-blocking lock-free wait-free optimistic pessimistic amortised worst-case typical first
last intermediate upstream downstream default custom generic specialised
""".split()  # noqa: SIM905

VERBS = """
reads writes stores loads caches evicts flushes merges splits sorts filters reduces maps schedules
dispatches batches serialises deserialises encodes decodes compresses validates checks rejects
accepts retries forwards routes balances replicates partitions shards rebuilds recompiles
invalidates refreshes updates appends truncates compacts allocates frees reuses pins unpins locks
releases acquires signals wakes blocks polls measures samples estimates predicts approximates bounds
normalises scales clips averages accumulates aggregates joins projects hashes indexes traces logs
reports exposes hides wraps unwraps parses tokenises lowers optimises inlines specialises vectorises
fuses unrolls prefetches streams buffers drains throttles limits delays commits aborts rolls-back
snapshots restores checkpoints migrates upgrades pins tracks
""".split()  # noqa: SIM905

VERBS_BASE = """
read write store load cache evict flush merge split sort filter reduce map schedule dispatch batch
validate check reject accept retry forward route balance replicate partition rebuild recompile
invalidate refresh update append truncate compact allocate free reuse lock release acquire measure
sample estimate bound normalise scale clip accumulate aggregate join hash index trace parse lower
optimise inline fuse prefetch stream buffer drain throttle limit commit abort snapshot restore
migrate track profile
""".split()  # noqa: SIM905

ADVERBIALS = [
    "in constant time",
    "in a single pass",
    "before the first step",
    "after every commit",
    "for every request",
    "on the hot path",
    "at start-up",
    "under contention",
    "in the background",
    "without extra copies",
    "at the end of each epoch",
    "per partition",
    "on each worker",
    "in the common case",
    "when the queue is full",
    "behind a feature flag",
    "across the cluster",
    "within the deadline",
    "with bounded memory",
    "in amortised constant time",
    "at most once",
    "at least once",
    "exactly once",
    "in the worst case",
    "on a cold cache",
    "on a warm cache",
    "in logarithmic time",
    "for the whole batch",
    "one page at a time",
    "in reverse order",
    "by default",
    "only when asked to",
    "as early as possible",
    "as late as possible",
    "between two checkpoints",
    "on every tick of the clock",
    "in the same transaction",
]

CONNECTORS = [
    "However,",
    "In practice,",
    "As a result,",
    "For this reason,",
    "In other words,",
    "By contrast,",
    "Similarly,",
    "Put differently,",
    "In the simplest case,",
    "At scale,",
    "Crucially,",
    "Unsurprisingly,",
    "In our experiments,",
    "On modern hardware,",
    "Still,",
    "Note that",
    "Recall that",
    "It follows that",
    "Conversely,",
    "In the next step,",
    "More precisely,",
    "For example,",
    "In particular,",
    "Finally,",
    "First,",
    "Second,",
]

SUBORDINATES = ["because", "although", "so that", "while", "unless", "until", "since", "whereas"]

IDENT_PARTS = """
max min num total batch size step rate lr queue worker pool cache key value buf len idx offset count
limit timeout retry backoff seed epoch shard replica node graph path file name config opts state ctx
result err loss grad param weight bias mask token chunk block page frame span trace metric sample
window
""".split()  # noqa: SIM905

WORKS = [
    "knuth1984",
    "lamport1978",
    "dean2008",
    "ghemawat2003",
    "vaswani2017",
    "kingma2015",
    "lampson1983",
    "saltzer1984",
    "gray1993",
    "stonebraker2005",
    "abadi2016",
    "paszke2019",
    "chang2006",
    "decandia2007",
    "ongaro2014",
    "brewer2012",
    "hennessy2017",
    "sutton2018",
    "goodfellow2016",
    "bishop2006",
    "cormen2009",
    "tanenbaum2014",
    "kleppmann2017",
]

CHAPTER_TOPICS = [
    "Foundations",
    "Data Representation",
    "Memory and Allocation",
    "Concurrency Primitives",
    "Scheduling",
    "Storage Engines",
    "Indexing",
    "Query Planning",
    "Transactions",
    "Replication",
    "Consensus",
    "Partitioning",
    "Stream Processing",
    "Batch Pipelines",
    "Caching Strategies",
    "Compilers and Code Generation",
    "Numerical Methods",
    "Optimisation Algorithms",
    "Training Loops",
    "Model Architectures",
    "Attention and Memory",
    "Evaluation and Metrics",
    "Profiling and Performance",
    "Observability",
    "Testing at Scale",
    "Deployment",
    "Security",
    "Failure and Recovery",
    "Networking",
    "Serialisation Formats",
    "Build Systems",
    "Packaging and Distribution",
    "Resource Management",
    "GPU Programming",
    "Collective Communication",
    "Mixed Precision",
    "Data Loading",
    "Checkpointing",
    "Hyperparameter Search",
    "Reproducibility",
    "Benchmarking",
    "Capacity Planning",
    "Rate Limiting",
    "Load Balancing",
    "Service Discovery",
    "Configuration Management",
    "Schema Evolution",
    "Compression",
    "Cryptographic Hashing",
    "Approximate Data Structures",
    "Graph Algorithms",
    "Sparse Computation",
    "Quantisation",
    "Inference Serving",
    "Autoscaling",
    "Cost Models",
    "Case Studies",
    "Lessons Learned",
]

SECTION_WORDS = [
    "Overview",
    "Motivation",
    "Design",
    "Implementation",
    "Trade-offs",
    "Measurements",
    "Pitfalls",
    "A Worked Example",
    "Correctness",
    "Performance",
    "Variants",
    "Limitations",
    "In Production",
    "Tuning",
    "Interfaces",
    "The Data Path",
    "The Control Path",
    "Failure Modes",
    "Edge Cases",
    "Putting It Together",
    "Background",
    "Costs",
]

PART_TITLES = [
    "Part I: Foundations",
    "Part II: Systems",
    "Part III: Data",
    "Part IV: Learning",
    "Part V: Operations",
    "Part VI: Scale",
    "Part VII: Practice",
    "Part VIII: Case Studies",
    "Part IX: Advanced Topics",
    "Part X: Appendices",
]

# Indexed wherever they occur ([index] terms): nouns of the vocabulary.
INDEX_TERMS = ["checkpoint", "watermark", "bloom filter"]

GREEK = [
    "\\alpha",
    "\\beta",
    "\\gamma",
    "\\delta",
    "\\eta",
    "\\lambda",
    "\\mu",
    "\\sigma",
    "\\theta",
    "\\tau",
    "\\rho",
    "\\epsilon",
    "\\omega",
    "\\phi",
]
LATIN = list("abcdfghknmpqrstuvwxyz")


class Prose:
    """Sentences and paragraphs from the vocabulary above."""

    def __init__(self, rng: random.Random, features: frozenset[str]) -> None:
        self.rng = rng
        self.features = features

    def noun(self) -> str:
        r = self.rng
        n = r.choice(NOUNS).replace("-", " ")
        roll = r.random()
        if roll < 0.35:
            n = f"{r.choice(ADJECTIVES)} {n}"
        elif roll < 0.45:
            n = f"{n} {r.choice(NOUNS).replace('-', ' ')}"
        return n

    def np(self, plain: bool = False) -> str:
        """A noun phrase; plain: never an index mark (for captions and attributes)."""
        r = self.rng
        det = r.choice(["the", "the", "the", "a", "each", "every", "this", "that", "our", "the"])
        n = self.noun()
        if det == "a" and n[0] in "aeiou":
            det = "an"
        if "index" in self.features and not plain and r.random() < 0.1:
            # ~5 index marks a page: the term itself, or an entry with a subentry.
            if r.random() < 0.75:
                n = f"[{n}]{{.index}}"
            else:
                head = n.split()[-1]
                n = f'[{n}]{{index="{head}!{r.choice(ADJECTIVES)}"}}'
        return f"{det} {n}"

    def ident(self) -> str:
        r = self.rng
        parts = [r.choice(IDENT_PARTS) for _ in range(r.randint(1, 3))]
        name = "_".join(parts)
        roll = r.random()
        if roll < 0.3:
            return f"`{name}()`"
        if roll < 0.4:
            return f"`{r.choice(IDENT_PARTS)}.{name}`"
        if roll < 0.5:
            return f"`--{name.replace('_', '-')}`"
        return f"`{name}`"

    def inline_math(self) -> str:
        r = self.rng
        g, v = r.choice(GREEK), r.choice(LATIN)
        i = r.choice("ijkt")
        forms = [
            f"${v}_{{{i}}}$",
            f"${g} = {r.choice(['0.1', '0.01', '0.9', '0.99', '10^{-3}', '10^{-4}', '3'])}$",
            f"$O({v} \\log {v})$",
            f"$O({v}^{r.randint(2, 3)})$",
            f"${v}_{{{i}+1}} = {v}_{i} - {g} \\nabla f({v}_{i})$",
            f"$\\sum_{{{i}=1}}^{{{r.choice(LATIN).upper()}}} {v}_{i}$",
            f"${g}_{{{i}}} \\in [0, 1]$",
            f"$\\|{v}\\|_{r.randint(1, 2)}$",
            f"$\\frac{{{v}}}{{{r.choice(LATIN)}}}$",
            f"$2^{{{r.randint(8, 40)}}}$",
            f"${v} \\le {r.choice(LATIN)} + {g}$",
            f"$\\mathbb{{E}}[{v}]$",
        ]
        return r.choice(forms)

    def phrase(self) -> str:
        """A noun phrase, sometimes code, emphasis or math instead."""
        r = self.rng
        roll = r.random()
        if roll < 0.08:
            return self.ident()
        if roll < 0.11:
            return f"*{self.noun()}*"
        if roll < 0.13 and "math" in self.features:
            return f"the value {self.inline_math()}"
        if roll < 0.14:
            return f"**{self.noun()}**"
        return self.np()

    def clause(self) -> str:
        r = self.rng
        parts = [
            self.np() if r.random() < 0.85 else self.ident(),
            r.choice(VERBS).replace("-", " "),
            self.phrase(),
        ]
        if r.random() < 0.55:
            parts.append(r.choice(ADVERBIALS))
        if r.random() < 0.12:
            parts.append(f"in {r.randint(2, 900)} {r.choice(['ms', 'µs', 'seconds', 'steps', 'rounds'])}")
        return " ".join(parts)

    def sentence(self) -> str:
        r = self.rng
        kind = r.random()
        if kind < 0.12:
            s = f"{self.np()} {r.choice(VERBS).replace('-', ' ')} {self.phrase()}"
        elif kind < 0.4:
            s = self.clause()
        elif kind < 0.6:
            s = f"{r.choice(CONNECTORS)} {self.clause()}"
        elif kind < 0.75:
            s = f"{self.clause()} {r.choice(SUBORDINATES)} {self.clause()}"
        elif kind < 0.85:
            s = f"{self.clause()}, which {r.choice(VERBS).replace('-', ' ')} {self.phrase()}"
        elif kind < 0.93:
            s = f"to {r.choice(VERBS_BASE)} {self.np()}, {self.clause()}"
        else:
            s = f"{self.clause()}; {self.clause()}, and {self.clause()}"
        return s[0].upper() + s[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))


def _words(text: str) -> int:
    return len(text.split())


# --- code ------------------------------------------------------------------------


def _py_listing(rng: random.Random, lines: int, long_lines: int) -> list[str]:
    name = "_".join(rng.choice(IDENT_PARTS) for _ in range(2))
    args = ", ".join(rng.sample(IDENT_PARTS, 3))
    out = [
        f"def {name}({args}, *, timeout=30.0):",
        f'    """{rng.choice(VERBS).capitalize()} the {rng.choice(NOUNS)} and return the {rng.choice(NOUNS)}."""',
    ]
    indent = "    "
    while len(out) < lines:
        roll = rng.random()
        a, b, c = (rng.choice(IDENT_PARTS) for _ in range(3))
        if roll < 0.15 and len(indent) < 12:
            out.append(f"{indent}for {a} in range({b}):" if rng.random() < 0.5 else f"{indent}if {a} > {b}:")
            indent += "    "
            continue
        if roll < 0.25 and len(indent) > 4:
            indent = indent[:-4]
        if roll < 0.35:
            out.append(
                f"{indent}# {rng.choice(VERBS).capitalize()} the {rng.choice(NOUNS)} {rng.choice(ADVERBIALS)}."
            )
        elif roll < 0.5:
            out.append(f"{indent}{a} = {b}.{rng.choice(VERBS_BASE)}({c}, {rng.randint(0, 512)})")
        elif roll < 0.6:
            out.append(f'{indent}log.info("{rng.choice(NOUNS)} %s took %.2f ms", {a}, {b} * 1e3)')
        elif roll < 0.7:
            out.append(f"{indent}{a}[{b}] += {c} ** {rng.randint(2, 4)} / max({a}, 1)")
        elif roll < 0.78:
            out.append("")
        elif roll < 0.88:
            out.append(f'{indent}{a} = {{"{b}": {rng.random():.3f}, "{c}": None, "ok": True}}')
        else:
            out.append(f"{indent}return {a}, {b}")
            indent = "    "
    out = out[:lines]
    for _ in range(long_lines):
        at = rng.randint(2, max(2, len(out) - 1))
        kwargs = ", ".join(f"{rng.choice(IDENT_PARTS)}_{i}={rng.randint(0, 999)}" for i in range(40))
        line = f"    {rng.choice(IDENT_PARTS)} = configure({kwargs})"
        out.insert(at, line[:200])
    return out


def _rust_listing(rng: random.Random, lines: int, long_lines: int) -> list[str]:
    name = "_".join(rng.choice(IDENT_PARTS) for _ in range(2))
    out = [
        "use std::collections::HashMap;",
        "",
        f"pub fn {name}(input: &[u64], limit: usize) -> Result<HashMap<u64, usize>, Error> {{",
        "    let mut seen = HashMap::with_capacity(limit);",
    ]
    while len(out) < lines - 2:
        a, b = rng.choice(IDENT_PARTS), rng.choice(IDENT_PARTS)
        roll = rng.random()
        if roll < 0.25:
            out.append(
                f"    // {rng.choice(VERBS).capitalize()} the {rng.choice(NOUNS)} {rng.choice(ADVERBIALS)}."
            )
        elif roll < 0.5:
            out.append(f"    let {a} = input.iter().filter(|x| **x > {rng.randint(0, 99)}).count();")
        elif roll < 0.7:
            out.append(f"    *seen.entry({a} as u64).or_insert(0) += {b}.len();")
        elif roll < 0.85:
            out.append(f"    if {a} >= limit {{ return Err(Error::Limit({a})); }}")
        else:
            out.append("")
    out += ["    Ok(seen)", "}"]
    for _ in range(long_lines):
        args = ", ".join(f"{rng.choice(IDENT_PARTS)}_{i}" for i in range(40))
        out.insert(rng.randint(3, len(out) - 2), f"    let config = Config::new({args});"[:200])
    return out


def _shell_listing(rng: random.Random, lines: int, long_lines: int) -> list[str]:
    out = []
    while len(out) < lines:
        a, b = rng.choice(IDENT_PARTS), rng.choice(IDENT_PARTS)
        roll = rng.random()
        if roll < 0.2:
            out.append(f"# {rng.choice(VERBS).capitalize()} the {rng.choice(NOUNS)}")
        elif roll < 0.5:
            out.append(f"$ ./run --{a}={rng.randint(1, 64)} --{b} data/{a}.bin")
        elif roll < 0.8:
            out.append(f"{a}: {rng.randint(0, 10**6)} {b}/s ({rng.random() * 100:.1f}%)")
        else:
            out.append(f"export {a.upper()}_{b.upper()}={rng.randint(0, 4096)}")
    for _ in range(long_lines):
        flags = " ".join(f"--{rng.choice(IDENT_PARTS)}-{i}={rng.randint(0, 99)}" for i in range(30))
        out.insert(rng.randint(0, len(out)), f"$ ./train {flags}"[:200])
    return out


def _json_listing(rng: random.Random, lines: int, long_lines: int) -> list[str]:
    out = ["{"]
    while len(out) < lines - 1:
        a = rng.choice(IDENT_PARTS)
        roll = rng.random()
        if roll < 0.4:
            out.append(f'  "{a}_{len(out)}": {rng.randint(0, 10**5)},')
        elif roll < 0.7:
            out.append(f'  "{a}_{len(out)}": "{rng.choice(NOUNS)}",')
        else:
            out.append(f'  "{a}_{len(out)}": [{", ".join(str(rng.randint(0, 99)) for _ in range(5))}],')
    out.append('  "version": 1')
    out.append("}")
    for _ in range(long_lines):
        items = ", ".join(f'"{rng.choice(NOUNS)}-{i}"' for i in range(30))
        out.insert(rng.randint(1, len(out) - 2), f'  "list_{len(out)}": [{items}],'[:199] + "")
    return out


def _yaml_listing(rng: random.Random, lines: int, long_lines: int) -> list[str]:
    out = []
    indent = ""
    while len(out) < lines:
        a = rng.choice(IDENT_PARTS)
        roll = rng.random()
        if roll < 0.2 and len(indent) < 6:
            out.append(f"{indent}{a}:")
            indent += "  "
        elif roll < 0.3 and indent:
            indent = indent[:-2]
            out.append(f"{indent}# {rng.choice(NOUNS)}")
        elif roll < 0.7:
            out.append(f"{indent}{a}_{len(out)}: {rng.randint(0, 9999)}")
        else:
            out.append(f"{indent}{a}_{len(out)}: {rng.choice(NOUNS)}")
    for _ in range(long_lines):
        words = " ".join(rng.choice(NOUNS) for _ in range(40))
        out.insert(rng.randint(0, len(out)), f"description: {words}"[:200])
    return out


LISTINGS = [("python", _py_listing)] * 6 + [
    ("rust", _rust_listing),
    ("rust", _rust_listing),
    ("console", _shell_listing),
    ("json", _json_listing),
    ("yaml", _yaml_listing),
]

# --- math --------------------------------------------------------------------------


def display_equation(rng: random.Random) -> str:
    g, g2 = rng.sample(GREEK, 2)
    v, w = rng.sample(LATIN, 2)
    big = rng.choice("NMTKL")
    i = rng.choice("ijkt")
    n = rng.randint(2, 9)
    forms = [
        f"\\mathcal{{L}}({g}) = -\\frac{{1}}{{{big}}} \\sum_{{{i}=1}}^{{{big}}} \\log p_{g}({v}_{i} \\mid {v}_{{<{i}}})",
        f"{v}_{{{i}+1}} = {v}_{i} - {g} \\frac{{\\partial \\mathcal{{L}}}}{{\\partial {v}_{i}}} + {g2} ({v}_{i} - {v}_{{{i}-1}})",
        f"\\operatorname{{softmax}}({v})_{i} = \\frac{{e^{{{v}_{i} / {g}}}}}{{\\sum_{{j=1}}^{{{big}}} e^{{{v}_j / {g}}}}}",
        f"T({big}) = {n} T\\left(\\frac{{{big}}}{{{n}}}\\right) + O({big}^{{{rng.randint(1, 3)}}})",
        f"\\hat{{{v}}} = \\arg\\min_{{{v}}} \\sum_{{{i}=1}}^{{{big}}} ({w}_{i} - {v}^\\top x_{i})^2 + {g} \\|{v}\\|_2^2",
        f"P({v} \\mid {w}) = \\frac{{P({w} \\mid {v}) P({v})}}{{\\sum_{{{v}'}} P({w} \\mid {v}') P({v}')}}",
        f"\\operatorname{{Attention}}(Q, K, V) = \\operatorname{{softmax}}\\left(\\frac{{Q K^\\top}}{{\\sqrt{{d_{v}}}}}\\right) V",
        f"{g}_t = {g}_0 \\cdot \\min\\left(1, \\frac{{t}}{{{rng.randint(100, 9000)}}}\\right) \\cdot \\frac{{1}}{{\\sqrt{{\\max(t, {rng.randint(100, 9000)})}}}}",
        f"\\mathbb{{E}}[{v}] = \\int_{{-\\infty}}^{{\\infty}} {v} \\, p({v}) \\, d{v} \\approx \\frac{{1}}{{{big}}} \\sum_{{{i}=1}}^{{{big}}} {v}_{i}",
        f"\\begin{{aligned}} m_t &= {g} m_{{t-1}} + (1 - {g}) g_t \\\\ v_t &= {g2} v_{{t-1}} + (1 - {g2}) g_t^2 \\end{{aligned}}",
        f"U = \\frac{{{big} \\cdot {v}}}{{{w}}} \\le {rng.randint(1, 9)}0\\%, \\qquad {v} = \\sum_{{{i}=1}}^{{{n}}} \\lambda_{i} s_{i}",
        f"\\begin{{pmatrix}} {v}' \\\\ {w}' \\end{{pmatrix}} = \\begin{{pmatrix}} \\cos {g} & -\\sin {g} \\\\ \\sin {g} & \\cos {g} \\end{{pmatrix}} \\begin{{pmatrix}} {v} \\\\ {w} \\end{{pmatrix}}",
    ]
    return rng.choice(forms)


# --- images ------------------------------------------------------------------------

PNG_FIGURES = ["loss-curve.png", "throughput.png", "dashboard.png", "heatmap.png"]
LARGE_PNG = "photo-large.png"
SVG_FIGURES = ["pipeline.svg", "architecture.svg", "latency.svg", "tree.svg"]


def write_images(folder: Path, seed: int) -> None:
    """A few PNGs (one large) and SVGs, drawn once and shared by all figures."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"images-{seed}")

    def line_chart(path: Path, w: int, h: int, series: int) -> None:
        img = Image.new("RGB", (w, h), "white")
        d = ImageDraw.Draw(img)
        d.rectangle([80, 40, w - 40, h - 80], outline="black", width=3)
        for k in range(10):
            y = 40 + k * (h - 120) // 10
            d.line([80, y, w - 40, y], fill=(220, 220, 220), width=1)
        for s in range(series):
            pts = []
            level = 0.9 - 0.1 * s
            for x in range(80, w - 40, 4):
                level = max(0.05, level * 0.9985 + rng.uniform(-0.006, 0.006))
                pts.append((x, 40 + (1 - level) * (h - 120)))
            d.line(pts, fill=[(0, 0, 0), (90, 90, 90), (160, 160, 160)][s % 3], width=3 + s)
        img.save(path, optimize=True)

    def bar_chart(path: Path, w: int, h: int) -> None:
        img = Image.new("RGB", (w, h), "white")
        d = ImageDraw.Draw(img)
        bars = 24
        for b in range(bars):
            x0 = 60 + b * (w - 120) // bars
            top = rng.randint(80, h - 120)
            d.rectangle(
                [x0 + 6, top, x0 + (w - 120) // bars - 6, h - 60], fill=(60 + 6 * b, 60 + 6 * b, 60 + 6 * b)
            )
        d.line([40, h - 60, w - 40, h - 60], fill="black", width=3)
        img.save(path, optimize=True)

    def dashboard(path: Path, w: int, h: int) -> None:
        img = Image.new("RGB", (w, h), (245, 245, 245))
        d = ImageDraw.Draw(img)
        for _ in range(60):
            x, y = rng.randint(0, w - 300), rng.randint(0, h - 200)
            shade = rng.randint(150, 250)
            d.rectangle(
                [x, y, x + rng.randint(100, 500), y + rng.randint(40, 300)],
                fill=(shade, shade, 255 - shade // 3),
                outline="black",
            )
            d.text((x + 10, y + 10), f"{rng.choice(NOUNS)} {rng.randint(0, 999)}", fill="black")
        img.save(path, optimize=True)

    def heatmap(path: Path, n: int) -> None:
        cells = 40
        small = Image.new("L", (cells, cells))
        small.putdata(
            [
                int(127 + 120 * math.sin(i / 7.0) * math.cos(j / 5.0) * rng.uniform(0.7, 1.0))
                for j in range(cells)
                for i in range(cells)
            ]
        )
        small.resize((n, n), Image.Resampling.NEAREST).convert("RGB").save(path, optimize=True)

    def photo(path: Path, w: int, h: int) -> None:
        # Smooth gradients plus mild deterministic noise: compresses like a photograph.
        base = Image.radial_gradient("L").resize((w, h)).convert("RGB")
        tint = Image.linear_gradient("L").rotate(90).resize((w, h)).convert("RGB")
        noise = Image.frombytes("RGB", (w, h), rng.randbytes(w * h * 3))
        img = Image.blend(Image.blend(base, tint, 0.4), noise, 0.08)
        img.save(path)

    line_chart(folder / "loss-curve.png", 1800, 1200, 3)
    bar_chart(folder / "throughput.png", 1600, 900)
    dashboard(folder / "dashboard.png", 2000, 1250)
    heatmap(folder / "heatmap.png", 1000)
    photo(folder / LARGE_PNG, 3000, 2000)

    def svg(path: Path, w: int, h: int, body: list[str]) -> None:
        path.write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">\n'
            + "\n".join(body)
            + "\n</svg>\n",
            encoding="utf-8",
        )

    def boxes(n: int, w: int, h: int) -> list[str]:
        out = [
            '<defs><marker id="a" markerWidth="8" markerHeight="8" refX="8" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z"/></marker></defs>'
        ]
        bw = (w - 40) // n - 30
        for k in range(n):
            x = 20 + k * (bw + 30)
            out.append(
                f'<rect x="{x}" y="{h // 2 - 30}" width="{bw}" height="60" rx="6" fill="#eee" stroke="#000"/>'
            )
            out.append(
                f'<text x="{x + bw // 2}" y="{h // 2 + 5}" font-family="sans-serif" font-size="14" text-anchor="middle">{rng.choice(NOUNS)}</text>'
            )
            if k:
                out.append(
                    f'<line x1="{x - 30}" y1="{h // 2}" x2="{x - 2}" y2="{h // 2}" stroke="#000" marker-end="url(#a)"/>'
                )
        return out

    svg(folder / "pipeline.svg", 640, 160, boxes(5, 640, 160))
    arch = []
    for row in range(4):
        for col in range(4):
            x, y = 20 + col * 155, 20 + row * 95
            arch.append(f'<rect x="{x}" y="{y}" width="135" height="60" rx="6" fill="#eee" stroke="#000"/>')
            arch.append(
                f'<text x="{x + 67}" y="{y + 35}" font-family="sans-serif" font-size="13" text-anchor="middle">{rng.choice(NOUNS)}</text>'
            )
            if row:
                arch.append(
                    f'<line x1="{x + 67}" y1="{y - 35}" x2="{x + 67}" y2="{y - 2}" stroke="#000" marker-end="url(#a)"/>'
                )
    svg(folder / "architecture.svg", 640, 400, boxes(1, 640, 160)[:1] + arch)
    pts = []
    y = 200.0
    for x in range(0, 600):
        y = min(280.0, max(20.0, y + rng.uniform(-4, 4)))
        pts.append(f"{40 + x},{y:.1f}")
    svg(
        folder / "latency.svg",
        680,
        320,
        [
            '<rect x="40" y="10" width="600" height="280" fill="none" stroke="#000"/>',
            f'<polyline fill="none" stroke="#000" stroke-width="1.5" points="{" ".join(pts)}"/>',
            *[
                f'<text x="{40 + k * 100}" y="310" font-family="sans-serif" font-size="12">{k * 10} s</text>'
                for k in range(7)
            ],
        ],
    )
    tree = []
    for depth in range(4):
        count = 2**depth
        for k in range(count):
            x = (k + 0.5) * 640 / count
            yy = 40 + depth * 90
            tree.append(f'<circle cx="{x:.1f}" cy="{yy}" r="16" fill="#ddd" stroke="#000"/>')
            tree.append(
                f'<text x="{x:.1f}" y="{yy + 5}" font-family="sans-serif" font-size="12" text-anchor="middle">{rng.randint(0, 99)}</text>'
            )
            if depth:
                px = (k // 2 + 0.5) * 640 / (count // 2)
                tree.append(f'<line x1="{px:.1f}" y1="{yy - 74}" x2="{x:.1f}" y2="{yy - 16}" stroke="#000"/>')
    svg(folder / "tree.svg", 640, 340, tree)


# --- the book ----------------------------------------------------------------------


class ChapterWriter:
    """One chapter's Markdown, filled until its page budget is spent."""

    def __init__(self, rng, features, number, slug, title, budget, other_chapters):
        self.rng = rng
        self.f = features
        self.prose = Prose(rng, features)
        self.n = number
        self.slug = slug
        self.title = title
        self.budget = budget  # estimated pages
        self.used = 0.45  # the chapter opener
        self.out: list[str] = []
        self.notes: list[str] = []
        self.note_count = 0
        self.others = other_chapters  # (number, slug, title) of the other chapters
        self.ids: dict[str, list[str]] = {"fig": [], "tbl": [], "eq": [], "lst": [], "sec": []}
        self.marked = False

    # words and pages
    def para(self, sentences: int | None = None, refs: list[str] = ()) -> None:
        r = self.rng
        n = sentences or r.choice([2, 3, 3, 4, 4, 5, 5, 6, 7, 8])
        sents = [self.prose.sentence() for _ in range(n)]
        for ref in refs:
            at = r.randrange(len(sents))
            sents[at] = self.ref_sentence(ref)
        if "footnotes" in self.f and r.random() < 0.22:
            at = r.randrange(len(sents))
            sents[at] = sents[at][:-1] + self.footnote() + sents[at][-1]
        if "citations" in self.f and r.random() < 0.12:
            at = r.randrange(len(sents))
            sents[at] = sents[at][:-1] + " " + self.citation() + sents[at][-1]
        if "xrefs" in self.f and r.random() < 0.05 and self.others:
            _num, slug, title = r.choice(self.others)
            if r.random() < 0.5:  # "on page N" is for far targets: half the references to other chapters
                sents.append(f"We come back to this in [@sec-{slug}]{{.page}}.")
            else:
                sents.append(
                    f"We come back to this in @sec-{slug}, and [the chapter on {title.lower()}]({slug}.md) has the details."
                )
        if r.random() < 0.03:
            sents.append(
                f"The [reference documentation](https://example.org/docs/{r.choice(IDENT_PARTS)}) lists every option."
            )
        text = " ".join(sents)
        if not self.marked and self.used > self.budget * 0.4:
            self.out.append(EDIT_MARK)
            self.marked = True
        self.out.append(text)
        self.used += _words(text) / WORDS_PER_PAGE + 0.01

    def ref_sentence(self, ref: str) -> str:
        r = self.rng
        kind = ref.split("-", 1)[0]
        if "xrefs" not in self.f:
            return self.prose.sentence()
        what = {"fig": "shows", "tbl": "lists", "eq": "defines", "lst": "implements", "sec": "explains"}[kind]
        roll = r.random()
        if roll < 0.6:
            return f"@{ref} {what} {self.prose.np()} {r.choice(ADVERBIALS)}."
        if roll < 0.68:  # "on page N" for a target in the same chapter: rare, as in real books
            return f"{self.prose.clause().capitalize()}, as [see @{ref}]{{.page}} makes clear."
        if roll < 0.88:
            return f"Compare {self.prose.np()} with the one in @{ref}."
        return f"The numbers in [-@{ref}] are {r.choice(ADJECTIVES)} but {r.choice(ADJECTIVES)}."

    def footnote(self) -> str:
        r = self.rng
        self.note_count += 1
        if r.random() < 0.25:
            return f"^[{self.prose.sentence()}]"
        label = f"n{self.n}-{self.note_count}"
        body = self.prose.paragraph(r.choice([1, 1, 2, 2, 3]))
        if "citations" in self.f and r.random() < 0.2:
            body += f" See {self.citation()}."
        self.notes.append(f"[^{label}]: {body}")
        self.used += _words(body) / (WORDS_PER_PAGE * 1.25)
        return f"[^{label}]"

    def citation(self) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.5:
            return f"[@{r.choice(WORKS)}]"
        if roll < 0.8:
            return f"[@{r.choice(WORKS)}, p. {r.randint(3, 700)}]"
        a, b = r.sample(WORKS, 2)
        return f"[see @{a}; @{b}]"

    def flush_notes(self) -> None:
        if self.notes:
            self.out.extend(self.notes)
            self.notes = []

    # blocks
    def listing(self) -> str | None:
        r = self.rng
        lang, make = r.choice(LISTINGS)
        lines = r.randint(8, 40)
        long_lines = r.choice([0, 0, 0, 1, 1, 2, 3])
        code = make(r, lines, long_lines)
        attrs = []
        ident = None
        roll = r.random()
        if roll < 0.55:
            ident = f"lst-{self.n}-{len(self.ids['lst']) + 1}"
            self.ids["lst"].append(ident)
            attrs.append(f"#{ident}")
            caption = f"{r.choice(VERBS).capitalize()} {self.prose.np(plain=True)} {r.choice(ADVERBIALS)}"
            attrs.append(f'caption="{caption}"')
            if r.random() < 0.3:
                attrs.append(".numberLines")
        if "highlight" in self.f:
            fence = f"```{{.{lang} {' '.join(attrs)}}}" if attrs else f"```{lang}"
        else:
            fence = f"```{{{' '.join(attrs)}}}" if attrs else "```"
        self.out.append(fence + "\n" + "\n".join(code) + "\n```")
        wrapped = sum(len(line) // 70 for line in code)
        self.used += (len(code) + wrapped) / CODE_LINES_PER_PAGE + 0.06
        return ident

    def table(self, kind: str) -> str:
        r = self.rng
        if kind == "wide":
            cols = r.randint(10, 12)
            rows = r.randint(6, 14)
        elif kind == "long":
            cols = r.randint(4, 6)
            rows = r.randint(40, 70)
        else:
            cols = r.randint(3, 6)
            rows = r.randint(4, 12)
        head = ["Name"] + [r.choice(NOUNS).replace("-", " ").capitalize() for _ in range(cols - 1)]
        aligns = [":--"] + [r.choice(["--:", "--:", ":--", ":-:"]) for _ in range(cols - 1)]
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(aligns) + "|"]
        for k in range(rows):
            cells = [
                f"`{r.choice(IDENT_PARTS)}-{k + 1:03d}`" if r.random() < 0.3 else f"{r.choice(NOUNS)}-{k + 1}"
            ]
            for _ in range(cols - 1):
                roll = r.random()
                if roll < 0.45:
                    cells.append(f"{r.uniform(0, 1000):.{r.randint(0, 3)}f}")
                elif roll < 0.65:
                    cells.append(str(r.randint(1, 10**6)))
                elif roll < 0.85 or kind == "wide":
                    cells.append(r.choice(ADJECTIVES))
                else:
                    cells.append(" ".join(r.choice(NOUNS) for _ in range(r.randint(2, 7))))
            lines.append("| " + " | ".join(cells) + " |")
        ident = f"tbl-{self.n}-{len(self.ids['tbl']) + 1}"
        self.ids["tbl"].append(ident)
        caption = f"{r.choice(['Measured', 'Observed', 'Configured', 'Default', 'Typical'])} {self.prose.noun()} by {self.prose.noun()}"
        lines.append(f": {caption} {{#{ident}}}")
        self.out.append("\n".join(lines))
        self.used += (rows + 2) / TABLE_ROWS_PER_PAGE * (1.3 if kind == "long" else 1.0) + 0.05
        return ident

    def figure(self, large: bool) -> str:
        r = self.rng
        if large:
            src, width = LARGE_PNG, 100
        else:
            src = r.choice(PNG_FIGURES + SVG_FIGURES)
            width = r.choice([50, 60, 70, 80, 90, 100])
        ident = f"fig-{self.n}-{len(self.ids['fig']) + 1}"
        self.ids["fig"].append(ident)
        caption = f"{self.prose.np(plain=True).capitalize()} {r.choice(ADVERBIALS)}, {r.choice(['measured', 'drawn', 'sketched', 'plotted'])} for {self.prose.np(plain=True)}."
        self.out.append(f"![{caption}](images/{src}){{#{ident} width={width}%}}")
        aspect = {
            "heatmap.png": 1.0,
            "pipeline.svg": 0.25,
            "architecture.svg": 0.62,
            "latency.svg": 0.47,
            "tree.svg": 0.53,
        }.get(src, 0.66)
        self.used += min(0.8, width / 100 * 5.4 * aspect / 7.6) + 0.08
        return ident

    def equation(self, numbered: bool) -> str | None:
        tex = display_equation(self.rng)
        ident = None
        if numbered:
            ident = f"eq-{self.n}-{len(self.ids['eq']) + 1}"
            self.ids["eq"].append(ident)
            self.out.append(f"$$\n{tex}\n$$ {{#{ident}}}")
        else:
            self.out.append(f"$$\n{tex}\n$$")
        self.used += 0.08
        return ident

    def callout(self) -> None:
        r = self.rng
        kind = r.choice(["note", "tip", "warning", "important", "caution"])
        body = self.prose.paragraph(r.randint(1, 4))
        if r.random() < 0.5:
            self.out.append(f"::: {kind}\n{body}\n:::")
        elif r.random() < 0.5:
            title = f"{r.choice(VERBS_BASE).capitalize()} the {r.choice(NOUNS)} first"
            self.out.append(f'::: {{.callout-{kind} title="{title}"}}\n{body}\n:::')
        else:
            self.out.append(f"> [!{kind.upper()}]\n> {body}")
        self.used += _words(body) / (WORDS_PER_PAGE * 0.9) + 0.08

    def a_list(self) -> None:
        r = self.rng
        roll = r.random()
        items = r.randint(3, 7)
        if roll < 0.5:
            lines = [f"- {self.prose.sentence()}" for _ in range(items)]
        elif roll < 0.8:
            lines = [f"{k + 1}. {self.prose.sentence()}" for k in range(items)]
        elif roll < 0.92:
            lines = []
            for _ in range(items):
                lines += [self.prose.noun().capitalize(), f": {self.prose.sentence()}", ""]
            lines = lines[:-1]
        else:
            lines = [f"> {self.prose.paragraph(r.randint(2, 4))}"]
        text = "\n".join(lines)
        self.out.append(text)
        self.used += _words(text) / (WORDS_PER_PAGE * 0.85) + 0.05 + 0.02 * items

    def heading(self, level: int, title: str, with_id: bool) -> None:
        if with_id:
            ident = f"sec-{self.slug}-{len(self.ids['sec']) + 1}"
            self.ids["sec"].append(ident)
            self.out.append(f"{'#' * level} {title} {{#{ident}}}")
        else:
            self.out.append(f"{'#' * level} {title}")
        self.used += 0.07 if level == 2 else 0.05

    def write(self) -> str:
        r = self.rng
        f = self.f
        self.out.append(f"# {self.title} {{#sec-{self.slug}}}")
        for _ in range(r.randint(2, 3)):
            self.para()
        self.flush_notes()
        # The chapter's furniture, spread over its sections.
        blocks: list[tuple[str, object]] = []
        if "code" in f:
            blocks += [("listing", None)] * r.randint(2, 4)
        if "tables" in f:
            kinds = ["plain"]
            if self.n % 3 == 1:
                kinds.append("long")
            if self.n % 3 == 2:
                kinds.append("wide")
            if r.random() < 0.3:
                kinds.append("plain")
            blocks += [("table", k) for k in kinds]
        if "figures" in f:
            count = r.randint(1, 3)
            blocks += [("figure", self.n % 7 == 3 and k == 0) for k in range(count)]
        if "math" in f:
            blocks += [("equation", True)] * r.randint(1, 2)
            if r.random() < 0.3:
                blocks.append(("equation", False))
        if "callouts" in f:
            blocks += [("callout", None)] * r.randint(0, 2)
        if "lists" in f:
            blocks += [("list", None)] * r.randint(1, 3)
        r.shuffle(blocks)
        sections = r.randint(3, 6)
        per_section = [blocks[k::sections] for k in range(sections)]
        # Prose is what is left of the budget after the furniture, spread evenly.
        for k, mine in enumerate(per_section):
            title = f"{r.choice(SECTION_WORDS)}"
            if r.random() < 0.5:
                title += f" of the {r.choice(NOUNS).replace('-', ' ')}"
            self.heading(2, title, with_id=r.random() < 0.6)
            self.para()
            for kind, arg in mine:
                ref = None
                if kind == "listing":
                    ref = self.listing()
                elif kind == "table":
                    ref = self.table(arg)
                elif kind == "figure":
                    ref = self.figure(arg)
                elif kind == "equation":
                    ref = self.equation(arg)
                elif kind == "callout":
                    self.callout()
                elif kind == "list":
                    self.a_list()
                self.para(refs=[ref] if ref else [])
            remaining_sections = sections - k
            target = self.used + (self.budget - self.used) / remaining_sections
            sub = 0
            while self.used < target:
                if r.random() < 0.12 and sub < 3:
                    sub += 1
                    self.heading(3, f"{r.choice(SECTION_WORDS)} {sub}", with_id=False)
                refs = []
                if "xrefs" in f and r.random() < 0.15:
                    pool = [i for kind in ("fig", "tbl", "eq", "lst", "sec") for i in self.ids[kind]]
                    if pool:
                        refs.append(r.choice(pool))
                self.para(refs=refs)
            self.flush_notes()
        return "\n\n".join(self.out) + "\n"


def chapter_plan(pages: int, seed: int) -> list[tuple[int, str, str]]:
    count = max(2, round(pages / 400 * CHAPTERS_PER_400_PAGES))
    rng = random.Random(f"plan-{seed}")
    topics = list(CHAPTER_TOPICS)
    while len(topics) < count:
        topics += [f"{t} Revisited" for t in CHAPTER_TOPICS]
    picked = topics[:count]
    rng.shuffle(picked)
    plan = []
    for k, title in enumerate(picked, 1):
        slug = f"ch{k:02d}-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        plan.append((k, slug, title))
    return plan


def generate(
    folder: Path,
    pages: int,
    seed: int = 0,
    features: frozenset[str] | set[str] | None = None,
    extra_css: str | None = None,
    pdf_options: dict[str, str] | None = None,
) -> Path:
    """Write the book into ``folder`` (replacing what was there); return folder."""
    features = frozenset(ALL_FEATURES if features is None else features)
    unknown = features - ALL_FEATURES
    if unknown:
        raise ValueError(f"unknown features: {sorted(unknown)}")
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    src = folder / "src"
    src.mkdir(parents=True)
    if "figures" in features:
        write_images(src / "images", seed)

    plan = chapter_plan(pages, seed)
    parts = max(1, round(len(plan) / 7)) if "parts" in features else 0
    # Pages that are not chapter content: title page and its verso, the
    # contents, part pages with their blank versos, the preface, and the
    # blank verso before half of the chapters (they open on the right).
    toc_pages = (len(plan) * 5.5 + 2) / 38
    overhead = 2 + math.ceil(toc_pages) + 1 + 2 * parts + 3 + 0.5 * len(plan)
    per_chapter = max(3.0, (pages - overhead) / len(plan) / CALIBRATION)

    summary = ["# Summary", "", "[Preface](preface.md)", ""]
    chapter_parts = {}
    if parts:
        size = math.ceil(len(plan) / parts)
        for p in range(parts):
            chapter_parts[p * size + 1] = PART_TITLES[p % len(PART_TITLES)]
    for number, slug, title in plan:
        if number in chapter_parts:
            summary += ["", f"# {chapter_parts[number]}", ""]
        summary.append(f"- [{title}]({slug}.md)")
        rng = random.Random(f"{seed}-{number}-{pages}")
        others = [c for c in plan if c[0] != number]
        writer = ChapterWriter(rng, features, number, slug, title, per_chapter, others)
        (src / f"{slug}.md").write_text(writer.write(), encoding="utf-8")
    summary.append("")
    (src / "SUMMARY.md").write_text("\n".join(summary), encoding="utf-8")

    rng = random.Random(f"preface-{seed}")
    preface = Prose(rng, features)
    text = ["# Preface", ""] + [preface.paragraph(rng.randint(3, 7)) + "\n" for _ in range(9)]
    (src / "preface.md").write_text("\n".join(text), encoding="utf-8")

    if "citations" in features:
        (folder / "references.bib").write_text(bibtex(seed), encoding="utf-8")

    toml = [
        "[book]",
        f'title = "Systems at Scale: A Synthetic Benchmark Book ({pages} pages, seed {seed})"',
        'authors = ["Ada Benchmark", "Grace Synthetic"]',
        'language = "en"',
        'description = "A deterministic synthetic technical book generated by bench/generate.py."',
        "",
        "[output.pdf]",
        'trim = "7x9.25"',
    ]
    if "citations" in features:
        toml.insert(5, 'bibliography = "references.bib"')
    if extra_css:
        (folder / "bench.css").write_text(extra_css, encoding="utf-8")
        toml.append('css = ["bench.css"]')
    for key, value in (pdf_options or {}).items():  # e.g. {"gutter": "0.3in"}
        toml.append(f"{key} = {json.dumps(value)}")
    if "index" in features:
        toml += ["", "[index]", f"terms = {json.dumps(INDEX_TERMS)}"]
    (folder / "book.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
    return folder


def bibtex(seed: int) -> str:
    """A BibTeX file with every key the chapters cite. Not referenced from
    book.toml yet: bookpress has no bibliography setting so far. When it has
    one, name references.bib there (and the citations become formatted)."""
    rng = random.Random(f"bib-{seed}")
    entries = []
    for key in WORKS:
        name = key.rstrip("0123456789").capitalize()
        year = key[len(name) :]
        kind = rng.choice(["article", "book", "inproceedings"])
        title = f"On the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} in {rng.choice(ADJECTIVES)} systems"
        venue = {
            "article": "journal = {Communications of the ACM}",
            "book": "publisher = {Benchmark Press}",
            "inproceedings": "booktitle = {Proceedings of the Symposium on Synthetic Systems}",
        }[kind]
        entries.append(
            f"@{kind}{{{key},\n  author = {{{name}, {rng.choice('ABCDEFGHJKLMNPRSTW')}. and "
            f"{rng.choice(['Lee', 'Garcia', 'Okafor', 'Novak', 'Tanaka', 'Schmidt'])}, {rng.choice('ABCDEFGH')}.}},\n"
            f"  title = {{{title}}},\n  {venue},\n  year = {{{year}}},\n}}\n"
        )
    return "\n".join(entries)


def edit_one_paragraph(folder: Path, tag: str) -> Path:
    """Change one paragraph of one chapter (the marked one in the middle chapter)
    the way an author would: a sentence gets a few more words. Returns the file."""
    chapters = sorted((Path(folder) / "src").glob("ch*.md"))
    target = chapters[len(chapters) // 2]
    text = target.read_text(encoding="utf-8")
    head, mark, rest = text.partition(EDIT_MARK + "\n\n")
    if not mark:
        raise RuntimeError(f"{target}: no paragraph marked for editing")
    paragraph, sep, tail = rest.partition("\n\n")
    edited = re.sub(r"\.( \[revised [^\]]*\])?$", f". [revised {tag}]", paragraph, count=1)
    target.write_text(head + mark + edited + sep + tail, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--without", default="", help="comma-separated features to leave out")
    ap.add_argument("--measure", action="store_true", help="build the PDF and print its page count")
    args = ap.parse_args(argv)
    without = {w for w in args.without.split(",") if w}
    generate(args.folder, args.pages, args.seed, ALL_FEATURES - without)
    files = sorted((args.folder / "src").glob("*.md"))
    words = sum(_words(p.read_text(encoding="utf-8")) for p in files)
    print(f"{args.folder}: {len(files) - 1} chapter files, {words} words")
    if args.measure:
        import subprocess
        import time

        started = time.perf_counter()
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "bookpress",
                "build",
                str(args.folder),
                "--out",
                str(args.folder / "build"),
                "--format",
                "pdf",
            ],
            capture_output=True,
            text=True,
        )
        print(
            out.stdout.strip(),
            out.stderr.strip()[-2000:],
            f"({time.perf_counter() - started:.1f} s)",
            sep="\n",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
