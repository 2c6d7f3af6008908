"""The unit named in a section header: ``市科委、中关村管委会党组``."""

from __future__ import annotations

from typing import Final, NamedTuple

import regex

from xunshi_parser.fields.brackets import list_pieces

__all__ = ["PARTY_ORGS", "UnitName", "split_unit"]

#: Longest first, so 分党组 wins over 党组.
PARTY_ORGS: Final = (
    "分党组", "党工委", "党总支", "党支部", "党组", "党委",
    "分黨組", "黨工委", "黨總支", "黨支部", "黨組", "黨委",
)  # fmt: skip
_ALIAS: Final = regex.compile(r"[（(]([^（）()]*)[）)]")


class UnitName(NamedTuple):
    organizations: list[str]
    aliases: list[str]
    party_org: str | None


def split_unit(text: str) -> UnitName:
    """Organisations, bracketed aliases and trailing party organisation of a unit name.

    >>> split_unit("市政府外事办公室（市政府港澳办）党组")
    UnitName(organizations=['市政府外事办公室'], aliases=['市政府港澳办'], party_org='党组')
    """
    party = _party_org(text)
    organizations: list[str] = []
    aliases: list[str] = []
    for start, end in list_pieces(text):
        piece = text[start:end]
        for alias in _ALIAS.findall(piece):
            aliases.extend(alias[a:b].strip() for a, b in list_pieces(alias) if alias[a:b].strip())
        # Each organisation may name its own party organisation (甲院党组、乙院党组).
        organization = _ALIAS.sub("", piece).strip()
        if own := _party_org(organization):
            organization = organization[: -len(own)].strip()
        if organization:
            organizations.append(organization)
    return UnitName(organizations, aliases, party)


def _party_org(name: str) -> str | None:
    return next((suffix for suffix in PARTY_ORGS if name.endswith(suffix)), None)
