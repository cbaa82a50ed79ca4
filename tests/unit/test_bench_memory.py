"""make bench's memory figures: summed RSS counts pages shared by forked
workers once per process, summed PSS once in all (bench/proctree.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="Linux /proc only")

SHARED_MB = 64
# A parent that writes 64 MB, then forks two workers that only read it (the
# pages stay shared, copy-on-write), like the layout pool's workers; all three
# wait until the test has measured them.
TREE = textwrap.dedent(
    f"""
    import os, sys
    block = b"x" * ({SHARED_MB} << 20)
    workers = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:
            assert block[12345] == 120
            sys.stdin.read()
            os._exit(0)
        workers.append(pid)
    print("ready", flush=True)
    sys.stdin.read()
    for pid in workers:
        os.waitpid(pid, 0)
    """
)


def _bench(name: str):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(ROOT / "bench"))


def test_pss_counts_pages_shared_by_forked_workers_once() -> None:
    proctree = _bench("proctree")
    proc = subprocess.Popen(
        [sys.executable, "-c", TREE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        hwm: dict[int, int] = {}
        now = proctree.tree_memory(proc.pid, hwm)
    finally:
        proc.communicate("", timeout=30)
    assert now.processes == 3 and len(hwm) == 3
    shared_kb = SHARED_MB * 1024
    # RSS: the block in each of the three processes; PSS: a third of it in each.
    assert now.rss_kb >= 3 * shared_kb
    assert shared_kb <= now.pss_kb <= now.rss_kb - 1.8 * shared_kb
    assert all(peak >= shared_kb for peak in hwm.values())


def test_a_measured_run_reports_both_peaks(tmp_path: Path) -> None:
    run = _bench("run")
    script = tmp_path / "tree.py"
    script.write_text(TREE.replace("sys.stdin.read()", "__import__('time').sleep(1.0)"), encoding="utf-8")
    measured = run.run_measured([sys.executable, str(script)], tmp_path)
    assert measured.code == 0 and measured.stdout == "ready\n"
    assert measured.peak_mb >= 3 * SHARED_MB
    assert SHARED_MB <= measured.peak_pss_mb <= measured.peak_mb - 1.8 * SHARED_MB
