"""The fast paths of the field rules and the trailer search give what the general way gives.

Each fast path (issue 8) skips work in the common case; here each is compared, on text built
from the characters that matter to it, with the general way written out plainly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletins import Generated, bulletins
from xunshi_parser import Bulletin, parse
from xunshi_parser.fields.brackets import list_pieces
from xunshi_parser.fields.findings import split_findings
from xunshi_parser.fields.headline import _restated_prefix_end
from xunshi_parser.fields.unit import split_unit
from xunshi_parser.grammar import (
    DURATION,
    FINDING,
    HEADLINE_INSERTABLE,
    LINE_BREAK,
    MAX_HEADLINE,
    MIN_HEADLINE,
    PARTY_ORGS,
    PERIOD,
    TRAILER,
    TRAILER_REACH,
    first_duration,
    first_trailer,
    fold,
    line_end,
    round_period,
)
from xunshi_parser.page import PageFacts
from xunshi_parser.parser import MAX_SECTIONS, _tree
from xunshi_parser.positions import line_columns


def findings_by_pattern(text: str) -> list[str]:
    canonical = fold(text)
    clauses = [text[match.start() : match.end()] for match in FINDING.finditer(canonical)]
    return [clause for clause in map(str.strip, clauses) if clause]


@given(st.text(alphabet="，；。,;“”（）()《》【】[]0123 ５甲乙丙还、\n", max_size=40))
def test_findings_as_the_pattern_finds_them(text: str) -> None:
    assert split_findings(text) == findings_by_pattern(text)


def first_trailer_by_brackets(text: str, start: int, end: int) -> re.Match[str] | None:
    """The trailer search without its shortcut for the first 【."""
    tried = start
    key = text.find("反馈", start, end)
    while key >= 0:
        for opening in re.finditer("[【（]", text[:key]):
            if opening.start() < max(tried, key - TRAILER_REACH - 1):
                continue
            if trailer := TRAILER.match(text, opening.start(), end):
                return trailer
        tried = key
        key = text.find("反馈", key + 1, end)
    return None


TRAILER_PIECES = st.sampled_from(
    [
        "【市委第一巡视组向甲反馈巡视情况】",
        "（市委第一巡视组向甲反馈巡视情况）",
        "【市委第一巡视组向",
        "反馈巡视情况】",
        "【",
        "】",
        "（",
        "）",
        "反馈",
        "反",
        "甲",
        "\n",
    ]
)


@given(st.lists(TRAILER_PIECES, max_size=16).map("".join), st.integers(0, 3))
def test_first_trailer_as_the_brackets_find_it(text: str, start: int) -> None:
    start = min(start, len(text))
    found = first_trailer(text, start, len(text))
    expected = first_trailer_by_brackets(text, start, len(text))
    assert (found and found.span()) == (expected and expected.span())


def restated_prefix_end_by_pattern(content: str) -> int | None:
    """The headline's end as first written: a regex removes the insertable characters."""
    plain = re.sub("[" + re.escape(HEADLINE_INSERTABLE) + "]+", "", content)
    low = max(
        (k for k in range(min(MAX_HEADLINE, len(plain) // 2) + 1) if plain.find(plain[:k], k) >= 0),
        default=0,
    )
    if low < MIN_HEADLINE:
        return None
    # The first eight restatements; one must be a whole phrase: followed by the end, by what
    # is no letter, digit, Han character or opening bracket in the content, or by a name for
    # it as a problem.
    kept_at = [offset for offset, char in enumerate(content) if char not in HEADLINE_INSERTABLE]
    restatements = [
        at for at in range(low, len(plain) - low + 1) if plain.startswith(plain[:low], at)
    ][:8]

    def whole(at: int) -> bool:
        end = at + low
        if end == len(plain) or re.match("[的等]?(?:问题|现象|情况)", plain[end:]):
            return True
        following = content[kept_at[end - 1] + 1]
        return not following.isalnum() and following not in "“‘「『《（(【〔["

    if not any(whole(at) for at in restatements):
        return None
    kept = 0
    for offset, char in enumerate(content):
        if char not in HEADLINE_INSERTABLE:
            kept += 1
            if kept == low:
                return offset + 1
    return len(content)


@given(st.text(alphabet=HEADLINE_INSERTABLE + "甲乙丙丁的问题“（，。\n", max_size=40))
def test_headline_end_as_the_pattern_finds_it(content: str) -> None:
    assert _restated_prefix_end(content) == restated_prefix_end_by_pattern(content)


def split_unit_by_pieces(written: str) -> tuple[list[str], list[str], str | None]:
    """Organisations, aliases and party organisation with every piece found by list_pieces."""
    canonical = fold(written)

    def party_org(name: str) -> str | None:
        return next((suffix for suffix in PARTY_ORGS if name.endswith(suffix)), None)

    organizations: list[str] = []
    aliases: list[str] = []
    first_own: str | None = None
    for start, end in list_pieces(canonical):
        piece = canonical[start:end]
        kept: list[tuple[int, int]] = []
        position = start
        for alias in re.finditer(r"（([^（）]*)）", piece):
            kept.append((position, start + alias.start()))
            position = start + alias.end()
            inner_start = start + alias.start(1)
            inner = canonical[inner_start : start + alias.end(1)]
            aliases.extend(
                name
                for a, b in list_pieces(inner)
                if (name := written[inner_start + a : inner_start + b].strip())
            )
        kept.append((position, end))
        organization = "".join(written[a:b] for a, b in kept).strip()
        if own := party_org(fold(organization)):
            first_own = first_own or organization[len(organization) - len(own) :]
            organization = organization[: len(organization) - len(own)].strip()
        if organization:
            organizations.append(organization)
    # The name's trailing party organisation, before any aliases closing it, else the first
    # organisation's own.
    core = len(canonical)
    while canonical.endswith("）", 0, core) and (opening := canonical.rfind("（", 0, core)) > 0:
        core = opening
    party = party_org(canonical[:core])
    return organizations, aliases, written[core - len(party) : core] if party else first_own


@given(
    st.lists(
        st.sampled_from(["市", "委", "、", "（", "）", "(", " ", "党组", "分党组", "黨委", "支部"])
    ).map("".join)
)
def test_units_as_the_pieces_give_them(written: str) -> None:
    if "、" not in written and "（" not in fold(written):
        return  # the one-organisation path, covered by the hand-made cases
    assert tuple(split_unit(written)) == split_unit_by_pieces(written)


def test_folding_keeps_every_character_blank_or_not() -> None:
    # The parser trims headlines and bodies in the canonical text and cuts them from the plain
    # text at the same offsets: right only while folding maps spaces to spaces and nothing
    # else to a space. Every code point but the surrogates, at once.
    text = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    folded = fold(text)
    assert len(folded) == len(text)
    assert [char.isspace() for char in folded] == [char.isspace() for char in text]


@given(st.text(alphabet="\r\n \t甲", max_size=20), st.integers(0, 20))
def test_line_end_as_the_pattern_finds_it(text: str, position: int) -> None:
    position = min(position, len(text))
    found = LINE_BREAK.search(text, position)
    assert line_end(text, position) == (found.start() if found else len(text))


def spaces(most: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=" \t", max_size=most)


#: Periods and durations at their longest and around: years of four digits or numerals, up to
#: three spaces, counts of up to eight numerals or a decimal; among text that holds 年 and 个
#: elsewhere too.
PERIODS = st.builds(
    "{}{}年{}{}月{}至{}月".format,
    st.sampled_from(["2021", "二〇二一", "021", "1"]),
    spaces(3),
    spaces(3),
    st.sampled_from(["10", "十", "1"]),
    spaces(3),
    st.sampled_from(["12", "十二", "2022年1"]),
)
DURATIONS = st.builds(
    "{}{}个{}月".format,
    st.sampled_from(["", "1", ".", "约"]),
    st.one_of(
        st.text(alphabet="一二两十〇", min_size=1, max_size=9),
        st.from_regex(r"\A[0-9]{1,4}(\.[0-9]{1,3})?\Z"),
    ),
    st.sampled_from(["", "半"]),
)
LEAD_TEXT = st.lists(
    st.one_of(PERIODS, DURATIONS, st.sampled_from(["年", "个", "甲", "，", "1", " "])), max_size=4
).map("".join)


@given(LEAD_TEXT)
def test_period_and_duration_as_the_patterns_find_them(text: str) -> None:
    period, duration = PERIOD.search(text), DURATION.search(text)
    # No word of other work nor of an introduction: the round's period is the first.
    found_period, found_duration = round_period(text), first_duration(text)
    assert (found_period and found_period.span()) == (period and period.span())
    assert (found_duration and found_duration.span()) == (duration and duration.span())


def line_columns_by_counting(text: str, offsets: list[int]) -> list[tuple[int, int]]:
    """Lines counted from the start of the text for each offset, every break (CRLF, CR, LF)
    found by the pattern over the whole text."""
    found = []
    for offset in offsets:
        ends = [m.end() for m in re.finditer(r"\r\n|\r|\n", text) if m.end() <= offset]
        found.append((len(ends) + 1, offset - (ends[-1] if ends else 0) + 1))
    return found


@given(st.text(alphabet="甲乙\r\n", max_size=30), st.data())
def test_line_columns_as_counting_gives_them(text: str, data: st.DataObject) -> None:
    offsets = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=5)))
    assert list(line_columns(text, offsets)) == line_columns_by_counting(text, offsets)


FIXTURES = Path(__file__).parent / "fixtures"
TEXTS = [FIXTURES / "beijing-2021-r13.txt", *sorted((FIXTURES / "styles").glob("*.txt"))]


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.name)
def test_the_parsers_tree_holds_only_the_models_names(path: Path) -> None:
    """parse() validates its tree without looking for names the models do not know: the tree
    validates under the models' own extra="forbid", to the records parse() gives."""
    text = path.read_text(encoding="utf-8")
    tree = _tree(text, MAX_SECTIONS, PageFacts(), None)
    assert Bulletin.model_validate(tree) == parse(text).model_copy(update={"diagnostics": []})


@settings(max_examples=60)
@given(bulletins(encode=False))
def test_the_tree_of_a_generated_bulletin_holds_only_the_models_names(
    generated: Generated,
) -> None:
    tree = _tree(generated.text, MAX_SECTIONS, PageFacts(), None)
    assert Bulletin.model_validate(tree) == parse(generated.text).model_copy(
        update={"diagnostics": []}
    )
