"""The store's keys: one bulletin however it was rendered, one unit however it was written.

Both keys compare *canonical text*: :func:`canonical` folds the format's variants
(:func:`xunshi_parser.grammar.fold`: ASCII and half-width punctuation, odd spaces, the
traditional forms of the format's words), then every other traditional character to its
simplified form (the table ``t2s.txt``, made from OpenCC by ``tests/store_t2s.py``), and drops
whitespace. The rules are documented in ``docs/dataset.md``.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Final

from xunshi_parser.grammar import HAN, PARTY_ORGS, fold, list_number_end

if TYPE_CHECKING:
    from xunshi_parser.models import Bulletin

__all__ = [
    "KEY_VERSION",
    "UNIT_KEY_VERSION",
    "bulletin_keys",
    "canonical",
    "content_key",
    "place_of",
    "unit_key",
]

#: Part of every content key: a change of the rules below changes every key, so a store built
#: with other rules is rebuilt rather than silently mixed (see docs/dataset.md).
KEY_VERSION: Final = 1
#: The version of the unit-key rules (:func:`place_of`, :func:`unit_key`): a store whose unit
#: keys were computed by other rules recomputes them. Not part of the content key.
UNIT_KEY_VERSION: Final = 3
_WHITESPACE: Final = re.compile(r"\s+")
#: The innermost bracketed aside in a canonical unit name: 市委办公厅（市档案局）,
#: 市委办公厅[市档案局], 市委办公厅〔市档案局〕; removed until none is left, so nested asides
#: (市委办公厅（市档案局（馆））) go whole. Not 【】: in a bulletin 【 opens a trailer.
_BRACKETED: Final = re.compile(r"（[^（）\[\]〔〕]*）|\[[^（）\[\]〔〕]*\]|〔[^（）\[\]〔〕]*〕")
#: The party's name before an issuer (中共北京市委, 中国共产党北京市委员会) or a unit
#: (中共北京市委宣传部 is 北京市委宣传部; not 中国共产党, the start of 中国共产党历史展览馆).
_PARTY: Final = re.compile("^(?:中国共产党|中共)")
_UNIT_PARTY: Final = re.compile("^中共")
#: A party organisation at the end of a unit, or of each unit of a list (、), with 机关 before
#: it (机关党委 is the party committee of a body's offices, the same body), longest first so
#: 分党组 wins over 党组.
_PARTY_ORG: Final = re.compile("(机关)?(?:" + "|".join(PARTY_ORGS) + ")(?=、|$)")
#: The levels of places, longest first: 北京市委 is the committee of 北京 (level 市).
_LEVELS: Final = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "新区", "林区", "地区",
    "省", "市", "区", "县", "州", "盟", "旗",
)  # fmt: skip
_LEVEL: Final = "(?:" + "|".join(_LEVELS) + ")"
#: A place of a unit's own at its start: two or more characters and a level (朝阳区, 广州市,
#: 延边朝鲜族自治州), not starting with a level (市委市政府 is the issuer's own 市委) nor
#: ending in a word that is not a place (社区, 园区, 景区..., 超市, 市场, 联盟, 红旗).
_OWN_PLACE: Final = (
    rf"(?!{_LEVEL})(?:[{HAN}]{{2,8}}?自治[区州县旗]"
    rf"|[{HAN}]{{2,4}}?(?:特别行政区|新区|林区|地区|省|(?<!超)市(?!场)"
    rf"|(?<![社园景校小片街牧矿])区|县|州|(?<!联)盟|(?<!红)旗))"
)
#: A unit written relative to the issuer: 市X in a bulletin of 北京市委, 自治区X.
_RELATIVE: Final = re.compile(_LEVEL)
_OWN_PLACES: Final = re.compile(f"(?:{_OWN_PLACE})+")
#: The places before the innermost: 北京市 of 北京市朝阳区X.
_OUTER_PLACES: Final = re.compile(f"^(?:{_OWN_PLACE})+(?={_OWN_PLACE})")
#: What may follow the issuer's place in a unit that names a place of its own: 北京(市)朝阳区X.
_OWN_PLACE_AFTER_LEVEL: Final = re.compile(f"{_LEVEL}?({_OWN_PLACE})")
_AUTONOMOUS: Final = re.compile("自治[区州县旗]")
#: What stands after a place in an issuer's name: the committee, long form first.
_COMMITTEE: Final = re.compile("(?:委员会|党工委|党委|委)$")
#: A place's own committee: 市委, 北京市委, 朝阳区委, 自治区党委.
_PLACE_COMMITTEE: Final = re.compile(rf"^[{HAN}]*?{_LEVEL}(?:党|党工)?委$")
#: A place's level alone or ending a place's name before a party organisation: the
#: organisation is then the place's committee (新疆维吾尔自治区党委), kept whole.
_PLACE_BEFORE_ORG: Final = re.compile(rf"(?:^{_LEVEL}|自治[区州县旗])$")
#: The peoples named in the places of autonomous regions, prefectures and counties: the
#: short name of 新疆维吾尔 is 新疆, of 延边朝鲜族 延边. A one-character name needs its 族.
_PEOPLES: Final = (
    "柯尔克孜", "乌孜别克", "维吾尔", "哈萨克", "达斡尔", "鄂温克", "鄂伦春", "俄罗斯",
    "塔吉克", "塔塔尔", "蒙古", "布依", "朝鲜", "土家", "哈尼", "傈僳", "高山", "拉祜",
    "东乡", "纳西", "景颇", "仫佬", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "德昂", "保安", "裕固", "独龙", "赫哲", "门巴", "珞巴", "基诺",
)  # fmt: skip
_PEOPLE: Final = "回藏苗彝壮满侗瑶白傣黎佤畲水土羌怒京汉"
_PEOPLES_AT_END: Final = re.compile("(?:(?:" + "|".join(_PEOPLES) + ")族?|[" + _PEOPLE + "]族)+$")


@cache
def _table() -> dict[int, str]:
    text = resources.files("xunshi_parser.store").joinpath("t2s.txt").read_text("utf-8")
    return {ord(line[0]): line[1] for line in text.splitlines() if len(line) == 2}


@cache
def _changing() -> re.Pattern[str]:
    """A character that :func:`canonical` changes after folding: traditional or whitespace."""
    return re.compile("[" + re.escape("".join(map(chr, _table()))) + r"\s]")


def canonical(text: str) -> str:
    """``text`` folded: the format's variants, traditional to simplified, no whitespace.

    >>> canonical("市委辦公廳（市檔案局） ")
    '市委办公厅（市档案局）'
    """
    folded = fold(text)
    # Most names hold neither: one search in C costs a fraction of translating each character.
    if _changing().search(folded) is None:
        return folded
    return _WHITESPACE.sub("", folded.translate(_table()))


def place_of(issuer: str | None) -> str | None:
    """The place an issuer governs, without its level: 北京市委 gives 北京; None when the
    issuer names no place with a level (中央, 自治区党委, or no issuer).

    The party's name before it (中共, 中国共产党) and the committee after it (委, 委员会,
    党委, 党工委; 地委 for 地区) are not the place; of places written one inside another
    the innermost is (北京市朝阳区委 gives 朝阳). An autonomous place keeps its people's
    name: 新疆维吾尔自治区党委 gives 新疆维吾尔.

    >>> place_of("北京市委"), place_of("中共朝阳区委"), place_of("新疆维吾尔自治区党委")
    ('北京', '朝阳', '新疆维吾尔')
    """
    if not issuer:
        return None
    name = _PARTY.sub("", canonical(issuer))
    # 地委 is the committee of a 地区 (喀什地委: 喀什地区).
    name = name[:-1] + "区" if name.endswith("地委") else _COMMITTEE.sub("", name)
    level = next((level for level in _LEVELS if name.endswith(level)), "")
    place = name[: -len(level)] if level else ""
    if not place:
        return None
    outer = _OWN_PLACES.match(place)
    return place[outer.end() :] if outer and outer.end() < len(place) else place


@lru_cache(maxsize=256)
def _short(place: str) -> str | None:
    """新疆 for 新疆维吾尔, 延边 for 延边朝鲜族: the place without its peoples' names, if two
    or more characters are left."""
    found = _PEOPLES_AT_END.search(place)
    return place[: found.start()] if found and found.start() >= 2 else None


def _drop_party_org(found: re.Match[str]) -> str:
    before = found.string[: found.start()].rsplit("、", 1)[-1]
    if not before or _PLACE_BEFORE_ORG.search(before):
        return found.group()  # 党委 alone, 自治区党委: the organisation is the unit
    if found.group(1) and _PLACE_COMMITTEE.match(before):
        return found.group(1)  # 市委机关党委: the offices of 市委, not 市委
    return ""


def _qualified(name: str, place: str) -> str:
    """``name`` qualified by the issuer's ``place`` once."""
    short = _short(place)
    if name.startswith(place):
        rest = name[len(place) :]
    elif short and name.startswith(short):
        rest = name[len(short) :]
        if not _AUTONOMOUS.match(rest):
            return name  # 新疆大学: qualified by the short name already
    elif _RELATIVE.match(name):
        rest = name  # 市X, 区X, 自治区X: the issuer's own
    elif (len(place) >= 2 and place in name) or (short and short in name):
        return name  # 政协北京市委员会: the issuer's place is named already
    else:
        rest = name
    # 北京市朝阳区X, 北京朝阳区X, 市朝阳区X, 朝阳区X: a place of the unit's own.
    if inner := _OWN_PLACE_AFTER_LEVEL.match(rest):
        return rest[inner.start(1) :]
    return place + rest


def unit_key(unit: str, place: str | None) -> str:
    """One key for the ways one organisation is written in bulletins of one ``place``.

    In order: :func:`canonical`; a section's number before it removed (2.区卫健委); bracketed
    asides removed, nested ones whole; 中共 before it
    removed; a party organisation (党组, 党委, 党工委, 分党组, 党总支, 党支部, each with an
    optional 机关 before it) removed at the end of the unit and of each unit of a list; of
    places written one inside another the innermost kept (北京市朝阳区X gives 朝阳区X); then,
    when the bulletin's issuer names a place, the name is qualified by it once: a leading
    place is removed and put back, so 北京市X and 市X both give 北京市X, and 北京X and X both
    give 北京X. A unit that names a place of its own (朝阳区X, 北京朝阳区X) or names the
    issuer's place inside it (政协北京市委员会) is not qualified. The rules are those of
    docs/dataset.md, version :data:`UNIT_KEY_VERSION`.

    >>> unit_key("北京积水潭医院党委", "北京") == unit_key("积水潭医院党委", "北京")
    True
    >>> unit_key("市委办公厅（市档案局（馆））", "北京")
    '北京市委办公厅'
    """
    return _unit_key(canonical(unit), place)


def _unit_key(name: str, place: str | None) -> str:
    """:func:`unit_key` of a name already :func:`canonical`."""
    name = name[list_number_end(name) :]  # （一）区教委, 2.区卫健委: the section's number
    while (bare := _BRACKETED.sub("", name)) != name and bare:
        name = bare  # an aside that is the whole name is kept
    name = _UNIT_PARTY.sub("", name) or name
    if "党" in name:  # every party organisation's name holds it
        name = _PARTY_ORG.sub(_drop_party_org, name)
    # 北京市朝阳区X is 朝阳区X: of places written one inside another, the innermost.
    name = _OUTER_PLACES.sub("", name, count=1)
    return _qualified(name, place) if place else name


def content_key(bulletin: Bulletin) -> str:
    """What identifies a bulletin across its renderings: a SHA-256 (hex) of, as JSON, the key
    version, the round's issuer (canonical), term, number and unit count, and for each entry in
    order its canonical unit text and its trailer's team number.

    Only what every rendering keeps exactly: not the title (a page's <title> differs from a
    reprint's 原标题), date or source (a TXT reprint has none), nor the findings and
    headlines (a headline glued to the body is delimited differently by layout).
    """
    return _content_key(bulletin, [canonical(entry.unit.text) for entry in bulletin.entries])


def bulletin_keys(bulletin: Bulletin) -> tuple[str, list[str]]:
    """The :func:`content_key` of ``bulletin`` and the :func:`unit_key` of each of its
    entries (in the place of its issuer), each unit made canonical once for both."""
    units = [canonical(entry.unit.text) for entry in bulletin.entries]
    round_ = bulletin.round
    place = place_of(round_.issuer if round_ is not None else None)
    return _content_key(bulletin, units), [_unit_key(name, place) for name in units]


def _content_key(bulletin: Bulletin, units: list[str]) -> str:
    """:func:`content_key`, given the canonical text of each entry's unit."""
    round_ = bulletin.round
    facts = [
        KEY_VERSION,
        canonical(round_.issuer) if round_ is not None and round_.issuer else None,
        round_.term if round_ is not None else None,
        round_.number if round_ is not None else None,
        round_.unit_count if round_ is not None else None,
        [
            [unit, entry.feedback.team_number if entry.feedback is not None else None]
            for unit, entry in zip(units, bulletin.entries, strict=True)
        ],
    ]
    data = json.dumps(facts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
