"""The pipeline: text → sections → fields → records → diagnostics."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, NamedTuple

import regex

from xunshi_parser.diagnostics import check
from xunshi_parser.errors import BulletinError, XunshiError
from xunshi_parser.fields.findings import split_findings
from xunshi_parser.fields.headline import split_headline
from xunshi_parser.fields.lead import read_dateline, read_round, split_preamble
from xunshi_parser.fields.trailer import read_trailer
from xunshi_parser.fields.unit import split_unit
from xunshi_parser.models import (
    Bulletin,
    Entry,
    Feedback,
    InspectionRound,
    Span,
    Unit,
    Unplaced,
)
from xunshi_parser.page import PageFacts
from xunshi_parser.positions import LineIndex
from xunshi_parser.scan import MARKER, scan

if TYPE_CHECKING:
    from datetime import date

    from xunshi_parser.scan import RawSection, Scan

__all__ = ["MAX_SECTIONS", "parse", "parse_text"]

#: Real bulletins have tens of sections; far more means the input is not one, and building
#: hundreds of thousands of records would take long.
MAX_SECTIONS: Final = 5000


def parse(text: str, *, strict: bool = False, max_sections: int = MAX_SECTIONS) -> Bulletin:
    """Parse the text of one bulletin.

    Raises :class:`BulletinError` when ``text`` holds no section (``■单位：…``) or more than
    ``max_sections``, or when ``strict`` is true and a diagnostic of severity ``error`` was found.
    """
    if not isinstance(text, str):
        msg = f"parse() takes str, not {type(text).__name__}; use parse_bytes() for bytes"
        raise TypeError(msg)
    return parse_text(text, strict=strict, max_sections=max_sections)


def parse_text(
    text: str, *, strict: bool, max_sections: int, page: PageFacts | None = None
) -> Bulletin:
    """:func:`parse`, with facts from a web page filling what the text does not say."""
    page = page or PageFacts()
    if max_sections < 1:
        raise XunshiError(f"max_sections must be at least 1, not {max_sections}")
    check_surrogates(text)
    found = scan(text, max_sections=max_sections)
    _refuse_non_bulletins(text, found, max_sections)
    preamble = _preamble(text, found.sections[0].start)
    editor, editor_span = page.editor, None
    if found.editor:
        editor = _slice(text, found.editor)
        editor_span = _span(_trimmed(text, found.footer_start, len(text)))
    bulletin = Bulletin(
        text=text,
        title=preamble.title or page.title,
        title_span=preamble.title_span,
        published=preamble.published or page.published,
        source=preamble.source or page.source,
        dateline_span=preamble.dateline_span,
        lead=preamble.lead,
        lead_span=preamble.lead_span,
        round=preamble.round,
        entries=[_entry(text, index, raw) for index, raw in enumerate(found.sections, start=1)],
        editor=editor,
        editor_span=editor_span,
        unplaced=[
            Unplaced(text=_slice(text, stray), span=_span(stray))
            for raw in found.sections
            for stray in raw.stray
        ],
        diagnostics=[],
    )
    diagnostics = check(bulletin, LineIndex(text))
    if strict and (errors := [d for d in diagnostics if d.severity == "error"]):
        first = errors[0]
        raise BulletinError(
            f"{len(errors)} error(s), the first {first.code}: {first.message}",
            line=first.line,
            column=first.column,
            offset=first.offset,
            diagnostics=errors,
        )
    return bulletin.model_copy(update={"diagnostics": diagnostics})


def _refuse_non_bulletins(text: str, found: Scan, max_sections: int) -> None:
    if len(found.sections) > max_sections:
        offset = found.sections[max_sections].start
        line, column = LineIndex(text).line_column(offset)
        raise BulletinError(
            f"more than {max_sections} sections: not a bulletin, or raise max_sections",
            line=line,
            column=column,
            offset=offset,
        )
    if not any(section.trailer for section in found.sections):
        # Relatives of bulletins (entry announcements, round-ups, bulleted lists) have headers
        # like ●单位： but never a feedback trailer; a bulletin cut before its first trailer
        # has no complete section either.
        seen = f"{len(found.sections)} section header(s) but no" if found.sections else "no"
        raise BulletinError(
            f"no bulletin sections found: {seen} trailer; expected sections such as "
            f"'{MARKER}单位：标题……【市委第一巡视组向单位反馈巡视情况】'"
        )


_SURROGATE: Final = regex.compile(r"[\ud800-\udfff]")


def check_surrogates(text: str) -> None:
    """Refuse a lone surrogate: it is not a character, and no UTF-8 or JSON can hold it."""
    if found := _SURROGATE.search(text):
        line, column = LineIndex(text).line_column(found.start())
        raise XunshiError(
            f"lone surrogate U+{ord(found.group()):04X}: the text is not valid Unicode",
            line=line,
            column=column,
            offset=found.start(),
        )


class _Preamble(NamedTuple):
    title: str | None
    title_span: Span | None
    published: date | None
    source: str | None
    dateline_span: Span | None
    lead: str | None
    lead_span: Span | None
    round: InspectionRound | None


def _preamble(text: str, end: int) -> _Preamble:
    parts = split_preamble(text[:end])
    lead = _slice(text, parts.lead) if parts.lead else None
    published, source = (
        read_dateline(_slice(text, parts.dateline)) if parts.dateline else (None, None)
    )
    return _Preamble(
        title=_slice(text, parts.title) if parts.title else None,
        title_span=_span(parts.title_line) if parts.title_line else None,
        published=published,
        source=source,
        dateline_span=_span(parts.dateline) if parts.dateline else None,
        lead=lead,
        lead_span=_span(parts.lead) if parts.lead else None,
        round=InspectionRound(**read_round(lead)._asdict()) if lead else None,
    )


def _entry(text: str, index: int, raw: RawSection) -> Entry:
    unit_text = text[raw.unit_start : raw.unit_end]
    names = split_unit(unit_text)
    unit = Unit(
        text=unit_text,
        organizations=names.organizations,
        aliases=names.aliases,
        party_org=names.party_org,
        span=Span(start=raw.unit_start, end=raw.unit_end),
    )

    content_start, content_end = _trimmed(text, raw.content_start, raw.content_end)
    split = split_headline(text[content_start:content_end])
    headline = _trimmed(text, content_start, content_start + split.headline_end)
    body = _trimmed(text, content_start + split.body_start, content_end)

    feedback = None
    end = content_end if content_end > content_start else raw.content_start
    if raw.trailer is not None:
        fields = read_trailer(raw.trailer)
        feedback = Feedback(
            team_name=fields.team_name,
            team_number=fields.team_number,
            inspection=fields.inspection,
            target=fields.target,
            span=_span(raw.trailer.span()),
        )
        end = raw.trailer.end()
    body_text = _slice(text, body)
    return Entry(
        index=index,
        unit=unit,
        headline=_slice(text, headline),
        headline_span=_span(headline),
        headline_source=split.source,
        body=body_text,
        body_span=_span(body),
        findings=split_findings(body_text),
        feedback=feedback,
        span=Span(start=raw.start, end=end),
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed past whitespace at both ends; only whitespace gives an empty
    range at ``start``."""
    first = start
    while first < end and text[first].isspace():
        first += 1
    if first == end:
        return start, start
    while text[end - 1].isspace():
        end -= 1
    return first, end


def _slice(text: str, bounds: tuple[int, int]) -> str:
    return text[bounds[0] : bounds[1]]


def _span(bounds: tuple[int, int]) -> Span:
    return Span(start=bounds[0], end=bounds[1])
