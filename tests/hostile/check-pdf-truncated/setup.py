"""The first bytes of a PDF and no more."""

from pathlib import Path


def setup(root: Path, book: Path, out: Path, expected: dict) -> None:
    (book / "cut.pdf").write_bytes(
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa"
    )
