"""Store benchmark: build a SQLite store from N generated bulletins and search it.

Run with ``python bench/store.py`` (``--files 10000`` by default; ``--files 1000`` for a quick
run). The bulletins are the sample's lead and first six sections (about 40 findings each),
each file another round (term and round number vary), so every file is its own bulletin.
Times ``xunshi parse -f jsonl`` and ``xunshi db build`` (into a fresh store) on the same files,
each with ``-j 1`` and ``-j 2``, interleaved over ``--rounds`` rounds, and reports the minimum
of each (other work on the machine only ever slows a run down). Then the store's size, the
build's peak resident memory (for N/10 and N files: flat memory means the two are close), and
the median time of a 3- and a 6-character search, at the command's default limit and for
every match. Targets: build ≥ 70% of parse throughput; the 6-character search under 50 ms.
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

from bulletins import chinese  # noqa: E402 - the path is set just above
from xunshi_parser.store import search  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "beijing-2021-r13.txt"
SECTIONS = 6
PEAK_RSS = (
    "import resource, subprocess, sys;"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def template() -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    marks = [i for i, char in enumerate(text) if char == "■"]
    cut = marks[SECTIONS]
    editor = text.rfind("责任编辑")
    body = text[:cut].replace("等38家", f"等{SECTIONS}家") + text[editor:]
    return body.replace("十二届北京市委第十三轮", "{term}届北京市委第{round}轮")


def make_files(folder: Path, count: int) -> int:
    pattern = template()
    total = 0
    for number in range(count):
        # Terms in digits: Chinese numerals of the generator stop at 99, 10,000 files need 250.
        text = pattern.replace("{term}", str(number // 40 + 1)).replace(
            "{round}", chinese(number % 40 + 1)
        )
        data = text.encode("utf-8")
        (folder / f"{number:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def peak_rss_kib(command: list[str]) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, *command], check=True, capture_output=True, text=True
    )
    return int(done.stdout.strip())


def median_ms(database: str, query: str, limit: int, runs: int = 21) -> tuple[float, int]:
    """Median time of ``search`` (opening the store included), and the rows it returned."""
    times = []
    found = 0
    for _ in range(runs):
        started = time.perf_counter()
        found = len(search(database, query, limit=limit))
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, found


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--files", type=int, default=10_000)
    options.add_argument("--rounds", type=int, default=3)
    arguments = options.parse_args()
    xunshi = shutil.which("xunshi") or "xunshi"
    count = arguments.files
    load = os.getloadavg()[0]
    version = sys.version.split()[0]
    print(f"python {version} on {os.cpu_count()} cores (load {load:.2f}), {count} bulletins")
    with tempfile.TemporaryDirectory(prefix="xunshi-bench-store-") as work:
        folder = Path(work) / "in"
        folder.mkdir()
        size = make_files(folder, count)
        print(f"input: {size / 1e6:.1f} MB")
        out = str(Path(work) / "out.jsonl")
        database = ""
        # Both commands, -j 1 and -j 2, interleaved round by round; the minimum of each.
        times: dict[str, list[float]] = {}
        for number in range(arguments.rounds):
            for jobs in ("1", "2"):
                parse = [xunshi, "parse", str(folder), "-f", "jsonl", "-q", "-o", out, "-j", jobs]
                times.setdefault(f"parse -j {jobs}", []).append(timed(parse))
                target = str(Path(work) / f"store-{number}-{jobs}.db")
                build = [xunshi, "db", "build", target, str(folder), "-q", "-j", jobs]
                times.setdefault(f"build -j {jobs}", []).append(timed(build))
                if number < arguments.rounds - 1:
                    for suffix in ("", "-wal", "-shm"):
                        Path(target + suffix).unlink(missing_ok=True)
                elif jobs == "1":
                    database = target
        best = {name: min(values) for name, values in times.items()}
        for jobs in ("1", "2"):
            parse, build = best[f"parse -j {jobs}"], best[f"build -j {jobs}"]
            spread = ", ".join(f"{value:.2f}" for value in times[f"build -j {jobs}"])
            print(
                f"xunshi parse -f jsonl -j {jobs}: {parse:.2f} s, {count / parse:.0f} bulletins/s"
            )
            print(
                f"xunshi db build -j {jobs}: {build:.2f} s, {count / build:.0f} bulletins/s, "
                f"{parse / build:.0%} of parse (target >= 70%; rounds {spread} s)"
            )
        print(f"build speed-up with -j 2: {best['build -j 1'] / best['build -j 2']:.2f}x")
        again = timed([xunshi, "db", "build", database, str(folder), "-q"])
        print(f"again, nothing to do: {again:.2f} s")
        megabytes = Path(database).stat().st_size / 1e6
        print(f"store: {megabytes:.1f} MB")
        small = sorted(folder.iterdir())[: max(1, count // 10)]
        small_folder = Path(work) / "small"
        small_folder.mkdir()
        for path in small:
            (small_folder / path.name).symlink_to(path)
        for name, source in ((f"{len(small)} files", small_folder), (f"{count} files", folder)):
            target = str(Path(work) / f"rss-{len(name)}-{time.monotonic_ns()}.db")
            rss = peak_rss_kib([xunshi, "db", "build", target, str(source), "-q"])
            print(f"peak RSS, build of {name}: {rss / 1024:.0f} MiB")
        for query in ("理论学", "理论学习不够"):
            # The command's default (--limit 1000: it asks for one more), then every match.
            for limit in (1001, 1_000_000):
                milliseconds, found = median_ms(database, query, limit)
                print(
                    f"search {query!r} ({len(query)} characters), limit {limit}: "
                    f"{milliseconds:.1f} ms, {found} rows"
                )


if __name__ == "__main__":
    main()
