"""Rows for tables: one per entry or one per finding, written as CSV, JSONL or JSON.

Exporters take records and never parse. Each writer streams: it holds one bulletin at a time,
so converting a thousand files costs the memory of one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from os import PathLike, fspath
from typing import IO, Final, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

from xunshi_parser.models import Bulletin

__all__ = [
    "TABLES",
    "EntryRow",
    "FindingRow",
    "Sourced",
    "Table",
    "csv_header",
    "csv_rows",
    "jsonl_rows",
    "to_rows",
    "write_csv",
    "write_json",
    "write_jsonl",
]

Table = Literal["entries", "findings"]
TABLES: Final[tuple[Table, ...]] = ("entries", "findings")
#: A bulletin, or a bulletin with the path it was read from.
Sourced: TypeAlias = Bulletin | tuple[str | PathLike[str], Bulletin]
#: Joins list columns in CSV; JSON keeps them as lists.
LIST_SEPARATOR: Final = ";"


class _Row(BaseModel):
    # Validators are built on the first row, not on import: the command line imports this
    # module for every command, and ``xunshi validate`` makes no rows.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class EntryRow(_Row):
    """One entry with the bulletin fields it belongs to."""

    path: str = Field(description="The file the bulletin was read from ('' if none).")
    title: str | None = Field(description="Bulletin.title.")
    published: date | None = Field(description="Bulletin.published.")
    source: str | None = Field(description="Bulletin.source: the publishing outlet.")
    issuer: str | None = Field(description="InspectionRound.issuer.")
    term: int | None = Field(description="InspectionRound.term.")
    round: int | None = Field(description="InspectionRound.number: the round's number.")
    inspection: str | None = Field(description="InspectionRound.inspection.")
    index: int = Field(description="Entry.index: 1-based position in its bulletin.")
    unit: str = Field(description="Unit.text.")
    organizations: list[str] = Field(description="Unit.organizations (CSV: joined with ;).")
    aliases: list[str] = Field(description="Unit.aliases (CSV: joined with ;).")
    party_org: str | None = Field(description="Unit.party_org.")
    headline: str = Field(description="Entry.headline.")
    headline_source: str = Field(description="Entry.headline_source.")
    body: str = Field(description="Entry.body.")
    findings: list[str] = Field(description="Entry.findings (CSV: joined with ;).")
    finding_count: int = Field(description="How many findings.")
    team_name: str | None = Field(description="Feedback.team_name.")
    team_number: int | None = Field(description="Feedback.team_number.")
    target: str | None = Field(description="Feedback.target.")
    diagnostics: list[str] = Field(description="Codes of the diagnostics about this entry.")


class FindingRow(_Row):
    """One finding of one entry."""

    path: str = Field(description="The file the bulletin was read from ('' if none).")
    entry: int = Field(description="Entry.index of the entry in its bulletin.")
    unit: str = Field(description="Unit.text of that entry.")
    finding: int = Field(description="1-based position of the finding in its entry.")
    text: str = Field(description="The finding.")


def _unpack(item: Sourced) -> tuple[str, Bulletin]:
    if isinstance(item, Bulletin):
        return "", item
    path, bulletin = item
    if not isinstance(bulletin, Bulletin):
        name = type(bulletin).__name__
        msg = f"expected a Bulletin for {fspath(path)}, got {name}: leave errors out"
        raise TypeError(msg)
    return fspath(path), bulletin


def to_rows(item: Sourced, table: Table = "entries") -> list[EntryRow] | list[FindingRow]:
    """The rows of one bulletin: an :class:`EntryRow` per entry or a :class:`FindingRow` per
    finding. ``item`` is a bulletin or a ``(path, bulletin)`` pair."""
    path, bulletin = _unpack(item)
    if table == "findings":
        return [
            FindingRow(
                path=path, entry=entry.index, unit=entry.unit.text, finding=number, text=text
            )
            for entry in bulletin.entries
            for number, text in enumerate(entry.findings, start=1)
        ]
    round_ = bulletin.round
    codes: dict[int, list[str]] = {}
    for diagnostic in bulletin.diagnostics:
        if diagnostic.entry is not None:
            codes.setdefault(diagnostic.entry, []).append(diagnostic.code)
    return [
        EntryRow(
            path=path,
            title=bulletin.title,
            published=bulletin.published,
            source=bulletin.source,
            issuer=round_.issuer if round_ else None,
            term=round_.term if round_ else None,
            round=round_.number if round_ else None,
            inspection=round_.inspection if round_ else None,
            index=entry.index,
            unit=entry.unit.text,
            organizations=entry.unit.organizations,
            aliases=entry.unit.aliases,
            party_org=entry.unit.party_org,
            headline=entry.headline,
            headline_source=entry.headline_source,
            body=entry.body,
            findings=entry.findings,
            finding_count=len(entry.findings),
            team_name=entry.feedback.team_name if entry.feedback else None,
            team_number=entry.feedback.team_number if entry.feedback else None,
            target=entry.feedback.target if entry.feedback else None,
            diagnostics=codes.get(entry.index, []),
        )
        for entry in bulletin.entries
    ]


def _row_type(table: Table) -> type[EntryRow] | type[FindingRow]:
    return FindingRow if table == "findings" else EntryRow


def csv_header(table: Table = "entries", *, bom: bool = False) -> str:
    """The header line of a CSV of ``table``, after a byte-order mark if ``bom``."""
    return ("\ufeff" if bom else "") + _csv_lines([list(_row_type(table).model_fields)])


def csv_rows(item: Sourced, table: Table = "entries") -> str:
    """The CSV lines (no header) of one bulletin's rows; lists joined with ``;``."""
    return _as_csv(to_rows(item, table))


def jsonl_rows(item: Sourced, table: Table = "entries") -> str:
    """The JSON lines of one bulletin's rows."""
    return _as_jsonl(to_rows(item, table))


def _as_csv(rows: Sequence[_Row]) -> str:
    return _csv_lines([_flat(value) for value in row.model_dump().values()] for row in rows)


def _as_jsonl(rows: Sequence[_Row]) -> str:
    return "".join(row.model_dump_json() + "\n" for row in rows)


def _csv_lines(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def _flat(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


def write_csv(
    items: Iterable[Sourced], out: IO[str], *, table: Table = "entries", bom: bool = False
) -> int:
    """Write a CSV with a header row to ``out`` (opened with ``newline=""``); returns the rows
    written. Lists are joined with ``;``; missing values are empty cells. ``bom`` starts the
    output with a byte-order mark, so Excel reads the Chinese as UTF-8."""
    out.write(csv_header(table, bom=bom))
    return _write_rows(items, out, table, _as_csv)


def write_jsonl(items: Iterable[Sourced], out: IO[str], *, table: Table = "entries") -> int:
    """Write one JSON object per row and line to ``out``; returns the rows written."""
    return _write_rows(items, out, table, _as_jsonl)


def _write_rows(
    items: Iterable[Sourced], out: IO[str], table: Table, render: Callable[[Sequence[_Row]], str]
) -> int:
    count = 0
    for item in items:
        rows = to_rows(item, table)
        out.write(render(rows))
        count += len(rows)
    return count


def write_json(items: Iterable[Bulletin], out: IO[str], *, as_list: bool = True) -> int:
    """Write bulletins as a JSON array, streamed, or (``as_list=False``) the first bulletin as
    one object; returns how many were written."""
    if not as_list:
        for bulletin in items:
            out.write(bulletin.model_dump_json(indent=2) + "\n")
            return 1
        return 0
    count = 0
    out.write("[")
    for bulletin in items:
        out.write(",\n" if count else "\n")
        out.write(bulletin.model_dump_json(indent=2))
        count += 1
    out.write("\n]\n")
    return count
