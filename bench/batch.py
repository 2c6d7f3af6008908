"""Batch benchmark: converting many bulletins (mixed renderings) to CSV.

Run with ``python bench/batch.py`` after ``pip install '.[bench,test]'`` (the renderings come
from the test suite); ``python bench/run.py`` runs it too. Reports throughput for one process
and ``-j 2``, timed interleaved (each round converts with ``-j 1`` and then ``-j 2``; the
minimum over the rounds), and the peak resident memory of the conversion for 100 and 1,000
files: flat memory means the two are close.
"""

from __future__ import annotations

import argparse
import os
import shutil
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


def convert(folder: Path, jobs: int, out: Path, environment: dict[str, str] | None = None) -> float:
    xunshi = shutil.which("xunshi") or "xunshi"
    started = time.perf_counter()
    subprocess.run(
        [xunshi, "parse", str(folder), "-f", "csv", "-j", str(jobs), "-q", "-o", str(out)],
        check=True,
        env=environment,
    )
    return time.perf_counter() - started


def peak_rss_kib(
    folder: Path, jobs: int, out: Path, environment: dict[str, str] | None = None
) -> int:
    xunshi = shutil.which("xunshi") or "xunshi"
    command = [xunshi, "parse", str(folder), "-f", "csv", "-j", str(jobs), "-q", "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, *command],
        check=True,
        capture_output=True,
        text=True,
        env=environment,
    )
    return int(done.stdout.strip())


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--files", type=int, default=1000)
    options.add_argument("--rounds", type=int, default=3)
    arguments = options.parse_args()
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores")
    # A bytecode cache, as an installed package has, even under PYTHONDONTWRITEBYTECODE.
    with tempfile.TemporaryDirectory(prefix="xunshi-bench-pycache-") as cache:
        environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        environment["PYTHONPYCACHEPREFIX"] = cache
        run(arguments.files, arguments.rounds, environment)


def run(files: int, rounds: int, environment: dict[str, str] | None = None) -> None:
    """Convert ``files`` bulletins with -j 1 and -j 2, interleaved, ``rounds`` times; print
    the throughput of the fastest round of each and the peak memory."""
    arguments = argparse.Namespace(files=files, rounds=rounds)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        small, large = root / "small", root / "large"
        small.mkdir()
        large.mkdir()
        make_files(small, arguments.files // 10)
        size = make_files(large, arguments.files)
        out = root / "out.csv"
        print(f"{arguments.files} files, {size / 1e6:.1f} MB, {len(RENDERINGS)} renderings")
        convert(small, 1, out, environment)  # warms the bytecode and file caches
        runs: dict[int, list[float]] = {1: [], 2: []}
        rows: dict[int, int] = {}
        for _ in range(arguments.rounds):
            for jobs, times in runs.items():
                times.append(convert(large, jobs, out, environment))
                rows[jobs] = sum(1 for _ in out.open(encoding="utf-8")) - 1
        best = {jobs: min(times) for jobs, times in runs.items()}
        for jobs, seconds in best.items():
            print(
                f"  -j {jobs}: minimum {seconds:.2f} s (of {_spread(runs[jobs])}), "
                f"{size / 1e6 / seconds:.2f} MB/s, {arguments.files / seconds:.0f} files/s, "
                f"{rows[jobs]} rows"
            )
        print(f"  speed-up -j 2 / -j 1 (of the minimums): {best[1] / best[2]:.2f}x")
        for jobs in (1, 2):
            few = peak_rss_kib(small, jobs, out, environment)
            many = peak_rss_kib(large, jobs, out, environment)
            print(
                f"  peak RSS -j {jobs}: {arguments.files // 10} files {few / 1024:.1f} MiB, "
                f"{arguments.files} files {many / 1024:.1f} MiB (ratio {many / few:.2f})"
            )


def _spread(times: list[float]) -> str:
    rounds = len(times)
    return f"{rounds} round{'s' * (rounds > 1)}, {min(times):.2f}–{max(times):.2f} s"


if __name__ == "__main__":
    main()
