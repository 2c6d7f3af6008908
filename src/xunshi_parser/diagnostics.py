"""Validation rules over a parsed bulletin.

Each rule reads the records and yields problems; :data:`RULES` is the ordered pipeline and the
table in ``docs/format.md`` mirrors it. Codes are stable API, message wording is not.

====== ======== ==========================================================
code   severity meaning
====== ======== ==========================================================
XS101  warning  no lead paragraph, or the lead names no inspection round
XS201  error    a section has no trailer 【…反馈巡视情况】 (cut or damaged)
XS202  warning  a marker inside a section starts no section header
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
from typing import TYPE_CHECKING, Final

from xunshi_parser.models import Bulletin, Diagnostic, Entry, Severity
from xunshi_parser.scan import MARKER

if TYPE_CHECKING:
    from xunshi_parser.positions import LineIndex

__all__ = ["RULES", "check"]

_Finding = tuple[str, Severity, str, int, Entry | None]  # code, severity, message, offset, entry
Rule = Callable[[Bulletin], Iterator[_Finding]]


def check(bulletin: Bulletin, lines: LineIndex) -> list[Diagnostic]:
    """Run every rule in :data:`RULES` over ``bulletin``; results in document order."""
    diagnostics = []
    for _name, rule in RULES:
        for code, severity, message, offset, entry in rule(bulletin):
            line, column = lines.line_column(offset)
            diagnostics.append(
                Diagnostic(
                    code=code,
                    severity=severity,
                    message=message,
                    line=line,
                    column=column,
                    offset=offset,
                    entry=entry.index if entry else None,
                )
            )
    diagnostics.sort(key=lambda diagnostic: (diagnostic.offset, diagnostic.code))
    return diagnostics


def lead_names_round(bulletin: Bulletin) -> Iterator[_Finding]:
    if bulletin.lead_span is None:
        first = bulletin.entries[0].span.start
        yield "XS101", "warning", "no lead paragraph before the first section", first, None
    elif bulletin.round is None or bulletin.round.number is None:
        yield (
            "XS101",
            "warning",
            "the lead names no inspection round (such as 第十三轮巡视)",
            bulletin.lead_span.start,
            None,
        )


def sections_have_trailers(bulletin: Bulletin) -> Iterator[_Finding]:
    for entry in bulletin.entries:
        if entry.feedback is None:
            yield (
                "XS201",
                "error",
                f"section '{entry.unit.text}' has no trailer 【…反馈巡视情况】: cut or damaged",
                entry.span.start,
                entry,
            )


def markers_start_sections(bulletin: Bulletin) -> Iterator[_Finding]:
    for entry in bulletin.entries:
        stray = bulletin.text.find(MARKER, entry.span.start + 1, entry.span.end)
        if stray >= 0:
            yield (
                "XS202",
                "warning",
                f"'{MARKER}' inside section '{entry.unit.text}' starts no section header "
                "(a unit followed by '：')",
                stray,
                entry,
            )


def targets_match_units(bulletin: Bulletin) -> Iterator[_Finding]:
    for entry in bulletin.entries:
        if entry.feedback is None or entry.feedback.target == entry.unit.text:
            continue
        unit, target = entry.unit.text, entry.feedback.target
        if unit in target or target in unit:
            yield (
                "XS212",
                "info",
                f"trailer names '{target}' for unit '{unit}' (one contains the other)",
                entry.feedback.span.start,
                entry,
            )
        else:
            yield (
                "XS211",
                "warning",
                f"trailer names '{target}' but the section header names '{unit}'",
                entry.feedback.span.start,
                entry,
            )


def team_numbers_ascend(bulletin: Bulletin) -> Iterator[_Finding]:
    previous: int | None = None
    for entry in bulletin.entries:
        number = entry.feedback.team_number if entry.feedback else None
        if number is None:
            continue
        if previous is not None and entry.feedback and number < previous:
            yield (
                "XS221",
                "warning",
                f"team number {number} comes after {previous}: sections out of order?",
                entry.feedback.span.start,
                entry,
            )
        previous = number


def sections_have_headline_and_body(bulletin: Bulletin) -> Iterator[_Finding]:
    for entry in bulletin.entries:
        if not entry.headline and entry.body:
            yield (
                "XS301",
                "warning",
                f"no headline found in section '{entry.unit.text}': the body does not restate "
                "a prefix of it, so all of it is kept as body",
                entry.body_span.start,
                entry,
            )
        if not entry.body:
            yield (
                "XS302",
                "warning",
                f"section '{entry.unit.text}' has no body",
                entry.body_span.start,
                entry,
            )


def count_matches_lead(bulletin: Bulletin) -> Iterator[_Finding]:
    announced = bulletin.round.unit_count if bulletin.round else None
    if announced is not None and announced != len(bulletin.entries) and bulletin.lead_span:
        yield (
            "XS401",
            "warning",
            f"the lead announces {announced} units but {len(bulletin.entries)} sections were found",
            bulletin.lead_span.start,
            None,
        )


def text_is_placed(bulletin: Bulletin) -> Iterator[_Finding]:
    for stray in bulletin.unplaced:
        excerpt = stray.text if len(stray.text) <= 20 else stray.text[:20] + "…"
        yield (
            "XS501",
            "warning",
            f"text outside any section or field: '{excerpt}' ({len(stray.text)} characters)",
            stray.span.start,
            None,
        )


RULES: Final[tuple[tuple[str, Rule], ...]] = (
    ("lead_names_round", lead_names_round),
    ("sections_have_trailers", sections_have_trailers),
    ("markers_start_sections", markers_start_sections),
    ("targets_match_units", targets_match_units),
    ("team_numbers_ascend", team_numbers_ascend),
    ("sections_have_headline_and_body", sections_have_headline_and_body),
    ("count_matches_lead", count_matches_lead),
    ("text_is_placed", text_is_placed),
)
