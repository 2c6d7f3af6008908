"""The ``xunshi`` command's entry point, also ``python -m xunshi_parser``.

It loads the command line under Ctrl-C handling, so an interrupt while the command loads ends
like one while it runs: ``xunshi: interrupted`` and status 130, no traceback. (Only the
interpreter's own start-up, before this module runs, is out of reach.)
"""

from __future__ import annotations

import sys

__all__ = ["run"]

#: 128 + SIGINT, as shells report it; the command line uses the same status.
_INTERRUPTED = 130


def run() -> None:
    """Load the command line and run it with the process's arguments; exits with its status."""
    try:
        from xunshi_parser.cli import main  # noqa: PLC0415 - under the handler, on purpose
    except KeyboardInterrupt:
        sys.stderr.write("xunshi: interrupted\n")
        raise SystemExit(_INTERRUPTED) from None
    raise SystemExit(main())


if __name__ == "__main__":
    run()
