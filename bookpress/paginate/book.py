"""The book laid out unit by unit until every page number agrees, then joined.

The loop: each unit's inputs (pad, first page number, the page numbers it
prints) are worked out from the page map — from layouts done, or guessed
where a unit is not laid out yet — and a unit is laid out again when they
changed since its last layout. Units are handed out in book order to the
free workers: with one worker every start page is exact when a unit is laid
out; with more, a unit's start page is a guess (the pages of the units still
in a worker, from the previous build's counts or from the estimate, rescaled
by what the finished units measured), and a wrong guess costs that unit a
second layout — or, when only its first page number was wrong, its margins
made again by the worker that keeps the layout (:func:`.layout.renumbered`):
such a unit goes back to that worker. The front matter is laid out first
(its length places the body) and again last (its contents print every
page), the index last. It ends when no unit's inputs changed: every page
number printed is the page its target is on.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, Severity
from .cache import UnitCache, referenced_files, unit_key
from .layout import KEPT, LaidOut, Task
from .pagemap import Done, PageMap
from .pool import WorkerPool
from .units import Unit, document, pad_css

MAX_LAYOUTS_PER_UNIT = 8  # past this the page numbers do not settle: the book is laid out whole


class NotSettling(RuntimeError):
    """The page numbers kept changing (a number's width moving a page break back and forth)."""


@dataclass
class Plan:
    head: str
    units: list[Unit]
    body_start_id: str | None
    right_start: bool
    static: list[str]  # stylesheets, options, versions, root: part of every key
    guess: list[float]  # estimated pages of each unit
    index_html: Callable[[dict[str, tuple[int, str]]], str] | None = None
    index_refs: tuple[str, ...] = ()
    renumber: bool = False  # the page counter is printed in the margins only (units.numbers_in_margins_only)
    dated_front: bool = True  # the front matter's document keeps the build date (else: no unit does)


@dataclass
class Outcome:
    done: dict[int, Done]
    page_map: PageMap
    laid_out: list[str]  # unit names laid out, in order of finishing
    cached: list[str]
    layouts: int


def lay_out_units(
    plan: Plan,
    geometry: Any,
    work: Callable[[Task], LaidOut],
    jobs: int,
    cache: UnitCache | None,
    root: Path,
    previous: dict[str, int] | None = None,
) -> Outcome:
    """Lay out every unit of ``plan`` with ``work`` in ``jobs`` workers (in
    this process with ``jobs`` 1 and no fork), until the page numbers settle."""
    units = plan.units
    owner = {anchor: unit.index for unit in units for anchor in unit.ids}
    guess = list(plan.guess)
    if previous:
        for unit in units:
            if unit.ident in previous:
                guess[unit.index] = previous[unit.ident]
    done: dict[int, Done] = {}
    inflight: dict[int, str] = {}
    layouts: dict[int, int] = {}
    keys: dict[tuple, tuple[str, str, str, str]] = {}  # inputs → key, HTML, extra CSS, body key
    laid_out_names: list[str] = []
    cached_names: list[str] = []
    held: dict[int, list[tuple[int, str]]] = {}  # worker → (unit, body key) of the layouts it keeps
    forget: dict[int, list[str]] = {}  # worker → body keys of layouts it keeps for nothing
    rebuild = bool(previous) and all(unit.ident in (previous or {}) for unit in units)
    pool = WorkerPool(jobs, work) if jobs > 1 else None
    try:
        while True:
            page_map = PageMap(
                units, done, _rescaled(guess, done, plan), plan.body_start_id, owner, plan.right_start
            )
            settled = _normal_settled(units, done, inflight, page_map, plan, keys, root)
            stale: list[tuple[int, str, Task]] = []
            for unit in units:
                if unit.index in inflight:
                    continue
                counted = previous is not None and unit.ident in previous  # its length is known
                if (unit.kind == "index" or (unit.late and (unit.index in done or counted))) and not settled:
                    continue  # printed numbers of the whole book: once the rest is in place
                key, task = _task(unit, page_map, plan, geometry, keys, root)
                current = done.get(unit.index)
                if current is None or current.key != key or not current.laid_out.pdf:
                    stale.append((unit.index, key, task))  # moved, or laid out but not written
            if not stale and not inflight:
                return Outcome(done, page_map, laid_out_names, cached_names, sum(layouts.values()))
            # The cache first, for every unit to do, guessed inputs or not (a
            # rebuild: the units before and after an edit): a hit moves the page map.
            found = next(
                ((i, k, t, f) for i, k, t in stale if cache is not None and (f := cache.get(k)) is not None),
                None,
            )
            if found is not None:
                index, key, task, laid = found
                done[index] = Done.of(key, laid, _pad(task), units[index].ids, _place(task))
                cached_names.append(_name(units[index]))
                continue
            # A unit laid out once is laid out again when its inputs are known,
            # not guessed: a guess for a later chapter's page changes each time
            # a unit is measured, and a chapter that prints it would be laid out
            # after every other one (the bench book's chapter 3: five times).
            # A unit to be laid out again only for the numbers it prints keeps
            # its pages (nearly always): it does not hold back the units after it.
            moved = {i for i, _, task in stale if i not in done or done[i].place != _place(task)}
            unsettled = moved | set(inflight)
            exact = {i for i, _, _ in stale if _exact(units[i], page_map, unsettled, owner)}
            ready = [s for s in stale if s[0] not in done or s[0] in exact]
            guessing = not ready and not inflight  # only guesses left: the best there is, written
            stale = ready if ready or inflight else stale[:1]
            hit = False
            for index, key, task in stale:
                unit = units[index]
                if pool is not None and pool.free == 0:
                    break
                # A layout kept by a worker: only that worker can renumber it.
                worker = _holder(held, index, task.body_key)
                if worker is not None and pool is not None and not pool.is_free(worker):
                    continue
                # Guessed inputs: lay it out only, to learn its pages and anchors;
                # it is laid out and written once they are known (two thirds of
                # a layout wasted at worst, not a whole one). In a rebuild the
                # guesses are the last build's pages, nearly always right: written.
                task = dataclasses.replace(task, write=index in exact or guessing or rebuild)
                if worker is None and pool is not None and not task.write and task.body_key:
                    # Not so far ahead that a kept layout is dropped before it is
                    # renumbered (it would be laid out again): a worker that keeps
                    # as many as it can waits for the units before them.
                    worker = min(
                        (w for w in range(pool.size) if pool.is_free(w)), key=lambda w: len(held.get(w, ()))
                    )
                    if len(held.get(worker, ())) >= KEPT and inflight:
                        continue
                layouts[index] = layouts.get(index, 0) + 1
                _check_settling(layouts, index, unit)
                if _DEBUG:
                    _why(unit, task, page_map, done, inflight)
                    print(f"paginate:   to worker {worker}, held {held}", file=sys.stderr)
                if pool is None:
                    result = work(task)
                    _hold(held, forget, 0, index, task.body_key, result)
                    _finish(index, key, task, result, done, cache, unit, laid_out_names)
                    hit = True
                    break
                if worker is None:
                    worker = next(w for w in range(pool.size) if pool.is_free(w))
                task = dataclasses.replace(task, forget=tuple(forget.pop(worker, ())))
                pool.submit((index, key, task), task, worker)
                inflight[index] = key
            if hit:
                continue
            if not inflight:
                raise NotSettling("no unit could be laid out")
            assert pool is not None  # only a pool has units in flight
            (index, key, task), result = pool.next_done()
            del inflight[index]
            _hold(held, forget, pool.finished_by, index, task.body_key, result)
            _finish(index, key, task, result, done, cache, units[index], laid_out_names)
    finally:
        if pool is not None:
            pool.close()


def _holder(held: dict[int, list[tuple[int, str]]], index: int, body_key: str) -> int | None:
    """The worker that keeps a layout of the unit with this body, if one does."""
    if not body_key:
        return None
    return next((w for w, kept in held.items() if (index, body_key) in kept), None)


def _hold(
    held: dict[int, list[tuple[int, str]]],
    forget: dict[int, list[str]],
    worker: int,
    index: int,
    body_key: str,
    result,
) -> None:
    """What ``worker`` keeps after this result (as :mod:`.layout` keeps it: the
    last KEPT); a worker's kept layout of this unit made with other inputs is
    to be forgotten (sent with its next task)."""
    for other, kept in held.items():
        # (the worker that did it has dropped the one it used)
        stale = [b for i, b in kept if i == index and (other, b) != (worker, body_key)]
        forget.setdefault(other, []).extend(stale)
        kept[:] = [(i, b) for i, b in kept if i != index]
    if result.kept:
        mine = held.setdefault(worker, [])
        mine.append((index, body_key))
        del mine[:-KEPT]


def _finish(index, key, task, result, done, cache, unit, names) -> None:
    done[index] = Done.of(key, result, _pad(task), unit.ids, _place(task))
    suffix = " (renumbered)" if result.renumbered else ""
    names.append(_name(unit) + suffix if result.pdf else f"{_name(unit)} (pages only)")
    if cache is not None and result.pdf:
        cache.put(result)


_DEBUG = bool(os.environ.get("BOOKPRESS_PAGINATE_DEBUG"))


def _why(unit: Unit, task: Task, page_map: PageMap, done: dict, inflight: dict) -> None:
    """Why a unit is laid out (BOOKPRESS_PAGINATE_DEBUG=1): its inputs."""
    start = page_map.starts[unit.index]
    print(
        f"paginate: lay out {_name(unit)} start {start} exact {page_map.exact[unit.index]} "
        f"pad {_pad(task)} first {page_map.counter(start)} done {len(done)} in flight {sorted(inflight)} "
        f"targets known {sum(page_map.known(t) for t in unit.stamped)}/{len(unit.stamped)} "
        f"key {task.key[:8]} body {task.body_key[:8]} write {task.write}",
        file=sys.stderr,
    )


def _exact(unit: Unit, page_map: PageMap, unsettled: set[int], owner: dict[str, int]) -> bool:
    """Whether the unit's inputs come from settled layouts: every unit before
    it, and every unit whose pages it prints, laid out with its own current
    inputs (a unit about to be laid out again may move what follows it). The
    front matter and the index, laid out last, count as settled once laid out."""
    late = {u.index for u in page_map.units if u.late}
    if any(i in unsettled and i not in late for i in range(unit.index)):
        return False
    if not page_map.exact[unit.index]:
        return False
    for target in unit.stamped:
        where = owner.get(target)
        if where is None or not page_map.known(target) or (where in unsettled and where not in late):
            return False
    return True


def _check_settling(layouts: dict[int, int], index: int, unit: Unit) -> None:
    if layouts[index] > MAX_LAYOUTS_PER_UNIT:
        raise NotSettling(f"{_name(unit)} was laid out {layouts[index] - 1} times and its pages still moved")


def _name(unit: Unit) -> str:
    return unit.ident or "front matter"


def _normal_settled(units, done, inflight, page_map, plan, keys, root) -> bool:
    """Whether every unit but the late ones is laid out with its current inputs."""
    for unit in units:
        if unit.late:
            continue
        if unit.index in inflight or unit.index not in done:
            return False
    for unit in units:
        if unit.late:
            continue
        key, _ = _task(unit, page_map, plan, None, keys, root)
        if done[unit.index].key != key:
            return False
    return True


def _rescaled(guess: list[float], done: dict[int, Done], plan: Plan) -> list[float]:
    """The estimate of units not laid out, scaled by how far off it was for those laid out."""
    measured = [
        (done[i].pages, plan.guess[i]) for i in done if plan.units[i].kind == "body" and plan.guess[i] > 0
    ]
    if len(measured) < 2:
        return guess
    ratio = sum(m for m, _ in measured) / max(1.0, sum(g for _, g in measured))
    return [g if i in done or g != plan.guess[i] else g * ratio for i, g in enumerate(guess)]


def _place(task: Task) -> str:
    """Where a unit is laid out: its pad pages and first page number."""
    return f"{_pad(task)} {task.extra_css}"


def _pad(task: Task) -> int:
    return task.html.count('class="bp-pad"')


def _task(unit: Unit, page_map: PageMap, plan: Plan, geometry: Any, keys: dict, root: Path | None):
    start = page_map.starts[unit.index]
    pad = 0 if start == 0 else (1 if start % 2 == 1 else 2)
    # The page counter where the unit starts; the unit that opens the body
    # starts in the front matter's numbering (its blank verso, if any): its
    # own first page restarts at 1 by the theme's rule, whatever came before.
    opens_body = plan.body_start_id is not None and plan.body_start_id in unit.ids
    first = (start + 1 if opens_body else page_map.counter(start)) - pad
    stamped = tuple(
        (target, page_map.counter(p))
        for target in unit.stamped
        if (p := page_map.page_of(target)) is not None
    )
    index_pages: tuple = ()
    if unit.kind == "index" and plan.index_html is not None:
        index_pages = tuple(
            (ref, p, page_map.label(p)) for ref in plan.index_refs if (p := page_map.page_of(ref)) is not None
        )
    inputs = (unit.index, pad, first, stamped, index_pages)
    found = keys.get(inputs)
    if found is not None:
        key, html, extra, body_key = found
        return key, Task(key, html, extra, geometry, body_key=body_key, first=first)
    source = unit
    if unit.kind == "index" and plan.index_html is not None:
        html = plan.index_html({ref: (p, label) for ref, p, label in index_pages})
        source = Unit(unit.index, unit.ident, unit.kind, html, unit.ids, unit.stamped, unit.linked)
    numbers = dict(stamped)
    # The build date is set in the joined PDF's information by the join, or
    # (PDF/X, PDF/A: in XMP metadata too) comes from the front matter's PDF:
    # in any other unit it would only make a build without SOURCE_DATE_EPOCH
    # miss the cache.
    head = plan.head if unit.index == 0 and plan.dated_front else undated(plan.head)
    html = document(head, source.html, pad, [(target, numbers.get(target)) for target in unit.linked])
    extra = pad_css(pad, first)
    files = referenced_files(source.html, root) if root is not None else []
    key = unit_key([html, extra, *plan.static, *files])
    # The same layout but for the first page number: its margins can be made again.
    renumber = plan.renumber and pad > 0 and unit.kind == "body" and not unit.own_pages
    body_key = unit_key([html, *plan.static, *files]) if renumber else ""
    keys[inputs] = (key, html, extra, body_key)
    return key, Task(key, html, extra, geometry, body_key=body_key, first=first)


_DATED = re.compile(r'<meta name="dcterms\.(?:created|modified)"[^>]*>\n?')


def undated(head: str) -> str:
    """The document head without its build date."""
    return _DATED.sub("", head)


def report(diagnostics: Diagnostics, outcome: Outcome, seconds: float, where: str) -> None:
    """What was laid out and what came from the cache (shown with --verbose)."""
    laid = outcome.laid_out
    renumbered = sum(name.endswith(" (renumbered)") for name in laid)
    # Each unit counted once, by where its pages in the book came from (a unit
    # taken from the cache with guessed inputs may be laid out after all).
    cached = sum(done.laid_out.cached for done in outcome.done.values())
    message = (
        f"PDF laid out chapter by chapter in {seconds:.1f} s: "
        f"{len(outcome.done) - cached} unit(s) laid out "
        f"({outcome.layouts - renumbered} layouts, {renumbered} renumbered), "
        f"{cached} from the cache"
    )
    if laid:
        counts = Counter(laid)
        message += "; laid out: " + ", ".join(
            name if counts[name] == 1 else f"{name} (x{counts[name]})" for name in dict.fromkeys(laid)
        )
    diagnostics.add(Severity.INFO, where, None, "chapter-layout", message)
