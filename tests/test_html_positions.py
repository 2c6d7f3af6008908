"""Positions of HTML input: a diagnostic's line and column are those of the page, its offset
is into ``Bulletin.text``; where the page has no such position, the message says so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from renderings import RENDERINGS, Rendering, expected, trailer
from xunshi_parser import BulletinError, Diagnostic, parse, parse_file, parse_html
from xunshi_parser.io.decode import decode_bytes
from xunshi_parser.io.html import extract_page
from xunshi_parser.page import NO_COLUMN, NO_POSITION

from support import FIXTURES

LEAD = "日前，市委第一巡视组向市档案馆、市文旅局反馈十二届市委第十三轮巡视情况。"
ARCHIVE = "■市档案馆：为民服务意识不强"
ARCHIVE_TRAILER = "【市委第一巡视组向市档案馆反馈巡视情况】"
TOURISM = "■市文旅局：统筹推动文旅融合有差距"
TOURISM_TRAILER = "【市委第一巡视组向市文旅局反馈巡视情况】"


def numbered(lines: list[str]) -> str:
    """A page written one known line at a time: ``lines[0]`` is line 1."""
    return "\n".join(lines) + "\n"


def line_of(page: str, needle: str) -> tuple[int, int]:
    """Where ``needle`` is written in ``page``, found by searching the page, not by the parser."""
    at = page.index(needle)
    line = page.count("\n", 0, at) + 1
    return line, at - (page.rfind("\n", 0, at) + 1) + 1


def damaged_page(*, archive_trailer: str = ARCHIVE_TRAILER) -> str:
    return numbered(
        [
            "<!DOCTYPE html>",  # 1
            "<html><head><meta charset='utf-8'>",  # 2
            "<title>北京通报巡视反馈情况</title>",  # 3
            "<script>var nav = '■首页：巡视';</script>",  # 4
            "</head><body>",  # 5
            "<div class='nav'>■要闻：巡视巡察</div>",  # 6
            '<div class="TRS_Editor">',  # 7
            f"<p>{LEAD}</p>",  # 8
            f"<p>{ARCHIVE}</p>",  # 9
            "<p>档案工作有差距，为民服务意识不强。</p>",  # 10
            f"<p>{archive_trailer}</p>",  # 11
            f"    <p>{TOURISM}</p>",  # 12
            "<p>文旅融合有差距，统筹推动不够。</p>",  # 13
            f"<p>{TOURISM_TRAILER}</p>",  # 14
            "</div>",  # 15
            "</body></html>",  # 16
        ]
    )


def only(diagnostics: list[Diagnostic], code: str) -> Diagnostic:
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, diagnostics
    return found[0]


def test_a_lost_trailer_is_reported_at_its_paragraph_in_the_page() -> None:
    html = damaged_page(archive_trailer="")
    bulletin = parse_html(html)
    missing = only(bulletin.diagnostics, "XS201")
    assert (missing.line, missing.column) == line_of(html, ARCHIVE) == (9, 4)
    # The offset is still into the text, and it points at the same marker.
    assert bulletin.text[missing.offset :].startswith(ARCHIVE)
    assert NO_POSITION not in missing.message
    assert NO_COLUMN not in missing.message


def test_an_indented_section_and_its_trailer() -> None:
    html = damaged_page().replace(TOURISM_TRAILER, "【市委第一巡视组向市文化和旅游局反馈巡视情况】")
    mismatch = only(parse_html(html).diagnostics, "XS211")
    assert (
        (mismatch.line, mismatch.column)
        == line_of(html, "【市委第一巡视组向市文化和旅游局")
        == (14, 4)
    )
    cut = damaged_page().replace(TOURISM_TRAILER, "")
    section = only(parse_html(cut).diagnostics, "XS201")
    assert (section.line, section.column) == line_of(html, TOURISM) == (12, 8)


def test_text_inputs_keep_their_own_positions() -> None:
    text = parse_html(damaged_page(archive_trailer="")).text
    missing = only(parse(text).diagnostics, "XS201")
    assert (missing.line, missing.column) == line_of(text + "\n", ARCHIVE)


def test_a_page_on_one_line() -> None:
    html = damaged_page(archive_trailer="").replace("\n", "")
    missing = only(parse_html(html).diagnostics, "XS201")
    at = html.index(ARCHIVE)
    assert (missing.line, missing.column) == (1, at + 1)
    # Not the ■ of the script or of the menu, which come before it on the same line.
    assert html.index("■") < at


def test_a_section_spread_over_lines_of_one_paragraph() -> None:
    # One text node over several source lines, indented: each part keeps its own line.
    html = numbered(
        [
            "<html><body><div class='TRS_Editor'>",  # 1
            f"<p>{LEAD}</p>",  # 2
            "<p>",  # 3
            f"    {ARCHIVE}档案工作有差距，",  # 4
            "    为民服务意识不强。",  # 5
            "    【市委第一巡视组向市档案局反馈巡视情况】",  # 6
            "</p>",  # 7
            "</div></body></html>",  # 8
        ]
    )
    mismatch = only(parse_html(html).diagnostics, "XS211")
    assert (mismatch.line, mismatch.column) == line_of(html, "【市委第一巡视组向市档案局") == (6, 5)


def test_a_trailer_after_br_and_a_newline() -> None:
    html = numbered(
        [
            "<html><body><div class='TRS_Editor'>",
            f"<p>{LEAD}</p>",
            f"<p><b>{ARCHIVE}</b>档案工作有差距。<br>",
            "【市委第一巡视组向市档案局反馈巡视情况】</p>",
            "</div></body></html>",
        ]
    )
    mismatch = only(parse_html(html).diagnostics, "XS211")
    assert (mismatch.line, mismatch.column) == (4, 1)


def test_line_breaks_lost_with_a_comment_are_found_again() -> None:
    # libxml2 drops the comment and its line breaks: the text after it is looked for further
    # down, up to the next element's line.
    html = numbered(
        [
            "<html><body><div class='TRS_Editor'>",  # 1
            f"<p>{LEAD}</p>",  # 2
            f"<p>{ARCHIVE}档案工作有差距。</p><!--",  # 3
            "",  # 4
            "-->【市委第一巡视组向市档案局反馈巡视情况】",  # 5
            "<p>（完）</p>",  # 6
            "</div></body></html>",  # 7
        ]
    )
    mismatch = only(parse_html(html).diagnostics, "XS211")
    assert (mismatch.line, mismatch.column) == (5, 4)


def test_text_written_with_entities_gets_its_line_and_says_the_column_is_unknown() -> None:
    html = damaged_page(archive_trailer="").replace(ARCHIVE, "&#9632;市档案馆：为民服务意识不强")
    missing = only(parse_html(html).diagnostics, "XS201")
    assert (missing.line, missing.column) == (9, 1)
    assert missing.message.endswith(NO_COLUMN)


def test_a_position_between_paragraphs_has_none_in_the_page() -> None:
    source = extract_page(damaged_page()).source
    text = source.text
    between = text.index("\n\n")
    line, column, note = source.positions([between])[0]
    assert note == NO_POSITION
    assert (line, column) == (8, 1)  # the lead's paragraph, which the break follows


def test_positions_past_the_text_stay_in_the_page() -> None:
    html = damaged_page()
    source = extract_page(html).source
    last_line = html.count("\n")
    for line, column, _note in source.positions([0, len(source.text) - 1, len(source.text)]):
        assert 1 <= line <= last_line
        assert column >= 1


def test_lines_beyond_libxml2s_sixteen_bits() -> None:
    # libxml2 stops counting an element's line at 65535; the line breaks are counted instead.
    html = "<html><body>" + "\n" * 70_000 + damaged_page(archive_trailer="")
    missing = only(parse_html(html).diagnostics, "XS201")
    assert (missing.line, missing.column) == line_of(html, ARCHIVE)
    assert missing.line > 65535


def test_an_xml_declaration_keeps_the_lines() -> None:
    html = '\n<?xml version="1.0" encoding="utf-8"?>\n' + damaged_page(archive_trailer="")
    missing = only(parse_html(html).diagnostics, "XS201")
    assert (missing.line, missing.column) == line_of(html, ARCHIVE)


def test_strict_errors_carry_the_page_position() -> None:
    html = damaged_page(archive_trailer="")
    with pytest.raises(BulletinError) as caught:
        parse_html(html, strict=True)
    assert (caught.value.line, caught.value.column) == line_of(html, ARCHIVE)


def test_too_many_sections_are_refused_at_their_line_in_the_page() -> None:
    sections = "".join(
        f"<p>■单位{n}：标题{n}正文。【市委第一巡视组向单位{n}反馈巡视情况】</p>\n" for n in range(5)
    )
    html = f"<html><body><div class='TRS_Editor'>\n<p>{LEAD}</p>\n{sections}</div></body></html>"
    with pytest.raises(BulletinError, match="more than 3 sections") as caught:
        parse_html(html, max_sections=3)
    assert (caught.value.line, caught.value.column) == line_of(html, "■单位3：")


def test_the_sample_page() -> None:
    path = FIXTURES / "beijing-2021-r13.gb2312.html"
    html = path.read_bytes().decode("gb18030")
    bulletin = parse_file(path)
    notice = only(bulletin.diagnostics, "XS212")
    assert (notice.line, notice.column) == line_of(html, "【市委第十一巡视组向北京积水潭医院党委")
    assert notice.line <= html.count("\n")


def test_the_sample_page_damaged() -> None:
    html = (FIXTURES / "beijing-2021-r13.gb2312.html").read_bytes().decode("gb18030")
    entry = expected()["entries"][9]
    damaged = html.replace(trailer(entry), "")
    missing = only(parse_html(damaged).diagnostics, "XS201")
    assert (missing.line, missing.column) == line_of(damaged, f"■{entry['unit']}：")


def _lines_in(page: str | bytes) -> int:
    text = decode_bytes(page) if isinstance(page, bytes) else page
    return len(text.split("\n")) - text.endswith("\n")


@pytest.mark.parametrize(
    "rendering", [r for r in RENDERINGS if r.html], ids=lambda rendering: rendering.name
)
@pytest.mark.parametrize("damage", ["none", "trailers cut", "markers cut", "end cut"])
def test_no_line_past_the_end_of_the_page(rendering: Rendering, damage: str) -> None:
    page = rendering.make(expected())
    text = decode_bytes(page) if isinstance(page, bytes) else page
    entries = expected()["entries"]
    if damage == "trailers cut":
        for entry in entries[::5]:
            text = text.replace(trailer(entry), "", 1)
    elif damage == "markers cut":
        for entry in entries[::7]:
            text = text.replace(f"■{entry['unit']}：", f"{entry['unit']}", 1)
    elif damage == "end cut":
        text = text[: text.index(trailer(entries[-1]))]
    bulletin = parse_html(text)
    lines = _lines_in(text)
    source_lines = text.split("\n")
    for diagnostic in bulletin.diagnostics:
        assert 1 <= diagnostic.line <= lines, diagnostic
        if not diagnostic.message.endswith((NO_COLUMN, NO_POSITION)):
            # The column points at the character the offset points at.
            written = source_lines[diagnostic.line - 1][diagnostic.column - 1]
            assert written == bulletin.text[diagnostic.offset], diagnostic
    if damage != "none":
        assert bulletin.diagnostics


def test_validate_prints_the_line_in_the_page(tmp_path: Path) -> None:
    html = damaged_page(archive_trailer="")
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "xunshi_parser.cli", "validate", str(path)],
        capture_output=True,
        check=False,
    )
    line, column = line_of(html, ARCHIVE)
    assert f"page.html:{line}:{column}: XS201".encode() in done.stdout, done
