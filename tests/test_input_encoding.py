"""How an input CSV's bytes become text: UTF-8 damage replaced and marked, cp1252 text kept."""

from __future__ import annotations

import io

import pytest

from smrisk.input_encoding import UTF8_ELSE_CP1252, UTF8_MENDED, detect_encoding, text_stream

UTF8_ROWS = "Café déjà vu — naïve 😀\nall good here ✓\n".encode()


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        ("x".encode("utf-8-sig"), "utf-8-sig"),
        ("x".encode("utf-16"), "utf-16"),
        ("é".encode(), "utf-8"),
        ("Café crème – fine".encode("cp1252"), UTF8_ELSE_CP1252),  # no multi-byte UTF-8 character: a cp1252 file
        (b"bad \xff\xfe bytes", UTF8_ELSE_CP1252),
        (UTF8_ROWS + b"bad \xff\xfe bytes\n", UTF8_MENDED),  # a UTF-8 file with bytes that are not
        ("Café crème – fine\n".encode("cp1252") + UTF8_ROWS, UTF8_MENDED),  # an archive mixing both
    ],
)
def test_detect_encoding(head: bytes, encoding: str) -> None:
    assert detect_encoding(head) == encoding


def read(data: bytes) -> str:
    return text_stream(io.BufferedReader(io.BytesIO(data)), detect_encoding(data)).read()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        (b"\xff\xfe", "\ufffd\ufffd"),  # UTF-16's byte-order mark, pasted into a UTF-8 file
        (b"\xfe", "\ufffd"),
        (b"\xe2\x80", "\ufffd"),  # "—" cut short after two of its three bytes
        (b"\xf0\x9f\x98", "\ufffd"),  # an emoji cut short
        (b"\x81", "\ufffd"),  # a byte cp1252 does not define
        (b"\xe9", "é"),  # a cp1252 row's letters and punctuation, in an archive mixing both
        (b"\x96", "–"),
        (b"\x92", "’"),
    ],
)
def test_in_a_utf8_file_damage_is_replaced_and_cp1252_text_is_read(bad: bytes, shown: str) -> None:
    assert read(UTF8_ROWS + b"row " + bad + b" here\n") == UTF8_ROWS.decode() + f"row {shown} here\n"


def test_a_cp1252_file_is_read_as_cp1252_whole() -> None:
    """No multi-byte UTF-8 character in it: every byte UTF-8 rejects is cp1252, "ÿ" and "é’" included."""
    text = "Beyoncé’s tour – Aÿ champagne, 10€ off\nCafé crème\n"
    assert read(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    ("data", "as_cp1252", "replaced", "label"),
    [
        (UTF8_ROWS + b"row \xff\xfe and \xe2\x80 here\n", 0, 3, "utf-8, damaged bytes replaced"),
        (UTF8_ROWS + b"row \xe9 and \x96 here\n", 2, 0, "utf-8, else cp1252"),
        (UTF8_ROWS + b"row \xff and \xe9 here\n", 1, 1, "utf-8, damaged bytes replaced, else cp1252"),
        ("Café crème – fine\n".encode("cp1252"), 3, 0, "utf-8, else cp1252"),
        (b"plain \x81 text\n", 0, 1, "utf-8, undecodable bytes replaced"),
        (UTF8_ROWS, 0, 0, "utf-8"),
    ],
)
def test_what_reading_did_is_counted_and_named(data: bytes, as_cp1252: int, replaced: int, label: str) -> None:
    stream = text_stream(io.BufferedReader(io.BytesIO(data)), detect_encoding(data))  # type: ignore[arg-type]
    lines = list(stream)
    assert "".join(lines).count("\ufffd") == replaced
    assert (stream.decoding.as_cp1252, stream.decoding.replaced, stream.decoding.label()) == (as_cp1252, replaced, label)


def test_a_stream_counts_only_its_own_bytes() -> None:
    """Two streams read in turn: each counts what its own reads did."""
    damaged = UTF8_ROWS + b"row \xff here\n"
    first = text_stream(io.BufferedReader(io.BytesIO(damaged)), detect_encoding(damaged))  # type: ignore[arg-type]
    second = text_stream(io.BufferedReader(io.BytesIO(UTF8_ROWS)), "utf-8")  # type: ignore[arg-type]
    second.readline()
    first.read()
    assert (first.decoding.replaced, second.decoding.replaced) == (1, 0)
    assert text_stream(io.BufferedReader(io.BytesIO(b"x \xff\n")), "utf-8").read() == "x \ufffd\n"  # type: ignore[arg-type]
