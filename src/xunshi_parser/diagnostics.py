"""Validation rules over a parsed bulletin.

Each rule reads the records and yields problems; :data:`RULES` is the ordered pipeline and the
table in ``docs/format.md`` mirrors it. Codes are stable API, message wording is not.

====== ======== ==========================================================
code   severity meaning
====== ======== ==========================================================
XS101  warning  no lead paragraph, or the lead names no inspection round
XS201  error    a section has no trailer 【…反馈巡视情况】 (cut or damaged)
XS202  warning  a marker inside a section starts no section header
XS203  error    the text ends inside a section header (■市机关事务管, cut before its colon)
XS211  warning  the trailer's target differs from the header's unit
XS212  info     …but one contains the other (积水潭医院党委 / 北京积水潭医院党委)
XS221  warning  team numbers go backwards
XS301  warning  no headline found: the body never restates a prefix of it
XS302  warning  a section has no body
XS401  warning  the number of sections differs from the count the lead announces
XS501  warning  text the parser could not place (kept in ``Bulletin.unplaced``)
====== ======== ==========================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Final, NamedTuple

from xunshi_parser.models import Bulletin, Diagnostic, Severity

if TYPE_CHECKING:
    from xunshi_parser.positions import LineIndex

__all__ = ["RULES", "Problem", "check"]


class Problem(NamedTuple):
    """What a rule reports; :func:`check` adds line and column."""

    code: str
    severity: Severity
    message: str
    offset: int
    entry: int | None = None


Rule = Callable[[Bulletin], Iterator[Problem]]


def check(bulletin: Bulletin, lines: LineIndex) -> list[Diagnostic]:
    """Run every rule in :data:`RULES` over ``bulletin``; results in document order."""
    diagnostics = []
    for _name, rule in RULES:
        for problem in rule(bulletin):
            line, column = lines.line_column(problem.offset)
            diagnostics.append(
                Diagnostic(**problem._asdict(), line=line, column=column),
            )
    diagnostics.sort(key=lambda diagnostic: (diagnostic.offset, diagnostic.code))
    return diagnostics


def lead_names_round(bulletin: Bulletin) -> Iterator[Problem]:
    if bulletin.lead_span is None:
        message = "no lead paragraph before the first section"
        yield Problem("XS101", "warning", message, bulletin.entries[0].span.start)
    elif bulletin.round is None or bulletin.round.number is None:
        message = "the lead names no inspection round (such as 第十三轮巡视)"
        yield Problem("XS101", "warning", message, bulletin.lead_span.start)


def sections_have_trailers(bulletin: Bulletin) -> Iterator[Problem]:
    for entry in bulletin.entries:
        if entry.feedback is None:
            message = (
                f"section '{entry.unit.text}' has no trailer 【…反馈巡视情况】: cut or damaged"
            )
            yield Problem("XS201", "error", message, entry.span.start, entry.index)


def markers_start_sections(bulletin: Bulletin) -> Iterator[Problem]:
    for entry in bulletin.entries:
        marker = bulletin.text[entry.span.start]
        stray = bulletin.text.find(marker, entry.span.start + 1, entry.span.end)
        if stray >= 0:
            message = (
                f"'{marker}' inside section '{entry.unit.text}' starts no section header "
                "(a unit followed by '：')"
            )
            yield Problem("XS202", "warning", message, stray, entry.index)


def targets_match_units(bulletin: Bulletin) -> Iterator[Problem]:
    for entry in bulletin.entries:
        if entry.feedback is None or entry.feedback.target == entry.unit.text:
            continue
        unit, target = entry.unit.text, entry.feedback.target
        where = entry.feedback.span.start
        if unit in target or target in unit:
            message = f"trailer names '{target}' for unit '{unit}' (one contains the other)"
            yield Problem("XS212", "info", message, where, entry.index)
        else:
            message = f"trailer names '{target}' but the section header names '{unit}'"
            yield Problem("XS211", "warning", message, where, entry.index)


def team_numbers_ascend(bulletin: Bulletin) -> Iterator[Problem]:
    previous: int | None = None
    for entry in bulletin.entries:
        if entry.feedback is None or entry.feedback.team_number is None:
            continue
        number = entry.feedback.team_number
        if previous is not None and number < previous:
            message = f"team number {number} comes after {previous}: sections out of order?"
            yield Problem("XS221", "warning", message, entry.feedback.span.start, entry.index)
        previous = number


def sections_have_headline_and_body(bulletin: Bulletin) -> Iterator[Problem]:
    for entry in bulletin.entries:
        if not entry.headline and entry.body:
            message = (
                f"no headline found in section '{entry.unit.text}': the body restates no prefix "
                "of it, so all of it is kept as body"
            )
            yield Problem("XS301", "warning", message, entry.body_span.start, entry.index)
        if not entry.body:
            message = f"section '{entry.unit.text}' has no body"
            yield Problem("XS302", "warning", message, entry.body_span.start, entry.index)


def count_matches_lead(bulletin: Bulletin) -> Iterator[Problem]:
    announced = bulletin.round.unit_count if bulletin.round else None
    found = len(bulletin.entries)
    if announced is not None and announced != found and bulletin.lead_span:
        message = f"the lead announces {announced} units but {found} sections were found"
        yield Problem("XS401", "warning", message, bulletin.lead_span.start)


def text_is_placed(bulletin: Bulletin) -> Iterator[Problem]:
    for stray in bulletin.unplaced:
        excerpt = stray.text if len(stray.text) <= 20 else stray.text[:20] + "…"
        message = f"text outside any section or field: '{excerpt}' ({len(stray.text)} characters)"
        yield Problem("XS501", "warning", message, stray.span.start)


def text_ends_cleanly(bulletin: Bulletin) -> Iterator[Problem]:
    if not bulletin.unplaced:
        return
    last = bulletin.unplaced[-1]
    footer = bulletin.editor_span.start if bulletin.editor_span else len(bulletin.text)
    if (
        last.text[:1] == bulletin.text[bulletin.entries[0].span.start]
        and not bulletin.text[last.span.end : footer].strip()
    ):
        message = f"the text ends inside a section header: '{last.text[:20]}' has no '：'"
        yield Problem("XS203", "error", message, last.span.start)


RULES: Final[tuple[tuple[str, Rule], ...]] = (
    ("lead_names_round", lead_names_round),
    ("sections_have_trailers", sections_have_trailers),
    ("markers_start_sections", markers_start_sections),
    ("targets_match_units", targets_match_units),
    ("team_numbers_ascend", team_numbers_ascend),
    ("sections_have_headline_and_body", sections_have_headline_and_body),
    ("count_matches_lead", count_matches_lead),
    ("text_is_placed", text_is_placed),
    ("text_ends_cleanly", text_ends_cleanly),
)
