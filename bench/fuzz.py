"""The long fuzz run: the property tests with many examples, then atheris if it is installed.

    python bench/fuzz.py                    # hypothesis, 20,000 examples per property
    python bench/fuzz.py --atheris 200000   # and 200,000 atheris runs on parse_bytes/parse_html

Not part of the default test run. Any exception other than XunshiError is a bug: hypothesis
prints the smallest input that shows it, atheris writes it to a crash-* file.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
PROPERTY_TESTS = ["tests/test_fuzz.py", "tests/test_properties.py"]

HARNESS = """
import sys, atheris
with atheris.instrument_imports():
    import xunshi_parser
    from xunshi_parser import XunshiError

def one_input(data: bytes) -> None:
    for parse in (xunshi_parser.parse_bytes, xunshi_parser.parse_html):
        try:
            parse(data)
        except XunshiError:
            pass
    try:
        xunshi_parser.parse(data.decode("utf-8", "surrogatepass"))
    except (XunshiError, UnicodeDecodeError):
        pass

atheris.Setup(sys.argv, one_input)
atheris.Fuzz()
"""


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--examples", type=int, default=20_000, help="per hypothesis property")
    options.add_argument("--atheris", type=int, default=0, metavar="RUNS", help="atheris runs")
    arguments = options.parse_args()

    environment = {**os.environ, "HYPOTHESIS_PROFILE": "long"}
    environment["XUNSHI_FUZZ_EXAMPLES"] = str(arguments.examples)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--hypothesis-show-statistics", *PROPERTY_TESTS],
        cwd=ROOT,
        env=environment,
        check=False,
    )
    if done.returncode or not arguments.atheris:
        return done.returncode
    corpus = ROOT / "bench" / "results" / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for seed in (ROOT / "tests" / "fixtures").glob("*.[th]*"):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    harness = ROOT / "bench" / "results" / "harness.py"
    harness.write_text(HARNESS, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(harness), f"-runs={arguments.atheris}", "-max_len=20000", str(corpus)],
        cwd=ROOT / "bench" / "results",
        check=False,
    ).returncode


if __name__ == "__main__":
    sys.exit(main())
