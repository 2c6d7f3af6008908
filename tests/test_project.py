"""The project's own promises: the README's example runs, CI runs the README's test command."""

from __future__ import annotations

import doctest
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"


def setup_commands() -> list[str]:
    return re.findall(r"```sh\n(python3 -m venv[^\n]*)\n```", README.read_text(encoding="utf-8"))


def test_readme_has_exactly_two_setup_commands() -> None:
    commands = setup_commands()
    assert len(commands) == 2
    assert commands[0].endswith("xunshi parse --sample")
    assert commands[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.splitlines()


@pytest.mark.parametrize("page", [README, ROOT / "docs" / "python-api.md"], ids=lambda p: p.name)
def test_python_examples_in_docs(monkeypatch: pytest.MonkeyPatch, page: Path) -> None:
    monkeypatch.chdir(ROOT)
    text = page.read_text(encoding="utf-8")
    example = "\n".join(re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL))
    parser = doctest.DocTestParser()
    test = parser.get_doctest(example, {}, page.name, str(page), 0)
    assert test.examples
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0


def test_data_model_page_is_up_to_date() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "docs"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "docs"))
    page = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    assert page == generate.render(), "run: python docs/generate.py"


def test_cli_page_shows_real_output(tmp_path: Path) -> None:
    """The validate examples in docs/cli.md are what the command prints."""
    import shutil
    import subprocess

    sample = (ROOT / "tests" / "fixtures" / "beijing-2021-r13.txt").read_text(encoding="utf-8")
    (tmp_path / "sample.txt").write_text(sample, encoding="utf-8")
    damaged = sample.replace("【市委第一巡视组向市档案馆反馈巡视情况】", "", 1)
    damaged = damaged.replace("等38家单位党组织开展", "等39家单位党组织开展")
    (tmp_path / "damaged.txt").write_text(damaged, encoding="utf-8")
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    xunshi = shutil.which("xunshi") or "xunshi"
    for name in ("sample.txt", "damaged.txt", "missing.txt"):
        done = subprocess.run(
            [xunshi, "validate", name], cwd=tmp_path, capture_output=True, text=True, check=False
        )
        shown = f"$ xunshi validate {name}\n{done.stdout}$ echo $?\n{done.returncode}\n"
        assert shown in page


def test_module_doctests() -> None:
    import xunshi_parser
    from xunshi_parser.fields import findings, numerals, unit

    for module in (xunshi_parser, findings, numerals, unit):
        result = doctest.testmod(module)
        assert result.failed == 0
        assert result.attempted > 0, module.__name__


def test_changelog_names_this_version() -> None:
    import xunshi_parser

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{xunshi_parser.__version__}]" in changelog


def test_import_does_not_load_lxml() -> None:
    import subprocess
    import sys

    code = "import sys, xunshi_parser; print('lxml' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )  # fmt: skip
    assert done.stdout.strip() == "False"


def test_parsing_the_sample_compiles_no_pattern_it_does_not_need() -> None:
    """The patterns only some texts need are compiled on first use: a ■ bulletin with a year
    in its period, a unit count after its units and an editor line at its end (the sample),
    parsed in a fresh process, never asks for them, and `xunshi validate` starts without their
    cost. Every pattern made by grammar.on_first_use is listed here."""
    import subprocess
    import sys

    deferred = (
        "_feedback_report",
        "_furniture_line",
        "_numerals",
        "_page_number",
        "_page_number_key",
        "_related_label",
        "bracketed_label_line",
        "bulletin_tokens",
        "closing_source",
        "cut_header",
        "dateline",
        "feedback_header",
        "findings_intro",
        "glued_lead_start",
        "header_and_headline",
        "issuer_lead_in",
        "issuer_trailing_verbs",
        "joint_teams",
        "lead_line_start",
        "leading_ordinal",
        "news_dateline",
        "ordinal_header",
        "period_without_year",
        "restated_unit",
        "round_after",
        "round_issuer_before_year",
        "rounds_before",
        "source_before_editor",
        "units_inspected",
    )
    code = (
        "from xunshi_parser import parse_file; from xunshi_parser import grammar;"
        f"parse_file({str(ROOT / 'tests' / 'fixtures' / 'beijing-2021-r13.txt')!r});"
        "print(*(getattr(grammar, name).cache_info().currsize"
        f" for name in {deferred!r}),"
        " *(pattern.cache_info().currsize for pattern in grammar._UNIT_COUNTS_LATER))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0"] * (len(deferred) + 6)


def test_every_pattern_compiled_on_first_use_is_checked_above() -> None:
    """A pattern made lazy is listed in the test above, so the sample never compiles it."""
    import functools

    from xunshi_parser import grammar

    lazy = {
        name
        for name, value in vars(grammar).items()
        if isinstance(value, functools._lru_cache_wrapper)
    }
    source = (ROOT / "tests" / "test_project.py").read_text(encoding="utf-8")
    listed = source[source.index("deferred = (") : source.index("code = (")]
    assert lazy == {name for name in lazy if f'"{name}"' in listed}
    assert len(grammar._UNIT_COUNTS_LATER) == 6


def test_format_doc_lists_every_diagnostic_code() -> None:
    """One table of codes: docs/format.md shows it, the rules raise exactly its codes."""
    import ast
    import sys

    from xunshi_parser import diagnostics
    from xunshi_parser.codes import CODES

    sys.path.insert(0, str(ROOT / "docs"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "docs"))
    page = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    assert page == generate.render_format(page), "run: python docs/generate.py"
    documented = re.findall(r"^\| (XS\d{3}) \| (\w+) \|", page, flags=re.M)
    assert documented == [(code.code, code.severity) for code in CODES]

    # Every Problem the rules build names its code as a literal, so the source shows them all.
    tree = ast.parse(Path(diagnostics.__file__).read_text(encoding="utf-8"))
    named = [
        node.args[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem"
    ]
    assert named
    assert all(isinstance(code, ast.Constant) for code in named)
    emitted = {code.value for code in named if isinstance(code, ast.Constant)}
    assert emitted == {code.code for code in CODES}
