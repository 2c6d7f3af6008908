"""The real ``xunshi`` entry point, run as a subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import xunshi_parser
from xunshi_parser import Bulletin
from xunshi_parser.cli import main

from support import SAMPLE_PATH

XUNSHI = shutil.which("xunshi") or "xunshi"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [XUNSHI, *args], input=stdin, capture_output=True, check=False, timeout=60
    )


def test_parse_sample_prints_json(sample: Bulletin) -> None:
    done = run("parse", "--sample")
    assert done.returncode == 0, done.stderr
    assert "市档案馆".encode() in done.stdout  # UTF-8, not \\u escapes
    parsed = Bulletin.model_validate_json(done.stdout)
    assert parsed == sample


def test_parse_file(sample: Bulletin) -> None:
    done = run("parse", str(SAMPLE_PATH))
    assert done.returncode == 0
    assert json.loads(done.stdout)["entries"][0]["unit"]["text"] == "市档案馆"


def test_parse_stdin(sample: Bulletin) -> None:
    done = run("parse", "-", stdin=SAMPLE_PATH.read_bytes())
    assert done.returncode == 0
    assert Bulletin.model_validate_json(done.stdout) == sample


def test_missing_file_exits_2(tmp_path: Path) -> None:
    done = run("parse", str(tmp_path / "missing.txt"))
    assert done.returncode == 2
    assert b"missing.txt" in done.stderr
    assert b"Traceback" not in done.stderr


def test_not_a_bulletin_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text("日前，某地通报了巡视情况。", encoding="utf-8")
    done = run("parse", str(path))
    assert done.returncode == 1
    assert b"no bulletin sections found" in done.stderr
    assert b"Traceback" not in done.stderr


def test_undecodable_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x80abc")
    done = run("parse", str(path))
    assert done.returncode == 1
    assert b"byte offset 0" in done.stderr


def test_strict(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_text(SAMPLE_PATH.read_text(encoding="utf-8")[:420], encoding="utf-8")
    assert run("parse", str(path)).returncode == 0
    done = run("parse", "--strict", str(path))
    assert done.returncode == 1
    assert b"XS201" in done.stderr


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.decode().strip() == f"xunshi {xunshi_parser.__version__}"


def test_usage_error_exits_2() -> None:
    assert run().returncode == 2
    assert run("parse").returncode == 2


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
