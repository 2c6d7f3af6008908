"""Properties over many inputs: only XunshiError escapes, nothing is lost, spans are valid."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from xunshi_parser import Bulletin, XunshiError, parse

from support import SAMPLE_PATH, assert_nothing_lost

SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")
#: Characters the grammar gives meaning to, and a few that merely look like them.
STRUCTURE = '■◆【】[]：:，,。；;、“”"（）()\n\r \u3000\xa0\t责任编辑原标题日前巡视察组向反馈情况第一二十党组委'
SAMPLE_PIECES = st.integers(0, len(SAMPLE)).flatmap(
    lambda start: st.integers(start, min(len(SAMPLE), start + 400)).map(
        lambda end: SAMPLE[start:end]
    )
)
LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def check_result(text: str) -> Bulletin | None:
    """Parse, allowing only XunshiError; check every invariant of a result."""
    try:
        bulletin = parse(text)
    except XunshiError:
        return None
    assert bulletin.text == text
    assert bulletin.entries
    assert [entry.index for entry in bulletin.entries] == list(range(1, len(bulletin.entries) + 1))
    assert_nothing_lost(bulletin)
    for diagnostic in bulletin.diagnostics:
        assert 0 <= diagnostic.offset <= len(text)
        before = text[: diagnostic.offset]
        assert diagnostic.line == len(LINE_BREAKS.findall(before)) + 1
        line_start = max((m.end() for m in LINE_BREAKS.finditer(before)), default=0)
        assert diagnostic.column == diagnostic.offset - line_start + 1
    return bulletin


@given(st.text())
@example("■")
@example("■：")
@example("■a：")
@example("■a：【")
@example("■a：】")
@example("■\ud800：b【市委第一巡视组向\udfff反馈巡视情况】")
@example("责任编辑：王蒙")
@example("■a：b责任编辑：王蒙")
@example("（责任编辑：王蒙）■a：b")
def test_any_text(text: str) -> None:
    check_result(text)


@given(st.text(alphabet=STRUCTURE, max_size=200))
def test_structural_text(text: str) -> None:
    check_result(text)


@given(st.lists(st.one_of(SAMPLE_PIECES, st.text(alphabet=STRUCTURE, max_size=10)), max_size=8))
def test_spliced_sample(pieces: list[str]) -> None:
    check_result("".join(pieces))


@given(st.integers(0, len(SAMPLE)))
def test_truncation_keeps_complete_sections(cut: int) -> None:
    original = parse(SAMPLE)
    damaged = check_result(SAMPLE[:cut])
    complete = [entry for entry in original.entries if entry.span.end <= cut]
    if damaged is None:
        assert not complete
        return
    assert damaged.entries[: len(complete)] == complete
    # At most the one section the cut went through is incomplete, and it is an error.
    rest = damaged.entries[len(complete) :]
    assert len(rest) <= 1
    if rest:
        assert rest[0].feedback is None
        assert any(d.code == "XS201" and d.entry == rest[0].index for d in damaged.diagnostics)
    # A cut through a section, header included, is always an error.
    if any(entry.span.start < cut < entry.span.end for entry in original.entries):
        assert damaged.errors


@given(st.integers(0, len(SAMPLE)), st.integers(0, 60), st.text(alphabet=STRUCTURE, max_size=5))
def test_local_damage(at: int, length: int, inserted: str) -> None:
    """Deleting or inserting a few characters never raises anything but XunshiError."""
    check_result(SAMPLE[:at] + inserted + SAMPLE[at + length :])


def test_all_layout_whitespace_is_ignored_by_nothing_lost() -> None:
    text = "\n\n  ■市档案馆：\u3000为民服务意识不强档案工作有差距，为民服务意识不强。\n【市委第一巡视组向市档案馆反馈巡视情况】\n\n"
    bulletin = check_result(text)
    assert bulletin is not None
    assert bulletin.entries[0].headline == "为民服务意识不强"
    assert bulletin.entries[0].body == "档案工作有差距，为民服务意识不强。"
