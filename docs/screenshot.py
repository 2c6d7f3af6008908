"""Regenerate docs/show.png: the sample bulletin's page of ``xunshi show``, in headless Chromium.

Run ``python docs/screenshot.py`` from a checkout (Debian: ``apt-get install chromium``). The
page is rendered with :func:`xunshi_parser.view.render_html`, written to a temporary file and
opened from ``file://``, as a user would open the report.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from xunshi_parser import parse_file
from xunshi_parser.view import render_html

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "beijing-2021-r13.txt"
OUTPUT = ROOT / "docs" / "show.png"


def screenshot(output: Path = OUTPUT, width: int = 1280, height: int = 1500) -> Path:
    """Write the PNG of the sample's page to ``output`` and return it."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is not installed (Debian: apt-get install chromium)")
    page = render_html([("tests/fixtures/beijing-2021-r13.txt", parse_file(SAMPLE))])
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "show.html"
        path.write_text(page, encoding="utf-8")
        subprocess.run(  # noqa: S603 - chromium from PATH, our own arguments
            [
                chromium, "--headless=new", "--disable-gpu", "--no-sandbox", "--no-first-run",
                "--hide-scrollbars", f"--user-data-dir={Path(work) / 'profile'}",
                f"--screenshot={output.resolve()}", f"--window-size={width},{height}",
                path.as_uri(),
            ],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args()
    print(screenshot(arguments.output))  # noqa: T201


if __name__ == "__main__":
    main()
