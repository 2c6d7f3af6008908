"""The section scanner: where the sections, their parts and the footer lie. No field logic.

A section is a marker, a unit and a colon (``■市档案馆：``), then content up to the next
section header. Its trailer is the first ``【…反馈巡视情况】`` in that content; any text after
the trailer belongs to no section and is reported as stray.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import regex

from xunshi_parser.fields.trailer import TRAILER

__all__ = ["MARKER", "MARKERS", "RawSection", "Scan", "scan"]

#: Section markers outlets use; a document uses one of them, the most frequent ■ first.
MARKERS: Final = "■◆●▲□"
MARKER: Final = MARKERS[0]
#: A unit is short, on one line, and holds no sentence punctuation: a marker followed by
#: anything else is not a section header.
_UNIT_CHAR: Final = rf"[^{MARKERS}【】：:\n。，；,;]"
#: Every repetition is bounded, so a marker followed by a megabyte of spaces costs no more than
#: one followed by a word.
_HEADER: Final = regex.compile(
    rf"(?P<marker>[{MARKERS}])[^\S\n]{{0,8}}(?P<unit>(?!\s){_UNIT_CHAR}{_UNIT_CHAR}{{0,79}}?)"
    r"[^\S\n]{0,8}[：:]"
)
_NAME: Final = r"[^\s（）()【】\[\]■：:]{1,30}"
#: 责任编辑：王蒙, also in brackets of any kind (closed or not) and with several names.
_EDITOR: Final = regex.compile(
    r"[（(【\[]?[^\S\n]{0,4}(?:责任编辑|責任編輯)[^\S\n]{0,4}[：:][^\S\n]{0,4}"
    rf"(?P<name>{_NAME}(?:[^\S\n]{{1,4}}{_NAME}){{0,4}})[^\S\n]{{0,4}}[）)】\]]?\Z"
)
#: The editor line stands within this many characters of the end.
_FOOTER_REACH: Final = 120
_NON_SPACE: Final = regex.compile(r"\S+(?:\s+\S+)*")


@dataclass(frozen=True, slots=True)
class RawSection:
    """Offsets of one section's parts in the scanned text."""

    start: int  # the marker
    unit_start: int
    unit_end: int
    content_start: int  # just after the colon
    content_end: int  # the trailer's start, or the section's end when there is none
    trailer: regex.Match[str] | None
    stray: tuple[tuple[int, int], ...]  # text after the trailer


@dataclass(frozen=True, slots=True)
class Scan:
    sections: tuple[RawSection, ...]
    footer_start: int  # where the editor line begins (len(text) without one)
    editor: tuple[int, int] | None  # the editor's name


def scan(text: str, *, max_sections: int) -> Scan:
    """Locate sections and the footer in ``text``. Linear: every search is bounded.

    At most ``max_sections + 1`` headers are looked for, so the caller can tell that there are
    too many without paying for all of them.
    """
    # Searched only near the end, up to the last non-space: trailing blank lines cost nothing.
    last = len(text.rstrip())
    footer = _EDITOR.search(text, max(0, last - _FOOTER_REACH), last)
    body_end = footer.start() if footer else len(text)
    by_marker: dict[str, list[regex.Match[str]]] = {marker: [] for marker in MARKERS}
    for header in _HEADER.finditer(text, 0, body_end):
        headers = by_marker[header.group("marker")]
        if len(headers) <= max_sections:
            headers.append(header)
    # One marker per document: the one whose sections end in the most trailers, then leave the
    # fewest without (so ● sub-bullets inside ■ sections stay body text), then ■ first.
    best: tuple[tuple[int, int, int], list[RawSection]] = ((0, 0, 0), [])
    for rank, marker in enumerate(MARKERS):
        if headers := by_marker[marker]:
            sections = _sections(text, headers, body_end)
            complete = sum(1 for section in sections if section.trailer)
            score = (complete, complete - len(sections), -rank)
            if not best[1] or score > best[0]:
                best = (score, sections)
    return Scan(
        sections=tuple(best[1]),
        footer_start=body_end,
        editor=footer.span("name") if footer else None,
    )


def _sections(text: str, headers: list[regex.Match[str]], end: int) -> list[RawSection]:
    ends = [following.start() for following in headers[1:]] + [end]
    return [_section(text, header, end) for header, end in zip(headers, ends, strict=True)]


def _section(text: str, header: regex.Match[str], end: int) -> RawSection:
    trailer = TRAILER.search(text, header.end(), end)
    content_end = trailer.start() if trailer else end
    stray = (
        tuple(match.span() for match in _NON_SPACE.finditer(text, trailer.end(), end))
        if trailer
        else ()
    )
    return RawSection(
        start=header.start(),
        unit_start=header.start("unit"),
        unit_end=header.end("unit"),
        content_start=header.end(),
        content_end=content_end,
        trailer=trailer,
        stray=stray,
    )
