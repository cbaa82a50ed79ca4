"""`bookpress check` refuses a trim the book's printer does not offer, as the
build does before any layout: from book.toml's printer and from --printer."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bookpress.cli import app


def _book(tmp_path: Path, pdf_table: str) -> Path:
    (tmp_path / "book.toml").write_text(
        f'[book]\ntitle = "Trim"\nauthors = ["A. Writer"]\n\n[output.pdf]\n{pdf_table}\n', encoding="utf-8"
    )
    (tmp_path / "chapter.md").write_text("# One\n\nText.\n", encoding="utf-8")
    return tmp_path


def test_check_names_a_trim_kdp_does_not_print(tmp_path):
    book = _book(tmp_path, 'trim = "7in 9.25in"\nprinter = "kdp"')
    result = CliRunner().invoke(app, ["check", str(book)])
    assert result.exit_code == 1
    assert "book.toml:6: error:" in result.output
    assert "[printer-trim]" in result.output
    assert "6.69in 9.61in" in result.output  # the nearest trim KDP offers


def test_check_takes_the_printer_from_the_command_line(tmp_path):
    book = _book(tmp_path, 'trim = "7in 9.25in"')
    assert CliRunner().invoke(app, ["check", str(book)]).exit_code == 0
    result = CliRunner().invoke(app, ["check", str(book), "--printer", "kdp"])
    assert result.exit_code == 1
    assert "[printer-trim]" in result.output


def test_check_accepts_a_trim_the_printer_offers(tmp_path):
    book = _book(tmp_path, 'trim = "6in 9in"\nprinter = "kdp"')
    result = CliRunner().invoke(app, ["check", str(book)])
    assert result.exit_code == 0, result.output
    assert "printer-trim" not in result.output
