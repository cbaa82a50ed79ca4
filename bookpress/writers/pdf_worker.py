"""The PDF rendered in a child process with a time limit and a memory ceiling.

A book can ask WeasyPrint for more than any machine has (a word of a hundred
thousand letters, ten thousand footnotes): ``[build] timeout`` and ``[build]
memory`` (:class:`~bookpress.limits.RenderLimits`) make it fail cleanly —
``error: rendering stopped after 600 s [render-timeout]`` — instead of taking
the machine. The child is forked, so it starts with the book, the config and
WeasyPrint already loaded (nothing is pickled on the way in); it sends back
the result, the diagnostics it added and the layout's page progress. Its
memory is returned to the system when it exits (WeasyPrint keeps the whole
document in memory until then). Where ``fork`` does not exist, or with
``BOOKPRESS_RENDER_IN_PROCESS`` set, the PDF is rendered in this process,
without the limits.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..atomic import remove_stale_parts
from ..diagnostics import BookError, Diagnostics, error
from ..limits import RenderLimits
from ..progress import Progress

# Set (to anything) to render in this process without limits: profilers and
# stopwatches that must see the layout (bench/profile.py).
IN_PROCESS = "BOOKPRESS_RENDER_IN_PROCESS"


def render_bounded(
    render: Callable[..., Any],
    limits: RenderLimits,
    diagnostics: Diagnostics,
    progress: Progress,
    output: Path,
    where: str,
    **kwargs: Any,
) -> Any:
    """``render(diagnostics=…, **kwargs)`` in a child process within
    ``limits``; its result. ``output`` is the file it writes (its temporary
    file is removed if the child is stopped); ``where`` the file diagnostics
    about the limits point at (book.toml)."""
    if "fork" not in multiprocessing.get_all_start_methods() or os.environ.get(IN_PROCESS):
        return render(diagnostics=diagnostics, **kwargs)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    arguments = (sender, render, limits, diagnostics, kwargs)
    child = context.Process(target=_child, args=arguments, name="bookpress-render", daemon=True)
    child.start()
    sender.close()
    try:
        outcome = _wait(child, receiver, limits, progress)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
        remove_stale_parts(output.parent)  # a stopped child's half-written PDF
    kind, payload = outcome
    if kind == "done":
        result, items = payload
        for item in items:
            diagnostics.add(item.severity, item.path, item.line, item.code, item.message, item.col)
        return result
    if kind == "book-error":
        items, diagnostic = payload
        for item in items:
            diagnostics.add(item.severity, item.path, item.line, item.code, item.message, item.col)
        raise BookError(diagnostic)
    if kind == "timeout":
        raise error(
            where,
            None,
            "render-timeout",
            f"rendering stopped after {limits.timeout:g} s ([build] timeout); "
            "the book asks more of the layout than that time allows",
        )
    if kind == "memory":
        raise error(
            where,
            None,
            "render-memory",
            f"rendering stopped: it needed more than {limits.memory_mb} MB ([build] memory)",
        )
    if kind == "crash":
        raise RuntimeError(f"the PDF renderer failed:\n{payload}")
    raise error(
        where,
        None,
        "render-crashed",
        f"the PDF renderer stopped ({payload}); a drawing library out of memory "
        f"([build] memory is {limits.memory_mb} MB) stops this way too",
    )


def _wait(child, receiver: Connection, limits: RenderLimits, progress: Progress) -> tuple[str, Any]:
    deadline = time.monotonic() + limits.timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return "timeout", None
        try:
            ready = receiver.poll(min(remaining, 1.0))
        except (EOFError, OSError):
            ready = True
        if not ready:
            continue
        try:
            kind, payload = receiver.recv()
        except (EOFError, OSError):
            child.join(5)
            code = child.exitcode
            if code is not None and code < 0:
                name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
                if -code == signal.SIGKILL:
                    return "memory", None  # the kernel's out-of-memory killer
                return "died", f"signal {name}"
            return "died", f"exit code {code}"
        if kind == "page":
            progress.page(payload)
            continue
        return kind, payload


def _child(
    sender: Connection,
    render: Callable[..., Any],
    limits: RenderLimits,
    diagnostics: Diagnostics,
    kwargs: dict[str, Any],
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; it kills this child
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    ceiling = limits.memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit than ours already holds
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, resource.getrlimit(resource.RLIMIT_AS)[1]))
    _relay_progress(sender)
    known = len(diagnostics.items)
    try:
        result = render(diagnostics=diagnostics, **kwargs)
        message: tuple[str, Any] = ("done", (result, diagnostics.items[known:]))
    except BookError as exc:
        message = ("book-error", (diagnostics.items[known:], exc.diagnostic))
    except MemoryError:
        message = ("memory", None)
    except BaseException:  # anything else is a bug, reported by the parent
        message = ("crash", traceback.format_exc())
    with contextlib.suppress(MemoryError, OSError):
        sender.send(message)
    sender.close()
    os._exit(0)  # no atexit handlers, no flushing of the parent's buffers twice


def _relay_progress(sender: Connection) -> None:
    """WeasyPrint's page progress goes to the parent, which shows it."""
    import logging
    import re

    page = re.compile(r"Creating layout - Page (\d+)")

    class Relay(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            match = page.search(record.getMessage())
            if match:
                with contextlib.suppress(OSError):
                    sender.send(("page", int(match.group(1))))

    logger = logging.getLogger("weasyprint.progress")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(Relay(logging.INFO))
    logger.setLevel(logging.INFO)
    logger.propagate = False
