"""The reading cache (bookpress.reader.cache): chapters read before and
unchanged since come from <out>/.cache/read, with the diagnostics their read
reported; anything a read depended on that changed makes it read again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bookpress.build import _read_context, load
from bookpress.config import load_config
from bookpress.diagnostics import Diagnostics
from bookpress.manuscript import find_outline
from bookpress.model import Book, CodeBlock, query
from bookpress.reader import read_book
from bookpress.reader.cache import READER_CODE, ReadCache, prune

MANUSCRIPT = Path(__file__).resolve().parents[2] / "manuscript"


def _book(root: Path, files: dict[str, str]) -> Path:
    (root / "src").mkdir(parents=True, exist_ok=True)
    (root / "book.toml").write_text('[book]\ntitle = "Cached"\nlanguage = "en"\n', encoding="utf-8")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _read(root: Path, cache_dir: Path | None) -> tuple[Book, list[str], ReadCache | None]:
    """The untransformed book, its diagnostics (formatted) and the cache used."""
    diagnostics = Diagnostics()
    config = load_config(root, diagnostics)
    cache = ReadCache(cache_dir / "read", config.root, _read_context(config)) if cache_dir else None
    book = read_book(config, find_outline(config, diagnostics), diagnostics, cache)
    return book, [d.format() for d in diagnostics.items], cache


def _code(book: Book) -> list[str]:
    return [n.text for ch in book.chapters() for n in query(ch) if isinstance(n, CodeBlock)]


SUMMARY = "# Summary\n\n- [One](one.md)\n- [Two](two.md)\n"
TWO = "# Two\n\nSee the snippet.\n\n```rust\n{{#include snippet.rs}}\n```\n\n{{#include missing.rs}}\n"


def test_a_hit_replays_the_diagnostics_and_gives_the_same_book(tmp_path):
    root = _book(
        tmp_path / "book",
        {
            "src/SUMMARY.md": SUMMARY,
            "src/one.md": "# One\n\nText.\n",
            "src/two.md": TWO,
            "src/snippet.rs": "fn a() {}",
        },
    )
    uncached, told, _ = _read(root, None)
    first, first_told, cold = _read(root, tmp_path / "cache")
    second, second_told, warm = _read(root, tmp_path / "cache")
    assert cold is not None and (cold.hits, cold.misses) == (0, 2)
    assert warm is not None and (warm.hits, warm.misses) == (2, 0)
    assert any("included file 'missing.rs' does not exist" in line for line in told)
    assert first_told == second_told == told
    assert first == second == uncached
    assert _code(second) == ["fn a() {}\n"]


def test_an_edited_include_is_read_again(tmp_path):
    files = {
        "src/SUMMARY.md": SUMMARY,
        "src/one.md": "# One\n",
        "src/two.md": TWO,
        "src/snippet.rs": "fn a() {}",
    }
    root = _book(tmp_path / "book", files)
    _read(root, tmp_path / "cache")
    (root / "src/snippet.rs").write_text("fn b() {}", encoding="utf-8")
    book, _, cache = _read(root, tmp_path / "cache")
    assert cache is not None and (cache.hits, cache.misses) == (1, 1)
    assert _code(book) == ["fn b() {}\n"]


def test_an_include_that_appears_is_read(tmp_path):
    files = {
        "src/SUMMARY.md": SUMMARY,
        "src/one.md": "# One\n",
        "src/two.md": TWO,
        "src/snippet.rs": "fn a() {}",
    }
    root = _book(tmp_path / "book", files)
    _, told, _ = _read(root, tmp_path / "cache")
    assert any("missing.rs" in line for line in told)
    (root / "src/missing.rs").write_text("found now", encoding="utf-8")
    book, told, cache = _read(root, tmp_path / "cache")
    assert cache is not None and cache.misses == 1
    assert not any("missing.rs" in line for line in told)
    assert any("found now" in getattr(n, "text", "") for ch in book.chapters() for n in query(ch))


def test_an_mdx_import_is_a_dependency(tmp_path):
    root = _book(
        tmp_path / "book",
        {
            "src/SUMMARY.md": "# Summary\n\n- [Art](art.mdx)\n",
            "src/art.mdx": "# Art\n\nimport Part from './part.mdx'\n\n## First\n\n<Part />\n",
            "src/part.mdx": "Imported words.\n",
        },
    )
    _read(root, tmp_path / "cache")
    (root / "src/part.mdx").write_text("Other words.\n", encoding="utf-8")
    book, _, cache = _read(root, tmp_path / "cache")
    assert cache is not None and cache.misses == 1
    texts = [getattr(n, "text", "") for ch in book.chapters() for n in query(ch)]
    assert any("Other words." in t for t in texts) and not any("Imported words." in t for t in texts)


def test_an_unknown_component_is_counted_on_a_hit_too(tmp_path):
    root = _book(
        tmp_path / "book",
        {
            "src/SUMMARY.md": "# Summary\n\n- [Art](art.mdx)\n- [More](more.mdx)\n",
            "src/art.mdx": "# Art\n\n<Gadget>one</Gadget>\n",
            "src/more.mdx": "# More\n\n<Gadget>two</Gadget>\n",
        },
    )
    _, cold, _ = _read(root, tmp_path / "cache")
    _, warm, cache = _read(root, tmp_path / "cache")
    assert cache is not None and cache.hits == 2
    assert [line for line in warm if "Gadget" in line] == [line for line in cold if "Gadget" in line]
    assert any("seen 2 times" in line for line in warm)


def test_a_corrupt_or_truncated_entry_is_a_miss(tmp_path):
    files = {
        "src/SUMMARY.md": SUMMARY,
        "src/one.md": "# One\n\nText.\n",
        "src/two.md": TWO,
        "src/snippet.rs": "x",
    }
    root = _book(tmp_path / "book", files)
    first, told, _ = _read(root, tmp_path / "cache")
    entries = sorted((tmp_path / "cache" / "read").glob("*.pickle"))
    assert len(entries) == 2
    entries[0].write_bytes(b"not a pickle at all")
    entries[1].write_bytes(entries[1].read_bytes()[:50])
    again, told_again, cache = _read(root, tmp_path / "cache")
    assert cache is not None and (cache.hits, cache.misses) == (0, 2)
    assert again == first and told_again == told
    _, _, healed = _read(root, tmp_path / "cache")
    assert healed is not None and healed.hits == 2


def test_an_entry_for_another_key_is_a_miss(tmp_path):
    files = {"src/SUMMARY.md": "# Summary\n\n- [One](one.md)\n", "src/one.md": "# One\n\nFirst.\n"}
    root = _book(tmp_path / "book", files)
    _read(root, tmp_path / "cache")
    (entry,) = (tmp_path / "cache" / "read").glob("*.pickle")
    (root / "src/one.md").write_text("# One\n\nSecond.\n", encoding="utf-8")
    _read(root, tmp_path / "cache")
    (new,) = set((tmp_path / "cache" / "read").glob("*.pickle")) - {entry}
    entry.write_bytes(new.read_bytes())  # the right format, the wrong key
    (root / "src/one.md").write_text("# One\n\nFirst.\n", encoding="utf-8")
    book, _, cache = _read(root, tmp_path / "cache")
    assert cache is not None and cache.misses == 1
    assert any("First." in getattr(n, "text", "") for ch in book.chapters() for n in query(ch))


def test_two_books_never_share_entries(tmp_path):
    files = {"src/SUMMARY.md": "# Summary\n\n- [One](one.md)\n", "src/one.md": "# One\n\nSame text.\n"}
    first = _book(tmp_path / "first", files)
    second = _book(tmp_path / "second", files)
    _read(first, tmp_path / "cache")
    _, _, cache = _read(second, tmp_path / "cache")
    assert cache is not None and (cache.hits, cache.misses) == (0, 1)


def test_a_cache_that_cannot_be_written_is_no_cache(tmp_path):
    files = {"src/SUMMARY.md": "# Summary\n\n- [One](one.md)\n", "src/one.md": "# One\n\nText.\n"}
    root = _book(tmp_path / "book", files)
    (tmp_path / "cache").write_text("a file where the folder would be", encoding="utf-8")
    uncached, told, _ = _read(root, None)
    book, told_cached, cache = _read(root, tmp_path / "cache")
    assert book == uncached and told_cached == told
    assert cache is not None and not cache.written


def test_the_handbook_is_the_same_book_with_and_without_the_cache(tmp_path):
    root = tmp_path / "manuscript"
    shutil.copytree(MANUSCRIPT, root, ignore=shutil.ignore_patterns("build", ".cache"))
    plain = Diagnostics()
    _, expected = load(root, plain)
    for _ in range(2):  # filling the cache, then from it
        diagnostics = Diagnostics()
        _, book = load(root, diagnostics, read_cache=tmp_path / "out" / ".cache")
        assert book == expected
        assert diagnostics.items == plain.items
    assert len(list((tmp_path / "out" / ".cache" / "read").glob("*.pickle"))) >= 5


def test_pruning_keeps_the_most_recently_used(tmp_path):
    import os

    for n in range(10):
        entry = tmp_path / f"{n}.pickle"
        entry.write_bytes(b"x" * 100)
        os.utime(entry, (1_000_000 + n, 1_000_000 + n))
    prune(tmp_path, 500)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{n}.pickle" for n in range(7, 10)]


def test_the_code_fingerprint_covers_every_module_the_reader_imports():
    script = "import sys, bookpress.reader, bookpress.reader.cache; print('\\n'.join(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    ours = [m for m in loaded.stdout.split() if m == "bookpress" or m.startswith("bookpress.")]
    covered = {name.removesuffix(".py") for name in READER_CODE} | {"bookpress"}
    missing = [m for m in ours if m.split(".")[1 if "." in m else 0] not in covered]
    assert ours and not missing, f"add to READER_CODE: {missing}"


def test_check_keeps_and_reuses_the_builds_caches(tmp_path):
    from typer.testing import CliRunner

    from bookpress.cli import app

    files = {"src/SUMMARY.md": "# Summary\n\n- [One](one.md)\n", "src/one.md": "# One\n\nMass $E = mc^2$.\n"}
    root = _book(tmp_path / "book", files)
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(app, ["check", str(root), "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert len(list((out / ".cache" / "math").glob("*.json"))) == 1  # the formula, drawn as the PDF draws it
    assert len(list((out / ".cache" / "read").glob("*.pickle"))) == 1
    again = runner.invoke(app, ["check", str(root), "--out", str(out)])
    assert again.exit_code == 0 and again.output == first.output
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    unwritable = runner.invoke(app, ["check", str(root), "--out", str(tmp_path / "a-file")])
    assert unwritable.exit_code == 0 and unwritable.output == first.output  # no cache, the same check


def test_check_makes_no_folder_of_its_own_and_uses_the_builds(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from bookpress.cli import app

    files = {"src/SUMMARY.md": "# Summary\n\n- [One](one.md)\n", "src/one.md": "# One\n\nText.\n"}
    root = _book(tmp_path / "book", files)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["check", str(root)]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book"]  # no build/ made by check
    (tmp_path / "build").mkdir()  # as a build leaves it
    assert runner.invoke(app, ["check", str(root)]).exit_code == 0
    assert len(list((tmp_path / "build" / ".cache" / "read").glob("*.pickle"))) == 1


class _Planted:
    """What somebody else could leave in a book's build/.cache: a pickle that calls a function."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_an_entry_that_names_a_function_is_a_miss_and_never_runs(tmp_path):
    import pickle

    files = {"src/SUMMARY.md": "# Summary\n\n- [One](one.md)\n", "src/one.md": "# One\n\nText.\n"}
    root = _book(tmp_path / "book", files)
    first, _, _ = _read(root, tmp_path / "cache")
    (entry,) = (tmp_path / "cache" / "read").glob("*.pickle")
    marker = tmp_path / "ran"
    entry.write_bytes(pickle.dumps(_Planted(marker)))
    book, _, cache = _read(root, tmp_path / "cache")
    assert not marker.exists()
    assert cache is not None and cache.misses == 1 and book == first
