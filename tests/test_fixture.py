"""The shared fixture against hand-written expected values (tests/fixtures/*.expected.json)."""

from __future__ import annotations

from typing import Any

import pytest

from xunshi_parser import Bulletin, parse_file

from support import SAMPLE_PATH, assert_nothing_lost

ENTRY_COUNT = 38


def test_title_lead_and_editor(sample: Bulletin, expected: dict[str, Any]) -> None:
    assert sample.title == expected["title"]
    assert sample.lead == expected["lead"]
    assert sample.editor == expected["editor"]
    assert sample.title_span is not None
    assert sample.title_span.slice(sample.text) == "原标题：" + expected["title"]
    assert sample.editor_span is not None
    assert sample.editor_span.slice(sample.text) == "责任编辑：王蒙"


def test_round(sample: Bulletin, expected: dict[str, Any]) -> None:
    assert sample.round is not None
    assert sample.round.model_dump(exclude={"inspection", "clues"}) == expected["round"]
    assert sample.round.inspection == "巡视"
    assert sample.round.clues == (
        "巡视期间，巡视组在被巡视单位收到反映一些领导干部的问题线索，"
        "已按规定转市纪委监委、市委组织部等有关方面处理。"
    )


def test_entry_count(sample: Bulletin, expected: dict[str, Any]) -> None:
    assert len(expected["entries"]) == ENTRY_COUNT
    assert len(sample.entries) == ENTRY_COUNT


@pytest.mark.parametrize("index", range(1, ENTRY_COUNT + 1))
def test_entry(sample: Bulletin, expected: dict[str, Any], index: int) -> None:
    want = expected["entries"][index - 1]
    entry = sample.entries[index - 1]
    assert entry.index == want["index"] == index
    assert entry.unit.text == want["unit"]
    assert entry.unit.organizations == want["organizations"]
    assert entry.unit.aliases == want["aliases"]
    assert entry.unit.party_org == want["party_org"]
    assert entry.headline == want["headline"]
    assert entry.headline_source == "restatement"
    assert entry.body == want["body"]
    assert len(entry.findings) == want["finding_count"]
    assert entry.findings[0] == want["first_finding"]
    assert entry.findings[-1] == want["last_finding"]
    assert entry.feedback is not None
    assert entry.feedback.team_name == want["team_name"]
    assert entry.feedback.team_number == want["team_number"]
    assert entry.feedback.inspection == "巡视"
    assert entry.feedback.target == want["target"]
    trailer = f"【{want['team_name']}向{want['target']}反馈巡视情况】"
    assert entry.feedback.span.slice(sample.text) == trailer
    assert entry.span.slice(sample.text) == (
        f"■{want['unit']}：{want['headline']}{want['body']}{trailer}"
    )


def test_fixture_diagnostics(sample: Bulletin) -> None:
    # The only oddity in the real bulletin: 积水潭医院党委 reported to as 北京积水潭医院党委.
    assert [(d.code, d.severity, d.entry) for d in sample.diagnostics] == [("XS212", "info", 33)]
    assert sample.unplaced == []
    assert sample.errors == []


def test_nothing_lost(sample: Bulletin) -> None:
    assert_nothing_lost(sample)


def test_parse_file_matches_parse(sample: Bulletin) -> None:
    assert parse_file(SAMPLE_PATH) == sample
    assert parse_file(str(SAMPLE_PATH)) == sample


def test_json_round_trip(sample: Bulletin) -> None:
    dumped = sample.model_dump_json()
    assert "市档案馆" in dumped  # Chinese stays unescaped
    assert Bulletin.model_validate_json(dumped) == sample


def test_package_sample_is_the_fixture() -> None:
    from importlib import resources

    shipped = (resources.files("xunshi_parser") / "data" / "beijing-2021-r13.txt").read_bytes()
    assert shipped == SAMPLE_PATH.read_bytes()
