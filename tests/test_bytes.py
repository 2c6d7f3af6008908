"""Bytes that are not a bulletin's text: binary files, damaged bytes, input over the limits."""

from __future__ import annotations

import codecs
import os
import pickle
import re
from pathlib import Path

import pytest

from xunshi_parser import (
    MAX_BYTES,
    Bulletin,
    BulletinError,
    DecodeError,
    InputTooLargeError,
    XunshiError,
    parse,
    parse_bytes,
    parse_file,
    parse_html,
)
from xunshi_parser.io import decode_bytes, detect_encoding
from xunshi_parser.io.decode import read_bytes

from support import SAMPLE_PATH

MB = 1024 * 1024
HINT = 'decode with errors="replace" (xunshi: --encoding-errors replace) to keep the rest'
SECTION = "■市档案馆：为民服务意识不强。【市委第一巡视组向市档案馆反馈巡视情况】"
TRADITIONAL = (
    "原標題：北京通報巡視反饋情況\n"
    "■市檔案館：為民服務意識不強，理論學習不夠深入。【市委第一巡視組向市檔案館反饋巡視情況】"
)

# --- Binary files ----------------------------------------------------------------------------

#: Small hand-made openings of each kind of file, with what the message calls it.
BINARY = [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\xf5\x9c", "a PDF"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff",
        "a Word .doc or other Microsoft Office file",
    ),
    (
        (
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa4\x1c[Content_Types].xml"
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml\xec\x5d"
        ),
        "a Word .docx file",
    ),
    (
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00\x9b\x8e" + b"\x00" * 14 + b"bulletin.txt",
        "a zip archive",
    ),
    (b"PK\x05\x06" + b"\x00" * 18, "a zip archive"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9", "gzip-compressed data"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "a PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01", "a JPEG image"),
    (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff", "a GIF image"),
    (b"GIF87a\x01\x00\x01\x00\x80\x00\x00", "a GIF image"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00", "a WebP image"),
    (b"BZh91AY&SY\x8e\x1a\xd8\x1c", "bzip2-compressed data"),
    (b"7z\xbc\xaf\x27\x1c\x00\x04", "a 7-Zip archive"),
    (b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl}", "an RTF document"),
    (b"\x7fELF\x02\x01\x01\x00", "an executable"),
]


@pytest.mark.parametrize(("data", "kind"), BINARY)
def test_binary_files_are_named_before_any_decoding(data: bytes, kind: str) -> None:
    with pytest.raises(XunshiError) as caught:
        parse_bytes(data)
    error = caught.value
    assert str(error) == f"not a text or HTML file (looks like {kind})"
    assert type(error) is XunshiError
    assert (error.line, error.column, error.offset) == (None, None, None)
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (type(copy), str(copy)) == (XunshiError, str(error))


@pytest.mark.parametrize(("data", "kind"), BINARY[:3])
def test_binary_files_whatever_the_name_or_the_encoding(
    tmp_path: Path, data: bytes, kind: str
) -> None:
    message = f"not a text or HTML file (looks like {kind})"
    # A .html file goes to parse_html, an encoding= skips detection: neither decodes it.
    path = tmp_path / "page.html"
    path.write_bytes(data)
    with pytest.raises(XunshiError) as caught:
        parse_file(path)
    assert str(caught.value) == message
    for call in (parse_bytes, parse_html):
        with pytest.raises(XunshiError) as caught:
            call(data, encoding="gb18030", errors="replace")
        assert str(caught.value) == message


def test_the_pdf_of_the_issue_no_longer_names_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(BINARY[0][0] + bytes(range(256)) * 8)
    with pytest.raises(XunshiError) as caught:
        parse_file(path)
    assert str(caught.value) == "not a text or HTML file (looks like a PDF)"


def test_data_full_of_nul_bytes() -> None:
    data = b"\x00\x00\x00\x01abcd" * 100
    with pytest.raises(XunshiError) as caught:
        parse_bytes(data)
    assert str(caught.value) == (
        "not a text or HTML file (looks like binary data: 400 of its first 800 bytes are NUL or "
        "control bytes); UTF-16 or UTF-32 text without a byte-order mark needs encoding= "
        "(--encoding)"
    )


def test_data_full_of_other_control_bytes() -> None:
    data = bytes(range(1, 32)) * 2 + b"abc" * 10  # 62 controls, 12 of them text's own
    with pytest.raises(XunshiError) as caught:
        decode_bytes(data)
    assert str(caught.value) == (
        "not a text or HTML file (looks like binary data: 50 of its first 92 bytes are NUL or "
        "control bytes)"
    )


def test_utf16_and_utf32_are_text() -> None:
    # Their NUL bytes are text when a byte-order mark or encoding= says so.
    text = "■市档案馆：abc defg【市委第一巡视组向市档案馆反馈巡视情况】"
    assert decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == text
    assert decode_bytes(codecs.BOM_UTF32_BE + text.encode("utf-32-be")) == text
    assert decode_bytes(text.encode("utf-16-le"), encoding="utf-16-le") == text
    assert decode_bytes(text.encode("utf-32-le"), encoding="UTF_32_LE") == text
    with pytest.raises(XunshiError, match="needs encoding="):
        decode_bytes(text.encode("utf-16-le"))


@pytest.mark.parametrize(
    "text",
    [
        "PKU 报告" + SECTION,
        "BZh 报告" + SECTION,
        "GIF 报告" + SECTION,
        "a\x00b" + "x" * 200 + SECTION,
    ],
)
def test_text_that_opens_like_a_signature_is_text(text: str) -> None:
    assert parse_bytes(text.encode()).entries[0].unit.text == "市档案馆"


def test_a_lone_nul_in_a_text_file_is_text(sample_text: str, sample: Bulletin) -> None:
    data = sample_text.encode()
    damaged = data[:300] + b"\x00" + data[300:]
    assert len(parse_bytes(damaged).entries) == len(sample.entries)


# --- Damaged bytes ---------------------------------------------------------------------------


def damage(data: bytes, at: int, bad: bytes = b"\xff") -> bytes:
    return data[:at] + bad + data[at:]


def test_a_bad_byte_strictly_names_its_offset_and_the_way_round(sample_text: str) -> None:
    data = sample_text.encode()
    at = data.index("■市档案馆".encode())
    with pytest.raises(DecodeError) as caught:
        parse_bytes(damage(data, at))
    error = caught.value
    line, column = 1, sample_text.index("■市档案馆") + 1
    assert str(error) == (
        f"cannot decode byte 0xff at byte offset {at} as utf-8; {HINT} "
        f"(at line {line}, column {column})"
    )
    assert (error.offset, error.encoding) == (at, "utf-8")


def test_replace_keeps_the_rest_and_warns_at_the_damage(sample_text: str, sample: Bulletin) -> None:
    data = sample_text.encode()
    at = data.index("为民服务意识不强档案".encode())
    bulletin = parse_bytes(damage(data, at), errors="replace")
    offset = sample_text.index("为民服务意识不强档案")
    assert bulletin.text == sample_text[:offset] + "\ufffd" + sample_text[offset:]
    assert len(bulletin.entries) == len(sample.entries) == 38
    assert [e.unit.text for e in bulletin.entries] == [e.unit.text for e in sample.entries]
    assert [e.findings for e in bulletin.entries[1:]] == [e.findings for e in sample.entries[1:]]
    [replaced] = [d for d in bulletin.diagnostics if d.code == "XS601"]
    assert replaced.severity == "warning"
    assert replaced.message == (
        "1 character replaced by U+FFFD: bytes that did not decode, the text here is damaged"
    )
    assert (replaced.line, replaced.column, replaced.offset) == (1, offset + 1, offset)
    assert replaced.entry == 1
    assert bulletin.entries[0].unit.text == "市档案馆"
    # A warning: strict parsing still returns the bulletin.
    assert parse_bytes(damage(data, at), errors="replace", strict=True) == bulletin


def test_each_run_is_one_warning_with_its_length(sample_text: str) -> None:
    data = sample_text.encode()
    first = data.index("市委第一巡视组".encode())
    second = data.index("责任编辑".encode())
    damaged = damage(damage(data, second, b"\xff\xfe\xfd"), first)
    bulletin = parse_bytes(damaged, errors="replace")
    replaced = [
        (d.message.split(" replaced")[0], d.offset)
        for d in bulletin.diagnostics
        if d.code == "XS601"
    ]
    assert replaced == [
        ("1 character", sample_text.index("市委第一巡视组")),
        ("3 characters", sample_text.index("责任编辑") + 1),
    ]


def test_text_that_arrives_damaged_is_reported(sample_text: str) -> None:
    text = sample_text.replace("市档案馆：", "市档案\ufffd\ufffd：", 1)
    found = [d for d in parse(text).diagnostics if d.code == "XS601"]
    assert [(d.message.split(":")[0], d.entry) for d in found] == [
        ("2 characters replaced by U+FFFD", 1)
    ]


def test_damage_outside_any_section_has_no_entry(sample_text: str) -> None:
    bulletin = parse("\ufffd" + sample_text)
    [found] = [d for d in bulletin.diagnostics if d.code == "XS601"]
    assert (found.line, found.column, found.entry) == (1, 1, None)


@pytest.mark.parametrize("at", [0, 1, 7, 301])
def test_damaged_gb18030_is_read_as_gb18030(sample_text: str, at: int) -> None:
    data = damage(sample_text.encode("gb18030"), at, b"\x80\xff")
    assert detect_encoding(data) == "gb18030"
    with pytest.raises(DecodeError, match="as gb18030; decode with errors=") as caught:
        parse_bytes(data)
    assert caught.value.offset is not None
    assert caught.value.offset >= at
    bulletin = parse_bytes(data, errors="replace")
    assert len(bulletin.entries) == 38
    # A double-byte encoding may take a few characters to find its step again, no more.
    assert bulletin.text.index("38家单位党组织巡视反馈情况") < 40
    assert bulletin.entries[0].unit.text == "市档案馆"
    assert "XS601" in {d.code for d in bulletin.diagnostics}


@pytest.mark.parametrize("at", [0, 1, 2, 3])
def test_damaged_big5_is_read_as_big5(at: int) -> None:
    # At an odd offset the damaged Big5 bytes still "decode" as GB18030, into garbage: the
    # bulletin's own tokens tell the likelier reading.
    data = damage(TRADITIONAL.encode("big5"), at, b"\x80")
    assert detect_encoding(data) == "big5hkscs"
    bulletin = parse_bytes(data, errors="replace")
    assert bulletin.entries[0].unit.text == "市檔案館"
    assert bulletin.entries[0].feedback is not None
    assert bulletin.entries[0].feedback.team_number == 1
    assert "XS601" in {d.code for d in bulletin.diagnostics}


def test_damaged_utf8_early_is_still_utf8(sample_text: str) -> None:
    # Before enough UTF-8 shows it is UTF-8: the fewest replaced characters decide.
    data = damage(sample_text.encode(), 1)
    assert detect_encoding(data) == "utf-8"
    bulletin = parse_bytes(data, errors="replace")
    assert bulletin.text.count("\ufffd") == 4  # the broken character's 3 bytes and the 0xff
    assert len(bulletin.entries) == 38


def test_replace_with_an_encoding_and_a_bom(sample_text: str) -> None:
    data = damage(sample_text.encode("gb18030"), 100, b"\xff")
    bulletin = parse_bytes(data, encoding="gbk", errors="replace")
    assert len(bulletin.entries) == 38
    with pytest.raises(DecodeError, match=re.escape(f"at byte offset 100 as gb18030; {HINT}")):
        parse_bytes(data, encoding="gbk")
    utf16 = codecs.BOM_UTF16_LE + SECTION.encode("utf-16-le")[:-1]  # an odd byte at the end
    assert decode_bytes(utf16, errors="replace") == SECTION[:-1] + "\ufffd"
    with pytest.raises(DecodeError, match=re.escape(f"as utf-16-le; {HINT}")):
        decode_bytes(utf16)


def test_replace_in_files_and_pages(tmp_path: Path) -> None:
    page = f"<html><head><meta charset='utf-8'></head><body><p>{SECTION}</p></body></html>"
    data = page.encode().replace("为民".encode(), b"\xff")
    path = tmp_path / "page.html"
    path.write_bytes(data)
    for bulletin in (
        parse_file(path, errors="replace"),
        parse_html(data, errors="replace"),
        parse_bytes(data, errors="replace"),
    ):
        assert bulletin.entries[0].body == "\ufffd服务意识不强。"
        # The offset into the text (lines and columns of a page are the HTML file's).
        found = [(d.code, d.offset, d.entry) for d in bulletin.diagnostics if d.code == "XS601"]
        assert found == [("XS601", SECTION.index("为民"), 1)]
    with pytest.raises(DecodeError, match=re.escape(HINT)):
        parse_file(path)


@pytest.mark.parametrize("errors", ["ignore", "Replace", "", None, b"replace"])
def test_errors_is_strict_or_replace(tmp_path: Path, errors: object) -> None:
    message = f'errors must be "strict" or "replace", not {errors!r}'
    path = tmp_path / "missing.txt"  # the call is refused before the file is opened
    calls = [
        lambda: parse_bytes(b"x", errors=errors),  # type: ignore[arg-type]
        lambda: parse_file(path, errors=errors),  # type: ignore[arg-type]
        lambda: parse_html("<p>x</p>", errors=errors),  # type: ignore[arg-type]
        lambda: decode_bytes(b"x", errors=errors),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(ValueError, match="errors must be") as caught:
            call()
        assert type(caught.value) is ValueError
        assert str(caught.value) == message


# --- Limits ----------------------------------------------------------------------------------

LIMIT_HINT = "(raise it with max_bytes=, or --max-bytes in xunshi)"


def test_input_over_the_limit_in_mb() -> None:
    with pytest.raises(InputTooLargeError) as caught:
        parse_bytes(b" " * (47 * MB // 2), max_bytes=20 * MB)
    error = caught.value
    assert str(error) == f"input of 23.5 MB is larger than the limit of 20 MB {LIMIT_HINT}"
    assert error.offset == 20 * MB
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (type(copy), str(copy), copy.offset) == (InputTooLargeError, str(error), 20 * MB)


def test_a_file_over_the_limit_names_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(50 * MB)  # sparse: costs no disk
    with pytest.raises(InputTooLargeError) as caught:
        parse_file(path)
    assert str(caught.value) == f"input of 50 MB is larger than the limit of 20 MB {LIMIT_HINT}"
    assert caught.value.offset == MAX_BYTES
    with pytest.raises(InputTooLargeError) as caught:
        parse_file(path, max_bytes=1024)
    assert str(caught.value) == (
        f"input of 50 MB is larger than the limit of 1024 bytes {LIMIT_HINT}"
    )


def test_sizes_that_round_alike_are_given_in_bytes() -> None:
    with pytest.raises(InputTooLargeError) as caught:
        parse_bytes(b" " * (MB + 1), max_bytes=MB)
    assert str(caught.value) == (
        f"input of 1048577 bytes is larger than the limit of 1048576 bytes {LIMIT_HINT}"
    )
    with pytest.raises(InputTooLargeError) as caught:
        parse_html("x" * 3000, max_bytes=2000)
    assert str(caught.value) == (
        f"input of 3000 bytes is larger than the limit of 2000 bytes {LIMIT_HINT}"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_stream_over_the_limit_has_no_size() -> None:
    with pytest.raises(InputTooLargeError) as caught:
        parse_file("/dev/zero", max_bytes=4096)
    assert str(caught.value) == f"input is larger than the limit of 4096 bytes {LIMIT_HINT}"


def test_too_many_sections_names_the_keyword_and_the_option() -> None:
    with pytest.raises(BulletinError) as caught:
        parse_bytes((SECTION * 12).encode(), max_sections=10)
    error = caught.value
    assert error.message == (
        "more than 10 sections: not a bulletin, or raise the limit (max_sections=, --max-sections)"
    )
    assert error.offset == 10 * len(SECTION)
    assert (error.line, error.column) == (1, 10 * len(SECTION) + 1)
    assert len(parse_bytes((SECTION * 12).encode(), max_sections=12).entries) == 12


def test_a_file_that_grows_while_it_is_read_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file's size is read before its bytes; bytes written in between are read too, and
    # count against the limit.
    path = tmp_path / "growing.txt"
    path.write_bytes(SAMPLE_PATH.read_bytes())
    real_fstat = os.fstat

    def smaller(descriptor: int) -> os.stat_result:
        status = real_fstat(descriptor)
        return os.stat_result((*status[:6], 100, *status[7:]))

    monkeypatch.setattr(os, "fstat", smaller)
    assert read_bytes(path, max_bytes=MAX_BYTES) == SAMPLE_PATH.read_bytes()
    with pytest.raises(InputTooLargeError) as caught:
        read_bytes(path, max_bytes=101)
    assert str(caught.value) == f"input is larger than the limit of 101 bytes {LIMIT_HINT}"
