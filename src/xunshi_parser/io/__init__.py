"""Input decoding: bytes, files and HTML pages to text. The only layer that sees bytes."""

from xunshi_parser.io.decode import decode_bytes, detect_encoding, normal_encoding, read_bytes

__all__ = ["decode_bytes", "detect_encoding", "normal_encoding", "read_bytes"]
