"""The error hierarchy: every error the library raises is a :class:`XunshiError`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from xunshi_parser.models import Diagnostic

__all__ = ["BulletinError", "DecodeError", "InputTooLargeError", "ReadError", "XunshiError"]


class XunshiError(ValueError):
    """Base of every error the library raises.

    ``line`` and ``column`` are 1-based and ``offset`` 0-based; all three are ``None`` when the
    error has no meaningful position. ``str()`` reads ``"message (at line 3, column 5)"``.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        offset: int | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
        super().__init__(self._render())

    def _render(self) -> str:
        if self.line is None:
            return self.message
        if self.column is None:
            return f"{self.message} (at line {self.line})"
        return f"{self.message} (at line {self.line}, column {self.column})"

    def _state(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "offset": self.offset}

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments are lost by the default Exception pickling, and batches send
        # errors between processes.
        return (_rebuild, (type(self), self.message, self._state()))


def _rebuild(cls: type[XunshiError], message: str, state: dict[str, Any]) -> XunshiError:
    return cls(message, **state)


class BulletinError(XunshiError):
    """The text holds no bulletin, or ``strict=True`` and an error diagnostic was found.

    ``diagnostics`` holds the error diagnostics that caused a strict failure (empty otherwise).
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        offset: int | None = None,
        diagnostics: Sequence[Diagnostic] = (),
    ) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__(message, line=line, column=column, offset=offset)

    def _state(self) -> dict[str, Any]:
        return {**super()._state(), "diagnostics": self.diagnostics}


class DecodeError(XunshiError):
    """Bytes that cannot be decoded as the chosen encoding (with ``errors="strict"``), or an
    encoding that is unknown or not for text.

    ``offset`` is the byte offset of the first undecodable byte; ``line`` counts newlines before it.
    A binary file (a PDF, an image...) is refused as a plain :class:`XunshiError` before any
    decoding: no encoding is to blame.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        offset: int | None = None,
        encoding: str | None = None,
    ) -> None:
        self.encoding = encoding
        super().__init__(message, line=line, column=column, offset=offset)

    def _state(self) -> dict[str, Any]:
        return {**super()._state(), "encoding": self.encoding}


class InputTooLargeError(XunshiError):
    """The input is larger than the ``max_bytes`` limit; ``offset`` is the limit."""


class ReadError(XunshiError):
    """A file named in a batch could not be read (missing, a folder, no permission)."""
