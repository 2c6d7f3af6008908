"""The text before the first section: the title and the lead paragraph about the round.

Every function reads canonical text (see :func:`xunshi_parser.grammar.fold`); those that
return text take the text as written too, at the same offsets, and cut their values from it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from xunshi_parser.fields.brackets import list_pieces
from xunshi_parser.fields.numerals import parse_number
from xunshi_parser.grammar import (
    CLUE_WORDS,
    CONJUNCTIONS,
    DATE,
    LEAD_START,
    MAX_DATELINE,
    MAX_GLUED_TITLE,
    MAX_NEWS_DATELINE,
    PERIOD,
    PROBLEMS_END,
    ROUND,
    ROUND_ISSUER,
    ROUND_KIND_ITEM,
    ROUND_KINDS,
    ROUNDS_REACH,
    SENTENCE_PUNCTUATION,
    SOURCE,
    TITLE_ENDS,
    TITLE_LABEL,
    TITLE_REACH,
    TITLE_SECOND_LINE,
    bracketed_label_line,
    dateline,
    find_round_issuer,
    find_unit_count,
    first_duration,
    fold,
    glued_lead_start,
    issuer_lead_in,
    issuer_trailing_verbs,
    lead_line_start,
    line_end,
    news_dateline,
    period_without_year,
    round_after,
    round_period,
    rounds_before,
    units_inspected,
)

if TYPE_CHECKING:
    import re

__all__ = ["Preamble", "RoundFields", "read_dateline", "read_round", "split_preamble"]


class Preamble(NamedTuple):
    """Offsets into the preamble text; a part is ``None`` when absent.

    ``title_line`` includes the 原标题 label; ``title`` is the title itself.
    """

    title_line: tuple[int, int] | None
    title: tuple[int, int] | None
    dateline: tuple[int, int] | None
    lead: tuple[int, int] | None


def split_preamble(text: str) -> Preamble:
    """Where the title, the dateline and the lead lie in ``text``, the canonical text before
    the sections.

    The title runs from an optional 原标题 label to the end of its line or to where the lead
    opens, whichever comes first, since reprints often glue the two together. Without a label,
    a first line is a title unless it is a dateline or opens the lead; a lead opening within
    :data:`MAX_GLUED_TITLE` characters of its start, after no sentence punctuation, ends it.
    """
    position = _skip_space(text, 0)
    dateline = _dateline_at(text, position)  # some pages put it above the title
    if dateline:
        position = _skip_space(text, dateline[1])
    label = TITLE_LABEL.match(text, position)
    title_start = _skip_space(text, label.end() if label else position)
    end_of_line = line_end(text, title_start)
    title_line = title = None
    # A labelled line is a title whatever it opens with.
    opens = not label and (
        _opens_lead_or_dateline(text, title_start, end_of_line)
        or _opens_with_no_title(text, title_start, end_of_line)
    )
    title_end = end_of_line
    if label:
        reach = min(end_of_line, title_start + TITLE_REACH)
        if lead_start := LEAD_START.search(text, title_start, reach):
            title_end = lead_start.start()
    elif not opens and (glued := _glued_lead(text, title_start, end_of_line)):
        title_end = glued
    elif not opens:
        opens = _reads_as_paragraph(text, title_start, end_of_line)
        if not opens:
            # An official title of two lines: the issuing office, then 关于…的通报.
            title_end = _second_title_line(text, end_of_line)
    if label or title_end != end_of_line or (end_of_line < len(text) and not opens):
        title_end = title_start + len(text[title_start:title_end].rstrip())
        title_line = (position, max(title_end, label.end() if label else title_end))
        title = (title_start, title_end) if title_end > title_start else None
        position = _skip_space(text, title_line[1])

    if dateline is None and (dateline := _dateline_at(text, position)):
        position = _skip_space(text, dateline[1])

    lead_end = position + len(text[position:].rstrip())
    lead = (position, lead_end) if lead_end > position else None
    return Preamble(title_line, title, dateline, lead)


def read_dateline(written: str, canonical: str | None = None) -> tuple[date | None, str | None]:
    """Publication date and source named in a dateline, each ``None`` when absent.

    ``canonical`` is the line folded (folded here when not given).
    """
    line = fold(written) if canonical is None else canonical
    found_date = DATE.search(line)
    published = None
    if found_date:
        try:
            published = date(*(int(found_date.group(part)) for part in ("y", "m", "d")))
        except ValueError:
            published = None
    found_source = SOURCE.search(line)
    if found_source is None:
        return published, None
    start, end = found_source.span("source")
    # The bracket around the line closing is not the source's: a closing bracket more than
    # the source opens (（责任编辑：王蒙 来源：某网）, （来源：北京日报（客户端））).
    while line[end - 1] == "）" and line.count("）", start, end) > line.count("（", start, end):
        end -= 1
    return published, written[start:end] or None


def _dateline_at(text: str, position: int) -> tuple[int, int] | None:
    end_of_line = line_end(text, position)
    if end_of_line - position > MAX_DATELINE or not dateline().match(text, position, end_of_line):
        return None
    return position, position + len(text[position:end_of_line].rstrip())


def _glued_lead(text: str, start: int, end: int) -> int | None:
    """Where a lead glued to a title without a label opens (…反馈情况日前，…): its opening
    words within :data:`MAX_GLUED_TITLE` characters of ``start``, after no sentence
    punctuation; else None."""
    # Bounded: a first line of megabytes is not searched to its end.
    words = glued_lead_start().search(text, start, min(end, start + TITLE_REACH))
    if words is None or words.start() - start > MAX_GLUED_TITLE:
        return None
    if words.start() == start or SENTENCE_PUNCTUATION.search(text, start, words.start()):
        return None
    return words.start()


def _second_title_line(text: str, end: int) -> int:
    """Where a title's second line ends, when the line after the first, ending at ``end``,
    continues it (中共某某市委巡察工作领导小组办公室⏎关于十届市委第八轮巡察反馈情况的通报);
    else ``end``."""
    start = end + (2 if text.startswith("\r\n", end) else 1)
    start = _skip_space_in_line(text, start)
    if not text.startswith(TITLE_SECOND_LINE, start):
        return end
    stop = line_end(text, start)
    line = text[start:stop].rstrip()
    if (
        len(line) > MAX_GLUED_TITLE
        or not line.endswith(TITLE_ENDS)
        or SENTENCE_PUNCTUATION.search(line)
    ):
        return end
    return start + len(line)


def _skip_space_in_line(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t":
        position += 1
    return position


def _opens_lead_or_dateline(text: str, start: int, end: int) -> bool:
    lead = lead_line_start().match(text, start, end)
    return bool(lead) or (end - start <= MAX_DATELINE and bool(dateline().match(text, start, end)))


def _opens_with_no_title(text: str, start: int, end: int) -> bool:
    """Whether the first line ``text[start:end]`` opens with a news dateline the lead opens
    with (新华社北京1月25日电), or is a line of page controls (【字号：大 中 小】)."""
    # Each pattern is asked for only when its key character is there: most first lines are
    # titles, and hold none.
    stop = min(end, start + MAX_NEWS_DATELINE)
    head = text[start:stop]
    # The pattern is matched within the same reach: one bound governs both.
    if ("电" in head or "讯" in head) and news_dateline().match(text, start, stop):
        return True
    return text.startswith(("【", "["), start, end) and bool(
        bracketed_label_line().fullmatch(text, start, end)
    )


def _reads_as_paragraph(text: str, start: int, end: int) -> bool:
    """Whether the first line ``text[start:end]`` is a paragraph, not a title: it holds a
    sentence's end (。) before more words, or ends one and holds a comma, what was done to
    units (县委第五轮巡察对…开展了常规巡察。) or no word of an inspection (图为反馈会现场。). A
    title ends no sentence but, rarely, its last (…巡察反馈情况通报。), and its commas come
    without a full stop (压实责任，推动整改：…第四轮巡察反馈情况通报)."""
    stop = text.find("。", start, end)
    if stop < 0:
        return False
    if text[stop + 1 : end].strip():
        return True
    if text.find("，", start, end) >= 0 or text.find("；", start, end) >= 0:
        return True
    at = text.find("对", start, end)
    if at >= 0 and text.find("开展", at, end) >= 0 and units_inspected().search(text, at, end):
        return True
    return text.find("巡视", start, end) < 0 and text.find("巡察", start, end) < 0


def _skip_space(text: str, position: int) -> int:
    return position + len(text[position:]) - len(text[position:].lstrip())


class RoundFields(NamedTuple):
    issuer: str | None
    term: int | None
    number: int | None
    inspection: str | None  # 巡视 or 巡察
    kinds: list[str]
    unit_count: int | None
    period_start: str | None
    period_end: str | None
    duration_months: float | None
    common_problems: list[str]
    clues: str | None


def read_round(
    written: str, canonical: str | None = None, published: date | None = None
) -> RoundFields:
    """What the lead says about the inspection round; each value ``None`` or empty if absent.

    ``canonical`` is the lead folded (folded here when not given); values are cut from
    ``written``. A period that names no year (自3月至5月) takes the year of ``published``,
    the bulletin's publication date, when it is known.
    """
    lead = fold(written) if canonical is None else canonical
    issuer = None
    term = number = None
    inspection = None
    if found := ROUND.search(lead):
        number = parse_number(found.group("number"))
        first = found.start()
        if found.end() < len(lead) and lead[found.end()] in CONJUNCTIONS:
            if round_after().match(lead, found.end()):
                number = None  # one of several rounds: none of them is the bulletin's alone
        elif first and lead[first - 1] in CONJUNCTIONS:
            reach = max(0, first - ROUNDS_REACH)
            if rounds := rounds_before().search(lead, reach, first):
                number, first = None, rounds.start()
        if before := find_round_issuer(lead, first):
            term = parse_number(before.group("term") or "")
            start, end = before.span("issuer")
            by_year = before.re is not ROUND_ISSUER
            if by_year and (verbs := issuer_trailing_verbs().search(lead, start, end)):
                end = verbs.start()
            lead_in = None if before.group("term") else issuer_lead_in().match(lead, start, end)
            if lead_in:
                # Words ending in a verb name no issuer (对县教育局等2家单位开展第四轮巡察).
                start = lead_in.end()
            issuer = written[start:end] or None
        inspection = found.group("inspection")

    count = find_unit_count(lead)
    kinds: list[str] = []
    if found_kinds := ROUND_KINDS.search(lead):
        offset = found_kinds.start("kinds")
        kinds = [
            written[offset + item.start() : offset + item.end()].strip()
            for item in ROUND_KIND_ITEM.finditer(found_kinds.group("kinds"))
        ]
    period_start, period_end = _period(lead, published)
    problems: list[str] = []
    if items := _problem_list(lead):
        offset, end = items
        problems = [
            written[offset + start : offset + stop].strip()
            for start, stop in list_pieces(lead[offset:end])
        ]
    clues = _sentence_with(lead, CLUE_WORDS)
    return RoundFields(
        issuer=issuer,
        term=term or None,
        number=number or None,
        inspection=inspection,
        kinds=[kind for kind in kinds if kind],
        unit_count=_unit_count(count) if count else None,
        period_start=period_start,
        period_end=period_end,
        duration_months=_duration(lead),
        common_problems=[problem for problem in problems if problem],
        clues=written[clues[0] : clues[1]].strip() if clues else None,
    )


def _unit_count(found: re.Match[str]) -> int | None:
    count = parse_number(found.group("count"))
    if "plus" not in found.re.groupindex or found.group("plus") is None or count is None:
        return count
    plus = parse_number(found.group("plus"))
    return None if plus is None else count + plus


def _problem_list(lead: str) -> tuple[int, int] | None:
    # Found from its end, so each search runs once: a scan from every 存在 would be quadratic
    # on a lead of nothing but 存在.
    end = PROBLEMS_END.search(lead)
    if not end:
        return None
    sentence = max(lead.rfind(stop, 0, end.start()) for stop in "。；") + 1
    start = lead.find("存在", sentence, end.start())
    return (start + 2, end.start()) if start >= 0 else None


def _period(lead: str, published: date | None) -> tuple[str | None, str | None]:
    found = round_period(lead)
    if found is None and published is not None:
        found = period_without_year().search(lead)
    if not found:
        return None, None
    first_month = parse_number(found.group("m1")) or 0
    last_month = parse_number(found.group("m2")) or 0
    if not (1 <= first_month <= 12 and 1 <= last_month <= 12):
        return None, None
    if found.re is not PERIOD:
        assert published is not None  # noqa: S101 - searched only then
        # The round ended before its bulletin: in the year of publication, or the year before
        # when it started in a later month (10月至12月, published in January).
        if found.group("next"):
            # 3月至次年5月: the end is the last such month before publication.
            last_year = published.year - (last_month > published.month)
            first_year = last_year - 1
        else:
            first_year = published.year - (first_month > published.month)
            last_year = first_year + (last_month < first_month)
        return f"{first_year:04d}-{first_month:02d}", f"{last_year:04d}-{last_month:02d}"
    first_year = parse_number(found.group("y1")) or 0
    # The end omits its year when it is the start's, unless the months wrap into the next year.
    # 至次年 names the next year whatever the months.
    wraps = last_month < first_month or found.group("next") is not None
    last_year = parse_number(found.group("y2") or "") or first_year + wraps
    return f"{first_year:04d}-{first_month:02d}", f"{last_year:04d}-{last_month:02d}"


def _duration(lead: str) -> float | None:
    found = first_duration(lead)
    if not found:
        return None
    count = found.group("count")
    months = float(count) if "." in count else parse_number(count)
    if months is None:
        return None
    return months + (0.5 if found.group("half") or found.group("half_after") else 0.0)


def _sentence_with(lead: str, words: re.Pattern[str]) -> tuple[int, int] | None:
    found = words.search(lead)
    if not found:
        return None
    at = found.start()
    start = lead.rfind("。", 0, at) + 1
    end = lead.find("。", at)
    return start, len(lead) if end < 0 else end + 1
