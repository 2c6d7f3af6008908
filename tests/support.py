"""Helpers shared by the tests (imported as ``support``)."""

from __future__ import annotations

import errno
import itertools
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xunshi_parser import Bulletin, Entry, Span
from xunshi_parser.grammar import MARKERS, fold, is_page_number, leading_ordinal, ordinal_style

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_PATH = FIXTURES / "beijing-2021-r13.txt"


def assert_nothing_lost(bulletin: Bulletin) -> None:
    """Every non-whitespace character lies in a top-level part, and the parts are ordered.

    Inside an entry, everything but the marker (or the number of a numbered section) and the
    header's colon lies in the unit, headline, body or trailer.
    """
    text = bulletin.text
    parts = [
        span
        for span in (
            bulletin.title_span,
            bulletin.dateline_span,
            bulletin.lead_span,
            bulletin.editor_span,
        )
        if span is not None
    ]
    parts += [entry.span for entry in bulletin.entries]
    # A printed copy's page numbers fall anywhere, inside a section too: their pieces lie
    # within the part around them (values leave them out, spans keep them).
    pages = [stray.span for stray in bulletin.unplaced if is_page_number(fold(stray.text))]
    parts += [stray.span for stray in bulletin.unplaced if stray.span not in pages]
    parts.sort(key=lambda span: (span.start, span.end))
    for before, after in itertools.pairwise(parts):
        assert before.end <= after.start, f"parts overlap: {before} {after}"
    for span in parts:
        assert 0 <= span.start <= span.end <= len(text)
    covered = [False] * len(text)
    for span in [*parts, *pages]:
        covered[span.start : span.end] = [True] * (span.end - span.start)
    lost = [i for i, char in enumerate(text) if not covered[i] and not char.isspace()]
    assert not lost, f"characters lost at {lost[:5]}: {[text[i] for i in lost[:5]]}"

    styles: set[str] = set()
    for entry in bulletin.entries:
        led = _led_parts(entry)
        inner = led or [entry.unit.span, entry.headline_span, entry.body_span]
        if not led and entry.feedback is not None:
            inner.append(entry.feedback.span)
        for span in inner:
            assert entry.span.start <= span.start <= span.end <= entry.span.end
        for first, second in itertools.pairwise(inner):
            assert first.end <= second.start
        markup = "".join(
            char
            for i, char in enumerate(text[entry.span.start : entry.span.end], entry.span.start)
            if not char.isspace() and not any(s.start <= i < s.end for s in [*inner, *pages])
        )
        if led:
            # A marker, a stop after the words and the colon after a unit are its markup.
            assert fold(markup).lstrip("■") in {"", "。", "：", "，", "。：", "：：", "，："}, (
                markup
            )
            assert as_read(bulletin, entry.body_span) == entry.body
            continue
        mark, colon = markup[:-1], markup[-1:]
        assert colon in {"：", ":"}, f"entry {entry.index} leaves {markup!r} unplaced"
        opening = text[bulletin.entries[0].span.start]
        if opening in MARKERS:
            assert mark == opening, f"entry {entry.index} leaves {markup!r} unplaced"
        else:
            # A numbered section (一、单位：): its number, all in one style.
            assert leading_ordinal().fullmatch(fold(mark)), (
                f"entry {entry.index} leaves {markup!r} unplaced"
            )
            styles.add(ordinal_style(fold(mark)))
        assert as_read(bulletin, entry.unit.span) == entry.unit.text
        assert as_read(bulletin, entry.headline_span) == entry.headline
        assert as_read(bulletin, entry.body_span) == entry.body
    assert len(styles) <= 1, f"sections numbered in several styles: {styles}"


def _led_parts(entry: Entry) -> list[Span]:
    """A section led by its feedback: its parts in order (its unit the feedback's target, or
    named again after the words: 省统计局党组：); none for any other section."""
    feedback, unit = entry.feedback, entry.unit.span
    if feedback is None or feedback.span.start > unit.start:
        return []
    if unit.start < feedback.span.end:
        assert feedback.span.start <= unit.start <= unit.end <= feedback.span.end
        return [feedback.span, entry.headline_span, entry.body_span]
    return [feedback.span, unit, entry.headline_span, entry.body_span]


def as_read(bulletin: Bulletin, span: Span) -> str:
    """The text ``span`` covers, less what values leave out inside it: the hard-wrap breaks,
    and the lines of page numbers (with their indentation and the line break after them)."""
    text = bulletin.text
    left_out = [(wrap.start, wrap.end) for wrap in bulletin.wrap_breaks]
    for stray in bulletin.unplaced:
        if is_page_number(fold(stray.text)):
            start = stray.span.start
            while start and text[start - 1] in " \t\u3000":
                start -= 1
            end = stray.span.end
            while end < len(text) and text[end] in " \t\u3000":
                end += 1
            end += 2 if text.startswith("\r\n", end) else 1 if end < len(text) else 0
            left_out.append((start, end))
    pieces = []
    position = span.start
    for start, end in sorted(left_out):
        if span.start <= start and end <= span.end and start >= position:
            pieces.append(text[position:start])
            position = end
    pieces.append(text[position : span.end])
    return "".join(pieces)


@contextmanager
def sigint_handled() -> Iterator[None]:
    """SIGINT handled, not ignored, in this process meanwhile, so children started inside can
    be interrupted: a shell's background job starts with SIGINT ignored, children inherit that,
    and Python then never installs its handler."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def stderr_at_exit(process: subprocess.Popen[bytes], timeout: float = 60) -> bytes:
    """What ``process`` wrote to stderr once it ended; killed if it does not end in time, so
    a test fails instead of hanging."""
    try:
        return process.communicate(timeout=timeout)[1]
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise


def open_for_writing(fifo: Path, process: subprocess.Popen[bytes], timeout: float = 60) -> int:
    """The writing end of ``fifo`` once ``process`` has opened its reading end (a file
    descriptor). A child that ends first, or never opens it, fails the test instead of leaving
    it blocked in ``open`` for ever."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as error:
            if error.errno != errno.ENXIO:  # ENXIO: no reader yet
                raise
        else:
            os.set_blocking(descriptor, True)
            return descriptor
        if process.poll() is not None:
            stderr = process.stderr.read() if process.stderr else b""
            msg = f"the child ended ({process.returncode}) before reading {fifo}: {stderr!r}"
            raise AssertionError(msg)
        if time.monotonic() > deadline:
            process.kill()
            msg = f"the child never opened {fifo}"
            raise AssertionError(msg)
        time.sleep(0.01)
