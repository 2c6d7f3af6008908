"""Records for output: bulletins as JSON objects, and rows of four tables (one per entry, per
finding, per file, per diagnostic) written as CSV or JSONL; and a plain-text table for people.

Exporters take records and never parse. Each writer streams: it holds one bulletin at a time,
so converting a thousand files costs the memory of one. Every writer takes the same items:
a bulletin, a ``(path, bulletin)`` pair, or a ``(path, error)`` pair as :func:`iter_parse`
yields for a file that failed.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from os import PathLike, fspath
from typing import IO, Final, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

from xunshi_parser.errors import XunshiError
from xunshi_parser.models import Bulletin
from xunshi_parser.printable import printable

__all__ = [
    "OUTPUTS",
    "TABLES",
    "DiagnosticRow",
    "EntryRow",
    "ErrorRecord",
    "FileRow",
    "FindingRow",
    "Output",
    "Sourced",
    "Table",
    "csv_header",
    "csv_rows",
    "error_record",
    "json_object",
    "jsonl_rows",
    "printable",
    "render",
    "text_table",
    "to_rows",
    "write_csv",
    "write_json",
    "write_jsonl",
]

Table = Literal["entries", "findings", "files", "diagnostics"]
TABLES: Final[tuple[Table, ...]] = ("entries", "findings", "files", "diagnostics")
#: What ``xunshi parse -f`` writes: ``table`` is the plain-text view for people.
Output = Literal["json", "jsonl", "csv", "table"]
OUTPUTS: Final[tuple[Output, ...]] = ("json", "jsonl", "csv", "table")
#: A bulletin; a bulletin with the path it was read from; or a path with the error it gave.
Sourced: TypeAlias = Bulletin | tuple[str | PathLike[str], Bulletin | XunshiError]


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
    organizations: list[str] = Field(description="Unit.organizations (CSV: a JSON array).")
    aliases: list[str] = Field(description="Unit.aliases (CSV: a JSON array).")
    party_org: str | None = Field(description="Unit.party_org.")
    headline: str = Field(description="Entry.headline.")
    headline_source: str = Field(description="Entry.headline_source.")
    body: str = Field(description="Entry.body.")
    findings: list[str] = Field(description="Entry.findings (CSV: a JSON array).")
    finding_count: int = Field(description="How many findings.")
    team_name: str | None = Field(description="Feedback.team_name.")
    team_number: int | None = Field(description="Feedback.team_number.")
    target: str | None = Field(description="Feedback.target.")
    diagnostics: list[str] = Field(
        description="Codes of the diagnostics about this entry (CSV: a JSON array)."
    )


class FindingRow(_Row):
    """One finding of one entry."""

    path: str = Field(description="The file the bulletin was read from ('' if none).")
    entry: int = Field(description="Entry.index of the entry in its bulletin.")
    unit: str = Field(description="Unit.text of that entry.")
    finding: int = Field(description="1-based position of the finding in its entry.")
    text: str = Field(description="The finding.")


class FileRow(_Row):
    """One input file: whether it parsed, the bulletin's facts and how damaged it is."""

    path: str = Field(description="The file the bulletin was read from ('' if none).")
    status: Literal["ok", "failed"] = Field(description="ok, or failed: no bulletin was read.")
    error_type: str | None = Field(description="Why it failed: DecodeError, BulletinError, …")
    error_message: str | None = Field(description="The error's message.")
    error_line: int | None = Field(description="1-based line of the error, if it has one.")
    error_column: int | None = Field(description="1-based column of the error, if it has one.")
    title: str | None = Field(description="Bulletin.title.")
    published: date | None = Field(description="Bulletin.published.")
    source: str | None = Field(description="Bulletin.source: the publishing outlet.")
    issuer: str | None = Field(description="InspectionRound.issuer.")
    term: int | None = Field(description="InspectionRound.term.")
    round: int | None = Field(description="InspectionRound.number: the round's number.")
    inspection: str | None = Field(description="InspectionRound.inspection.")
    period_start: str | None = Field(description="InspectionRound.period_start (YYYY-MM).")
    period_end: str | None = Field(description="InspectionRound.period_end (YYYY-MM).")
    sections: int = Field(description="How many sections (entries) were found.")
    units_announced: int | None = Field(description="InspectionRound.unit_count.")
    errors: int = Field(description="Diagnostics of severity error.")
    warnings: int = Field(description="Diagnostics of severity warning.")
    infos: int = Field(description="Diagnostics of severity info.")
    unplaced_chars: int = Field(description="Characters of text placed in no part.")


class DiagnosticRow(_Row):
    """One diagnostic of one file; a file that failed gives one row with its error."""

    path: str = Field(description="The file the bulletin was read from ('' if none).")
    code: str = Field(description="Diagnostic.code, or the error's type for a failed file.")
    severity: str = Field(description="error, warning or info.")
    message: str = Field(description="Diagnostic.message.")
    line: int | None = Field(description="1-based line.")
    column: int | None = Field(description="1-based column.")
    offset: int | None = Field(description="0-based character offset.")
    entry: int | None = Field(description="Entry.index of the section concerned, if any.")
    unit: str | None = Field(description="Unit.text of that section.")


class ErrorInfo(_Row):
    """Why a file gave no bulletin."""

    type: str = Field(description="The error's class: BulletinError, DecodeError, ReadError, …")
    message: str = Field(description="What went wrong, for people.")
    line: int | None = Field(description="1-based line, if the error has a position.")
    column: int | None = Field(description="1-based column, if the error has a position.")
    offset: int | None = Field(description="0-based offset (bytes for a DecodeError).")


class ErrorRecord(_Row):
    """In JSON and JSONL output, a file that failed: its path and its error."""

    path: str = Field(description="The file that failed.")
    error: ErrorInfo = Field(description="The error.")


def _unpack(item: Sourced) -> tuple[str, Bulletin | XunshiError]:
    if isinstance(item, Bulletin):
        return "", item
    path, result = item
    if not isinstance(result, Bulletin | XunshiError):
        name = type(result).__name__
        msg = f"expected a Bulletin or a XunshiError for {fspath(path)}, got {name}"
        raise TypeError(msg)
    return fspath(path), result


def error_record(path: str, error: XunshiError) -> ErrorRecord:
    """The record of a file that failed."""
    info = ErrorInfo(
        type=type(error).__name__,
        message=error.message,
        line=error.line,
        column=error.column,
        offset=error.offset,
    )
    return ErrorRecord(path=path, error=info)


def to_rows(item: Sourced, table: Table = "entries") -> Sequence[_Row]:
    """The rows of one bulletin in ``table``: an :class:`EntryRow` per entry, a
    :class:`FindingRow` per finding, one :class:`FileRow`, or a :class:`DiagnosticRow` per
    diagnostic. ``item`` is a bulletin or a ``(path, bulletin)`` pair, or a ``(path, error)``
    pair: that gives one row of ``files`` and of ``diagnostics`` and none of the others."""
    path, result = _unpack(item)
    if table == "files":
        return [_file_row(path, result)]
    if table == "diagnostics":
        return _diagnostic_rows(path, result)
    if isinstance(result, XunshiError):
        return []
    if table == "findings":
        return _finding_rows(path, result)
    return _entry_rows(path, result)


def _finding_rows(path: str, bulletin: Bulletin) -> list[FindingRow]:
    return [
        FindingRow(path=path, entry=entry.index, unit=entry.unit.text, finding=number, text=text)
        for entry in bulletin.entries
        for number, text in enumerate(entry.findings, start=1)
    ]


def _entry_rows(path: str, bulletin: Bulletin) -> list[EntryRow]:
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


def _file_row(path: str, result: Bulletin | XunshiError) -> FileRow:
    if isinstance(result, XunshiError):
        return FileRow(
            path=path,
            status="failed",
            error_type=type(result).__name__,
            error_message=result.message,
            error_line=result.line,
            error_column=result.column,
            title=None,
            published=None,
            source=None,
            issuer=None,
            term=None,
            round=None,
            inspection=None,
            period_start=None,
            period_end=None,
            sections=0,
            units_announced=None,
            errors=0,
            warnings=0,
            infos=0,
            unplaced_chars=0,
        )
    round_ = result.round
    severities = [diagnostic.severity for diagnostic in result.diagnostics]
    return FileRow(
        path=path,
        status="ok",
        error_type=None,
        error_message=None,
        error_line=None,
        error_column=None,
        title=result.title,
        published=result.published,
        source=result.source,
        issuer=round_.issuer if round_ else None,
        term=round_.term if round_ else None,
        round=round_.number if round_ else None,
        inspection=round_.inspection if round_ else None,
        period_start=round_.period_start if round_ else None,
        period_end=round_.period_end if round_ else None,
        sections=len(result.entries),
        units_announced=round_.unit_count if round_ else None,
        errors=severities.count("error"),
        warnings=severities.count("warning"),
        infos=severities.count("info"),
        unplaced_chars=sum(len(stray.text) for stray in result.unplaced),
    )


def _diagnostic_rows(path: str, result: Bulletin | XunshiError) -> list[DiagnosticRow]:
    if isinstance(result, XunshiError):
        return [
            DiagnosticRow(
                path=path,
                code=type(result).__name__,
                severity="error",
                message=result.message,
                line=result.line,
                column=result.column,
                offset=result.offset,
                entry=None,
                unit=None,
            )
        ]
    units = {entry.index: entry.unit.text for entry in result.entries}
    return [
        DiagnosticRow(
            path=path,
            code=d.code,
            severity=d.severity,
            message=d.message,
            line=d.line,
            column=d.column,
            offset=d.offset,
            entry=d.entry,
            unit=None if d.entry is None else units.get(d.entry),
        )
        for d in result.diagnostics
    ]


def _row_type(table: Table) -> type[_Row]:
    types: dict[str, type[_Row]] = {
        "entries": EntryRow,
        "findings": FindingRow,
        "files": FileRow,
        "diagnostics": DiagnosticRow,
    }
    return types[table]


def csv_header(table: Table = "entries", *, bom: bool = False) -> str:
    """The header line of a CSV of ``table``, after a byte-order mark if ``bom``."""
    return ("\ufeff" if bom else "") + _csv_lines([list(_row_type(table).model_fields)])


def csv_rows(item: Sourced, table: Table = "entries") -> str:
    """The CSV lines (no header) of one item's rows; list cells are JSON arrays."""
    return _as_csv(to_rows(item, table))


def jsonl_rows(item: Sourced, table: Table = "entries") -> str:
    """The JSON lines of one item's rows; a failed file gives its :class:`ErrorRecord` in the
    ``entries`` and ``findings`` tables (in the others, its rows say it failed)."""
    path, result = _unpack(item)
    if isinstance(result, XunshiError) and table in {"entries", "findings"}:
        return error_record(path, result).model_dump_json() + "\n"
    return _as_jsonl(to_rows(item, table))


def json_object(item: Sourced) -> str:
    """One item as an indented JSON object: the bulletin's fields after its ``path``, or the
    :class:`ErrorRecord` of a file that failed."""
    path, result = _unpack(item)
    if isinstance(result, XunshiError):
        return error_record(path, result).model_dump_json(indent=2)
    dumped = result.model_dump_json(indent=2)
    # ``{\n  "text": …``: the path goes first, where a reader looks for it.
    return '{\n  "path": ' + json.dumps(path, ensure_ascii=False) + ",\n" + dumped[2:]


def _as_csv(rows: Sequence[_Row]) -> str:
    return _csv_lines([_cell(value) for value in row.model_dump().values()] for row in rows)


def _as_jsonl(rows: Sequence[_Row]) -> str:
    return "".join(row.model_dump_json() + "\n" for row in rows)


def _csv_lines(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        # A JSON array: items holding ; , or " read back exactly (json.loads of the cell).
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def write_csv(
    items: Iterable[Sourced], out: IO[str], *, table: Table = "entries", bom: bool = False
) -> int:
    """Write a CSV with a header row to ``out`` (opened with ``newline=""``); returns the rows
    written. List cells are JSON arrays (``["a","b"]``); missing values are empty cells.
    ``bom`` starts the output with a byte-order mark, so Excel reads the Chinese as UTF-8."""
    out.write(csv_header(table, bom=bom))
    count = 0
    for item in items:
        rows = to_rows(item, table)
        out.write(_as_csv(rows))
        count += len(rows)
    return count


def write_jsonl(items: Iterable[Sourced], out: IO[str], *, table: Table = "entries") -> int:
    """Write one JSON object per row and line to ``out``; returns the lines written. A failed
    file gives its error record in the ``entries`` and ``findings`` tables."""
    count = 0
    for item in items:
        lines = jsonl_rows(item, table)
        out.write(lines)
        count += lines.count("\n")
    return count


def write_json(items: Iterable[Sourced], out: IO[str], *, as_list: bool = True) -> int:
    """Write items as a JSON array, streamed, or (``as_list=False``) the first one as one
    object; returns how many were written. Each bulletin is its object with ``path`` first
    (``""`` for a bare bulletin); a failed file is its :class:`ErrorRecord`."""
    if not as_list:
        for item in items:
            out.write(json_object(item) + "\n")
            return 1
        return 0
    count = 0
    out.write("[")
    for item in items:
        out.write(",\n" if count else "\n")
        out.write(json_object(item))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def render(item: Sourced, output: Output, table: Table = "entries") -> str:
    """One item in ``output``: what ``xunshi parse -f`` writes for it (without the array's
    brackets or the CSV header)."""
    if output == "json":
        return json_object(item)
    if output == "jsonl":
        return jsonl_rows(item, table)
    if output == "csv":
        return csv_rows(item, table)
    return text_table(item)


# --- the plain-text table ---------------------------------------------------------------------

#: Widest cells of the text table, in terminal columns; longer values end in …
_UNIT_WIDTH: Final = 24
_HEADLINE_WIDTH: Final = 36


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns (ending in … if cut) and padded to it."""
    if _width(text) > width:
        kept = []
        used = 1  # the ellipsis
        for char in text:
            used += _width(char)
            if used > width:
                break
            kept.append(char)
        text = "".join(kept) + "…"
    return text + " " * (width - _width(text))


def text_table(item: Sourced) -> str:
    """A bulletin for people: title, round and period, one line per section (index, unit,
    headline, findings, team), then the diagnostics; columns aligned for CJK widths."""
    path, result = _unpack(item)
    lines = [f"== {printable(path)}" if path else "=="]
    if isinstance(result, XunshiError):
        lines.append(f"failed: {type(result).__name__}: {printable(str(result))}")
        return "\n".join(lines) + "\n\n"
    lines.append(f"title:  {printable(result.title or '(none)')}")
    lines.append(f"round:  {_round_line(result)}")
    lines.append("")
    rows = [
        (
            str(entry.index),
            printable(entry.unit.text),
            printable(entry.headline),
            str(len(entry.findings)),
            printable(entry.feedback.team_name) if entry.feedback else "(no trailer)",
        )
        for entry in result.entries
    ]
    header = ("#", "unit", "headline", "findings", "team")
    widths = [max(_width(row[column]) for row in [header, *rows]) for column in range(len(header))]
    widths[1] = min(widths[1], _UNIT_WIDTH)
    widths[2] = min(widths[2], _HEADLINE_WIDTH)
    for row in [header, *rows]:
        cells = [
            " " * (widths[0] - _width(row[0])) + row[0],
            _fit(row[1], widths[1]),
            _fit(row[2], widths[2]),
            " " * (widths[3] - _width(row[3])) + row[3],
            row[4],
        ]
        lines.append("  ".join(cells).rstrip())
    lines.append("")
    if result.diagnostics:
        lines.append("diagnostics:")
        lines.extend(
            f"  {d.line}:{d.column}: {d.code} {d.severity}: {printable(d.message)}"
            for d in result.diagnostics
        )
    else:
        lines.append("diagnostics: none")
    return "\n".join(lines) + "\n\n"


def _round_line(bulletin: Bulletin) -> str:
    round_ = bulletin.round
    if round_ is None:
        return "(the lead names no round)"
    parts = [
        round_.issuer or "?",
        f"term {round_.term}" if round_.term else "",
        f"round {round_.number}" if round_.number else "",
        round_.inspection or "",
    ]
    text = " ".join(part for part in parts if part)
    if round_.period_start or round_.period_end:
        text += f", {round_.period_start or '?'} to {round_.period_end or '?'}"
    if round_.unit_count is not None:
        text += f", {round_.unit_count} units announced"
    return printable(text) + f"; {len(bulletin.entries)} sections found"
