"""The grammar layer: folding, the trailer's shape, and what the canonical shadow must not change."""

from __future__ import annotations

import time

import pytest

from renderings import expected, flattened, hard_wrapped, one_per_line
from xunshi_parser import BulletinError, parse
from xunshi_parser.grammar import (
    _FOLDS,
    FURNITURE_REACH,
    MAX_RELATED_TITLES,
    TRAILER,
    find_trailers,
    first_trailer,
    fold,
    furniture_count,
    is_furniture,
    opens_list,
    ordinal_header,
    ordinal_style,
    trailing_furniture,
)

from support import assert_nothing_lost

TRAILER_TEXT = "【市委第一巡视组向市档案馆反馈巡视情况】"
SECTION = "■市档案馆：为民服务意识不强档案工作有差距，为民服务意识不强。" + TRAILER_TEXT


def test_fold_keeps_the_length_and_maps_one_character_to_one() -> None:
    assert all(len(variant) == 1 and len(canonical) == 1 for variant, canonical in _FOLDS.items())
    assert not set(_FOLDS) & set(_FOLDS.values()), "a fold must not need a second fold"
    text = "".join(_FOLDS)
    assert len(fold(text)) == len(text)
    assert fold("没有变体的文字") == "没有变体的文字"


def test_square_brackets_in_a_unit_stay_in_the_unit() -> None:
    # Square brackets are not trailer brackets: a unit may hold them.
    for opening, closing in (("[", "]"), ("［", "］")):
        text = flattened(expected()).replace("（市档案局）", f"{opening}市档案局{closing}")
        bulletin = parse(text)
        assert len(bulletin.entries) == 38
        assert bulletin.entries[2].unit.text == f"市委办公厅{opening}市档案局{closing}"
        assert [(d.code, d.entry) for d in bulletin.diagnostics] == [("XS212", 33)]


def test_a_first_section_lost_to_the_lead_is_an_error() -> None:
    lead = "日前，北京纪检监察网通报北京市委第十三轮巡视反馈情况。\n"
    damaged = "市档案馆：意识不强\n意识不强，整改不力。" + TRAILER_TEXT + "\n"
    text = lead + damaged + "■乙单位：作风不实作风不实。【市委第二巡视组向乙单位反馈巡视情况】"
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["乙单位"]
    assert [(d.code, d.severity) for d in bulletin.diagnostics] == [("XS502", "error")]
    assert bulletin.diagnostics[0].offset == text.index(TRAILER_TEXT)
    assert "市档案馆" in bulletin.diagnostics[0].message


def test_feedback_of_other_teams_is_no_bulletin() -> None:
    # A 督察组's feedback is a relative of a bulletin, not one: the team is no inspection team.
    text = (
        "■河北省：问题较多\n问题较多，整改不力。（中央第一生态环境保护督察组向河北省反馈督察情况）"
    )
    with pytest.raises(BulletinError, match="no bulletin sections found"):
        parse(text)


@pytest.mark.parametrize(
    "kind",
    ["巡视", "提級巡視", "常規巡視", "聯動巡察", "機動巡視", "專項巡視", '巡視"回头看"',
     "巡视 “回头看”", "巡视「回头看」"],
)  # fmt: skip
def test_known_kinds_in_any_script_and_quotes_are_no_news(kind: str) -> None:
    bulletin = parse(SECTION.replace("反馈巡视情况", f"反馈{kind}情况"))
    assert bulletin.entries[0].feedback is not None
    assert bulletin.entries[0].feedback.kind == kind
    assert [d.code for d in bulletin.diagnostics] == ["XS101"]  # a lone section has no lead


def test_an_unknown_kind_is_information() -> None:
    bulletin = parse(SECTION.replace("反馈巡视情况", "反馈巡视整治情况"))
    assert [(d.code, d.severity) for d in bulletin.diagnostics][1:] == [("XS231", "info")]


def test_spaces_do_not_cross_a_carriage_return() -> None:
    # In CR-only text a marker and a colon on two lines make no header.
    assert first_trailer(fold("【市委第一巡视组向\r市档案馆反馈巡视情况】")) is None
    assert TRAILER.search(fold("【市委第一巡视组向 市档案馆反馈巡视情况】")) is not None
    with pytest.raises(BulletinError):
        parse("■\r市档案馆：意识不强\r" + "意识不强。\r" + TRAILER_TEXT.replace("向", "向\r"))


def test_find_trailers_in_order_none_overlapping() -> None:
    text = fold("甲" + TRAILER_TEXT + "（反馈）" + TRAILER_TEXT.replace("一", "二"))
    found = list(find_trailers(text))
    assert [match.group("team") for match in found] == ["市委第一巡视组", "市委第二巡视组"]
    assert found[0].end() <= found[1].start()


def test_many_brackets_before_feedback_words_stay_cheap() -> None:
    # Every bracket has 反馈 in reach, none a trailer: each is tried once, and briefly.
    small, large = "■甲：" + "（反馈" * 30_000, "■甲：" + "（反馈" * 60_000
    timings = []
    for text in (small, large):
        start = time.perf_counter()
        with pytest.raises(BulletinError):
            parse(text + "【市委", max_sections=10)
        timings.append(time.perf_counter() - start)
    # Not a timing test: a bound so loose that only a quadratic scan breaks it.
    assert timings[1] < 10 * max(timings[0], 0.01)


def test_wrapped_text_diagnostics_point_into_the_text_as_given() -> None:
    data = expected()
    source = one_per_line(data)
    third = source.index("■", source.index("■", source.index("■") + 1) + 1)
    damaged = source[:third] + source[third + 1 :]  # the third section's marker deleted
    for newline in ("\n", "\r\n"):
        text = hard_wrapped(damaged, 30).replace("\n", newline)
        bulletin = parse(text)
        assert bulletin.wrap_breaks
        assert_nothing_lost(bulletin)
        lost = [d for d in bulletin.diagnostics if d.code == "XS502"]
        assert len(lost) == 1
        # The diagnostic stands on the lost section's trailer bracket in the text as given.
        assert text[lost[0].offset] == "【"
        assert (
            text[lost[0].offset :]
            .replace(newline, "")
            .startswith(f"【{data['entries'][2]['team_name']}向")
        )
        before = text[: lost[0].offset]
        assert lost[0].line == before.count(newline) + 1


@pytest.mark.parametrize(
    ("text", "ordinal", "unit"),
    [
        ("一、区卫健委党委：理论学习", "一、", "区卫健委党委"),
        ("日前。\n十二、区教委党组：", "十二、", "区教委党组"),
        ("日前。\r\n　　（三）区民政局党组：", "（三）", "区民政局党组"),
        (fold("日前。\r(4) 区文旅局党组:"), "（4）", "区文旅局党组"),
        ("日前。\n1．区体育局党组：", "1．", "区体育局党组"),
    ],
)
def test_an_ordinal_header_stands_at_the_start_of_a_line(
    text: str, ordinal: str, unit: str
) -> None:
    header = ordinal_header().search(text)
    assert header is not None
    assert (header.group("ordinal"), header.group("unit")) == (ordinal, unit)


@pytest.mark.parametrize(
    "text",
    [
        "抓落实不够。一、区卫健委党委：理论学习",  # inside a line
        "■一、区卫健委党委：",  # after a marker: a marked section's numbered unit
        "一是区卫健委党委：",  # an item of a list, not a number
        "一、区卫健委党委。理论学习：",  # the unit holds sentence punctuation
        "2021.区卫健委：",  # a year, not a number
    ],
)
def test_no_ordinal_header(text: str) -> None:
    assert ordinal_header().search(text) is None


@pytest.mark.parametrize(
    ("ordinal", "style"),
    [
        ("一、", "一、"),
        ("十一、", "一、"),
        ("（三）", "（一）"),
        ("（12）", "（1）"),
        ("3.", "1."),
        ("3．", "1．"),
    ],
)
def test_the_style_of_an_ordinal_ignores_its_number(ordinal: str, style: str) -> None:
    assert ordinal_style(ordinal) == style


@pytest.mark.parametrize(
    ("ordinal", "first"),
    [
        ("一、", True),
        ("（一）", True),
        ("1.", True),
        ("（1）", True),
        ("二、", False),
        ("十一、", False),
        ("11.", False),
    ],
)
def test_a_list_opens_with_its_first_number(ordinal: str, first: bool) -> None:
    assert opens_list(ordinal) is first


@pytest.mark.parametrize(
    "line",
    [
        "阅读原文", "点赞", "在看", "点赞 在看", "点赞在看", "分享到：", "分享到：微信 微博",
        "扫一扫在手机打开当前页", "长按识别二维码关注", "微信号：bjjjjc", "【打印】【关闭】",
        "【打印本页】 【关闭窗口】", "[打印] | [关闭]", "上一篇：某区召开警示教育大会",
        "下一篇：", "返回顶部", "  返回顶部  ",
        # A portal's footer.
        "版权所有：某某县纪委监委", "某某县纪委监委 版权所有", "京ICP备12345678号",
        "主办：某某县纪委监委　技术支持：某某网络公司", "网站标识码：1234567890　某ICP备12345678号",
        "发布日期：2024-06-28", "相关阅读：", "【字体：大 中 小】", "2024-06-28",
        "2024年6月28日 10：30",
    ],
)  # fmt: skip
def test_lines_of_page_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "", "点赞支持", "请点击阅读原文", "责任编辑：王蒙", "来源：某网", "打印机采购不规范",
        "关闭问题线索12件", "上一篇" + "某" * 120,
        # A line naming the source is the footer's; a date with more text is no bare date.
        "发布时间：2024-06-28　来源：某网", "2024-06-28 某县召开巡察工作会议", "2",
        "2024年巡察工作要点",
    ],
)  # fmt: skip
def test_lines_that_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_trailing_furniture_is_the_last_lines_only() -> None:
    text = "阅读原文\n正文。\r\n责任编辑：王蒙\r\n点赞 在看\r\n\r\n返回顶部\n\n"
    found = trailing_furniture(text)
    assert [text[start:end] for start, end in found] == ["点赞 在看", "返回顶部"]
    assert trailing_furniture("正文。") == []


def test_trailing_furniture_is_looked_for_near_the_end_only() -> None:
    # A line starting before the reach is not known to be furniture; far more text costs
    # nothing more.
    lines = "点赞\n" * FURNITURE_REACH
    assert len(trailing_furniture(lines)) < FURNITURE_REACH // 2
    assert trailing_furniture("某" * 10_000 + "点赞") == []


def test_a_list_of_other_articles_is_furniture_with_its_titles() -> None:
    text = "责任编辑：王蒙\n相关阅读：\n县委第四轮巡察反馈情况\n\n县委第三轮巡察反馈情况\n"
    found = trailing_furniture(text)
    assert [text[start:end] for start, end in found] == [
        "相关阅读：", "县委第四轮巡察反馈情况", "县委第三轮巡察反馈情况",
    ]  # fmt: skip
    assert furniture_count(["责任编辑：王蒙", "相关阅读：", "县委第四轮巡察反馈情况"]) == 2
    assert furniture_count(["【相关阅读】", "某某", "阅读原文"]) == 3


@pytest.mark.parametrize(
    "text",
    [
        # No label before the titles, or more titles than a list holds.
        "责任编辑：王蒙\n县委第四轮巡察反馈情况\n",
        "相关阅读：\n" + "某某标题\n" * (MAX_RELATED_TITLES + 1),
        # The editor line and a section are no titles.
        "相关阅读：\n责任编辑：王蒙\n",
        "相关阅读：\n■县医保局党组：医保基金监管不严\n",
    ],
)
def test_what_is_no_list_of_other_articles(text: str) -> None:
    lines = [line for line in text.splitlines() if line]
    assert trailing_furniture(text) == []
    assert furniture_count(lines) == 0
