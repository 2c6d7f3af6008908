"""Every rendering of the sample gives the same records: the hand-written expected values."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from renderings import (
    RENDERINGS,
    WRAPPED_RENDERINGS,
    Expected,
    Rendering,
    expected,
    hard_wrap,
    one_per_line,
    portal_paragraphs,
)
from xunshi_parser import Bulletin, Span, parse, parse_bytes, parse_html
from xunshi_parser.io import decode_bytes, detect_encoding

from support import assert_nothing_lost

ALL_RENDERINGS = RENDERINGS + WRAPPED_RENDERINGS


def parse_rendering(rendering: Rendering) -> Bulletin:
    made = rendering.make(expected())
    if rendering.html:
        return parse_html(made)
    if isinstance(made, bytes):
        return parse_bytes(made)
    return parse(made)


@pytest.fixture(scope="module", params=ALL_RENDERINGS, ids=lambda rendering: rendering.name)
def rendered(request: pytest.FixtureRequest) -> tuple[Rendering, Bulletin, Expected]:
    rendering: Rendering = request.param
    return rendering, parse_rendering(rendering), rendering.expected(expected())


def test_entries(rendered: tuple[Rendering, Bulletin, Expected]) -> None:
    rendering, bulletin, want = rendered
    assert len(bulletin.entries) == 38
    for entry, wanted in zip(bulletin.entries, want["entries"], strict=True):
        got: dict[str, Any] = {
            "index": entry.index,
            "unit": entry.unit.text,
            "organizations": entry.unit.organizations,
            "aliases": entry.unit.aliases,
            "party_org": entry.unit.party_org,
            "headline": entry.headline,
            "body": entry.body,
            "finding_count": len(entry.findings),
            "first_finding": entry.findings[0],
            "last_finding": entry.findings[-1],
            "team_name": entry.feedback.team_name if entry.feedback else None,
            "team_number": entry.feedback.team_number if entry.feedback else None,
            "target": entry.feedback.target if entry.feedback else None,
        }
        assert got == wanted
        assert entry.headline_source == rendering.headline_source


def test_lead_and_round(rendered: tuple[Rendering, Bulletin, Expected]) -> None:
    _rendering, bulletin, want = rendered
    assert bulletin.title == want["title"]
    assert bulletin.lead == want["lead"]
    assert bulletin.editor == want["editor"]
    assert bulletin.round is not None
    round_ = bulletin.round.model_dump(exclude={"inspection", "clues"})
    assert round_ == want["round"]
    assert bulletin.round.inspection == "巡视"


def test_clean_diagnostics(rendered: tuple[Rendering, Bulletin, Expected]) -> None:
    _rendering, bulletin, _want = rendered
    assert [(d.code, d.entry) for d in bulletin.diagnostics] == [("XS212", 33)]
    assert bulletin.unplaced == []


def test_nothing_lost(rendered: tuple[Rendering, Bulletin, Expected]) -> None:
    assert_nothing_lost(rendered[1])


@pytest.mark.parametrize("rendering", [r for r in RENDERINGS if r.encoding], ids=lambda r: r.name)
def test_detected_encoding(rendering: Rendering) -> None:
    made = rendering.make(expected())
    assert isinstance(made, bytes)
    assert detect_encoding(made) == rendering.encoding


def test_html_page_facts() -> None:
    for rendering in RENDERINGS[-4:-1]:
        bulletin = parse_rendering(rendering)
        assert bulletin.title == expected()["title"]
        assert bulletin.title_span is None  # the title came from the page, not the text
    cms = parse_rendering(RENDERINGS[-4])
    assert cms.published == date(2022, 1, 25)
    assert cms.source == "北京纪检监察网"
    assert cms.editor == "王蒙"
    assert cms.editor_span is None


def test_html_text_keeps_paragraphs_and_bold_boundaries() -> None:
    bulletin = parse_rendering(RENDERINGS[-3])  # bold inline, <br> before the trailer
    first = expected()["entries"][0]
    assert bulletin.text.startswith(expected()["lead"] + "\n\n")
    assert (
        f"■{first['unit']}：{first['headline']}\n{first['body']}\n【{first['team_name']}"
        in bulletin.text
    )
    assert "首页" not in bulletin.text  # navigation
    assert "相关文章" not in bulletin.text
    assert "版权所有" not in bulletin.text


def test_plain_text_dateline() -> None:
    data = expected()
    text = f"{data['title']}\n时间：2022-01-25　来源：北京纪检监察网\n" + portal_text_body(data)
    bulletin = parse(text)
    assert bulletin.title == data["title"]
    assert bulletin.published == date(2022, 1, 25)
    assert bulletin.source == "北京纪检监察网"
    assert bulletin.dateline_span is not None
    assert bulletin.dateline_span.slice(text) == "时间：2022-01-25　来源：北京纪检监察网"
    assert bulletin.lead == data["lead"]
    assert len(bulletin.entries) == 38
    assert_nothing_lost(bulletin)


def portal_text_body(data: Expected) -> str:
    from renderings import portal_paragraphs

    return portal_paragraphs(data).split("\n\n", 1)[1]


def test_encoding_argument_overrides_detection() -> None:
    data = "■甲：乙".encode("big5")
    assert decode_bytes(data, encoding="big5") == "■甲：乙"


WRAPPED = [(f"lines wrapped at {width}", one_per_line, width, "\n") for width in range(20, 61)] + [
    (f"CRLF paragraphs wrapped at {width}", portal_paragraphs, width, "\r\n")
    for width in (20, 33, 47, 60)
]


@pytest.mark.parametrize(
    ("name", "layout", "width", "newline"), WRAPPED, ids=[w[0] for w in WRAPPED]
)
def test_wrapped_text_reads_as_the_text_it_was_cut_from(
    name: str, layout: Callable[[Expected], str], width: int, newline: str
) -> None:
    """The records of wrapped text equal those of the text it was cut from; only the text,
    the spans and the list of wrap breaks differ."""
    source = layout(expected())
    if newline != "\n":
        source = source.replace("\n", newline)
    made, inserted = hard_wrap(source, width, newline)
    bulletin = parse(made)
    # A paragraph whose last line is exactly full, followed by an unindented line, cannot be
    # told from a wrapped one: its break is read as a wrap too, and the records still agree.
    lines = made.split(newline)
    ambiguous, position = [], 0
    for line, following in itertools.pairwise(lines):
        position += len(line)
        if len(line) == width and following.strip() and position not in inserted:
            ambiguous.append(position)
        position += len(newline)
    wanted = sorted(inserted + ambiguous)
    assert [(w.start, w.end) for w in bulletin.wrap_breaks] == [
        (start, start + len(newline)) for start in wanted
    ]
    unwrapped = parse(_cut(made, bulletin.wrap_breaks))
    skip = {"text", "wrap_breaks", "span", "title_span", "lead_span", "dateline_span",
            "editor_span", "headline_span", "body_span", "diagnostics", "offset", "column",
            "line"}  # fmt: skip
    assert _without(bulletin.model_dump(), skip) == _without(unwrapped.model_dump(), skip)
    assert _without(parse(source).model_dump(), skip) == _without(unwrapped.model_dump(), skip)


def _cut(text: str, breaks: list[Span]) -> str:
    return "".join(_between(text, [(wrap.start, wrap.end) for wrap in breaks]))


def _between(text: str, cuts: list[tuple[int, int]]) -> list[str]:
    parts, position = [], 0
    for start, end in cuts:
        parts.append(text[position:start])
        position = end
    return [*parts, text[position:]]


def _without(data: Any, keys: set[str]) -> Any:
    if isinstance(data, dict):
        return {key: _without(value, keys) for key, value in data.items() if key not in keys}
    if isinstance(data, list):
        return [_without(item, keys) for item in data]
    return data
