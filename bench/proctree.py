"""Memory of a process tree, read from /proc (Linux; psutil is not needed).

Two sums over a process and all its descendants, taken at the same moment:

- RSS (``VmRSS`` in ``/proc/<pid>/status``): the pages each process has in
  memory. A page that several processes share — the interpreter, WeasyPrint
  and the fonts a forked layout worker inherited copy-on-write from its
  parent — is counted once per process that maps it, so the sum over a
  tree of forked workers is more than the machine gives them.
- PSS (``Pss:`` in ``/proc/<pid>/smaps_rollup``, Linux 4.14+): each page
  divided by the number of processes sharing it. The sum over the tree is
  what the tree costs the machine; for one process it equals its RSS less
  what it shares with processes outside the tree.

The kernel keeps a per-process RSS peak (``VmHWM``) that is exact even
between polls; it keeps none for PSS, so a PSS peak is a polled one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class TreeMemory:
    """One poll of a process tree, in KiB."""

    rss_kb: int  # VmRSS summed over the tree
    pss_kb: int  # Pss summed over the tree (0 where smaps_rollup cannot be read)
    processes: int


def children(pid: int) -> list[int]:
    """Direct children of pid, from /proc/<pid>/task/*/children (or a /proc scan)."""
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out.extend(int(c) for c in fh.read().split())
        except FileNotFoundError:  # kernel without CONFIG_PROC_CHILDREN
            return _children_by_scan(pid)
        except OSError:
            pass
    return out


def _children_by_scan(pid: int) -> list[int]:
    out = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    out.append(int(name))
            except (OSError, IndexError, ValueError):
                pass
    return out


def status_kb(pid: int) -> tuple[int, int] | None:
    """(VmRSS, VmHWM) of pid in KiB, from /proc/<pid>/status; None once it is gone."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return rss, hwm


def pss_kb(pid: int) -> int:
    """Proportional set size of pid in KiB, from /proc/<pid>/smaps_rollup (0 if unreadable)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_memory(root: int, hwm: dict[int, int]) -> TreeMemory:
    """RSS and PSS of root and all its descendants now; records each
    process's own RSS peak (VmHWM) in hwm."""
    rss = pss = count = 0
    stack = [root]
    seen = set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        status = status_kb(pid)
        if status is None:
            continue
        count += 1
        rss += status[0]
        pss += pss_kb(pid)
        hwm[pid] = max(hwm.get(pid, 0), status[1])
        stack.extend(children(pid))
    return TreeMemory(rss, pss, count)
