"""What a web page says about its article outside the article's text, as the page writes it,
and where the article's text stands in the page."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "LAST_SOURCELINE", "NO_COLUMN", "NO_POSITION", "PageFacts", "SourceMap", "SourcePosition",
]  # fmt: skip

#: Appended to a message whose position has no character in the page: a line or paragraph
#: break of the rendering, whitespace collapsed, the end of the text.
NO_POSITION: Final = " (no position in the HTML source)"
#: Appended to a message whose text was not found as written on its line of the page
#: (written with entities, or split by tags): the line is the element's, the column 1.
NO_COLUMN: Final = " (column unknown)"
#: How far a text is looked for: so many characters and times the page's length in all, so
#: that thousands of diagnostics on a page of one line stay linear.
_SNIPPET: Final = 16
_SEARCH_BUDGET: Final = 4
#: Characters a page may write otherwise than the text has them: entities, collapsed space.
_UNSURE: Final = frozenset("&<>\"'")
#: libxml2 keeps line numbers in 16 bits: an element's ``sourceline`` stops growing here.
LAST_SOURCELINE: Final = 65535


@dataclass(frozen=True, slots=True)
class PageFacts:
    """Facts taken from a page's markup, as raw text: the parser reads them, and uses each
    only where the article's own text is silent.

    ``datelines`` are texts that may name the publication date and the source, best first:
    date metas (``PubDate``, ``article:published_time`` ...) and JSON-LD ``datePublished``;
    ``<time>`` and ``itemprop`` elements marked as the publication date; WeChat's publish time
    shown, then its ``var ct``; other ``<time>`` elements outside page furniture; then the
    page's lines of publication facts (``时间：2022-01-25　来源：北京纪检监察网``), the article's
    first; then dates written alone in elements named for them (``<p class="date">``), and
    Xinhua's year and day (given as ``YYYY-MM-DD``). A timestamp that names its UTC offset, or
    none at all (``var ct``), is given as its date in China, ``YYYY-MM-DD``; every other text
    as the page writes it. The date is the
    first one found reading them in order; the source is :attr:`source`, else the first one
    found in them, else :attr:`platform`.
    """

    #: The article's heading (the longest ``<h1>`` outside page furniture that is not a site's
    #: name), ``og:title``, or the article's part of ``<title>``.
    title: str | None = None
    #: The name after 责任编辑：, on the page's own lines.
    editor: str | None = None
    #: A source meta (``ContentSource``, ``source``), without a label it is written with
    #: (``来源：``): who published the article.
    source: str | None = None
    #: The site or platform the page is on (``og:site_name``): a last resort for the source.
    platform: str | None = None
    datelines: tuple[str, ...] = ()


class SourcePosition(NamedTuple):
    """A 1-based line and column in the page, and the note a message needs when the column,
    or the whole position, is only the element's (:data:`NO_COLUMN`, :data:`NO_POSITION`)."""

    line: int
    column: int
    note: str = ""


class SourceMap:
    """Where the text rendered from a page stands in the page: ``offsets`` (ascending) are
    where runs of the text start, ``lines`` the source line each starts on, as the renderer
    counted them.

    A position's line is its run's; its column is found by looking for the text there on that
    line of the page, which also corrects the line: as line breaks may vanish from the tree,
    a run's line may be too small (never too large), so the text is looked for down to the
    next line a later run starts on (to the page's end past libxml2's last line). Found texts
    ascend, so each is looked for after the last. Nothing is looked for until positions are
    asked for, so a page without diagnostics costs only the runs' anchors.
    """

    __slots__ = ("_starts", "lines", "offsets", "source", "text")

    def __init__(self, source: str, text: str, offsets: list[int], lines: list[int]) -> None:
        self.source = source
        self.text = text
        self.offsets = offsets
        self.lines = lines
        self._starts: list[int] | None = None

    def line_starts(self) -> list[int]:
        """Where each line of the page starts; lines end at ``\\n``, as libxml2 counts them."""
        if self._starts is None:
            starts, at = [0], self.source.find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = self.source.find("\n", at + 1)
            if len(starts) > 1 and starts[-1] == len(self.source):
                starts.pop()  # a final line break opens no line
            self._starts = starts
        return self._starts

    def positions(self, offsets: Sequence[int]) -> list[SourcePosition]:
        """The page position of each of ``offsets`` (ascending) into the text."""
        starts = self.line_starts()
        last = len(starts)
        source, text, runs, lines = self.source, self.text, self.offsets, self.lines
        budget = _SEARCH_BUDGET * len(source) + 1000
        after = 0  # where the last text was found: later ones are not before it
        found: list[SourcePosition] = []
        for offset in offsets:
            if not runs:
                found.append(SourcePosition(1, 1, NO_POSITION))
                continue
            run = max(0, bisect_right(runs, offset) - 1)
            line = min(lines[run], last)
            run_end = runs[run + 1] if run + 1 < len(runs) else len(text)
            snippet = _snippet(text, offset, run_end)
            if not snippet:
                found.append(SourcePosition(line, 1, NO_POSITION))
                continue
            later = bisect_right(lines, lines[run], run + 1)  # the next run on a later line
            below = lines[later] if later < len(lines) else last
            below = last if below >= LAST_SOURCELINE else min(below, last)
            start = max(starts[line - 1], after)
            end = min(starts[below] if below < last else len(source), start + budget)
            at = source.find(snippet, start, end) if start < end else -1
            budget -= max(0, (at + len(snippet) if at >= 0 else end) - start)
            if at < 0:
                found.append(SourcePosition(line, 1, NO_COLUMN))
                continue
            after = at
            line = bisect_right(starts, at)
            found.append(SourcePosition(line, at - starts[line - 1] + 1))
        return found


def _snippet(text: str, offset: int, end: int) -> str:
    """The text at ``offset`` to look for in the page: up to ``end`` (its run's end) and
    :data:`_SNIPPET` characters, and up to any character the page may write otherwise."""
    snippet = text[offset : min(end, offset + _SNIPPET)]
    for at, character in enumerate(snippet):
        if character.isspace() or character in _UNSURE:
            return snippet[:at]
    return snippet
