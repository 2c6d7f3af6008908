"""The canonical shadow of a text: page numbers set apart, hard wraps undone, variants folded,
offsets kept.

The scanner and the field rules match :attr:`Document.canonical`, cut values from
:attr:`Document.plain` (so fields keep the characters as written: traditional stays
traditional), and the parser maps every offset back to :attr:`Document.text`, the text the user
gave, with :meth:`Document.span`. Folding keeps the length; only two things remove characters:
the lines a printed copy numbers its pages with (- 2 -, 第2页, between pages and so inside any
paragraph), and the line breaks a fixed-width copy put inside words. The offsets of the
characters after each removed range are shifted back when mapped.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from xunshi_parser.grammar import fold, page_number_lines
from xunshi_parser.wraps import wrap_breaks

__all__ = ["Document", "normalise"]


@dataclass(frozen=True, slots=True)
class Document:
    """A text and its shadows. ``plain`` and ``canonical`` have the same length."""

    text: str  # as given: every span of the records points into it
    plain: str  # ``text`` without its hard-wrap breaks: values are cut from it
    canonical: str  # ``plain`` folded: every pattern matches it
    breaks: tuple[tuple[int, int], ...] = ()  # the hard-wrap breaks removed, in ``text``
    #: The page-number lines removed (each with its line break), in ``text``.
    page_numbers: tuple[tuple[int, int], ...] = ()
    cuts: tuple[int, ...] = ()  # offsets in ``plain`` where a range was removed, ascending
    shifts: tuple[int, ...] = ()  # characters removed at or before each cut

    def offset(self, position: int) -> int:
        """Offset in :attr:`text` of the character at ``position`` in :attr:`plain`."""
        if not self.cuts:
            return position
        before = bisect_right(self.cuts, position)
        return position + (self.shifts[before - 1] if before else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` of :attr:`plain` as a range of :attr:`text`.

        An end is mapped as just after its last character, so a range that stops where a
        break was removed stops before the break; an empty range stays empty.
        """
        if not self.cuts:
            return start, end
        if end <= start:
            mapped = self.offset(start)
            return mapped, mapped
        return self.offset(start), self.offset(end - 1) + 1


def normalise(text: str) -> Document:
    """The :class:`Document` of ``text``."""
    canonical = fold(text)
    pages = tuple(page_number_lines(canonical))
    if not pages:
        breaks = tuple(wrap_breaks(text))
        if not breaks:
            return Document(text=text, plain=text, canonical=canonical)
        return _without(text, canonical, breaks, breaks, ())
    # The page numbers go first: a copy's hard wraps are measured on the lines of its pages,
    # and a paragraph running on to the next page is cut at the same width on both.
    paged = _without(text, canonical, pages, (), pages)
    breaks = tuple(paged.span(start, end) for start, end in wrap_breaks(paged.plain))
    return _without(text, canonical, _merged(sorted((*pages, *breaks))), breaks, pages)


def _without(
    text: str,
    canonical: str,
    removed: tuple[tuple[int, int], ...],
    breaks: tuple[tuple[int, int], ...],
    pages: tuple[tuple[int, int], ...],
) -> Document:
    """``text`` and its ``canonical`` form less the ``removed`` ranges (ascending, apart):
    folding keeps offsets, so cutting the folded text is folding the cut one."""
    shifts = tuple(accumulate(end - start for start, end in removed))
    # A cut stands where its range started, less what the earlier ranges removed.
    cuts = tuple(start - before for (start, _), before in zip(removed, (0, *shifts), strict=False))
    plain = _cut(text, removed)
    return Document(
        text=text,
        plain=plain,
        # A text without variants is its own canonical form, and so is what is left of it.
        canonical=plain if canonical is text else _cut(canonical, removed),
        breaks=breaks,
        page_numbers=pages,
        cuts=cuts,
        shifts=shifts,
    )


def _cut(text: str, removed: tuple[tuple[int, int], ...]) -> str:
    pieces: list[str] = []
    previous = 0
    for start, end in removed:
        pieces.append(text[previous:start])
        previous = end
    pieces.append(text[previous:])
    return "".join(pieces)


def _merged(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """``ranges`` (sorted, apart or touching) with touching ones joined: a wrap break just
    before a page number's line and the line are one cut."""
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)
