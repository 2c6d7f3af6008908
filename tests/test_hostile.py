"""Hostile inputs end in a result or a XunshiError. Time bounds live in bench/, not here."""

from __future__ import annotations

from pathlib import Path
from typing import SupportsIndex

import pytest

from xunshi_parser import BulletinError, XunshiError, parse

from support import assert_nothing_lost

MB = 1_000_000
COMPLETE = "■a：b【市委第一巡视组向a反馈巡视情况】"


def test_markers_only() -> None:
    with pytest.raises(BulletinError, match="no bulletin sections"):
        parse("■" * (2 * MB))


def test_markers_and_colons_without_units() -> None:
    with pytest.raises(BulletinError, match="no bulletin sections"):
        parse("■：" * MB)


def test_markers_and_unclosed_brackets() -> None:
    with pytest.raises(BulletinError, match="no bulletin sections"):
        parse("■a【：" * 400_000)


def test_too_many_sections() -> None:
    section = "■a：b【市委第一巡视组向a反馈巡视情况】"
    with pytest.raises(BulletinError) as caught:
        parse(section * 100_000)
    assert caught.value.message == (
        "more than 5000 sections: not a bulletin, or raise the limit (max_sections=, --max-sections)"
    )
    assert caught.value.offset == 5000 * len(section)
    assert parse(section * 10, max_sections=10).entries[9].unit.text == "a"


def test_headers_without_trailers() -> None:
    with pytest.raises(BulletinError, match="500000 section header"):
        parse("■a：" * 500_000, max_sections=10**6)


def test_unclosed_brackets_in_a_section() -> None:
    complete = "■a：b【市委第一巡视组向a反馈巡视情况】"
    bulletin = parse(complete + "■市档案馆：" + "【市委第一巡视组向" * 200_000)
    assert len(bulletin.entries) == 2
    assert [d.code for d in bulletin.errors] == ["XS201"]


def test_round_bracket_trailers_in_the_lead_then_a_square_bracket() -> None:
    # Each trailer is looked for from the end of the last: the search must not read ahead to
    # the one 【 at the end every time (it did, for a while: quadratic).
    trailer = "（市委第一巡视组向甲反馈巡视情况）"
    bulletin = parse(trailer * 20_000 + "【" + COMPLETE)
    assert len(bulletin.entries) == 1
    assert [d.code for d in bulletin.diagnostics].count("XS502") == 20_000


def test_the_trailer_search_reads_each_stretch_once() -> None:
    """What the test above guards, counted rather than timed: the searches for an opening
    bracket cover the text a bounded number of times, however many trailers it holds."""
    from xunshi_parser.grammar import find_trailers

    scanned = [0]

    class Counted(str):
        __slots__ = ()

        def find(
            self, sub: str, start: SupportsIndex | None = 0, end: SupportsIndex | None = None
        ) -> int:  # type: ignore[override]
            if sub in ("【", "（"):
                first = 0 if start is None else int(start)
                scanned[0] += (len(self) if end is None else int(end)) - first
            return super().find(sub, start, end)

    trailer = "（市委第一巡视组向甲反馈巡视情况）"
    text = Counted(trailer * 2_000 + "【" + COMPLETE)
    assert sum(1 for _ in find_trailers(text)) == 2_001
    assert scanned[0] <= 2 * len(text)


def test_unclosed_quotes_in_a_body() -> None:
    bulletin = parse("■a：" + "“（" * MB + "【市委第一巡视组向a反馈巡视情况】")
    assert len(bulletin.entries[0].findings) == 1
    assert_nothing_lost(bulletin)


def test_one_huge_section() -> None:
    bulletin = parse(
        "■市档案馆：" + "为民服务意识不强" * 250_000 + "【市委第一巡视组向市档案馆反馈巡视情况】"
    )
    # Every restatement looked at runs on into the next repetition: no whole phrase, so no
    # headline; and the search stopped after a few of the 250,000.
    assert bulletin.entries[0].headline_source == "none"
    assert len(bulletin.entries[0].findings) == 1


@pytest.mark.parametrize("text", ["", " ", "\n\n\t\u3000", "\x00\x01■\x00：\x7f"])
def test_empty_and_control(text: str) -> None:
    with pytest.raises(BulletinError, match="no bulletin sections"):
        parse(text)


def test_nul_bytes_inside_a_section() -> None:
    bulletin = parse("■市档案馆：\x00为民\x00服务。【市委第一巡视组向市档案馆反馈巡视情况】")
    assert bulletin.entries[0].body == "\x00为民\x00服务。"
    assert_nothing_lost(bulletin)


def test_lone_surrogates() -> None:
    # Not valid Unicode: no UTF-8 file or JSON document could hold the result.
    text = "■局：甲乙丙丁。【市委第一巡视组向局反馈巡视情况】\n■\ud800局：丁。"
    with pytest.raises(XunshiError, match="lone surrogate U\\+D800") as caught:
        parse(text)
    assert (caught.value.line, caught.value.column, caught.value.offset) == (2, 2, 27)


def test_lone_surrogate_in_a_page() -> None:
    from xunshi_parser import parse_html

    # libxml2 would silently stop reading at it.
    with pytest.raises(XunshiError, match="lone surrogate"):
        parse_html("<html><body><p>" + COMPLETE + "</p><p>x\ud800y</p></body></html>")


@pytest.mark.parametrize("limit", [0, -1, -5])
def test_max_sections_must_be_positive(limit: int) -> None:
    with pytest.raises(XunshiError, match="max_sections must be at least 1"):
        parse(COMPLETE, max_sections=limit)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a marker, then spaces", COMPLETE + "■" + " " * MB),
        ("an open trailer, then spaces", COMPLETE + "【市委第一巡视组向a" + " " * MB),
        ("存在 repeated", "存在" * MB + COMPLETE),
        ("开展 repeated", "开展" * MB + COMPLETE),
        ("digits", "1" * MB + COMPLETE),
        ("a period, then spaces", "2021年10月" + " " * MB + "x" + COMPLETE),
        ("trailing newlines", COMPLETE + "\n" * MB),
        ("an editor, then spaces", COMPLETE + "责任编辑：" + " " * MB),
        ("trailer-like runs", COMPLETE + ("【" + "巡视组向" * 10 + " " * 80) * 8000),
        ("lines of page furniture", COMPLETE + "\n点赞 在看" * (MB // 6)),
        ("page furniture, then spaces", COMPLETE + "\n阅读原文" + " " * MB),
        (
            "months opening clauses in a dated lead",
            "时间：2022-01-25\n" + "，3月至" * MB + COMPLETE,
        ),
    ],
)
def test_long_runs_after_a_prefix(name: str, text: str) -> None:
    # Each once took quadratic time in an unbounded repetition; bench/run.py times them.
    bulletin = parse(text)
    assert len(bulletin.entries) == 1
    assert_nothing_lost(bulletin)


def test_many_line_breaks_in_html() -> None:
    from xunshi_parser import parse_html

    html = "<html><body><p>" + "<br> " * 200_000 + COMPLETE + "</p></body></html>"
    assert parse_html(html).text == COMPLETE


def test_fifty_megabyte_file(tmp_path: Path) -> None:
    from xunshi_parser import MAX_BYTES, InputTooLargeError, parse_file

    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    hint = "(raise it with max_bytes=, or --max-bytes in xunshi)"
    with pytest.raises(InputTooLargeError) as caught:
        parse_file(path)
    assert str(caught.value) == f"input of 50 MB is larger than the limit of 20 MB {hint}"
    assert caught.value.offset == MAX_BYTES
    with pytest.raises(InputTooLargeError) as caught:
        parse_file(path, max_bytes=1024)
    assert str(caught.value) == f"input of 50 MB is larger than the limit of 1024 bytes {hint}"
    assert caught.value.offset == 1024


def test_a_binary_file_is_refused_from_its_first_bytes(tmp_path: Path) -> None:
    from xunshi_parser import parse_file

    # 20 MB of a "PDF": refused from its signature, never decoded.
    path = tmp_path / "scan.pdf"
    with path.open("wb") as file:
        file.write(b"%PDF-1.4\n%\xc7\xec\x8f\xa2\n")
        file.truncate(20 * 1024 * 1024)
    with pytest.raises(XunshiError) as caught:
        parse_file(path)
    assert str(caught.value) == "not a text or HTML file (looks like a PDF)"


def test_replacement_characters_everywhere() -> None:
    # Every other character damaged: one warning per run, each at its own place.
    text = COMPLETE + "\ufffd。" * 20_000
    bulletin = parse(text)
    found = [d for d in bulletin.diagnostics if d.code == "XS601"]
    assert len(found) == 20_000
    assert [d.offset for d in found[:2]] == [len(COMPLETE), len(COMPLETE) + 2]
    assert found[-1].column == len(text) - 1


def test_brackets_close_to_trailers_in_a_section() -> None:
    # Each 反馈 or 通报 looks back a bounded reach for a bracket, once: a section full of them
    # is reported, not searched for each pair.
    bulletin = parse(COMPLETE + "■甲：" + "【市委巡视组向甲通报反馈" * 100_000)
    assert [d.code for d in bulletin.errors] == ["XS201"]
    with pytest.raises(BulletinError, match="2 section header"):
        parse("■甲：" * 2 + "【市委巡视组向甲通报" * 100_000 + "】")


def test_a_long_list_of_other_articles_after_the_editor_line() -> None:
    # Furniture is looked for within FURNITURE_REACH of the end only: the editor line far
    # before it is not known to close the text, and nothing is lost.
    bulletin = parse(COMPLETE + "\n责任编辑：王蒙\n" + "相关阅读：\n某某标题\n" * 50_000)
    assert bulletin.editor is None
    assert bulletin.unplaced[-1].text == "某某标题"


@pytest.mark.parametrize(
    "first_line",
    [
        "对，" * 200_000 + "开展",
        "，第" * 200_000,
        "第十轮、" * 200_000 + "第十一轮巡察",
        "2023年1月至2月整改，" * 100_000,
        "本报" * 200_000 + "讯",
        "【字号：" * 200_000,
    ],
    ids=["to-units", "rounds-unclosed", "rounds-together", "periods", "news-dateline", "labels"],
)
def test_long_first_lines_of_lead_words(first_line: str) -> None:
    """A first line of megabytes of the words the title and the round are told by ends in a
    result."""
    bulletin = parse(first_line + "\n" + COMPLETE)
    assert len(bulletin.entries) == 1
    assert_nothing_lost(bulletin)
