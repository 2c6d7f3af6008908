"""Bulletins in the styles of other sites (tests/fixtures/styles): every text parses to the
facts its expected file gives, written by reading the text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from xunshi_parser import Bulletin, parse_file

from support import FIXTURES, assert_nothing_lost

STYLES = FIXTURES / "styles"
CASES = sorted(STYLES.glob("*.txt"))
ROUND_FIELDS = (
    "issuer", "term", "number", "inspection", "kinds", "unit_count", "period_start",
    "period_end", "common_problems",
)  # fmt: skip


def test_the_folder_holds_cases_each_with_its_expected_file() -> None:
    assert len(CASES) >= 10
    assert sorted(STYLES.glob("*.expected.json")) == [
        case.with_suffix(".expected.json") for case in CASES
    ]


def facts(bulletin: Bulletin) -> dict[str, Any]:
    """What an expected file gives, read from a parse."""
    round_ = bulletin.round
    return {
        "title": bulletin.title,
        "published": bulletin.published.isoformat() if bulletin.published else None,
        "source": bulletin.source,
        "editor": bulletin.editor,
        "round": {name: getattr(round_, name) for name in ROUND_FIELDS} if round_ else None,
        "entries": [
            {
                "unit": entry.unit.text,
                "organizations": entry.unit.organizations,
                "aliases": entry.unit.aliases,
                "party_org": entry.unit.party_org,
                "headline": entry.headline,
                "headline_source": entry.headline_source,
                "findings": entry.findings,
                "team_name": entry.feedback.team_name if entry.feedback else None,
                "team_number": entry.feedback.team_number if entry.feedback else None,
                "target": entry.feedback.target if entry.feedback else None,
                "kind": entry.feedback.kind if entry.feedback else None,
            }
            for entry in bulletin.entries
        ],
        "unplaced": [piece.text for piece in bulletin.unplaced],
        "codes": [diagnostic.code for diagnostic in bulletin.diagnostics],
    }


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_a_bulletin_in_another_style(case: Path) -> None:
    expected = json.loads(case.with_suffix(".expected.json").read_text(encoding="utf-8"))
    bulletin = parse_file(case)
    assert facts(bulletin) == expected
    assert_nothing_lost(bulletin)
