"""Input decoding: bytes and files to text. The only layer that sees bytes."""

from xunshi_parser.io.decode import decode_bytes, read_file

__all__ = ["decode_bytes", "read_file"]
