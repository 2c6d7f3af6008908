"""Batch benchmark: converting many bulletins (mixed renderings) to CSV.

Run with ``python bench/batch.py`` after ``pip install '.[bench,test]'`` (the renderings come
from the test suite). Reports throughput for one process and ``-j 2``, and the peak resident
memory of the conversion for 100 and 1,000 files: flat memory means the two are close.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from renderings import RENDERINGS, expected  # noqa: E402 - the path is set just above

PEAK_RSS = (
    "import resource, subprocess, sys;"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def make_files(folder: Path, count: int) -> int:
    """``count`` bulletin files cycling through every rendering; returns their total bytes."""
    data = expected()
    total = 0
    for number in range(count):
        rendering = RENDERINGS[number % len(RENDERINGS)]
        made = rendering.make(data)
        content = made if isinstance(made, bytes) else made.encode("utf-8")
        suffix = ".html" if rendering.html else ".txt"
        (folder / f"{number:04d}{suffix}").write_bytes(content)
        total += len(content)
    return total


def convert(folder: Path, jobs: int, out: Path) -> float:
    xunshi = shutil.which("xunshi") or "xunshi"
    started = time.perf_counter()
    subprocess.run(
        [xunshi, "parse", str(folder), "-f", "csv", "-j", str(jobs), "-q", "-o", str(out)],
        check=True,
    )
    return time.perf_counter() - started


def peak_rss_kib(folder: Path, jobs: int, out: Path) -> int:
    xunshi = shutil.which("xunshi") or "xunshi"
    command = [xunshi, "parse", str(folder), "-f", "csv", "-j", str(jobs), "-q", "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, *command], check=True, capture_output=True, text=True
    )
    return int(done.stdout.strip())


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--files", type=int, default=1000)
    options.add_argument("--repeat", type=int, default=3)
    arguments = options.parse_args()
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores")
    run(arguments.files, arguments.repeat)


def run(files: int, repeat: int) -> None:
    """Convert ``files`` bulletins with -j 1 and -j 2; print throughput and peak memory."""
    arguments = argparse.Namespace(files=files, repeat=repeat)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        small, large = root / "small", root / "large"
        small.mkdir()
        large.mkdir()
        make_files(small, arguments.files // 10)
        size = make_files(large, arguments.files)
        out = root / "out.csv"
        print(f"{arguments.files} files, {size / 1e6:.1f} MB, {len(RENDERINGS)} renderings")
        times = {}
        for jobs in (1, 2):
            runs = [convert(large, jobs, out) for _ in range(arguments.repeat)]
            times[jobs] = statistics.median(runs)
            rows = sum(1 for _ in out.open(encoding="utf-8")) - 1
            print(
                f"  -j {jobs}: median {times[jobs]:.2f} s, {size / 1e6 / times[jobs]:.2f} MB/s, "
                f"{arguments.files / times[jobs]:.0f} files/s, {rows} rows"
            )
        print(f"  speed-up -j 2 / -j 1: {times[1] / times[2]:.2f}x")
        for jobs in (1, 2):
            few = peak_rss_kib(small, jobs, out)
            many = peak_rss_kib(large, jobs, out)
            print(
                f"  peak RSS -j {jobs}: {arguments.files // 10} files {few / 1024:.1f} MiB, "
                f"{arguments.files} files {many / 1024:.1f} MiB (ratio {many / few:.2f})"
            )


if __name__ == "__main__":
    main()
