"""The page of ``xunshi show`` in a real browser: headless Chromium, opened from ``file://``.

Three ways in, each the most direct for what it checks:

* ``--dump-dom``: the DOM the browser built, read back with lxml: the text container reads as
  the bulletin, every section and diagnostic is marked (the checks of test_view.py);
* ``--screenshot``: a PNG of the page at 1280×2000 that is not blank;
* the DevTools protocol over ``--remote-debugging-pipe`` (JSON messages on file descriptors 3
  and 4, so no websocket client is needed): every request the page made (only the page itself
  may be one), every console message, exception and log entry (a Content-Security-Policy
  violation is logged as an error), and the live DOM's ``textContent``, carriage returns
  included. A control page with an image from the network and a script proves the probe sees
  requests and console errors when there are some.

Where Chromium is missing or cannot start, the tests skip with the reason; with ``CI`` set they
fail instead, since CI installs Chromium (.ci/run) and must run them.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import struct
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from renderings import crlf_indented
from test_view import (
    assert_diagnostics_marked,
    assert_lossless,
    assert_sections_marked,
    damaged_text,
)
from xunshi_parser import Bulletin, parse
from xunshi_parser.view import render_html

TIMEOUT = 60.0
FLAGS = ["--headless=new", "--disable-gpu", "--no-sandbox", "--no-first-run", "--mute-audio"]


def unavailable(reason: str) -> None:
    message = f"Chromium cannot be run here: {reason}"
    print(message)  # noqa: T201 - the reason is wanted in the log, CI or not
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set: the browser test must run)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    unavailable("no chromium on PATH (apt-get install chromium)")
    raise AssertionError  # unreachable


def run_chromium(
    chromium: str, tmp_path: Path, *arguments: str
) -> subprocess.CompletedProcess[str]:
    command = [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *arguments]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        unavailable(f"{' '.join(command)}: {error}")
        raise AssertionError from error  # unreachable
    if done.returncode != 0:
        unavailable(f"exit status {done.returncode}: {done.stderr[-2000:]}")
    return done


@pytest.fixture(scope="module")
def bulletins(sample_text: str) -> list[tuple[str, Bulletin]]:
    return [
        ("tests/fixtures/beijing-2021-r13.txt", parse(sample_text)),
        ("damaged.txt", parse(damaged_text(sample_text))),
    ]


@pytest.fixture
def page(tmp_path: Path, bulletins: list[tuple[str, Bulletin]]) -> Path:
    path = tmp_path / "show.html"
    path.write_text(render_html(bulletins), encoding="utf-8")
    return path


def test_dumped_dom_is_the_text_with_every_section_and_diagnostic_marked(
    chromium: str, tmp_path: Path, page: Path, bulletins: list[tuple[str, Bulletin]]
) -> None:
    done = run_chromium(chromium, tmp_path, "--dump-dom", page.as_uri())
    document = lxml_html.document_fromstring(done.stdout)
    for number, (_, bulletin) in enumerate(bulletins, start=1):
        assert_lossless(bulletin, document, number)
        assert_sections_marked(bulletin, document, number)
        assert_diagnostics_marked(bulletin, document, number)
    assert not document.xpath("//script")


def test_screenshot_is_a_picture_of_the_page(chromium: str, tmp_path: Path, page: Path) -> None:
    shot = tmp_path / "show.png"
    run_chromium(
        chromium, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri()
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    # A blank page of that size compresses to a few kilobytes; text and marks do not.
    assert len(data) > 100_000, len(data)


class DevTools:
    """The DevTools protocol over ``--remote-debugging-pipe``: NUL-terminated JSON messages,
    commands on the browser's fd 3, answers and events on its fd 4."""

    def __init__(self, chromium: str, profile: Path) -> None:
        commands_read, self._commands = os.pipe()
        self._answers, answers_write = os.pipe()
        script = f'exec "$0" "$@" 3<&{commands_read} 4>&{answers_write}'
        self._log = (profile.parent / "chromium.log").open("w")
        try:
            self._process = subprocess.Popen(
                # bash, not sh: dash takes only one-digit descriptors in a redirection.
                [shutil.which("bash") or "bash", "-c", script, chromium, *FLAGS, "--remote-debugging-pipe",
                 f"--user-data-dir={profile}", "--window-size=1280,2000"],
                pass_fds=(commands_read, answers_write),
                stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
            )  # fmt: skip
        finally:
            os.close(commands_read)
            os.close(answers_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def close(self) -> None:
        with contextlib.suppress(AssertionError, OSError):
            self.send("Browser.close")
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._commands)
        os.close(self._answers)
        self._log.close()

    def _message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._answers], [], [], max(left, 0))
            if not ready:
                raise AssertionError("Chromium did not answer in time")
            chunk = os.read(self._answers, 1 << 20)
            if not chunk:
                raise AssertionError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> Any:
        self._next_id += 1
        command: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            command["sessionId"] = session
        os.write(self._commands, json.dumps(command).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._message(deadline)
            if message.get("id") == self._next_id:
                assert "error" not in message, message
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            message = self._message(deadline)
            self.events.append(message)
            if message.get("method") == method:
                return message

    def open(self, url: str) -> str:
        """A new tab with the network, console and log watched, at ``url`` once loaded."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session: str = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Network", "Runtime", "Log", "Page"):
            self.send(f"{domain}.enable", session=session)
        self.send("Page.navigate", {"url": url}, session)
        self.wait_for("Page.loadEventFired")
        # Whatever the page would still do after its load event has a moment to show.
        time.sleep(0.5)
        self.send("Runtime.evaluate", {"expression": "1"}, session)
        return session

    def evaluate(self, expression: str, session: str) -> Any:
        answer = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session
        )
        assert "exceptionDetails" not in answer, answer
        return answer["result"]["value"]

    def requests(self) -> list[str]:
        return [
            event["params"]["request"]["url"]
            for event in self.events
            if event.get("method") == "Network.requestWillBeSent"
        ]

    def complaints(self) -> list[dict[str, Any]]:
        """Console messages, uncaught exceptions and error log entries (CSP violations)."""
        found = []
        for event in self.events:
            method = event.get("method")
            params = event.get("params", {})
            if method in {"Runtime.consoleAPICalled", "Runtime.exceptionThrown"} or (
                method == "Log.entryAdded" and params["entry"]["level"] in {"error", "warning"}
            ):
                found.append(event)
        return found


@pytest.fixture
def devtools(chromium: str, tmp_path: Path) -> Any:
    try:
        tools = DevTools(chromium, tmp_path / "profile")
        tools.send("Browser.getVersion")
    except (OSError, AssertionError) as error:
        log = tmp_path / "chromium.log"
        unavailable(f"DevTools pipe: {error}: {log.read_text()[-2000:] if log.exists() else ''}")
    yield tools
    tools.close()


def test_page_makes_no_request_and_logs_nothing(
    devtools: DevTools, page: Path, bulletins: list[tuple[str, Bulletin]]
) -> None:
    session = devtools.open(page.as_uri())
    assert devtools.requests() == [page.as_uri()]
    assert devtools.complaints() == []
    for number, (_, bulletin) in enumerate(bulletins, start=1):
        text = devtools.evaluate(f"document.getElementById('b{number}-text').textContent", session)
        assert text == bulletin.text
        counts = devtools.evaluate(
            f"[...document.querySelectorAll('#b{number}-text .entry')].length + ',' + "
            f"document.querySelectorAll('#b{number}-text a.diag').length",
            session,
        )
        assert counts == f"{len(bulletin.entries)},{len(bulletin.diagnostics)}"
    # The diagnostics' badges are drawn: CSS content from data-label, not text of the page.
    badge = devtools.evaluate(
        "getComputedStyle(document.getElementById('b2-d2'), '::before').content", session
    )
    assert "XS201 error" in badge
    screenshot = devtools.send("Page.captureScreenshot", {"format": "png"}, session)
    assert len(screenshot["data"]) > 10_000


def test_carriage_returns_reach_the_live_dom(
    devtools: DevTools, tmp_path: Path, expected: dict[str, Any]
) -> None:
    bulletin = parse(crlf_indented(expected))
    path = tmp_path / "crlf.html"
    path.write_text(render_html([("crlf.txt", bulletin)]), encoding="utf-8")
    session = devtools.open(path.as_uri())
    assert devtools.evaluate("document.getElementById('b1-text').textContent", session) == (
        bulletin.text
    )
    assert devtools.complaints() == []


def test_the_probe_sees_requests_and_console_errors(devtools: DevTools, tmp_path: Path) -> None:
    """A control: a page that loads an image and logs an error is caught, so the assertions
    above are not vacuous."""
    path = tmp_path / "control.html"
    path.write_text(
        '<!DOCTYPE html><img src="http://127.0.0.1:9/x.png">'
        "<script>console.error('control')</script>",
        encoding="utf-8",
    )
    devtools.open(path.as_uri())
    assert "http://127.0.0.1:9/x.png" in devtools.requests()
    assert any(
        event["method"] == "Runtime.consoleAPICalled" and event["params"]["type"] == "error"
        for event in devtools.complaints()
    )
