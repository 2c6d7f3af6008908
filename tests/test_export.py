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
    EntryRow,
    FindingRow,
    ReadError,
    iter_parse,
    parse,
    to_rows,
    write_csv,
    write_json,
    write_jsonl,
)

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
    assert row["aliases"] == "乙办"
    assert row["findings"] == "对“甲,乙”管理不严;为民意识不强"
    assert row["title"] == ""
    assert row["published"] == ""


def test_write_json(sample: Bulletin) -> None:
    out = io.StringIO()
    assert write_json([sample, sample], out) == 2
    assert [Bulletin.model_validate(b) for b in json.loads(out.getvalue())] == [sample, sample]
    out = io.StringIO()
    assert write_json([], out) == 0
    assert json.loads(out.getvalue()) == []
    out = io.StringIO()
    assert write_json([sample], out, as_list=False) == 1
    assert Bulletin.model_validate_json(out.getvalue()) == sample


def test_rows_refuse_errors() -> None:
    from xunshi_parser import XunshiError

    with pytest.raises(TypeError, match="got XunshiError: leave errors out"):
        to_rows(("a.txt", XunshiError("bad")))  # type: ignore[arg-type]


def test_iter_parse_takes_paths_and_a_single_path(sample: Bulletin) -> None:
    from pathlib import Path

    assert [result for _, result in iter_parse([Path(SAMPLE_PATH)])] == [sample]
    assert [path for path, _ in iter_parse(SAMPLE_PATH)] == [str(SAMPLE_PATH)]
    assert [path for path, _ in iter_parse(str(SAMPLE_PATH))] == [str(SAMPLE_PATH)]
