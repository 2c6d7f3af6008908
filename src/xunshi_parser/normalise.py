"""The canonical shadow of a text: hard wraps undone, variants folded, offsets kept.

The scanner and the field rules match :attr:`Document.canonical`, cut values from
:attr:`Document.plain` (so fields keep the characters as written: traditional stays
traditional), and the parser maps every offset back to :attr:`Document.text`, the text the user
gave, with :meth:`Document.span`. Folding keeps the length; only undoing hard wraps removes
characters (the line breaks a fixed-width copy put inside words), and the offsets of the
characters after each removed break are shifted back when mapped.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from xunshi_parser.grammar import fold
from xunshi_parser.wraps import wrap_breaks

__all__ = ["Document", "normalise"]


@dataclass(frozen=True, slots=True)
class Document:
    """A text and its shadows. ``plain`` and ``canonical`` have the same length."""

    text: str  # as given: every span of the records points into it
    plain: str  # ``text`` without its hard-wrap breaks: values are cut from it
    canonical: str  # ``plain`` folded: every pattern matches it
    breaks: tuple[tuple[int, int], ...] = ()  # the hard-wrap breaks removed, in ``text``
    cuts: tuple[int, ...] = ()  # offsets in ``plain`` where a break was removed, ascending
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
    breaks = tuple(wrap_breaks(text))
    if not breaks:
        return Document(text=text, plain=text, canonical=fold(text))
    pieces: list[str] = []
    previous = 0
    for start, end in breaks:
        pieces.append(text[previous:start])
        previous = end
    pieces.append(text[previous:])
    shifts = tuple(accumulate(end - start for start, end in breaks))
    # A cut stands where its break started, less what the earlier breaks removed.
    cuts = tuple(start - removed for (start, _), removed in zip(breaks, (0, *shifts), strict=False))
    plain = "".join(pieces)
    return Document(
        text=text,
        plain=plain,
        canonical=fold(plain),
        breaks=breaks,
        cuts=cuts,
        shifts=shifts,
    )
