"""Hard wraps: the sample's paragraphs cut at one width give back the breaks the cut put in.

Every expected value is built from the source text: the test cuts the paragraphs itself and
knows where it put each break. A break after a paragraph whose last line is full (it ends
exactly at the width) looks like any other cut; it is read as a wrap unless the next paragraph
is indented or set off by a blank line, and these tests expect exactly that.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from renderings import RENDERINGS, Rendering, expected, one_per_line
from xunshi_parser.wraps import (
    _SURELY_WIDE,
    MAX_WIDTH,
    MIN_COLUMNS,
    MIN_FULL_LINES,
    MIN_WIDTH,
    _columns,
    wrap_breaks,
)

from support import SAMPLE_PATH

Cut = Callable[[str, int], list[str]]
Breaks = list[tuple[int, int]]

CHAR_WIDTHS = range(20, 61)
COLUMN_WIDTHS = range(MIN_COLUMNS, MAX_WIDTH + 1)
NEWLINES = {"LF": "\n", "CRLF": "\r\n"}


def paragraphs() -> list[str]:
    """The sample one section per line: title, lead, 38 sections, editor line."""
    lines = one_per_line(expected()).split("\n")
    assert lines[-1] == ""
    return lines[:-1]


def columns(char: str, *, ambiguous_wide: bool = False) -> int:
    kind = unicodedata.east_asian_width(char)
    return 2 if kind in ("W", "F") or (ambiguous_wide and kind == "A") else 1


def width_in_columns(line: str, *, ambiguous_wide: bool = False) -> int:
    return sum(columns(char, ambiguous_wide=ambiguous_wide) for char in line)


def cut_characters(paragraph: str, width: int) -> list[str]:
    """Every ``width`` characters; the last line is what is left."""
    return [paragraph[start : start + width] for start in range(0, len(paragraph), width)]


def cut_columns(paragraph: str, width: int, *, ambiguous_wide: bool = False) -> list[str]:
    """As a PDF or a terminal does: a character that does not fit goes down whole."""
    lines = [""]
    used = 0
    for char in paragraph:
        size = columns(char, ambiguous_wide=ambiguous_wide)
        if used + size > width:
            lines.append("")
            used = 0
        lines[-1] += char
        used += size
    return lines


def cut_columns_ambiguous_wide(paragraph: str, width: int) -> list[str]:
    return cut_columns(paragraph, width, ambiguous_wide=True)


@dataclass(frozen=True)
class Wrapped:
    text: str  # the paragraphs cut
    plain: str  # the paragraphs as they were
    inserted: Breaks  # the breaks the cut put in
    paragraph_ends: list[tuple[tuple[int, int], str]]  # each real break and the line before it


def wrap(
    texts: list[str],
    cut: Cut,
    width: int,
    *,
    newline: str = "\n",
    blank: bool = False,
    indent: str = "",
) -> Wrapped:
    """``texts`` cut at ``width``, one paragraph a line (or a blank line apart), then a newline.

    Every paragraph but the first is indented by ``indent``; the indent is part of its first
    line, as when an indented paragraph is copied out of a page.
    """
    texts = [texts[0], *(indent + text for text in texts[1:])]
    separator = newline * 2 if blank else newline
    text = ""
    inserted: Breaks = []
    paragraph_ends: list[tuple[tuple[int, int], str]] = []
    for number, paragraph in enumerate(texts):
        lines = cut(paragraph, width)
        assert "".join(lines) == paragraph
        for line in lines[:-1]:
            text += line
            inserted.append((len(text), len(text) + len(newline)))
            text += newline
        text += lines[-1]
        if number < len(texts) - 1:
            paragraph_ends.append(((len(text), len(text) + len(newline)), lines[-1]))
        text += separator
    return Wrapped(text, separator.join(texts) + separator, inserted, paragraph_ends)


def unwrap(text: str, breaks: Breaks) -> str:
    pieces = []
    previous = 0
    for start, end in breaks:
        pieces.append(text[previous:start])
        previous = end
    return "".join([*pieces, text[previous:]])


def ends_at(wrapped: Wrapped, full: Callable[[str], bool]) -> Breaks:
    """The real breaks after a paragraph whose last line is full: they read as cuts."""
    return [span for span, last_line in wrapped.paragraph_ends if full(last_line)]


def characters_full(width: int) -> Callable[[str], bool]:
    return lambda line: len(line) == width


def columns_full(width: int) -> Callable[[str], bool]:
    """A wide character that did not fit leaves a full line one column short."""
    return lambda line: width - 1 <= width_in_columns(line) <= width


# --- cut at one width in characters ------------------------------------------------------


@pytest.mark.parametrize("newline", list(NEWLINES.values()), ids=list(NEWLINES))
@pytest.mark.parametrize("width", CHAR_WIDTHS)
def test_cut_by_characters(width: int, newline: str) -> None:
    wrapped = wrap(paragraphs(), cut_characters, width, newline=newline)
    run_on = ends_at(wrapped, characters_full(width))
    assert wrap_breaks(wrapped.text) == sorted(wrapped.inserted + run_on)


@pytest.mark.parametrize("newline", list(NEWLINES.values()), ids=list(NEWLINES))
@pytest.mark.parametrize("width", CHAR_WIDTHS)
def test_cut_by_characters_blank_lines_between(width: int, newline: str) -> None:
    wrapped = wrap(paragraphs(), cut_characters, width, newline=newline, blank=True)
    assert wrap_breaks(wrapped.text) == wrapped.inserted
    assert unwrap(wrapped.text, wrap_breaks(wrapped.text)) == wrapped.plain


@pytest.mark.parametrize("indent", ["\u3000\u3000", "\xa0\xa0", "  ", "\t"])
@pytest.mark.parametrize("newline", list(NEWLINES.values()), ids=list(NEWLINES))
@pytest.mark.parametrize("width", CHAR_WIDTHS)
def test_cut_by_characters_indented(width: int, newline: str, indent: str) -> None:
    wrapped = wrap(paragraphs(), cut_characters, width, newline=newline, indent=indent)
    assert wrap_breaks(wrapped.text) == wrapped.inserted
    assert unwrap(wrapped.text, wrap_breaks(wrapped.text)) == wrapped.plain


@pytest.mark.parametrize("width", CHAR_WIDTHS)
def test_unwrapping_gives_back_the_text(width: int) -> None:
    """Every paragraph back on its line, but those that run on after filling their last line."""
    wrapped = wrap(paragraphs(), cut_characters, width)
    joined = paragraphs()[0]
    for text, (_, last_line) in zip(paragraphs()[1:], wrapped.paragraph_ends, strict=True):
        joined += ("" if len(last_line) == width else "\n") + text
    assert unwrap(wrapped.text, wrap_breaks(wrapped.text)) == joined + "\n"


def test_bare_cr_and_mixed_breaks() -> None:
    wrapped = wrap(paragraphs(), cut_characters, 36, newline="\r", blank=True)
    assert wrap_breaks(wrapped.text) == wrapped.inserted
    # The same text with its first break a CRLF and its second an LF: every range shifts.
    first, second = wrapped.inserted[:2]
    mixed = (
        wrapped.text[: first[0]]
        + "\r\n"
        + wrapped.text[first[1] : second[0]]
        + "\n"
        + wrapped.text[second[1] :]
    )
    got = wrap_breaks(mixed)
    assert got[:2] == [(first[0], first[0] + 2), (second[0] + 1, second[0] + 2)]
    assert [(start + 1, end + 1) for start, end in wrapped.inserted[2:]] == got[2:]


def test_trailing_whitespace_is_not_measured() -> None:
    wrapped = wrap(paragraphs(), cut_characters, 30, blank=True)
    lines = wrapped.text.split("\n")
    padded = "\n".join(
        line + " " * (number % 3) + "\u3000" * (number % 2) for number, line in enumerate(lines)
    )
    breaks = wrap_breaks(padded)
    assert len(breaks) == len(wrapped.inserted)
    # Each break takes the spaces ending its line: the unwrapped text has none left there.
    assert all(padded[start:end].strip(" \u3000") == "\n" for start, end in breaks)
    assert all(padded[start - 1] not in " \u3000" for start, _ in breaks)
    assert unwrap(padded, breaks).replace(" ", "").replace("\u3000", "") == wrapped.plain


# --- cut at one width in display columns (PDF copies) ------------------------------------


@pytest.mark.parametrize("newline", list(NEWLINES.values()), ids=list(NEWLINES))
@pytest.mark.parametrize("width", COLUMN_WIDTHS)
def test_cut_by_columns(width: int, newline: str) -> None:
    wrapped = wrap(paragraphs(), cut_columns, width, newline=newline)
    run_on = ends_at(wrapped, columns_full(width))
    assert wrap_breaks(wrapped.text) == sorted(wrapped.inserted + run_on)


@pytest.mark.parametrize("cut", [cut_columns, cut_columns_ambiguous_wide])
@pytest.mark.parametrize("width", COLUMN_WIDTHS)
def test_cut_by_columns_blank_lines_between(width: int, cut: Cut) -> None:
    wrapped = wrap(paragraphs(), cut, width, blank=True)
    assert wrap_breaks(wrapped.text) == wrapped.inserted
    assert unwrap(wrapped.text, wrap_breaks(wrapped.text)) == wrapped.plain


@pytest.mark.parametrize("width", COLUMN_WIDTHS)
def test_cut_by_columns_indented(width: int) -> None:
    wrapped = wrap(paragraphs(), cut_columns_ambiguous_wide, width, indent="\u3000\u3000")
    assert wrap_breaks(wrapped.text) == wrapped.inserted


def test_cut_by_columns_is_not_one_width_in_characters() -> None:
    """The column cut is what the columns measure is for: its lines vary in characters."""
    wrapped = wrap(paragraphs(), cut_columns, 72, blank=True)
    full = [len(line) for paragraph in paragraphs() for line in cut_columns(paragraph, 72)[:-1]]
    assert len(set(full)) > 1
    assert wrap_breaks(wrapped.text) == wrapped.inserted


# --- paragraph ends ----------------------------------------------------------------------

WIDTH = 20
LINE = "档案工作服务首都发展有差距，理论学习不够"  # 20 characters
ENDING = "为民服务意识不强。"  # shorter


def test_short_last_lines_are_real_breaks() -> None:
    text = "\n".join([LINE, LINE, ENDING, LINE, LINE, ENDING, LINE, ENDING, ""])
    assert len(LINE) == WIDTH
    assert [text[start:end] for start, end in wrap_breaks(text)] == ["\n"] * 5
    assert (
        unwrap(text, wrap_breaks(text))
        == f"{LINE}{LINE}{ENDING}\n{LINE}{LINE}{ENDING}\n{LINE}{ENDING}\n"
    )


def test_paragraph_ending_at_the_width_runs_on() -> None:
    """Nothing tells a paragraph that fills its last line from a cut: it reads as a wrap."""
    text = "\n".join([LINE, LINE, ENDING, LINE, LINE, LINE, ENDING, ""])
    assert unwrap(text, wrap_breaks(text)) == f"{LINE}{LINE}{ENDING}\n{LINE}{LINE}{LINE}{ENDING}\n"


@pytest.mark.parametrize("indent", ["\u3000\u3000", "\xa0", " ", "\t"])
def test_paragraph_ending_at_the_width_then_indented(indent: str) -> None:
    indented = indent + LINE[len(indent) :]  # a full line too
    text = "\n".join([LINE, LINE, ENDING, LINE, LINE, indented, ENDING, ""])
    got = unwrap(text, wrap_breaks(text))
    assert got == f"{LINE}{LINE}{ENDING}\n{LINE}{LINE}\n{indented}{ENDING}\n"


@pytest.mark.parametrize("newline", list(NEWLINES.values()), ids=list(NEWLINES))
def test_paragraph_ending_at_the_width_then_blank_line(newline: str) -> None:
    text = newline.join([LINE, LINE, ENDING, LINE, LINE, "", LINE, ENDING, ""])
    n = newline
    assert (
        unwrap(text, wrap_breaks(text))
        == f"{LINE}{LINE}{ENDING}{n}{LINE}{LINE}{n}{n}{LINE}{ENDING}{n}"
    )


def test_title_dateline_and_editor_stay_on_their_lines() -> None:
    """Lines that are not full keep their breaks: a title over the cut lead, an editor line."""
    data = expected()
    title, dateline, editor = (
        data["title"],
        "2022-01-25 09:48　来源：北京纪检监察网",
        "责任编辑：王蒙",
    )
    body = paragraphs()[1:-1]  # the lead and the sections
    for width in (30, 36, 40, 48):
        assert len(title) < width
        assert len(dateline) < width
        assert len(body[-1]) % width  # the last section does not end exactly at the width
        wrapped = wrap([title, dateline, *body, editor], cut_characters, width)
        unwrapped = unwrap(wrapped.text, wrap_breaks(wrapped.text))
        assert unwrapped.startswith(f"{title}\n{dateline}\n{body[0]}")
        assert unwrapped.endswith(f"{body[-1]}\n{editor}\n")


# --- texts that are not wrapped ----------------------------------------------------------


def test_the_sample_as_is() -> None:
    assert wrap_breaks(SAMPLE_PATH.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("rendering", RENDERINGS, ids=[rendering.name for rendering in RENDERINGS])
def test_renderings(rendering: Rendering) -> None:
    made = rendering.make(expected())
    text = made if isinstance(made, str) else made.decode(rendering.encoding or "gb18030")
    assert wrap_breaks(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "\r\n\r\n",
        "没有换行的一段文字",
        SAMPLE_PATH.read_text(encoding="utf-8").replace("■", "\n■").replace("【", "\n【"),
        "\n" * 50,
        "\n".join(["档案工作服务首都发展有差距"] * 2),
    ],
    ids=[
        "empty",
        "one LF",
        "blank lines",
        "no break",
        "section parts on lines",
        "only breaks",
        "two lines",
    ],
)
def test_no_wraps(text: str) -> None:
    assert wrap_breaks(text) == []


def test_three_equal_lines_are_too_little_evidence() -> None:
    poem = "两个黄鹂鸣翠柳，一行白鹭上青天。\n窗含西岭千秋雪，门泊东吴万里船。\n千里莺啼绿映红，水村山郭酒旗风。\n"
    assert {len(line) for line in poem.split("\n")[:-1]} == {16}
    assert wrap_breaks(poem) == []
    assert wrap_breaks(poem.rstrip("\n")) == []
    three = "\n".join([LINE, LINE, LINE])
    assert wrap_breaks(three) == []
    # Three full lines, each followed by another line, are enough.
    assert len(wrap_breaks("\n".join([LINE] * MIN_FULL_LINES + [ENDING]))) == MIN_FULL_LINES


def test_equal_lines_narrower_than_the_minimum_are_not_a_cut() -> None:
    verse = "\n".join(["床前明月光，", "疑是地上霜。", "举头望明月，", "低头思故乡。"] * 3)
    assert len("床前明月光，") < MIN_WIDTH
    assert 2 * len("床前明月光，") < MIN_COLUMNS
    assert wrap_breaks(verse) == []
    wrapped = wrap(paragraphs(), cut_characters, MIN_WIDTH - 1, blank=True)
    assert wrap_breaks(wrapped.text) == []
    assert wrap_breaks(wrap(paragraphs(), cut_characters, MIN_WIDTH, blank=True).text)


def test_lines_of_varied_length() -> None:
    lines = [paragraph[: 20 + 7 * (number % 9)] for number, paragraph in enumerate(paragraphs())]
    assert wrap_breaks("\n".join(lines)) == []


def test_wider_than_the_maximum_is_not_a_cut() -> None:
    texts = [paragraph * 3 for paragraph in paragraphs()]
    assert wrap_breaks(wrap(texts, cut_characters, MAX_WIDTH, blank=True).text)
    assert wrap_breaks(wrap(texts, cut_characters, MAX_WIDTH + 1, blank=True).text) == []


# --- the measures ------------------------------------------------------------------------


def test_surely_wide_ranges_are_wide() -> None:
    """The columns measure looks up only the characters outside these ranges."""
    assert len(_SURELY_WIDE) % 3 == 0
    spans = [
        (ord(_SURELY_WIDE[i]), ord(_SURELY_WIDE[i + 2])) for i in range(0, len(_SURELY_WIDE), 3)
    ]
    assert all(_SURELY_WIDE[i + 1] == "-" for i in range(0, len(_SURELY_WIDE), 3))
    for low, high in spans:
        for point in range(low, high + 1):
            assert unicodedata.east_asian_width(chr(point)) in ("W", "F"), hex(point)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "plain ASCII",
        SAMPLE_PATH.read_text(encoding="utf-8")[:400],
        "“四风”■…—·×①Ωя é ｱｲ ㈠ 〿 𠀀😀 ́",
        "\ud800 lone surrogate 中",
    ],
)
def test_columns_match_east_asian_width(line: str) -> None:
    assert _columns(line) == (width_in_columns(line), width_in_columns(line, ambiguous_wide=True))


def test_a_third_full_suffices_when_no_line_is_longer() -> None:
    # Short paragraphs of two lines each: only half the lines looked at are full, but none is
    # longer than the cut.
    full, short = "甲" * 20, "乙" * 7
    text = "\n".join([full, short, full, short, full, short, full]) + "\n"
    assert wrap_breaks(text) == [(20, 21), (49, 50), (78, 79)]
    # The same share with one longer line is text of real lines of varied length.
    longer = text.replace(short, "丙" * 25, 1)
    assert wrap_breaks(longer) == []


def test_spaces_ending_a_wrapped_line_go_with_the_break() -> None:
    # PDF copies often end each line with a space: it is not part of the text either.
    full = "甲" * 20
    text = f"{full} \n{full}\u3000\n{full}\n乙\n"
    assert wrap_breaks(text) == [(20, 22), (42, 44), (64, 65)]
