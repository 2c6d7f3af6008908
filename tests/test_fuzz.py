"""Mutations of the real bulletin: damage stays local, nothing is lost, only XunshiError escapes.

The default run tries a modest number of examples; ``python bench/fuzz.py`` runs the same
properties with many more (see docs/performance.md for what it ran and found).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from xunshi_parser import Bulletin, Entry, XunshiError, parse, parse_bytes

from support import SAMPLE_PATH, assert_nothing_lost

SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")
ORIGINAL = parse(SAMPLE)
SECTIONS = [entry.span.slice(SAMPLE) for entry in ORIGINAL.entries]
HEAD = SAMPLE[: ORIGINAL.entries[0].span.start]
TAIL = SAMPLE[ORIGINAL.entries[-1].span.end :]
DAMAGE = "■◆●【】[]：:，,。；;、“”（）()\n 巡视组向反馈情况第一党组责任编辑甲乙"


def essence(entry: Entry) -> dict[str, Any]:
    """What a section says, wherever it stands."""
    return entry.model_dump(
        exclude={
            "index": True,
            "span": True,
            "headline_span": True,
            "body_span": True,
            "unit": {"span"},
            "feedback": {"span"},
        }
    )


ORIGINAL_ESSENCE = [essence(entry) for entry in ORIGINAL.entries]


@dataclass(frozen=True)
class Mutant:
    text: str
    untouched: list[int]  # indexes into ORIGINAL.entries of sections left as they were


@st.composite
def mutants(draw: st.DrawFn) -> Mutant:
    order = list(range(len(SECTIONS)))
    # Delete some sections (keeping a handful), duplicate one, swap two.
    keep = draw(st.lists(st.sampled_from(order), min_size=5, max_size=len(order), unique=True))
    order = sorted(keep)
    if draw(st.booleans()):
        order.insert(draw(st.integers(0, len(order))), draw(st.sampled_from(order)))
    if draw(st.booleans()):
        first, second = draw(st.integers(0, len(order) - 1)), draw(st.integers(0, len(order) - 1))
        order[first], order[second] = order[second], order[first]
    texts = [SECTIONS[index] for index in order]
    untouched = list(order)
    # Damage one section: delete a stretch, insert a few characters, or cut the text there.
    if draw(st.booleans()):
        victim = draw(st.integers(0, len(texts) - 1))
        text = texts[victim]
        at = draw(st.integers(0, len(text)))
        length = draw(st.integers(0, 30))
        inserted = draw(st.text(alphabet=DAMAGE, max_size=6))
        texts[victim] = text[:at] + inserted + text[at + length :]
        untouched[victim] = -1
        if draw(st.booleans()):
            # Cut the document inside the damaged section: what follows is gone.
            texts = texts[: victim + 1]
            untouched = untouched[: victim + 1]
    tail = TAIL if draw(st.booleans()) else ""
    return Mutant(HEAD + "".join(texts) + tail, [i for i in untouched if i >= 0])


def parse_or_none(text: str) -> Bulletin | None:
    try:
        return parse(text)
    except XunshiError:
        return None


@given(mutants())
def test_damage_stays_local(mutant: Mutant) -> None:
    bulletin = parse_or_none(mutant.text)
    if bulletin is None:
        assert not mutant.untouched
        return
    assert_nothing_lost(bulletin)
    found = [essence(entry) for entry in bulletin.entries]
    # Every untouched section is parsed exactly as in the original, in its order.
    position = 0
    for index in mutant.untouched:
        want = ORIGINAL_ESSENCE[index]
        assert want in found[position:], f"section {index + 1} was lost or changed"
        position = found.index(want, position) + 1


@given(mutants(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_same_records_in_any_encoding(mutant: Mutant, encoding: str) -> None:
    try:
        data = mutant.text.encode(encoding)
    except UnicodeEncodeError:
        return
    expected = parse_or_none(mutant.text)
    try:
        got = parse_bytes(data)
    except XunshiError:
        assert expected is None
        return
    assert expected is not None
    assert got.entries == expected.entries


@given(st.data())
def test_random_bytes_never_escape(data: st.DataObject) -> None:
    raw = SAMPLE.encode(data.draw(st.sampled_from(["utf-8", "gb18030"])))
    at = data.draw(st.integers(0, len(raw)))
    noise = data.draw(st.binary(max_size=8))
    with contextlib.suppress(XunshiError):
        parse_bytes(raw[:at] + noise + raw[at + len(noise) :])
