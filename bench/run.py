"""Benchmark: parse speed against a bare regex scan, and how hostile inputs scale.

Run with ``python bench/run.py`` from a checkout after ``pip install '.[bench,test]'``: it times
everything in docs/performance.md, the batch conversion of bench/batch.py included. Reports
medians; the targets are ratios, so they hold on a noisy machine where absolute times do not.
"""

from __future__ import annotations

import argparse
import contextlib
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from xunshi_parser import XunshiError, parse, parse_html

ROOT = Path(__file__).parent.parent
SAMPLE = (ROOT / "tests" / "fixtures" / "beijing-2021-r13.txt").read_text(encoding="utf-8")
PAGE = (ROOT / "tests" / "fixtures" / "beijing-2021-r13.gb2312.html").read_bytes()
BARE_SECTION = re.compile(r"■([^：]+)：(.*?)【(.*?)】")

TRAILER = "【市委第一巡视组向市档案馆反馈巡视情况】"
COMPLETE = "■市档案馆：为民服务意识不强，为民服务意识不强。" + TRAILER

#: Hostile inputs, each a function of a size in characters.
HOSTILE: dict[str, Callable[[int], str]] = {
    "markers": lambda n: "■" * n,
    "markers, colons, unclosed brackets": lambda n: "■a【：" * (n // 4),
    "unclosed 【 in one section": lambda n: COMPLETE + "■a：b" + "【市委第一巡视组向" * (n // 9),
    "one huge section": lambda n: "■市档案馆：" + "为民服务意识不强" * (n // 8) + TRAILER,
    "unclosed quotes and brackets": lambda n: "■a：" + "“（" * (n // 2) + TRAILER,
    "sections up to the cap": lambda n: COMPLETE * min(n // 30, 5000) + "甲" * n,
    "headers without trailers": lambda n: "■a：" * (n // 3),
    "a marker, then spaces": lambda n: COMPLETE + "■" + " " * n,
    "an open trailer, then spaces": lambda n: COMPLETE + "【市委第一巡视组向a" + " " * n,
    "存在 repeated in the lead": lambda n: "存在" * (n // 2) + COMPLETE,
    "digits in the lead": lambda n: "1" * n + COMPLETE,
    "a period, then spaces": lambda n: "2021年10月" + " " * n + COMPLETE,
    "trailing newlines": lambda n: COMPLETE + "\n" * n,
    "trailer-like runs": lambda n: COMPLETE + ("【" + "巡视组向" * 10 + " " * 80) * (n // 121),
}


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def attempt(text: str) -> None:
    with contextlib.suppress(XunshiError):
        parse(text)


def compare_html(repeat: int) -> None:
    """parse_html (full structure) against trafilatura.extract (text only), same page, same run."""
    try:
        import trafilatura  # noqa: PLC0415 - benchmark-only dependency
    except ImportError:
        print("html: trafilatura not installed (pip install '.[bench]'); comparison skipped")
        return
    text = PAGE.decode("gb18030")
    ours = median_seconds(lambda: parse_html(PAGE), repeat)
    ours_str = median_seconds(lambda: parse_html(text), repeat)
    theirs = median_seconds(lambda: trafilatura.extract(PAGE), repeat)
    print(f"html page ({len(PAGE)} bytes, GB2312), median of {repeat}:")
    print(f"  parse_html(bytes)        {ours * 1000:8.2f} ms  (38 entries, all fields)")
    print(f"  parse_html(str)          {ours_str * 1000:8.2f} ms")
    print(f"  trafilatura.extract      {theirs * 1000:8.2f} ms  (text only)")
    print(f"  trafilatura / parse_html {theirs / ours:8.2f}x")


SECTION_HTML = (
    "<p>■市档案馆：为民服务意识不强</p><p>档案工作有差距，为民服务意识不强。</p>"
    "<p>【市委第一巡视组向市档案馆反馈巡视情况】</p>"
)
HOSTILE_PAGES: dict[str, str] = {
    "100k nested elements (refused)": "<html><body>"
    + "<div>" * 100_000
    + SECTION_HTML
    + "</div>" * 100_000
    + "</body></html>",
    "a 10 MB attribute": (
        f'<html><body><div class="{"x" * 10_000_000}">{SECTION_HTML}</div></body></html>'
    ),
    "entity expansion in the DOCTYPE": "<!DOCTYPE html ["
    + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    + f"]><html><body>{SECTION_HTML}<p>&l9;</p></body></html>",
    "200k <br> in one paragraph": "<html><body><p>"
    + "<br> " * 200_000
    + COMPLETE
    + "</p></body></html>",
}


def hostile_pages() -> None:
    print("hostile pages, median of 3:")
    for name, page in HOSTILE_PAGES.items():
        seconds = median_seconds(lambda page=page: attempt_html(page), 3)
        print(f"  {name:36s} {len(page) / 1e6:5.1f} MB {seconds:6.3f} s")


def attempt_html(page: str) -> None:
    with contextlib.suppress(XunshiError):
        parse_html(page, max_bytes=50_000_000)


def command_seconds(command: list[str], repeat: int) -> float:
    def run() -> None:
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    run()  # warm the file cache
    return median_seconds(run, repeat)


def cold_start(repeat: int) -> None:
    """A fresh process validating the sample, against one that only imports pydantic."""
    runs = max(5, repeat // 5)
    xunshi = shutil.which("xunshi") or "xunshi"
    sample = str(ROOT / "tests" / "fixtures" / "beijing-2021-r13.txt")
    ours = command_seconds([xunshi, "validate", sample], runs)
    pydantic_only = command_seconds([sys.executable, "-c", "import pydantic"], runs)
    bare = command_seconds([sys.executable, "-c", "pass"], runs)
    print(f"cold start, median of {runs}:")
    print(f"  xunshi validate sample   {ours * 1000:8.1f} ms")
    print(f"  python -c 'import pydantic' {pydantic_only * 1000:5.1f} ms")
    print(f"  python -c 'pass'         {bare * 1000:8.1f} ms")
    print(f"  ratio to import pydantic {ours / pydantic_only:8.2f}x")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--repeat", type=int, default=50, help="runs per median (fixture)")
    options.add_argument(
        "--batch-files", type=int, default=1000, help="files for the batch run (0: skip it)"
    )
    arguments = options.parse_args()

    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    parse_time = median_seconds(lambda: parse(SAMPLE), arguments.repeat)
    scan_time = median_seconds(lambda: BARE_SECTION.findall(SAMPLE), arguments.repeat)
    print(f"fixture ({len(SAMPLE)} chars, 38 sections), median of {arguments.repeat}:")
    print(f"  parse            {parse_time * 1000:8.2f} ms")
    print(f"  bare regex scan  {scan_time * 1000:8.2f} ms")
    print(f"  ratio            {parse_time / scan_time:8.1f}x")

    compare_html(arguments.repeat)

    print("hostile inputs, median of 3 (linear: the 2 MB / 1 MB ratio stays near 2):")
    for name, make in HOSTILE.items():
        small, large = make(1_000_000), make(2_000_000)
        small_time = median_seconds(lambda text=small: attempt(text), 3)
        large_time = median_seconds(lambda text=large: attempt(text), 3)
        print(
            f"  {name:36s} 1 MB {small_time:6.3f} s   2 MB {large_time:6.3f} s"
            f"   ratio {large_time / small_time:4.2f}"
        )

    hostile_pages()
    cold_start(arguments.repeat)

    code = "import xunshi_parser"
    import_times = [
        float(
            subprocess.run(
                [sys.executable, "-X", "importtime", "-c", code],
                capture_output=True, text=True, check=True,
            ).stderr.strip().splitlines()[-1].split("|")[1]
        )
        for _ in range(5)
    ]  # fmt: skip
    milliseconds = statistics.median(import_times) / 1000
    print(f"import xunshi_parser (cumulative, median of 5): {milliseconds:.1f} ms")

    if arguments.batch_files:
        # The batch benchmark needs the test suite's renderings (pip install '.[test]').
        sys.path.insert(0, str(Path(__file__).parent))
        import batch  # noqa: PLC0415

        print(f"batch of {arguments.batch_files} files to CSV:")
        batch.run(arguments.batch_files, repeat=3)


if __name__ == "__main__":
    main()
