"""Pages as other sites' templates write them: sections outside the article container, page
facts in the furniture around it, headlines split over bold runs, labelled metas, logos."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

import xunshi_parser.io.html as html_module
from xunshi_parser import parse_html
from xunshi_parser.io.html import extract_page

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

LEAD = "<p>日前，北京市委第十三轮巡视完成反馈。</p>"
S = (
    "<p>■市档案馆：为民服务意识不强档案工作服务首都发展有差距，理论学习不够深入。"
    "【市委第一巡视组向市档案馆反馈巡视情况】</p>"
)
S2 = (
    "<p>■市水务局：为民服务意识不强档案工作服务首都发展有差距，理论学习不够深入。"
    "【市委第二巡视组向市水务局反馈巡视情况】</p>"
)


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


# --- sections outside the article container -------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        # A stray </div> closes the container early: the second section follows it.
        f'<div class="TRS_Editor">{LEAD}{S}</div></div>{S2}',
        # The CMS split the article in two containers around an image.
        (
            f'<div class="TRS_Editor">{LEAD}{S}</div><p><img src="a.jpg"></p>'
            f'<div class="TRS_Editor">{S2}</div>'
        ),
        # The container is inside a wrapper; the lost section in another block beside it.
        f'<div class="main"><div class="TRS_Editor">{LEAD}{S}</div><div>{S2}</div></div>',
    ],
)
def test_sections_after_the_container_are_kept(body: str) -> None:
    bulletin = parse_html(page(body))
    assert [entry.unit.text for entry in bulletin.entries] == ["市档案馆", "市水务局"]
    assert [entry.feedback.team_name for entry in bulletin.entries if entry.feedback] == [
        "市委第一巡视组",
        "市委第二巡视组",
    ]
    assert bulletin.lead == "日前，北京市委第十三轮巡视完成反馈。"


def test_a_widened_article_skips_the_furniture_it_takes_in() -> None:
    body = (
        '<div class="nav"><a href="/">首页</a> 要闻</div>'
        f'<div class="TRS_Editor">{LEAD}{S}</div></div>{S2}'
        f'<div class="related"><p>■往期：文章【市委第九巡视组向某单位反馈巡视情况】</p></div>'
    )
    text = extract_page(page(body)).text
    assert "市水务局" in text
    assert "首页" not in text
    assert "往期" not in text


def test_a_copy_of_the_article_outside_the_container_is_not_taken_in() -> None:
    # A print or mobile copy of the article: its trailers are the container's own.
    body = f'<div class="TRS_Editor">{LEAD}{S}{S2}</div><div class="print">{S}{S2}</div>'
    bulletin = parse_html(page(body))
    assert [entry.unit.text for entry in bulletin.entries] == ["市档案馆", "市水务局"]


def test_sections_in_a_list_beside_the_container_stay_out() -> None:
    # A related article's excerpt in a list: not this article's section, as before.
    body = f'<div class="TRS_Editor">{LEAD}{S}</div><ul class="list"><li>{S2}</li></ul>'
    bulletin = parse_html(page(body))
    assert [entry.unit.text for entry in bulletin.entries] == ["市档案馆"]


def test_an_excerpt_in_a_list_of_other_articles_is_no_section() -> None:
    # No known container: the article is found by its sections, not those of the excerpts.
    related = (
        '<div class="list"><ul><li><a href="/1.html">北京通报第十二轮巡视反馈情况</a>'
        f"{S2}</li></ul></div>"
    )
    body = f'<div class="detail"><p class="date">2022-01-25</p><div class="con">{LEAD}{S}</div>{related}</div>'
    bulletin = parse_html(page(body))
    assert [entry.unit.text for entry in bulletin.entries] == ["市档案馆"]
    assert bulletin.lead == "日前，北京市委第十三轮巡视完成反馈。"
    assert bulletin.published == date(2022, 1, 25)


@pytest.mark.parametrize(
    "body",
    [
        # Sections as the items of a list, no link in them.
        f'<div class="con">{LEAD}<ol><li>{S}</li><li>{S2}</li></ol></div>',
        # Every section in a list item with a link: nothing else to take.
        (
            f'<div class="con">{LEAD}<ul><li><a href="/a">市档案馆</a>{S}</li>'
            f'<li><a href="/b">市水务局</a>{S2}</li></ul></div>'
        ),
    ],
)
def test_sections_in_list_items_are_sections_when_nothing_else_is(body: str) -> None:
    bulletin = parse_html(page(body))
    assert [entry.unit.text for entry in bulletin.entries] == ["市档案馆", "市水务局"]


def test_a_container_holding_every_trailer_is_not_widened() -> None:
    # Trailer words in links around the container (related titles) widen nothing.
    body = (
        f'<div class="TRS_Editor">{LEAD}{S}</div>'
        '<p><a href="/1.html">北京通报巡视反馈情况</a></p><p>版权所有</p>'
    )
    assert "版权所有" not in extract_page(page(body)).text


# --- page facts are not read in furniture ----------------------------------------------------


def test_facts_in_related_articles_and_comments_are_not_the_articles() -> None:
    body = (
        f'<div class="TRS_Editor">{LEAD}{S}</div>'
        '<div class="related"><p>发布时间：2020-01-01 来源：假网站</p></div>'
        '<div class="comments"><p>责任编辑：网友</p></div>'
    )
    bulletin = parse_html(page(body))
    assert bulletin.published is None
    assert bulletin.source is None
    assert bulletin.editor is None


@pytest.mark.parametrize("name", ["xgwz", "sidebar", "side", "rank"])
def test_an_editor_in_a_list_beside_the_article_is_not_the_articles(name: str) -> None:
    body = f'<div class="TRS_Editor">{LEAD}{S}</div><div class="{name}">编辑：张三 近期文章</div>'
    assert parse_html(page(body)).editor is None


@pytest.mark.parametrize("name", ["hot-list", "list", "hots"])
def test_a_list_of_links_beside_the_article_is_not_the_articles(name: str) -> None:
    links = "".join(f'<a href="/{n}.html">近期文章{n}</a>' for n in range(3))
    body = (
        f'<div class="TRS_Editor">{LEAD}{S}</div>'
        f'<div class="{name}">发布时间：2020-01-01 编辑：张三 {links}</div>'
    )
    bulletin = parse_html(page(body))
    assert bulletin.editor is None
    assert bulletin.published is None


def test_a_list_pages_title_block_holds_the_articles_facts() -> None:
    """A block named list_title (or hot) without links is the article's: its date and source
    are read."""
    body = (
        '<div class="main"><div class="list_title"><h1>平安县委第四轮巡察反馈情况</h1>'
        '<div class="info">发布时间：2024-06-28　来源：平安县纪委监委</div></div>'
        f'<div class="TRS_Editor">{LEAD}{S}</div></div>'
    )
    bulletin = parse_html(page(body))
    assert bulletin.published == date(2024, 6, 28)
    assert bulletin.source == "平安县纪委监委"


def test_facts_beside_the_article_are_still_read() -> None:
    body = (
        '<div class="info"><span>时间：2023-06-21</span> <span class="right">来源：北京纪检监察网'
        f'</span></div><div class="TRS_Editor">{LEAD}{S}</div>'
        '<div class="editor">责任编辑：王蒙</div><div class="side"><p>日期：2020-01-01</p></div>'
    )
    bulletin = parse_html(page(body))
    assert bulletin.published == date(2023, 6, 21)
    assert bulletin.source == "北京纪检监察网"
    assert bulletin.editor == "王蒙"


def test_the_date_in_an_articles_header_element_is_read() -> None:
    body = (
        '<header><h1>北京通报巡视反馈情况</h1><div class="info">时间：2023-06-21</div></header>'
        f'<div class="TRS_Editor">{LEAD}{S}</div>'
    )
    assert parse_html(page(body)).published == date(2023, 6, 21)


# --- a bold headline split over runs ---------------------------------------------------------

TAIL = "档案工作有差距。【市委第一巡视组向市档案馆反馈巡视情况】"


@pytest.mark.parametrize(
    "written",
    [
        "<b>■市档案馆：为民服务意识</b><b>不强</b>",
        "<b>■市档案馆：</b><b>为民服务</b><b>意识不强</b>",
        "<strong>■市档案馆：为民服务意识</strong><strong>不强</strong>",
        "<strong>■市档案馆：为民服务<br>意识不强</strong>",
        "■<b>市档案馆</b>：<b>为民服务意识</b><b>不强</b>",
    ],
)
def test_a_headline_over_several_bold_runs_is_whole(written: str) -> None:
    bulletin = parse_html(page(f"{LEAD}<p>{written}{TAIL}</p>"))
    entry = bulletin.entries[0]
    assert entry.headline == "为民服务意识不强"
    assert entry.headline_source == "line"
    assert entry.body == "档案工作有差距。"


def test_a_bold_sentence_after_a_break_is_body() -> None:
    # A break inside the bold ends the headline when what follows is a sentence.
    written = "<strong>■市档案馆：为民服务意识不强<br>档案工作有差距。</strong>其他。"
    text = extract_page(page(f"<p>{written}</p>")).text
    assert text == "■市档案馆：为民服务意识不强\n档案工作有差距。其他。"


# --- labelled metas, logos -------------------------------------------------------------------


def test_a_source_meta_written_with_its_label() -> None:
    head = '<meta name="source" content="来源：人民网－中国共产党新闻网">'
    bulletin = parse_html(page(f'<div class="TRS_Editor">{LEAD}{S}</div>', head))
    assert bulletin.source == "人民网－中国共产党新闻网"


def test_a_source_meta_without_a_label_is_kept() -> None:
    head = '<meta name="source" content="北京纪检监察网">'
    bulletin = parse_html(page(f'<div class="TRS_Editor">{LEAD}{S}</div>', head))
    assert bulletin.source == "北京纪检监察网"


def test_a_site_logo_h1_is_not_the_title() -> None:
    head = "<title>北京通报巡视反馈情况_北京纪检监察网</title>"
    body = f'<div class="logo"><h1>北京纪检监察网</h1></div><div class="TRS_Editor">{LEAD}{S}</div>'
    assert parse_html(page(body, head)).title == "北京通报巡视反馈情况"


# --- dates written alone ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "published"),
    [
        ('<p class="date">2022-01-25</p>', date(2022, 1, 25)),
        ('<span class="time">2023-06-21</span>', date(2023, 6, 21)),
        (
            '<div class="info"><span class="time">2023年6月21日&nbsp;10:30</span></div>',
            date(2023, 6, 21),
        ),
        (
            (
                '<div class="header-time left"><span class="year"><em> 2022</em></span>'
                '<span class="day"><em> 01</em>/<em>25</em></span>'
                '<span class="time"> 19:36:40</span></div>'
            ),
            date(2022, 1, 25),
        ),
    ],
)
def test_a_date_written_alone_in_an_element_named_for_it(before: str, published: date) -> None:
    bulletin = parse_html(page(f'{before}<div class="TRS_Editor">{LEAD}{S}</div>'))
    assert bulletin.published == published


@pytest.mark.parametrize(
    "around",
    [
        '<ul><li><a href="/1.html">往期</a><span class="date">2020-01-01</span></li></ul>',
        '<div class="related"><span class="date">2020-01-01</span></div>',
        '<p class="date">2020-01-01 北京</p>',
    ],
)
def test_dates_of_other_articles_or_with_other_text_are_not_bare(around: str) -> None:
    bulletin = parse_html(page(f'<div class="TRS_Editor">{LEAD}{S}</div>{around}'))
    assert bulletin.published is None


def test_a_labelled_date_line_comes_before_a_bare_date() -> None:
    body = (
        f'<div class="info">时间：2023-06-21</div><div class="TRS_Editor">{LEAD}{S}</div>'
        '<p class="date">2020-01-01</p>'
    )
    assert parse_html(page(body)).published == date(2023, 6, 21)


def test_a_left_column_of_links_is_beside_the_article() -> None:
    links = '<a href="/1">要闻</a><a href="/2">通知</a><a href="/3">巡视</a>'
    body = (
        f'<table><tr><td class="left">{links}<p>日期：2020-01-01</p></td>'
        f'<td><div class="info">时间：2023-06-21</div><div class="TRS_Editor">{LEAD}{S}</div>'
        "</td></tr></table>"
    )
    assert parse_html(page(body)).published == date(2023, 6, 21)


def test_the_left_half_of_an_info_bar_is_read() -> None:
    body = (
        '<div class="info"><div class="left">时间：2023-06-21</div>'
        f'<div class="right">来源：北京纪检监察网</div></div><div class="TRS_Editor">{LEAD}{S}</div>'
    )
    bulletin = parse_html(page(body))
    assert bulletin.published == date(2023, 6, 21)
    assert bulletin.source == "北京纪检监察网"


def test_nested_elements_named_for_the_date_stay_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each is asked whether it holds a date alone; none reads the text of all those inside it.
    read: list[int] = []
    text_of = html_module._text_of

    def counted(element: Element) -> str:
        text = text_of(element)
        read.append(len(text))
        return text

    monkeypatch.setattr(html_module, "_text_of", counted)
    depth = 200
    body = '<div class="time">' * depth + "日" * 100_000 + "</div>" * depth
    bulletin = parse_html(page(f'{body}<div class="TRS_Editor">{LEAD}{S}</div>'))
    assert bulletin.published is None
    assert sum(read) < 10 * 100_000  # the whole page's text a few times, not once per level


@pytest.mark.parametrize(
    "style", ["font-weight:bold", "font-weight: bold;", "FONT-WEIGHT: 700", "font-weight:bolder"]
)
def test_a_headline_bold_by_its_style_is_a_bold_headline(style: str) -> None:
    body = (
        f'<div class="TRS_Editor">{LEAD}<p><span style="{style}">■市档案馆：为民服务意识不强</span>'
        "档案工作有差距，理论学习不够深入。【市委第一巡视组向市档案馆反馈巡视情况】</p></div>"
    )
    (entry,) = parse_html(page(body)).entries
    assert (entry.headline, entry.headline_source) == ("为民服务意识不强", "line")
    assert entry.findings == ["档案工作有差距", "理论学习不够深入"]


def test_a_span_of_normal_weight_is_not_bold() -> None:
    body = (
        f'<div class="TRS_Editor">{LEAD}<p><span style="font-weight:400">■市档案馆：为民服务意识不强'
        "</span>档案工作有差距。【市委第一巡视组向市档案馆反馈巡视情况】</p></div>"
    )
    (entry,) = parse_html(page(body)).entries
    assert entry.headline_source != "line"
