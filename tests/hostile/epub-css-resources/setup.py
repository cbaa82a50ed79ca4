"""A font and an image the stylesheet uses (binary files)."""

import shutil
from pathlib import Path

from PIL import Image


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (book / "styles" / "img").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 2), "gray").save(book / "styles" / "img" / "rule.png")
    (book / "fonts").mkdir(exist_ok=True)
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.is_file():
        font = next(Path("/usr/share/fonts").rglob("*.ttf"))
    shutil.copy(font, book / "fonts" / "body.ttf")
