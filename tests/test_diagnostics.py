"""Each diagnostic, triggered from a damaged copy of the fixture."""

from __future__ import annotations

import pickle
import re
import typing
from collections.abc import Callable, Iterator
from datetime import date

import jsonschema
import pydantic
import pytest

from xunshi_parser import Bulletin, BulletinError, Diagnostic, XunshiError, diagnostics, parse
from xunshi_parser.codes import BY_CODE, CODES, Severity

from support import assert_nothing_lost

FIRST_TRAILER = "【市委第一巡视组向市档案馆反馈巡视情况】"
SECOND_TRAILER = "【市委第一巡视组向市机关事务管理局党组反馈巡视情况】"


def codes(bulletin: Bulletin) -> list[tuple[str, str, int | None]]:
    return [(d.code, d.severity, d.entry) for d in bulletin.diagnostics if d.code != "XS212"]


def same_entry(damaged: Bulletin, sample: Bulletin, damaged_index: int, index: int) -> None:
    """The entry parsed from damaged text equals the original, offsets aside."""
    got = damaged.entries[damaged_index - 1]
    want = sample.entries[index - 1]
    assert got.unit.text == want.unit.text
    assert got.headline == want.headline
    assert got.body == want.body
    assert got.findings == want.findings
    assert got.feedback is not None
    assert want.feedback is not None
    assert got.feedback.model_dump(exclude={"span"}) == want.feedback.model_dump(exclude={"span"})
    assert got.span.slice(damaged.text) == want.span.slice(sample.text)


def test_section_without_trailer(sample_text: str, sample: Bulletin) -> None:
    damaged = parse(sample_text.replace(FIRST_TRAILER, "", 1))
    assert codes(damaged) == [("XS201", "error", 1)]
    first = damaged.entries[0]
    assert first.feedback is None
    assert first.body == sample.entries[0].body
    assert first.span.slice(damaged.text).endswith("查找不深不细。")
    same_entry(damaged, sample, 2, 2)
    assert len(damaged.entries) == 38
    assert_nothing_lost(damaged)


def test_error_position_is_the_marker(sample_text: str) -> None:
    text = sample_text.replace(FIRST_TRAILER, "", 1)
    damaged = parse(text)
    error = damaged.errors[0]
    assert error.offset == text.index("■市档案馆")
    assert (error.line, error.column) == (1, error.offset + 1)
    multiline = parse(text.replace("■", "\n■"))
    error = multiline.errors[0]
    assert (error.line, error.column) == (2, 1)


def test_truncated_file(sample_text: str, sample: Bulletin) -> None:
    # Cut in the middle of the body of the 10th section.
    cut = sample_text.index("吸纳在京黄埔军校同学亲属")
    damaged = parse(sample_text[:cut])
    assert len(damaged.entries) == 10
    for index in range(1, 10):
        same_entry(damaged, sample, index, index)
    assert codes(damaged) == [
        ("XS401", "warning", None),  # 38 announced
        ("XS201", "error", 10),
        ("XS301", "warning", 10),  # the cut came before the restatement
    ]
    last = damaged.entries[-1]
    assert last.headline == ""
    assert last.body == "上次巡视反馈的个别问题未完全整改抓工作落实的使命感紧迫感不强，"
    assert damaged.editor is None
    assert_nothing_lost(damaged)


@pytest.mark.parametrize("cut", range(0, 5740, 97))
def test_truncated_anywhere(sample_text: str, sample: Bulletin, cut: int) -> None:
    if cut < sample_text.index("】") + 1:
        with pytest.raises(BulletinError, match="no bulletin sections"):
            parse(sample_text[:cut])
        return
    damaged = parse(sample_text[:cut])
    complete = [e for e in damaged.entries if e.feedback is not None]
    for entry in complete:
        same_entry(damaged, sample, entry.index, entry.index)
    assert len(damaged.entries) - len(complete) <= 1
    assert_nothing_lost(damaged)


def test_cut_inside_a_header(sample_text: str) -> None:
    cut = sample_text.index("■市机关事务管理局") + len("■市机关事务管")
    damaged = parse(sample_text[:cut])
    # The cut header is reported once, as damage: not also as stray text (XS501).
    assert codes(damaged) == [("XS401", "warning", None), ("XS203", "error", None)]
    assert damaged.unplaced[0].text == "■市机关事务管"
    assert damaged.errors[0].offset == cut - len("■市机关事务管")


@pytest.mark.parametrize(
    ("ending", "marker_at"),
    [
        ("■ 市机关事务管", 0),
        ("■市机关事务管\n\n责任编辑：王蒙", 0),
        ("（来源：某网）■市机关事务管", len("（来源：某网）")),
    ],
)
def test_cut_header_after_spaces_or_stray_text(
    sample_text: str, ending: str, marker_at: int
) -> None:
    cut = sample_text.index("■市机关事务管理局")
    damaged = parse(sample_text[:cut] + ending)
    assert codes(damaged) == [("XS401", "warning", None), ("XS203", "error", None)]
    assert damaged.errors[0].offset == cut + marker_at
    assert "has no '：'" in damaged.errors[0].message


@pytest.mark.parametrize(
    ("ending", "mark"),
    [
        ("■责任编辑：王蒙", "■"),
        ("■\n责任编辑：王蒙", "■"),
        ("\n■\u3000\n\n（责任编辑：王蒙）", "■"),
        ("◆ \n\n责任编辑：王蒙", "◆"),
    ],
)
def test_end_of_article_mark_is_no_damage(sample_text: str, ending: str, mark: str) -> None:
    # Some sites close the article with a marker alone: no XS203, strict mode accepts it.
    body = sample_text.removesuffix("责任编辑：王蒙")
    text = body + ending
    bulletin = parse(text, strict=True)
    assert codes(bulletin) == [("XS503", "info", None)]
    assert [u.text for u in bulletin.unplaced] == [mark]
    assert bulletin.diagnostics[-1].offset == text.index(mark, len(body))
    assert f"'{mark}'" in bulletin.diagnostics[-1].message
    assert len(bulletin.entries) == 38
    assert_nothing_lost(bulletin)


@pytest.mark.parametrize("ending", ["■", "\n■ \n"])
def test_lone_marker_ending_an_unsigned_text_is_a_cut_header(sample_text: str, ending: str) -> None:
    # Without an editor line after it, a final marker may as well be a header cut just after
    # its marker: damage, not an end mark.
    body = sample_text.removesuffix("责任编辑：王蒙")
    bulletin = parse(body + ending)
    assert codes(bulletin) == [("XS203", "error", None)]
    assert bulletin.errors[0].offset == len(body) + ending.index("■")
    assert [u.text for u in bulletin.unplaced] == ["■"]


def test_marker_in_brackets_at_the_end_is_stray_text(sample_text: str) -> None:
    # A bracket after the marker starts no unit: no cut header, no end mark either.
    text = sample_text.removesuffix("责任编辑：王蒙") + "（■）责任编辑：王蒙"
    bulletin = parse(text)
    assert codes(bulletin) == [("XS501", "warning", None)]
    assert [u.text for u in bulletin.unplaced] == ["（■）"]


def test_target_differs(sample_text: str) -> None:
    text = sample_text.replace("向市档案馆反馈", "向市园林绿化局反馈", 1)
    damaged = parse(text)
    assert codes(damaged) == [("XS211", "warning", 1)]
    assert damaged.diagnostics[0].offset == text.index("【市委第一巡视组向市园林")


def test_target_contains_unit_is_info(sample: Bulletin) -> None:
    info = [d for d in sample.diagnostics if d.code == "XS212"]
    assert len(info) == 1
    assert info[0].severity == "info"
    assert info[0].entry == 33
    assert "北京积水潭医院党委" in info[0].message


def test_section_count_differs(sample_text: str) -> None:
    damaged = parse(sample_text.replace("等38家单位党组织开展", "等39家单位党组织开展", 1))
    assert codes(damaged) == [("XS401", "warning", None)]
    assert "39" in damaged.diagnostics[0].message


def test_team_numbers_backwards(sample_text: str) -> None:
    text = sample_text.replace("【市委第二巡视组向市人大", "【市委第十巡视组向市人大", 1)
    damaged = parse(text)
    assert codes(damaged) == [("XS221", "warning", 5)]


def test_headline_not_restated(sample_text: str) -> None:
    damaged = parse(sample_text.replace("为民服务意识不强。对重点", "对重点", 1))
    assert codes(damaged) == [("XS301", "warning", 1)]
    entry = damaged.entries[0]
    assert entry.headline == ""
    assert entry.headline_source == "none"
    assert entry.body.startswith("为民服务意识不强档案工作")
    assert_nothing_lost(damaged)


def test_empty_body(sample_text: str) -> None:
    start = sample_text.index("为民服务意识不强档案")
    end = sample_text.index(FIRST_TRAILER)
    damaged = parse(sample_text[:start] + sample_text[end:])
    assert codes(damaged) == [("XS302", "warning", 1)]
    assert damaged.entries[0].headline == ""
    assert damaged.entries[0].body == ""
    assert damaged.entries[0].findings == []


def test_unplaced_text_between_sections(sample_text: str) -> None:
    text = sample_text.replace(FIRST_TRAILER, FIRST_TRAILER + "（来源：某网）", 1)
    damaged = parse(text)
    assert codes(damaged) == [("XS501", "warning", None)]
    assert [u.text for u in damaged.unplaced] == ["（来源：某网）"]
    assert damaged.unplaced[0].span.start == text.index("（来源")
    assert_nothing_lost(damaged)


def test_lost_marker_keeps_text(sample_text: str, sample: Bulletin) -> None:
    # The second section loses its marker: its text is kept and reported as a lost section, at
    # its trailer (there is no header left), and the rest parses exactly.
    text = sample_text.replace("■市机关事务管理局党组", "市机关事务管理局党组", 1)
    damaged = parse(text)
    assert len(damaged.entries) == 37
    assert codes(damaged) == [("XS401", "warning", None), ("XS502", "error", None)]
    assert damaged.unplaced[0].text.startswith("市机关事务管理局党组：推动机关事务改革")
    assert damaged.unplaced[0].text.endswith("反馈巡视情况】")
    lost = damaged.errors[0]
    assert lost.offset == text.index(SECOND_TRAILER)
    assert "'市机关事务管理局党组'" in lost.message
    same_entry(damaged, sample, 2, 3)
    assert_nothing_lost(damaged)
    with pytest.raises(BulletinError, match="XS502"):
        parse(text, strict=True)


@pytest.mark.parametrize("marker", ["◆", "●"])
def test_lost_section_is_reported_at_its_header(sample_text: str, marker: str) -> None:
    # One section per line; the second one's marker is damaged into another marker, so the
    # section is not found and lands in the unplaced text, header and all.
    text = sample_text.replace("■", "\n■").replace(
        "\n■市机关事务管理局党组", f"\n{marker}市机关事务管理局党组"
    )
    damaged = parse(text)
    assert len(damaged.entries) == 37
    assert codes(damaged) == [("XS401", "warning", None), ("XS502", "error", None)]
    lost = damaged.errors[0]
    # Line 1 is the title and lead, line 2 the first section, line 3 the lost one.
    assert (lost.line, lost.column) == (3, 1)
    assert lost.offset == text.index(f"{marker}市机关事务管理局党组")
    assert "'市机关事务管理局党组'" in lost.message
    assert_nothing_lost(damaged)


def test_header_without_colon_is_reported_at_the_trailer(sample_text: str) -> None:
    text = sample_text.replace("■市机关事务管理局党组：", "■市机关事务管理局党组", 1)
    damaged = parse(text)
    assert ("XS502", "error", None) in codes(damaged)
    [lost] = [d for d in damaged.diagnostics if d.code == "XS502"]
    assert lost.offset == text.index(SECOND_TRAILER)
    assert_nothing_lost(damaged)


def test_each_lost_section_is_an_error(sample_text: str) -> None:
    # Sections 2 and 3 lose their markers: one piece of unplaced text, two lost sections.
    text = sample_text.replace("■市机关事务管理局党组", "市机关事务管理局党组", 1)
    text = text.replace("■市委办公厅（市档案局）", "市委办公厅（市档案局）", 1)
    damaged = parse(text)
    assert len(damaged.unplaced) == 1
    lost = [d for d in damaged.diagnostics if d.code == "XS502"]
    assert [d.offset for d in lost] == [
        text.index(SECOND_TRAILER),
        text.index("【市委第一巡视组向市委办公厅（市档案局）反馈巡视情况】"),
    ]
    assert "'市委办公厅（市档案局）'" in lost[1].message
    assert [d.code for d in damaged.diagnostics if d.code.startswith("XS5")] == ["XS502", "XS502"]


def test_sub_bullet_in_stray_text_is_no_lost_section(sample_text: str) -> None:
    # ●一是： after a trailer in a ■ document, with no trailer of its own: a bullet, not a section.
    text = sample_text.replace(FIRST_TRAILER, FIRST_TRAILER + "●一是：加强学习。", 1)
    damaged = parse(text)
    assert codes(damaged) == [("XS501", "warning", None)]
    assert [u.text for u in damaged.unplaced] == ["●一是：加强学习。"]


def test_marker_without_header(sample_text: str) -> None:
    text = sample_text.replace("理论学习不够深入，抓落实", "理论学习不够深入■，抓落实", 1)
    damaged = parse(text)
    assert codes(damaged) == [("XS202", "warning", 1)]
    assert damaged.diagnostics[0].offset == text.index("■，")


def test_no_lead(sample_text: str) -> None:
    damaged = parse(sample_text[sample_text.index("■") :])
    assert damaged.title is None
    assert damaged.lead is None
    assert damaged.round is None
    assert codes(damaged) == [("XS101", "warning", None)]


def test_strict_raises_on_errors(sample_text: str) -> None:
    text = sample_text.replace(FIRST_TRAILER, "", 1)
    with pytest.raises(BulletinError) as caught:
        parse(text, strict=True)
    error = caught.value
    assert error.line == 1
    assert error.column == text.index("■市档案馆") + 1
    assert [d.code for d in error.diagnostics] == ["XS201"]
    assert "XS201" in str(error)
    assert str(error).endswith(f"(at line 1, column {error.column})")


def test_strict_passes_warnings(sample_text: str) -> None:
    bulletin = parse(
        sample_text.replace("等38家单位党组织开展", "等39家单位党组织开展", 1), strict=True
    )
    assert [d.code for d in bulletin.diagnostics] == ["XS401", "XS212"]


def test_no_sections() -> None:
    with pytest.raises(BulletinError, match="no bulletin sections found") as caught:
        parse("日前，某地通报了巡视情况。")
    assert caught.value.line is None


def test_trailers_without_headers_say_where_the_first_trailer_stands() -> None:
    text = (
        "日前，某区通报巡察情况。\n"
        "区卫健委党委：理论学习不深入。【区委第一巡察组向区卫健委党委反馈巡察情况】\n"
    )
    with pytest.raises(BulletinError) as caught:
        parse(text)
    error = caught.value
    assert error.message.startswith(
        "no bulletin sections found: a trailer but no section header before it"
    )
    assert (error.line, error.column, error.offset) == (2, 16, text.index("【"))


@pytest.mark.parametrize(
    "error",
    [
        XunshiError("plain"),
        BulletinError("positioned", line=3, column=5, offset=40),
        BulletinError(
            "strict",
            line=1,
            column=2,
            offset=1,
            diagnostics=[
                Diagnostic(
                    code="XS201", severity="error", message="m", line=1, column=2, offset=1,
                    entry=1,
                )
            ],
        ),
    ],
)  # fmt: skip
def test_errors_pickle(error: XunshiError) -> None:
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert (copy.line, copy.column, copy.offset) == (error.line, error.column, error.offset)
    assert getattr(copy, "diagnostics", None) == getattr(error, "diagnostics", None)


def test_error_str() -> None:
    assert str(XunshiError("bad", line=3, column=5)) == "bad (at line 3, column 5)"
    assert str(XunshiError("bad", line=3)) == "bad (at line 3)"
    assert isinstance(XunshiError("x"), ValueError)


@pytest.mark.parametrize(
    ("footer", "editor"),
    [
        ("责任编辑：王蒙", "王蒙"),
        ("\n（责任编辑：王蒙）", "王蒙"),
        ("\n[责任编辑：王蒙]", "王蒙"),
        ("\n【责任编辑：王蒙】", "王蒙"),
        ("\n【责任编辑:王蒙】\n\n", "王蒙"),
        ("\n（责任编辑：王蒙", "王蒙"),
        ("\n责任编辑：王蒙 李明", "王蒙 李明"),
        ("\n責任編輯：王蒙", "王蒙"),
        # Other labels, and other fields after the name or on the lines after it.
        ("\n责编：王蒙", "王蒙"),
        ("\n编辑：王五 审核：赵六", "王五"),
        ("\n（编辑：王蒙）", "王蒙"),
        ("\n责任编辑：王蒙 审核：李四", "王蒙"),
        ("\n【责任编辑：王蒙\u3000审核：李四】", "王蒙"),
        ("\n责任编辑：王蒙 李明 校对：张三\n来源：某网", "王蒙 李明"),
        ("\n责任编辑：王蒙\n来源：北京日报（客户端）", "王蒙"),
        ("\n责任编辑：王蒙\n（来源：某网）", "王蒙"),
    ],
)
def test_editor_line_variants(sample_text: str, footer: str, editor: str) -> None:
    text = sample_text.removesuffix("责任编辑：王蒙") + footer
    bulletin = parse(text)
    assert bulletin.editor == editor
    assert bulletin.unplaced == []
    assert bulletin.editor_span is not None
    assert bulletin.editor_span.slice(text) == footer.strip()


@pytest.mark.parametrize(
    ("footer", "source"),
    [
        ("\n责任编辑：王蒙\n来源：重庆市纪委监委网站", "重庆市纪委监委网站"),
        ("\n【责任编辑：王蒙\u3000来源：某网】", "某网"),
        ("\n（责任编辑：王蒙 来源：某网）", "某网"),
        ("\n责任编辑：王蒙\n来源：北京日报（客户端）", "北京日报（客户端）"),
        ("\n责任编辑：王蒙", None),
    ],
)
def test_a_source_in_the_editor_lines(sample_text: str, footer: str, source: str | None) -> None:
    bulletin = parse(sample_text.removesuffix("责任编辑：王蒙") + footer)
    assert (bulletin.editor, bulletin.source, bulletin.unplaced) == ("王蒙", source, [])


def test_the_dateline_source_comes_before_the_footer_one(sample_text: str) -> None:
    text = "时间：2022-01-25　来源：北京纪检监察网\n" + sample_text + "\n来源：某网"
    assert parse(text).source == "北京纪检监察网"


# --- Trailer kinds ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trailer", "kind"),
    [
        ("【市委第一巡视组向市档案馆反馈巡视“回头看”情况】", "巡视“回头看”"),
        ("【市委第一巡视组向市档案馆反馈专项巡视情况】", "专项巡视"),
        ("【市委第一巡視組向市档案馆反饋專項巡視情況】", "專項巡視"),
        ("【市委第一巡视组向市档案馆反馈情况】", None),
    ],
)
def test_known_trailer_kinds_are_silent(sample_text: str, trailer: str, kind: str | None) -> None:
    bulletin = parse(sample_text.replace(FIRST_TRAILER, trailer, 1))
    assert bulletin.entries[0].feedback is not None
    assert bulletin.entries[0].feedback.kind == kind
    assert codes(bulletin) == []


def test_unknown_trailer_kind_is_information(sample_text: str) -> None:
    trailer = "【市委第一巡视组向市档案馆反馈巡视整治情况】"
    text = sample_text.replace(FIRST_TRAILER, trailer, 1)
    bulletin = parse(text, strict=True)
    assert codes(bulletin) == [("XS231", "info", 1)]
    info = bulletin.diagnostics[0]
    assert info.offset == text.index(trailer)
    assert "'巡视整治'" in info.message


def test_small_bulletin_with_a_return_visit() -> None:
    text = (
        "■市体育局党组：政治站位不够高重点工作推进不力，政治站位不够高。"
        "【市委第十巡视组向市体育局党组反馈巡视“回头看”情况】"
    )
    bulletin = parse(text)
    assert bulletin.entries[0].feedback is not None
    assert bulletin.entries[0].feedback.kind == "巡视“回头看”"
    assert not [d for d in bulletin.diagnostics if d.code == "XS231"]
    unknown = parse(text.replace("反馈巡视“回头看”情况", "反馈巡视整治情况"))
    assert [(d.code, d.severity) for d in unknown.diagnostics if d.code == "XS231"] == [
        ("XS231", "info")
    ]


def with_kind(bulletin: Bulletin, kind: str | None) -> Bulletin:
    """``bulletin`` with the first trailer's kind set, as a parser would read it."""
    entry = bulletin.entries[0]
    assert entry.feedback is not None
    feedback = entry.feedback.model_copy(update={"kind": kind})
    entries = [entry.model_copy(update={"feedback": feedback}), *bulletin.entries[1:]]
    return bulletin.model_copy(update={"entries": entries, "diagnostics": []})


@pytest.mark.parametrize(
    ("kind", "known"),
    [
        ("巡视", True),
        ("巡察", True),
        ("巡视“回头看”", True),
        ("巡視“回頭看”", True),
        ("專項巡視", True),
        (" 提级巡察 ", True),
        ("巡视整治", False),
        ("调研", False),
        (None, True),
        ("", True),
    ],
)
def test_trailer_kind_rule(sample: Bulletin, kind: str | None, known: bool) -> None:
    # The rule alone, on a parsed bulletin given a kind: independent of the parser's reading.
    found = [d for d in diagnostics.check(with_kind(sample, kind)) if d.code == "XS231"]
    if known:
        assert found == []
    else:
        assert [(d.severity, d.entry) for d in found] == [("info", 1)]
        assert found[0].offset == sample.text.index(FIRST_TRAILER)
        assert f"'{kind}'" in found[0].message


# --- The table of codes ----------------------------------------------------------------------


def test_codes_table_is_well_formed() -> None:
    names = [code.code for code in CODES]
    assert len(names) == len(set(names))
    assert names == sorted(names)
    assert all(re.fullmatch(r"XS\d{3}", name) for name in names)
    assert {code.severity for code in CODES} == set(typing.get_args(Severity))
    assert BY_CODE["XS502"].severity == "error"
    assert BY_CODE["XS503"].severity == "info"
    assert BY_CODE["XS231"].severity == "info"


def test_schema_lists_the_codes(sample: Bulletin) -> None:
    schema = Bulletin.model_json_schema()
    code = schema["$defs"]["Diagnostic"]["properties"]["code"]
    assert code["type"] == "string"
    assert code["enum"] == [c.code for c in CODES]
    validator = jsonschema.Draft202012Validator(schema)
    record = sample.model_dump(mode="json")
    assert validator.is_valid(record)
    record["diagnostics"][0]["code"] = "XS999"
    assert not validator.is_valid(record)


def test_unknown_code_does_not_validate() -> None:
    fields = {"severity": "error", "message": "m", "line": 1, "column": 1, "offset": 0}
    with pytest.raises(pydantic.ValidationError, match="unknown diagnostic code 'XS999'"):
        Diagnostic(code="XS999", entry=None, **fields)
    assert Diagnostic(code="XS502", entry=None, **fields).code == "XS502"


def _without_trailer(text: str) -> str:
    return text.replace(FIRST_TRAILER, "", 1)


#: One damage per code, each a change to the sample that the tests above explain.
DAMAGE: dict[str, Callable[[str], str]] = {
    "XS101": lambda text: text[text.index("■") :],
    "XS201": _without_trailer,
    "XS202": lambda text: text.replace("理论学习不够深入，", "理论学习不够深入■，", 1),
    "XS203": lambda text: text[: text.index("■市机关事务管理局") + len("■市机关事务管")],
    "XS211": lambda text: text.replace("向市档案馆反馈", "向市园林绿化局反馈", 1),
    "XS212": lambda text: text,
    "XS221": lambda text: text.replace("【市委第二巡视组向市人大", "【市委第十巡视组向市人大", 1),
    "XS231": lambda text: text.replace(
        FIRST_TRAILER, "【市委第一巡视组向市档案馆反馈巡视整治情况】", 1
    ),
    "XS301": lambda text: text.replace("为民服务意识不强。对重点", "对重点", 1),
    "XS302": lambda text: (
        text[: text.index("为民服务意识不强档案")] + text[text.index(FIRST_TRAILER) :]
    ),
    "XS401": lambda text: text.replace("等38家单位党组织开展", "等39家单位党组织开展", 1),
    "XS501": lambda text: text.replace(FIRST_TRAILER, FIRST_TRAILER + "（来源：某网）", 1),
    "XS502": lambda text: text.replace("■市机关事务管理局党组", "市机关事务管理局党组", 1),
    "XS503": lambda text: text.removesuffix("责任编辑：王蒙") + "■\n责任编辑：王蒙",
    "XS504": lambda text: text + "\n阅读原文",
    "XS505": lambda text: text.replace("，", "，\n- 2 -\n", 1),
    "XS601": lambda text: text.replace("为民服务意识不强", "为民\ufffd服务意识不强", 1),
}


def test_every_code_has_a_damage() -> None:
    assert list(DAMAGE) == [code.code for code in CODES]


@pytest.mark.parametrize("code", list(DAMAGE))
def test_each_code_is_raised_with_the_tables_severity(sample_text: str, code: str) -> None:
    bulletin = parse(DAMAGE[code](sample_text))
    assert code in {d.code for d in bulletin.diagnostics}
    for diagnostic in bulletin.diagnostics:
        assert diagnostic.severity == BY_CODE[diagnostic.code].severity, diagnostic.code


# --- Positions -------------------------------------------------------------------------------


def without_trailers_but_the_last(text: str) -> str:
    """``text`` with every trailer removed but the last: a bulletin still, with 37 XS201."""
    last = text.rindex("【")
    return re.sub(r"【[^】]*】", "", text[:last]) + text[last:]


def test_positions_of_many_diagnostics_across_line_ends(sample_text: str) -> None:
    # Every trailer gone but the last, each section on a line of its own after CRLF, CR or LF
    # in turn.
    text = without_trailers_but_the_last(sample_text)
    pieces = text.split("■")
    breaks = ["\r\n", "\r", "\n"]
    text = pieces[0] + "".join(
        f"{breaks[index % 3]}■{piece}" for index, piece in enumerate(pieces[1:])
    )
    damaged = parse(text)
    errors = damaged.errors
    assert [d.code for d in errors] == ["XS201"] * 37
    # Line 1 is the title and lead, section N stands on line N + 1.
    assert [(d.line, d.column) for d in errors] == [(index + 1, 1) for index in range(1, 38)]
    assert [d.entry for d in errors] == list(range(1, 38))


class CountingBreaks:
    """Stands in for the line-break pattern and counts the scans of the text."""

    def __init__(self) -> None:
        self.scans = 0

    def finditer(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        self.scans += 1
        return re.compile(r"\r\n|\r|\n").finditer(text, start, end)


def test_positions_are_computed_lazily(
    monkeypatch: pytest.MonkeyPatch, sample_text: str, sample: Bulletin
) -> None:
    breaks = CountingBreaks()
    from xunshi_parser import positions

    monkeypatch.setattr(positions, "LINE_BREAK", breaks)
    # The sample's only remark (XS212) gone, the text is not scanned for line breaks at all.
    clean = parse(sample_text.replace("向北京积水潭医院党委反馈", "向积水潭医院党委反馈", 1))
    assert clean.diagnostics == []
    assert breaks.scans == 0
    # Without a line break, no scan either: every position is on line 1.
    damaged = parse(without_trailers_but_the_last(sample_text))
    assert len(damaged.diagnostics) >= 37
    assert breaks.scans == 0
    assert {d.line for d in damaged.diagnostics} == {1}
    # With many diagnostics on many lines, one scan.
    lines = parse(without_trailers_but_the_last(sample_text).replace("■", "\n■"))
    assert len(lines.diagnostics) >= 37
    assert breaks.scans == 1
    assert diagnostics.check(sample) == sample.diagnostics


@pytest.mark.parametrize(
    "footer", ["本文编辑：李晓", "本期编辑：李晓", "网络编辑：李晓", "（网络编辑：李晓）"]
)
def test_an_editor_named_by_the_articles_role(sample_text: str, footer: str) -> None:
    # 本文/本期/网络编辑 name the article's editor: the whole line is the editor line.
    text = sample_text.removesuffix("责任编辑：王蒙") + "\n" + footer
    bulletin = parse(text)
    assert bulletin.editor == "李晓"
    assert bulletin.unplaced == []
    assert bulletin.editor_span is not None
    assert bulletin.editor_span.slice(text) == footer


def test_an_editor_named_by_another_role(sample_text: str) -> None:
    # The editor is read; a role not known to be the article's is text the parser cannot place.
    bulletin = parse(sample_text.removesuffix("责任编辑：王蒙") + "\n值班编辑：李晓")
    assert bulletin.editor == "李晓"
    assert [piece.text for piece in bulletin.unplaced] == ["值班"]


@pytest.mark.parametrize("footer", ["总编辑：李晓", "文字编辑：李晓 图片编辑：王五"])
def test_other_editors_are_not_the_responsible_editor(sample_text: str, footer: str) -> None:
    # 编辑 as the end of another word is another role: the line stays whole, unplaced.
    bulletin = parse(sample_text.removesuffix("责任编辑：王蒙") + "\n" + footer)
    assert bulletin.editor is None
    assert [piece.text for piece in bulletin.unplaced] == [footer]


@pytest.mark.parametrize(
    ("closing", "source"),
    [
        ("\n（来源：上海市纪委监委网站）", "上海市纪委监委网站"),
        ("（来源：某网）", "某网"),
        ("\n来源：北京日报（客户端）\n\n", "北京日报（客户端）"),
        ("\n【稿源：某网】", "某网"),
    ],
)
def test_a_closing_line_naming_the_source_is_the_dateline(
    sample_text: str, closing: str, source: str
) -> None:
    text = sample_text.removesuffix("责任编辑：王蒙") + closing
    bulletin = parse(text)
    assert bulletin.source == source
    assert bulletin.dateline_span is not None
    assert bulletin.dateline_span.slice(text) == closing.strip()
    assert (bulletin.editor, bulletin.unplaced) == (None, [])
    assert len(bulletin.entries) == 38


def test_a_closing_source_line_after_a_dateline_is_unplaced(sample_text: str) -> None:
    # One dateline per bulletin: the one above the lead; the closing line is reported.
    text = "时间：2022-01-25　来源：北京纪检监察网\n" + sample_text.removesuffix("责任编辑：王蒙")
    text += "\n（来源：某网）"
    bulletin = parse(text)
    assert bulletin.source == "北京纪检监察网"
    assert [piece.text for piece in bulletin.unplaced] == ["（来源：某网）"]
    assert "XS501" in [d.code for d in bulletin.diagnostics]


def test_a_period_without_a_year_takes_the_datelines(sample_text: str) -> None:
    text = "时间：2022-01-25　来源：北京纪检监察网\n" + sample_text.replace(
        "本轮巡视自2021年10月至12月", "本轮巡视自10月至12月", 1
    )
    round_ = parse(text).round
    assert round_ is not None
    assert (round_.period_start, round_.period_end) == ("2021-10", "2021-12")


# --- Page furniture ----------------------------------------------------------------------------

WECHAT_FOOTER = (
    "\n扫一扫在手机打开当前页\n\n阅读原文\n分享到：\n点赞 在看\n长按识别二维码关注\n"
    "微信号：bjjjjc\n【打印】【关闭】\n上一篇：某区公布巡察整改进展情况\n下一篇：某市召开警示教育大会\n"
    "返回顶部\n"
)
WECHAT_LINES = [
    "扫一扫在手机打开当前页", "阅读原文", "分享到：", "点赞 在看", "长按识别二维码关注",
    "微信号：bjjjjc", "【打印】【关闭】", "上一篇：某区公布巡察整改进展情况",
    "下一篇：某市召开警示教育大会", "返回顶部",
]  # fmt: skip


def furniture_codes(bulletin: Bulletin) -> list[str]:
    return [d.code for d in bulletin.diagnostics if d.code != "XS212"]


@pytest.mark.parametrize(
    ("footer", "lines"),
    [
        (WECHAT_FOOTER, WECHAT_LINES),
        ("\n阅读原文", ["阅读原文"]),
        ("\r\n[打印本页] [关闭窗口]\r\n", ["[打印本页] [关闭窗口]"]),
        ("\n长按识别二维码关注我们\n\n\n", ["长按识别二维码关注我们"]),
    ],
)
def test_page_furniture_after_the_editor_line(
    sample_text: str, footer: str, lines: list[str]
) -> None:
    # The editor line closes the bulletin; each line of furniture after it is kept and
    # reported as what it is, an info.
    text = sample_text + footer
    bulletin = parse(text)
    assert bulletin.editor == "王蒙"
    assert bulletin.editor_span is not None
    assert bulletin.editor_span.slice(text) == "责任编辑：王蒙"
    assert len(bulletin.entries) == 38
    assert [piece.text for piece in bulletin.unplaced] == lines
    assert furniture_codes(bulletin) == ["XS504"] * len(lines)
    assert [d.offset for d in bulletin.diagnostics if d.code == "XS504"] == [
        piece.span.start for piece in bulletin.unplaced
    ]
    assert_nothing_lost(bulletin)


def test_a_page_of_links_after_the_editor_line(sample_text: str) -> None:
    # A news page's footer with the titles of the articles before and after, each line under
    # the line limit, 471 characters in all (more than the 400 once looked at).
    titles = [
        f"上一篇：关于印发《某某县{n}年度巡察工作要点》的通知" + "某" * (25 + 9 * n)
        for n in range(6)
    ]
    lines = ["扫一扫在手机打开当前页", "【打印】【关闭】", "分享到：微信 微博", *titles]
    text = sample_text + "\n" + "\n".join(lines)
    bulletin = parse(text)
    assert bulletin.editor == "王蒙"
    assert [piece.text for piece in bulletin.unplaced] == lines
    assert furniture_codes(bulletin) == ["XS504"] * len(lines)


def test_page_furniture_in_traditional_characters(sample_text: str) -> None:
    lines = ["閱讀原文", "點讚 在看", "【打印】【關閉】", "返回頂部"]
    bulletin = parse(sample_text + "\n" + "\n".join(lines))
    assert bulletin.editor == "王蒙"
    assert [piece.text for piece in bulletin.unplaced] == lines
    assert furniture_codes(bulletin) == ["XS504"] * len(lines)


def test_page_furniture_after_the_editor_lines_other_fields(sample_text: str) -> None:
    text = sample_text + "\n来源：某网\n阅读原文"
    bulletin = parse(text)
    assert (bulletin.editor, bulletin.source) == ("王蒙", "某网")
    assert bulletin.editor_span is not None
    assert bulletin.editor_span.slice(text) == "责任编辑：王蒙\n来源：某网"
    assert [piece.text for piece in bulletin.unplaced] == ["阅读原文"]


def test_page_furniture_without_an_editor_line(sample_text: str) -> None:
    # After the last trailer: the last section stays whole, the furniture is reported.
    text = sample_text.removesuffix("责任编辑：王蒙") + "\n阅读原文\n点赞"
    bulletin = parse(text)
    assert bulletin.editor is None
    assert len(bulletin.entries) == 38
    assert bulletin.entries[-1].feedback is not None
    assert [piece.text for piece in bulletin.unplaced] == ["阅读原文", "点赞"]
    assert furniture_codes(bulletin) == ["XS504", "XS504"]
    assert_nothing_lost(bulletin)


def test_page_furniture_after_a_closing_source_line(sample_text: str) -> None:
    text = sample_text.removesuffix("责任编辑：王蒙") + "\n（来源：某网）\n阅读原文"
    bulletin = parse(text)
    assert bulletin.source == "某网"
    assert bulletin.dateline_span is not None
    assert bulletin.dateline_span.slice(text) == "（来源：某网）"
    assert furniture_codes(bulletin) == ["XS504"]


def test_an_end_mark_before_the_editor_line_and_furniture(sample_text: str) -> None:
    text = sample_text.removesuffix("责任编辑：王蒙") + "■\n责任编辑：王蒙\n阅读原文"
    bulletin = parse(text)
    assert [piece.text for piece in bulletin.unplaced] == ["■", "阅读原文"]
    assert furniture_codes(bulletin) == ["XS503", "XS504"]


@pytest.mark.parametrize(
    ("ending", "unplaced"),
    [
        # Furniture words with other words on their line are text.
        ("\n点赞支持", ["责任编辑：王蒙\n点赞支持"]),
        ("\n请点击阅读原文查看", ["责任编辑：王蒙\n请点击阅读原文查看"]),
    ],
)
def test_words_of_furniture_in_other_text(
    sample_text: str, ending: str, unplaced: list[str]
) -> None:
    # Not furniture: the editor line does not close the text, everything after the last
    # trailer is stray text, as before.
    bulletin = parse(sample_text + ending)
    assert bulletin.editor is None
    assert [piece.text for piece in bulletin.unplaced] == unplaced
    assert furniture_codes(bulletin) == ["XS501"]


def test_furniture_before_the_editor_line_is_stray(sample_text: str) -> None:
    # Only the lines the text ends with are furniture.
    text = sample_text.removesuffix("责任编辑：王蒙") + "\n阅读原文\n责任编辑：王蒙"
    bulletin = parse(text)
    assert bulletin.editor == "王蒙"
    assert [piece.text for piece in bulletin.unplaced] == ["阅读原文"]
    assert furniture_codes(bulletin) == ["XS501"]


def test_section_without_trailer_points_at_a_bracket_near_one(sample_text: str) -> None:
    # 通报 in place of 反馈: the bracket is no trailer, and the error says which one it is.
    near = "【市委第一巡视组向市档案馆通报巡视情况】"
    damaged = parse(sample_text.replace(FIRST_TRAILER, near, 1))
    assert codes(damaged) == [("XS201", "error", 1)]
    message = damaged.errors[0].message
    assert message.startswith("section '市档案馆' has no trailer")
    assert f"'{near}' is no trailer's shape" in message
    assert damaged.errors[0].offset == sample_text.index("■市档案馆")


def test_section_without_trailer_and_no_bracket_near_one(sample_text: str) -> None:
    damaged = parse(sample_text.replace(FIRST_TRAILER, "【市委第一巡视组】", 1))
    assert damaged.errors[0].message == (
        "section '市档案馆' has no trailer 【…反馈巡视情况】: cut or damaged"
    )


def test_refusal_points_at_a_bracket_near_a_trailer() -> None:
    text = (
        "日前，县委通报第四轮巡察反馈情况。\n"
        "■县教育局党组：食堂管理不规范\n食堂管理不规范。【县委巡察组组长向县教育局党组反馈巡察情况】\n"
        "■县医保局党组：基金监管不严\n基金监管不严。【县委巡察组组长向县医保局党组反馈巡察情况】\n"
    )
    with pytest.raises(BulletinError) as caught:
        parse(text)
    error = caught.value
    assert error.message.startswith(
        "no bulletin sections found: 2 section header(s) but no trailer; "
        "'【县委巡察组组长向县教育局党组反馈巡察情况】' is close to a trailer but not of its shape"
    )
    assert (error.line, error.column) == (3, 9)
    assert error.offset == text.index("【")


@pytest.mark.parametrize(
    ("trailer", "team", "number"),
    [
        ("【县委巡察第一组向县教育局党组反馈巡察情况】", "县委巡察第一组", 1),
        ("【县委第四轮巡察第一组向县教育局党组反馈巡察情况】", "县委第四轮巡察第一组", 1),
        ("【县委第一专项巡察组向县教育局党组反馈巡察情况】", "县委第一专项巡察组", 1),
        ("【县委第一巡察组向县教育局党组反馈巡察情况。】", "县委第一巡察组", 1),
    ],
)
def test_bulletin_of_trailers_of_other_shapes(trailer: str, team: str, number: int) -> None:
    # Every trailer of the shape: read, not refused.
    text = (
        "日前，县委通报第四轮巡察反馈情况。\n"
        f"■县教育局党组：食堂管理不规范\n食堂管理不规范，账目不清。{trailer}\n"
    )
    bulletin = parse(text)
    feedback = bulletin.entries[0].feedback
    assert feedback is not None
    assert (feedback.team_name, feedback.team_number) == (team, number)
    assert (feedback.target, feedback.kind, feedback.inspection) == ("县教育局党组", "巡察", "巡察")
    assert bulletin.entries[0].findings == ["食堂管理不规范", "账目不清"]
    assert not bulletin.errors
    assert bulletin.unplaced == []


# --- A portal's footer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("footer", "lines"),
    [
        ("\n版权所有：某某县纪委监委", ["版权所有：某某县纪委监委"]),
        (
            "\n主办：某某县纪委监委\u3000技术支持：某某网络公司",
            ["主办：某某县纪委监委\u3000技术支持：某某网络公司"],
        ),
        (
            "\n网站标识码：1234567890\u3000某ICP备12345678号\n某某县纪委监委 版权所有",
            ["网站标识码：1234567890\u3000某ICP备12345678号", "某某县纪委监委 版权所有"],
        ),
        ("\n发布日期：2024-06-28", ["发布日期：2024-06-28"]),
        ("\n【字体：大 中 小】", ["【字体：大 中 小】"]),
        ("\n2024-06-28\n", ["2024-06-28"]),
        (
            "\n\n相关阅读：\n县委第四轮巡察反馈情况\n县委第三轮巡察反馈情况",
            ["相关阅读：", "县委第四轮巡察反馈情况", "县委第三轮巡察反馈情况"],
        ),
        (
            "\n【相关链接】\n某区公布巡察整改进展情况\n返回顶部",
            ["【相关链接】", "某区公布巡察整改进展情况", "返回顶部"],
        ),
    ],
)
def test_a_portals_footer_after_the_editor_line(
    sample_text: str, footer: str, lines: list[str]
) -> None:
    text = sample_text + footer
    bulletin = parse(text)
    assert bulletin.editor == "王蒙"
    assert bulletin.editor_span is not None
    assert bulletin.editor_span.slice(text) == "责任编辑：王蒙"
    assert [piece.text for piece in bulletin.unplaced] == lines
    assert furniture_codes(bulletin) == ["XS504"] * len(lines)
    assert_nothing_lost(bulletin)


def test_a_date_after_the_editor_on_its_line_is_not_the_name(sample_text: str) -> None:
    text = sample_text.removesuffix("责任编辑：王蒙") + "责任编辑：马丽\u30002024-06-28"
    bulletin = parse(text)
    assert bulletin.editor == "马丽"
    assert bulletin.editor_span is not None
    assert bulletin.editor_span.slice(text) == "责任编辑：马丽\u30002024-06-28"
    assert bulletin.unplaced == []
    assert furniture_codes(bulletin) == []


def test_a_name_holds_no_digits(sample_text: str) -> None:
    # 马丽2024 is no name: no editor, and the line is reported rather than misread.
    text = sample_text.removesuffix("责任编辑：王蒙") + "责任编辑：马丽2024"
    bulletin = parse(text)
    assert bulletin.editor is None
    assert [piece.text for piece in bulletin.unplaced] == ["责任编辑：马丽2024"]
    assert furniture_codes(bulletin) == ["XS501"]


def test_a_footer_of_three_reviews(sample_text: str) -> None:
    footer = "编辑：马丽\n初审：张三\n复审：李四\n终审：王五"
    text = sample_text.removesuffix("责任编辑：王蒙") + footer
    bulletin = parse(text)
    assert bulletin.editor == "马丽"
    assert bulletin.editor_span is not None
    assert bulletin.editor_span.slice(text) == footer
    assert bulletin.unplaced == []


@pytest.mark.parametrize(
    ("footer", "source"),
    [
        ("来源：某县纪委监委\n责任编辑：马丽", "某县纪委监委"),
        ("（来源：某网）\n\n责任编辑：马丽", "某网"),
        ("稿源：某网\r\n【责任编辑：马丽】", "某网"),
    ],
)
def test_a_source_line_before_the_editor_line(sample_text: str, footer: str, source: str) -> None:
    text = sample_text.removesuffix("责任编辑：王蒙") + "\n" + footer
    bulletin = parse(text)
    assert (bulletin.editor, bulletin.source, bulletin.unplaced) == ("马丽", source, [])
    assert bulletin.editor_span is not None
    assert bulletin.editor_span.slice(text) == footer
    assert_nothing_lost(bulletin)


def test_a_source_on_the_line_of_the_last_trailer_is_not_the_footers(sample_text: str) -> None:
    # Text after the trailer on its line stays stray: only a line of its own is the footer's.
    text = sample_text.removesuffix("责任编辑：王蒙") + "来源：某网\n责任编辑：马丽"
    bulletin = parse(text)
    assert bulletin.editor == "马丽"
    assert [piece.text for piece in bulletin.unplaced] == ["来源：某网"]


def test_a_trailer_repeated_after_its_section_is_stray_text_not_a_lost_section() -> None:
    """A copy of the trailer just before it (a slip of the copy) is XS501, a warning; another
    trailer there closes a lost section (XS502, an error)."""
    first = "【市委第一巡视组向市档案馆反馈巡视情况】"
    text = (
        "日前，十二届北京市委第十三轮巡视对市档案馆等2家单位开展了常规巡视。\n"
        f"■市档案馆：理论学习不够深入理论学习不够深入，档案工作有差距。{first}\n{{copy}}\n"
        "■市水务局：节水工作不够有力节水工作不够有力，管理粗放。"
        "【市委第二巡视组向市水务局反馈巡视情况】\n责任编辑：王蒙"
    )
    repeated = parse(text.format(copy=first))
    assert [(d.code, d.line, d.column) for d in repeated.diagnostics] == [("XS501", 3, 1)]
    assert [piece.text for piece in repeated.unplaced] == [first]
    # Written in traditional characters, it folds to the same trailer: still the copy.
    traditional = first.replace("巡视", "巡視").replace("反馈", "反饋")
    assert [d.code for d in parse(text.format(copy=traditional)).diagnostics] == ["XS501"]
    other = parse(text.format(copy="【市委第三巡视组向市财政局反馈巡视情况】"))
    assert [(d.code, d.line) for d in other.diagnostics] == [("XS502", 3)]


def test_rounds_named_together_are_said_so() -> None:
    """XS101 says why there is no round number: the lead names several rounds, or none."""
    section = "■甲局：不严不严，乙。【县委第一巡察组向甲局反馈巡察情况】"
    together = parse(f"近日，县委第十轮、第十一轮巡察分别对甲局开展了巡察。\n{section}")
    (first,) = [d for d in together.diagnostics if d.code == "XS101"]
    assert first.message.startswith("the lead names several rounds together")
    none = parse(f"近日，县委巡察组对甲局开展了巡察。\n{section}")
    (second,) = [d for d in none.diagnostics if d.code == "XS101"]
    assert second.message.startswith("the lead names no inspection round")


def test_a_date_on_the_editor_line_dates_a_bulletin_with_no_other(sample_text: str) -> None:
    """The date after the editor's name is the publication date when nothing above gives one;
    a dateline above wins."""
    signed = sample_text.removesuffix("责任编辑：王蒙") + "责任编辑：马丽\u30002024-06-28"
    assert parse(signed).published == date(2024, 6, 28)
    dated = "时间：2022-01-25　来源：北京纪检监察网\n" + signed
    assert parse(dated).published == date(2022, 1, 25)
    assert parse(sample_text).published is None
