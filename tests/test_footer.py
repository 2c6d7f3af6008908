"""The closing lines of a page's article: a source line before the editor line, read from HTML."""

from __future__ import annotations

import pytest

from xunshi_parser import parse_html

ARTICLE = (
    "<p>日前，县委通报第四轮巡察反馈情况。</p><p>■县医保局党组：医保基金监管不严</p>"
    "<p>医保基金监管不严，定点机构管理松散。【县委第二巡察组向县医保局党组反馈巡察情况】</p>"
)


def test_a_source_paragraph_before_the_editor_paragraph() -> None:
    bulletin = parse_html(
        f'<div id="js_content">{ARTICLE}<p>来源：北京纪检监察网</p><p>编辑：张三</p></div>'
    )
    assert (bulletin.editor, bulletin.source) == ("张三", "北京纪检监察网")
    assert bulletin.unplaced == []
    assert [d.code for d in bulletin.diagnostics] == []
    assert bulletin.editor_span is not None
    span = bulletin.editor_span.slice(bulletin.text)
    assert span.startswith("来源：北京纪检监察网")
    assert span.endswith("编辑：张三")


@pytest.mark.parametrize(
    ("tail", "lines"),
    [
        ("<p>版权所有：某某县纪委监委</p>", ["版权所有：某某县纪委监委"]),
        (
            "<p>相关阅读：</p><p>县委第三轮巡察反馈情况</p>",
            ["相关阅读：", "县委第三轮巡察反馈情况"],
        ),
    ],
)
def test_a_portals_footer_after_the_editor_paragraph(tail: str, lines: list[str]) -> None:
    bulletin = parse_html(f'<div id="js_content">{ARTICLE}<p>编辑：张三</p>{tail}</div>')
    assert bulletin.editor == "张三"
    assert [piece.text for piece in bulletin.unplaced] == lines
    assert [d.code for d in bulletin.diagnostics] == ["XS504"] * len(lines)
