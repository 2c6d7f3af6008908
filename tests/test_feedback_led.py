"""Sections led by their feedback: 省委第一巡视组向省财政厅党组反馈巡视情况。巡视指出，…

Some provincial bulletins open each section with the words a trailer holds instead of closing
it with them. They are read when no section ends in a trailer, and two or more sections lead
a line (or follow a marker): one is a report of one team's feedback, refused as before.
"""

from __future__ import annotations

import pytest

from xunshi_parser import BulletinError, parse

from support import assert_nothing_lost

LEAD = "日前，十一届省委第三轮巡视对省财政厅等2家单位党组织开展了常规巡视。"
FIRST = "省委第一巡视组向省财政厅党组反馈巡视情况"
SECOND = "省委第二巡视组向省水利厅党组反馈巡视情况"


def test_unmarked_sections_at_the_start_of_lines_crlf() -> None:
    text = (
        f"{LEAD}\r\n"
        f"　　{FIRST}。巡视指出，预算管理不够严格，资金绩效评价流于形式。\r\n"
        f"　　{SECOND}：巡视发现，河湖管护责任落实不到位。\r\n"
        "责任编辑：张三\r\n"
    )
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["省财政厅党组", "省水利厅党组"]
    first, second = bulletin.entries
    assert first.findings == ["预算管理不够严格", "资金绩效评价流于形式"]
    assert first.body == "巡视指出，预算管理不够严格，资金绩效评价流于形式。"
    assert second.findings == ["河湖管护责任落实不到位"]
    assert first.feedback is not None
    assert first.feedback.span.slice(text) == FIRST
    assert first.feedback.team_number == 1
    assert first.unit.span.slice(text) == "省财政厅党组"
    # The section starts at its words (after the indentation) and ends with its content.
    assert first.span.slice(text) == f"{FIRST}。巡视指出，预算管理不够严格，资金绩效评价流于形式。"
    assert bulletin.editor == "张三"
    assert bulletin.diagnostics == []
    assert_nothing_lost(bulletin)


def test_marked_sections_in_a_flattened_text() -> None:
    text = (
        f"{LEAD}■{FIRST}。巡视指出，预算管理不够严格。"
        f"■{SECOND}。巡视指出，河湖管护不到位。省委第三巡视组向省体育局党组反馈巡视情况时强调，"
        "要抓好整改。"
    )
    bulletin = parse(text)
    first, second = bulletin.entries
    assert first.span.slice(text) == f"■{FIRST}。巡视指出，预算管理不够严格。"
    # Inside a line and after no marker, the words open no section: they are the body's.
    assert second.findings == [
        "河湖管护不到位",
        "省委第三巡视组向省体育局党组反馈巡视情况时强调",
        "要抓好整改",
    ]
    assert_nothing_lost(bulletin)


def test_a_headline_on_its_own_line_after_the_words() -> None:
    text = (
        f"{LEAD}\n■{FIRST}\n预算管理不够严格\n巡视指出，预算编制不够科学。\n"
        f"■{SECOND}\n河湖管护不到位\n巡视指出，河长制落实不到位。\n"
    )
    first, second = parse(text).entries
    assert (first.headline, first.headline_source) == ("预算管理不够严格", "line")
    assert first.findings == ["预算编制不够科学"]
    assert second.headline == "河湖管护不到位"


def test_one_such_section_is_a_report_of_one_teams_feedback() -> None:
    text = f"{FIRST}\n近日，{FIRST[:7]}向省财政厅党组反馈了巡视情况。巡视指出，预算管理不严。"
    with pytest.raises(BulletinError, match="one team's feedback to one unit"):
        parse(text)


def test_sections_with_trailers_keep_such_words_in_their_bodies() -> None:
    text = (
        f"{LEAD}\n■省财政厅党组：预算管理不严预算管理不严，资金闲置。\n"
        f"{FIRST}时强调，要抓好整改。【{FIRST}】\n"
        f"■省水利厅党组：河湖管护不到位河湖管护不到位。【{SECOND}】\n"
    )
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["省财政厅党组", "省水利厅党组"]
    assert bulletin.entries[0].findings[-2:] == [f"{FIRST}时强调", "要抓好整改"]


def test_more_than_max_sections_is_refused() -> None:
    text = f"{LEAD}\n■{FIRST}。巡视指出，甲。\n■{SECOND}。巡视指出，乙。\n"
    assert len(parse(text).entries) == 2
    with pytest.raises(BulletinError, match="more than 1 sections"):
        parse(text, max_sections=1)


def test_bracketed_words_then_the_unit_named_again() -> None:
    """【省委第一巡视组向省统计局党组反馈巡视情况】⏎省统计局党组：…: the bracket leads, the unit
    named again after it is the entry's unit, its findings follow the colon."""
    text = (
        "十四届省委第二轮巡视反馈情况\n"
        "近日，十四届省委第二轮巡视的2个巡视组向被巡视党组织反馈巡视情况。\n"
        "【省委第一巡视组向省统计局党组反馈巡视情况】\n"
        "省统计局党组：统计监督职能发挥不充分，统计造假防范不力。\n"
        "【省委第二巡视组向省地方金融监管局党组反馈巡视情况】\n"
        "省地方金融监管局：地方金融风险防控不到位，非法集资风险排查不彻底。\n"
    )
    bulletin = parse(text)
    first, second = bulletin.entries
    assert (first.unit.text, second.unit.text) == ("省统计局党组", "省地方金融监管局")
    assert first.unit.span.slice(text) == "省统计局党组"
    assert first.findings == ["统计监督职能发挥不充分", "统计造假防范不力"]
    assert second.findings == ["地方金融风险防控不到位", "非法集资风险排查不彻底"]
    assert first.feedback is not None
    assert second.feedback is not None
    assert first.feedback.span.slice(text) == "【省委第一巡视组向省统计局党组反馈巡视情况】"
    assert (first.feedback.team_number, second.feedback.team_number) == (1, 2)
    assert second.feedback.target == "省地方金融监管局党组"
    assert bulletin.round is not None
    assert bulletin.round.number == 2
    # The trailer names more than the unit: the remark of one containing the other.
    assert [(d.code, d.entry) for d in bulletin.diagnostics] == [("XS212", 2)]
    assert_nothing_lost(bulletin)


def test_a_marked_bulletin_whose_trailers_lost_their_brackets_is_refused_as_before() -> None:
    """The words close its ■ sections: read as leading them, every section would take the
    next one's header and findings."""
    text = (
        "日前，十二届北京市委第十三轮巡视对市档案馆等2家单位党组织开展常规巡视反馈情况。\n"
        "■市档案馆：为民服务意识不强\n档案工作服务首都发展有差距。\n"
        "市委第一巡视组向市档案馆反馈巡视情况\n"
        "■市机关事务管理局党组：推动机关事务改革进展迟缓\n推动首都机关事务管理和建设有差距。\n"
        "市委第一巡视组向市机关事务管理局党组反馈巡视情况\n"
        "责任编辑：王蒙\n"
    )
    with pytest.raises(BulletinError, match="2 section header"):
        parse(text)


def test_brackets_closing_unmarked_sections_lead_none() -> None:
    """Units without a marker, each closed by its trailer: a bracket followed by the next
    unit is no section's header, and the text is refused as before."""
    text = (
        f"{LEAD}\n"
        "市档案馆：为民服务意识不强\n档案工作服务首都发展有差距。\n"
        "【市委第一巡视组向市档案馆反馈巡视情况】\n"
        "市机关事务管理局党组：推动机关事务改革进展迟缓\n推动首都机关事务管理和建设有差距。\n"
        "【市委第一巡视组向市机关事务管理局党组反馈巡视情况】\n"
    )
    with pytest.raises(BulletinError, match="a trailer but no section header"):
        parse(text)


def test_a_news_report_of_one_teams_feedback_repeating_its_words_is_refused() -> None:
    """The title, and a sentence going on after the words (…情况时强调), are one team's
    feedback to one unit: no sections."""
    text = (
        f"{FIRST}\n日前，{FIRST}。巡视指出，预算管理不够严格。\n{FIRST}时强调，要切实抓好整改。\n"
    )
    with pytest.raises(BulletinError, match="one team's feedback to one unit"):
        parse(text)
