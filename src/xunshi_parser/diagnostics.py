"""Validation rules over a parsed bulletin.

Each rule reads the records and yields problems by code; :func:`check` gives each problem the
severity the table of codes (:mod:`xunshi_parser.codes`) fixes for its code, and its line and
column. :data:`RULES` is the ordered pipeline. Codes are stable API, message wording is not.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from heapq import merge
from typing import TYPE_CHECKING, Final, NamedTuple

from xunshi_parser.codes import BY_CODE
from xunshi_parser.grammar import (
    MARKER,
    MARKERS,
    ROUND,
    SECTION_HEADER,
    TRAILER,
    TRAILER_KINDS,
    cut_header,
    find_trailers,
    fold,
    furniture_count,
    is_page_number,
    leading_ordinal,
    near_trailer,
    ordinal_header,
    ordinal_style,
    without_list_number,
)
from xunshi_parser.models import Bulletin, Diagnostic, Entry, Span, Unplaced
from xunshi_parser.positions import line_columns

if TYPE_CHECKING:
    from xunshi_parser.page import SourceMap

__all__ = ["RULES", "Problem", "check"]


class Problem(NamedTuple):
    """What a rule reports. No severity: the code's, from the table of codes."""

    code: str
    message: str
    offset: int
    entry: int | None = None


Rule = Callable[[Bulletin], Iterator[Problem]]


def check(bulletin: Bulletin, source: SourceMap | None = None) -> list[Diagnostic]:
    """Run every rule in :data:`RULES` over ``bulletin``; results in document order.

    Positions are computed from ``bulletin.text`` only when there is a problem, in one pass
    that stops at the last one, however many there are. With the ``source`` map of the page
    the text was rendered from, line and column are the page's (a message notes where the
    page has no such position); ``offset`` is always into ``bulletin.text``.
    """
    problems = [problem for _name, rule in RULES for problem in rule(bulletin)]
    problems.sort(key=lambda problem: (problem.offset, problem.code))
    offsets = [problem.offset for problem in problems]
    positions: Iterator[tuple[int, int, str]] = (
        iter(source.positions(offsets))
        if source is not None and offsets
        else ((line, column, "") for line, column in line_columns(bulletin.text, offsets))
    )
    return [
        Diagnostic(
            code=problem.code,
            severity=BY_CODE[problem.code].severity,
            message=problem.message + note,
            line=line,
            column=column,
            offset=problem.offset,
            entry=problem.entry,
        )
        for problem, (line, column, note) in zip(problems, positions, strict=True)
    ]


def lead_names_round(bulletin: Bulletin) -> Iterator[Problem]:
    if bulletin.lead_span is None:
        message = "no lead paragraph before the first section"
        yield Problem("XS101", message, bulletin.entries[0].span.start)
    elif bulletin.round is None or bulletin.round.number is None:
        # A round named in the lead gives no number only when others are named with it.
        message = (
            "the lead names several rounds together (such as 第十轮、第十一轮巡察): no one "
            "round number"
            if ROUND.search(fold(bulletin.lead or ""))
            else "the lead names no inspection round (such as 第十三轮巡视)"
        )
        yield Problem("XS101", message, bulletin.lead_span.start)


def sections_have_trailers(bulletin: Bulletin) -> Iterator[Problem]:
    for entry in bulletin.entries:
        if entry.feedback is None:
            message = (
                f"section '{entry.unit.text}' has no trailer 【…反馈巡视情况】: cut or damaged"
            )
            text = entry.span.slice(bulletin.text)
            near = near_trailer(fold(text))
            if near is not None:
                # A trailer of a shape the grammar does not read is the likelier cause.
                message += f", or not read: '{text[near[0] : near[1]]}' is no trailer's shape"
            yield Problem("XS201", message, entry.span.start, entry.index)


def markers_start_sections(bulletin: Bulletin) -> Iterator[Problem]:
    text = bulletin.text
    for entry in bulletin.entries:
        span = entry.span
        start, end = span.start, span.end
        marker = text[start]
        if marker not in MARKERS:
            continue  # a numbered section (一、单位：): no marker to find again
        stray = text.find(marker, start + 1, end)
        if stray >= 0:
            message = (
                f"'{marker}' inside section '{entry.unit.text}' starts no section header "
                "(a unit followed by '：')"
            )
            yield Problem("XS202", message, stray, entry.index)


def targets_match_units(bulletin: Bulletin) -> Iterator[Problem]:
    for entry in bulletin.entries:
        feedback = entry.feedback
        if feedback is None or feedback.target == (unit := entry.unit.text):
            continue
        target = feedback.target
        if target == without_list_number(unit):
            continue  # ■（一）区教委党组：… 【…向区教委党组反馈…】: the number is the section's
        where = feedback.span.start
        if unit in target or target in unit:
            message = f"trailer names '{target}' for unit '{unit}' (one contains the other)"
            yield Problem("XS212", message, where, entry.index)
        else:
            message = f"trailer names '{target}' but the section header names '{unit}'"
            yield Problem("XS211", message, where, entry.index)


def team_numbers_ascend(bulletin: Bulletin) -> Iterator[Problem]:
    previous: int | None = None
    for entry in bulletin.entries:
        feedback = entry.feedback
        if feedback is None or (number := feedback.team_number) is None:
            continue
        if previous is not None and number < previous:
            message = f"team number {number} comes after {previous}: sections out of order?"
            yield Problem("XS221", message, feedback.span.start, entry.index)
        previous = number


def _kind_key(kind: str) -> str:
    """A kind compared without variants, spaces or quotes: 巡視"回頭看" is 巡视“回头看”."""
    return _QUOTES_AND_SPACES.sub("", fold(kind))


_QUOTES_AND_SPACES: Final = re.compile(r"[\s“”‘’「」『』\"']")
_KNOWN_KINDS: Final = frozenset(map(_kind_key, TRAILER_KINDS))
_WRITTEN_KINDS: Final = frozenset(TRAILER_KINDS)


def trailer_kinds_known(bulletin: Bulletin) -> Iterator[Problem]:
    for entry in bulletin.entries:
        feedback = entry.feedback
        if feedback is None or not (kind := feedback.kind) or kind in _WRITTEN_KINDS:
            # A kind written as the table writes it is known without folding it.
            continue
        if _kind_key(kind) not in _KNOWN_KINDS:
            message = (
                f"trailer feeds back '{kind}', not a known kind of inspection "
                "(巡视, 巡视“回头看”, 专项巡视 …)"
            )
            yield Problem("XS231", message, feedback.span.start, entry.index)


def _led(entry: Entry) -> bool:
    """Whether ``entry`` is a section led by its feedback: the words stand before its unit."""
    feedback = entry.feedback
    return feedback is not None and feedback.span.start <= entry.unit.span.start


def sections_have_headline_and_body(bulletin: Bulletin) -> Iterator[Problem]:
    for entry in bulletin.entries:
        body = entry.body
        # A section led by its feedback (省委第一巡视组向…反馈巡视情况。巡视指出，…) has no
        # headline of its own: none is missing.
        if body and not entry.headline and not _led(entry):
            message = (
                f"no headline found in section '{entry.unit.text}': the body restates no prefix "
                "of it, so all of it is kept as body"
            )
            yield Problem("XS301", message, entry.body_span.start, entry.index)
        if not body:
            message = f"section '{entry.unit.text}' has no body"
            yield Problem("XS302", message, entry.body_span.start, entry.index)


def count_matches_lead(bulletin: Bulletin) -> Iterator[Problem]:
    announced = bulletin.round.unit_count if bulletin.round else None
    found = len(bulletin.entries)
    if announced is not None and announced != found and bulletin.lead_span:
        message = f"the lead announces {announced} units but {found} sections were found"
        yield Problem("XS401", message, bulletin.lead_span.start)


def unplaced_text(bulletin: Bulletin) -> Iterator[Problem]:
    """Each piece of unplaced text, once.

    The lines of page furniture the text ends with, after the sections and the footer, are
    remarks (XS504, an info). Of the other pieces, a piece holding a lost section gives an
    error per section (XS502); the last piece, when only the editor line follows, is either a
    header cut short (XS203, an error) or a lone marker closing the article before the editor
    line (XS503, an info); anything else is stray text (XS501).
    """
    marker = _header_kind(bulletin)
    pieces = bulletin.unplaced
    page = [is_page_number(fold(piece.text)) for piece in pieces]
    if pages := [piece for piece, is_page in zip(pieces, page, strict=True) if is_page]:
        # A printed copy's page numbers fall anywhere, between the lines of furniture too.
        # One remark for all, at the first: each is in `unplaced`, where it stands.
        shown = "', '".join(piece.text for piece in pages[:_PAGES_SHOWN])
        more = ", …" if len(pages) > _PAGES_SHOWN else ""
        message = f"{len(pages)} page number(s) of a printed copy set apart: '{shown}'{more}"
        yield Problem("XS505", message, pages[0].span.start)
        pieces = [piece for piece, is_page in zip(pieces, page, strict=True) if not is_page]
    furniture = _furniture_count(bulletin, pieces)
    if furniture:
        for piece in pieces[-furniture:]:
            message = f"page furniture after the bulletin: '{_excerpt(piece.text)}'"
            yield Problem("XS504", message, piece.span.start)
    footer = (
        bulletin.editor_span.start
        if bulletin.editor_span
        else pieces[-furniture].span.start
        if furniture
        else len(bulletin.text)
    )
    if furniture:
        pieces = pieces[:-furniture]
    last = pieces[-1] if pieces else None
    closes = last is not None and not bulletin.text[last.span.end : footer].strip()
    signed = bulletin.editor_span is not None
    for piece in pieces:
        if lost := list(_lost_sections(piece, marker, bulletin.text)):
            yield from _in_text(bulletin, piece.span.start, lost)
            continue
        if closes and piece is last and (ending := _ending(piece, marker, signed=signed)):
            yield from _in_text(bulletin, piece.span.start, (ending,))
            continue
        message = (
            f"text outside any section or field: '{_excerpt(piece.text)}' "
            f"({len(piece.text)} characters)"
        )
        yield Problem("XS501", message, piece.span.start)


#: Page numbers named in the one remark on them.
_PAGES_SHOWN: Final = 3


def _excerpt(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def _furniture_count(bulletin: Bulletin, pieces: list[Unplaced]) -> int:
    """How many of the last ``pieces`` of unplaced text are lines of page furniture after the
    sections and the editor line (the lines the scan set apart)."""
    after = max(
        bulletin.entries[-1].span.end if bulletin.entries else 0,
        bulletin.editor_span.end if bulletin.editor_span else 0,
    )
    first = len(pieces)
    while first and pieces[first - 1].span.start >= after:
        first -= 1
    return furniture_count([fold(piece.text) for piece in pieces[first:]])


def _in_text(bulletin: Bulletin, start: int, problems: Iterable[Problem]) -> Iterator[Problem]:
    """``problems``, found at ``start`` plus an index into a value that starts there (in the
    order of those indexes), at their offsets in the text: the hard-wrap breaks inside the
    value, which it leaves out, are counted back in."""
    breaks = bulletin.wrap_breaks
    # One bisection, then one walk over the breaks for all the problems of the value: a value
    # holding many lost sections and many breaks stays linear.
    index = bisect_left(breaks, start, key=_start_of)
    shift = 0
    for problem in problems:
        while index < len(breaks) and breaks[index].start <= problem.offset + shift:
            shift += breaks[index].end - breaks[index].start
            index += 1
        yield problem._replace(offset=problem.offset + shift)


def _start_of(span: Span) -> int:
    return span.start


def lead_holds_no_section(bulletin: Bulletin) -> Iterator[Problem]:
    """A trailer in the lead closes a first section whose header was damaged (its marker
    deleted, say): the section's text was read as lead."""
    if bulletin.lead is None or bulletin.lead_span is None:
        return
    lead, start = bulletin.lead, bulletin.lead_span.start
    problems = (
        Problem(
            "XS502",
            f"a section was lost to the lead: the trailer for "
            f"'{lead[trailer.start('target') : trailer.end('target')]}' closes no section "
            "(its header's marker deleted or damaged?)",
            start + trailer.start(),
        )
        for trailer in find_trailers(fold(lead))
    )
    yield from _in_text(bulletin, start, problems)


def _header_kind(bulletin: Bulletin) -> str:
    """What heads the document's sections: its marker as written (■, ◆ …), or the style of
    its numbers (一、, （一）, 1.: see :func:`grammar.ordinal_style`); ■ without sections."""
    if not bulletin.entries:
        return MARKER
    first = bulletin.entries[0]
    start = first.span.start
    if bulletin.text[start] in MARKERS:
        return bulletin.text[start]
    # A numbered section's span starts at its number, its unit after it.
    number = leading_ordinal().match(fold(bulletin.text[start : first.unit.span.start]))
    return ordinal_style(number.group()) if number else MARKER


def _kind_of(text: str, header: re.Match[str]) -> str:
    """What heads ``header`` (a match in ``text`` folded): its marker, or its number's style."""
    if header.re is not SECTION_HEADER:
        return ordinal_style(header.group("ordinal"))
    return text[header.start()]


def _lost_sections(piece: Unplaced, kind: str, text: str) -> Iterator[Problem]:
    """The sections that ended up in ``piece``: a header, or a trailer with no header before it
    (but a copy of the trailer just before the piece, a slip of the copy: stray text).

    A header and the trailer after it are one section, reported at the header. A header of
    another kind than the document's (another marker, or a number of another style) and no
    trailer is a sub-bullet (●一是：, 1.问题：), not a section; so is a numbered header of the
    document's own style with no trailer (a list after the sections: 下一步要求：一、…). Numbered
    headers are looked for only when the document's sections are numbered: in a ■ bulletin
    they open lists.
    """
    folded = fold(piece.text)
    headers: Iterator[re.Match[str]] = SECTION_HEADER.finditer(folded)
    if kind not in MARKERS:
        headers = merge(headers, ordinal_header().finditer(folded), key=re.Match.start)
    header: re.Match[str] | None = None
    for match in merge(headers, find_trailers(folded), key=re.Match.start):
        if match.re is not TRAILER:
            if header is not None and kind in MARKERS and _kind_of(piece.text, header) == kind:
                yield _lost_header(piece, header)
            header = match
        elif header is not None:
            yield _lost_header(piece, header)
            header = None
        elif not (match.start() == 0 and _repeats_trailer(text, piece.span.start, match.group())):
            target = piece.text[match.start("target") : match.end("target")]
            message = (
                f"a section was lost to unplaced text: the trailer for '{target}' closes no "
                "section (its header's marker deleted or damaged?)"
            )
            yield Problem("XS502", message, piece.span.start + match.start())
    if header is not None and kind in MARKERS and _kind_of(piece.text, header) == kind:
        yield _lost_header(piece, header)


#: The most blank characters (spaces, line breaks) between a trailer and its copy.
_REPEAT_GAP: Final = 16


def _repeats_trailer(text: str, start: int, trailer: str) -> bool:
    """Whether ``trailer`` (canonical) is also what ``text`` holds just before ``start``."""
    # A bounded slice: a text of many pieces costs no more per piece.
    before = text[max(0, start - len(trailer) - _REPEAT_GAP) : start].rstrip()
    return fold(before).endswith(trailer)


def _lost_header(piece: Unplaced, header: re.Match[str]) -> Problem:
    unit = piece.text[header.start("unit") : header.end("unit")]
    numbered = header.re is not SECTION_HEADER
    cause = "its line break lost?" if numbered else "its marker damaged?"
    message = (
        f"a section was lost to unplaced text: the header of '{unit}' starts no section ({cause})"
    )
    start = header.start("ordinal") if numbered else header.start()
    return Problem("XS502", message, piece.span.start + start)


def _ending(piece: Unplaced, marker: str, *, signed: bool) -> Problem | None:
    """What the last piece of unplaced text is, if it ends the article with a marker.

    A lone marker before the editor's line closes the article; at the very end of a text
    without one, it is as likely a header cut just after its marker, which is damage.
    """
    folded = fold(piece.text)
    if folded.strip() == MARKER and not signed:
        message = f"the text ends just after a marker '{piece.text.strip()}': a header cut short?"
        return Problem("XS203", message, piece.span.start + folded.index(MARKER))
    if folded.strip() == MARKER:
        # Any marker alone, as some sites close an article with ■ before 责任编辑.
        message = f"a lone '{piece.text.strip()}' ends the article: read as an end mark"
        return Problem("XS503", message, piece.span.start + folded.index(MARKER))
    if marker not in MARKERS:
        return _cut_numbered_header(piece, folded, marker)
    at = piece.text.rfind(marker)
    cut = cut_header().match(folded, at) if at >= 0 else None
    # A unit's name starts after the marker with a word's character: cut_header's unit
    # character may be a space or a bracket, as in an end mark ■ or （■）.
    if cut is None or not cut.group()[-1].isalnum():
        return None
    message = f"the text ends inside a section header: '{piece.text[at : at + 20]}' has no '：'"
    return Problem("XS203", message, piece.span.start + at)


def _cut_numbered_header(piece: Unplaced, folded: str, style: str) -> Problem | None:
    """XS203 when ``piece`` (``folded``) is one line opening with a number of the sections'
    ``style`` and a word, with no colon or sentence punctuation: a numbered header cut short
    (三、县民政局党). A list after the sections (下一步要求：一、…) is more than one line."""
    at = len(folded) - len(folded.lstrip())
    number = leading_ordinal().match(folded, at)
    if (
        number is None
        or ordinal_style(number.group()) != style
        or any(char in folded for char in "\r\n：。，；")
        or not folded[number.end() : number.end() + 1].isalnum()
    ):
        return None
    message = f"the text ends inside a section header: '{piece.text[at : at + 20]}' has no '：'"
    return Problem("XS203", message, piece.span.start + at)


_REPLACED: Final = re.compile("\ufffd+")


def replaced_bytes(bulletin: Bulletin) -> Iterator[Problem]:
    """Each run of U+FFFD: bytes decoded with ``errors="replace"``, or text damaged before."""
    if "\ufffd" not in bulletin.text:
        return
    starts = [entry.span.start for entry in bulletin.entries]
    for run in _REPLACED.finditer(bulletin.text):
        count = len(run.group())
        # The last entry starting at or before the run (bisect_right, as bisect_left of +1).
        at = bisect_left(starts, run.start() + 1)
        entry = bulletin.entries[at - 1] if at else None
        inside = entry is not None and run.start() < entry.span.end
        characters = "1 character" if count == 1 else f"{count} characters"
        message = (
            f"{characters} replaced by U+FFFD: bytes that did not decode, the text here is damaged"
        )
        yield Problem("XS601", message, run.start(), entry.index if entry and inside else None)


RULES: Final[tuple[tuple[str, Rule], ...]] = (
    ("lead_names_round", lead_names_round),
    ("sections_have_trailers", sections_have_trailers),
    ("markers_start_sections", markers_start_sections),
    ("targets_match_units", targets_match_units),
    ("team_numbers_ascend", team_numbers_ascend),
    ("trailer_kinds_known", trailer_kinds_known),
    ("sections_have_headline_and_body", sections_have_headline_and_body),
    ("count_matches_lead", count_matches_lead),
    ("lead_holds_no_section", lead_holds_no_section),
    ("unplaced_text", unplaced_text),
    ("replaced_bytes", replaced_bytes),
)
