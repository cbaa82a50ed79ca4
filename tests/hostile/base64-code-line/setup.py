import base64
import random
from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (book / "src").mkdir(parents=True, exist_ok=True)
    blob = base64.b64encode(random.Random(1).randbytes(45_000)).decode("ascii")
    (book / "src" / "one.md").write_text(f"# One\n\n```\n{blob}\n```\n", encoding="utf-8")
