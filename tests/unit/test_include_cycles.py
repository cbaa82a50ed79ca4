"""An include cycle ({{#include}} of a file that is being expanded) is refused
with a warning at once, instead of repeating itself up to the depth limit."""

from __future__ import annotations

from pathlib import Path

from bookpress.diagnostics import Diagnostics
from bookpress.reader.preprocess import prepare


def _prepare(root: Path, name: str) -> tuple[str, Diagnostics]:
    diagnostics = Diagnostics()
    path = root / name
    return prepare(path, name, root, path.read_text(encoding="utf-8"), diagnostics).text, diagnostics


def test_a_chapter_that_includes_itself_twice_is_expanded_once(tmp_path):
    (tmp_path / "self.md").write_text("# Self\n\nword\n{{#include self.md}}\n{{#include self.md}}\n")
    text, diagnostics = _prepare(tmp_path, "self.md")
    assert text.count("word") == 1  # before: about 2,000 copies, ten seconds of CPU for 40 bytes
    cycles = [d for d in diagnostics.warnings if d.code == "include" and "includes itself" in d.message]
    assert [(d.path, d.line) for d in cycles] == [("self.md", 4), ("self.md", 5)]


def test_a_cycle_through_two_files_is_cut_where_it_closes(tmp_path):
    (tmp_path / "a.md").write_text("# A\n\nalpha\n{{#include b.md}}\n")
    (tmp_path / "b.md").write_text("beta\n{{#include a.md}}\n")
    text, diagnostics = _prepare(tmp_path, "a.md")
    assert text.count("alpha") == 1
    assert text.count("beta") == 1
    assert [d.path for d in diagnostics.warnings if "includes itself" in d.message] == ["b.md"]


def test_the_same_file_included_twice_side_by_side_is_no_cycle(tmp_path):
    (tmp_path / "snippet.rs").write_text("fn main() {}\n")
    (tmp_path / "ch.md").write_text("# Ch\n\n{{#include snippet.rs}}\n\n{{#include snippet.rs}}\n")
    text, diagnostics = _prepare(tmp_path, "ch.md")
    assert text.count("fn main() {}") == 2
    assert not diagnostics.warnings
