"""Offsets to 1-based line and column numbers."""

from __future__ import annotations

from bisect import bisect_right

from xunshi_parser.grammar import LINE_BREAK

__all__ = ["LineIndex", "line_column"]


class LineIndex:
    """Maps 0-based character offsets of one text to 1-based (line, column) pairs.

    Built once per text in one pass, so each lookup is a binary search rather than a rescan.
    Build one where many positions of a text are wanted; :func:`line_column` for one.
    """

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in LINE_BREAK.finditer(text))]

    def line_column(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The (line, column) of one ``offset`` in ``text``."""
    # One character past the offset, so a CRLF split there still counts as one break.
    return LineIndex(text[: offset + 1]).line_column(offset)
