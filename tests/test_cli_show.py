"""``xunshi show``: the page with -o, the coloured text on a terminal, plain text elsewhere."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from xunshi_parser import cli, parse
from xunshi_parser.view import TEXT_CLASS

from support import FIXTURES, SAMPLE_PATH

XUNSHI = shutil.which("xunshi") or "xunshi"
FIRST_TRAILER = "【市委第一巡视组向市档案馆反馈巡视情况】"


def show(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [XUNSHI, "show", *map(str, args)],
        capture_output=True, text=True, check=False, timeout=120, cwd=cwd,
    )  # fmt: skip


def texts_of(page: Path) -> list[str]:
    document = lxml_html.document_fromstring(page.read_text(encoding="utf-8"))
    return [
        element.text_content()
        for element in document.iter()
        if TEXT_CLASS in (element.get("class") or "").split()
    ]


def test_one_page_for_several_bulletins(tmp_path: Path, sample_text: str) -> None:
    # The damaged example of docs/cli.md: its diagnostics are shown at their places.
    damaged = sample_text.replace(FIRST_TRAILER, "", 1)
    damaged = damaged.replace("等38家单位党组织开展", "等39家单位党组织开展")
    (tmp_path / "damaged.txt").write_text(damaged, encoding="utf-8")
    out = tmp_path / "report.html"
    done = show(SAMPLE_PATH, tmp_path / "damaged.txt", "-o", out)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert texts_of(out) == [sample_text, damaged]
    page = out.read_text(encoding="utf-8")
    document = lxml_html.document_fromstring(page)
    # Every section of both bulletins is marked; the damaged one's diagnostics too.
    assert document.get_element_by_id("b1-s38") is not None
    assert document.get_element_by_id("b2-s38") is not None
    labels = [element.get("data-label") for element in document.iter() if element.get("data-label")]
    codes = {label.split()[0] for label in labels}
    assert {"XS201", "XS401", "XS212"} <= codes
    assert "<script" not in page


def test_text_without_a_terminal_has_no_colour(sample_text: str) -> None:
    done = show(SAMPLE_PATH)
    assert done.returncode == 0
    assert "\x1b[" not in done.stdout
    assert sample_text in done.stdout
    assert "XS212 info" in done.stdout


@pytest.mark.parametrize(("no_color", "coloured"), [(None, True), ("1", False)])
def test_colour_on_a_terminal_unless_no_color(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_color: str | None,
    coloured: bool,
) -> None:
    monkeypatch.setattr(cli, "_is_terminal", lambda stream: True)
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert cli.main(["show", "-q", str(SAMPLE_PATH)]) == 0
    assert ("\x1b[" in capsys.readouterr().out) is coloured


def test_a_file_that_fails_is_reported_and_the_rest_shown(tmp_path: Path) -> None:
    (tmp_path / "broken.txt").write_text("日前，某地通报了巡视情况。\n", encoding="utf-8")
    out = tmp_path / "report.html"
    done = show(tmp_path / "broken.txt", SAMPLE_PATH, "-o", out)
    assert done.returncode == 1
    assert "broken.txt: no bulletin sections found" in done.stderr
    assert texts_of(out) == [parse(SAMPLE_PATH.read_text(encoding="utf-8")).text]


def test_never_writes_over_an_input(tmp_path: Path, sample_text: str) -> None:
    path = tmp_path / "bulletin.txt"
    path.write_text(sample_text, encoding="utf-8")
    done = show(path, "-o", path)
    assert done.returncode == 2
    assert "refusing to write over the input file" in done.stderr
    assert path.read_text(encoding="utf-8") == sample_text


def test_a_page_shows_the_text_it_was_rendered_to() -> None:
    done = show(FIXTURES / "beijing-2021-r13.gb2312.html")
    assert done.returncode == 0
    assert "■市档案馆：为民服务意识不强" in done.stdout


def test_cli_page_shows_real_show_output() -> None:
    done = show("--sample")
    last_two = "".join(done.stdout.splitlines(keepends=True)[-2:])
    page = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"$ xunshi show --sample | tail -2\n{last_two}```" in page


def test_output_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    done = show(SAMPLE_PATH, "-o", tmp_path / "missing" / "report.html")
    assert done.returncode == 2
    assert f"cannot write {tmp_path / 'missing' / 'report.html'}" in done.stderr
    assert "Traceback" not in done.stderr


def test_file_names_that_are_not_utf8_are_shown_escaped(tmp_path: Path, sample_text: str) -> None:
    import os

    name = os.fsdecode(b"bad\xffname.txt")
    (tmp_path / name).write_text(sample_text, encoding="utf-8")
    out = tmp_path / "report.html"
    done = show(tmp_path / name, SAMPLE_PATH, "-o", out)
    assert (done.returncode, done.stderr) == (0, "")
    assert "bad\\xffname.txt" in out.read_text(encoding="utf-8")
    shown = show(tmp_path / name, SAMPLE_PATH)
    assert shown.returncode == 0
    assert "== " + str(tmp_path) + "/bad\\xffname.txt" in shown.stdout


def test_cli_page_shows_real_db_build_output(tmp_path: Path) -> None:
    done = subprocess.run(
        [XUNSHI, "db", "build", "demo.db", "--sample", "-q"],
        capture_output=True, text=True, check=False, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0
    page = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"$ xunshi db build demo.db --sample -q\n{done.stdout}```" in page
