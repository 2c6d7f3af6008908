"""The pipeline's arrows point one way: each module imports only the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "xunshi_parser"


def imports_of(path: Path) -> set[str]:
    """The modules of this package that ``path`` imports, at any place in the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(name for name in names if name.startswith("xunshi_parser"))
    return found


def module_paths(pattern: str) -> list[Path]:
    paths = sorted(PACKAGE.glob(pattern))
    assert paths, pattern
    return paths


def test_the_grammar_imports_nothing_of_the_package() -> None:
    assert imports_of(PACKAGE / "grammar.py") == set()


@pytest.mark.parametrize("path", module_paths("fields/*.py"), ids=lambda path: path.name)
def test_field_rules_see_only_the_grammar_and_each_other(path: Path) -> None:
    allowed = ("xunshi_parser.grammar", "xunshi_parser.fields")
    assert {name for name in imports_of(path) if not name.startswith(allowed)} == set()


def test_the_scanner_knows_no_field_rule() -> None:
    imported = imports_of(PACKAGE / "scan.py")
    assert imported
    assert all(name.startswith("xunshi_parser.grammar") for name in imported)


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("scan.py", ("xunshi_parser.fields", "xunshi_parser.models", "xunshi_parser.parser")),
        ("normalise.py", ("xunshi_parser.fields", "xunshi_parser.scan", "xunshi_parser.models")),
        ("io/html.py", ("xunshi_parser.fields", "xunshi_parser.scan", "xunshi_parser.parser")),
        ("io/decode.py", ("xunshi_parser.fields", "xunshi_parser.scan", "xunshi_parser.parser")),
        ("io/sniff.py", ("xunshi_parser.fields", "xunshi_parser.scan", "xunshi_parser.parser")),
        ("models.py", ("xunshi_parser.fields", "xunshi_parser.scan", "xunshi_parser.parser")),
        ("diagnostics.py", ("xunshi_parser.fields", "xunshi_parser.scan", "xunshi_parser.parser")),
    ],
)
def test_arrows_point_down(module: str, forbidden: tuple[str, ...]) -> None:
    assert {name for name in imports_of(PACKAGE / module) if name.startswith(forbidden)} == set()


@pytest.mark.parametrize(
    "path",
    # The command line and its entry point (__main__) are the CLI.
    [
        path
        for path in module_paths("**/*.py")
        if path.name not in {"cli.py", "__init__.py", "__main__.py"}
    ],
    ids=lambda path: str(path.relative_to(PACKAGE)),
)
def test_nothing_in_the_library_imports_the_cli(path: Path) -> None:
    assert not {name for name in imports_of(path) if name.startswith("xunshi_parser.cli")}


@pytest.mark.parametrize(
    "path",
    [path for path in module_paths("**/*.py") if path.name != "grammar.py"],
    ids=lambda path: str(path.relative_to(PACKAGE)),
)
def test_the_format_is_spelled_only_in_the_grammar(path: Path) -> None:
    """No module but the grammar compiles a pattern of the format's words or variants."""
    literals = _pattern_literals(path.read_text(encoding="utf-8"))
    for word in ("反馈", "巡视", "责任编辑", "：", "■", "馈", "視"):
        assert word not in literals, f"a pattern spells {word!r}"


def _pattern_literals(source: str) -> str:
    """The string literals passed to re.compile or regex.compile in ``source``, joined."""
    literals: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "compile"
        ):
            literals.extend(
                part.value
                for argument in node.args
                for part in ast.walk(argument)
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
    return "\n".join(literals)
