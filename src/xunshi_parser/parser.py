"""The pipeline: text → canonical shadow → sections → fields → one validated record → diagnostics.

Every value is cut from the text as written (hard wraps undone) and every span is mapped back
to the text the caller gave. The records are assembled as plain data and validated once, as one
tree: one validation of the whole bulletin costs far less than one per record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from xunshi_parser.diagnostics import check
from xunshi_parser.errors import BulletinError, XunshiError
from xunshi_parser.fields.findings import split_findings
from xunshi_parser.fields.headline import split_headline
from xunshi_parser.fields.lead import Preamble, read_dateline, read_round, split_preamble
from xunshi_parser.fields.trailer import read_trailer
from xunshi_parser.fields.unit import split_unit
from xunshi_parser.grammar import MARKER, first_trailer, looks_like_feedback_report, near_trailer
from xunshi_parser.models import Bulletin
from xunshi_parser.normalise import Document, normalise
from xunshi_parser.page import PageFacts, SourceMap
from xunshi_parser.positions import line_column
from xunshi_parser.scan import scan

if TYPE_CHECKING:
    from datetime import date

    from xunshi_parser.scan import RawSection, Scan

__all__ = ["MAX_SECTIONS", "check_surrogates", "parse", "parse_text"]

#: Real bulletins have tens of sections; far more means the input is not one, and building
#: hundreds of thousands of records would take long.
MAX_SECTIONS: Final = 5000

_Data = dict[str, Any]


def parse(text: str, *, strict: bool = False, max_sections: int = MAX_SECTIONS) -> Bulletin:
    """Parse the text of one bulletin.

    Raises :class:`BulletinError` when ``text`` holds no section (``■单位：…``, or ``一、单位：…``
    at the start of a line) or more than
    ``max_sections``, or when ``strict`` is true and a diagnostic of severity ``error`` was found.
    """
    if not isinstance(text, str):
        msg = f"parse() takes str, not {type(text).__name__}; use parse_bytes() for bytes"
        raise TypeError(msg)
    return parse_text(text, strict=strict, max_sections=max_sections)


def parse_text(
    text: str,
    *,
    strict: bool,
    max_sections: int,
    page: PageFacts | None = None,
    source: SourceMap | None = None,
) -> Bulletin:
    """:func:`parse`, with facts from a web page filling what the text does not say; with the
    ``source`` map of the page ``text`` was rendered from, positions are the page's."""
    page = page or PageFacts()
    if max_sections < 1:
        raise XunshiError(f"max_sections must be at least 1, not {max_sections}")
    check_surrogates(text)
    # The plain data and everything it was read from are freed as soon as the records are
    # validated: fewer live objects for the garbage collector to walk while checking.
    # Every value is validated; only the search for keys the models do not know is left out
    # (a sixth of the validation's time): the tree is built here with the models' own names,
    # which tests/test_fast_paths.py checks under the models' extra="forbid".
    bulletin = Bulletin.model_validate(_tree(text, max_sections, page, source), extra="ignore")
    diagnostics = check(bulletin, source)
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


def _tree(text: str, max_sections: int, page: PageFacts, source: SourceMap | None) -> _Data:
    """The bulletin as plain data, ready to be validated."""
    document = normalise(text)
    found = scan(document.canonical, document.plain, max_sections=max_sections)
    _refuse_non_bulletins(document, found, max_sections, source)
    plain, canonical = document.plain, document.canonical
    parts = split_preamble(canonical[: found.sections[0].start])
    # A closing line naming the source is the dateline when the text has none above.
    closing = found.source_line if parts.dateline is None else None
    editor, editor_span = page.editor, None
    footer: tuple[date | None, str | None] = (None, None)
    # The closing lines end where page furniture copied after them begins.
    footer_end = found.furniture[0][0] if found.furniture else len(plain)
    if found.editor:
        editor = plain[found.editor[0] : found.editor[1]]
        editor_span = _span(document, *_trimmed(plain, found.footer_start, footer_end))
    if found.editor or closing:
        # The editor's line, a line after it, or a line of its own may name the source.
        start = found.footer_start
        footer = read_dateline(plain[start:footer_end], canonical[start:footer_end])
    tree = _preamble(document, parts, page, footer, closing)
    unplaced: list[_Data] = [
        {"text": plain[start:end], "span": _span(document, start, end)}
        for raw in found.sections
        for start, end in raw.stray
    ]
    if found.source_line and not closing:
        start, end = found.source_line
        unplaced.append({"text": plain[start:end], "span": _span(document, start, end)})
    # Page furniture is not the bulletin's, but nothing is dropped: each line is reported.
    unplaced += [
        {"text": plain[start:end], "span": _span(document, start, end)}
        for start, end in found.furniture
    ]
    if document.page_numbers:
        # A printed copy's page numbers stand between pages, inside sections too: values
        # leave them out (see normalise), and each is reported here, in its place.
        for line_start, line_end in document.page_numbers:
            start, end = _trimmed(text, line_start, line_end)
            unplaced.append({"text": text[start:end], "span": {"start": start, "end": end}})
        unplaced.sort(key=lambda piece: piece["span"]["start"])
    tree.update(
        text=text,
        wrap_breaks=[{"start": start, "end": end} for start, end in document.breaks],
        entries=[_entry(document, index, raw) for index, raw in enumerate(found.sections, start=1)],
        editor=editor,
        editor_span=editor_span,
        unplaced=unplaced,
        diagnostics=[],
    )
    return tree


def _refuse_non_bulletins(
    document: Document, found: Scan, max_sections: int, source: SourceMap | None = None
) -> None:
    if found.excess is not None:
        offset = document.offset(found.excess)
        line, column = _position(document, offset, source)
        raise BulletinError(
            f"more than {max_sections} sections: not a bulletin, or raise the limit "
            "(max_sections=, --max-sections)",
            line=line,
            column=column,
            offset=offset,
        )
    if not any(section.trailer for section in found.sections):
        expected = (
            f"expected sections such as '{MARKER}单位：标题……【市委第一巡视组向单位反馈巡视情况】'"
        )
        trailer = None if found.sections else first_trailer(document.canonical)
        if trailer is not None:
            # Sections whose headers the grammar does not know (a unit without a marker or a
            # number at the start of its line, or without a colon): say where the first
            # trailer stands, and what is missing.
            offset = document.offset(trailer.start())
            line, column = _position(document, offset, source)
            raise BulletinError(
                "no bulletin sections found: a trailer but no section header before it "
                f"(a marker or a number at the start of a line, a unit and '：'); {expected}",
                line=line,
                column=column,
                offset=offset,
            )
        # Relatives of bulletins (entry announcements, round-ups, bulleted lists) have headers
        # like ●单位： but never a feedback trailer; a bulletin cut before its first trailer
        # has no complete section either.
        seen = f"{len(found.sections)} section header(s) but no" if found.sections else "no"
        near = near_trailer(document.canonical, found.sections[0].start) if found.sections else None
        if near is not None:
            # A bracket of a trailer's words in a shape not read: say where it is.
            offset = document.offset(near[0])
            line, column = _position(document, offset, source)
            raise BulletinError(
                f"no bulletin sections found: {seen} trailer; '{document.plain[near[0] : near[1]]}'"
                f" is close to a trailer but not of its shape; {expected}",
                line=line,
                column=column,
                offset=offset,
            )
        if not found.sections and looks_like_feedback_report(document.canonical):
            # The most common relative: one team's feedback to one unit, as a news report.
            expected = f"this looks like a report of one team's feedback to one unit; {expected}"
        raise BulletinError(f"no bulletin sections found: {seen} trailer; {expected}")


def _position(document: Document, offset: int, source: SourceMap | None) -> tuple[int, int]:
    """Line and column of ``offset`` in the text, or in the page it was rendered from."""
    if source is not None:
        line, column = source.positions([offset])[0][:2]
        return line, column
    return line_column(document.text, offset)


#: Characters encoded at a time when looking for surrogates: the copy stays small however
#: long the text.
_SURROGATE_CHUNK: Final = 1 << 16


def check_surrogates(text: str) -> None:
    """Refuse a lone surrogate: it is not a character, and no UTF-8 or JSON can hold it."""
    # The UTF-16 encoder refuses surrogates and says where the first one stands; it runs in a
    # fifth of the time of a regex search for them.
    for chunk in range(0, len(text), _SURROGATE_CHUNK):
        try:
            text[chunk : chunk + _SURROGATE_CHUNK].encode("utf-16-le")
        except UnicodeEncodeError as error:
            offset = chunk + error.start
            break
    else:
        return
    line, column = line_column(text, offset)
    raise XunshiError(
        f"lone surrogate U+{ord(text[offset]):04X}: the text is not valid Unicode",
        line=line,
        column=column,
        offset=offset,
    )


def _preamble(
    document: Document,
    parts: Preamble,
    page: PageFacts,
    footer: tuple[date | None, str | None],
    closing: tuple[int, int] | None,
) -> _Data:
    """The facts before the sections (``parts``), the closing lines' date and source
    (``footer``: 责任编辑：马丽　2024-06-28) filling what they and the page lack, and the
    ``closing`` source line as the dateline when there is none above."""
    plain, canonical = document.plain, document.canonical
    published: date | None = None
    source: str | None = None
    dateline = parts.dateline or closing
    if dateline:
        start, stop = dateline
        published, source = read_dateline(plain[start:stop], canonical[start:stop])
    page_published, page_source = _page_dateline(page)
    footer_published, footer_source = footer
    published = published or page_published or footer_published
    lead = round_ = None
    if parts.lead:
        start, stop = parts.lead
        lead = plain[start:stop]
        round_ = read_round(lead, canonical[start:stop], published)._asdict()
    title = plain[parts.title[0] : parts.title[1]] if parts.title else page.title
    if round_ is not None and round_["number"] is None and title and "轮" in title:
        # A lead naming no round (县委5个巡察组对全县12个乡镇党委开展了常规巡察) under a title
        # that does (某某县委第五轮巡察反馈情况): the title names it.
        named = read_round(title)
        if named.number is not None:
            for field in ("issuer", "term", "number", "inspection"):
                round_[field] = round_[field] or getattr(named, field)
    return {
        "title": title,
        "title_span": _span(document, *parts.title_line) if parts.title_line else None,
        "published": published,
        "source": source or footer_source or page.source or page_source or page.platform,
        "dateline_span": _span(document, *dateline) if dateline else None,
        "lead": lead,
        "lead_span": _span(document, *parts.lead) if parts.lead else None,
        "round": round_,
    }


def _page_dateline(page: PageFacts) -> tuple[date | None, str | None]:
    """The first date and the first source the page's datelines give."""
    published: date | None = None
    source: str | None = None
    for line in page.datelines:
        if published and source:
            break
        line_date, line_source = read_dateline(line)
        published = published or line_date
        source = source or line_source
    return published, source


def _entry(document: Document, index: int, raw: RawSection) -> _Data:
    plain, canonical = document.plain, document.canonical
    # Most texts hold no variant character: then the canonical text is the plain one (the
    # same object) and values need no second slice.
    folded = canonical is not plain
    # One unpacking costs less than reading the fields one by one.
    start, unit_start, unit_end, after_colon, before_trailer, trailer, _ = raw
    unit_text = plain[unit_start:unit_end]
    organizations, aliases, party_org = split_unit(
        unit_text, canonical[unit_start:unit_end] if folded else unit_text
    )

    content_start, content_end = _trimmed(plain, after_colon, before_trailer)
    content = canonical[content_start:content_end]
    headline_end, body_start, headline_source = split_headline(content)
    # The headline and the body are trimmed within the content, which is trimmed already:
    # the headline starts where the content does, so only its end can be blank, and the body
    # ends where the content does, so only its start can. (Folding maps spaces to spaces and
    # nothing else to a space, so the canonical text is blank exactly where the plain one is.)
    headline = content[:headline_end].rstrip()
    headline_end = content_start + len(headline)
    body = content[body_start:].lstrip()
    body_start = content_end - len(body) if body else content_start + body_start
    body_end = content_end if body else body_start
    if folded:
        headline = plain[content_start:headline_end]
        body_canonical, body = body, plain[body_start:body_end]
    else:
        body_canonical = body
    findings = split_findings(body, body_canonical)

    end = content_end if content_end > content_start else after_colon
    feedback = None
    if trailer is not None:
        feedback = read_trailer(trailer, plain)
        if trailer.start() < after_colon:
            # A section led by its feedback: the words, without the marker before them or the
            # stop after them; the section ends with its content.
            trailer_start, trailer_end = trailer.span("feedback")
        else:
            trailer_start, trailer_end = trailer.span()
            end = trailer_end
    # Offsets so far are into the plain text; spans point into the text as given. Mapped here
    # at once rather than by _span for each: this runs for every section of every parse.
    headline_start = content_start
    if document.cuts:
        unit_start, unit_end = document.span(unit_start, unit_end)
        headline_start, headline_end = document.span(headline_start, headline_end)
        body_start, body_end = document.span(body_start, body_end)
        if feedback is not None:
            trailer_start, trailer_end = document.span(trailer_start, trailer_end)
        start, end = document.span(start, end)
    if feedback is not None:
        feedback["span"] = {"start": trailer_start, "end": trailer_end}
    return {
        "index": index,
        "unit": {
            "text": unit_text,
            "organizations": organizations,
            "aliases": aliases,
            "party_org": party_org,
            "span": {"start": unit_start, "end": unit_end},
        },
        "headline": headline,
        "headline_span": {"start": headline_start, "end": headline_end},
        "headline_source": headline_source,
        "body": body,
        "body_span": {"start": body_start, "end": body_end},
        "findings": findings,
        "feedback": feedback,
        "span": {"start": start, "end": end},
    }


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed past whitespace at both ends; only whitespace gives an empty
    range at ``start``."""
    if start == end or not (text[start].isspace() or text[end - 1].isspace()):
        return start, end
    first = start
    while first < end and text[first].isspace():
        first += 1
    if first == end:
        return start, start
    while text[end - 1].isspace():
        end -= 1
    return first, end


def _span(document: Document, start: int, end: int) -> _Data:
    if document.cuts:
        start, end = document.span(start, end)
    return {"start": start, "end": end}
