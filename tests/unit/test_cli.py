"""The bookpress command line: exit codes, messages, JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bookpress import __version__
from bookpress.cli import app
from bookpress.model import from_json

from .util import load_book

COMMANDS = ["build", "check", "inspect", "new"]

BOOKPRESS = Path(sys.executable).parent / "bookpress"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"bookpress {__version__}"


def test_top_level_help_lists_the_commands(runner):
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_works_for_every_command(runner, command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert f"bookpress {command}" in result.stdout
    assert "--help" in result.stdout


def test_new_creates_a_book_that_check_accepts(runner, tmp_path):
    folder = tmp_path / "my-book"
    result = runner.invoke(app, ["new", str(folder), "--title", 'A "Quoted" Title', "--author", "Ada"])
    assert result.exit_code == 0, result.output
    assert (folder / "book.toml").is_file()
    assert (folder / "src" / "SUMMARY.md").is_file()
    assert "created" in result.stdout
    checked = runner.invoke(app, ["check", str(folder)])
    assert checked.exit_code == 0, checked.output
    assert "0 errors" in checked.stdout
    assert checked.stderr == ""
    _config, book, _ = load_book(folder)
    assert book.meta.title == 'A "Quoted" Title'
    assert [a.name for a in book.meta.authors] == ["Ada"]


def test_new_refuses_a_folder_that_is_not_empty(runner, tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file.txt").write_text("x")
    result = runner.invoke(app, ["new", str(tmp_path / "taken")])
    assert result.exit_code == 1
    assert "error:" in result.stderr
    assert (tmp_path / "taken" / "book.toml").exists() is False


def test_check_without_book_toml_exits_1_with_an_error_and_no_traceback(runner, tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "error:" in result.stderr
    assert "[config-missing]" in result.stderr
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_check_reports_errors_in_the_book_and_exits_1(runner, make_book):
    root = make_book({"src/a.md": "# A\n\n## X {#dup}\n\n## Y {#dup}\n"})
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1
    assert "src/a.md:5: error:" in result.stderr
    assert "[duplicate-id]" in result.stderr


def test_check_prints_warnings_but_exits_0(runner, make_book):
    root = make_book({"src/a.md": "# A\n\n[gone](gone.md)\n"})
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 0
    assert "src/a.md:3: warning:" in result.stderr
    assert "[broken-link]" in result.stderr
    assert "1 warning" in result.stdout
    quiet = runner.invoke(app, ["check", "--quiet", str(root)])
    assert quiet.exit_code == 0
    assert "warning" not in quiet.stderr


def test_verbose_shows_info_notes(runner, make_book):
    root = make_book({"book.toml": '[book]\ntitle = "T"\n\n[output.html]\n', "src/a.md": "# A\n"})
    plain = runner.invoke(app, ["check", str(root)])
    verbose = runner.invoke(app, ["check", "--verbose", str(root)])
    assert "config-ignored" not in plain.stderr
    assert "info:" in verbose.stderr
    assert "config-ignored" in verbose.stderr


def test_unknown_option_exits_2(runner, tmp_path):
    result = runner.invoke(app, ["check", "--no-such-option", str(tmp_path)])
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_unknown_format_exits_2(runner, make_book):
    root = make_book({"src/a.md": "# A\n"})
    result = runner.invoke(app, ["build", str(root), "--format", "docx"])
    assert result.exit_code == 2


def test_inspect_prints_the_model_as_json(runner, make_book):
    root = make_book({"src/a.md": "# A\n\n## Section\n\nText.\n"})
    result = runner.invoke(app, ["inspect", str(root)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["type"] == "Book"
    assert data["meta"]["title"] == "Test Book"
    [chapter] = data["body"]
    assert chapter["type"] == "Chapter"
    assert chapter["number"] == "1"
    _config, book, _ = load_book(root)
    assert from_json(data) == book


def test_inspect_on_a_missing_book_exits_1(runner, tmp_path):
    result = runner.invoke(app, ["inspect", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "error:" in result.stderr
    assert result.stdout == ""


# --- the installed command, as a real process ---------------------------------------------


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BOOKPRESS), *args], capture_output=True, text=True, timeout=120, cwd=cwd)


@pytest.mark.skipif(not BOOKPRESS.exists(), reason="bookpress is not installed next to python")
def test_real_process_exit_codes(tmp_path):
    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"bookpress {__version__}"

    missing = run("check", str(tmp_path))
    assert missing.returncode == 1
    assert "error:" in missing.stderr
    assert "Traceback" not in missing.stderr

    wrong = run("check", "--no-such-option")
    assert wrong.returncode == 2

    created = run("new", str(tmp_path / "book"), "--title", "Process Book")
    assert created.returncode == 0, created.stderr
    checked = run("check", str(tmp_path / "book"))
    assert checked.returncode == 0, checked.stderr
    assert "2 chapters" in checked.stdout
