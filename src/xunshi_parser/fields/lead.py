"""The text before the first section: the title and the lead paragraph about the round."""

from __future__ import annotations

from datetime import date
from typing import Final, NamedTuple

import regex

from xunshi_parser.fields.brackets import list_pieces
from xunshi_parser.fields.numerals import NUMBER, parse_number
from xunshi_parser.models import Inspection
from xunshi_parser.positions import LINE_BREAK

__all__ = ["Preamble", "RoundFields", "read_dateline", "read_round", "split_preamble"]

_TITLE_LABEL: Final = regex.compile(r"\s*原?标题\s*[：:]|\s*原?標題\s*[：:]")
#: How a lead opens: 日前，… / 近日，… / 据…消息 / a date.
_LEAD_START: Final = regex.compile(
    # A comma or space after the word: inside a title (中央巡视组近日向…) it opens nothing.
    r"(?:日前|近日|近期|近来|今天|今日|昨天|昨日)(?=[，,\s])"
    r"|据[^，。,\n]{1,30}?(?:消息|报道|報道)"
    r"|\d{4}年\d{1,2}月\d{1,2}日"
    r"|(?<!\d)\d{1,2}月\d{1,2}日"
)
_DATE: Final = regex.compile(
    r"(?P<y>\d{4})\s{0,3}[-/.年]\s{0,3}(?P<m>\d{1,2})\s{0,3}[-/.月]\s{0,3}(?P<d>\d{1,2})"
)
#: The source ends at a space, a bar, or where the next field of the line begins.
_SOURCE: Final = regex.compile(
    r"(?:来源|來源|稿源)\s{0,4}[：:]\s{0,4}(?P<source>[^\s|｜丨/]{1,40}?)"
    r"(?=\s|$|[|｜丨/]|作者|编辑|責任|责任|时间|日期|发布|点击|浏览|字号)"
)
#: A line of publication facts: 时间：2022-04-08　来源：北京纪检监察网, or a date and a source.
_DATELINE: Final = regex.compile(
    r"[^\S\n]*(?:(?:(?:发布|發佈)?(?:时间|日期|時間)|来源|來源|稿源|作者|编辑|編輯)\s*[：:]"
    r"|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+"
    r"(?:来源|來源|稿源))[^\n]{0,160}"
)

_ROUND: Final = regex.compile(rf"第(?P<number>{NUMBER})[轮輪](?P<inspection>巡视|巡察|巡視)")
#: What stands before 第N轮: 十二届北京市委 or, without a term, …通报北京市委.
_ROUND_ISSUER: Final = regex.compile(
    rf"(?:(?P<term>{NUMBER})[届屆])?(?P<issuer>[^\P{{Han}}届屆]{{1,12}})$"
)
_ISSUER_REACH: Final = 24
#: Verbs that can stand before an issuer named without its term (通报北京市委第十三轮巡视).
#: Greedy: everything up to the last of them goes (通报了北京市委 gives 北京市委).
_ISSUER_LEAD_IN: Final = regex.compile(r"^.*(?:通报|通報|公布|发布|發布|开展|開展|对|對|了|的)")
_UNIT_COUNT: Final = regex.compile(rf"等(?P<count>{NUMBER})(?:家|个|個)")
_KINDS: Final = regex.compile(
    r"[开開]展了?(?P<kinds>[^，。,；;]{2,60}?(?:巡视|巡察|巡視))(?:的|工作)?(?:反[馈饋]|情[况況])"
)
_KIND_ITEM: Final = regex.compile(r"[^、和及与與]+")
_YEAR: Final = r"(?:\d{4}|[〇零一二三四五六七八九]{4})"
_MONTH: Final = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
#: 2021年10月至12月, 2021年11月至2022年1月, 二〇二一年十月中旬至十二月.
_PERIOD: Final = regex.compile(
    rf"(?P<y1>{_YEAR})\s{{0,3}}年\s{{0,3}}(?P<m1>{_MONTH})\s{{0,3}}月"
    r"(?:\s{0,3}\d{1,2}\s{0,3}日|[上中下]旬|初|底|末)?\s{0,3}(?:至|到|—|－|-|～|~)\s{0,3}"
    rf"(?:(?P<y2>{_YEAR})\s{{0,3}}年\s{{0,3}})?(?P<m2>{_MONTH})\s{{0,3}}月"
)
#: 约2个半月, 约两个月, 约2.5个月; a number glued to more digits or a point is not one.
_DURATION: Final = regex.compile(
    rf"(?<![\d.])(?P<count>\d{{1,3}}\.\d{{1,2}}|{NUMBER})(?:个|個)(?P<half>半)?月(?P<half_after>半)?"
)
#: The list of common problems ends here; it starts at the first 存在 of its sentence.
_PROBLEMS_END: Final = regex.compile(r"等(?:方面)?(?:问题|問題)")
_CLUE_WORDS: Final = regex.compile(r"问题线索|問題線索")


class Preamble(NamedTuple):
    """Offsets into the preamble text; a part is ``None`` when absent.

    ``title_line`` includes the 原标题 label; ``title`` is the title itself.
    """

    title_line: tuple[int, int] | None
    title: tuple[int, int] | None
    dateline: tuple[int, int] | None
    lead: tuple[int, int] | None


def split_preamble(text: str) -> Preamble:
    """Where the title, the dateline and the lead lie in ``text``, the text before the sections.

    The title runs from an optional 原标题 label to the end of its line or to where the lead
    opens, whichever comes first, since reprints often glue the two together. Without a label,
    a first line is a title unless it is a dateline or opens the lead.
    """
    position = _skip_space(text, 0)
    dateline = _dateline_at(text, position)  # some pages put it above the title
    if dateline:
        position = _skip_space(text, dateline[1])
    label = _TITLE_LABEL.match(text, position)
    title_start = _skip_space(text, label.end() if label else position)
    line_end = _line_end(text, title_start)
    title_line = title = None
    if label or (line_end < len(text) and not _opens_lead_or_dateline(text, title_start, line_end)):
        lead_start = _LEAD_START.search(text, title_start, line_end)
        title_end = lead_start.start() if lead_start and label else line_end
        title_end = title_start + len(text[title_start:title_end].rstrip())
        title_line = (position, max(title_end, label.end() if label else title_end))
        title = (title_start, title_end) if title_end > title_start else None
        position = _skip_space(text, title_line[1])

    if dateline is None and (dateline := _dateline_at(text, position)):
        position = _skip_space(text, dateline[1])

    lead_end = position + len(text[position:].rstrip())
    lead = (position, lead_end) if lead_end > position else None
    return Preamble(title_line, title, dateline, lead)


def read_dateline(line: str) -> tuple[date | None, str | None]:
    """Publication date and source named in a dateline, each ``None`` when absent."""
    found_date = _DATE.search(line)
    published = None
    if found_date:
        try:
            published = date(*(int(found_date.group(part)) for part in ("y", "m", "d")))
        except ValueError:
            published = None
    found_source = _SOURCE.search(line)
    return published, found_source.group("source") if found_source else None


def _dateline_at(text: str, position: int) -> tuple[int, int] | None:
    line_end = _line_end(text, position)
    if not _DATELINE.fullmatch(text, position, line_end):
        return None
    return position, position + len(text[position:line_end].rstrip())


def _opens_lead_or_dateline(text: str, start: int, end: int) -> bool:
    lead = _LEAD_START.match(text, start, end)
    return bool(lead) or bool(_DATELINE.fullmatch(text, start, end))


def _skip_space(text: str, position: int) -> int:
    return position + len(text[position:]) - len(text[position:].lstrip())


def _line_end(text: str, position: int) -> int:
    line_break = LINE_BREAK.search(text, position)
    return line_break.start() if line_break else len(text)


class RoundFields(NamedTuple):
    issuer: str | None
    term: int | None
    number: int | None
    inspection: Inspection | None
    kinds: list[str]
    unit_count: int | None
    period_start: str | None
    period_end: str | None
    duration_months: float | None
    common_problems: list[str]
    clues: str | None


def read_round(lead: str) -> RoundFields:
    """What the lead says about the inspection round; each value ``None`` or empty if absent."""
    issuer = None
    term = number = None
    inspection: Inspection | None = None
    if found := _ROUND.search(lead):
        number = parse_number(found.group("number"))
        before = _ROUND_ISSUER.search(lead, max(0, found.start() - _ISSUER_REACH), found.start())
        if before:
            term = parse_number(before.group("term") or "")
            issuer = before.group("issuer")
            if not before.group("term"):
                issuer = _ISSUER_LEAD_IN.sub("", issuer) or issuer
        inspection = "巡察" if found.group("inspection") == "巡察" else "巡视"

    count = _UNIT_COUNT.search(lead)
    kinds: list[str] = []
    if found_kinds := _KINDS.search(lead):
        kinds = [item.strip() for item in _KIND_ITEM.findall(found_kinds.group("kinds"))]
    period_start, period_end = _period(lead)
    problems: list[str] = []
    if items := _problem_list(lead):
        problems = [items[start:end].strip() for start, end in list_pieces(items)]
    return RoundFields(
        issuer=issuer,
        term=term or None,
        number=number or None,
        inspection=inspection,
        kinds=[kind for kind in kinds if kind],
        unit_count=parse_number(count.group("count")) if count else None,
        period_start=period_start,
        period_end=period_end,
        duration_months=_duration(lead),
        common_problems=[problem for problem in problems if problem],
        clues=_sentence_with(lead, _CLUE_WORDS),
    )


def _problem_list(lead: str) -> str | None:
    # Found from its end, so each search runs once: a scan from every 存在 would be quadratic
    # on a lead of nothing but 存在.
    end = _PROBLEMS_END.search(lead)
    if not end:
        return None
    sentence = max(lead.rfind(stop, 0, end.start()) for stop in "。；;") + 1
    start = lead.find("存在", sentence, end.start())
    return lead[start + 2 : end.start()] if start >= 0 else None


def _period(lead: str) -> tuple[str | None, str | None]:
    found = _PERIOD.search(lead)
    if not found:
        return None, None
    first_month = parse_number(found.group("m1")) or 0
    last_month = parse_number(found.group("m2")) or 0
    first_year = parse_number(found.group("y1")) or 0
    if not (1 <= first_month <= 12 and 1 <= last_month <= 12):
        return None, None
    # The end omits its year when it is the start's, unless the months wrap into the next year.
    last_year = parse_number(found.group("y2") or "") or first_year + (last_month < first_month)
    return f"{first_year:04d}-{first_month:02d}", f"{last_year:04d}-{last_month:02d}"


def _duration(lead: str) -> float | None:
    found = _DURATION.search(lead)
    if not found:
        return None
    count = found.group("count")
    months = float(count) if "." in count else parse_number(count)
    if months is None:
        return None
    return months + (0.5 if found.group("half") or found.group("half_after") else 0.0)


def _sentence_with(lead: str, words: regex.Pattern[str]) -> str | None:
    found = words.search(lead)
    if not found:
        return None
    at = found.start()
    start = lead.rfind("。", 0, at) + 1
    end = lead.find("。", at)
    return lead[start : len(lead) if end < 0 else end + 1].strip()
