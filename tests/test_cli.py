"""The real ``xunshi`` entry point, run as a subprocess on fixtures."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import xunshi_parser
from xunshi_parser import Bulletin, parse_file
from xunshi_parser.cli import main

from support import FIXTURES, SAMPLE_PATH, open_for_writing, sigint_handled, stderr_at_exit

XUNSHI = shutil.which("xunshi") or "xunshi"
HTML_PAGE = FIXTURES / "beijing-2021-r13.gb2312.html"
FIRST_TRAILER = "【市委第一巡视组向市档案馆反馈巡视情况】"
#: The sum of the hand-written finding counts in beijing-2021-r13.expected.json.
FINDINGS = 234


def run(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [XUNSHI, *map(str, args)], input=stdin, capture_output=True, check=False, timeout=120
    )


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    path = tmp_path / "damaged.txt"
    text = SAMPLE_PATH.read_text(encoding="utf-8").replace(FIRST_TRAILER, "", 1)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three good bulletins (text, HTML, a nested one) and one broken file."""
    root = tmp_path / "bulletins"
    (root / "nested").mkdir(parents=True)
    shutil.copy(SAMPLE_PATH, root / "a.txt")
    shutil.copy(HTML_PAGE, root / "b.html")
    shutil.copy(SAMPLE_PATH, root / "nested" / "c.txt")
    (root / "broken.txt").write_text("日前，某地通报了巡视情况。", encoding="utf-8")
    (root / "notes.md").write_text("not a bulletin file type", encoding="utf-8")
    return root


# --- parse -------------------------------------------------------------------------------


def bulletin_of(data: dict[str, object]) -> tuple[object, Bulletin]:
    """The path and the bulletin of one object of ``parse -f json``."""
    data = dict(data)
    return data.pop("path"), Bulletin.model_validate(data)


def test_parse_sample_prints_json(sample: Bulletin) -> None:
    done = run("parse", "--sample")  # not a terminal: JSON
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""  # the sample has an info only
    assert "市档案馆".encode() in done.stdout  # UTF-8, not \\u escapes
    path, bulletin = bulletin_of(json.loads(done.stdout))
    assert bulletin == sample
    assert str(path).endswith(SAMPLE_PATH.name)


def test_json_of_one_file_is_an_object_of_several_a_list(sample: Bulletin) -> None:
    one = run("parse", SAMPLE_PATH)
    assert bulletin_of(json.loads(one.stdout)) == (str(SAMPLE_PATH), sample)
    two = run("parse", SAMPLE_PATH, HTML_PAGE)
    assert two.returncode == 0
    parsed = json.loads(two.stdout)
    assert [len(b["entries"]) for b in parsed] == [38, 38]
    assert bulletin_of(parsed[0]) == (str(SAMPLE_PATH), sample)
    assert bulletin_of(parsed[1]) == (str(HTML_PAGE), parse_file(HTML_PAGE))


def test_stdin(sample: Bulletin) -> None:
    done = run("parse", "-", stdin=SAMPLE_PATH.read_bytes())
    assert done.returncode == 0
    assert bulletin_of(json.loads(done.stdout)) == ("-", sample)


def test_csv_entries(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    done = run("parse", SAMPLE_PATH, "-f", "csv", "-o", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert len(rows) == 38
    assert list(rows[0]) == list(xunshi_parser.EntryRow.model_fields)
    first, fifteenth, last = rows[0], rows[14], rows[37]
    assert first["path"] == str(SAMPLE_PATH)
    assert first["unit"] == "市档案馆"
    assert first["headline"] == "为民服务意识不强"
    assert first["finding_count"] == "10"
    assert json.loads(first["findings"])[:2] == ["档案工作服务首都发展有差距", "理论学习不够深入"]
    assert first["issuer"] == "北京市委"
    assert (first["term"], first["round"]) == ("12", "13")
    assert first["party_org"] == ""
    assert fifteenth["organizations"] == '["市科委","中关村管委会"]'
    assert fifteenth["party_org"] == "党组"
    assert last["team_number"] == "13"
    assert rows[32]["diagnostics"] == '["XS212"]'


def test_csv_with_bom_for_excel(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert run("parse", SAMPLE_PATH, "-f", "csv", "--bom", "-o", out).returncode == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfpath,title,")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 39


def test_csv_findings(tmp_path: Path, sample: Bulletin) -> None:
    out = tmp_path / "findings.csv"
    assert run("parse", SAMPLE_PATH, "-f", "csv", "--table", "findings", "-o", out).returncode == 0
    with out.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == sum(len(e.findings) for e in sample.entries) == FINDINGS
    assert rows[0] == {
        "path": str(SAMPLE_PATH),
        "entry": "1",
        "unit": "市档案馆",
        "finding": "1",
        "text": "档案工作服务首都发展有差距",
    }
    assert rows[-1]["entry"] == "38"
    assert rows[-1]["finding"] == "8"


def test_jsonl(sample: Bulletin) -> None:
    done = run("parse", SAMPLE_PATH, HTML_PAGE, "-f", "jsonl")
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == 76
    first = json.loads(lines[0])
    assert first["title"] == sample.title
    assert (first["issuer"], first["term"], first["round"]) == ("北京市委", 12, 13)
    assert first["findings"][0] == "档案工作服务首都发展有差距"
    html_row = json.loads(lines[38])
    assert html_row["path"] == str(HTML_PAGE)
    assert html_row["published"] == "2022-01-25"
    assert html_row["source"] == "北京纪检监察网"
    findings = run("parse", SAMPLE_PATH, "-f", "jsonl", "--table", "findings")
    assert len(findings.stdout.splitlines()) == FINDINGS


def test_folder_with_a_broken_file(folder: Path) -> None:
    done = run("parse", folder, "-f", "jsonl")
    assert done.returncode == 1
    assert f"{folder / 'broken.txt'}: no bulletin sections found".encode() in done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    paths = [record["path"] for record in records if "error" not in record]
    assert sorted(set(paths)) == sorted(
        str(folder / n) for n in ("a.txt", "b.html", "nested/c.txt")
    )
    assert len(paths) == 3 * 38
    # The failed file is in the output too, in its place (a.txt, b.html, broken.txt, …).
    (error,) = [record for record in records if "error" in record]
    assert records.index(error) == 2 * 38
    assert error["path"] == str(folder / "broken.txt")
    assert error["error"]["type"] == "BulletinError"
    assert error["error"]["message"].startswith("no bulletin sections found")


def test_glob(folder: Path) -> None:
    done = run("parse", str(folder / "**" / "*.txt"), "-f", "jsonl", "--table", "findings")
    assert done.returncode == 1  # broken.txt is matched too
    assert {json.loads(line)["path"] for line in done.stdout.splitlines()} == {
        str(folder / "a.txt"),
        str(folder / "broken.txt"),
        str(folder / "nested" / "c.txt"),
    }


def test_parallel_output_is_identical(folder: Path) -> None:
    one = run("parse", folder, "-f", "csv", "-j", "1")
    two = run("parse", folder, "-f", "csv", "-j", "2")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr


def test_missing_file() -> None:
    done = run("parse", "/nonexistent/bulletin.txt")
    assert done.returncode == 2
    assert b"/nonexistent/bulletin.txt" in done.stderr
    assert b"Traceback" not in done.stderr


def test_not_a_bulletin_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text("日前，某地通报了巡视情况。", encoding="utf-8")
    done = run("parse", path)
    assert done.returncode == 1
    assert b"no bulletin sections found" in done.stderr
    assert b"Traceback" not in done.stderr


def test_undecodable_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    good = "■市档案馆：为民服务意识不强为民服务意识不强".encode()
    path.write_bytes(good + b"\x80abc")
    done = run("parse", path)
    assert done.returncode == 1
    assert f"byte offset {len(good)}".encode() in done.stderr


def test_strict(damaged: Path) -> None:
    done = run("parse", "--strict", damaged)
    assert done.returncode == 1
    assert b"XS201" in done.stderr
    record = json.loads(done.stdout)  # one file named: an object, its error record
    assert record["path"] == str(damaged)
    assert record["error"]["type"] == "BulletinError"


def test_output_is_atomic_and_never_over_an_input(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    shutil.copy(SAMPLE_PATH, source)
    done = run("parse", source, "-o", source)
    assert done.returncode == 2
    assert b"refusing to write over the input file" in done.stderr
    assert source.read_bytes() == SAMPLE_PATH.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]  # no temporary left


def test_output_into_a_missing_folder(tmp_path: Path) -> None:
    done = run("parse", SAMPLE_PATH, "-o", tmp_path / "missing" / "out.json")
    assert done.returncode == 2
    assert b"cannot write" in done.stderr


# --- validate ----------------------------------------------------------------------------


def test_validate_sample() -> None:
    done = run("validate", SAMPLE_PATH)
    assert done.returncode == 0
    assert done.stdout.decode().splitlines() == [
        (
            f"{SAMPLE_PATH}:1:4958: XS212 info: trailer names '北京积水潭医院党委' "
            "for unit '积水潭医院党委' (one contains the other)"
        ),
        f"{SAMPLE_PATH}: 38 sections, 0 errors, 0 warnings, 1 info",
    ]


def test_validate_damaged(damaged: Path) -> None:
    done = run("validate", damaged)
    assert done.returncode == 1
    lines = done.stdout.decode().splitlines()
    marker = damaged.read_text(encoding="utf-8").index("■市档案馆") + 1
    assert lines[0] == (
        f"{damaged}:1:{marker}: XS201 error: section '市档案馆' has no trailer "
        "【…反馈巡视情况】: cut or damaged"
    )
    assert lines[-1] == f"{damaged}: 38 sections, 1 error, 0 warnings, 1 info"


def test_validate_warnings_and_strict(tmp_path: Path) -> None:
    path = tmp_path / "count.txt"
    text = SAMPLE_PATH.read_text(encoding="utf-8").replace(
        "等38家单位党组织开展", "等39家单位党组织开展"
    )
    path.write_text(text, encoding="utf-8")
    assert run("validate", path).returncode == 0
    done = run("validate", "--strict", path)
    assert done.returncode == 1
    assert b"XS401 warning" in done.stdout


def test_validate_json(damaged: Path) -> None:
    done = run("validate", damaged, SAMPLE_PATH, "--format", "json")
    assert done.returncode == 1
    reports = json.loads(done.stdout)
    assert [r["path"] for r in reports] == [str(damaged), str(SAMPLE_PATH)]
    assert reports[0]["error"] == 1
    assert reports[0]["diagnostics"][0]["code"] == "XS201"
    assert reports[0]["diagnostics"][0]["line"] == 1
    assert reports[1]["sections"] == 38
    assert reports[1]["failure"] is None


def test_validate_not_a_bulletin(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text("日前，某地通报了巡视情况。", encoding="utf-8")
    done = run("validate", path)
    assert done.returncode == 1
    assert (
        done.stdout.decode().splitlines()[0].startswith(f"{path}: BulletinError error: no bulletin")
    )


def test_validate_missing_file_exits_2(tmp_path: Path) -> None:
    done = run("validate", SAMPLE_PATH, tmp_path / "missing.txt")
    assert done.returncode == 2
    assert f"{tmp_path / 'missing.txt'}: ReadError error: cannot read".encode() in done.stdout


def test_validate_folder_summary(folder: Path) -> None:
    done = run("validate", folder)
    assert done.returncode == 1
    assert (
        done.stdout.decode().splitlines()[-1]
        == "4 files: 114 sections, 1 error, 0 warnings, 3 info"
    )


# --- schema, help, version ---------------------------------------------------------------


@pytest.mark.parametrize("table", [None, "entries", "findings"])
def test_schema_is_valid_and_describes_the_output(table: str | None, tmp_path: Path) -> None:
    done = run("schema", *(["--table", table] if table else []))
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    if table is None:
        validator.validate(json.loads(run("parse", SAMPLE_PATH).stdout))
    else:
        rows = run("parse", SAMPLE_PATH, HTML_PAGE, "-f", "jsonl", "--table", table).stdout
        for line in rows.splitlines():
            validator.validate(json.loads(line))


@pytest.mark.parametrize("command", ["parse", "validate", "schema"])
def test_help_has_an_example(command: str) -> None:
    done = run(command, "--help")
    assert done.returncode == 0
    assert f"xunshi {command}".encode() in done.stdout.split(b"examples:")[1]


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.decode().strip() == f"xunshi {xunshi_parser.__version__}"


@pytest.mark.parametrize(
    "args", [(), ("parse",), ("parse", "-f", "xml", "a"), ("parse", "-j", "0", "a")]
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert b"usage:" in done.stderr


def test_module_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xunshi_parser.cli", "parse", "--sample"],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0


def test_main_in_process(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["parse", str(SAMPLE_PATH)]) == 0
    assert json.loads(capsysbinary.readouterr().out)["editor"] == "王蒙"


def progress_output(*args: str | Path, both: bool = False) -> bytes:
    """stderr of the command when it is a terminal (a pseudo-terminal here); with ``both``,
    stdout on the same terminal too, as a person sees them."""
    import os
    import pty

    primary, secondary = pty.openpty()
    with subprocess.Popen(
        [XUNSHI, *map(str, args)],
        stdout=secondary if both else subprocess.DEVNULL,
        stderr=secondary,
    ) as process:
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=120)
    os.close(primary)
    return b"".join(chunks)


def test_progress_bar_on_a_terminal(folder: Path) -> None:
    shown = progress_output("parse", folder, "-f", "csv")
    assert b"4/4" in shown
    assert b"file" in shown
    assert b"4/4" not in progress_output("parse", folder, "-f", "csv", "-q")
    assert b"4/4" not in run("parse", folder, "-f", "csv").stderr  # not a terminal


def test_progress_bar_never_splits_an_output_line(folder: Path) -> None:
    """stdout and stderr on one terminal: every line validate prints stands whole, the bar
    cleared before it (what follows the last carriage return of a line is the line)."""
    expected = run("validate", folder).stdout.decode().splitlines()
    assert len(expected) > 4  # diagnostics and summaries of several files
    shown = progress_output("validate", folder, both=True).decode()
    lines = [line.rsplit("\r", 1)[-1] for line in shown.replace("\r\n", "\n").split("\n")]
    assert "4/4" in shown  # the bar was there
    for line in expected:
        assert line in lines, line


def test_interrupt_leaves_no_file_and_no_traceback(tmp_path: Path) -> None:
    """A parallel batch interrupted at a point the test controls: the first input is a FIFO
    that a worker blocks on until the test has sent SIGINT and closed it."""
    import os
    import signal

    folder = tmp_path / "many"
    folder.mkdir()
    fifo = tmp_path / "fifo.txt"  # named first: a folder scan takes regular files only
    os.mkfifo(fifo)
    for number in range(40):
        shutil.copy(SAMPLE_PATH, folder / f"{number:03d}.txt")
    out = tmp_path / "out.csv"
    with (
        sigint_handled(),
        subprocess.Popen(
            [XUNSHI, "parse", str(fifo), str(folder), "-f", "csv", "-j", "2", "-o", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process,
    ):
        # Opening the writing end waits until a worker reads the FIFO: the pool is running
        # and the parent's Ctrl-C handling is in place.
        with os.fdopen(open_for_writing(fifo, process), "wb") as writer:
            writer.write(SAMPLE_PATH.read_bytes())
            process.send_signal(signal.SIGINT)
        stderr = stderr_at_exit(process)
    assert process.returncode == 130
    assert b"Traceback" not in stderr
    assert stderr.endswith(b"xunshi: interrupted\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo.txt", "many"]


# --- output edge cases (from review) --------------------------------------------------------


def test_output_through_a_symlink_replaces_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run("parse", SAMPLE_PATH, "-o", link).returncode == 0
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["editor"] == "王蒙"


def test_output_to_a_device_is_written_in_place() -> None:
    assert run("parse", SAMPLE_PATH, "-o", "/dev/null").returncode == 0
    assert Path("/dev/null").is_char_device()


def test_output_file_modes(tmp_path: Path) -> None:
    import os
    import stat

    new = tmp_path / "new.json"
    assert run("parse", SAMPLE_PATH, "-o", new).returncode == 0
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask
    existing = tmp_path / "existing.json"
    existing.write_text("old", encoding="utf-8")
    existing.chmod(0o640)
    assert run("parse", SAMPLE_PATH, "-o", existing).returncode == 0
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640


def test_a_run_that_converts_nothing_leaves_out_alone(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("precious", encoding="utf-8")
    news = tmp_path / "news.txt"
    news.write_text("日前，某地通报了巡视情况。", encoding="utf-8")
    assert run("parse", tmp_path / "missing.txt", "-o", out).returncode == 2
    assert run("parse", tmp_path / "missing.txt", tmp_path / "gone.txt").stdout == b""
    assert out.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.txt", "out.json"]
    # A file that was read but is no bulletin is a record of the run: OUT gets it.
    assert run("parse", news, "-o", out).returncode == 1
    assert json.loads(out.read_text(encoding="utf-8"))["error"]["type"] == "BulletinError"


@pytest.mark.parametrize("command", ["parse", "validate", "schema"])
def test_closed_or_full_stdout(command: str) -> None:
    args = "" if command == "schema" else f" {SAMPLE_PATH}"
    for redirect in (">&-", "> /dev/full"):
        # The shell does the redirections under test.
        done = subprocess.run(  # noqa: S602
            f"{XUNSHI} {command}{args} {redirect}",
            shell=True,
            capture_output=False,
            stderr=subprocess.PIPE,
            check=False,
            timeout=60,
        )
        assert done.returncode == 2, (command, redirect)
        assert b"cannot write <stdout>" in done.stderr
        assert b"Traceback" not in done.stderr


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for command in ("parse", "validate"):
        done = run(command, tmp_path / "empty")
        assert done.returncode == 2
        assert b"no .txt, .htm, .html, .shtml or .shtm file in" in done.stderr


def test_dangling_link_in_a_folder_is_reported(folder: Path) -> None:
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    done = run("validate", folder)
    assert done.returncode == 2
    assert b"gone.txt: ReadError error" in done.stdout


@pytest.mark.parametrize("args", [("--encoding", "bogus"), ("--encoding", "base64"), ("-o", "")])
def test_more_usage_errors(args: tuple[str, ...]) -> None:
    done = run("parse", SAMPLE_PATH, *args)
    assert done.returncode == 2
    assert b"usage:" in done.stderr


def test_odd_codecs_never_crash_a_batch(tmp_path: Path) -> None:
    page = tmp_path / "pun.html"
    page.write_bytes(b'<html><head><meta charset="punycode"></head><body><p>x</p></body></html>')
    done = run("validate", page, SAMPLE_PATH)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert (
        done.stdout.decode().splitlines()[-1] == "2 files: 38 sections, 1 error, 0 warnings, 1 info"
    )
    undefined = run("parse", SAMPLE_PATH, "--encoding", "undefined")
    assert undefined.returncode == 1
    assert b"cannot decode as undefined" in undefined.stderr


def test_a_child_that_ends_before_reading_its_fifo_fails_fast(tmp_path: Path) -> None:
    # The interrupt tests wait for their child on a FIFO: a child that dies first (a broken
    # start-up) must fail them, not leave them blocked for ever.
    import os

    fifo = tmp_path / "input.txt"
    os.mkfifo(fifo)
    with (
        subprocess.Popen([sys.executable, "-c", "pass"], stderr=subprocess.PIPE) as process,
        pytest.raises(AssertionError, match="ended"),
    ):
        open_for_writing(fifo, process, timeout=30)
