"""Sections headed by their number in place of a marker (一、区卫健委党委：…), as many county
and district bulletins write them. Expected values are read off the texts below."""

from __future__ import annotations

from typing import Any

import pytest

from renderings import hard_wrapped
from xunshi_parser import Bulletin, BulletinError, Entry, parse, parse_html

from support import assert_nothing_lost

LEAD = "日前，区委第二轮巡察对区卫健委等2家单位党组织开展常规巡察反馈情况。\n"
TRAILER_1 = "【区委第一巡察组向区卫健委党委反馈巡察情况】"
TRAILER_2 = "【区委第二巡察组向区教委党组反馈巡察情况】"
BODY_1 = "理论学习不够深入理论学习不够深入，抓落实不够有力。"
BODY_2 = "教育资源配置不均衡教育资源配置不均衡，校园安全管理不严。"


def bulletin_numbered(first: str, second: str, newline: str = "\n") -> str:
    """The two-section bulletin above, its sections numbered ``first`` and ``second``."""
    text = (
        f"{LEAD}{first}区卫健委党委：{BODY_1}{TRAILER_1}\n{second}区教委党组：{BODY_2}{TRAILER_2}\n"
    )
    return text.replace("\n", newline)


def codes(bulletin: Bulletin) -> list[str]:
    return [diagnostic.code for diagnostic in bulletin.diagnostics]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("一、", "二、"),
        ("（一）", "（二）"),
        ("(一)", "(二)"),
        ("1.", "2."),
        ("1、", "2、"),
        ("1．", "2．"),
        ("（1）", "（2）"),
        ("（一）、", "（二）、"),  # a 、 after the bracket is the number's, not the unit's
        ("(1)、", "(2)、"),
        ("一.", "二."),
        ("一．", "二．"),
        ("①", "②"),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_numbered_sections_read_as_marked_ones(first: str, second: str, newline: str) -> None:
    text = bulletin_numbered(first, second, newline)
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["区卫健委党委", "区教委党组"]
    assert [entry.unit.organizations for entry in bulletin.entries] == [["区卫健委"], ["区教委"]]
    assert [entry.headline for entry in bulletin.entries] == [
        "理论学习不够深入",
        "教育资源配置不均衡",
    ]
    assert bulletin.entries[1].findings == ["教育资源配置不均衡", "校园安全管理不严"]
    assert [entry.feedback.target for entry in bulletin.entries if entry.feedback] == [
        "区卫健委党委",
        "区教委党组",
    ]
    # The entry starts at its number and ends with its trailer.
    first_entry, second_entry = bulletin.entries
    assert first_entry.span.start == text.index(first)
    assert second_entry.span.start == text.index(second + "区教委")
    assert text[first_entry.span.end - 1] == "】"
    assert bulletin.round is not None
    assert bulletin.round.unit_count == 2
    assert codes(bulletin) == []
    assert bulletin.unplaced == []
    assert_nothing_lost(bulletin)


def test_an_indented_number_starts_its_section_at_the_number() -> None:
    text = bulletin_numbered("　　一、", "　　二、")
    bulletin = parse(text)
    assert [text[entry.span.start] for entry in bulletin.entries] == ["一", "二"]
    assert codes(bulletin) == []


def test_a_numbered_list_inside_a_body_does_not_split_the_section() -> None:
    text = (
        f"{LEAD}一、区卫健委党委：理论学习不够深入\n"
        "1.思想认识不到位：学习不系统；\n"
        "2.制度执行不严：落实不到位。\n"
        f"{TRAILER_1}\n"
        f"二、区教委党组：{BODY_2}{TRAILER_2}\n"
    )
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["区卫健委党委", "区教委党组"]
    first = bulletin.entries[0]
    assert first.headline == "理论学习不够深入"
    assert first.findings == ["1.思想认识不到位：学习不系统", "2.制度执行不严：落实不到位"]
    assert codes(bulletin) == []
    assert_nothing_lost(bulletin)


def test_a_list_numbered_as_the_sections_are_does_not_split_its_section() -> None:
    # The first section's body lists its problems 一、二、 as the sections are numbered: a
    # list's first item (一、) before the section's trailer opens a list, and the list's items
    # stay in the body until the trailer; the next 二、 after it heads the next section.
    text = (
        f"{LEAD}一、区卫健委党委：理论学习不够深入\n"
        "一、思想认识不到位：学习不系统；\n"
        "二、制度执行不严：落实不到位。\n"
        f"{TRAILER_1}\n"
        f"二、区教委党组：{BODY_2}{TRAILER_2}\n"
    )
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["区卫健委党委", "区教委党组"]
    assert bulletin.entries[0].findings == [
        "一、思想认识不到位：学习不系统",
        "二、制度执行不严：落实不到位",
    ]
    assert bulletin.entries[1].span.start == text.index("二、区教委党组")
    assert codes(bulletin) == []
    assert_nothing_lost(bulletin)


def test_a_section_cut_before_its_trailer_does_not_swallow_the_next() -> None:
    # A header of the document's style inside a section still waiting for its trailer starts
    # a section: the damage is reported (XS201), and the next section keeps its own trailer.
    text = f"{LEAD}一、区卫健委党委：{BODY_1}\n二、区教委党组：{BODY_2}{TRAILER_2}\n"
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["区卫健委党委", "区教委党组"]
    assert bulletin.entries[0].feedback is None
    assert codes(bulletin) == ["XS201"]
    assert_nothing_lost(bulletin)


def test_a_number_inside_a_line_starts_no_section() -> None:
    # The line break before 二、 was lost: the header stands after the first trailer, in text
    # that belongs to no section, and is reported as a lost section.
    text = f"{LEAD}一、区卫健委党委：{BODY_1}{TRAILER_1}二、区教委党组：{BODY_2}{TRAILER_2}\n"
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["区卫健委党委"]
    assert [piece.text for piece in bulletin.unplaced] == [f"二、区教委党组：{BODY_2}{TRAILER_2}"]
    lost = [d for d in bulletin.diagnostics if d.code == "XS502"]
    assert [d.offset for d in lost] == [text.index("二、")]
    assert lost[0].severity == "error"


def test_a_lost_numbered_header_of_another_style_is_a_list_item() -> None:
    # After the last trailer, 1.其他问题： is no header of the document's style (一、) and no
    # trailer follows it: stray text, as a ● sub-bullet is in a ■ bulletin.
    text = bulletin_numbered("一、", "二、") + "1.其他问题：另有整改不到位情况。\n"
    bulletin = parse(text)
    assert codes(bulletin) == ["XS501"]


def test_marked_sections_with_numbered_lists_read_as_before() -> None:
    # A ■ bulletin whose bodies hold （一）关于…： lists at the start of lines: the ■ headers
    # head the sections, the lists stay in the bodies.
    text = (
        f"{LEAD}■区卫健委党委：理论学习不够深入\n"
        "（一）关于理论学习：学习不系统，研讨交流走过场；\n"
        "（二）关于制度执行：制度落实不到位。\n"
        f"{TRAILER_1}\n"
        "■区教委党组：教育资源配置不够均衡\n"
        "（一）关于资源配置：城乡学校办学条件差距大。\n"
        f"{TRAILER_2}\n"
    )
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["区卫健委党委", "区教委党组"]
    assert bulletin.wrap_breaks == []
    assert bulletin.entries[0].headline == "理论学习不够深入"
    assert bulletin.entries[0].findings == [
        "（一）关于理论学习：学习不系统",
        "研讨交流走过场",
        "（二）关于制度执行：制度落实不到位",
    ]
    assert bulletin.entries[1].headline == "教育资源配置不够均衡"
    assert bulletin.entries[1].findings == ["（一）关于资源配置：城乡学校办学条件差距大"]
    assert codes(bulletin) == []


def test_a_numbered_line_before_a_damaged_marked_bulletin_heads_no_section() -> None:
    # The second ■ section lost its trailer: the ■ group ends one section in a trailer and
    # leaves one without; a numbered line before them would head one section ending in the
    # same trailer and leave none without. On a tie in trailers markers win: the ■ sections
    # are read, the damage reported, and the numbered line stays in the lead. (The stray
    # text after the first trailer could hold a trailer: numbered headers are looked for.)
    text = (
        f"日前，区委第二轮巡察反馈情况。\n（一）关于本轮巡察：共巡察2家单位。\n"
        f"■区卫健委党委：{BODY_1}{TRAILER_1}另附整改要求。\n"
        f"■区教委党组：{BODY_2}\n"
    )
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["区卫健委党委", "区教委党组"]
    assert bulletin.entries[1].feedback is None
    assert bulletin.lead == "日前，区委第二轮巡察反馈情况。\n（一）关于本轮巡察：共巡察2家单位。"
    assert [piece.text for piece in bulletin.unplaced] == ["另附整改要求。"]
    assert codes(bulletin) == ["XS501", "XS201"]


def test_numbered_lists_of_a_marked_bulletin_that_lost_a_marker_stay_body_text() -> None:
    # The second section's ■ is lost: its lists (（一）…：) would end two "sections" in
    # trailers, one more than the ■ group; but a bulletin with a marked section ending in a
    # trailer is a marked bulletin, and the lost section is reported where it stands.
    text = (
        "日前，县委第三轮巡察对县卫健局等2家单位党组织开展常规巡察反馈情况。\n"
        "■县卫健局党组：理论学习不深入\n（一）关于理论学习：学习不深入。\n"
        "【县委第一巡察组向县卫健局党组反馈巡察情况】\n"
        "县教育局党组：主体责任落实不到位\n（一）关于主体责任：落实不到位。\n"
        "【县委第二巡察组向县教育局党组反馈巡察情况】\n"
    )
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["县卫健局党组"]
    assert bulletin.entries[0].findings == ["（一）关于理论学习：学习不深入"]
    assert [piece.text for piece in bulletin.unplaced] == [
        (
            "县教育局党组：主体责任落实不到位\n（一）关于主体责任：落实不到位。\n"
            "【县委第二巡察组向县教育局党组反馈巡察情况】"
        )
    ]
    assert "XS502" in codes(bulletin)
    assert_nothing_lost(bulletin)


def test_numbered_lines_in_stray_text_of_a_marked_bulletin_are_no_lost_sections() -> None:
    text = (
        f"{LEAD}■区卫健委党委：{BODY_1}{TRAILER_1}\n"
        "一、整改要求：限期整改。\n"
        f"■区教委党组：{BODY_2}{TRAILER_2}\n"
    )
    bulletin = parse(text)
    assert [piece.text for piece in bulletin.unplaced] == ["一、整改要求：限期整改。"]
    assert codes(bulletin) == ["XS501"]


def test_html_paragraphs_give_the_same_entries_as_the_text() -> None:
    text = bulletin_numbered("一、", "二、")
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><div class="article">'
        + "".join(f"<p>{line}</p>" for line in text.splitlines())
        + "</div></body></html>"
    )
    from_html, from_text = parse_html(html), parse(text)
    assert [without_spans(entry) for entry in from_html.entries] == [
        without_spans(entry) for entry in from_text.entries
    ]
    assert [from_html.text[entry.span.start] for entry in from_html.entries] == ["一", "二"]
    assert codes(from_html) == []


def without_spans(entry: Entry) -> dict[str, Any]:
    """An entry's values, without its offsets (a page's text lays paragraphs out its own way)."""
    spans: Any = {
        "span": True,
        "headline_span": True,
        "body_span": True,
        "unit": {"span"},
        "feedback": {"span"},
    }
    return entry.model_dump(exclude=spans)


def test_more_numbered_lines_than_max_sections_leave_a_marked_bulletin_as_it_is() -> None:
    # Stray text after the first trailer lets numbered headers compete; three numbered lines
    # are more than max_sections=2, which refuses numbered sections, not the ■ ones.
    text = (
        f"{LEAD}■区卫健委党委：{BODY_1}{TRAILER_1}另附：\n"
        "1.甲：整改。\n2.乙：整改。\n3.丙：整改。\n"
        f"■区教委党组：{BODY_2}{TRAILER_2}\n"
    )
    bulletin = parse(text, max_sections=2)
    assert [entry.unit.text for entry in bulletin.entries] == ["区卫健委党委", "区教委党组"]


def test_more_numbered_sections_than_max_sections_are_refused() -> None:
    text = bulletin_numbered("一、", "二、") + f"三、区民政局党组：{BODY_1}{TRAILER_1}\n"
    with pytest.raises(BulletinError, match="more than 2 sections") as caught:
        parse(text, max_sections=2)
    assert caught.value.offset == text.index("三、")


def test_a_number_may_be_indented_by_up_to_sixteen_spaces() -> None:
    text = bulletin_numbered(" " * 12 + "一、", "\u3000" * 16 + "二、")
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["区卫健委党委", "区教委党组"]
    assert text[bulletin.entries[1].span.start :].startswith("二、区教委党组：")


# Up to 52: every section's line (53 characters and more) is cut. Wider, so few lines are
# cut that nothing shows a fixed width, and the breaks are read as lines (as for ■ sections).
@pytest.mark.parametrize("width", range(20, 53))
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_numbered_sections_cut_at_a_fixed_width(width: int, newline: str) -> None:
    # Cut into lines of one width, a section line that ends exactly at the width would run on
    # into the next section's number if the break were undone: a number heads a section at
    # the start of a line only, so the break before it stands.
    sections = [
        ("一、", "县卫健局党组", "理论学习不深入理论学习不深入，作风不实，基层党建工作薄弱。"),
        ("二、", "县教育局党组", "主体责任落实不到位主体责任落实不到位，干部队伍建设有短板。"),
        ("三、", "县民政局党组", "为民服务意识不强为民服务意识不强，救助资金发放不及时。"),
        ("四、", "县财政局党组", "预算管理不严格预算管理不严格，资金监管有漏洞。"),
    ]
    lines = ["日前，县委第三轮巡察对县卫健局等4家单位党组织反馈了巡察情况。"] + [
        f"{number}{unit}：{body}【县委第{number[0]}巡察组向{unit}反馈巡察情况】"
        for number, unit, body in sections
    ]
    flat = "\n".join(lines) + "\n"
    wrapped = parse(hard_wrapped(flat, width, newline))
    expected = parse(flat)
    assert [entry.unit.text for entry in wrapped.entries] == [unit for _, unit, _ in sections]
    for got, want in zip(wrapped.entries, expected.entries, strict=True):
        assert (got.headline, got.findings, got.feedback and got.feedback.target) == (
            want.headline,
            want.findings,
            want.feedback and want.feedback.target,
        )


def test_a_numbered_list_after_the_last_section_is_no_section() -> None:
    # The numbers start anew after the last trailer and no trailer follows: requirements
    # listed after the sections, text of no section (a warning), not sections without
    # trailers (errors that strict=True would refuse).
    after = "下一步要求：\n一、被巡察党组织：要落实整改主体责任。\n二、纪检监察机关：要加强监督。\n"
    text = bulletin_numbered("一、", "二、") + after
    bulletin = parse(text, strict=True)
    assert [entry.unit.text for entry in bulletin.entries] == ["区卫健委党委", "区教委党组"]
    assert [piece.text for piece in bulletin.unplaced] == [after.strip()]
    assert codes(bulletin) == ["XS501"]
    assert_nothing_lost(bulletin)


def test_a_numbered_header_cut_short_at_the_end() -> None:
    text = bulletin_numbered("一、", "二、") + "三、区民政局党"
    bulletin = parse(text)
    assert len(bulletin.entries) == 2
    assert [piece.text for piece in bulletin.unplaced] == ["三、区民政局党"]
    assert codes(bulletin) == ["XS203"]
    assert bulletin.diagnostics[0].offset == text.index("三、")


@pytest.mark.parametrize("after", ["二、加强监督。", "要求：\n一、落实整改\n二、加强监督"])
def test_numbered_text_after_the_sections_is_no_cut_header(after: str) -> None:
    bulletin = parse(bulletin_numbered("一、", "二、") + after)
    assert len(bulletin.entries) == 2
    assert codes(bulletin) == ["XS501"]


def test_circled_lists_inside_marked_sections_stay_body_text() -> None:
    text = (
        "日前，区委第二轮巡察对区卫健委等2家单位开展了常规巡察。\n"
        "■区卫健委党委：理论学习不深入\n①学习：不系统；\n②研讨：走过场。\n"
        "【区委第一巡察组向区卫健委党委反馈巡察情况】\n"
        "■区教委党组：资源配置不均衡\n①学校：办学条件差距大。\n"
        "【区委第二巡察组向区教委党组反馈巡察情况】\n"
    )
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["区卫健委党委", "区教委党组"]
    assert bulletin.entries[0].findings == ["①学习：不系统", "②研讨：走过场"]
    assert codes(bulletin) == []
    assert_nothing_lost(bulletin)
