"""Offsets to 1-based line and column numbers: the one place lines are counted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xunshi_parser.grammar import LINE_BREAK

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = ["line_column", "line_columns"]


def line_columns(text: str, offsets: Sequence[int]) -> Iterator[tuple[int, int]]:
    """The 1-based line and column of each of ``offsets`` into ``text``, which ascend.

    Line breaks (CRLF, CR, LF) are looked for lazily, only as far as the last offset: no
    offset, no scan; however many offsets, one pass.
    """
    if not offsets:
        return
    last = offsets[-1]
    if text.find("\n", 0, last) < 0 and text.find("\r", 0, last) < 0:
        # No break before the last offset (a flattened reprint): str.find tells so in a
        # tenth of the time of the pattern's scan.
        for offset in offsets:
            yield 1, offset + 1
        return
    # A break ending at or before the last offset lies wholly before last + 1.
    breaks = LINE_BREAK.finditer(text, 0, last + 1)
    line, line_start = 1, 0
    following = next(breaks, None)
    for offset in offsets:
        while following is not None and following.end() <= offset:
            line, line_start = line + 1, following.end()
            following = next(breaks, None)
        yield line, offset - line_start + 1


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The (line, column) of one ``offset`` in ``text``."""
    return next(line_columns(text, (offset,)))
