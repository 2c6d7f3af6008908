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
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Final

from xunshi_parser.grammar import PARTY_ORGS, fold

if TYPE_CHECKING:
    from xunshi_parser.models import Bulletin

__all__ = ["KEY_VERSION", "UNIT_KEY_VERSION", "canonical", "content_key", "place_of", "unit_key"]

#: Part of every content key: a change of the rules below changes every key, so a store built
#: with other rules is rebuilt rather than silently mixed (see docs/dataset.md).
KEY_VERSION: Final = 1
#: The version of the unit-key rules (:func:`place_of`, :func:`unit_key`): a store whose unit
#: keys were computed by other rules recomputes them. Not part of the content key.
UNIT_KEY_VERSION: Final = 1
_WHITESPACE: Final = re.compile(r"\s+")
#: Bracketed asides in a canonical unit name: 市委办公厅（市档案局）, 市委办公厅[市档案局].
_BRACKETED: Final = re.compile(r"（[^（）]*）|\[[^\[\]]*\]")
#: A trailing party organisation, with 机关 before it (机关党委 is the party committee of a
#: body's offices, the same body), longest first so 分党组 wins over 党组.
_PARTY_ORG: Final = re.compile("(?:机关)?(?:" + "|".join(PARTY_ORGS) + ")$")
#: The level an issuer's place ends in: 北京市委 is the committee of 北京 (level 市).
_LEVELS: Final = ("自治区", "自治州", "省", "市", "区", "县", "州", "盟", "旗")


@cache
def _table() -> dict[int, str]:
    text = resources.files("xunshi_parser.store").joinpath("t2s.txt").read_text("utf-8")
    return {ord(line[0]): line[1] for line in text.splitlines() if len(line) == 2}


def canonical(text: str) -> str:
    """``text`` folded: the format's variants, traditional to simplified, no whitespace.

    >>> canonical("市委辦公廳（市檔案局） ")
    '市委办公厅（市档案局）'
    """
    return _WHITESPACE.sub("", fold(text).translate(_table()))


def place_of(issuer: str | None) -> str | None:
    """The place an issuer governs, without its level: 北京市委 gives 北京; None when the
    issuer names no place with a level (中央, or no issuer).

    >>> place_of("北京市委"), place_of("朝阳区委"), place_of("中央")
    ('北京', '朝阳', None)
    """
    if not issuer:
        return None
    name = canonical(issuer).removesuffix("委")
    for level in _LEVELS:
        if name.endswith(level) and len(name) > len(level):
            return name[: -len(level)]
    return None


def unit_key(unit: str, place: str | None) -> str:
    """One key for the ways one organisation is written in bulletins of one ``place``.

    In order: :func:`canonical`; bracketed aliases removed; a trailing party organisation
    (党组, 党委, 党工委, 分党组, 党总支, 党支部, each with an optional 机关 before it) removed;
    then, when the bulletin's issuer names a place, the name is qualified by it once:
    a leading place is removed and put back, so 北京市X and 市X both give 北京市X, and 北京X
    and X both give 北京X.

    >>> unit_key("北京积水潭医院党委", "北京") == unit_key("积水潭医院党委", "北京")
    True
    >>> unit_key("市委办公厅（市档案局）", "北京")
    '北京市委办公厅'
    """
    name = _BRACKETED.sub("", canonical(unit))
    name = _PARTY_ORG.sub("", name) or name
    if place:
        name = place + name.removeprefix(place)
    return name


def content_key(bulletin: Bulletin) -> str:
    """What identifies a bulletin across its renderings: a SHA-256 (hex) of, as JSON, the key
    version, the round's issuer (canonical), term, number and unit count, and for each entry in
    order its canonical unit text and its trailer's team number.

    Only what every rendering keeps exactly: not the title (a page's <title> differs from a
    reprint's 原标题), date or source (a TXT reprint has none), nor the findings and
    headlines (a headline glued to the body is delimited differently by layout).
    """
    round_ = bulletin.round
    facts = [
        KEY_VERSION,
        canonical(round_.issuer) if round_ is not None and round_.issuer else None,
        round_.term if round_ is not None else None,
        round_.number if round_ is not None else None,
        round_.unit_count if round_ is not None else None,
        [
            [
                canonical(entry.unit.text),
                entry.feedback.team_number if entry.feedback is not None else None,
            ]
            for entry in bulletin.entries
        ],
    ]
    data = json.dumps(facts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
