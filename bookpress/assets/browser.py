"""A headless Chromium, driven by Playwright, that draws embeds for print.

Debian's ``chromium`` is launched as it is (``executable_path``; Playwright
never downloads a browser of its own here); ``BOOKPRESS_BROWSER`` names
another executable. One browser serves a build: each embed gets a fresh
context (no cookies, storage or cache shared, thrown away after it), in a
few parallel tabs. Time is Playwright's fake clock, started at a fixed
instant and advanced by hand until the page stops changing, so that
animations end and the same embed gives the same picture at every build.
"""

from __future__ import annotations

import asyncio
import base64
import io
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from .fontmap import FontMap
from .host import FRAME_ID, HOST_PATH, ORIGIN, EmbedPage, asset_text, host_html, init_script
from .routes import Loaded, Router, file_hash

PRINT_PPI = 300
CSS_PPI = 96
# 2026-01-01T00:00:00Z: the instant every embed believes it is drawn at.
FIXED_TIME_MS = 1_767_225_600_000
SETTLE_STEP_MS = 250  # fake time advanced between two looks at the page
SETTLE_MIN_MS = 3_000  # fake time always given (entry transitions, staged timers)
SETTLE_MAX_MS = 20_000  # after this much fake time the page is taken as it is
# A drawing that must shrink below this to fit the page height is tried WIDER_BY wider.
WIDER_BELOW = 0.7
WIDER_BY = 1.6
# Share of the picture's pixels that may differ between the page and its SVG copy.
MATCH_TOLERANCE = 0.02


# Controls hidden even where the embed's own CSS shows them with !important.
HIDE_CONTROLS = """
for (const el of document.querySelectorAll('#bookpress-frame :is(button, select, textarea, input,'
    + ' [role=button], [role=slider], [role=tooltip], [class*=tooltip], [class*=Tooltip],'
    + ' .reset-button, .export-button)')) {
  el.style.setProperty('display', 'none', 'important');
}
"""


BROWSER_ARGS = ["--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", "--font-render-hinting=none"]


class BrowserUnavailable(RuntimeError):
    """No browser to draw with; the message says how to install one."""


INSTALL_HINT = "install Debian's chromium and Playwright (make setup does both)"


def browser_path() -> str | None:
    """The Chromium executable: ``BOOKPRESS_BROWSER`` or Debian's."""
    named = os.environ.get("BOOKPRESS_BROWSER", "").strip()
    if named:
        found = shutil.which(named)
        return found if found and os.access(found, os.X_OK) else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def check_browser() -> str:
    """The browser that will be used; raise :class:`BrowserUnavailable` if none."""
    path = browser_path()
    if path is None:
        named = os.environ.get("BOOKPRESS_BROWSER", "").strip()
        where = f"BOOKPRESS_BROWSER={named} is not an executable" if named else "no chromium on PATH"
        raise BrowserUnavailable(f"{where}; {INSTALL_HINT}")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        raise BrowserUnavailable(f"the Python package playwright is not installed; {INSTALL_HINT}") from None
    return path


@dataclass
class Drawing:
    """What the browser made of one embed."""

    page: EmbedPage
    format: str = ""  # "svg", "png", or "" when it failed
    data: bytes = b""
    width: float = 0.0  # CSS pixels
    height: float = 0.0
    failure: str = ""  # why there is no picture
    raster_reason: str = ""  # why a screenshot and not vector
    errors: list[str] = field(default_factory=list)  # script errors
    loaded: Loaded = field(default_factory=Loaded)
    seconds: float = 0.0
    svg_copy: str = ""  # the vector copy tried, also when the screenshot was kept


def draw(
    pages: list[EmbedPage],
    router: Router,
    fonts: FontMap,
    timeout: float,
    tabs: int = 2,
    done: Callable[[Drawing], None] | None = None,
) -> list[Drawing]:
    """Draw every page with one browser; ``done`` is told of each as it ends."""
    executable = check_browser()
    return asyncio.run(_draw_all(executable, pages, router, fonts, timeout, tabs, done))


async def _draw_all(
    executable: str,
    pages: list[EmbedPage],
    router: Router,
    fonts: FontMap,
    timeout: float,
    tabs: int,
    done: Callable[[Drawing], None] | None,
) -> list[Drawing]:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory(prefix="bookpress-browser-") as scratch:
        fontconfig = Path(scratch) / "fonts.conf"
        fontconfig.write_text(fonts.fontconfig(), encoding="utf-8")
        env: dict[str, str | float | bool] = {
            **os.environ,
            "FONTCONFIG_FILE": str(fontconfig),
            "HOME": scratch,
        }
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=executable,
                env=env,
                args=BROWSER_ARGS,
            )
            try:
                gate = asyncio.Semaphore(max(1, tabs))

                async def one(page: EmbedPage, seed: int) -> Drawing:
                    async with gate:
                        started = time.perf_counter()
                        try:
                            drawing = await asyncio.wait_for(
                                _draw_one(browser, page, router, fonts, timeout, seed), timeout + 30
                            )
                        except TimeoutError:
                            late = f"the browser did not answer within {timeout + 30:.0f} s"
                            drawing = Drawing(page, failure=late)
                        except Exception as exc:  # a crash of one page must not stop the others
                            drawing = Drawing(page, failure=f"the browser failed: {_first_line(exc)}")
                        drawing.seconds = time.perf_counter() - started
                        if done is not None:
                            done(drawing)
                        return drawing

                return list(await asyncio.gather(*(one(p, i + 1) for i, p in enumerate(pages))))
            finally:
                await browser.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


async def _draw_one(browser, page_spec: EmbedPage, router: Router, fonts: FontMap, timeout: float, seed: int):
    drawing = Drawing(page_spec)
    context = await browser.new_context(
        viewport={"width": page_spec.width + 40, "height": 900},
        device_scale_factor=PRINT_PPI / CSS_PPI,
        reduced_motion="reduce",
        color_scheme="light",
        locale="en-US",
        timezone_id="UTC",
        service_workers="block",
        accept_downloads=False,
    )
    try:
        return await _in_context(context, drawing, router, fonts, timeout, seed)
    finally:
        await context.close()


async def _in_context(context, drawing: Drawing, router: Router, fonts: FontMap, timeout: float, seed: int):
    spec = drawing.page
    pending: set[object] = set()
    fragment_path = router.sandbox.file(router.root / spec.src)  # the transforms checked it
    if fragment_path is None:
        raise FileNotFoundError(f"'{spec.src}' is not a file of the book")
    drawing.loaded.files[spec.src] = file_hash(fragment_path)

    async def answer(route, request) -> None:
        url = request.url
        if spec.kind == "html" and url.split("#", 1)[0] in (ORIGIN + HOST_PATH, ORIGIN):
            fragment = fragment_path.read_text(encoding="utf-8", errors="replace")
            body = host_html(spec, fragment)
            await route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)
            return
        found = router.answer(url)
        if found.status == "file" and found.path is not None:
            drawing.loaded.files.setdefault(router.label(found.path), file_hash(found.path))
            await route.fulfill(status=200, content_type=found.content_type, body=found.path.read_bytes())
        elif found.status == "lfs" and found.path is not None:
            label = router.label(found.path)
            drawing.loaded.files.setdefault(label, file_hash(found.path))
            drawing.loaded.lfs.append(label)
            await route.fulfill(status=404, content_type="text/plain", body="Git LFS pointer")
        elif found.status == "missing":
            await route.fulfill(status=404, content_type="text/plain", body="not found")
        elif found.status == "remote":
            if not url.startswith(("data:", "blob:", "about:")):
                drawing.loaded.remote.append(url)
            await route.continue_()
        else:
            drawing.loaded.refused.append((url, request.resource_type))
            await route.abort("blockedbyclient")

    await context.route("**/*", answer)
    await context.add_init_script(init_script(seed))
    page = await context.new_page()
    page.on("pageerror", lambda exc: drawing.errors.append(_first_line(exc)))
    page.on("request", lambda r: pending.add(r))
    page.on("requestfinished", lambda r: pending.discard(r))
    page.on("requestfailed", lambda r: pending.discard(r))
    await page.clock.install(time=FIXED_TIME_MS)
    url = ORIGIN + HOST_PATH if spec.kind == "html" else f"{ORIGIN}/{spec.src}"
    deadline = time.monotonic() + timeout
    await page.goto(url, wait_until="load", timeout=timeout * 1000)
    if spec.kind != "html":
        css = asset_text("page.css")
        await page.add_style_tag(content=css[css.index("html, body") :])
        await page.evaluate(
            f"document.documentElement.classList.add('bookpress-print'); document.body.id = '{FRAME_ID}';"
        )
    await _settle(page, pending, deadline)
    await page.evaluate(HIDE_CONTROLS)
    frame = await page.query_selector(f"#{FRAME_ID}")
    if frame is None:
        drawing.failure = "the page has no body to draw"
        return drawing
    box = await frame.bounding_box()
    if not box or box["height"] < 4 or box["width"] < 4:
        drawing.failure = "nothing was drawn (the embed is empty)"
        return drawing
    box = await _fit(page, frame, spec, pending, box)
    shot = await frame.screenshot(type="png", animations="disabled", caret="hide")
    if _blank(shot):
        drawing.failure = "nothing was drawn (the picture is empty)"
        return drawing
    drawing.width, drawing.height = box["width"], box["height"]
    result = await frame.evaluate(asset_text("compose.js"), {"fonts": _fonts_arg(fonts)})
    reason = _raster_reason(result)
    drawing.svg_copy = result.get("svg", "")
    if not reason:
        differing = await _difference(context, result["svg"], result["width"], result["height"], shot)
        if differing > MATCH_TOLERANCE:
            reason = f"its SVG copy differs from the page in {differing:.0%} of the picture"
    if reason:
        drawing.format, drawing.data, drawing.raster_reason = "png", shot, reason
    else:
        drawing.format, drawing.data = "svg", result["svg"].encode("utf-8")
        drawing.width, drawing.height = result["width"], result["height"]
    return drawing


async def _fit(page, frame, spec: EmbedPage, pending: set[object], box: dict) -> dict:
    """The layout that prints largest. A page that grows tall in a narrow box
    (a grid of charts falling into one column) is tried wider too: it then
    prints scaled down, but bigger than the tall one squeezed into the page."""

    async def lay_out(width: int) -> dict:
        await frame.evaluate(f"f => {{ f.style.width = '{width}px'; }}")
        height = max(200, int((await frame.bounding_box() or box)["height"]) + 40)
        await page.set_viewport_size({"width": width + 40, "height": height})
        await _settle(page, pending, time.monotonic() + 5, minimum=SETTLE_STEP_MS * 2)
        return await frame.bounding_box() or box

    def scale(b: dict, width: int) -> float:
        tall = spec.max_height / b["height"] if spec.max_height and b["height"] else 1.0
        return min(1.0, spec.width / width, tall)

    narrow = await lay_out(spec.width)
    if scale(narrow, spec.width) >= WIDER_BELOW:
        return narrow
    wider = int(spec.width * WIDER_BY)
    wide = await lay_out(wider)
    if scale(wide, wider) > 1.15 * scale(narrow, spec.width):
        return wide
    return await lay_out(spec.width)


def _fonts_arg(fonts: FontMap) -> dict[str, str]:
    return {"sans": fonts.sans, "serif": fonts.serif, "mono": fonts.mono}


def _raster_reason(result: dict) -> str:
    if not result.get("svgs"):
        return "it draws no SVG"
    if result.get("raster", 0) > 0.02:
        return "part of it is a bitmap (canvas or image)"
    problems = result.get("problems") or []
    if problems:
        return "it has " + ", ".join(problems)
    return ""


async def _settle(page, pending: set[object], deadline: float, minimum: int = SETTLE_MIN_MS) -> None:
    """Advance the fake clock until the DOM stops changing and no request is
    in flight (and at least ``minimum`` ms of fake time), within the deadline."""
    elapsed = 0
    last = -1
    still = 0
    while time.monotonic() < deadline and elapsed < SETTLE_MAX_MS:
        await page.clock.run_for(SETTLE_STEP_MS)
        elapsed += SETTLE_STEP_MS
        while pending and time.monotonic() < deadline:
            await page.wait_for_timeout(20)
        await page.wait_for_timeout(30)  # a rendering frame: resize observers, layout
        changes = await page.evaluate("window.__bookpressChanges || 0")
        still = still + 1 if changes == last else 0
        last = changes
        if still >= 3 and elapsed >= minimum:
            return


def _blank(png: bytes) -> bool:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        low, high = cast(tuple[int, int], image.convert("L").getextrema())  # one band: (low, high)
    return high - low < 8


async def _difference(context, svg: str, width: float, height: float, shot: bytes) -> float:
    """The share of the picture where the SVG, drawn by the same browser,
    does not look like the page did (compared at a quarter of the resolution,
    so that a fraction of a pixel in a glyph's place does not count)."""
    from PIL import Image, ImageChops

    page = await context.new_page()
    try:
        await page.set_viewport_size({"width": int(width) + 40, "height": int(height) + 40})
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        await page.set_content(
            '<html><body style="margin:0;background:#fff">'
            f'<img id="copy" style="display:block;width:{width}px;height:{height}px" '
            f'src="data:image/svg+xml;base64,{data}"></body></html>'
        )
        await page.wait_for_function("document.getElementById('copy').complete")
        copy = await (await page.query_selector("#copy")).screenshot(type="png")
    finally:
        await page.close()
    with Image.open(io.BytesIO(shot)) as a, Image.open(io.BytesIO(copy)) as b:
        size = (max(1, a.width // 4), max(1, a.height // 4))
        first = a.convert("L").resize(size, Image.Resampling.BOX)
        second = b.convert("L").resize(size, Image.Resampling.BOX)
        diff = ImageChops.difference(first, second)
        histogram = diff.histogram()
    if os.environ.get("BOOKPRESS_EMBED_DEBUG"):
        Path(os.environ["BOOKPRESS_EMBED_DEBUG"]).joinpath("copy.png").write_bytes(copy)
    return sum(histogram[40:]) / (size[0] * size[1])
