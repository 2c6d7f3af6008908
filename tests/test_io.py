"""Bytes and files in: BOM handling, the encoding override, undecodable bytes."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from xunshi_parser import Bulletin, DecodeError, parse_bytes, parse_file
from xunshi_parser.io import decode_bytes, detect_encoding

from support import SAMPLE_PATH


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"abc", "abc"),
        (codecs.BOM_UTF8 + "巡视".encode(), "巡视"),
        (codecs.BOM_UTF16_LE + "巡视".encode("utf-16-le"), "巡视"),
        (codecs.BOM_UTF16_BE + "巡视".encode("utf-16-be"), "巡视"),
        (b"", ""),
    ],
)
def test_decode(data: bytes, text: str) -> None:
    assert decode_bytes(data) == text


def test_encoding_override() -> None:
    assert decode_bytes("巡视组".encode("gb18030"), encoding="gb18030") == "巡视组"
    assert decode_bytes(codecs.BOM_UTF8 + b"ab", encoding="utf-8-sig") == "ab"
    assert decode_bytes(codecs.BOM_UTF8 + b"ab", encoding="utf-8") == "ab"
    big_endian = codecs.BOM_UTF16_BE + "巡".encode("utf-16-be")
    assert decode_bytes(big_endian, encoding="utf-16") == "巡"


def test_a_byte_order_mark_wins_over_the_encoding_argument() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + "巡视".encode(), encoding="gbk") == "巡视"


@pytest.mark.parametrize("encoding", ["base64", "rot13", "hex", "zlib", "uu", "a\x00b"])
def test_codecs_that_are_not_for_text(encoding: str) -> None:
    with pytest.raises(DecodeError):
        decode_bytes(b"abc", encoding=encoding)


def test_a_page_declaring_a_codec_that_is_not_for_text(sample_text: str) -> None:
    from xunshi_parser import parse_html

    section = sample_text[sample_text.index("■") : sample_text.index("】") + 1]
    page = f'<html><head><meta charset="base64"></head><body><p>{section}</p></body></html>'
    assert parse_html(page.encode()).entries[0].unit.text == "市档案馆"


@pytest.mark.parametrize("value", ["■甲：乙", 12, None])
def test_parse_bytes_wants_bytes(value: object) -> None:
    with pytest.raises(TypeError, match="takes bytes"):
        parse_bytes(value)  # type: ignore[arg-type]


def test_parse_bytes_takes_bytearray_and_memoryview(sample_text: str, sample: Bulletin) -> None:
    data = sample_text.encode()
    assert parse_bytes(bytearray(data)) == sample
    assert parse_bytes(memoryview(data)) == sample  # type: ignore[arg-type]


def test_utf16_error_position_counts_characters() -> None:
    data = codecs.BOM_UTF16_LE + "原标题：测试\n上".encode("utf-16-le") + b"\x00\xd8a\x00"
    with pytest.raises(DecodeError) as caught:
        decode_bytes(data)
    assert (caught.value.line, caught.value.column) == (2, 2)


def test_undecodable_bytes_name_the_offset() -> None:
    data = "第一行\n巡视".encode() + b"\xff\xfe" + b"tail"
    with pytest.raises(DecodeError) as caught:
        decode_bytes(data)
    error = caught.value
    assert error.offset == len("第一行\n巡视".encode())
    assert error.line == 2
    assert error.encoding == "utf-8"
    assert str(error) == (
        f"cannot decode byte 0xff at byte offset {error.offset} as utf-8; decode with "
        'errors="replace" (xunshi: --encoding-errors replace) to keep the rest (at line 2, column 3)'
    )
    assert decode_bytes(data, errors="replace") == "第一行\n巡视\ufffd\ufffdtail"


def test_offset_counts_the_bom() -> None:
    with pytest.raises(DecodeError) as caught:
        decode_bytes(codecs.BOM_UTF8 + b"ab\x80")
    assert caught.value.offset == 5


def test_unknown_encoding() -> None:
    with pytest.raises(DecodeError, match="unknown encoding 'klingon'"):
        decode_bytes(b"ab", encoding="klingon")


def test_parse_file_with_bom(tmp_path: Path, sample: Bulletin) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + SAMPLE_PATH.read_bytes())
    assert parse_file(path) == sample


def test_parse_bytes_with_encoding(sample_text: str, sample: Bulletin) -> None:
    assert parse_bytes(sample_text.encode("gb18030"), encoding="gb18030") == sample


def test_parse_file_missing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        parse_file(tmp_path / "missing.txt")


@pytest.mark.parametrize("encoding", ["gbk", "gb2312", "gb18030"])
def test_gb_family_is_detected(sample_text: str, sample: Bulletin, encoding: str) -> None:
    data = sample_text.encode(encoding)
    assert detect_encoding(data) == "gb18030"
    assert parse_bytes(data) == sample


def test_switching_encoding_half_way_names_the_switch(sample_text: str) -> None:
    half = len(sample_text) // 2
    data = sample_text[:half].encode("utf-8") + sample_text[half:].encode("gb18030")
    with pytest.raises(DecodeError) as caught:
        parse_bytes(data)
    assert caught.value.encoding == "utf-8"
    assert caught.value.offset == len(sample_text[:half].encode("utf-8"))


def test_shtml_files_are_pages(tmp_path: Path) -> None:
    # Server-side-include pages of government sites: read as HTML even when they open with
    # text (an included fragment), not markup.
    section = "■市档案馆：为民服务意识不强档案工作有差距，为民服务意识不强。【市委第一巡视组向市档案馆反馈巡视情况】"
    for suffix in (".shtml", ".SHTM"):
        path = tmp_path / f"page{suffix}"
        path.write_text(f"正文\n<p>{section}</p><p>&lt;b&gt;</p>", encoding="utf-8")
        bulletin = parse_file(path)
        assert bulletin.entries[0].unit.text == "市档案馆"
        assert "<b>" in bulletin.text  # the entity decoded: it was read as a page
