"""The unit named in a section header: ``市科委、中关村管委会党组``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, NamedTuple

from xunshi_parser.fields.brackets import list_pieces
from xunshi_parser.grammar import ALIAS, PARTY_ORGS, fold, list_number_end

if TYPE_CHECKING:
    pass

__all__ = ["UnitName", "split_unit"]


class UnitName(NamedTuple):
    organizations: list[str]
    aliases: list[str]
    party_org: str | None


def split_unit(written: str, canonical: str | None = None) -> UnitName:
    """Organisations, bracketed aliases and trailing party organisation of a unit name, as
    written; ``canonical`` is the name folded (folded here when not given).

    >>> split_unit("市政府外事办公室（市政府港澳办）党组")
    UnitName(organizations=['市政府外事办公室'], aliases=['市政府港澳办'], party_org='党组')
    >>> split_unit("市政府外事辦公室(市政府港澳辦)黨組")
    UnitName(organizations=['市政府外事辦公室'], aliases=['市政府港澳辦'], party_org='黨組')
    >>> split_unit("（一）区教委党组")
    UnitName(organizations=['区教委'], aliases=[], party_org='党组')
    """
    if canonical is None:
        canonical = fold(written)
    # （一）区教委党组, 2.区卫健委党委: the number of the section is not the unit's.
    if start := list_number_end(canonical):
        written, canonical = written[start:], canonical[start:]
    party = _party_org(canonical)
    if "、" not in canonical and "（" not in canonical:
        # One organisation, no alias: most units.
        organization = written[: len(written) - len(party)].strip() if party else written
        return UnitName([organization] if organization else [], [], _written_suffix(written, party))
    # Else the party organisation before the aliases closing the name (市公安局党委（市公安局
    # 党组）), else the first organisation's own (市司法局党组、市法律援助中心): kept as written.
    party_org = _written_suffix(written, party)
    if party is None and canonical.endswith("）"):
        core = len(canonical)
        while canonical.endswith("）", 0, core) and (opening := canonical.rfind("（", 0, core)) > 0:
            core = opening
        if own := _party_org(canonical[:core]):
            party_org = written[core - len(own) : core]
    organizations: list[str] = []
    aliases: list[str] = []
    # A name without variant characters needs no folding of its parts.
    folded = canonical != written
    for start, end in list_pieces(canonical):
        kept: list[str] = []  # the piece without its aliases
        position = start
        # Searched in place (ALIAS has no anchor or lookaround): offsets are the name's.
        for alias in ALIAS.finditer(canonical, start, end):
            kept.append(written[position : alias.start()])
            position = alias.end()
            inner_start, inner_end = alias.span(1)
            aliases.extend(
                name
                for a, b in list_pieces(canonical[inner_start:inner_end])
                if (name := written[inner_start + a : inner_start + b].strip())
            )
        kept.append(written[position:end])
        # Each organisation may name its own party organisation (甲院党组、乙院党组).
        organization = "".join(kept).strip()
        if own := _party_org(fold(organization) if folded else organization):
            party_org = party_org or organization[len(organization) - len(own) :]
            organization = organization[: len(organization) - len(own)].strip()
        if organization:
            organizations.append(organization)
    return UnitName(organizations, aliases, party_org)


#: The party organisations by their last character, in the order of PARTY_ORGS (longest
#: first): one dictionary lookup rules out most names.
_PARTY_ORGS_BY_LAST: Final = {
    last: tuple(suffix for suffix in PARTY_ORGS if suffix[-1] == last)
    for last in {suffix[-1] for suffix in PARTY_ORGS}
}


def _party_org(name: str) -> str | None:
    for suffix in _PARTY_ORGS_BY_LAST.get(name[-1:], ()):
        if name.endswith(suffix):
            return suffix
    return None


def _written_suffix(written: str, suffix: str | None) -> str | None:
    return written[len(written) - len(suffix) :] if suffix else None
