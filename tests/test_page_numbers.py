"""A printed copy's page numbers (- 2 -, 第2页) are set apart: values leave them out, each is
reported in ``unplaced`` with an info (XS505), and the records equal those of the text without
them."""

from __future__ import annotations

import pytest

from renderings import Expected, expected, hard_wrap, one_per_line, portal_paragraphs
from xunshi_parser import Bulletin, parse
from xunshi_parser.grammar import fold, is_page_number, page_number_lines

from support import assert_nothing_lost


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("甲\n- 2 -\n乙", ["- 2 -\n"]),
        ("甲\n-2-\n乙", ["-2-\n"]),
        ("甲\n— 12 —\n乙", ["— 12 —\n"]),
        ("甲\n－３－\n乙", ["－３－\n"]),  # full-width dash and digit
        ("甲\r\n  第 2 页 共 5 页  \r\n乙", ["  第 2 页 共 5 页  \r\n"]),
        ("甲\n第2页，共5页\n乙", ["第2页，共5页\n"]),
        ("甲\r– 3 –\r乙", ["– 3 –\r"]),
        ("- 1 -\n甲", ["- 1 -\n"]),  # the first line
        ("甲\n- 9 -", ["- 9 -"]),  # the last line, no break after it
        ("- 1 -\n- 2 -\n", ["- 1 -\n", "- 2 -\n"]),
    ],
)
def test_page_number_lines(text: str, lines: list[str]) -> None:
    assert [text[start:end] for start, end in page_number_lines(fold(text))] == lines


@pytest.mark.parametrize(
    "text",
    [
        "时间：2022-01-25",  # a date
        "2021-2022年度",
        "甲 - 2 - 乙",  # a number inside a line
        "——",  # a dash of the text
        "-2",
        "第2页内容",
        "第二页",  # numerals in words are text
        "甲\n- 2 -乙\n",
        "- 12345 -",  # more digits than a page number holds
    ],
)
def test_not_page_numbers(text: str) -> None:
    assert page_number_lines(fold(text)) == []


def test_is_page_number() -> None:
    assert is_page_number("- 2 -")
    assert is_page_number("第 3 页 共 9 页")
    assert not is_page_number("2022-01-25")
    assert not is_page_number("责任编辑：王蒙")


def paged(text: str, every: int, style: str, newline: str = "\n") -> tuple[str, list[str]]:
    """``text`` with a page number after every ``every`` lines and after the last one, as a
    printed copy's text has them; returns the text and the page numbers as written."""
    lines = text.split(newline)
    if lines and not lines[-1]:
        lines.pop()
    out: list[str] = []
    numbers: list[str] = []
    for start in range(0, len(lines), every):
        out += lines[start : start + every]
        number = style.format(n=len(numbers) + 1)
        out.append(number)
        numbers.append(number.strip())
    return newline.join(out) + newline, numbers


def entry_values(bulletin: Bulletin) -> list[dict[str, object]]:
    return [
        {
            "unit": entry.unit.text,
            "headline": entry.headline,
            "body": entry.body,
            "first_finding": entry.findings[0],
            "last_finding": entry.findings[-1],
            "finding_count": len(entry.findings),
            "team_number": entry.feedback.team_number if entry.feedback else None,
        }
        for entry in bulletin.entries
    ]


def wanted(data: Expected) -> list[dict[str, object]]:
    return [
        {
            "unit": entry["unit"],
            "headline": entry["headline"],
            "body": entry["body"],
            "first_finding": entry["first_finding"],
            "last_finding": entry["last_finding"],
            "finding_count": entry["finding_count"],
            "team_number": entry["team_number"],
        }
        for entry in data["entries"]
    ]


STYLES = ["- {n} -", "— {n} —", "   第 {n} 页 共 9 页", "－{n}－"]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("width", [24, 31, 38, 45])
def test_hard_wrapped_copy_with_page_numbers(width: int, style: str) -> None:
    """A PDF's text: lines cut at one width, a page number every 30 lines, the last page's
    after the editor line. The page breaks fall inside paragraphs, units and trailers."""
    data = expected()
    wrapped, _ = hard_wrap(one_per_line(data), width)
    text, numbers = paged(wrapped, 30, style)
    bulletin = parse(text)
    assert entry_values(bulletin) == wanted(data)
    assert bulletin.title == data["title"]
    assert bulletin.lead == data["lead"]
    assert bulletin.editor == data["editor"]
    assert [piece.text for piece in bulletin.unplaced] == numbers
    # One remark for all the page numbers, at the first.
    assert [d.code for d in bulletin.diagnostics] == ["XS505", "XS212"]
    page = bulletin.diagnostics[0]
    assert page.offset == bulletin.unplaced[0].span.start
    assert page.message.startswith(f"{len(numbers)} page number(s) of a printed copy set apart")
    assert_nothing_lost(bulletin)


def test_page_numbers_in_a_copy_of_paragraphs_crlf() -> None:
    """Portal paragraphs with CRLF, a page number between them: lines stay lines."""
    data = expected()
    text, numbers = paged(portal_paragraphs(data).replace("\n", "\r\n"), 7, "- {n} -", "\r\n")
    bulletin = parse(text)
    assert entry_values(bulletin) == wanted(data)
    assert [piece.text for piece in bulletin.unplaced] == numbers
    assert_nothing_lost(bulletin)


def test_a_page_number_inside_a_section() -> None:
    """Its span points at the line in the text given; the diagnostic at its line; the body's
    span keeps it, the body and the findings leave it out."""
    text = (
        "北京通报巡视反馈情况\n"
        "日前，十二届北京市委第十三轮巡视对市档案馆开展了常规巡视。\n"
        "■市档案馆：理论学习不够深入理论学习不够深入，档案工作服务首都发展\n"
        "- 2 -\n"
        "有差距。【市委第一巡视组向市档案馆反馈巡视情况】\n"
        "责任编辑：王蒙\n"
        "— 3 —\n"
    )
    bulletin = parse(text)
    (entry,) = bulletin.entries
    assert entry.headline == "理论学习不够深入"
    assert entry.findings == ["理论学习不够深入", "档案工作服务首都发展", "有差距"]
    assert "- 2 -" not in entry.body
    assert "- 2 -" in entry.body_span.slice(text)
    assert bulletin.editor == "王蒙"
    assert [(piece.text, piece.span.slice(text)) for piece in bulletin.unplaced] == [
        ("- 2 -", "- 2 -"),
        ("— 3 —", "— 3 —"),
    ]
    pages = [(d.code, d.severity, d.line, d.column, d.message) for d in bulletin.diagnostics]
    assert pages == [
        ("XS505", "info", 4, 1, "2 page number(s) of a printed copy set apart: '- 2 -', '— 3 —'")
    ]
    assert_nothing_lost(bulletin)


def test_page_numbers_between_furniture_lines() -> None:
    """Furniture after the editor is still furniture (XS504) with a page number among it."""
    text = (
        "日前，十二届北京市委第十三轮巡视对市档案馆开展了常规巡视。\n"
        "■市档案馆：理论学习不够深入理论学习不够深入，档案工作有差距。"
        "【市委第一巡视组向市档案馆反馈巡视情况】\n"
        "责任编辑：王蒙\n"
        "阅读原文\n"
        "- 2 -\n"
    )
    bulletin = parse(text)
    assert bulletin.editor == "王蒙"
    assert [(d.code, d.line) for d in bulletin.diagnostics] == [("XS504", 4), ("XS505", 5)]
