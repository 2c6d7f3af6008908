"""The section scanner: where the sections, their parts and the footer lie. No field logic.

A section is a marker, a unit and a colon (``■市档案馆：``), or a number at the start of a
line in place of the marker (``一、区卫健委党委：``), then content up to the next
section header. Its trailer is the first ``【…反馈巡视情况】`` in that content; any text after
the trailer belongs to no section and is reported as stray. Where no section ends in a
trailer, sections may open with their feedback instead (``省委第一巡视组向省财政厅党组反馈
巡视情况。巡视指出，…``): the words are the section's trailer, its target the unit. The
scanner reads the canonical text (see :mod:`xunshi_parser.normalise`), and the text as
written only to tell one marker from another, since every marker folds to ■.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, NamedTuple

from xunshi_parser.grammar import (
    EDITOR,
    EDITOR_CLOSE,
    EDITOR_OPEN,
    FOOTER_REACH,
    MARKER,
    MARKERS,
    MAX_INNER_SPACE,
    MIN_FEEDBACK_SECTIONS,
    SECTION_HEADER,
    after_last_trailer,
    closing_source,
    feedback_header,
    first_trailer,
    last_non_space,
    opens_list,
    ordinal_header,
    ordinal_style,
    restated_unit,
    source_before_editor,
    trailing_furniture,
)

__all__ = ["RawSection", "Scan", "scan"]

_NON_SPACE: Final = re.compile(r"\S+(?:\s+\S+)*")


class RawSection(NamedTuple):
    """Offsets of one section's parts in the scanned text. (A tuple: built once per section,
    it costs a fraction of a frozen dataclass.)"""

    start: int  # the marker, or the number of a numbered section
    unit_start: int
    unit_end: int
    content_start: int  # just after the colon
    content_end: int  # the trailer's start, or the section's end when there is none
    trailer: re.Match[str] | None
    stray: tuple[tuple[int, int], ...]  # text after the trailer


@dataclass(frozen=True, slots=True)
class Scan:
    sections: tuple[RawSection, ...]
    footer_start: int  # where the closing lines begin (len(text) without any)
    editor: tuple[int, int] | None  # the editor's name
    #: Where header ``max_sections + 1`` stands, when there are more than ``max_sections``.
    excess: int | None = None
    #: A closing line naming only the source (（来源：某网）), when no editor line closes the text.
    source_line: tuple[int, int] | None = None
    #: The lines of page furniture the text ends with (阅读原文, 点赞 …), after everything else.
    furniture: tuple[tuple[int, int], ...] = ()


def scan(canonical: str, written: str, *, max_sections: int) -> Scan:
    """Locate sections and the footer in ``canonical``. Linear: every search is bounded.

    The scan stops at the first header past ``max_sections`` of one marker, so input that is
    not a bulletin costs no more than that many headers.
    """
    # Page furniture copied after the footer (阅读原文, 点赞 …) is set apart first: the footer
    # closes the text that comes before it.
    furniture = tuple(trailing_furniture(canonical))
    end = furniture[0][0] if furniture else len(canonical)
    last = last_non_space(canonical, end)
    footer = _footer(canonical, last)
    source_line = None if footer else _closing_source(canonical, last)
    body_end = footer[0] if footer else source_line[0] if source_line else end
    by_marker: dict[str, list[re.Match[str]]] = {}
    for header in SECTION_HEADER.finditer(canonical, 0, body_end):
        headers = by_marker.setdefault(written[header.start()], [])
        if len(headers) == max_sections:
            return Scan(sections=(), footer_start=body_end, editor=None, excess=header.start())
        headers.append(header)
    # One marker per document: the one whose sections end in the most trailers, then leave the
    # fewest without (so ● sub-bullets inside ■ sections stay body text), then ■ first.
    best: _Ranked = ((0, 0, 0, 0), [])
    for marker, headers in by_marker.items():
        sections = _sections(canonical, headers, body_end)
        best = _better(best, sections, MARKERS.find(marker))
    if not best[0][0]:
        # Sections numbered in place of markers (一、单位：), one group per style of number,
        # looked for only when no marked section ends in a trailer: a ■ bulletin's bodies may
        # hold numbered lists (（一）关于…：), which stay body text even where a ■ is lost.
        by_style: dict[str, list[re.Match[str]]] = {}
        for header in ordinal_header().finditer(canonical, 0, body_end):
            headers = by_style.setdefault(ordinal_style(header.group("ordinal")), [])
            if len(headers) == max_sections:
                excess = header.start("ordinal")
                return Scan(sections=(), footer_start=body_end, editor=None, excess=excess)
            headers.append(header)
        for headers in by_style.values():
            sections = _sections(canonical, _without_lists(canonical, headers, body_end), body_end)
            best = _better(best, sections, _NUMBERED)
    if not best[0][0]:
        # Sections led by their feedback (省委第一巡视组向…反馈巡视情况。巡视指出，…): a text
        # whose sections end in no trailer may open each with one.
        marked = [header.start() for headers in by_marker.values() for header in headers]
        led = _feedback_led(canonical, body_end, max_sections, marked)
        if isinstance(led, int):
            return Scan(sections=(), footer_start=body_end, editor=None, excess=led)
        if len(led) >= MIN_FEEDBACK_SECTIONS:
            best = ((len(led), 0, 0, 0), led)
    return Scan(
        sections=tuple(best[1]),
        footer_start=body_end,
        editor=footer[1] if footer else None,
        source_line=source_line,
        furniture=furniture,
    )


def _without_lists(text: str, headers: list[re.Match[str]], end: int) -> list[re.Match[str]]:
    """Numbered ``headers`` (of one style) less those of a list inside a section: a list's
    first item (一、, 1.) where the section before it has no trailer yet, and every header after
    it until a trailer comes. Any other header starts a section even before the trailer of
    the one it ends: a section cut before its trailer is damage to report, not a reason to
    swallow the next one. Trailers never cross a line, and every header starts one, so each
    stretch between two headers is searched once. A list after the last trailer (下一步要求：
    一、…二、…) numbers anew and never ends in a trailer: it is text after the sections."""
    kept: list[re.Match[str]] = []
    closed = True  # the last kept header's section has its trailer
    in_list = False
    previous_end = 0
    for header in headers:
        if not closed and first_trailer(text, previous_end, header.start()) is not None:
            closed = True
        previous_end = header.end()
        if not closed and (in_list or opens_list(header.group("ordinal"))):
            in_list = True
            continue
        kept.append(header)
        closed = in_list = False
    no_trailer_after = after_last_trailer(text, end)
    for index in range(1, len(kept)):
        header = kept[index]
        if header.start() >= no_trailer_after and opens_list(header.group("ordinal")):
            return kept[:index]
    return kept


def _feedback_led(
    canonical: str, end: int, max_sections: int, marked: list[int]
) -> list[RawSection] | int:
    """The sections led by their feedback before ``end``, or where the header past
    ``max_sections`` stands. Each runs to the next; its trailer is its header.

    No sections when ``marked`` (the starts of marked headers) holds a header that is not such a
    section's (a ■ bulletin whose trailers lost their brackets: the words close its sections),
    when a bracket is not followed by its unit named again (it closes a section), or when the
    words name fewer than two teams' feedback to two units (a report of one team's feedback).
    """
    headers: list[re.Match[str]] = []
    # Every such header holds 向 and 反馈: a text without them is not searched.
    if "反馈" not in canonical or "向" not in canonical:
        return []
    for header in feedback_header().finditer(canonical, 0, end):
        if len(headers) == max_sections:
            return header.start("feedback")
        headers.append(header)
    if len({header.group("team", "target") for header in headers}) < MIN_FEEDBACK_SECTIONS:
        return []
    # A section starts at its marker, or where its words start (after the line's indentation).
    starts = [
        header.start() if header.group("lead").startswith(MARKER) else header.start("feedback")
        for header in headers
    ]
    if not set(marked) <= set(starts):
        return []
    ends = [*starts[1:], end]
    sections = []
    for header, start, stop in zip(headers, starts, ends, strict=True):
        section = _led_section(canonical, header, start, stop)
        if section is None:
            return []
        sections.append(section)
    return sections


def _led_section(canonical: str, header: re.Match[str], start: int, end: int) -> RawSection | None:
    """A section led by its feedback: its unit is the one it names again after the words
    (省统计局党组：), if it does, else the words' target; None for a bracket not followed by
    its unit (it closes a section)."""
    target = header.group("target")
    again = restated_unit().match(canonical, header.end(), end)
    if again is not None:
        unit = again.group("unit").strip()
        if unit and (unit in target or target in unit):
            return RawSection(start, *again.span("unit"), again.end(), end, header, ())
    if header.group("open"):
        return None
    return RawSection(start, *header.span("target"), header.end(), end, header, ())


_Ranked = tuple[tuple[int, int, int, int], list[RawSection]]
#: The rank of numbered headers: after every marker.
_NUMBERED: Final = len(MARKERS)


def _better(best: _Ranked, sections: list[RawSection], rank: int) -> _Ranked:
    """``best`` or the group of ``sections`` (of the ``rank``-th kind of header), whichever
    ends more sections in trailers, then is marked rather than numbered, then leaves fewer
    sections without a trailer, then ranks first."""
    complete = sum(1 for section in sections if section.trailer)
    score = (complete, -(rank == _NUMBERED), complete - len(sections), -rank)
    return (score, sections) if not best[1] or score > best[0] else best


def _footer(canonical: str, last: int) -> tuple[int, tuple[int, int]] | None:
    """Where the closing editor line starts, and its name, if the text up to ``last`` (its
    last non-space character, or the one before page furniture) ends with one."""
    # Searched only near the end: trailing blank lines and furniture cost nothing.
    found = None
    for editor in EDITOR.finditer(canonical, max(0, last - FOOTER_REACH), last):
        if EDITOR_CLOSE.match(canonical, editor.end(), last):
            found = editor
    if found is None:
        return None
    reach = max(0, found.start() - MAX_INNER_SPACE - 1)
    opening = EDITOR_OPEN.search(canonical, reach, found.start())
    start = opening.start() if opening else found.start()
    return _source_before(canonical, start), found.span("name")


def _source_before(canonical: str, start: int) -> int:
    """Where the footer starting at ``start`` starts when a line naming only the source stands
    right before its line (来源：某网⏎责任编辑：王蒙): that line's start; else ``start``."""
    before = last_non_space(canonical, start)
    gap = canonical[before:start]
    if not before or ("\n" not in gap and "\r" not in gap):
        return start  # the editor line does not start its own line
    reach = max(0, before - FOOTER_REACH)
    line = max(canonical.rfind("\n", reach, before), canonical.rfind("\r", reach, before)) + 1
    words = canonical[line:before]
    if line == 0 < reach or ("来源" not in words and "稿源" not in words):
        return start
    found = source_before_editor().match(canonical, line, start)
    return line + len(found.group()) - len(found.group().lstrip()) if found else start


def _closing_source(canonical: str, last: int) -> tuple[int, int] | None:
    """Where a closing line naming only the source lies, if the text up to ``last`` ends with
    one."""
    found = closing_source().search(canonical, max(0, last - FOOTER_REACH), last)
    return found.span() if found else None


def _sections(text: str, headers: list[re.Match[str]], end: int) -> list[RawSection]:
    # A section starts at its marker, or at its number (after the spaces indenting the line).
    if headers and headers[0].re is not SECTION_HEADER:
        starts = [header.start("ordinal") for header in headers]
    else:
        starts = [header.start() for header in headers]
    ends = [*starts[1:], end]
    return [
        _section(text, header, start, end)
        for header, start, end in zip(headers, starts, ends, strict=True)
    ]


def _section(text: str, header: re.Match[str], start: int, end: int) -> RawSection:
    content_start = header.end()
    trailer = first_trailer(text, content_start, end)
    content_end = end
    stray: tuple[tuple[int, int], ...] = ()
    if trailer:
        content_end, trailer_end = trailer.span()
        if trailer_end < end and not text[trailer_end:end].isspace():
            stray = tuple(match.span() for match in _NON_SPACE.finditer(text, trailer_end, end))
    unit_start, unit_end = header.span("unit")
    # Positional: a named tuple built from keywords costs twice as much.
    return RawSection(start, unit_start, unit_end, content_start, content_end, trailer, stray)
