"""Benchmark: rendering the sample's page against parsing the sample (target: under 5×).

Run ``python bench/view.py`` from a checkout. As in bench/run.py, both sides are timed in this
one process, interleaved: each round times a batch of ``parse(sample)`` calls, then a batch of
``render_html`` calls on the parsed sample, and the ratio is that of the two sides' minimums
per call over the rounds. The whole of ``xunshi show`` (parse, then render) and the terminal
rendering are printed too.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path

from xunshi_parser import parse
from xunshi_parser.view import render_html, render_terminal

ROOT = Path(__file__).parent.parent
SAMPLE = (ROOT / "tests" / "fixtures" / "beijing-2021-r13.txt").read_text(encoding="utf-8")
TARGET = 5.0


def per_call(action: Callable[[], object], number: int) -> float:
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(number):
            action()
        return (time.perf_counter() - start) / number
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--number", type=int, default=20, help="calls per batch")
    arguments = parser.parse_args()
    bulletin = parse(SAMPLE)
    sides: dict[str, Callable[[], object]] = {
        "parse": lambda: parse(SAMPLE),
        "render_html": lambda: render_html([("sample", bulletin)]),
        "render_html(parse)": lambda: render_html([("sample", parse(SAMPLE))]),
        "render_terminal(parse)": lambda: render_terminal(parse(SAMPLE), color=True),
    }
    times: dict[str, list[float]] = {name: [] for name in sides}
    for action in sides.values():
        action()  # warm up
    for _ in range(arguments.rounds):
        for name, action in sides.items():
            times[name].append(per_call(action, arguments.number))
    base = min(times["parse"])
    for name, values in times.items():
        best, worst = min(values), max(values)
        print(
            f"{name:24} {best * 1e3:7.2f} ms per call (spread {worst / best:.2f}×),"
            f" {best / base:.2f}× parse"
        )
    ratio = min(times["render_html"]) / base
    verdict = "met" if ratio < TARGET else "MISSED"
    print(f"render_html: {ratio:.2f}× parse (target < {TARGET:g}×): {verdict}")


if __name__ == "__main__":
    main()
