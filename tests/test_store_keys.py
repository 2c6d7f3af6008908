"""The store's keys: the content key of a bulletin and the unit key, with the pairs the rules of
docs/dataset.md say must fold together and pairs they must keep apart."""

from __future__ import annotations

import opencc
import pytest

from renderings import expected, flattened, to_ascii_punctuation
from store_t2s import TABLE, table_lines
from xunshi_parser import parse, parse_bytes, parse_file
from xunshi_parser.store import canonical, content_key, place_of, unit_key

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
]


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


def test_places_of_issuers() -> None:
    assert [place_of(issuer) for issuer in ("北京市委", "朝阳区委", "廣東省委", "中央", None)] == [
        "北京",
        "朝阳",
        "广东",
        None,
        None,
    ]


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
