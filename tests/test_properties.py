"""Properties over many inputs: only XunshiError escapes, nothing is lost, spans are valid.

The inputs are mostly generated bulletins with arbitrary or structural text written into them,
so that most of them parse and the invariants of a parse are checked. Each test counts how
many of its examples reached a parse and fails when fewer than half did: random text alone
almost never holds a section, and a property that never runs proves nothing.
"""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from bulletins import STRUCTURE, Reached, check_result, spliced
from xunshi_parser import parse

from support import SAMPLE_PATH

SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")
SAMPLE_PIECES = st.integers(0, len(SAMPLE)).flatmap(
    lambda start: st.integers(start, min(len(SAMPLE), start + 400)).map(
        lambda end: SAMPLE[start:end]
    )
)
#: Whole sections of the sample, so that most splices hold one and parse.
SAMPLE_SECTIONS = st.sampled_from(re.findall(r"■[^■]*?反馈巡视情况】", SAMPLE))
#: Where the first section of the sample ends: a cut before it leaves nothing to parse.
FIRST_SECTION_END = SAMPLE.index("】") + 1
#: Arbitrary text in a generated bulletin, three times in four; else arbitrary text alone.
ANY_TEXT = st.one_of(
    spliced(st.text(max_size=40)),
    spliced(st.text(max_size=40)),
    spliced(st.text(max_size=40)),
    st.text(),
)
STRUCTURAL_TEXT = st.one_of(
    spliced(st.text(alphabet=STRUCTURE, max_size=60)),
    spliced(st.text(alphabet=STRUCTURE, max_size=60)),
    spliced(st.text(alphabet=STRUCTURE, max_size=60)),
    st.text(alphabet=STRUCTURE, max_size=200),
)


def test_any_text() -> None:
    reached = Reached()

    @given(ANY_TEXT)
    @example("■")
    @example("■：")
    @example("■a：")
    @example("■a：【")
    @example("■a：】")
    @example("■\ud800：b【市委第一巡视组向\udfff反馈巡视情况】")
    @example("责任编辑：王蒙")
    @example("■a：b责任编辑：王蒙")
    @example("（责任编辑：王蒙）■a：b")
    def run(text: str) -> None:
        reached("examples")
        if check_result(text) is not None:
            reached("parsed")

    run()
    reached.require("parsed")


def test_structural_text() -> None:
    reached = Reached()

    @given(STRUCTURAL_TEXT)
    def run(text: str) -> None:
        reached("examples")
        if check_result(text) is not None:
            reached("parsed")

    run()
    reached.require("parsed")


def test_spliced_sample() -> None:
    reached = Reached()

    @given(
        st.lists(
            st.one_of(SAMPLE_PIECES, SAMPLE_SECTIONS, st.text(alphabet=STRUCTURE, max_size=10)),
            min_size=1,
            max_size=8,
        )
    )
    def run(pieces: list[str]) -> None:
        reached("examples")
        if check_result("".join(pieces)) is not None:
            reached("parsed")

    run()
    reached.require("parsed")


def test_truncation_keeps_complete_sections() -> None:
    reached = Reached()
    original = parse(SAMPLE)

    @given(st.one_of(st.integers(0, len(SAMPLE)), st.integers(FIRST_SECTION_END, len(SAMPLE))))
    def run(cut: int) -> None:
        reached("examples")
        damaged = check_result(SAMPLE[:cut])
        complete = [entry for entry in original.entries if entry.span.end <= cut]
        if damaged is None:
            assert not complete
            return
        reached("parsed")
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

    run()
    reached.require("parsed")


def test_local_damage() -> None:
    """Deleting or inserting a few characters never raises anything but XunshiError."""
    reached = Reached()

    @given(st.integers(0, len(SAMPLE)), st.integers(0, 60), st.text(alphabet=STRUCTURE, max_size=5))
    def run(at: int, length: int, inserted: str) -> None:
        reached("examples")
        if check_result(SAMPLE[:at] + inserted + SAMPLE[at + length :]) is not None:
            reached("parsed")

    run()
    reached.require("parsed")


def test_all_layout_whitespace_is_ignored_by_nothing_lost() -> None:
    text = "\n\n  ■市档案馆：\u3000为民服务意识不强档案工作有差距，为民服务意识不强。\n【市委第一巡视组向市档案馆反馈巡视情况】\n\n"
    bulletin = check_result(text)
    assert bulletin is not None
    assert bulletin.entries[0].headline == "为民服务意识不强"
    assert bulletin.entries[0].body == "档案工作有差距，为民服务意识不强。"
