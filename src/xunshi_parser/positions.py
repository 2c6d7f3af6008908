"""Offsets to 1-based line and column numbers."""

from __future__ import annotations

from bisect import bisect_right
from typing import Final

import regex

__all__ = ["LINE_BREAK", "LineIndex"]

#: A line ends at CRLF, CR or LF, wherever lines are counted or split.
LINE_BREAK: Final = regex.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps 0-based character offsets of one text to 1-based (line, column) pairs.

    Built once per text in one pass, so each lookup is a binary search rather than a rescan.
    """

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in LINE_BREAK.finditer(text))]

    def line_column(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
