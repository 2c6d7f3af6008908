"""The ``xunshi`` command. The library never imports this module."""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from typing import TYPE_CHECKING, Final

from xunshi_parser import XunshiError, __version__, parse_bytes

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]

SAMPLE: Final = "beijing-2021-r13.txt"
EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xunshi",
        description="Parse inspection-feedback bulletins (巡视/巡察反馈情况通报) into records.",
        epilog="example: xunshi parse --sample",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parse_command = commands.add_parser(
        "parse",
        help="print a bulletin as JSON",
        description="Parse one bulletin and print it as JSON (UTF-8, Chinese unescaped).",
        epilog="examples: xunshi parse bulletin.txt | xunshi parse --sample",
    )
    source = parse_command.add_mutually_exclusive_group(required=True)
    source.add_argument("path", nargs="?", help="the bulletin file, or - for standard input")
    source.add_argument("--sample", action="store_true", help="the bundled sample bulletin")
    parse_command.add_argument("--encoding", help="decode the file with this encoding")
    parse_command.add_argument(
        "--strict", action="store_true", help="fail when the bulletin has an error diagnostic"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 done, 1 parse failed, 2 usage or I/O)."""
    arguments = _parser().parse_args(argv)
    if arguments.sample:
        data = (resources.files("xunshi_parser") / "data" / SAMPLE).read_bytes()
        name = f"<sample {SAMPLE}>"
    else:
        name = arguments.path
        try:
            data = sys.stdin.buffer.read() if name == "-" else _read(name)
        except OSError as error:
            print(f"xunshi: {name}: {error.strerror or error}", file=sys.stderr)
            return EXIT_USAGE
    try:
        bulletin = parse_bytes(data, encoding=arguments.encoding, strict=arguments.strict)
    except XunshiError as error:
        print(f"xunshi: {name}: {error}", file=sys.stderr)
        return EXIT_FAILED
    sys.stdout.buffer.write(bulletin.model_dump_json(indent=2).encode("utf-8") + b"\n")
    sys.stdout.buffer.flush()
    return EXIT_OK


def _read(path: str) -> bytes:
    with open(path, "rb") as file:  # noqa: PTH123 - the CLI reports OSError itself
        return file.read()


if __name__ == "__main__":
    sys.exit(main())
