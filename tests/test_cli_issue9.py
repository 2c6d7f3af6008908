"""The command line for a data user: provenance, damage that shows, tables of files and
diagnostics, limits, consistency and a clean Ctrl-C (issue 9)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from xunshi_parser import Bulletin, parse_file

from support import FIXTURES, SAMPLE_PATH, open_for_writing, sigint_handled, stderr_at_exit

XUNSHI = shutil.which("xunshi") or "xunshi"
HTML_PAGE = FIXTURES / "beijing-2021-r13.gb2312.html"
FIRST_TRAILER = "【市委第一巡视组向市档案馆反馈巡视情况】"
LEAD_COUNT = ("等38家单位党组织开展", "等39家单位党组织开展")


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [XUNSHI, *map(str, args)], capture_output=True, check=False, timeout=120, cwd=cwd
    )


@pytest.fixture
def mixed(tmp_path: Path, sample_text: str) -> Path:
    """ok.txt; damaged.txt (no first trailer: XS201, and XS401); count.txt (XS401 only);
    news.txt (no bulletin)."""
    (tmp_path / "ok.txt").write_text(sample_text, encoding="utf-8")
    damaged = sample_text.replace(FIRST_TRAILER, "", 1).replace(*LEAD_COUNT)
    (tmp_path / "damaged.txt").write_text(damaged, encoding="utf-8")
    (tmp_path / "count.txt").write_text(sample_text.replace(*LEAD_COUNT), encoding="utf-8")
    (tmp_path / "news.txt").write_text("日前，某地通报了巡视情况。", encoding="utf-8")
    return tmp_path


NAMES = ("ok.txt", "damaged.txt", "count.txt", "news.txt")


# --- 3. damage is never silent -------------------------------------------------------------


def test_damage_ends_with_one_summary_line_and_exit_1(mixed: Path) -> None:
    done = run("parse", *NAMES, "-f", "csv", cwd=mixed)
    assert done.returncode == 1
    lines = done.stderr.decode().splitlines()
    assert lines[0].startswith("xunshi: news.txt: no bulletin sections found")
    assert lines[1:] == [
        (
            "xunshi: 2 of 4 files damaged: 1 failed (BulletinError); 1 error (XS201) in 1 file; "
            "2 warnings (XS401 x2); to see them: xunshi validate damaged.txt news.txt count.txt"
        )
    ]
    # The command it names shows them.
    shown = run("validate", "damaged.txt", "news.txt", "count.txt", cwd=mixed)
    assert b"XS201 error" in shown.stdout
    assert b"news.txt: BulletinError error" in shown.stdout


def test_a_deleted_marker_is_not_silent(tmp_path: Path, sample_text: str) -> None:
    path = tmp_path / "lost.txt"
    path.write_text(sample_text.replace("■市审计局党组", "市审计局党组", 1), encoding="utf-8")
    done = run("parse", path, "-f", "csv")
    assert done.returncode == 1
    assert len(list(csv.DictReader(io.StringIO(done.stdout.decode(), newline="")))) == 37
    (line,) = done.stderr.decode().splitlines()
    assert line.startswith("xunshi: 1 of 1 file damaged: ")
    assert "XS502" in line
    assert f"to see them: xunshi validate {path}" in line


def test_warnings_alone_exit_0_and_are_counted(mixed: Path) -> None:
    done = run("parse", "count.txt", "-f", "jsonl", cwd=mixed)
    assert done.returncode == 0
    assert done.stderr.decode().splitlines() == [
        "xunshi: 0 of 1 file damaged: 1 warning (XS401); to see them: xunshi validate count.txt"
    ]
    assert run("parse", "ok.txt", cwd=mixed).stderr == b""  # an info says nothing


# --- 1. provenance -------------------------------------------------------------------------


def test_json_shape_is_decided_by_the_command_line(tmp_path: Path) -> None:
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(SAMPLE_PATH, one / "a.txt")
    # A folder or a glob gives an array even when it holds one file; one file an object.
    assert isinstance(json.loads(run("parse", one, "-f", "json").stdout), list)
    assert isinstance(json.loads(run("parse", str(one / "*.txt"), "-f", "json").stdout), list)
    assert isinstance(json.loads(run("parse", one / "a.txt", "-f", "json").stdout), dict)
    both = json.loads(run("parse", one / "a.txt", one / "a.txt", "-f", "json").stdout)
    assert [item["path"] for item in both] == [str(one / "a.txt")] * 2


def test_every_input_has_its_place_in_json(mixed: Path) -> None:
    done = run("parse", *NAMES, "-f", "json", cwd=mixed)
    items = json.loads(done.stdout)
    assert [item["path"] for item in items] == list(NAMES)
    assert items[3] == {
        "path": "news.txt",
        "error": {
            "type": "BulletinError",
            "message": items[3]["error"]["message"],
            "line": None,
            "column": None,
            "offset": None,
        },
    }
    assert items[3]["error"]["message"].startswith("no bulletin sections found")
    data = dict(items[0])
    del data["path"]
    assert Bulletin.model_validate(data) == parse_file(mixed / "ok.txt")


# --- 2. tables of files and diagnostics -----------------------------------------------------


def test_table_files(mixed: Path, sample: Bulletin) -> None:
    done = run("parse", *NAMES, "-f", "csv", "--table", "files", cwd=mixed)
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode(), newline="")))
    assert [(r["path"], r["status"]) for r in rows] == [
        ("ok.txt", "ok"),
        ("damaged.txt", "ok"),
        ("count.txt", "ok"),
        ("news.txt", "failed"),
    ]
    ok, damaged, count, news = rows
    assert ok["title"] == sample.title
    assert (ok["issuer"], ok["term"], ok["round"]) == ("北京市委", "12", "13")
    assert (ok["period_start"], ok["period_end"]) == ("2021-10", "2021-12")
    assert (ok["sections"], ok["units_announced"]) == ("38", "38")
    assert (ok["errors"], ok["warnings"], ok["infos"], ok["unplaced_chars"]) == ("0", "0", "1", "0")
    assert (damaged["errors"], damaged["warnings"], damaged["units_announced"]) == ("1", "1", "39")
    assert (count["errors"], count["warnings"]) == ("0", "1")
    assert news["error_type"] == "BulletinError"
    assert news["error_message"].startswith("no bulletin sections found")


def test_table_diagnostics(mixed: Path) -> None:
    done = run(
        "parse", "damaged.txt", "news.txt", "-f", "jsonl", "--table", "diagnostics", cwd=mixed
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    expected = [
        ("damaged.txt", d.code, d.severity, d.line, d.column, d.entry)
        for d in parse_file(mixed / "damaged.txt").diagnostics
    ]
    assert [
        (r["path"], r["code"], r["severity"], r["line"], r["column"], r["entry"]) for r in rows
    ] == [
        *expected,
        ("news.txt", "BulletinError", "error", None, None, None),
    ]
    xs201 = next(r for r in rows if r["code"] == "XS201")
    assert xs201["unit"] == "市档案馆"


def test_schema_of_the_new_tables_describes_them(mixed: Path) -> None:
    import jsonschema

    for table in ("files", "diagnostics"):
        schema = json.loads(run("schema", "--table", table).stdout)
        validator = jsonschema.Draft202012Validator(schema)
        done = run("parse", *NAMES, "-f", "jsonl", "--table", table, cwd=mixed)
        for line in done.stdout.splitlines():
            validator.validate(json.loads(line))
    schema = json.loads(run("schema").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    for item in json.loads(run("parse", *NAMES, cwd=mixed).stdout):
        validator.validate(item)


# --- 4. limits and damaged bytes ---------------------------------------------------------------


def test_limits_can_be_raised(tmp_path: Path) -> None:
    size = SAMPLE_PATH.stat().st_size
    small = run("parse", SAMPLE_PATH, "--max-bytes", str(size - 1), "-f", "jsonl")
    assert small.returncode == 1
    assert json.loads(small.stdout)["error"]["type"] == "InputTooLargeError"
    assert b"--max-bytes" in small.stderr
    assert run("parse", SAMPLE_PATH, "--max-bytes", str(size), "-f", "jsonl").returncode == 0
    assert run("parse", SAMPLE_PATH, "--max-bytes", "1KB").returncode == 1
    assert run("parse", SAMPLE_PATH, "--max-bytes", "0.5MB").returncode == 0
    few = run("validate", SAMPLE_PATH, "--max-sections", "37")
    assert few.returncode == 1
    assert b"BulletinError" in few.stdout
    assert b"--max-sections" in few.stdout
    assert run("validate", SAMPLE_PATH, "--max-sections", "38").returncode == 0
    # Standard input too.
    stdin = subprocess.run(
        [XUNSHI, "parse", "-", "--max-bytes", "1KB", "-f", "jsonl"],
        input=SAMPLE_PATH.read_bytes(), capture_output=True, check=False, timeout=60,
    )  # fmt: skip
    assert json.loads(stdin.stdout)["error"]["type"] == "InputTooLargeError"


@pytest.mark.parametrize(
    "args",
    [
        ("--max-bytes", "lots"),
        ("--max-bytes", "0"),
        ("--max-bytes", "5TB"),
        ("--max-sections", "0"),
        ("--max-sections", "x"),
        ("--encoding-errors", "ignore"),
    ],
)
def test_limit_usage_errors(args: tuple[str, ...]) -> None:
    for command in ("parse", "validate"):
        done = run(command, SAMPLE_PATH, *args)
        assert done.returncode == 2
        assert f"usage: xunshi {command}".encode() in done.stderr


def test_encoding_errors_replace(tmp_path: Path, sample_text: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(sample_text.encode() + b"\xff\xfe")
    assert run("parse", path).returncode == 1
    done = run("parse", path, "--encoding-errors", "replace", "-f", "jsonl", "--table", "files")
    assert done.returncode == 0
    row = json.loads(done.stdout)
    assert (row["status"], row["sections"]) == ("ok", 38)
    assert row["warnings"] >= 1


# --- 8. consistency ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-f", "json", "--table", "files"), b"--table applies to -f jsonl and -f csv"),
        (("-f", "table", "--table", "entries"), b"--table applies to -f jsonl and -f csv"),
        (("-f", "json", "--bom"), b"--bom applies to -f csv"),
        (("-f", "jsonl", "--bom"), b"--bom applies to -f csv"),
        (("-j", "0"), b"-j/--jobs must be at least 1"),
    ],
)
def test_options_that_do_not_apply_are_usage_errors(args: tuple[str, ...], message: bytes) -> None:
    done = run("parse", SAMPLE_PATH, *args)
    assert done.returncode == 2
    assert done.stderr.startswith(b"usage: xunshi parse")
    assert message in done.stderr
    assert done.stdout == b""


def test_validate_takes_f_like_parse() -> None:
    short = run("validate", SAMPLE_PATH, "-f", "json")
    long = run("validate", SAMPLE_PATH, "--format", "json")
    assert short.stdout == long.stdout
    assert json.loads(short.stdout)[0]["sections"] == 38
    assert run("validate", "-f", "csv", SAMPLE_PATH).stderr.startswith(b"usage: xunshi validate")


def test_folders_include_shtml(tmp_path: Path) -> None:
    shutil.copy(HTML_PAGE, tmp_path / "a.shtml")
    shutil.copy(HTML_PAGE, tmp_path / "b.SHTM")
    done = run("parse", tmp_path, "-f", "jsonl", "--table", "files")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(Path(r["path"]).name, r["sections"]) for r in rows] == [
        ("a.shtml", 38),
        ("b.SHTM", 38),
    ]


def test_a_closed_pipe_exits_2_quietly() -> None:
    # `| head`: the reader goes away; the status is the documented one for stdout closed.
    done = subprocess.run(  # noqa: S602 - the pipe is what is tested
        f"{XUNSHI} parse {SAMPLE_PATH} {HTML_PAGE} -f jsonl | head -c 1 >/dev/null; "
        "echo ${PIPESTATUS[0]}",
        shell=True, executable="/bin/bash", capture_output=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.stdout.strip() == b"2"
    assert done.stderr == b""


def test_control_characters_are_escaped(tmp_path: Path, sample_text: str) -> None:
    name = tmp_path / "a\x1b[31mb.txt"
    name.write_text("日前，某地通报了巡视情况。", encoding="utf-8")
    done = run("parse", name)
    assert b"\x1b" not in done.stderr
    assert b"a\\x1b[31mb.txt: no bulletin" in done.stderr
    shown = run("validate", name)
    assert b"\x1b" not in shown.stdout
    assert b"a\\x1b[31mb.txt: BulletinError error" in shown.stdout


# --- 6. a table for people ---------------------------------------------------------------------


def test_format_table(sample: Bulletin) -> None:
    done = run("parse", SAMPLE_PATH, "-f", "table")
    assert done.returncode == 0
    lines = done.stdout.decode().splitlines()
    assert lines[:3] == [
        f"== {SAMPLE_PATH}",
        f"title:  {sample.title}",
        (
            "round:  北京市委 term 12 round 13 巡视, 2021-10 to 2021-12, 38 units announced; "
            "38 sections found"
        ),
    ]
    entry = sample.entries[37]
    assert lines[5 + 37].split() == [
        "38",
        entry.unit.text,
        entry.headline,
        str(len(entry.findings)),
        entry.feedback.team_name if entry.feedback else "",
    ]


def test_sample_is_a_table_on_a_terminal_and_json_elsewhere(
    sample: Bulletin, tmp_path: Path
) -> None:
    import pty

    primary, secondary = pty.openpty()
    with subprocess.Popen(
        [XUNSHI, "parse", "--sample"], stdout=secondary, stderr=subprocess.DEVNULL
    ) as process:
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(primary)
    shown = b"".join(chunks).decode()
    assert f"title:  {sample.title}" in shown
    assert not shown.lstrip().startswith("{")
    out = tmp_path / "out.json"
    assert run("parse", "--sample", "-o", out).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == sample.title


# --- 10. Ctrl-C ---------------------------------------------------------------------------------


def test_interrupt_at_a_point_the_test_controls(tmp_path: Path) -> None:
    """The child blocks reading a FIFO until the test has sent SIGINT: no race with start-up."""
    fifo = tmp_path / "input.txt"
    os.mkfifo(fifo)
    out = tmp_path / "out.json"
    with (
        sigint_handled(),
        subprocess.Popen(
            [XUNSHI, "parse", str(fifo), "-o", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process,
    ):
        # The writing end opens once the child has opened the reading end: it is running.
        writer = os.fdopen(open_for_writing(fifo, process), "wb")
        writer.write(SAMPLE_PATH.read_bytes()[:100])
        writer.flush()
        process.send_signal(signal.SIGINT)
        # A signal landing between the child's open and its read is acted on only when the
        # read returns (CPython runs handlers between bytecodes, and the read blocks in C): on
        # a loaded machine it can. As a user would, press Ctrl-C again after a while.
        for _ in range(12):
            try:
                process.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGINT)
        stderr = stderr_at_exit(process)
        writer.close()
    assert process.returncode == 130
    assert stderr == b"xunshi: interrupted\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input.txt"]  # no OUT, no temporary


def test_interrupt_during_start_up_is_clean(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The package loads inside main's handling: a Ctrl-C while it loads exits 130 too."""
    from xunshi_parser import cli

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_parser", interrupted)
    assert cli.main(["parse", "--sample"]) == 130
    assert capsys.readouterr().err == "xunshi: interrupted\n"
    # Only the standard library loads before main: the models load under its handling.
    code = "import sys, xunshi_parser.cli; print('pydantic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_interrupt_while_the_command_loads_is_clean(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The entry point loads the command line under its own handling: a Ctrl-C while
    ``xunshi_parser.cli`` is imported exits 130 too."""
    import builtins

    from xunshi_parser.__main__ import run

    real_import = builtins.__import__

    def interrupted_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "xunshi_parser.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted_import)
    with pytest.raises(SystemExit) as ended:
        run()
    assert ended.value.code == 130
    assert capsys.readouterr().err == "xunshi: interrupted\n"


def test_the_command_is_the_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xunshi_parser", "validate", str(SAMPLE_PATH)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert done.stdout.endswith("38 sections, 0 errors, 0 warnings, 1 info\n")


def test_cli_page_shows_real_parse_output(tmp_path: Path, sample_text: str) -> None:
    """The parse examples of docs/cli.md (summary line, error record, tables) are real."""
    folder = tmp_path / "bulletins"
    folder.mkdir()
    (tmp_path / "sample.txt").write_text(sample_text, encoding="utf-8")
    (folder / "a.txt").write_text(sample_text, encoding="utf-8")
    damaged = sample_text.replace(FIRST_TRAILER, "", 1).replace(*LEAD_COUNT)
    (folder / "damaged.txt").write_text(damaged, encoding="utf-8")
    (folder / "broken.txt").write_text("日前，某地通报了巡视情况。\n", encoding="utf-8")
    page = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in (
        "xunshi parse bulletins/ -f csv --bom -j 2 -o bulletins.csv",
        "xunshi parse bulletins/broken.txt 2>/dev/null",
        "xunshi parse sample.txt --max-bytes 1KB -f jsonl",
        "xunshi parse bulletins/damaged.txt -f jsonl --table diagnostics 2>/dev/null",
        "xunshi parse sample.txt -f table | head -7",
        "xunshi parse bulletins/ -f csv --table files 2>/dev/null | cut -d, -f1-6,16-21",
    ):
        done = subprocess.run(  # noqa: S602 - the commands are the page's
            command.replace("xunshi", XUNSHI, 1) + ("" if "2>" in command else " 2>&1"),
            shell=True, cwd=tmp_path, capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
        assert f"$ {command}\n{done.stdout}" in page, command
