"""A parse at a glance: a bulletin's text with every part the parser found marked.

:func:`render_html` writes one self-contained HTML page (inline style, no script, a
Content-Security-Policy that lets nothing load or run); :func:`render_terminal` colours the
text with ANSI escapes. Both are built from the spans: every character of
:attr:`~xunshi_parser.models.Bulletin.text` is written once, in order, and the marks are
elements (or escapes) around it, so the page's text container reads exactly as the bulletin.
What a mark cannot hold as text (a diagnostic's code and message, a wrap break's sign) is drawn
by CSS from attributes, which a reader of ``textContent`` does not see.

The records give spans for the parts (title, lead, entries, units, headlines, bodies,
trailers, editor, unplaced text) but not for the values inside them: the round's fields, the
findings, the trailer's team and target are found here by searching each part's text, with hard
wraps undone as the parser undid them. The round's fields are found with the grammar's own
patterns and marked only where the match reads as the parsed value.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from xunshi_parser.fields.numerals import parse_number
from xunshi_parser.grammar import (
    PROBLEMS_END,
    ROUND,
    ROUND_KINDS,
    find_round_issuer,
    find_unit_count,
    first_duration,
    fold,
    round_period,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from xunshi_parser.models import Bulletin, Diagnostic, Entry, InspectionRound, Span

__all__ = ["LEGEND", "TEXT_CLASS", "render_html", "render_terminal"]

#: The class of the element holding a bulletin's text (one per bulletin, id ``b{n}-text``):
#: its ``textContent`` is :attr:`Bulletin.text`, character for character.
TEXT_CLASS: Final = "text"

#: Every kind of mark: its CSS class, its name in the legend and its ANSI style.
LEGEND: Final[tuple[tuple[str, str, str], ...]] = (
    ("title", "title", "1;35"),
    ("dateline", "date and source", "35"),
    ("field", "round field (in the lead)", "4;33"),
    ("unit", "unit", "1;34"),
    ("headline", "headline", "1;33"),
    ("finding", "finding", "32"),
    ("trailer", "trailer", "90"),
    ("team", "team", "4;35"),
    ("target", "target", "4;34"),
    ("editor", "editor", "3;35"),
    ("unplaced", "unplaced text", "1;97;41"),
    ("wrap", "hard wrap (read as no break)", ""),
    ("diag", "diagnostic", "1;4;31"),
)
_ANSI: Final = {css: style for css, _, style in LEGEND}
#: Findings alternate between two greens, so neighbours stand apart.
_ANSI_ALTERNATE: Final = "36"


@dataclass(slots=True)
class _Mark:
    """A range of the text to wrap in an element; ``start == end`` for a point (a diagnostic)."""

    start: int
    end: int
    css: str  # classes; the first is the kind
    tip: str | None = None
    ident: str | None = None
    data: tuple[tuple[str, str], ...] = ()
    tag: str = "span"
    href: str | None = None


class _Window:
    """The text of ``[start, end)`` with the hard-wrap breaks in it removed, as the parser read
    it, and the way back from its offsets to the bulletin's."""

    __slots__ = ("_origins", "_starts", "text")

    def __init__(self, text: str, start: int, end: int, breaks: Sequence[Span]) -> None:
        pieces: list[str] = []
        self._starts: list[int] = []  # where each piece starts in the window's text
        self._origins: list[int] = []  # and in the bulletin's
        position = start
        length = 0
        for wrap in breaks:
            if wrap.end <= start or wrap.start < position:
                continue
            if wrap.start >= end:
                break
            pieces.append(text[position : wrap.start])
            self._starts.append(length)
            self._origins.append(position)
            length += wrap.start - position
            position = min(wrap.end, end)
        pieces.append(text[position:end])
        self._starts.append(length)
        self._origins.append(position)
        self.text = "".join(pieces)

    def offset(self, position: int) -> int:
        """The bulletin's offset of the character at ``position`` in :attr:`text`."""
        piece = bisect_right(self._starts, position) - 1
        return self._origins[piece] + position - self._starts[piece]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.offset(start), self.offset(end - 1) + 1


# --- Finding the marks ---------------------------------------------------------------------


def _marks(bulletin: Bulletin, prefix: str) -> list[_Mark]:
    """Every mark of ``bulletin``, parents before children; ids start with ``prefix``."""
    text = bulletin.text
    breaks = bulletin.wrap_breaks
    marks: list[_Mark] = []

    ends = [wrap.end for wrap in breaks]

    def window(span: Span) -> _Window:
        return _Window(text, span.start, span.end, breaks[bisect_right(ends, span.start) :])

    if bulletin.title_span is not None:
        marks.append(
            _Mark(*_range(bulletin.title_span), "title", f"title: {bulletin.title}", "title")
        )
    if bulletin.dateline_span is not None:
        facts = f"published: {bulletin.published or '?'}; source: {bulletin.source or '?'}"
        marks.append(_Mark(*_range(bulletin.dateline_span), "dateline", facts))
    if bulletin.lead_span is not None:
        marks.append(_Mark(*_range(bulletin.lead_span), "lead", None, "lead"))
        if bulletin.round is not None:
            marks += _round_marks(bulletin.round, window(bulletin.lead_span))
    for entry in bulletin.entries:
        marks += _entry_marks(entry, window, f"s{entry.index}")
    if bulletin.editor_span is not None:
        marks.append(
            _Mark(*_range(bulletin.editor_span), "editor", f"editor: {bulletin.editor}", "editor")
        )
    marks += [
        _Mark(*_range(stray.span), "unplaced", "unplaced: text the parser could not place")
        for stray in bulletin.unplaced
    ]
    marks += [
        _Mark(*_range(wrap), "wrap", "hard wrap: this line break is read as no break")
        for wrap in breaks
    ]
    for number, diagnostic in enumerate(bulletin.diagnostics, start=1):
        offset = min(diagnostic.offset, len(text))
        marks.append(
            _Mark(
                offset,
                offset,
                f"diag {diagnostic.severity}",
                _diagnostic_line(diagnostic),
                f"d{number}",
                (("label", f"{diagnostic.code} {diagnostic.severity}: {diagnostic.message}"),),
                "a",
                f"#{prefix}-dl{number}",
            )
        )
    for mark in marks:
        if mark.ident is not None:
            mark.ident = f"{prefix}-{mark.ident}"
    return marks


def _range(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _entry_marks(entry: Entry, window: Callable[[Span], _Window], ident: str) -> list[_Mark]:
    unit = entry.unit
    marks = [
        _Mark(
            *_range(entry.span),
            "entry",
            f"section {entry.index}: {unit.text}",
            ident,
            (("index", str(entry.index)),),
        ),
        _Mark(*_range(unit.span), "unit", _unit_tip(entry), f"{ident}-unit"),
    ]
    if entry.headline_span.end > entry.headline_span.start:
        tip = f"headline ({entry.headline_source}): {entry.headline}"
        marks.append(_Mark(*_range(entry.headline_span), "headline", tip, f"{ident}-headline"))
    if entry.body_span.end > entry.body_span.start:
        marks.append(_Mark(*_range(entry.body_span), "body", None, f"{ident}-body"))
        body = window(entry.body_span)
        position = 0
        for number, finding in enumerate(entry.findings, start=1):
            found = body.text.find(finding, position) if finding else -1
            if found < 0:
                continue
            position = found + len(finding)
            marks.append(
                _Mark(
                    *body.span(found, position),
                    f"finding {'odd' if number % 2 else 'even'}",
                    f"finding {number} of {len(entry.findings)}: {finding}",
                    f"{ident}-f{number}",
                )
            )
    feedback = entry.feedback
    if feedback is not None:
        kind = f", feedback on {feedback.kind}" if feedback.kind else ""
        marks.append(
            _Mark(
                *_range(feedback.span),
                "trailer",
                f"trailer: {feedback.team_name} to {feedback.target}{kind}",
                f"{ident}-trailer",
            )
        )
        trailer = window(feedback.span)
        team = trailer.text.find(feedback.team_name) if feedback.team_name else -1
        if team >= 0:
            team_number = f" (team {feedback.team_number})" if feedback.team_number else ""
            end = team + len(feedback.team_name)
            tip = f"team: {feedback.team_name}{team_number}"
            marks.append(_Mark(*trailer.span(team, end), "team", tip, f"{ident}-team"))
        target = trailer.text.find(feedback.target, max(team, 0)) if feedback.target else -1
        if target >= 0:
            end = target + len(feedback.target)
            tip = f"target: {feedback.target}"
            marks.append(_Mark(*trailer.span(target, end), "target", tip, f"{ident}-target"))
    return marks


def _unit_tip(entry: Entry) -> str:
    unit = entry.unit
    parts = [f"unit: {unit.text}", f"organizations: {'、'.join(unit.organizations) or '-'}"]
    if unit.aliases:
        parts.append(f"aliases: {'、'.join(unit.aliases)}")
    if unit.party_org:
        parts.append(f"party organisation: {unit.party_org}")
    return "; ".join(parts)


_Found = list[tuple[int, int, str, str]]  # start, end, field, tooltip; in the lead's window


def _round_marks(round_: InspectionRound, lead: _Window) -> list[_Mark]:
    """The round's fields where the lead states them, each checked against its value."""
    canonical = fold(lead.text)
    found = _round_heading(round_, lead, canonical)
    count = find_unit_count(canonical)
    if count and parse_number(count.group("count")) == round_.unit_count:
        found.append((*count.span(), "unit-count", f"unit count: {round_.unit_count}"))
    period = round_period(canonical)
    if period and round_.period_start:
        tip = f"period: {round_.period_start} to {round_.period_end}"
        found.append((*period.span(), "period", tip))
    duration = first_duration(canonical)
    if duration and round_.duration_months is not None:
        tip = f"duration: {round_.duration_months:g} months"
        found.append((*duration.span(), "duration", tip))
    found += _round_lists(round_, lead, canonical)
    if round_.clues and (start := lead.text.find(round_.clues)) >= 0:
        found.append((start, start + len(round_.clues), "clues", f"clues: {round_.clues}"))
    return [
        _Mark(*lead.span(start, end), f"field field-{name}", tip)
        for start, end, name, tip in sorted(found, key=lambda item: (item[0], -item[1]))
        if start < end
    ]


def _round_heading(round_: InspectionRound, lead: _Window, canonical: str) -> _Found:
    """十二届北京市委第十三轮巡视: the term, the issuer, the round's number, the inspection."""
    found: _Found = []
    issuer_before = len(canonical)
    match = ROUND.search(canonical)
    if match and parse_number(match.group("number")) == round_.number:
        issuer_before = match.start()
        found.append((match.start(), match.end("number") + 1, "number", f"round: {round_.number}"))
        if round_.inspection:
            tip = f"inspection: {round_.inspection}"
            found.append((*match.span("inspection"), "inspection", tip))
        before = find_round_issuer(canonical, match.start())
        if before and before.group("term") and parse_number(before.group("term")) == round_.term:
            tip = f"term: {round_.term}"
            found.append((before.start("term"), before.end("term") + 1, "term", tip))
    if round_.issuer and (start := lead.text.rfind(round_.issuer, 0, issuer_before)) >= 0:
        tip = f"issuer: {round_.issuer}"
        found.append((start, start + len(round_.issuer), "issuer", tip))
    return found


def _round_lists(round_: InspectionRound, lead: _Window, canonical: str) -> _Found:
    """The kinds of inspection (开展常规巡视、提级巡视和专项巡视) and the common problems
    (存在……、……等问题), each item where it stands in its list."""
    found: _Found = []
    kinds = ROUND_KINDS.search(canonical)
    if kinds:
        position, stop = kinds.span("kinds")
        for kind in round_.kinds:
            start = lead.text.find(kind, position, stop)
            if start >= 0:
                position = start + len(kind)
                found.append((start, position, "kind", f"inspection kind: {kind}"))
    # The list ends where 等问题 stands: its items are looked for backwards from there.
    end = PROBLEMS_END.search(canonical)
    position = end.start() if end else len(canonical)
    problems = len(round_.common_problems)
    for number in range(problems, 0, -1):
        problem = round_.common_problems[number - 1]
        start = lead.text.rfind(problem, 0, position)
        if start >= 0:
            position = start
            tip = f"common problem {number} of {problems}: {problem}"
            found.append((start, start + len(problem), "problem", tip))
    return found


def _diagnostic_line(diagnostic: Diagnostic) -> str:
    return (
        f"{diagnostic.line}:{diagnostic.column}: {diagnostic.code} {diagnostic.severity}: "
        f"{diagnostic.message}"
    )


# --- Weaving marks into the text -----------------------------------------------------------


def _nest(marks: list[_Mark]) -> list[tuple[int, int, _Mark]]:
    """Open (1) and close (0) events of the marks that nest, in document order, as
    ``(offset, kind, mark)``; a mark crossing the boundary of one opened before it is left out.
    """
    order = sorted(range(len(marks)), key=lambda i: (marks[i].start, -marks[i].end, i))
    events: list[tuple[int, int, _Mark]] = []
    stack: list[_Mark] = []
    for i in order:
        mark = marks[i]
        while stack and stack[-1].end <= mark.start:
            closed = stack.pop()
            events.append((closed.end, 0, closed))
        if stack and mark.end > stack[-1].end:
            continue
        events.append((mark.start, 1, mark))
        stack.append(mark)
    events.extend((closed.end, 0, closed) for closed in reversed(stack))
    return events


# --- HTML ----------------------------------------------------------------------------------

_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'"

_STYLE: Final = """
:root { --ink: #1b1b1b; --muted: #5f6368; --line: #d0d4d9; }
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 20px 40px; color: var(--ink); background: #fcfcfa;
  font: 15px/1.5 system-ui, "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei",
  "Microsoft YaHei", sans-serif; }
h1 { font-size: 20px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 28px 0 4px; border-top: 2px solid var(--line); padding-top: 12px; }
h3 { font-size: 15px; margin: 12px 0 4px; }
a { color: #0b57d0; }
.summary, .generated { color: var(--muted); margin: 2px 0 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center;
  padding: 8px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.legend .key { white-space: nowrap; }
.contents ol, .diagnostics ol { margin: 4px 0; padding-left: 24px; }
.diagnostics li { margin: 2px 0; }
.diagnostics .pos { font-family: ui-monospace, monospace; }
.sev { font-weight: 600; padding: 0 4px; border-radius: 3px; color: #fff; }
.sev.error { background: #c5221f; } .sev.warning { background: #b06000; }
.sev.info { background: #1967d2; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(300px, 38%); gap: 18px;
  align-items: start; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 2.05; font-size: 16px;
  background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; }
.sections { position: sticky; top: 8px; max-height: calc(100vh - 16px); overflow: auto;
  border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.sections table { border-collapse: collapse; width: 100%; font-size: 13px; line-height: 1.35; }
.sections th, .sections td { text-align: left; vertical-align: top; padding: 3px 6px;
  border-bottom: 1px solid #eceff1; }
.sections th { position: sticky; top: 0; background: #f1f3f4; }
.sections td.n { text-align: right; font-variant-numeric: tabular-nums; }
.sections tr.missing td { background: #fce8e6; }
.title { background: #eadcff; font-weight: 700; }
.dateline { background: #f3e8fd; color: #6a1b9a; }
.lead { background: #fffdf2; }
.field { background: #fff0a8; border-bottom: 2px solid #e3b400; }
.entry { scroll-margin-top: 40px; }
.entry::before { content: "§" attr(data-index); font-size: 10px; vertical-align: super;
  color: var(--muted); margin-right: 1px; }
.unit { background: #cfe3ff; color: #0b3d91; font-weight: 700; border-bottom: 2px solid #1a73e8; }
.headline { background: #ffdcb8; font-weight: 700; border-bottom: 2px solid #e8710a; }
.finding { border-bottom: 2px solid #34a853; }
.finding.odd { background: #e3f4e6; } .finding.even { background: #c7ead0; }
.trailer { background: #eceff1; color: #3c4043; }
.team { border-bottom: 2px solid #a142f4; color: #6a1b9a; }
.target { border-bottom: 2px solid #1a73e8; color: #0b3d91; }
.editor { background: #f6e7d8; font-style: italic; }
.unplaced { background: repeating-linear-gradient(45deg, #fde0dc, #fde0dc 4px, #fff 4px, #fff 8px);
  outline: 2px dashed #d93025; }
.wrap::before { content: "\\21B5"; color: #b0b5ba; font-size: 11px; }
.diag { text-decoration: none; scroll-margin-top: 40px; }
.diag::before { content: "\\26A0\\FE0E  " attr(data-label);
  font: 600 12px/1.3 system-ui, sans-serif; white-space: normal; color: #fff;
  padding: 1px 5px; margin: 0 2px; border-radius: 3px; }
.diag.error::before { background: #c5221f; } .diag.warning::before { background: #b06000; }
.diag.info::before { background: #1967d2; }
:target { outline: 3px solid #fbbc04; outline-offset: 1px; }
[title] { cursor: help; }
@media (max-width: 900px) {
  .layout { grid-template-columns: 1fr; } .sections { position: static; } }
"""


_INTRODUCTION: Final = (
    '<p class="generated">Made by xunshi-parser: the text exactly as published, every part '
    "the parser found marked; hover a mark for its field and value.</p>\n"
)


def render_html(items: Sequence[tuple[str, Bulletin]], *, title: str | None = None) -> str:
    """One self-contained HTML page showing each ``(label, bulletin)`` with its parts marked.

    ``label`` names the bulletin (its path, say). Several bulletins make one page, a contents
    list at the top linking to each. Ids are ``b{n}`` for the n-th bulletin (1-based),
    ``b{n}-text`` for its text container, ``b{n}-s{i}`` for section ``i`` and
    ``b{n}-s{i}-unit``, ``-headline``, ``-body``, ``-f{k}``, ``-trailer``, ``-team``,
    ``-target`` for its parts, ``b{n}-d{k}`` for the k-th diagnostic's place.
    """
    if not items:
        raise ValueError("render_html needs at least one bulletin")
    if title is None:
        first = items[0][1].title
        title = first if len(items) == 1 and first else f"xunshi show: {len(items)} bulletins"
    out: list[str] = [
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{_escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n",
        f"<header>\n<h1>{_escape(title)}</h1>\n",
        _INTRODUCTION,
        _legend(),
    ]
    if len(items) > 1:
        out.append(_contents(items))
    out.append("</header>\n<main>\n")
    for number, (label, bulletin) in enumerate(items, start=1):
        out.append(_bulletin_html(label, bulletin, f"b{number}"))
    out.append("</main>\n</body>\n</html>\n")
    return "".join(out)


def _escape(value: str) -> str:
    return html.escape(value, quote=True)


def _text(value: str) -> str:
    """Text content: escaped, and a carriage return written as a reference, since an HTML
    parser reads a raw one as a line feed. No HTML can hold a NUL (a parser drops it or reads
    U+FFFD): it is shown as ␀ in a mark of its own, one character for one."""
    escaped = html.escape(value, quote=False)
    if "\r" in escaped:
        escaped = escaped.replace("\r", "&#13;")
    if "\0" in escaped:
        escaped = escaped.replace("\0", _NUL_MARK)
    return escaped


_NUL_MARK: Final = '<span class="nul" title="U+0000 (NUL): no HTML can hold it">␀</span>'


def _legend() -> str:
    keys: list[str] = []
    for css, name, _ in LEGEND:
        if css == "diag":
            sample = '<a class="diag error" data-label="XS000 error: what is wrong"></a>'
        elif css == "wrap":
            sample = '<span class="wrap"></span>'
        else:
            sample = f'<span class="{css}{" odd" if css == "finding" else ""}">示例</span>'
        keys.append(f'<span class="key">{sample} {_escape(name)}</span>')
    return f'<nav class="legend" aria-label="legend"><strong>Legend</strong>{"".join(keys)}</nav>\n'


def _counts(bulletin: Bulletin) -> str:
    severities = [d.severity for d in bulletin.diagnostics]
    parts = [f"{len(bulletin.entries)} sections"]
    parts += [
        f"{severities.count(severity)} {severity}{'s' if severities.count(severity) != 1 else ''}"
        for severity in ("error", "warning", "info")
        if severity in severities
    ]
    if bulletin.unplaced:
        parts.append(f"{len(bulletin.unplaced)} unplaced")
    if bulletin.wrap_breaks:
        parts.append(f"{len(bulletin.wrap_breaks)} hard-wrap breaks")
    return ", ".join(parts)


def _contents(items: Sequence[tuple[str, Bulletin]]) -> str:
    rows = "".join(
        f'<li><a href="#b{number}">{_escape(label)}</a>'
        f"{': ' + _escape(bulletin.title) if bulletin.title else ''} ({_counts(bulletin)})</li>\n"
        for number, (label, bulletin) in enumerate(items, start=1)
    )
    return f'<nav class="contents" aria-label="contents"><h3>Contents</h3><ol>\n{rows}</ol></nav>\n'


def _bulletin_html(label: str, bulletin: Bulletin, prefix: str) -> str:
    marks = _marks(bulletin, prefix)
    heading = _escape(label) + (f": {_escape(bulletin.title)}" if bulletin.title else "")
    out = [
        f'<article class="bulletin" id="{prefix}">\n<h2>{heading}</h2>\n',
        f'<p class="summary">{_escape(_counts(bulletin))}</p>\n',
        _diagnostics_html(bulletin, prefix),
        f'<div class="layout">\n<div class="{TEXT_CLASS}" id="{prefix}-text" lang="zh-CN">',
    ]
    text = bulletin.text
    position = 0
    for offset, kind, mark in _nest(marks):
        if offset > position:
            out.append(_text(text[position:offset]))
            position = offset
        if kind:
            out.append(_open_tag(mark))
        else:
            out.append(f"</{mark.tag}>")
    out.append(_text(text[position:]))
    out.append("</div>\n")
    out.append(_sections_html(bulletin, prefix))
    out.append("</div>\n</article>\n")
    return "".join(out)


def _open_tag(mark: _Mark) -> str:
    attributes = [f'class="{mark.css}"']
    if mark.ident is not None:
        attributes.append(f'id="{mark.ident}"')
    if mark.tip is not None:
        attributes.append(f'title="{_escape(mark.tip)}"')
    attributes += [f'data-{name}="{_escape(value)}"' for name, value in mark.data]
    if mark.href is not None:
        attributes.append(f'href="{_escape(mark.href)}" aria-label="{_escape(mark.tip or "")}"')
    return f"<{mark.tag} {' '.join(attributes)}>"


def _diagnostics_html(bulletin: Bulletin, prefix: str) -> str:
    if not bulletin.diagnostics:
        return '<section class="diagnostics"><h3>Diagnostics</h3><p>None.</p></section>\n'
    rows = "".join(
        f'<li class="{d.severity}" id="{prefix}-dl{number}">'
        f'<a class="pos" href="#{prefix}-d{number}">'
        f'{d.line}:{d.column}</a> <span class="sev {d.severity}">{d.code} {d.severity}</span> '
        f"{_escape(d.message)}"
        f"{f' (section {d.entry})' if d.entry is not None else ''}</li>\n"
        for number, d in enumerate(bulletin.diagnostics, start=1)
    )
    return (
        f'<section class="diagnostics" id="{prefix}-diagnostics"><h3>Diagnostics '
        f"({len(bulletin.diagnostics)})</h3><ol>\n{rows}</ol></section>\n"
    )


_MISSING: Final = ' class="missing"'


def _sections_html(bulletin: Bulletin, prefix: str) -> str:
    rows = "".join(
        f"<tr{'' if entry.feedback else _MISSING}>"
        f'<td class="n"><a href="#{prefix}-s{entry.index}">{entry.index}</a></td>'
        f'<td><a href="#{prefix}-s{entry.index}">{_escape(entry.unit.text)}</a></td>'
        f"<td>{_escape(entry.headline)}</td>"
        f'<td class="n">{len(entry.findings)}</td>'
        f"<td>{_escape(entry.feedback.team_name) if entry.feedback else '(no trailer)'}</td></tr>\n"
        for entry in bulletin.entries
    )
    return (
        f'<aside class="sections" aria-label="sections"><table id="{prefix}-sections">\n'
        "<thead><tr><th>#</th><th>unit</th><th>headline</th><th>findings</th><th>team</th>"
        f"</tr></thead>\n<tbody>\n{rows}</tbody></table></aside>\n"
    )


# --- Terminal ------------------------------------------------------------------------------

#: Control characters shown as their pictures (␛ for ESC), so a bulletin cannot drive the
#: terminal; line feeds, tabs and the carriage return of a CRLF are kept.
_CONTROL_PICTURES: Final = {
    **{code: 0x2400 + code for code in range(0x20) if chr(code) not in "\n\t\r"},
    0x7F: 0x2421,
    **dict.fromkeys(range(0x80, 0xA0), 0xFFFD),
}


def _printable(value: str) -> str:
    value = value.translate(_CONTROL_PICTURES)
    if "\r" in value:
        value = value.replace("\r\n", "\0").replace("\r", "\u240d").replace("\0", "\r\n")
    return value


def render_terminal(bulletin: Bulletin, *, color: bool) -> str:
    """The bulletin's text with each part coloured (``color``) or plain, a legend line first
    and the diagnostics after it, each with its line and column (as ``xunshi validate`` gives
    them: in an HTML page's source for a bulletin read from a page).

    With ``color`` false the result holds no escape at all. Control characters of the text
    other than line breaks and tabs are shown as their pictures (ESC as ␛), so the text cannot
    drive the terminal; the text is otherwise printed as it is.
    """
    out: list[str] = []
    if color:
        keys = " ".join(
            f"\x1b[{style}m{name}\x1b[0m" for css, name, style in LEGEND if style and css != "diag"
        )
        out.append(f"legend: {keys} \x1b[{_ANSI['diag']}mdiagnostic\x1b[0m\n")
    else:
        out.append("legend: colours off; the text follows as published, then the diagnostics\n")
    text = bulletin.text
    marks = [mark for mark in _marks(bulletin, "b") if mark.css != "lead"]
    if color:
        # A diagnostic colours the character at its place.
        for mark in marks:
            if mark.css.startswith("diag") and mark.start < len(text):
                mark.end = mark.start + 1
        out.append(_coloured(text, marks))
    else:
        out.append(_printable(text))
    if not text.endswith(("\n", "\r")):
        out.append("\n")
    out.append(f"\n{_counts(bulletin)}\n")
    for diagnostic in bulletin.diagnostics:
        line_text = _diagnostic_line(diagnostic)
        if color:
            out.append(f"\x1b[{_ANSI['diag']}m{_printable(line_text)}\x1b[0m\n")
        else:
            out.append(_printable(line_text) + "\n")
    return "".join(out)


def _coloured(text: str, marks: list[_Mark]) -> str:
    out: list[str] = []
    stack: list[str] = []
    position = 0
    for offset, kind, mark in _nest(marks):
        if offset > position:
            out.append(_printable(text[position:offset]))
            position = offset
        if kind:
            css = mark.css.split()[0]
            style = _ANSI_ALTERNATE if mark.css == "finding even" else _ANSI.get(css, "")
            stack.append(style)
        else:
            stack.pop()
            out.append("\x1b[0m")
        styles = ";".join(style for style in stack if style)
        if styles:
            out.append(f"\x1b[{styles}m")
    out.append(_printable(text[position:]))
    return "".join(out)
