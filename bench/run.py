"""Benchmark: the targets and tables of docs/performance.md, in one run.

Run with ``python bench/run.py`` from a checkout after ``pip install -e '.[bench,test]'``;
``--quick`` takes fewer rounds and a smaller batch.

Each ratio is measured with both sides in this one process, interleaved: for several rounds,
each round times our side and then the reference, each over a batch of calls (time per call).
The ratio is that of the two sides' minimums over the rounds. A noisy machine (other work,
frequency changes) only ever makes a batch slower, so the minimum is the best estimate of each
side's cost, and interleaving exposes both sides to the same conditions; the spread over the
rounds is printed so that a noisy run shows as one.

Fresh processes (the cold start, the batch) run with a bytecode cache in a temporary
``PYTHONPYCACHEPREFIX``, as an installed package has one, even where the environment sets
``PYTHONDONTWRITEBYTECODE``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import regex

from xunshi_parser import XunshiError, parse, parse_html

ROOT = Path(__file__).parent.parent
SAMPLE_PATH = ROOT / "tests" / "fixtures" / "beijing-2021-r13.txt"
SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")
PAGE = (ROOT / "tests" / "fixtures" / "beijing-2021-r13.gb2312.html").read_bytes()
#: The reference scan: every section's header, body and trailer, nothing else.
BARE_SECTION = r"■([^：■【]{1,60})：(.*?)【([^】]*)】"

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
    "■a： repeated: headers, no trailer": lambda n: "■a：" * (n // 3),
    "a marker, then spaces": lambda n: COMPLETE + "■" + " " * n,
    "an open trailer, then spaces": lambda n: COMPLETE + "【市委第一巡视组向a" + " " * n,
    "存在 repeated in the lead": lambda n: "存在" * (n // 2) + COMPLETE,
    "digits in the lead": lambda n: "1" * n + COMPLETE,
    "a period, then spaces": lambda n: "2021年10月" + " " * n + COMPLETE,
    "trailing newlines": lambda n: COMPLETE + "\n" * n,
    "months opening clauses in a dated lead": lambda n: (
        "时间：2022-01-25\n" + "，3月至" * (n // 4) + COMPLETE
    ),
    "lines of page furniture": lambda n: COMPLETE + "\n点赞 在看" * (n // 6),
    "an editor line, then page furniture": lambda n: (
        COMPLETE + "\n责任编辑：王蒙" * (n // 16) + "\n阅读原文" * (n // 16)
    ),
    "numbered sections glued on one line, each lost": lambda n: (
        "标题\n日前，x。\n" + "一、县局：b【县委第一巡察组向县卫健局党组反馈巡察情况】" * (n // 34)
    ),
    "trailer-like runs": lambda n: COMPLETE + ("【" + "巡视组向" * 10 + " " * 80) * (n // 121),
    "brackets, each with 反馈 in reach": lambda n: "■甲：" + "（反馈" * (n // 3) + TRAILER,
    "trailers in round brackets in the lead, then a 【": lambda n: (
        "（市委第一巡视组向甲反馈巡视情况）" * (n // 17) + "【" + COMPLETE
    ),
    "hard-wrapped lines of one width": lambda n: "\n".join(["■甲：" + "乙" * 27] * (n // 31)),
    "a first line of 经": lambda n: "经" * n + "\n" + COMPLETE,
    "a first line of 根据": lambda n: "根据" * (n // 2) + "\n" + COMPLETE,
    "a section restating its prefix, never whole": lambda n: (
        "■甲：" + "甲" * (n // 2) + "Z。，；" + "甲" * (n // 2) + TRAILER
    ),
    "feedback words after markers, never closed": lambda n: "■省委第一巡视组向甲反馈" * (n // 12),
    "lines of page numbers": lambda n: COMPLETE + "\n- 2 -" * (n // 6),
    "dashes and 页 on one line": lambda n: COMPLETE + "\n" + "-页" * (n // 2),
}
#: Hostile inputs expected to cost a bounded time, not a linear one: ``parse`` should stop at
#: ``max_sections`` headers instead of walking all of them (issue 8). Met when 2 MB take less
#: than this many seconds.
BOUNDED: dict[str, float] = {"■a： repeated: headers, no trailer": 0.1}
#: A linear input's 2 MB / 1 MB time ratio is about 2; above this it is reported as MISSED.
LINEAR_LIMIT = 2.5

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

SECTIONS = ("ratios", "stages", "hostile", "pages", "import", "batch")


@dataclass(frozen=True)
class Settings:
    rounds: int  # rounds of the in-process ratios
    budget: float  # seconds a batch of calls should take, at least
    process_rounds: int  # rounds of the fresh-process ratio (one process per side and round)
    hostile_rounds: int
    batch_files: int
    batch_rounds: int


#: Many short rounds rather than a few long ones: the minimum needs one quiet moment per side,
#: and on a shared machine short quiet moments are the common kind.
FULL = Settings(
    rounds=25, budget=0.05, process_rounds=21, hostile_rounds=3, batch_files=1000, batch_rounds=3
)
QUICK = Settings(
    rounds=7, budget=0.03, process_rounds=7, hostile_rounds=1, batch_files=200, batch_rounds=2
)


# -- timing --------------------------------------------------------------------------------


def per_call(action: Callable[[], object], number: int) -> float:
    """Seconds per call of ``action`` over a batch of ``number`` calls, the collector on (it is
    part of the cost) but emptied first."""
    gc.collect()
    start = time.perf_counter()
    for _ in range(number):
        action()
    return (time.perf_counter() - start) / number


def calls_for(action: Callable[[], object], budget: float) -> int:
    """How many calls make a batch of at least ``budget`` seconds (1, 2, 5, 10, 20, …); it
    also warms ``action`` up (imports, caches)."""
    number = 1
    while True:
        for step in (1, 2, 5):
            calls = number * step
            if per_call(action, calls) * calls >= budget:
                return calls
        number *= 10


@dataclass(frozen=True)
class Timing:
    """Seconds per call of each side, one value per round, in the order the rounds ran."""

    sides: dict[str, list[float]]
    calls: dict[str, int]

    def best(self, side: str) -> float:
        return min(self.sides[side])

    def ratio(self, side: str, reference: str) -> float:
        """The ratio of minimums: what the issue asks for."""
        return self.best(side) / self.best(reference)

    def spread(self, side: str, reference: str) -> list[str]:
        """Lines showing how much the rounds differ: each side's range, then the ratio's."""
        lines = []
        for name, times in self.sides.items():
            calls = self.calls[name]
            lines.append(
                f"{name:20s} {_duration(min(times))} to {_duration(max(times))} "
                f"(+{max(times) / min(times) - 1:.0%}), {calls} call{'s' * (calls > 1)} a round"
            )
        by_round = [a / b for a, b in zip(self.sides[side], self.sides[reference], strict=True)]
        lines.append(f"{'ratio round by round':20s} {min(by_round):.2f}x to {max(by_round):.2f}x")
        return lines


def interleaved(
    sides: Mapping[str, Callable[[], object]],
    rounds: int,
    budget: float | None,
) -> Timing:
    """Time every side in each of ``rounds`` rounds, one after the other, each over a batch of
    calls lasting at least ``budget`` seconds (``None``: a single call, for fresh processes)."""
    calls = {
        name: 1 if budget is None else calls_for(action, budget) for name, action in sides.items()
    }
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, action in sides.items():
            times[name].append(per_call(action, calls[name]))
    return Timing(times, calls)


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns, a CJK character taking two."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - columns, 0)


def _duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.001:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1_000_000:.1f} µs"


# -- the ratios ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    name: str
    ours: str  # the side names in the Timing
    reference: str
    limit: float  # ours / reference must not exceed it
    target: str
    timing: Timing

    @property
    def value(self) -> float:
        return self.timing.ratio(self.ours, self.reference)

    @property
    def met(self) -> bool:
        return self.value <= self.limit


def bare_scan(text: str) -> None:
    """The reference: ``regex.finditer`` over the sections, every match consumed."""
    deque(regex.finditer(BARE_SECTION, text), maxlen=0)


def parse_ratio(settings: Settings) -> Ratio:
    found = sum(1 for _ in regex.finditer(BARE_SECTION, SAMPLE))
    if found != len(parse(SAMPLE).entries):
        raise SystemExit(f"the bare scan finds {found} sections, parse something else")
    sides = {"parse": lambda: parse(SAMPLE), "bare scan": lambda: bare_scan(SAMPLE)}
    timing = interleaved(sides, settings.rounds, settings.budget)
    return Ratio("parse(sample)", "parse", "bare scan", 20.0, "≤ 20x", timing)


def stages(settings: Settings) -> None:
    """Where ``parse``'s time goes: each stage of the pipeline alone on the sample, interleaved
    with the bare scan, as multiples of it."""
    # The pipeline's own modules: this is a profile, not an API.
    from xunshi_parser import Bulletin, diagnostics  # noqa: PLC0415
    from xunshi_parser import parser as pipeline  # noqa: PLC0415
    from xunshi_parser.fields.lead import split_preamble  # noqa: PLC0415
    from xunshi_parser.normalise import normalise  # noqa: PLC0415
    from xunshi_parser.page import PageFacts  # noqa: PLC0415
    from xunshi_parser.scan import scan  # noqa: PLC0415

    document = normalise(SAMPLE)
    found = scan(document.canonical, document.plain, max_sections=5000)
    bulletin = parse(SAMPLE)
    tree = bulletin.model_dump()

    def fields() -> None:
        parts = split_preamble(document.canonical[: found.sections[0].start])
        pipeline._preamble(document, parts, PageFacts(), None, None)
        for index, raw in enumerate(found.sections, start=1):
            pipeline._entry(document, index, raw)

    sides: dict[str, Callable[[], object]] = {
        "bare scan": lambda: bare_scan(SAMPLE),
        "parse": lambda: parse(SAMPLE),
        "normalise (wraps, fold)": lambda: normalise(SAMPLE),
        "scan (sections, trailers)": lambda: scan(
            document.canonical, document.plain, max_sections=5000
        ),
        "field rules (lead, 38 entries)": fields,
        "validate the tree once": lambda: Bulletin.model_validate(tree, extra="ignore"),
        "diagnostics": lambda: diagnostics.check(bulletin),
    }
    timing = interleaved(sides, settings.rounds, settings.budget)
    print(f"parse's stages on the sample, minimum of {settings.rounds} interleaved rounds:")
    for name in sides:
        multiple = timing.ratio(name, "bare scan")
        print(f"  {name:32s} {_duration(timing.best(name)):>9s} {multiple:6.1f}x")


def html_ratio(settings: Settings) -> Ratio | None:
    try:
        import trafilatura  # noqa: PLC0415 - benchmark-only dependency
    except ImportError:
        print("html: trafilatura not installed (pip install '.[bench]'); comparison skipped")
        return None
    text = PAGE.decode("gb18030")
    sides = {
        "parse_html": lambda: parse_html(PAGE),
        "trafilatura": lambda: trafilatura.extract(PAGE),
        "parse_html(str)": lambda: parse_html(text),
    }
    timing = interleaved(sides, settings.rounds, settings.budget)
    return Ratio(
        "parse_html(page bytes)", "parse_html", "trafilatura", 0.5, "≤ 0.5x (2x faster)", timing
    )


@contextlib.contextmanager
def process_environment() -> Iterator[dict[str, str]]:
    """The environment of fresh processes: bytecode cached in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="xunshi-bench-pycache-") as cache:
        environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        environment["PYTHONPYCACHEPREFIX"] = cache
        yield environment


def run_process(command: list[str], environment: dict[str, str]) -> int:
    done = subprocess.run(
        command,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
        cwd=ROOT,
    )
    return done.returncode


#: A program that defines one pydantic model and validates one value.
ONE_MODEL = "from pydantic import BaseModel\nclass A(BaseModel):\n    x: int\nA(x=1)"


def cold_start_ratio(settings: Settings, environment: dict[str, str]) -> Ratio:
    """A fresh process validating the sample against one that only imports pydantic."""
    xunshi = shutil.which("xunshi") or "xunshi"
    python = [sys.executable, "-c"]
    commands = {
        "xunshi validate": [xunshi, "validate", str(SAMPLE_PATH.relative_to(ROOT))],
        "import pydantic": [*python, "import pydantic"],
        # Where the time goes, for docs/performance.md: the interpreter, pydantic's first model
        # (the floor of any pydantic program), regex, the package.
        "python -c pass": [*python, "pass"],
        "import BaseModel": [*python, "from pydantic import BaseModel"],
        "one pydantic model": [*python, ONE_MODEL],
        "import regex": [*python, "import regex"],
        "import xunshi_parser": [*python, "import xunshi_parser"],
    }
    for command in commands.values():
        # Fills the bytecode cache and the file cache, and checks that the command works.
        if run_process(command, environment) != 0:
            raise SystemExit(f"cold start: {' '.join(command)} failed")
    sides = {
        name: lambda command=command: run_process(command, environment)
        for name, command in commands.items()
    }
    timing = interleaved(sides, settings.process_rounds, None)
    return Ratio(
        "cold start: xunshi validate", "xunshi validate", "import pydantic", 3.0, "≤ 3.0x", timing
    )


def report(ratios: list[Ratio]) -> None:
    print(f"{'name':30s} {'ours':>10s} {'reference':>10s} {'ratio':>8s}  {'target':20s} ok?")
    for ratio in ratios:
        timing = ratio.timing
        print(
            f"{ratio.name:30s} {_duration(timing.best(ratio.ours)):>10s} "
            f"{_duration(timing.best(ratio.reference)):>10s} {ratio.value:7.2f}x  "
            f"{ratio.target:20s} {'ok' if ratio.met else 'MISSED'}"
        )
    print("ours and reference: minimums over the rounds; the spread of the rounds:")
    for ratio in ratios:
        rounds = len(ratio.timing.sides[ratio.ours])
        print(f"  {ratio.name}, {rounds} rounds")
        for line in ratio.timing.spread(ratio.ours, ratio.reference):
            print(f"    {line}")


# -- hostile inputs ------------------------------------------------------------------------


def attempt(text: str) -> None:
    with contextlib.suppress(XunshiError):
        parse(text)


def attempt_html(page: str) -> None:
    with contextlib.suppress(XunshiError):
        parse_html(page, max_bytes=50_000_000)


def hostile(settings: Settings) -> None:
    rounds = settings.hostile_rounds
    print(
        f"hostile inputs, 1 MB and 2 MB interleaved, minimum of {rounds} "
        f"(linear: the ratio stays near 2; ok up to {LINEAR_LIMIT}):"
    )
    for name, make in HOSTILE.items():
        small, large = make(1_000_000), make(2_000_000)
        sides = {"1 MB": lambda text=small: attempt(text), "2 MB": lambda text=large: attempt(text)}
        timing = interleaved(sides, rounds, None)
        small_time, large_time = timing.best("1 MB"), timing.best("2 MB")
        ratio = large_time / small_time
        if name in BOUNDED:
            limit = BOUNDED[name]
            verdict = f"{'ok' if large_time < limit else 'MISSED'} (bounded: 2 MB under {limit} s)"
        else:
            verdict = "ok" if ratio <= LINEAR_LIMIT else "MISSED"
        print(
            f"  {_pad(name, 36)} 1 MB {small_time:6.3f} s   2 MB {large_time:6.3f} s"
            f"   ratio {ratio:4.2f}  {verdict}"
        )


def hostile_pages(settings: Settings) -> None:
    rounds = settings.hostile_rounds
    print(f"hostile pages, minimum of {rounds}:")
    for name, page in HOSTILE_PAGES.items():
        seconds = min(per_call(lambda page=page: attempt_html(page), 1) for _ in range(rounds))
        print(f"  {_pad(name, 36)} {len(page) / 1e6:5.1f} MB {seconds:6.3f} s")


# -- import time and the batch -------------------------------------------------------------


def import_time(environment: dict[str, str], runs: int = 5) -> None:
    """``import xunshi_parser``, cumulative, by ``-X importtime``: the minimum of ``runs``."""
    command = [sys.executable, "-X", "importtime", "-c", "import xunshi_parser"]
    times = []
    for _ in range(runs):
        done = subprocess.run(
            command, capture_output=True, text=True, check=True, env=environment, cwd=ROOT
        )
        last = done.stderr.strip().splitlines()[-1]  # the package itself, imported last
        times.append(float(last.split("|")[1]) / 1000)
    print(f"import xunshi_parser (cumulative, -X importtime, minimum of {runs}): ", end="")
    print(f"{min(times):.1f} ms")


def batch(settings: Settings, environment: dict[str, str]) -> None:
    # The batch benchmark needs the test suite's renderings (pip install '.[test]').
    sys.path.insert(0, str(Path(__file__).parent))
    import batch as batch_bench  # noqa: PLC0415

    print(f"batch of {settings.batch_files} files to CSV:")
    batch_bench.run(settings.batch_files, rounds=settings.batch_rounds, environment=environment)


def main() -> None:
    options = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    options.add_argument("--quick", action="store_true", help="fewer rounds, a smaller batch")
    options.add_argument("--rounds", type=int, help="rounds of the in-process ratios")
    options.add_argument("--batch-files", type=int, help="files for the batch run (0: skip it)")
    options.add_argument(
        "--only", action="append", choices=SECTIONS, help="run only this part (repeatable)"
    )
    arguments = options.parse_args()
    settings = QUICK if arguments.quick else FULL
    if arguments.rounds is not None:
        settings = replace(settings, rounds=arguments.rounds)
    if arguments.batch_files is not None:
        settings = replace(settings, batch_files=arguments.batch_files)
    sections = set(arguments.only or SECTIONS)

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"python {platform.python_version()} on {platform.machine()}, {platform.system()}, "
        f"{os.cpu_count()} cores, load average {load}; "
        f"{settings.rounds} rounds (fresh processes: {settings.process_rounds})"
    )
    with process_environment() as environment:
        if "ratios" in sections:
            ratios = [parse_ratio(settings)]
            ratios.append(cold_start_ratio(settings, environment))
            html = html_ratio(settings)
            if html is not None:
                ratios.append(html)
            report(ratios)
        if "stages" in sections:
            stages(settings)
        if "hostile" in sections:
            hostile(settings)
        if "pages" in sections:
            hostile_pages(settings)
        if "import" in sections:
            import_time(environment)
        if "batch" in sections and settings.batch_files:
            batch(settings, environment)


if __name__ == "__main__":
    main()
