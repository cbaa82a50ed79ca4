"""What a page drawn for print may load: CDN libraries from the local npm
copies, the book's files through the mount table, nothing else."""

from __future__ import annotations

import json
from pathlib import Path

from bookpress.assets.host import ORIGIN, EmbedPage, host_html
from bookpress.assets.libraries import Libraries
from bookpress.assets.routes import Router


def _npm(root: Path, name: str, version: str, files: dict[str, str]) -> None:
    package = root / name
    package.mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"name": name, "version": version, "main": "dist/x.js"}))
    for rel, text in files.items():
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text(text)


def _router(tmp_path: Path, **kw) -> Router:
    modules = tmp_path / "node_modules"
    _npm(modules, "d3", "7.9.0", {"dist/d3.min.js": "d3", "dist/x.js": "main"})
    _npm(modules, "@svgdotjs/svg.js", "3.2.5", {"dist/svg.min.js": "svg"})
    book = tmp_path / "book"
    (book / "assets" / "data").mkdir(parents=True)
    (book / "assets" / "data" / "a.csv").write_text("x\n1\n")
    (book / "lfs.json").write_text("version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 3\n")
    (tmp_path / "secret.txt").write_text("no")
    return Router(book, Libraries(modules, book, kw.pop("extra", ())), **kw)


def test_cdn_libraries_are_answered_from_npm_copies(tmp_path: Path) -> None:
    router = _router(tmp_path)
    for url in (
        "https://cdn.jsdelivr.net/npm/d3@7/dist/d3.min.js",
        "https://unpkg.com/d3@7.8.5/dist/d3.min.js",
        "https://d3js.org/d3.v7.min.js",
        "https://cdnjs.cloudflare.com/ajax/libs/svg.js/3.2.5/svg.min.js",
    ):
        answer = router.answer(url)
        assert answer.status == "file" and answer.path is not None, url
        assert answer.content_type == "text/javascript"
    assert router.answer("https://cdn.jsdelivr.net/npm/d3@7").path.name == "x.js"  # the package's main file
    assert (
        router.answer("https://cdn.jsdelivr.net/npm/d3@6/dist/d3.min.js").status == "refused"
    )  # other major
    assert router.answer("https://cdn.jsdelivr.net/npm/d3@7/../../secret.txt").status == "refused"
    assert router.answer("https://example.com/tracker.js").status == "refused"
    assert _router(tmp_path / "r", allow_remote=True).answer("https://example.com/x.js").status == "remote"


def test_book_files_through_the_mount_table_and_nothing_outside(tmp_path: Path) -> None:
    router = _router(tmp_path)
    assert router.answer(f"{ORIGIN}/data/a.csv").path == (tmp_path / "book/assets/data/a.csv").resolve()
    assert router.answer(f"{ORIGIN}/assets/data/a.csv").status == "file"
    assert router.answer(f"{ORIGIN}/data/none.csv").status == "missing"
    assert router.answer(f"{ORIGIN}/lfs.json").status == "lfs"
    assert router.answer(f"{ORIGIN}/../secret.txt").status in ("missing", "refused")
    assert router.answer(f"{ORIGIN}/%2e%2e/secret.txt").status in ("missing", "refused")


def test_a_book_adds_its_own_libraries(tmp_path: Path) -> None:
    extra = (("https://cdn.plot.ly/plotly-2.*.min.js", "assets/data/a.csv"),)
    router = _router(tmp_path, extra=extra)
    assert router.answer("https://cdn.plot.ly/plotly-2.35.2.min.js").status == "file"


def test_host_page_carries_the_props_as_the_template_does() -> None:
    page = EmbedPage("html", "embeds/x.html", 500, 600, "{ a: 1, b: 'two' }", "data.json")
    html = host_html(page, "<div class='x'></div><script>var s = '</script>';</script>")
    assert 'id="frag-bookpress"' in html and "width:500px" in html
    assert "data-config" in html and "data-datafiles" in html
    assert json.dumps("{ a: 1, b: 'two' }") in html  # evaluated in the page, then JSON.stringify
    assert "<\\/script" not in html.split("<div class='x'>")[1]  # the fragment itself is untouched


def test_embeds_table_in_book_toml(tmp_path: Path) -> None:
    import pytest

    from bookpress.config import load_config
    from bookpress.diagnostics import BookError, Diagnostics

    (tmp_path / "book.toml").write_text(
        '[book]\ntitle = "T"\n\n[embeds]\nrender = false\ntimeout = 5\n'
        'mounts = { "/files" = "static" }\nlibraries = { "https://cdn.x/a.js" = "vendor/a.js" }\nextra = 1\n'
    )
    diagnostics = Diagnostics()
    options = load_config(tmp_path, diagnostics).embeds
    assert not options.render and options.timeout == 5.0
    assert options.mounts == (("/files", "static"),)
    assert options.libraries == (("https://cdn.x/a.js", "vendor/a.js"),)
    assert [d.message for d in diagnostics.warnings] == ["unknown key 'extra' in [embeds]"]
    (tmp_path / "book.toml").write_text('[book]\ntitle = "T"\n\n[embeds]\ntimeout = -1\n')
    with pytest.raises(BookError):
        load_config(tmp_path, Diagnostics())
