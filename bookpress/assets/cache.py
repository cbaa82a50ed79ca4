"""Drawn embeds kept between builds, in ``<out>/.cache/embeds/``.

An entry is found by a key made of what is known before drawing: the embed
file, its props, the width it prints at, the mounts and libraries, the
book's fonts, and the version of bookpress and of the pages it is drawn on.
The entry then lists every file the drawing loaded (data, libraries), each
with the hash of its bytes: the entry holds while they are all unchanged.
A failure is kept too (with the refused requests and script errors), so
that an embed that cannot be drawn does not start the browser at every
build; its warning is given again from the entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .routes import file_hash

ENTRY_VERSION = 1


@dataclass
class Entry:
    """What is remembered of one drawing."""

    inputs: dict[str, str] = field(default_factory=dict)  # label → sha256
    output: str = ""  # file name of the picture in the cache folder, "" when it failed
    format: str = ""  # "svg" or "png"
    width: float = 0.0  # CSS pixels
    height: float = 0.0
    failure: str = ""  # the browser's reason for having no picture
    raster_reason: str = ""
    lfs: list[str] = field(default_factory=list)  # Git LFS pointers it loaded
    refused: list[list[str]] = field(default_factory=list)  # [url, resource type] not fetched
    errors: list[str] = field(default_factory=list)  # script errors


class EmbedCache:
    def __init__(self, folder: Path, book_root: Path) -> None:
        self.folder = folder
        self.root = book_root.resolve()

    def key(self, parts: dict[str, object]) -> str:
        text = json.dumps({"entry": ENTRY_VERSION, **parts}, sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str) -> Entry | None:
        try:
            data = json.loads((self.folder / f"{key[:32]}.json").read_text(encoding="utf-8"))
            entry = Entry(**data)
        except (OSError, ValueError, TypeError):
            return None
        if entry.output and not (self.folder / entry.output).is_file():
            return None
        for label, digest in entry.inputs.items():
            path = Path(label[4:]) if label.startswith("lib:") else self.root / label
            try:
                if file_hash(path) != digest:
                    return None
            except OSError:
                return None
        return entry

    def put(self, key: str, entry: Entry, stem: str, data: bytes) -> Entry:
        self.folder.mkdir(parents=True, exist_ok=True)
        if data:
            entry.output = f"{stem}-{key[:12]}.{entry.format}"
            _write(self.folder / entry.output, data)
        _write(self.folder / f"{key[:32]}.json", json.dumps(asdict(entry), indent=1).encode("utf-8"))
        return entry

    def path(self, entry: Entry) -> Path:
        return self.folder / entry.output


def _write(target: Path, data: bytes) -> None:
    """Whole or not at all: a build stopped halfway leaves no half file."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
