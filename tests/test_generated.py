"""Generated bulletins parse back to the records they were written from; damage stays local.

The bulletins come from :func:`bulletins.bulletins`, which varies the lead, the sections, the
layout, the punctuation, the script and the encoding; the expected values are what the
generator wrote. Each test counts how far its examples got and fails when fewer than half
reached a parse, so that a generator drifting into input the parser refuses cannot make the
checks pass vacuously.
"""

from __future__ import annotations

from hypothesis import given

from bulletins import (
    DAMAGES,
    Damaged,
    Generated,
    Reached,
    bulletins,
    check_result,
    damaged,
    hard_wrap,
    shifted,
    without_spans,
)
from xunshi_parser import Bulletin, Entry, parse

from support import assert_nothing_lost


def check_records(generated: Generated, bulletin: Bulletin) -> None:
    """Every record the generator wrote comes back as written.

    Fields are checked one per line, so that hypothesis reports each kind of mismatch as a
    failure of its own; the trailer's kind, the newest field, comes last so that a failure
    there hides no other mismatch.
    """
    # Hard-wrapped text keeps its breaks; values leave them out (Bulletin.wrap_breaks).
    assert bulletin.text == generated.text
    assert_nothing_lost(bulletin)
    entries = bulletin.entries
    want = generated.entries
    assert [e.unit.text for e in entries] == [w.unit for w in want], "sections (by unit)"
    for entry, expected in zip(entries, want, strict=True):
        where = f"section {entry.index} ({expected.unit})"
        assert entry.unit.organizations == list(expected.organizations), f"{where}: organizations"
        assert entry.unit.aliases == list(expected.aliases), f"{where}: aliases"
        assert entry.unit.party_org == expected.party_org, f"{where}: party_org"
        assert entry.headline == expected.headline, f"{where}: headline"
        assert entry.body == expected.body, f"{where}: body"
        assert entry.findings == list(expected.findings), f"{where}: findings"
        assert entry.feedback is not None, f"{where}: trailer not found"
        assert entry.feedback.team_name == expected.team_name, f"{where}: team_name"
        assert entry.feedback.team_number == expected.team_number, f"{where}: team_number"
        assert entry.feedback.inspection == expected.inspection, f"{where}: inspection"
        assert entry.feedback.target == expected.target, f"{where}: target"

    assert bulletin.round is not None, "round"
    round_ = generated.round
    assert bulletin.round.issuer == round_.issuer, "round.issuer"
    assert bulletin.round.term == round_.term, "round.term"
    assert bulletin.round.number == round_.number, "round.number"
    assert bulletin.round.inspection == round_.inspection, "round.inspection"
    assert bulletin.round.kinds == list(round_.kinds), "round.kinds"
    assert bulletin.round.unit_count == round_.unit_count, "round.unit_count"
    assert bulletin.round.period_start == round_.period_start, "round.period_start"
    assert bulletin.round.period_end == round_.period_end, "round.period_end"
    assert bulletin.round.duration_months == round_.duration_months, "round.duration_months"
    assert bulletin.round.common_problems == list(round_.common_problems), "common_problems"
    assert bulletin.round.clues == round_.clues, "round.clues"
    assert bulletin.title == generated.title, "title"
    assert bulletin.published == generated.published, "published (dateline)"
    assert bulletin.source == generated.source, "source (dateline)"
    assert bulletin.editor == generated.editor, "editor"

    for entry in entries:
        assert entry.headline_source == generated.headline_source, "headline_source"
    for entry, expected in zip(entries, want, strict=True):
        assert entry.feedback is not None
        assert entry.feedback.kind == expected.kind, f"section {entry.index}: feedback.kind"


def test_generated_bulletins_parse_to_what_was_written() -> None:
    reached = Reached()

    @given(bulletins())
    def run(generated: Generated) -> None:
        reached("examples")
        for feature in [*generated.style.features(), f"encoding: {generated.encoding}"]:
            reached(feature)
        # A generated bulletin is well formed: refusing it is a failure, not a skip.
        bulletin = generated.parse()
        reached("parsed")
        check_records(generated, bulletin)
        reached("records")

    run()
    reached.require("parsed")


def _reach(entries: list[Entry], index: int, length: int) -> int:
    """Where damage stops being able to change entry ``index``: the end of its trailer; for a
    section without one, whose content runs to the next header, the end of that header's unit
    (damage there can unmake the header), or past the end of the text for the last section."""
    entry = entries[index]
    if entry.feedback is not None:
        return entry.span.end
    if index + 1 < len(entries):
        return entries[index + 1].unit.span.end + 1
    return length + 1


def check_local(case: Damaged, original: Bulletin, bulletin: Bulletin) -> int:
    """Sections the damage did not touch parse as before; returns how many were compared."""
    before = original.entries
    if len(before) != len(case.original.entries):
        # The original lost or gained sections itself (the test above reports that): there
        # is nothing to compare section by section.
        return 0
    if case.order is not None:
        # Whole sections deleted, duplicated, swapped or unmarked: the rest are as they were.
        wanted: list[object] = [without_spans(before[i].model_dump()) for i in case.order]
        if case.damage == "delete marker":
            # The unmarked section joins the one before; if that one had no trailer, the
            # unmarked text is now part of its content.
            deleted = next(i for i in range(len(before)) if before[i].span.start == case.at)
            if deleted > 0 and before[deleted - 1].feedback is None:
                wanted[deleted - 1] = None
        actual = [without_spans(entry.model_dump()) for entry in bulletin.entries]
        assert len(actual) == len(wanted), f"{case.damage}: {len(actual)} sections"
        for position, (got, want) in enumerate(zip(actual, wanted, strict=True)):
            if want is not None:
                assert got == want, f"{case.damage}: section {position + 1} changed"
        return sum(want is not None for want in wanted)

    length = len(case.original.text)
    if case.damage == "cut":
        complete = [e for i, e in enumerate(before) if _reach(before, i, length) <= case.at]
        assert bulletin.entries[: len(complete)] == complete, "cut: a complete section changed"
        rest = bulletin.entries[len(complete) :]
        assert len(rest) <= 1, "cut: more than one section after the complete ones"
        if rest:
            assert rest[0].feedback is None, "cut: the section cut through has a trailer"
            assert any(d.code == "XS201" and d.entry == rest[0].index for d in bulletin.errors), (
                "cut: the section cut through is not reported (XS201)"
            )
        if any(e.span.start < case.at < e.span.end for e in before):
            assert bulletin.errors, "cut: a cut through a section is no error"
        return len(complete)

    # Junk: every section it did not land in is found where it was (moved by the junk if it
    # came after it) with the same fields.
    compared = 0
    by_span = {(e.span.start, e.span.end): e for e in bulletin.entries}
    for index, entry in enumerate(before):
        start, reach = entry.span.start, _reach(before, index, length)
        if start < case.at < reach:
            continue
        record = entry.model_dump(exclude={"index"})
        if start >= case.at:
            record = shifted(record, len(case.junk))
        span = (record["span"]["start"], record["span"]["end"])
        assert span in by_span, f"junk: section {entry.index} lost"
        assert by_span[span].model_dump(exclude={"index"}) == record, (
            f"junk: section {entry.index} changed"
        )
        compared += 1
    return compared


def test_damage_stays_local() -> None:
    reached = Reached()

    @given(damaged())
    def run(case: Damaged) -> None:
        reached("examples")
        # Only XunshiError escapes; nothing is lost; spans and positions are valid.
        bulletin = check_result(case.text)
        if bulletin is None:
            return
        reached("parsed")
        original = check_result(case.original.text)
        if original is None:
            return
        if check_local(case, original, bulletin):
            reached("compared sections")
            reached(f"compared sections after: {case.damage}")

    run()
    reached.require("parsed")
    reached.require("compared sections", 0.3)
    for damage in DAMAGES:
        reached.require(f"compared sections after: {damage}", 0.01)


SHORT_SECTIONS = [
    ("市档案馆", "理论学习不够深入", "档案工作有差距，理论学习不够深入。", "市委第一巡视组"),
    ("市审计局", "内控管理不够严格", "财务管理有短板，内控管理还不够严格。", "市委第二巡视组"),
    ("市水务局", "作风建设有差距", "安全生产不到位，作风建设仍有差距。", "市委第三巡视组"),
]


def test_short_hard_wrapped_bulletin() -> None:
    """Three sections, one per line, every line cut at 40 characters: just half of the lines
    followed by another are full, as title and lead lines are short.

    The generated bulletins meet such texts only now and then; this one always.
    """
    lines = [
        "原标题：北京通报对市档案馆等3家单位党组织巡视反馈情况",
        "日前，北京纪检监察网通报北京市委第一轮巡视对市档案馆等3家单位党组织开展常规巡视反馈情况。",
        *(
            f"■{unit}：{headline}{body}【{team}向{unit}反馈巡视情况】"
            for unit, headline, body, team in SHORT_SECTIONS
        ),
    ]
    text = "\n".join(hard_wrap(line, 40) for line in lines) + "\n"
    bulletin = parse(text)
    assert bulletin.text == text
    assert_nothing_lost(bulletin)
    assert bulletin.round is not None
    assert bulletin.round.kinds == ["常规巡视"]
    assert [
        (e.unit.text, e.headline, e.body, e.feedback and e.feedback.team_name)
        for e in bulletin.entries
    ] == [(unit, headline, body, team) for unit, headline, body, team in SHORT_SECTIONS]
