"""The store's keys: the content key of a bulletin and the unit key, with the pairs the rules of
docs/dataset.md say must fold together and pairs they must keep apart."""

from __future__ import annotations

import re

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from renderings import expected, flattened, to_ascii_punctuation
from store_t2s import TABLE, table_lines
from xunshi_parser import parse, parse_bytes, parse_file
from xunshi_parser.grammar import PARTY_ORGS, fold
from xunshi_parser.store import canonical, content_key, place_of, unit_key
from xunshi_parser.store.keys import UNIT_KEY_VERSION, bulletin_keys

from support import FIXTURES, SAMPLE_PATH

SAMPLE_TEXT = SAMPLE_PATH.read_text(encoding="utf-8")

#: (unit, place) pairs each rule folds together: each pair is one organisation.
SAME = [
    # A leading place: 北京X and X, 北京市X and 市X.
    (("北京积水潭医院党委", "北京"), ("积水潭医院党委", "北京")),
    (("北京市卫生健康委员会党委", "北京"), ("市卫生健康委员会党委", "北京")),
    # The party organisation: 党组, 党委, 党工委, 分党组, and 机关 before it.
    (("市卫生健康委员会党组", "北京"), ("市卫生健康委员会党委", "北京")),
    (("中关村科学城管委会党工委", "北京"), ("中关村科学城管委会", "北京")),
    (("市委宣传部机关党委", "北京"), ("市委宣传部", "北京")),
    (("市税务局分党组", "北京"), ("市税务局党组", "北京")),
    # Bracketed aliases, in any brackets.
    (("市委办公厅（市档案局）", "北京"), ("市委办公厅", "北京")),
    (("市委老干部局(市委老干部联络室)", "北京"), ("市委老干部局（市委老干部联络室）", "北京")),
    # Traditional characters and spaces.
    (("市商務局黨組", "北京"), ("市 商务局党组", "北京")),
    # A district's committee: 朝阳区X and 区X.
    (("朝阳区卫生健康委党组", "朝阳"), ("区卫生健康委党组", "朝阳")),
    # The central inspection writes the place out; the city's own bulletins do not.
    (("北京市卫生健康委党组", None), ("市卫生健康委党委", "北京")),
    # An autonomous region's own bulletins write 自治区X, reprints and the central inspection
    # 新疆维吾尔自治区X; its place is its full name without the level.
    (("自治区发展改革委党组", "新疆维吾尔"), ("新疆维吾尔自治区发展改革委党组", "新疆维吾尔")),
    (("自治区发展改革委党组", "新疆维吾尔"), ("新疆维吾尔自治区发展改革委党组", None)),
    (("自治区人民医院党委", "广西壮族"), ("广西壮族自治区人民医院党委", None)),
    (("自治区审计厅党组", "内蒙古"), ("内蒙古自治区审计厅", None)),
    # The short name (新疆 for 新疆维吾尔) before the level stands for the full one; a name
    # that starts with it is already qualified.
    (("新疆自治区发展改革委", "新疆维吾尔"), ("自治区发展改革委", "新疆维吾尔")),
    (("新疆大学党委", "新疆维吾尔"), ("新疆大学党委", None)),
    (("广西大学党委", "广西壮族"), ("广西大学", None)),
    (("宁夏大学党委", "宁夏回族"), ("宁夏大学", None)),
    (("延边大学党委", "延边朝鲜族"), ("延边大学", None)),
    # The region's committee as a unit keeps its 党委: it is the committee, not a body's.
    (("新疆维吾尔自治区党委", None), ("自治区党委", "新疆维吾尔")),
    # 中共 before a unit.
    (("中共北京市委宣传部", "北京"), ("市委宣传部", "北京")),
    (("中共北京市委党校", None), ("市委党校", "北京")),
    # Asides in nested brackets, in 〔〕, in ASCII brackets before a party organisation.
    (("市委办公厅（市档案局（馆））", "北京"), ("市委办公厅", "北京")),
    (("市委办公厅(市档案局(馆))", "北京"), ("市委办公厅", "北京")),
    (("市委办公厅[市档案局（馆）]", "北京"), ("市委办公厅", "北京")),
    (("市委办公厅〔市档案局〕", "北京"), ("市委办公厅", "北京")),
    (("市团校(北京青年政治学院)党委", "北京"), ("市团校党委", "北京")),
    # 机关 is kept where the body would be a place's committee: 市委机关党委 is the party
    # committee of the 市委's offices.
    (("市委机关党委", "北京"), ("市委机关", "北京")),
    # A party organisation at the end of each unit of a list.
    (("市发展改革委党组、市统计局党组", "北京"), ("市发展改革委、市统计局党组", "北京")),
    # A unit that names a place of its own (a district, a city) is not qualified by the
    # issuer's: the city's 朝阳区X is the district's own 区X, however the city is written.
    (("朝阳区委", "北京"), ("北京市朝阳区委", "北京")),
    (("朝阳区委", "北京"), ("北京朝阳区委", "北京")),
    (("朝阳区卫生健康委党组", "北京"), ("区卫生健康委党组", "朝阳")),
    (("北京市朝阳区卫生健康委", "朝阳"), ("区卫生健康委", "朝阳")),
    # Of places written one inside another the innermost is the unit's, whoever the issuer.
    (("北京市朝阳区卫生健康委", None), ("区卫生健康委", "朝阳")),
    (("新疆维吾尔自治区乌鲁木齐市委", None), ("乌鲁木齐市委", "新疆维吾尔")),
    (("新疆维吾尔自治区乌鲁木齐市委", "新疆维吾尔"), ("自治区乌鲁木齐市委", "新疆维吾尔")),
    (("广州市委", "广东"), ("广州市委", None)),
    (("广东省广州市委", "广东"), ("广州市委", None)),
    (("江门市委", "广东"), ("广东省江门市委", "广东")),
    # Cities whose names end in 城, 都, 门 are places all the same.
    (("成都市委", "四川"), ("成都市委", None)),
    (("晋城市委", "山西"), ("晋城市委", None)),
    # A unit that names the issuer's place inside it is not qualified again.
    (("政协北京市委员会机关党组", "北京"), ("政协北京市委员会", None)),
    (("首都医科大学附属北京朝阳医院党委", "北京"), ("首都医科大学附属北京朝阳医院", None)),
]
#: Pairs no rule folds: different organisations, or the same one written in ways the rules do
#: not define (an abbreviation).
DIFFERENT = [
    (("市卫生健康委员会党委", "北京"), ("市卫生健康委党委", "北京")),
    (("市委办公厅", "北京"), ("市政府办公厅", "北京")),
    (("市委宣传部", "北京"), ("市委统战部", "北京")),
    (("市档案馆", "北京"), ("市档案局", "北京")),
    (("市委党校", "北京"), ("市委", "北京")),
    (("市卫生健康委党组", "北京"), ("市卫生健康委党组", "天津")),
    (("首都医科大学附属北京朝阳医院党委", "北京"), ("首都医科大学附属北京天坛医院党委", "北京")),
    (("市委办公厅、市档案局", "北京"), ("市委办公厅", "北京")),
    (("市委办公厅、市档案局", "北京"), ("市委办公厅（市档案局）", "北京")),
    # A place's committee and the party committee of its offices.
    (("市委机关党委", "北京"), ("市委", "北京")),
    (("区委机关党委", "朝阳"), ("朝阳区委", None)),
    # One region's 自治区X and another's, or a bulletin's with no place.
    (("自治区发展改革委", "新疆维吾尔"), ("自治区发展改革委", "广西壮族")),
    (("自治区发展改革委", "新疆维吾尔"), ("自治区发展改革委", None)),
    # 区X of a district and 区X of an autonomous region: the place is not a level.
    (("区发展改革委", "广西壮族"), ("自治区发展改革委", "广西壮族")),
    # 市南区 is 青岛's district, written with the level word first: relative to the issuer.
    (("市南区委", "青岛"), ("市南区委", None)),
    # 社区 and 超市 are not places: the names are qualified as any other.
    (("和平里社区党委", "朝阳"), ("和平里社区党委", None)),
    (("物美超市", "北京"), ("物美超市", None)),
    (("京深海鲜市场", "北京"), ("京深海鲜市场", None)),
    # 北京市X and 北京X: the rules do not say whether 市 is the level or part of the name.
    (("北京市卫生健康委", "北京"), ("北京卫生健康委", "北京")),
    # Only 中共 is dropped before a unit: 中国共产党 begins the names of the party's museums.
    (("中国共产党历史展览馆", None), ("历史展览馆", None)),
]


def test_known_limits() -> None:
    """Known limits, not wishes. A key is qualified by the innermost place only, so the
    朝阳区 of 北京 and of 长春, or the 鼓楼区 of 南京 and of 福州, give one key, as the
    bulletins of those districts' own committees (place 朝阳, 鼓楼) always did."""
    assert unit_key("朝阳区委", "北京") == unit_key("朝阳区委", "长春")
    assert unit_key("区委办公室", "鼓楼") == unit_key("南京市鼓楼区委办公室", None)
    assert unit_key("区委办公室", "鼓楼") == unit_key("福州市鼓楼区委办公室", None)
    # A place is read from its level word: 智慧城市 reads as one and is not qualified.
    assert unit_key("智慧城市办公室", "北京") == "智慧城市办公室"
    # An aside that is the whole name is all there is.
    assert unit_key("（市档案局）", None) == "（市档案局）"


@pytest.mark.parametrize(("one", "other"), SAME)
def test_pairs_that_fold_together(one: tuple[str, str | None], other: tuple[str, str | None]):
    assert unit_key(*one) == unit_key(*other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_pairs_kept_apart(one: tuple[str, str | None], other: tuple[str, str | None]):
    assert unit_key(*one) != unit_key(*other)


def test_unit_keys_read_as_names() -> None:
    assert unit_key("北京积水潭医院党委", "北京") == "北京积水潭医院"
    assert unit_key("市委办公厅（市档案局）", "北京") == "北京市委办公厅"
    assert unit_key("区卫生健康委党组", "朝阳") == "朝阳区卫生健康委"
    assert unit_key("市卫生健康委员会党组", None) == "市卫生健康委员会"


def test_unit_keys_of_the_rules_added_in_version_2() -> None:
    # A change of the rules changes the keys stores hold: bump UNIT_KEY_VERSION and
    # store.schema.SCHEMA_VERSION, with a migration step that runs schema.REKEY_UNITS.
    assert UNIT_KEY_VERSION == 3, "add a migration that recomputes the stored unit keys"
    assert unit_key("自治区发展改革委党组", "新疆维吾尔") == "新疆维吾尔自治区发展改革委"
    assert unit_key("新疆自治区发展改革委党组", "新疆维吾尔") == "新疆维吾尔自治区发展改革委"
    assert unit_key("新疆大学党委", "新疆维吾尔") == "新疆大学"
    assert unit_key("自治区党委", "新疆维吾尔") == "新疆维吾尔自治区党委"
    assert unit_key("中共北京市委宣传部", "北京") == "北京市委宣传部"
    assert unit_key("市委办公厅（市档案局（馆））", "北京") == "北京市委办公厅"
    assert unit_key("市委机关党委", "北京") == "北京市委机关"
    assert unit_key("市卫生健康委机关党委", "北京") == "北京市卫生健康委"
    assert unit_key("机关党委", "北京") == "北京机关党委"
    assert unit_key("党委", None) == "党委"
    assert unit_key("市发展改革委党组、市统计局党组", "北京") == "北京市发展改革委、市统计局"
    assert unit_key("朝阳区卫生健康委党组", "北京") == "朝阳区卫生健康委"
    assert unit_key("北京市朝阳区卫生健康委党组", "北京") == "朝阳区卫生健康委"
    assert unit_key("北京市朝阳区卫生健康委党组", None) == "朝阳区卫生健康委"
    assert unit_key("市朝阳区卫生健康委党组", "北京") == "朝阳区卫生健康委"
    assert unit_key("政协北京市委员会机关党组", "北京") == "政协北京市委员会"
    assert unit_key("市南区委", "青岛") == "青岛市南区委"
    assert unit_key("和平里社区党委", "朝阳") == "朝阳和平里社区"
    # 党组 inside a name is part of it; an unclosed bracket is kept as written.
    assert unit_key("市政府党组办公室", "北京") == "北京市政府党组办公室"
    assert unit_key("市委办公厅（市档案局", "北京") == "北京市委办公厅（市档案局"


def test_places_of_issuers() -> None:
    assert [place_of(issuer) for issuer in ("北京市委", "朝阳区委", "廣東省委", "中央", None)] == [
        "北京",
        "朝阳",
        "广东",
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("issuer", "place"),
    [
        # The long forms of the party's and the committee's names.
        ("中共北京市委", "北京"),
        ("中国共产党北京市委员会", "北京"),
        ("北京市委员会", "北京"),
        ("中共北京市委员会", "北京"),
        # 党委 and 党工委 as the committee; the autonomous regions keep their full names.
        ("新疆维吾尔自治区党委", "新疆维吾尔"),
        ("中共新疆维吾尔自治区委员会", "新疆维吾尔"),
        ("广西壮族自治区党委", "广西壮族"),
        ("内蒙古自治区党委", "内蒙古"),
        ("西藏自治区党委", "西藏"),
        ("宁夏回族自治区党委", "宁夏回族"),
        ("延边朝鲜族自治州委", "延边朝鲜族"),
        ("雄安新区党工委", "雄安"),
        ("喀什地委", "喀什"),
        # The innermost place of an issuer named with the places above it.
        ("北京市朝阳区委", "朝阳"),
        ("中共北京市朝阳区委", "朝阳"),
        ("新疆维吾尔自治区乌鲁木齐市委", "乌鲁木齐"),
        ("湖北省荆州市沙市区委", "沙市"),
        # No place: a level alone, the centre, a body.
        ("自治区党委", None),
        ("省委", None),
        ("中共市委", None),
        ("中共中央", None),
        ("北京市国资委党委", None),
        ("中央和国家机关工委", None),
    ],
)
def test_places_of_issuers_written_in_full(issuer: str, place: str | None) -> None:
    assert place_of(issuer) == place


@pytest.mark.parametrize("conversion", ["s2t", "s2tw", "s2hk"])
def test_canonical_text_undoes_traditional_conversion(conversion: str) -> None:
    converted = opencc.OpenCC(conversion).convert(SAMPLE_TEXT)
    assert canonical(converted) == canonical(SAMPLE_TEXT)


def test_the_traditional_table_is_current() -> None:
    assert TABLE.read_text(encoding="utf-8").splitlines() == table_lines()


def test_renderings_share_the_content_key_and_other_bulletins_do_not() -> None:
    data = expected()
    key = content_key(parse_file(SAMPLE_PATH))
    renderings = [
        parse_file(FIXTURES / "beijing-2021-r13.gb2312.html"),
        parse_bytes(SAMPLE_TEXT.encode("gb18030")),
        parse(opencc.OpenCC("s2tw").convert(flattened(data))),
        parse(opencc.OpenCC("s2hk").convert(flattened(data))),
        parse(to_ascii_punctuation(flattened(data))),
    ]
    assert [content_key(bulletin) for bulletin in renderings] == [key] * len(renderings)
    others = [
        SAMPLE_TEXT.replace("第十三轮", "第十四轮"),  # another round
        SAMPLE_TEXT.replace("■市档案馆：", "■市档案局："),  # another unit
        SAMPLE_TEXT.replace("【市委第一巡视组向市档案馆", "【市委第二巡视组向市档案馆"),  # team
    ]
    keys = {content_key(parse(text)) for text in others}
    assert len(keys) == 3
    assert key not in keys
    assert len(key) == 64


def canonical_by_translation(text: str) -> str:
    """:func:`canonical` without its shortcut for text holding neither traditional characters
    nor whitespace."""
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    table = {ord(line[0]): line[1] for line in lines if len(line) == 2}
    return re.sub(r"\s+", "", fold(text).translate(table))


@given(st.text(alphabet="市委辦办公廳厅檔档案局（）() \u3000\xa0\t\n黨党组組a", max_size=20))
def test_canonical_as_the_translation_gives_it(text: str) -> None:
    assert canonical(text) == canonical_by_translation(text)


def test_bulletin_keys_are_the_content_key_and_each_unit_key() -> None:
    text = flattened(expected())
    for bulletin in (
        parse_file(SAMPLE_PATH),
        parse(opencc.OpenCC("s2tw").convert(text)),
        parse(to_ascii_punctuation(text)),
        parse(SAMPLE_TEXT.replace("十二届北京市委", "十二届新疆维吾尔自治区党委")),
    ):
        issuer = bulletin.round.issuer if bulletin.round is not None else None
        key, units = bulletin_keys(bulletin)
        assert key == content_key(bulletin)
        assert units == [unit_key(entry.unit.text, place_of(issuer)) for entry in bulletin.entries]
        assert len(units) == len(bulletin.entries) > 0


def test_every_party_organisation_holds_the_character_the_unit_key_looks_for() -> None:
    # unit_key removes party organisations only from names holding 党.
    assert all("党" in name for name in PARTY_ORGS)


def test_unit_keys_of_the_rules_added_in_version_3() -> None:
    # A section's number before the unit is the section's, not the unit's.
    assert unit_key("2.区卫健委党委", "海淀") == unit_key("区卫健委党委", "海淀") == "海淀区卫健委"
    assert unit_key("（一）区教委党组", "海淀") == unit_key("1、区教委", "海淀") == "海淀区教委"
