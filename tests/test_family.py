"""The wider family of ■/【】 bulletins, each re-rendered from the sample with its expected values
changed by hand; and the relatives that are not bulletins, which must be refused."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from renderings import Expected, expected, flattened
from xunshi_parser import BulletinError, parse

from support import assert_nothing_lost

TEAM_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"]


@dataclass(frozen=True)
class Variant:
    name: str
    change_text: Callable[[str], str]
    #: Expected values that change, by hand: round fields, and per-entry field → function of the
    #: original expected entry.
    round_changes: dict[str, Any] = field(default_factory=dict)
    entry_changes: dict[str, Callable[[Expected], Any]] = field(default_factory=dict)
    inspection: str = "巡视"
    #: What the trailers say was fed back, between 反馈 and 情况.
    kind: str | None = "巡视"


def team_prefix(prefix: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        return text.replace("【市委第", f"【{prefix}第")

    return change


def replace(*pairs: tuple[str, str]) -> Callable[[str], str]:
    def change(text: str) -> str:
        for old, new in pairs:
            text = text.replace(old, new)
        return text

    return change


def arabic_teams(text: str) -> str:
    # Longest numerals first, so 十一 is not read as 十 followed by 一.
    for number, numeral in sorted(enumerate(TEAM_NUMERALS, 1), key=lambda p: -len(p[1])):
        text = text.replace(f"【市委第{numeral}巡视组", f"【市委第{number}巡视组")
    return text


def marker(new: str) -> Variant:
    return Variant(f"marker {new}", replace(("■", new)))


VARIANTS = [
    Variant(
        "district 巡察 round",
        replace(("巡视", "巡察"), ("【市委第", "【区委第")),
        round_changes={"kinds": ["常规巡察", "提级巡察", "专项巡察"]},
        entry_changes={
            "team_name": lambda e: e["team_name"].replace("市委", "区委").replace("巡视", "巡察"),
            # Two bodies mention 巡视 themselves (上次巡视反馈, 对巡视和相关整改).
            "body": lambda e: e["body"].replace("巡视", "巡察"),
            "first_finding": lambda e: e["first_finding"].replace("巡视", "巡察"),
            "last_finding": lambda e: e["last_finding"].replace("巡视", "巡察"),
            "headline": lambda e: e["headline"].replace("巡视", "巡察"),
        },
        inspection="巡察",
        kind="巡察",
    ),
    Variant(
        "provincial teams",
        team_prefix("省委"),
        entry_changes={"team_name": lambda e: e["team_name"].replace("市委", "省委")},
    ),
    Variant(
        "central teams",
        team_prefix("中央"),
        entry_changes={"team_name": lambda e: e["team_name"].replace("市委", "中央")},
    ),
    Variant(
        "team names with a term prefix",
        team_prefix("十二届市委"),
        entry_changes={"team_name": lambda e: "十二届" + e["team_name"]},
    ),
    Variant("trailers without 巡视", replace(("反馈巡视情况】", "反馈情况】")), kind=None),
    Variant(
        "a 巡视“回头看” round",
        replace(("反馈巡视情况】", "反馈巡视“回头看”情况】")),
        kind="巡视“回头看”",
    ),
    Variant(
        "专项巡视 trailers", replace(("反馈巡视情况】", "反馈专项巡视情况】")), kind="专项巡视"
    ),
    Variant(
        "trailers in traditional characters",
        replace(("巡视组向", "巡視組向"), ("反馈巡视情况】", "反饋巡視情況】")),
        entry_changes={"team_name": lambda e: e["team_name"].replace("巡视组", "巡視組")},
        kind="巡視",
    ),
    Variant(
        "trailers in round brackets",
        replace(("【市委第", "（市委第"), ("反馈巡视情况】", "反馈巡视情况）")),
    ),
    Variant(
        "team numbers in Arabic digits",
        arabic_teams,
        entry_changes={
            "team_name": lambda e: f"市委第{e['team_number']}巡视组",
        },
    ),
    marker("◆"),
    marker("●"),
    marker("▲"),
    marker("□"),
    marker("◎"),
    marker("▶"),
    Variant(
        "lead: 近日, 据…消息, no term, round in Arabic digits",
        replace(
            (
                "日前，北京纪检监察网通报十二届北京市委第十三轮巡视",
                "近日，据北京纪检监察网消息，北京市委第13轮巡视",
            )
        ),
        round_changes={"term": None},
        entry_changes={},
    ),
    Variant(
        "lead: 近期, a period spanning two years",
        replace(("日前，", "近期，"), ("自2021年10月至12月", "自2021年11月至2022年1月")),
        round_changes={"period_start": "2021-11", "period_end": "2022-01"},
    ),
    Variant(
        "lead: period end without its year, wrapping into the next",
        replace(("自2021年10月至12月", "自2021年11月至1月")),
        round_changes={"period_start": "2021-11", "period_end": "2022-01"},
    ),
]


def changed_lead(variant: Variant, data: Expected) -> str:
    return variant.change_text(data["lead"])


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_variant(variant: Variant) -> None:
    data = expected()
    text = variant.change_text(flattened(data))
    bulletin = parse(text)
    assert_nothing_lost(bulletin)
    assert [(d.code, d.entry) for d in bulletin.diagnostics] == [("XS212", 33)]

    want_round = copy.deepcopy(data["round"]) | variant.round_changes
    assert bulletin.round is not None
    assert bulletin.round.model_dump(exclude={"inspection", "clues"}) == want_round
    assert bulletin.round.inspection == variant.inspection
    assert bulletin.title == variant.change_text(data["title"])
    assert bulletin.lead == changed_lead(variant, data)

    assert len(bulletin.entries) == 38
    for entry, original in zip(bulletin.entries, data["entries"], strict=True):
        want = {key: change(original) for key, change in variant.entry_changes.items()}
        assert entry.feedback is not None
        assert entry.unit.text == original["unit"]
        assert entry.headline == want.get("headline", original["headline"])
        assert entry.body == want.get("body", original["body"])
        assert len(entry.findings) == original["finding_count"]
        assert entry.feedback.team_name == want.get("team_name", original["team_name"])
        assert entry.feedback.team_number == original["team_number"]
        assert entry.feedback.inspection == variant.inspection
        assert entry.feedback.target == original["target"]
        assert entry.feedback.kind == variant.kind


def test_one_marker_per_document() -> None:
    # A ■ bulletin whose bodies use ● bullets: ● starts no section.
    data = expected()
    text = flattened(data).replace("理论学习不够深入，", "●理论学习：不够深入，", 1)
    bulletin = parse(text)
    assert len(bulletin.entries) == 38
    assert "●理论学习：不够深入" in bulletin.entries[0].body


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "entry announcement",
            (
                "原标题：市委巡察组进驻情况\n日前，市委第三轮巡察完成进驻。\n"
                "市委第一巡察组:巡察甲镇、乙镇。\n市委第二巡察组:巡察丙街道。\n"
            ),
        ),
        (
            "entry announcement with bullets",
            (
                "近日，十二届区委第三轮巡察进驻。\n●市委第一巡察组：巡察甲镇、乙镇。\n"
                "●市委第二巡察组：巡察丙街道。\n"
            ),
        ),
        (
            "round-up with numbered sections",
            "原标题：巡视整改进展情况\n(一)市档案馆：整改问题12个。\n(二)市审计局：整改问题8个。\n",
        ),
        ("article ending in 【编辑】", "日前，某地通报了巡视工作情况。全文如下……【编辑:某某】"),
        ("news with a ■ list", "■要闻：市委召开会议\n■快讯：天气转凉\n"),
    ],
)
def test_relatives_are_refused(name: str, text: str) -> None:
    with pytest.raises(BulletinError) as caught:
        parse(text)
    message = str(caught.value)
    assert message.startswith("no bulletin sections found")
    assert "【市委第一巡视组向单位反馈巡视情况】" in message  # says what was expected
    assert "one team's feedback to one unit" not in message


def test_a_report_of_one_feedback_is_refused_as_one() -> None:
    text = (
        "省委第三巡视组向省农业农村厅党组反馈巡视情况\n"
        "根据省委统一部署，2023年3月至5月，省委第三巡视组对省农业农村厅党组进行了常规巡视。"
        "6月20日，省委第三巡视组向省农业农村厅党组反馈巡视情况。\n"
    )
    with pytest.raises(BulletinError) as caught:
        parse(text)
    assert str(caught.value) == (
        "no bulletin sections found: no trailer; this looks like a report of one team's "
        "feedback to one unit; expected sections such as "
        "'■单位：标题……【市委第一巡视组向单位反馈巡视情况】'"
    )


def test_sub_bullets_with_colons_stay_in_the_body() -> None:
    trailer = "【市委第一巡视组向市档案馆反馈巡视情况】"
    text = (
        "■市档案馆：\n为民服务意识不强\n●一是：档案工作有差距。\n●二是：理论学习不够深入。\n"
        + trailer
    )
    bulletin = parse(text)
    assert [entry.unit.text for entry in bulletin.entries] == ["市档案馆"]
    entry = bulletin.entries[0]
    assert entry.headline == "为民服务意识不强"
    assert entry.body == "●一是：档案工作有差距。\n●二是：理论学习不够深入。"
    assert entry.findings == ["●一是：档案工作有差距", "●二是：理论学习不够深入"]
    # Several sections, each with sub-bullets: still ■.
    data = expected()
    text = flattened(data).replace("【", "●一是：甲。●二是：乙。【")
    assert [e.unit.text for e in parse(text).entries] == [e["unit"] for e in data["entries"]]
