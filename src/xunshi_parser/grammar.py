"""The bulletin format, written once: its variants, its patterns and their limits.

Every variant the format accepts (traditional forms of its own words, ASCII and half-width
punctuation, odd spaces, other section markers) is folded to one canonical character by
:func:`fold`, which keeps the length of the text, so an offset in the folded text is an offset in
the original. Every pattern below is written in canonical form and matches folded text only.

This module sits at the bottom of the pipeline: decoding, normalisation, the scanner, the field
rules and the HTML extractor import it, and it imports nothing of this package. Patterns use the
standard library's ``re``, which compiles them faster than ``regex`` and needs nothing more.
"""

from __future__ import annotations

import codecs
import re
from functools import cache, partial
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

# --- Variants ------------------------------------------------------------------------------

#: The canonical section marker; the others a publisher may use instead fold to it.
MARKER: Final = "■"
MARKER_VARIANTS: Final = "◆●▲□◼◾▪◇★◎◉♦▶►☆"
MARKERS: Final = MARKER + MARKER_VARIANTS

#: Variant → canonical character. Only the characters the format gives meaning to: ASCII and
#: half-width punctuation, spaces, the traditional forms of the characters of the format's own
#: words (巡視 → 巡视, 反饋 → 反馈, 第十輪 → 第十轮 ...), full-width digits, other markers.
#: Not the full stop: 2.5个月 and 2022.04.08 need the ASCII one. Not square brackets: a unit may
#: hold them (市委办公厅[市档案局]), a trailer never.
_FOLDS: Final = {
    **dict.fromkeys(MARKER_VARIANTS, MARKER),
    # Punctuation.
    ":": "：", "︰": "：", "﹕": "：", ",": "，", "﹐": "，", ";": "；", "﹔": "；",
    "(": "（", ")": "）", "［": "[", "］": "]",
    "｡": "。", "､": "、", "﹑": "、", "－": "-", "～": "~", "｜": "|",
    # Spaces: no-break, ideographic and typographic spaces read as one plain space.
    "\xa0": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ",
    "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
    "\u205f": " ",
    # Digits.
    **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
    # Traditional characters of the format's words.
    "視": "视", "饋": "馈", "況": "况", "組": "组", "輪": "轮", "屆": "届", "黨": "党",
    "總": "总", "編": "编", "輯": "辑", "責": "责", "標": "标", "題": "题", "來": "来",
    "時": "时", "間": "间", "發": "发", "佈": "布", "問": "问", "線": "线", "個": "个",
    "兩": "两", "與": "与", "開": "开", "對": "对", "報": "报", "據": "据", "頭": "头",
    "還": "还", "陸": "陆", "貳": "贰", "審": "审", "覽": "览", "擊": "击", "號": "号", "見": "见",
    # The known kinds of a trailer: 專項, 機動, 提級, 常規, 聯動 巡視.
    "專": "专", "項": "项", "機": "机", "動": "动", "級": "级", "規": "规", "聯": "联",
    # Page furniture: 閱讀原文, 點贊 (點讚), 掃一掃, 長按識別二維碼, 【關閉】, 返回頂部 ...
    "閱": "阅", "讀": "读", "點": "点", "贊": "赞", "讚": "赞", "掃": "扫", "當": "当",
    "頁": "页", "轉": "转", "長": "长", "識": "识", "別": "别", "維": "维", "碼": "码",
    "關": "关", "們": "们", "閉": "闭", "頂": "顶",
}  # fmt: skip
_VARIANT: Final = re.compile("[" + re.escape("".join(_FOLDS)) + "]")


def fold(text: str) -> str:
    """``text`` with every variant replaced by its canonical character; same length.

    >>> fold("■市档案馆:理论学习不够深入,抓落实不够【市委第一巡視組向市档案馆反饋巡視情況】")
    '■市档案馆：理论学习不够深入，抓落实不够【市委第一巡视组向市档案馆反馈巡视情况】'
    """
    # Most texts hold few variants or none: one search in C, then a replacement per variant,
    # costs a fraction of str.translate's lookup of every character.
    if _VARIANT.search(text) is None:
        return text
    return _VARIANT.sub(_canonical, text)


def _canonical(found: re.Match[str]) -> str:
    return _FOLDS[found.group()]


# --- Limits --------------------------------------------------------------------------------

#: A unit name is one line of a few words; a longer run after a marker is not a header.
MAX_UNIT: Final = 80
#: Spaces allowed between a marker, its unit and the colon.
MAX_HEADER_SPACE: Final = 8
#: Spaces that may indent a numbered section's line (一、单位：), full-width ones included.
MAX_LINE_INDENT: Final = 16
#: A headline is one line of a few words; longer prefixes are not considered.
MAX_HEADLINE: Final = 80
#: A shorter common prefix is a coincidence (two findings starting with 推动), not a restatement.
MIN_HEADLINE: Final = 4
#: How far a trailer's opening bracket looks for its 反馈…情况 and closing bracket.
TRAILER_REACH: Final = 140
MAX_TEAM: Final = 40
MAX_TARGET: Final = 80
#: What may stand between 反馈 and 情况: 巡视, 巡视“回头看”, 专项巡视, 提级巡视 ...
MAX_TRAILER_KIND: Final = 20
#: Spaces allowed inside a trailer and around the editor's name.
MAX_INNER_SPACE: Final = 4
#: The editor line stands within this many characters of the end.
FOOTER_REACH: Final = 120
#: A line of page furniture after the footer (上一篇：and a title) is at most this long, and
#: the lines of furniture a text ends with lie within FURNITURE_REACH of its end: the lines
#: are looked for there only, so a text of any length costs the same.
MAX_FURNITURE_LINE: Final = 100
FURNITURE_REACH: Final = 2000
#: Longest quotation or bracketed aside kept whole in a finding; a longer or unclosed one is
#: read as text. The bound keeps the scan linear.
MAX_GROUP: Final = 200
#: Digits in one number. An unbounded run would let a megabyte of digits cost quadratic time
#: wherever a pattern holding a number is tried.
MAX_NUMBER_DIGITS: Final = 8

# --- Characters and words ------------------------------------------------------------------

#: A line ends at CRLF, CR or LF, wherever lines are counted or split.
LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
#: What joins the items of a list of names, kinds or rounds: 、 和 及 与.
CONJUNCTIONS: Final = "、和及与"
#: What ends a clause, and so a finding, the comma first; a line break does too.
FINDING_SEPARATORS: Final = "，；。！？"


def line_end(text: str, position: int = 0) -> int:
    """Where the line holding ``position`` ends: the start of the first :data:`LINE_BREAK`
    from there, else the end of the text."""
    # Every line break starts with a CR or an LF: two finds in C cost a fraction of a search
    # for the pattern, which reads each character through a set.
    end = len(text)
    for char in "\r\n":
        found = text.find(char, position, end)
        if found >= 0:
            end = found
    return end


#: Byte-order marks and the encodings they announce, longest first (UTF-32 LE starts like
#: UTF-16 LE).
BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Chinese numerals and their values (canonical forms: 两, not 兩).
DIGIT_VALUES: Final = {
    "〇": 0, "○": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
UNIT_VALUES: Final = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
NUMBER: Final = f"[0-9{''.join(DIGIT_VALUES)}{''.join(UNIT_VALUES)}]{{1,{MAX_NUMBER_DIGITS}}}"
#: 巡视 (by a party committee over units) or 巡察 (by a lower committee).
INSPECTION: Final = "(?:巡视|巡察)"
#: Party organisations a unit name may end in, longest first so 分党组 wins over 党组.
PARTY_ORGS: Final = ("分党组", "党工委", "党总支", "党支部", "党组", "党委")
#: Opening quote or bracket → its closing partner (canonical: （ not (, 【 not [).
OPENERS: Final = {
    "（": "）", "“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "【": "】", "〔": "〕",
    "[": "]",
}  # fmt: skip
#: Characters a restatement may add to its headline (还 or 仍 inserted, 、 between words).
#: Commas are not among them: ignoring them would let a match run on past the headline.
HEADLINE_INSERTABLE: Final = "、还仍尚也 \t"
#: Kinds of inspection a trailer may feed back (反馈{kind}情况), compared without quotes and
#: spaces; others are reported.
TRAILER_KINDS: Final = (
    "巡视", "巡察", "巡视“回头看”", "巡察“回头看”", "“回头看”",
    "专项巡视", "专项巡察", "提级巡视", "提级巡察", "机动巡视", "机动巡察", "常规巡视",
    "常规巡察", "联动巡察", "交叉巡察", "巡视整改", "巡察整改",
)  # fmt: skip

# --- Patterns ------------------------------------------------------------------------------


def on_first_use(source: str) -> Callable[[], re.Pattern[str]]:
    """The pattern ``source``, compiled when first asked for and the same one after.

    For the patterns only some texts need (numbered sections, periods without a year, page
    furniture ...): compiling one costs up to a millisecond at every start of the command line,
    which a bulletin that never asks for it should not pay.
    """
    return cache(partial(re.compile, source))


_SPACE: Final = rf"[^\S\r\n]{{0,{MAX_INNER_SPACE}}}"
_HEADER_SPACE: Final = rf"[^\S\r\n]{{0,{MAX_HEADER_SPACE}}}"
_UNIT_CHAR: Final = r"[^■【】：\r\n。，；]"
#: A header's unit and its colon, after a marker or an ordinal.
_UNIT: Final = rf"(?P<unit>(?!\s){_UNIT_CHAR}{_UNIT_CHAR}{{0,{MAX_UNIT - 1}}}?)"
_UNIT_AND_COLON: Final = rf"{_HEADER_SPACE}{_UNIT}{_HEADER_SPACE}："
#: ``■市档案馆：``. Every repetition is bounded, so a marker followed by a megabyte of spaces
#: costs no more than one followed by a word.
SECTION_HEADER: Final = re.compile(rf"■{_UNIT_AND_COLON}")
#: A section header and the first character of its headline (``end() - 1``); for pages.
header_and_headline: Final = on_first_use(rf"\s*{SECTION_HEADER.pattern}\s*\S")
#: A marker and the start of a unit with no colon in reach: a header cut short (■市机关事务管).
cut_header: Final = on_first_use(rf"■[^\S\r\n]{{0,{MAX_HEADER_SPACE}}}{_UNIT_CHAR}")

#: What a round or a team may be qualified by: 常规巡视, 专项巡察, 第一交叉巡察组.
_QUALIFIERS: Final = "常规|专项|提级|机动|联动|交叉|延伸|下沉"
#: What may stand between a team's number and 巡视/巡察 (县委第一专项巡察组, 第二交叉巡察组), or
#: in brackets after the team (县委第一巡察组（交叉）).
_TEAM_QUALIFIER: Final = f"(?:{_QUALIFIERS})"
#: 市委第一巡视组, 区委巡察一组, 县委巡察第一组, 中央第十五巡视组, 县委第一专项巡察组, 县委第四轮
#: 巡察第一组: an inspection team (a 督察组's feedback is a relative, not a bulletin). Its number
#: and kind are read in the same match, so a trailer's fields need no second search. A number
#: stands right before 巡视/巡察 (or its qualifier) or right after it: 第四轮 before 巡察 is
#: the round's, not the team's.
_TEAM: Final = (
    rf"[^【】（）■\r\n]{{0,{MAX_TEAM}}}?"
    rf"(?:第(?P<number>{NUMBER}){_TEAM_QUALIFIER}?)?(?P<inspection>{INSPECTION})"
    rf"(?:第?(?P<suffix>{NUMBER}))?组(?:（{_TEAM_QUALIFIER}）)?"
)
#: Two teams joined (市委第三巡察组、某某区委第一巡察组, 县委第一、第二巡察组): a team's 组, or
#: a number, then a conjunction, before the last team's 巡视/巡察. The number read is the last
#: team's only: such a trailer has none.
_JOINING: Final = f"[{CONJUNCTIONS}，]"
joint_teams: Final = on_first_use(rf"(?:组|第{NUMBER}){_SPACE}{_JOINING}")
#: What every joint team holds.
JOINED: Final = re.compile(_JOINING)
#: The team's leader named after it (县委第一巡察组组长张三向…): not part of the team's name.
_TEAM_LEADER: Final = r"(?:副?组长[^\W\d_]{2,4}?)?"
#: A kind holds no 反: the search for 情况 after one 反馈 stops at the next, so text of nothing
#: but 反馈 costs a few steps per bracket.
_KIND: Final = rf"[^【】（）■\r\n反]{{0,{MAX_TRAILER_KIND}}}?"
#: What a trailer says was fed back: 情况, or 意见 as some rounds write it (反馈巡视意见).
_FED_BACK: Final = "(?:情况|意见)"
_FEEDBACK_WORDS: Final = rf"反馈(?P<kind>{_KIND}){_FED_BACK}{_SPACE}"
#: The trailer closing a section, by its shape: a team, 向, a target, 反馈 … 情况, in square
#: brackets or in round ones as some reprints write it, closed by its opener's partner. The
#: lookahead first asks for the ending within reach, so a bracket that opens no trailer costs
#: one short scan, not every way of splitting team and target.
#: A full stop may end a trailer's words before its closing bracket (…反馈巡察情况。】).
_TRAILER_STOP: Final = "。?"
TRAILER: Final = re.compile(
    rf"(?:(?P<square>【)|（)(?=[^【】\r\n]{{0,{TRAILER_REACH}}}?反馈{_KIND}{_FED_BACK}{_SPACE}"
    rf"{_TRAILER_STOP}(?(square)】|）))"
    rf"{_SPACE}(?P<team>{_TEAM}){_TEAM_LEADER}{_SPACE}向{_SPACE}"
    rf"(?P<target>[^【】■\r\n]{{1,{MAX_TARGET}}}?)"
    rf"{_SPACE}{_FEEDBACK_WORDS}{_TRAILER_STOP}(?(square)】|）)"
)
#: How far into a text the title of a single-unit report is looked for: the search tries
#: every start, so it is kept to where a title stands.
FEEDBACK_REPORT_REACH: Final = 200


def looks_like_feedback_report(text: str) -> bool:
    """Whether ``text`` (canonical) opens with a team's feedback to one unit outside brackets:
    the title of a single-unit report (省委第三巡视组向省农业农村厅党组反馈巡视情况), a relative
    of a bulletin."""
    return _feedback_report().search(text, 0, FEEDBACK_REPORT_REACH) is not None


#: Only a refusal asks for it.
_feedback_report: Final = on_first_use(
    rf"{_TEAM}{_SPACE}向{_SPACE}[^【】■\r\n]{{1,{MAX_TARGET}}}?{_SPACE}反馈{_KIND}{_FED_BACK}"
)


#: Every trailer holds this word, at most ``TRAILER_REACH + 1`` characters after its opening
#: bracket.
_TRAILER_KEY: Final = "反馈"
_TRAILER_OPENING: Final = re.compile("[【（]")


def first_trailer(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first :data:`TRAILER` match in ``text[start:end]``, or ``None``.

    The word 反馈 is found first and only the brackets in reach before it are tried, each
    once: text full of brackets and quotes with no 反馈 near them costs one search for the
    word, where a search for the pattern would try every bracket.
    """
    end = len(text) if end is None else end
    tried = start  # brackets before this were tried
    key = text.find(_TRAILER_KEY, start, end)
    if key >= 0:
        # The common case: the first bracket in reach of the first 反馈 is a 【 and opens
        # the trailer. Two finds and a match cost less than a search for the brackets; every
        # find stays within what that search would read.
        reach = max(start, key - TRAILER_REACH - 1)
        square = text.find("【", reach, key)
        if (
            square >= 0
            and text.find("（", reach, square) < 0
            and (trailer := TRAILER.match(text, square, end))
        ):
            return trailer
    while key >= 0:
        for opening in _TRAILER_OPENING.finditer(text, max(tried, key - TRAILER_REACH - 1), key):
            if trailer := TRAILER.match(text, opening.start(), end):
                return trailer
        tried = key
        key = text.find(_TRAILER_KEY, key + 1, end)
    return None


#: Words that say what a team did in a bracket meant as a trailer: 反馈, or 通报 as some write
#: it (…向县教育局党组通报巡察情况), which no trailer is read by.
_NEAR_TRAILER_KEYS: Final = ("反馈", "通报")


def near_trailer(text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """Where the first bracket in ``text[start:end]`` (canonical) stands that holds 巡视/巡察 and
    组, 向 and 反馈 (or 通报) within :data:`TRAILER_REACH` of its opening, on one line, and is no
    trailer: a trailer of a shape the grammar does not read, to point at when a section has
    none. Asked for only then: it costs a few finds per 反馈 or 通报."""
    end = len(text) if end is None else end
    first = None
    for key_word in _NEAR_TRAILER_KEYS:
        # The next key word is looked for only where a bracket opening before the first one
        # found can hold it.
        stop = min(end, first[0] + TRAILER_REACH + 2) if first else end
        found = _near_trailer(text, start, stop, key_word)
        if found and (first is None or found < first):
            first = found
    return first


def _near_trailer(text: str, start: int, end: int, key_word: str) -> tuple[int, int] | None:
    key = text.find(key_word, start, end)
    while key >= 0:
        reach = max(start, key - TRAILER_REACH - 1)
        opening = max(text.rfind("【", reach, key), text.rfind("（", reach, key))
        if opening >= 0:
            closing = text.find(OPENERS[text[opening]], key, min(end, key + TRAILER_REACH))
            inside = text[opening:key]
            if (
                closing >= 0
                and "组" in inside
                and "向" in inside
                and ("巡视" in inside or "巡察" in inside)
                # On one line: bounded by the reach, however long the line.
                and "\n" not in text[opening:closing]
                and "\r" not in text[opening:closing]
                and TRAILER.match(text, opening, closing + 1) is None
            ):
                return opening, closing + 1
        key = text.find(key_word, key + 1, end)
    return None


def after_last_trailer(text: str, end: int) -> int:
    """A position in ``text[:end]`` after which no trailer starts: after the last 反馈."""
    return text.rfind(_TRAILER_KEY, 0, end) + 1


def find_trailers(text: str) -> Iterator[re.Match[str]]:
    """Every :data:`TRAILER` match in ``text``, in order, none overlapping."""
    position = 0
    while trailer := first_trailer(text, position):
        yield trailer
        position = trailer.end()


#: The other fields of a closing editor line, or of the lines after it: 审核：李四, 来源：某网,
#: and the reviews of a three-review footer (编辑：马丽⏎初审：张三⏎复审：李四⏎终审：王五).
_FOOTER_LABEL: Final = (
    "(?:责任校对|校对|审核|审校|初审|复审|二审|三审|终审|编审|监制|作者|来源|稿源)"
)
#: A name holds no digits: a date after it on its line (责任编辑：马丽　2024-06-28) is not its.
_EDITOR_NAME: Final = rf"(?:(?!{_FOOTER_LABEL}|编辑)[^\s\d（）【】\[\]■：|]){{1,30}}"
#: Roles whose 编辑 is the article's editor too (本文编辑：王蒙): the line starts at the role.
#: Other roles ending in 编辑 (总编辑, 文字编辑, 图片编辑 …) are not, and stay whole text.
_EDITOR_ROLES: Final = "(?:本文|本期|网络)"
#: 责任编辑：王蒙 (责编：, 编辑：, 本文编辑：), with up to five names; the name stops where the
#: next field of a line begins.
EDITOR: Final = re.compile(
    rf"(?:责任编辑|责编|{_EDITOR_ROLES}编辑"
    r"|(?<!任)(?<!总)(?<!文字)(?<!图片)(?<!美术)(?<!视频)(?<!技术)编辑)"
    rf"{_SPACE}：{_SPACE}"
    rf"(?P<name>{_EDITOR_NAME}(?:[^\S\r\n]{{1,4}}{_EDITOR_NAME}){{0,4}})"
)
#: A line naming only the source, in brackets or not: （来源：某网）, 来源：北京日报（客户端）.
_SOURCE_LINE: Final = (
    rf"[（【\[]?{_SPACE}(?:来源|稿源){_SPACE}：{_SPACE}[^\s：（）【】\[\]]{{1,40}}"
    rf"(?:（[^\s：（）【】]{{1,20}}）)?{_SPACE}[）】\]]?"
)
#: A source line closing the text.
closing_source: Final = on_first_use(rf"{_SOURCE_LINE}\s*\Z")
#: A date (and time) a closing line may end with: 2024-06-28, 2024年6月28日 10：30.
_FOOTER_DATE: Final = (
    r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:[^\S\r\n]{1,4}\d{1,2}：\d{2}(?:：\d{2})?)?"
)
#: What may stand around an editor line that closes the text: brackets of any kind, and after
#: the name up to four other fields, bracketed or not (责任编辑：王蒙　审核：李四⏎（来源：某网）),
#: and a date on the editor's line (责任编辑：马丽　2024-06-28).
EDITOR_OPEN: Final = re.compile(rf"[（【\[]{_SPACE}\Z")
EDITOR_CLOSE: Final = re.compile(
    rf"(?:[^\S\r\n]{{1,4}}{_FOOTER_DATE})?"
    rf"(?:\s{{0,4}}[（【\[]?{_FOOTER_LABEL}{_SPACE}：{_SPACE}"
    rf"(?:[^\s：（）【】\[\]]|（[^\s：（）【】]{{1,20}}）){{1,40}}[）】\]]?){{0,4}}"
    rf"{_SPACE}[）】\]]?\s*\Z"
)
#: A line naming only the source right before the editor line, which closes the text with it
#: (来源：某县纪委监委⏎责任编辑：马丽): the start of its line, for ``match`` at a line's start.
source_before_editor: Final = on_first_use(
    rf"[^\S\r\n]{{0,{MAX_INNER_SPACE}}}{_SOURCE_LINE}[^\S\r\n]{{0,4}}(?:\r\n|\r|\n)\s{{0,4}}\Z"
)

#: Page furniture: the buttons, links and prompts a WeChat article or a news page ends with,
#: copied with its text after the footer (扫一扫在手机打开当前页, 阅读原文, 点赞, 在看,
#: 【打印】【关闭】, 返回顶部). Not the bulletin's: the editor line before them still closes it.
FURNITURE_WORDS: Final = (
    "扫一扫在手机打开当前页", "扫一扫在手机上打开当前页", "手机扫一扫", "阅读原文", "点赞", "在看",
    "分享", "收藏", "转发", "长按识别二维码关注", "长按识别二维码", "长按二维码关注", "关注我们",
    "打印本页", "打印", "关闭窗口", "关闭", "返回顶部",
)  # fmt: skip
#: Labels of a list of other articles: the titles on the lines after the label, up to
#: MAX_RELATED_TITLES of them, are furniture too (相关阅读：⏎县委第四轮巡察反馈情况).
RELATED_LABELS: Final = ("相关阅读", "相关链接", "相关新闻", "推荐阅读", "延伸阅读")
MAX_RELATED_TITLES: Final = 5
#: Furniture naming something after a colon, to the end of its line: 分享到：微信 微博,
#: 微信号：bjjjjc, 上一篇：…, 下一篇：…; a portal's footer: 主办：…　技术支持：…, 网站标识码：…,
#: 发布日期：…, 【字体：大 中 小】; and a list's label, 相关阅读：.
FURNITURE_LABELS: Final = (
    "分享到", "微信号", "上一篇", "下一篇", "主办", "承办", "协办", "技术支持",
    "网站标识码", "发布日期", "发布时间", "字体", "字号", *RELATED_LABELS,
)  # fmt: skip
#: Words that make a whole line a page's footer wherever they stand in it: 某ICP备12345678号,
#: 某某县纪委监委 版权所有, 京公网安备….
FURNITURE_MARKS: Final = ("ICP备", "公网安备", "版权所有")
#: What may stand between the items of one line: spaces and the bars or dots of a page.
_FURNITURE_GAP: Final = r"(?:[^\S\r\n]|[|丨·/]){0,6}"
# Longest first, so 打印本页 is one item and not 打印 and a stray 本页.
_FURNITURE_ITEM: Final = (
    rf"[【\[]?{_SPACE}(?:{'|'.join(sorted(FURNITURE_WORDS, key=len, reverse=True))})"
    rf"{_SPACE}[】\]]?"
)
_FURNITURE_LABELLED: Final = (
    rf"[【\[]?(?:{'|'.join(FURNITURE_LABELS)}){_SPACE}：[^\r\n]{{0,{MAX_FURNITURE_LINE}}}"
)
#: A whole line of furniture (for ``fullmatch``): items, glued or apart (点赞 在看,
#: 【打印】【关闭】, 长按识别二维码关注我们), and at most one labelled item, last; or any
#: line holding a mark (FURNITURE_MARKS); or a bare date (2024-06-28, 2024年6月28日 10：30).
FURNITURE_LINE: Final = (
    rf"{_FURNITURE_GAP}(?:(?:{_FURNITURE_ITEM}){_FURNITURE_GAP}){{1,8}}(?:{_FURNITURE_LABELLED})?"
    rf"|{_FURNITURE_GAP}{_FURNITURE_LABELLED}"
    rf"|[^\r\n]{{0,{MAX_FURNITURE_LINE}}}?(?:{'|'.join(FURNITURE_MARKS)})[^\r\n]{{0,{MAX_FURNITURE_LINE}}}"
    rf"|{_FURNITURE_GAP}{_FOOTER_DATE}{_FURNITURE_GAP}"
)


def is_furniture(line: str) -> bool:
    """Whether ``line`` (canonical, one line) is nothing but page furniture."""
    # Every furniture line holds one of the words: most last lines hold none, and are told so
    # without the pattern, which is compiled only when a line might be furniture (compiling it
    # costs a millisecond at every start).
    # A bare date (2024-06-28) holds none: its line starts with a digit. A line naming the
    # source is the footer's (发布时间：2024-06-28　来源：某网), never furniture.
    return (
        len(line) <= MAX_FURNITURE_LINE
        and "来源：" not in line
        and "稿源：" not in line
        and (any(word in line for word in _FURNITURE_KEYS) or line.lstrip()[:1].isdigit())
        and _furniture_line().fullmatch(line) is not None
    )


_FURNITURE_KEYS: Final = (*FURNITURE_WORDS, *FURNITURE_LABELS, *FURNITURE_MARKS)
#: A line holding nothing but the label of a list of other articles (相关阅读：, 【相关链接】).
_related_label: Final = on_first_use(
    rf"{_FURNITURE_GAP}[【\[]?(?:{'|'.join(RELATED_LABELS)}){_SPACE}：?{_SPACE}[】\]]?{_FURNITURE_GAP}"
)


_furniture_line: Final = on_first_use(FURNITURE_LINE)


def last_non_space(text: str, end: int) -> int:
    """Where ``text[:end]`` ends without its trailing whitespace."""
    # Most texts end in a character: then nothing is copied (this runs on every text).
    if not end or not text[end - 1].isspace():
        return end
    return len(text[:end].rstrip())


def trailing_furniture(text: str) -> list[tuple[int, int]]:
    """The lines of page furniture ``text`` (canonical) ends with, each without its spaces, in
    order; blank lines between them are skipped. Looked for within :data:`FURNITURE_REACH` of
    the last non-space character only."""
    last = last_non_space(text, len(text))
    reach = max(0, last - FURNITURE_REACH)
    spans: list[tuple[int, int]] = []  # the lines read, from the last backwards

    def backwards() -> Iterator[str]:
        end = last
        while end > reach:
            start = max(text.rfind("\n", reach, end), text.rfind("\r", reach, end)) + 1
            if start == 0 < reach:
                return  # no line break in reach: the line starts before it, unknown
            if text[start:end].strip():
                spans.append(_without_spaces(text, start, end))
                yield text[start:end]
            end = start - 1

    count = _furniture_run(backwards())
    return spans[:count][::-1]


def _is_related_label(line: str) -> bool:
    # The pattern is compiled only when a line might be a label (compiling it costs a
    # millisecond, and the last line of every text is looked at).
    return (
        any(label in line for label in RELATED_LABELS)
        and _related_label().fullmatch(line) is not None
    )


def _related_title(line: str) -> bool:
    return (
        len(line) <= MAX_FURNITURE_LINE
        and "编辑" not in line
        and "来源" not in line
        and "■" not in line
        and first_trailer(line) is None
    )


def furniture_count(lines: Sequence[str]) -> int:
    """How many of ``lines`` (canonical, one line each, no blank one), the last lines of a
    text, are page furniture by the rules :func:`trailing_furniture` finds them with."""
    return _furniture_run(reversed(lines))


def _furniture_run(lines: Iterator[str]) -> int:
    """How many of ``lines`` (non-blank, a text's last lines from the last backwards, read
    only as far as needed) are page furniture: lines of furniture, and lists of other articles
    (a label, 相关阅读：, then up to :data:`MAX_RELATED_TITLES` titles). A title holds no
    editor, source or trailer: the closing lines before a list are never part of it."""
    ahead: list[str] = []  # lines read and not yet judged, the last first
    count = 0
    while True:
        if not ahead and (line := next(lines, None)) is not None:
            ahead.append(line)
        if not ahead:
            return count
        if is_furniture(ahead[0]):
            del ahead[0]
            count += 1
            continue
        # Not furniture: the last title of a list of other articles, or the end of the run.
        index = 0
        while True:
            if index == len(ahead):
                if (line := next(lines, None)) is None:
                    return count
                ahead.append(line)
            if _is_related_label(ahead[index]):
                break
            if index == MAX_RELATED_TITLES or not _related_title(ahead[index]):
                return count
            index += 1
        count += index + 1
        del ahead[: index + 1]


def _without_spaces(text: str, start: int, end: int) -> tuple[int, int]:
    line = text[start:end]
    return start + len(line) - len(line.lstrip()), start + len(line.rstrip())


TITLE_LABEL: Final = re.compile(r"\s*原?标题\s*：")
#: A title glued to its lead without a label (…反馈情况日前，…) is at most this long, and holds
#: no sentence punctuation.
MAX_GLUED_TITLE: Final = 80
#: A lead's opening words: 日前，… / 近日，… / 据…消息. A comma or space must follow the time
#: word: inside a title (中央巡视组近日向…) it opens nothing.
_LEAD_WORDS: Final = (
    r"(?:日前|近日|近期|近来|今天|今日|昨天|昨日)(?=[，\s])|据[^，。\n]{1,30}?(?:消息|报道)"
)
#: How a lead opens: its opening words or a date followed by a comma (a date inside a title,
#: 海淀区委2023年6月9日集中反馈…, opens nothing); where a title labelled 原标题 runs into it.
LEAD_START: Final = re.compile(
    rf"{_LEAD_WORDS}|(?:\d{{4}}年|(?<!\d))\d{{1,2}}月\d{{1,2}}日(?=[，\s])"
)
#: How far after a title's start its lead is looked for: a title is a line of a few words.
TITLE_REACH: Final = 2 * MAX_GLUED_TITLE
#: An official title of two lines: the issuing office, then a line opening with 关于 and
#: ending with what is issued (关于十届市委第八轮巡察反馈情况的通报), without sentence
#: punctuation, at most MAX_GLUED_TITLE characters.
TITLE_SECOND_LINE: Final = "关于"
TITLE_ENDS: Final = ("通报", "情况", "公告", "通告", "报告")
#: At the start of a line, a lead may also open with 根据…部署, 按照…安排 or 经…同意 (inside a
#: sentence or a title these words open nothing).
lead_line_start: Final = on_first_use(
    rf"{LEAD_START.pattern}|(?:根据|按照)[^，。\n]{{1,30}}?(?:部署|安排)|经[^，。\n]{{1,30}}?同意"
)
#: Where a title glued to its lead without a label ends: only the lead's opening words (a date
#: may be part of a title: 海淀区委巡察组2023年6月9日集中反馈巡察情况).
glued_lead_start: Final = on_first_use(_LEAD_WORDS)
#: A news dateline opening the lead's line: 新华社北京1月25日电, 人民网北京6月21日电 （记者张三）,
#: 本报讯（记者 张三）. It belongs to the lead: a line opening with it is no title. Its 电 or
#: 讯 stands within MAX_NEWS_DATELINE characters of the line's start.
MAX_NEWS_DATELINE: Final = 40
news_dateline: Final = on_first_use(
    r"[^\S\r\n]*(?:[^\s，。：（）【】]{1,16}?\d{1,2}月\d{1,2}日电|(?:本|[^\s，。：（）【】]{1,10}?[报网台社刊])讯)"
)
#: A line of page controls in brackets (【字号：大 中 小】): no title.
bracketed_label_line: Final = on_first_use(
    r"[^\S\r\n]*[【\[][^【】\[\]\r\n：]{1,20}：[^【】\[\]\r\n]{0,40}[】\]][^\S\r\n]*"
)
#: What a lead says was done to units (县委第五轮巡察对县教育局等2个单位开展了常规巡察): with a
#: comma, a first line saying it is a paragraph, the lead, not a title.
units_inspected: Final = on_first_use(r"对[^，。；\r\n]{1,80}?开展")
DATE: Final = re.compile(
    r"(?P<y>\d{4})\s{0,3}[-/.年]\s{0,3}(?P<m>\d{1,2})\s{0,3}[-/.月]\s{0,3}(?P<d>\d{1,2})"
)
#: The source ends at a space, a bar, where the next field of the line begins, or where the
#: brackets around a closing editor line close (【责任编辑：王蒙　来源：某网】; a round bracket
#: closes a source's own aside as often, 北京日报（客户端）: one left unopened is dropped).
SOURCE: Final = re.compile(
    r"(?:来源|稿源)\s{0,4}：\s{0,4}(?P<source>[^\s|丨/]{1,40}?)"
    r"(?=\s|$|[|丨/】\]]|作者|编辑|责任|时间|日期|发布|点击|浏览|字号)"
)
#: How a line of publication facts opens: 时间：2022-04-08　来源：北京纪检监察网, or a date
#: and then a source.
dateline: Final = on_first_use(
    r"[^\S\n]*(?:(?:发布)?(?:时间|日期)|来源|稿源|作者|编辑)\s*："
    r"|[^\S\n]*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?[^\n]{0,40}?(?:来源|稿源)"
)
#: A dateline is one line of facts, not a paragraph.
MAX_DATELINE: Final = 200

ROUND: Final = re.compile(rf"第(?P<number>{NUMBER})轮(?P<inspection>{INSPECTION})")
#: Han characters (CJK unified ideographs, extension A, compatibility), for a character class.
HAN: Final = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_YEAR: Final = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})"
#: A round's year, before or after its issuer: 县委2023年第一轮, 2024年度区委第二轮.
_ROUND_YEAR: Final = rf"{_YEAR}\s{{0,3}}年度?\s{{0,3}}"
#: An issuer's characters: word characters but digits and Latin letters (in a lead, Han
#: characters). A class of the Han ranges costs a millisecond to compile at every start.
_ISSUER_CHAR: Final = r"[^\W\d_A-Za-z届]"
#: What stands before 第N轮: 十二届北京市委 or, without a term, …通报北京市委; a year of the
#: round before the issuer is not part of it (2024年度区委第二轮).
ROUND_ISSUER: Final = re.compile(
    rf"(?:(?P<term>{NUMBER})届)?(?:{_ROUND_YEAR})?(?P<issuer>{_ISSUER_CHAR}{{1,12}})$"
)
#: The same before a round named by its year (县委2023年第一轮): tried only then, as the year
#: after the issuer costs a search twice as long.
round_issuer_before_year: Final = on_first_use(
    rf"(?:(?P<term>{NUMBER})届)?(?:{_ROUND_YEAR})?(?P<issuer>{_ISSUER_CHAR}{{1,12}}?)"
    rf"{_ROUND_YEAR}$"
)
#: How far before 第N轮 the issuer is looked for.
ISSUER_REACH: Final = 24
#: Rounds named together (县委第十轮、第十一轮巡察, 第十轮巡察和第十一轮巡察): the rounds before
#: the one :data:`ROUND` finds, ending right before it, or the next one right after it (its
#: issuer may be named again: 县委第十轮巡察、县委第十一轮巡察).
_AND: Final = f"[{CONJUNCTIONS}]"
rounds_before: Final = on_first_use(rf"(?:第{NUMBER}轮{INSPECTION}?{_AND}){{1,8}}$")
round_after: Final = on_first_use(rf"{_AND}{_ISSUER_CHAR}{{0,12}}第{NUMBER}轮")
#: How far before 第N轮 the rounds named with it are looked for.
ROUNDS_REACH: Final = 8 * (MAX_NUMBER_DIGITS + 5)


def find_round_issuer(lead: str, round_start: int) -> re.Match[str] | None:
    """The term and issuer before the round (第N轮) starting at ``round_start`` in a canonical
    lead: a match of :data:`ROUND_ISSUER`, or of :data:`round_issuer_before_year` when the
    round is named by its year."""
    reach = max(0, round_start - ISSUER_REACH)
    by_year = lead[reach:round_start].rstrip().endswith(("年", "年度"))
    pattern = round_issuer_before_year() if by_year else ROUND_ISSUER
    return pattern.search(lead, reach, round_start)


_ISSUER_VERBS: Final = (
    "(?:通报|公布|发布|公开|印发|开展|完成|启动|召开|听取|审议|研究|部署|关于|根据|按照|对|了|的)"
)
#: Verbs (and 关于, 根据, 按照) that can stand before an issuer named without its term
#: (通报北京市委第十三轮巡视, 县委巡察办向社会公开县委第五轮巡察, 听取县委第五轮巡察情况汇报).
#: Greedy: everything up to the last of them goes (通报了北京市委 gives 北京市委). None of them
#: ends a committee's name.
issuer_lead_in: Final = on_first_use(f".*{_ISSUER_VERBS}")
#: Verbs ending the words before a round's year are not the issuer's (区委通报2023年第一轮).
issuer_trailing_verbs: Final = on_first_use(f"{_ISSUER_VERBS}+$")
#: What a count of 个 in a lead may count that is not units: 等3个方面问题, 对3个问题线索.
_NOT_UNITS: Final = "(?!方面|问题|线索|重点|领域|环节)"
#: How many units a lead announces: after the units it names (对市档案馆等38家单位), else
#: right after 对 (对12个地区和单位, 对14个县（市、区）, 对28家市管企业党委), else where the
#: units are called the inspected ones that feedback went to (向被巡察的3家单位党组织,
#: 向12个被巡视单位党组织; not 移交12个被巡察单位的问题线索).
_UNIT_COUNT_AFTER_NAMES: Final = re.compile(rf"等共?(?P<count>{NUMBER})(?:家|个){_NOT_UNITS}")
#: The scope a count after 对 may name first: 对全县12个乡镇党委, 对县直8个单位.
_SCOPE: Final = "(?:全[省市县区州旗盟]|[省市县区]直)?共?"
#: A second count joined to the first: 8个乡镇和4个县直部门.
_AND_COUNT: Final = rf"[^\d，。；、和]{{1,8}}?[和及与](?P<plus>{NUMBER})(?:家|个){_NOT_UNITS}"
#: The others, in the order they are tried, are asked for only when the first finds nothing.
#: After 对, the units inspected within places are counted (对3个乡镇的45个村（社区）党组织
#: gives 45, 对某某县、某某区的8个乡镇 gives 8), and two counts joined by 和 are added
#: (对8个乡镇和4个县直部门党组织 gives 12, the group ``plus``); 共巡察了12个单位 counts them
#: too.
_UNIT_COUNTS_LATER: Final = tuple(
    on_first_use(source)
    for source in (
        rf"对{_SCOPE}{NUMBER}(?:家|个)[^\d，。；、和]{{1,8}}?的(?P<count>{NUMBER})(?:家|个){_NOT_UNITS}",
        rf"对{_SCOPE}(?P<count>{NUMBER})(?:家|个){_NOT_UNITS}(?:{_AND_COUNT})?",
        rf"对[^\d，。；]{{1,20}}?的(?P<count>{NUMBER})(?:家|个){_NOT_UNITS}",
        rf"共{INSPECTION}了?(?P<count>{NUMBER})(?:家|个){_NOT_UNITS}",
        rf"向被{INSPECTION}的?(?P<count>{NUMBER})(?:家|个){_NOT_UNITS}",
        rf"向(?P<count>{NUMBER})(?:家|个)被{INSPECTION}",
    )
)


def find_unit_count(lead: str) -> re.Match[str] | None:
    """Where a (canonical) lead says how many units were inspected; its group ``count``."""
    if found := _UNIT_COUNT_AFTER_NAMES.search(lead):
        return found
    for pattern in _UNIT_COUNTS_LATER:
        if found := pattern().search(lead):
            return found
    return None


#: A kind of inspection named by its qualifier: 常规巡视, 提级巡察.
_QUALIFIED_KIND: Final = rf"(?:{_QUALIFIERS}){INSPECTION}"
#: The kinds of a round: 开展常规巡视、提级巡视和专项巡视反馈; or, ending a clause, a list of
#: qualified kinds only (开展了常规巡视。), since any words end in 巡视 there (开展了第二轮巡视).
ROUND_KINDS: Final = re.compile(
    rf"开展了?(?P<kinds>[^，。；]{{2,60}}?{INSPECTION}(?=(?:的|工作)?(?:反馈|情况))"
    rf"|{_QUALIFIED_KIND}(?:{_AND}{_QUALIFIED_KIND})*(?=[，。；]))"
)
ROUND_KIND_ITEM: Final = re.compile(f"[^{CONJUNCTIONS}]+")
_MONTH: Final = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
#: The end of a period in the year after its start: 2023年11月至次年1月.
_NEXT_YEAR: Final = "(?P<next>次年|翌年)"
#: What may follow a month in a period: a day, 上旬/中旬/下旬, 初, 底, 末.
_DAY_OR_PART: Final = r"(?:\s{0,3}\d{1,2}\s{0,3}日|[上中下]旬|初|底|末)?"
#: 2021年10月至12月, 2021年11月至2022年1月 (至次年1月), 二〇二一年十月中旬至十二月.
PERIOD: Final = re.compile(
    rf"(?P<y1>{_YEAR})\s{{0,3}}年\s{{0,3}}(?P<m1>{_MONTH})\s{{0,3}}月{_DAY_OR_PART}"
    r"\s{0,3}(?:至|到|—|-|~)\s{0,3}"
    rf"(?:(?P<y2>{_YEAR})\s{{0,3}}年\s{{0,3}}|{_NEXT_YEAR})?(?P<m2>{_MONTH})\s{{0,3}}月"
)
#: A period that names no year: 自3月下旬至6月上旬, 于今年3月至5月, 巡视时间为3月至5月, or a
#: range opening a clause whose next clause names the team (3月中旬至5月下旬，市委巡视组对…);
#: the year is the publication's, see ``fields.lead``. Other months are no period: deadlines
#: and times of other work (6月底前完成整改, ，9月至10月完成整改, 反馈时间为7月至8月, 9月至
#: 10月，为集中整改期, 9月至10月，县委巡察办将开展整改督查).
period_without_year: Final = on_first_use(
    rf"(?:(?P<by>自|从|于|{INSPECTION}(?:工作)?时间\s{{0,3}}(?:为|是|：))|(?<![^，。；！？\r\n]))"
    rf"(?:今年)?\s{{0,3}}(?P<m1>{_MONTH})\s{{0,3}}月{_DAY_OR_PART}"
    rf"\s{{0,3}}(?:至|到|—|-|~)\s{{0,3}}{_NEXT_YEAR}?"
    rf"(?P<m2>{_MONTH})\s{{0,3}}月"
    rf"(?(by)|{_DAY_OR_PART}\s{{0,3}}(?:期间)?\s{{0,3}}，(?=[^，。；]{{0,20}}?{INSPECTION}组))"
)
#: 约2个半月, 约两个月, 约2.5个月; a number glued to more digits or a point is not one.
DURATION: Final = re.compile(
    rf"(?<![\d.])(?P<count>\d{{1,3}}\.\d{{1,2}}|{NUMBER})个(?P<half>半)?月(?P<half_after>半)?"
)
#: How far a match of PERIOD can start before its first 年 (a year of four characters, then
#: up to three spaces), and one of DURATION before its 个 (a number, or a count such as 2.5,
#: of at most this many characters).
_PERIOD_REACH: Final = 4 + 3
_DURATION_REACH: Final = max(MAX_NUMBER_DIGITS, 6)  # 6: 999.99


#: A period inside a clause about other work is not the round's: the years a round checked
#: (重点检查2021年1月至2022年12月期间的工作, 巡察范围为2020年1月至2022年12月), a time set for
#: rectification (要在2023年7月至9月完成整改).
_OTHER_WORK_BEFORE: Final = ("整改", "范围", "检查", "审计", "核查")
_OTHER_WORK_AFTER: Final = ("整改", "期间的", "以来的")
#: A period the round's own, introduced so in the words of its clause before it (本轮巡察自,
#: 巡视于, 进驻, 时间为), or opening its clause (2023年4月至6月，县委第五轮巡察对…).
_ROUND_PERIOD_INTRO: Final = ("本轮", "巡视", "巡察", "自", "于", "从", "进驻", "时间")
#: Clause ends, for telling which words a period stands among.
_CLAUSE_ENDS: Final = FINDING_SEPARATORS + "\r\n"
#: How many periods of a lead are weighed: a lead names one or two.
_MAX_PERIODS: Final = 8


def round_period(text: str) -> re.Match[str] | None:
    """The round's :data:`PERIOD` in a (canonical) lead, or ``None``: the first introduced as
    the round's (本轮巡察自…, 于…, or opening its clause), else the first not in a clause about
    other work (整改, 检查, 范围 …)."""
    year = text.find("年")
    if year < 0:
        return None
    fallback = None
    for count, found in enumerate(PERIOD.finditer(text, max(0, year - _PERIOD_REACH))):
        if count == _MAX_PERIODS:
            break
        start = max(text.rfind(end, 0, found.start()) for end in _CLAUSE_ENDS) + 1
        ends = [text.find(end, found.end()) for end in _CLAUSE_ENDS]
        stop = min((end for end in ends if end >= 0), default=len(text))
        before, after = text[start : found.start()], text[found.end() : stop]
        if any(word in before for word in _OTHER_WORK_BEFORE) or any(
            word in after for word in _OTHER_WORK_AFTER
        ):
            continue
        if not before.strip() or any(word in before for word in _ROUND_PERIOD_INTRO):
            return found
        fallback = fallback or found
    return fallback


def first_duration(text: str) -> re.Match[str] | None:
    """The first :data:`DURATION` match in ``text``, or ``None``."""
    # As for the period, from _DURATION_REACH before the first 个 (the lookbehind still sees
    # the character before where the search starts).
    measure_word = text.find("个")
    return (
        DURATION.search(text, max(0, measure_word - _DURATION_REACH)) if measure_word >= 0 else None
    )


#: The list of common problems ends here; it starts at the first 存在 of its sentence.
PROBLEMS_END: Final = re.compile(rf"等(?:{NUMBER}个)?(?:方面)?的?问题")
CLUE_WORDS: Final = re.compile(r"问题线索")

#: Sentence punctuation: a first line holding it is a paragraph, not a headline.
SENTENCE_PUNCTUATION: Final = re.compile(r"[。，；]")
#: The number of an item or a section: 一、 （一） 1、 1. 1． (（1） and (一) fold to these), and
#: as some write it, 一. 一． （一）、 and the circled ① to ⑳.
_CIRCLED: Final = "①-⑳"
_ORDINAL: Final = (
    rf"（?[一二三四五六七八九十]{{1,3}}(?:）、?|[、.．])|（?\d{{1,2}}(?:）、?|[、.．])|[{_CIRCLED}]"
)
#: How an item of a list opens: 一是, 其一, 一、, （一）, 1、, 1. ; a first line opening so is
#: the body's first item, not a headline.
LIST_ITEM: Final = re.compile(
    rf"\s*(?:[一二三四五六七八九十]{{1,3}}是|其[一二三四五六七八九十]|{_ORDINAL})"
)
#: A section headed by its number in place of a marker: ``一、区卫健委党委：``, ``（一）…：``,
#: ``1.…：``, at the start of a line (spaces may indent it). At the start only: inside a
#: sentence a number opens a list's item, not a section. The number is group ``ordinal``.
ORDINAL_HEADER: Final = (
    rf"(?:\A|(?<=[\r\n]))[^\S\r\n]{{0,{MAX_LINE_INDENT}}}(?P<ordinal>{_ORDINAL}){_UNIT_AND_COLON}"
)


#: Only a text whose sections may be numbered asks for it.
ordinal_header: Final = on_first_use(ORDINAL_HEADER)


#: The number opening a numbered section, for what only needs its text.
leading_ordinal: Final = on_first_use(_ORDINAL)
_numerals: Final = on_first_use(rf"[一二三四五六七八九十]+|\d+|[{_CIRCLED}]")
#: Each kind of numeral as its first: a style's numbers all write the same.
_FIRST_NUMERALS: Final = ("一", "1", "①")


def opens_list(ordinal: str) -> bool:
    """Whether a (canonical) ordinal is a list's first (一、, （一）, 1.): inside a section still
    waiting for its trailer, it opens a list of the section's own, not the next section."""
    numeral = _numerals().search(ordinal)
    return numeral is not None and numeral.group() in _FIRST_NUMERALS


def ordinal_style(ordinal: str) -> str:
    """How a (canonical) ordinal is written, whatever its number: 二、 and 十一、 give 一、,
    （3） gives （1）. A document's section headers share one style; a list inside a section
    is most often written in another."""
    return _numerals().sub(_first_numeral, ordinal)


def _first_numeral(numeral: re.Match[str]) -> str:
    found = numeral.group()
    return "1" if found.isdecimal() else "①" if "①" <= found <= "⑳" else "一"


def list_number_end(canonical: str) -> int:
    """Where a (canonical) unit name starts after the number of its section (（一）区教委党组
    gives 3); 0 when it has none, or is nothing but a number."""
    item = LIST_ITEM.match(canonical)
    if item is None or item.end() == len(canonical):
        return 0
    return len(canonical) - len(canonical[item.end() :].lstrip())


def without_list_number(name: str) -> str:
    """A unit's name without the number of its section before it (（一）区教委党组 gives
    区教委党组); a name that is nothing but a number stays whole."""
    start = list_number_end(fold(name))
    return name[start:] if start else name


#: A headline's restatement in the body is a whole phrase: what follows it is not a letter,
#: digit, Han character or opening bracket (…，为民服务意识不强。 …不强！ …不强）
#: …不强、作风不实), or it is named a problem (…不强的问题, …不强等问题, …不强问题突出).
#: A prefix followed by more words is the start of another phrase (落实全面从严治党主体责任
#: … 落实全面从严治党监督责任, 落实全面从严治党的要求, 落实全面从严治党“两个责任”).
RESTATEMENT_NAMED: Final = re.compile("[的等]?(?:问题|现象|情况)")
#: How many restatements of the longest prefix are looked at for one that is a whole phrase.
MAX_RESTATEMENTS: Final = 8
_OPENER_CHARS: Final = re.escape("".join(OPENERS))
_GROUPS: Final = "|".join(
    f"{re.escape(opener)}[^{re.escape(closer)}]{{0,{MAX_GROUP}}}{re.escape(closer)}"
    for opener, closer in OPENERS.items()
)
#: A body's opening words that introduce its findings and are none: 巡视指出, 巡察发现,
#: 经巡视发现, 巡视中发现. Every one starts with one of FINDINGS_INTRO_FIRST (the first
#: characters the pattern allows: 经, 在, and 巡 of 巡视/巡察), so others are not matched.
findings_intro: Final = on_first_use(
    rf"(?:经|在)?{INSPECTION}组?(?:中|期间|过程中)?(?:指出|发现|认为)"
)
FINDINGS_INTRO_FIRST: Final = "经在巡"
#: A comma between digits (1,000), which separates no findings. (The comma is found first,
#: then its digits: a search with a fixed first character costs a fraction of one without.)
_DIGIT_COMMA: Final = r"，(?=\d)(?<=\d，)"
#: One finding: runs of plain text, quoted or bracketed groups, a comma between digits, or an
#: opener that starts no group; a line break ends one as ，；。 do (a paragraph, or an item of
#: a list, 一是…⏎二是…, ends without punctuation). Possessive: nothing follows the repetition,
#: so it never gives anything back, and the engine need not keep the means to.
FINDING: Final = re.compile(
    rf"(?:[^{FINDING_SEPARATORS}\n\r{_OPENER_CHARS}]++|{_GROUPS}|{_DIGIT_COMMA}|[{_OPENER_CHARS}])++"
)
#: What only :data:`FINDING` handles, an opener or a comma between digits; a body holding
#: neither splits at every separator. (Two searches, each with a fixed first character or
#: set, cost a fraction of one search for either.)
FINDING_OPENER: Final = re.compile(f"[{_OPENER_CHARS}]")
DIGIT_COMMA: Final = re.compile(_DIGIT_COMMA)
#: A bracketed alias in a unit name: 市委办公厅（市档案局）.
ALIAS: Final = re.compile(r"（([^（）]*)）")
#: Where a list of names or problems breaks: 、 and every bracket, to tell inside from outside.
LIST_BREAK: Final = re.compile("[" + re.escape("".join((*OPENERS, *OPENERS.values()))) + "、]")

#: What a decoded text holds when it is a bulletin: decoding scores candidate readings by it.
bulletin_tokens: Final = on_first_use(r"[■【】：，。、“”]|巡视|反馈|情况|党组|党委|编辑|问题")

# --- Printed copies ------------------------------------------------------------------------

#: The number of a page, as a printed copy (a PDF's text) sets it on a line of its own between
#: pages: - 2 -, — 2 —, －2－ (folded to -), 第2页, 第 2 页 共 5 页. Such a line falls anywhere,
#: inside a section's findings too.
_PAGE_NUMBER: Final = (
    r"[-—–]{1,2}[^\S\r\n]{0,3}\d{1,4}[^\S\r\n]{0,3}[-—–]{1,2}"
    r"|第[^\S\r\n]{0,3}\d{1,4}[^\S\r\n]{0,3}页"
    r"(?:[^\S\r\n]{0,3}[，/]?[^\S\r\n]{0,3}共[^\S\r\n]{0,3}\d{1,4}[^\S\r\n]{0,3}页)?"
)
#: Every page number holds one of these: a text holding none is not searched, and the lines
#: holding none are not looked at.
_PAGE_NUMBER_KEYS: Final = "-—–页"
_page_number_key: Final = on_first_use(f"[{_PAGE_NUMBER_KEYS}]")
#: A page number's line is short: its number, its words and some indentation.
_MAX_PAGE_NUMBER_LINE: Final = 2 * MAX_LINE_INDENT + 30
_page_number: Final = on_first_use(rf"[^\S\r\n]*(?:{_PAGE_NUMBER})[^\S\r\n]*")


def page_number_lines(canonical: str) -> list[tuple[int, int]]:
    """The lines of ``canonical`` that hold nothing but a page number: ``(start, end)`` of
    each, its indentation and the line break after it included."""
    if not any(key in canonical for key in _PAGE_NUMBER_KEYS):
        return []
    lines = []
    position = 0  # the start of a line not read yet
    carriage_returns = "\r" in canonical
    # Only the lines holding a key character are read, and each character at most twice (back
    # to its line's start, on to its end): linear in the text, however long its lines.
    while found := _page_number_key().search(canonical, position):
        key = found.start()
        start = 1 + max(
            canonical.rfind("\n", position, key), canonical.rfind("\r", position, key), position - 1
        )
        if carriage_returns:
            line_break = LINE_BREAK.search(canonical, key)
            stop = line_break.start() if line_break else len(canonical)
            position = line_break.end() if line_break else stop
        else:  # the common case: a find in C, not a search through the pattern's alternatives
            stop = canonical.find("\n", key)
            stop, position = (stop, stop + 1) if stop >= 0 else (len(canonical),) * 2
        if stop - start <= _MAX_PAGE_NUMBER_LINE and _page_number().fullmatch(
            canonical, start, stop
        ):
            # The line break goes with the line: the lines around it meet as on paper.
            lines.append((start, position))
    return lines


def is_page_number(text: str) -> bool:
    """Whether ``text`` (canonical) is nothing but a page number."""
    return _page_number_key().search(text) is not None and bool(_page_number().fullmatch(text))


# --- Sections led by their feedback --------------------------------------------------------

#: The most characters :data:`_TEAM` matches: its words, 第, a number and a qualifier, 巡视,
#: 第 and a number, 组, a qualifier in brackets.
_LONGEST_TEAM: Final = MAX_TEAM + (1 + MAX_NUMBER_DIGITS + 2) + 2 + (1 + MAX_NUMBER_DIGITS) + 1 + 4
#: A section that opens with its feedback instead of closing with it: 省委第一巡视组向省财政厅
#: 党组反馈巡视情况。巡视指出，…, after a marker or at the start of a line, the words bare (and
#: ending their clause) or in square brackets, the unit then named again (【省委第一巡视组向省统计
#: 局党组反馈巡视情况】⏎省统计局党组：…: without it, such a bracket closes a section). The team,
#: target and kind are read as a trailer's (same groups); group ``feedback`` is the words with
#: their brackets, group ``lead`` the marker or indentation before them. Looked for only when
#: no section ends in a trailer, and read as sections only when two or more lead a line.
FEEDBACK_HEADER: Final = (
    rf"(?P<lead>■{_HEADER_SPACE}|(?:\A|(?<=[\r\n]))[^\S\r\n]{{0,{MAX_LINE_INDENT}}})"
    rf"(?P<feedback>(?P<open>【{_SPACE})?"
    # The words lead: no clause before the team (近日，省委第一巡视组向…反馈了巡视情况).
    rf"(?=[^，。；：【】■\r\n]{{1,{_LONGEST_TEAM + MAX_INNER_SPACE}}}?向)"
    rf"(?P<team>{_TEAM}){_SPACE}向{_SPACE}"
    rf"(?P<target>[^【】■\r\n。，；：]{{1,{MAX_TARGET}}}?){_SPACE}反馈(?P<kind>{_KIND}){_FED_BACK}"
    rf"(?(open){_SPACE}】))"
    # Bare words end their clause (…情况。巡视指出 or the line's end; …情况时强调 is a sentence).
    r"(?(open)[^\S\r\n]{0,4}[。：，]?|(?:[^\S\r\n]{0,4}[。：，]|[^\S\r\n]*(?=[\r\n]|\Z)))"
)
#: The unit a section led by its feedback may name again before its findings, as a header
#: without a marker: 【…向省统计局党组反馈巡视情况】⏎省统计局党组：统计监督职能发挥不充分….
restated_unit: Final = on_first_use(rf"\s*{_UNIT}{_HEADER_SPACE}：")
#: Only a text whose sections may be led by their feedback asks for it.
feedback_header: Final = on_first_use(FEEDBACK_HEADER)
#: Fewest such sections read as a bulletin: one is a report of one team's feedback.
MIN_FEEDBACK_SECTIONS: Final = 2
