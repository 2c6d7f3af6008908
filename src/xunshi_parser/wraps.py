"""Hard wraps: the line breaks a fixed-width copy cut into running text.

Text copied out of a PDF or an e-mail is often cut at one width: every line of a paragraph is
``W`` characters, or ``W`` display columns, long, and the breaks fall anywhere, inside a unit
name, a headline or a trailer. Such a break means nothing and is read as no break. Real line
structure (a title on its own line, one section per line, paragraphs separated by blank lines
or indented, an editor line at the end) keeps its breaks.

The test is statistical, over the whole text. The lines looked at are the non-blank lines
followed by another non-blank line: a line before a blank line or at the end of the text ends
a paragraph whatever its length. The text is wrapped at ``W`` if more than half of them, and at
least three, are *full*, ``W`` long (the last line of each paragraph is shorter); or more than
a third, when no line looked at is longer than ``W``. Length is
measured three ways, trailing whitespace left out, and the measure with the most full lines
wins, characters first among equals:

* characters: a full line is ``W`` characters;
* display columns, East Asian wide and fullwidth characters counting 2: a full line is ``W``
  or ``W - 1`` columns (a wide character that did not fit in the last column went down);
* the same with ambiguous-width characters (“”■…—) counting 2 as well, as Chinese fonts draw
  them and as an e-mail client wrapping GBK bytes counts them.

A break after a full line is a wrap unless the next line starts with indentation (any
whitespace: a space, a tab, U+3000, a no-break space), which marks a new paragraph, or opens a
section headed by its number (二、区教委党组：), which only the start of a line can. So a
paragraph that happens to end exactly at ``W`` runs on into the next one when that one is
neither indented nor set off by a blank line: nothing in the text tells the two apart.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Final, NamedTuple
from unicodedata import east_asian_width

from xunshi_parser.grammar import MAX_LINE_INDENT, fold, ordinal_header

__all__ = [
    "CEILING_SHARE",
    "MAJORITY_SHARE",
    "MAX_WIDTH",
    "MIN_COLUMNS",
    "MIN_FULL_LINES",
    "MIN_WIDTH",
    "wrap_breaks",
]

#: Narrowest cut read as a wrap, in characters. Narrower lines of equal length are verse or
#: list items (a line of 七言 with its comma is 8), and no page or e-mail is cut so narrow.
MIN_WIDTH: Final = 12

#: The same minimum in display columns: 12 wide characters fill 24 columns.
MIN_COLUMNS: Final = 2 * MIN_WIDTH

#: Widest cut read as a wrap, in characters or columns. An e-mail is cut at 72 to 80 columns,
#: a PDF page of Chinese at 28 to 45 characters (56 to 90 columns). Longer lines are paragraphs
#: and are not measured in columns, which keeps a text of long lines cheap.
MAX_WIDTH: Final = 120

#: Fewest full lines. Two lines of equal length are chance, or a couplet; three equal lines
#: on their own are not enough either, as only two of them are followed by a line.
MIN_FULL_LINES: Final = 3

#: Full lines must be more than this share of the lines looked at. Only the last line of a
#: paragraph is short: the sample one section per line cut at 60 characters is two thirds full
#: lines, at 80 just over half (cut wider, it reads as one section per line). Where lines vary
#: in length (real paragraphs, one section per line) the commonest length is a small minority.
MAJORITY_SHARE: Final = 0.5

#: A smaller share suffices when the full lines are also the longest: in a bulletin of short
#: paragraphs (a title, a lead and three sections of two lines each) only every other line is
#: full, but no line is longer than the cut, while in text of real lines the longest length
#: is almost never shared by three lines.
CEILING_SHARE: Final = 1 / 3

_BREAK: Final = re.compile(r"(\r\n|\r|\n)")

#: Code points whose East Asian width is W or F throughout (the tests check it): CJK symbols and
#: punctuation, CJK ideographs, fullwidth forms. Other non-ASCII characters are looked up.
_SURELY_WIDE: Final = "\u3000-\u303e\u3400-\u4dbf\u4e00-\u9fff\uff00-\uff60"


@cache
def _look_up() -> re.Pattern[str]:
    """The characters whose width is looked up. Compiled on first use: a class of the CJK
    ranges costs 2 ms to compile, at every start, and only text of many lines needs it."""
    return re.compile(f"[^\\x00-\\x7f{_SURELY_WIDE}]")


class _Fit(NamedTuple):
    """A width at which many of the lines looked at are full."""

    full: int  # how many
    width: int
    tolerance: int  # 1 in columns: a line one column short is full too
    lengths: list[int]  # each line's length in the measure; 0 where not measured


def _columns(line: str) -> tuple[int, int]:
    """Display columns of ``line``, ambiguous-width characters counting 1, then 2."""
    length = len(line)
    if line.isascii():
        return length, length
    looked_up = _look_up().findall(line)
    kinds = list(map(east_asian_width, looked_up))
    surely_wide = length - len(line.encode("ascii", "ignore")) - len(looked_up)
    narrow = length + surely_wide + kinds.count("W") + kinds.count("F")
    return narrow, narrow + kinds.count("A")


def _fit(lengths: list[int], tolerance: int, minimum: int, needed: int) -> _Fit | None:
    """The width at which most ``lengths`` are full, the wider of equals; None under ``needed``."""
    counts = Counter(lengths)
    if max(counts.values()) * (1 + tolerance) < needed:
        return None
    best = _Fit(0, 0, tolerance, lengths)
    for length in counts:
        for width in range(length, length + tolerance + 1):
            if minimum <= width <= MAX_WIDTH:
                full = counts[width] + (counts[width - 1] if tolerance else 0)
                if (full, width) > (best.full, best.width):
                    best = _Fit(full, width, tolerance, lengths)
    return best if best.full >= needed else None


def _best_fit(lines: list[str], needed: int) -> _Fit | None:
    """The measure and width at which most ``lines`` are full, if ``needed`` are."""
    chars = [len(line) for line in lines]
    best = _fit(chars, 0, MIN_WIDTH, needed)
    if best is not None and best.full == len(lines):
        return best  # no measure finds more
    # A line of n characters fills n to 2n columns: only these can be full in columns.
    measurable = [MIN_COLUMNS // 2 <= length <= MAX_WIDTH for length in chars]
    if sum(measurable) < needed:
        return best
    narrow = [0] * len(lines)
    wide = [0] * len(lines)
    for k, line in enumerate(lines):
        if measurable[k]:
            narrow[k], wide[k] = _columns(line)
    for fit in (_fit(narrow, 1, MIN_COLUMNS, needed), _fit(wide, 1, MIN_COLUMNS, needed)):
        if fit is not None and (best is None or fit.full > best.full):
            best = fit
    return best


def _split(text: str) -> tuple[list[str], list[int]]:
    """The lines of ``text`` and the length of the break after each line but the last."""
    if "\r" not in text:
        lines = text.split("\n")
        return lines, [1] * (len(lines) - 1)
    if text.count("\r") == text.count("\n") == text.count("\r\n"):
        lines = text.split("\r\n")
        return lines, [2] * (len(lines) - 1)
    pieces = _BREAK.split(text)  # bare CRs, or breaks of several kinds
    return pieces[::2], [len(piece) for piece in pieces[1::2]]


def wrap_breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line break in ``text`` that is a hard wrap, in order.

    A hard wrap is to be read as no break. A line break is CRLF, CR or LF, and its range
    covers the break's characters and any whitespace ending the line before it. The list is
    empty unless the text's lines are cut at one width (see the module's documentation), and
    at once for a text without line breaks.
    Linear in the length of the text.
    """
    if "\n" not in text and "\r" not in text:
        return []
    lines, breaks = _split(text)
    measured = [line.rstrip() for line in lines]
    looked_at = [i for i in range(len(breaks)) if measured[i] and measured[i + 1]]
    needed = max(MIN_FULL_LINES, int(len(looked_at) * CEILING_SHARE) + 1)
    if len(looked_at) < needed:
        return []
    fit = _best_fit([measured[i] for i in looked_at], needed)
    if fit is None:
        return []
    majority = int(len(looked_at) * MAJORITY_SHARE) + 1
    # Characters never outnumber columns: a line longer than the cut in characters is longer
    # in every measure, measured there or not.
    longest = max(*fit.lengths, *(len(measured[i]) for i in looked_at))
    if fit.full < majority and longest > fit.width:
        return []

    low = fit.width - fit.tolerance
    full = {
        i for i, length in zip(looked_at, fit.lengths, strict=True) if low <= length <= fit.width
    }
    wraps: list[tuple[int, int]] = []
    offset = 0
    for i, size in enumerate(breaks):
        offset += len(lines[i])
        if i in full and not lines[i + 1][0].isspace() and not _opens_numbered(lines[i + 1]):
            # Spaces ending the line (a PDF copy's) go with the break: they were not measured.
            wraps.append((offset - len(lines[i]) + len(measured[i]), offset + size))
        offset += size
    return wraps


#: How a line opening a numbered section starts (一、 （一） (1) 1. ...), before folding.
_ORDINAL_FIRST: Final = frozenset("（(一二三四五六七八九十0123456789０１２３４５６７８９")
#: Enough of a line to hold an indent, a number, a unit and its colon.
_HEADER_REACH: Final = MAX_LINE_INDENT + 100


def _opens_numbered(line: str) -> bool:
    """Whether ``line`` opens a section headed by its number (二、区教委党组：): its break
    stands, as a marker's needs not (a marker heads a section anywhere in a line, a number
    only at the start of one)."""
    return line.lstrip()[:1] in _ORDINAL_FIRST and (
        ordinal_header().match(fold(line[:_HEADER_REACH])) is not None
    )
