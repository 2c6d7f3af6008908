"""Each diagnostic, triggered from a damaged copy of the fixture."""

from __future__ import annotations

import pickle

import pytest

from xunshi_parser import Bulletin, BulletinError, Diagnostic, XunshiError, parse

from support import assert_nothing_lost

FIRST_TRAILER = "【市委第一巡视组向市档案馆反馈巡视情况】"


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
    assert codes(damaged) == [
        ("XS401", "warning", None),
        ("XS203", "error", None),
        ("XS501", "warning", None),
    ]
    assert damaged.unplaced[0].text == "■市机关事务管"
    assert damaged.errors[0].offset == cut - len("■市机关事务管")


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
    # The second section loses its marker: its text is reported, the rest parses exactly.
    text = sample_text.replace("■市机关事务管理局党组", "市机关事务管理局党组", 1)
    damaged = parse(text)
    assert len(damaged.entries) == 37
    assert codes(damaged) == [("XS401", "warning", None), ("XS501", "warning", None)]
    assert damaged.unplaced[0].text.startswith("市机关事务管理局党组：推动机关事务改革")
    assert damaged.unplaced[0].text.endswith("反馈巡视情况】")
    same_entry(damaged, sample, 2, 3)
    assert_nothing_lost(damaged)


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
    ],
)
def test_editor_line_variants(sample_text: str, footer: str, editor: str) -> None:
    text = sample_text.removesuffix("责任编辑：王蒙") + footer
    bulletin = parse(text)
    assert bulletin.editor == editor
    assert bulletin.unplaced == []
    assert bulletin.editor_span is not None
    assert bulletin.editor_span.slice(text) == footer.strip()
