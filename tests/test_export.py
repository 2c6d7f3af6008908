"""The Python API behind the command line: iter_parse, to_rows and the writers."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from xunshi_parser import (
    Bulletin,
    BulletinError,
    DiagnosticRow,
    EntryRow,
    FileRow,
    FindingRow,
    ReadError,
    iter_parse,
    parse,
    to_rows,
    write_csv,
    write_json,
    write_jsonl,
)
from xunshi_parser.errors import XunshiError

from support import SAMPLE_PATH


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    names = []
    for number in range(6):
        path = tmp_path / f"{number}.txt"
        shutil.copy(SAMPLE_PATH, path)
        names.append(str(path))
    (tmp_path / "3.txt").write_text("不是通报", encoding="utf-8")
    return names


@pytest.mark.parametrize("jobs", [1, 2])
def test_iter_parse_in_input_order(files: list[str], sample: Bulletin, jobs: int) -> None:
    results = list(iter_parse([*reversed(files), "/missing.txt"], jobs=jobs))
    assert [path for path, _ in results] == [*reversed(files), "/missing.txt"]
    for path, result in results:
        if path.endswith("3.txt"):
            assert isinstance(result, BulletinError)
        elif path == "/missing.txt":
            assert isinstance(result, ReadError)
            assert "No such file" in str(result)
        else:
            assert result == sample


def test_iter_parse_is_lazy(files: list[str]) -> None:
    results = iter_parse(files)
    path, _ = next(results)
    assert path == files[0]
    # Nothing else was parsed yet: deleting a later file is noticed when it comes.
    Path(files[1]).unlink()
    assert isinstance(next(results)[1], ReadError)


def test_to_rows_entries(sample: Bulletin) -> None:
    rows = to_rows((SAMPLE_PATH, sample))
    assert len(rows) == 38
    row = rows[14]
    assert isinstance(row, EntryRow)
    assert row.path == str(SAMPLE_PATH)
    assert row.unit == "市科委、中关村管委会党组"
    assert row.organizations == ["市科委", "中关村管委会"]
    assert row.party_org == "党组"
    assert row.team_number == 5
    assert row.round == 13
    assert rows[32].diagnostics == ["XS212"]
    assert to_rows(sample)[0].path == ""


def test_to_rows_findings(sample: Bulletin) -> None:
    rows = to_rows(sample, "findings")
    assert len(rows) == 234
    assert rows[10] == FindingRow(
        path="",
        entry=2,
        unit="市机关事务管理局党组",
        finding=1,
        text="推动首都机关事务管理和建设有差距",
    )


def test_writers_take_any_iterable(sample: Bulletin) -> None:
    bulletins = (b for b in [sample, sample])
    out = io.StringIO(newline="")
    assert write_csv(bulletins, out) == 76
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert len(rows) == 77
    assert rows[0][:3] == ["path", "title", "published"]

    out = io.StringIO()
    assert write_jsonl([(SAMPLE_PATH, sample)], out, table="findings") == 234
    assert json.loads(out.getvalue().splitlines()[-1])["text"] == "对巡视和相关整改工作落实不到位"


def test_csv_cells() -> None:
    bulletin = parse(
        "■甲局（乙办）党组：为民意识不强对“甲,乙”管理不严，为民意识不强。"
        "【市委第一巡视组向甲局（乙办）党组反馈巡视情况】"
    )
    out = io.StringIO(newline="")
    write_csv([bulletin], out)
    row = next(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert row["aliases"] == '["乙办"]'
    assert json.loads(row["findings"]) == bulletin.entries[0].findings
    assert row["findings"] == '["对“甲,乙”管理不严","为民意识不强"]'
    assert row["diagnostics"] == "[]"
    assert row["title"] == ""
    assert row["published"] == ""


def test_csv_list_cells_round_trip_any_item(sample: Bulletin) -> None:
    """A list item holding ; or " (or a comma, a newline, brackets) reads back exactly: list
    cells are JSON arrays."""
    findings = ['对"甲;乙"管理不严', "a;b", "逗号,和\n换行", "[]", ""]
    entry = sample.entries[0].model_copy(update={"findings": findings})
    bulletin = sample.model_copy(update={"entries": [entry]})
    out = io.StringIO(newline="")
    write_csv([bulletin], out)
    row = next(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert json.loads(row["findings"]) == findings
    assert json.loads(row["organizations"]) == entry.unit.organizations


def test_write_json(sample: Bulletin) -> None:
    out = io.StringIO()
    assert write_json([sample, ("a.txt", sample)], out) == 2
    objects = json.loads(out.getvalue())
    assert [o["path"] for o in objects] == ["", "a.txt"]
    assert list(objects[1])[:2] == ["path", "text"]
    for data in objects:
        del data["path"]
        assert Bulletin.model_validate(data) == sample
    out = io.StringIO()
    assert write_json([], out) == 0
    assert json.loads(out.getvalue()) == []
    out = io.StringIO()
    assert write_json([sample], out, as_list=False) == 1
    data = json.loads(out.getvalue())
    assert data.pop("path") == ""
    assert Bulletin.model_validate(data) == sample


def test_writers_take_what_iter_parse_yields(files: list[str]) -> None:
    """write_json, write_jsonl and write_csv take the same items, errors included."""
    results = list(iter_parse(files[2:5]))
    broken = files[3]
    error = results[1][1]
    assert isinstance(error, BulletinError)

    out = io.StringIO()
    assert write_json(results, out) == 3
    objects = json.loads(out.getvalue())
    assert [o["path"] for o in objects] == files[2:5]
    assert objects[1] == {
        "path": broken,
        "error": {
            "type": "BulletinError",
            "message": error.message,
            "line": error.line,
            "column": error.column,
            "offset": error.offset,
        },
    }

    out = io.StringIO()
    assert write_jsonl(results, out) == 38 + 1 + 38
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[38] == objects[1]

    out = io.StringIO(newline="")
    assert write_csv(results, out, table="files") == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [(r["path"], r["status"], r["error_type"]) for r in rows] == [
        (files[2], "ok", ""),
        (broken, "failed", "BulletinError"),
        (files[4], "ok", ""),
    ]
    assert rows[1]["error_message"] == error.message
    out = io.StringIO(newline="")
    assert write_csv(results, out) == 2 * 38  # a failed file has no entry rows


def test_file_rows(sample: Bulletin, sample_text: str) -> None:
    row = to_rows(("a.txt", sample), "files")[0]
    assert isinstance(row, FileRow)
    assert row.status == "ok"
    assert (row.title, row.issuer, row.term, row.round) == (
        sample.title,
        "北京市委",
        12,
        13,
    )
    assert (row.period_start, row.period_end) == ("2021-10", "2021-12")
    assert row.sections == len(sample.entries) == 38
    assert row.units_announced == 38
    assert (row.errors, row.warnings, row.infos) == (0, 0, 1)
    assert row.unplaced_chars == 0
    # A deleted marker loses a section to unplaced text: the file row shows both.
    damaged = parse(sample_text.replace("■市审计局党组", "市审计局党组", 1))
    row = to_rows(("b.txt", damaged), "files")[0]
    assert isinstance(row, FileRow)
    assert row.sections == 37
    assert row.units_announced == 38
    assert row.errors >= 1
    assert row.unplaced_chars == sum(len(u.text) for u in damaged.unplaced) > 0


def test_diagnostic_rows(sample: Bulletin) -> None:
    rows = to_rows(("a.txt", sample), "diagnostics")
    diagnostic = sample.diagnostics[0]
    assert rows == [
        DiagnosticRow(
            path="a.txt",
            code=diagnostic.code,
            severity=diagnostic.severity,
            message=diagnostic.message,
            line=diagnostic.line,
            column=diagnostic.column,
            offset=diagnostic.offset,
            entry=diagnostic.entry,
            unit=sample.entries[diagnostic.entry - 1].unit.text if diagnostic.entry else None,
        )
    ]
    error = XunshiError("bad", line=2, column=3, offset=9)
    (row,) = to_rows(("b.txt", error), "diagnostics")
    assert isinstance(row, DiagnosticRow)
    assert (row.path, row.code, row.severity, row.message) == (
        "b.txt",
        "XunshiError",
        "error",
        "bad",
    )
    assert (row.line, row.column, row.offset) == (2, 3, 9)
    assert to_rows(("b.txt", error), "entries") == []
    assert to_rows(("b.txt", error), "findings") == []


def test_rows_refuse_other_things() -> None:
    with pytest.raises(
        TypeError, match=r"expected a Bulletin or a XunshiError for a\.txt, got str"
    ):
        to_rows(("a.txt", "text"))  # type: ignore[arg-type]


def test_text_table(sample: Bulletin) -> None:
    from xunshi_parser.export import text_table

    lines = text_table(("a.txt", sample)).splitlines()
    assert lines[0] == "== a.txt"
    assert lines[1] == f"title:  {sample.title}"
    assert lines[2].startswith("round:  北京市委 term 12 round 13 巡视, 2021-10 to 2021-12")
    header, first = lines[4], lines[5]
    assert header.split() == ["#", "unit", "headline", "findings", "team"]
    entry = sample.entries[0]
    assert first.split() == [
        "1",
        entry.unit.text,
        entry.headline,
        str(len(entry.findings)),
        entry.feedback.team_name if entry.feedback else "",
    ]
    # Aligned for display widths: every row's team starts at the same terminal column.
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    rows = lines[5 : 5 + len(sample.entries)]
    columns = {width(row[: row.rindex("市委第")]) for row in rows}
    assert len(columns) == 1
    assert lines[-1] == ""  # a blank line between bulletins
    assert lines[-3] == "diagnostics:"
    d = sample.diagnostics[0]
    assert lines[-2] == f"  {d.line}:{d.column}: {d.code} {d.severity}: {d.message}"


def test_text_table_escapes_control_characters() -> None:
    from xunshi_parser.export import printable, text_table

    assert printable("a\x00b\tc\nd\x1be\x85f") == "a\\x00b\\tc\\nd\\x1be\\x85f"
    error = XunshiError("bad \x00 byte")
    assert (
        text_table(("x\x07.txt", error)) == "== x\\x07.txt\nfailed: XunshiError: bad \\x00 byte\n\n"
    )


def test_iter_parse_takes_paths_and_a_single_path(sample: Bulletin) -> None:
    from pathlib import Path

    assert [result for _, result in iter_parse([Path(SAMPLE_PATH)])] == [sample]
    assert [path for path, _ in iter_parse(SAMPLE_PATH)] == [str(SAMPLE_PATH)]
    assert [path for path, _ in iter_parse(str(SAMPLE_PATH))] == [str(SAMPLE_PATH)]


def test_iter_parse_passes_limits(tmp_path: Path, sample_text: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(sample_text, encoding="utf-8")
    ((_, result),) = iter_parse(Path(path), max_sections=10)
    assert isinstance(result, BulletinError)
    assert "10 sections" in result.message
    ((_, result),) = iter_parse([path], max_bytes=1000)
    assert type(result).__name__ == "InputTooLargeError"
    ((_, result),) = iter_parse([path], max_sections=38, max_bytes=len(sample_text.encode()))
    assert isinstance(result, Bulletin)


def test_iter_parse_replaces_bad_bytes(tmp_path: Path, sample_text: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(sample_text.encode() + b"\xff")
    ((_, strict),) = iter_parse([path])
    assert type(strict).__name__ == "DecodeError"
    ((_, replaced),) = iter_parse([path], errors="replace")
    assert isinstance(replaced, Bulletin)
    assert len(replaced.entries) == 38


@pytest.mark.parametrize("count", [1, 3, 9, 50, 101])
@pytest.mark.parametrize("as_list", [True, False])
def test_map_files_keeps_the_order_across_tasks(count: int, as_list: bool) -> None:
    """Workers take several files a task (fewer when there are few files); the results come
    in input order, standard input in its turn, read in this process."""
    import os.path

    from xunshi_parser.batch import map_files

    names = [f"/in/{number}.txt" for number in range(count)]
    names.insert(count // 2, "-")
    files = names if as_list else iter(names)
    assert list(map_files(os.path.basename, files, jobs=2)) == [
        "-" if name == "-" else name.removeprefix("/in/") for name in names
    ]


def _pid_after_a_while(path: str) -> int:
    import os
    import time

    # Long enough for the second worker to start before the first is free again.
    time.sleep(0.1)
    return os.getpid()


@pytest.mark.parametrize("as_list", [True, False])
def test_a_few_files_still_go_to_every_worker(as_list: bool) -> None:
    from xunshi_parser.batch import map_files

    names = [f"/in/{number}.txt" for number in range(4)]
    files = names if as_list else iter(names)
    assert len(set(map_files(_pid_after_a_while, files, jobs=2))) == 2
