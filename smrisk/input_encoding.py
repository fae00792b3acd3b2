"""How the bytes of an input CSV become text: the encoding detected from its first megabyte, and
what becomes of the bytes that encoding rejects.

Archives exported over the years mix UTF-8 rows with cp1252 ones, and reading such a file all as
cp1252 would silently garble every UTF-8 row ("â€”" for "—"). So a file that is not all UTF-8 is
read as UTF-8 wherever its bytes are UTF-8, and each byte that is not is judged on its own:

- in a file whose first megabyte holds no multi-byte UTF-8 character (a cp1252 file, or an
  archive whose UTF-8 rows come later: ``UTF8_ELSE_CP1252``), every such byte is read as cp1252;
- in a file whose first megabyte does (a UTF-8 file, perhaps with some cp1252 rows:
  ``UTF8_MENDED``), the bytes that are damage to UTF-8 rather than cp1252 text are replaced by
  U+FFFD, which gives their rows the ``decode_replaced`` status: the bytes 0xFE and 0xFF (never in
  UTF-8; together the byte-order mark of UTF-16; as cp1252, "þ" and "ÿ", which English text does
  not use) and a multi-byte UTF-8 character cut short ("â€" of a cut "—"). The others are read as
  cp1252 (a cp1252 row's "é" or "–"); a cp1252 row of such a file that puts a symbol straight after
  an accented letter ("Beyoncé’s") reads as a cut character, and is replaced.

Bytes cp1252 does not define are replaced in either case. What reading did is counted
(``Decoding``), so a summary names what was used ("utf-8, damaged bytes replaced"), not what might have been.
"""

from __future__ import annotations

import codecs
import io
import re
import sys
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import IO, TypeVar

from smrisk.errors import InputError

SNIFF_BYTES = 1 << 20  # the first megabyte decides the encoding

#: A file that is not all UTF-8 and whose first megabyte holds no multi-byte UTF-8 character: each byte
#: UTF-8 rejects is read as cp1252.
UTF8_ELSE_CP1252 = "utf-8, else cp1252"
#: A UTF-8 file with bytes that are not UTF-8: damage replaced (U+FFFD), other bytes read as cp1252.
UTF8_MENDED = "utf-8, damaged bytes replaced, else cp1252"

_AS_CP1252 = "smrisk-cp1252-fallback"
_MENDED = "smrisk-utf8-mended"
_REPLACED = "smrisk-replace-counted"
_NOT_UTF8 = (0xFE, 0xFF)
_MULTI_BYTE = re.compile(r"[^\x00-\x7f\ufffd]")


_T = TypeVar("_T")


@dataclass
class Decoding:
    """What reading a stream did with the bytes its encoding rejected: how many were read as cp1252, how
    many were replaced by U+FFFD. Counted while the stream is read, for the summary of a batch run."""

    encoding: str
    as_cp1252: int = 0
    replaced: int = 0

    def label(self) -> str:
        """The encoding as it was used: "utf-8" where no byte needed the fallback the encoding allows,
        "utf-8, else cp1252" only where a byte was read as cp1252, "..., bytes replaced" where one was replaced."""
        if self.encoding not in (UTF8_ELSE_CP1252, UTF8_MENDED):
            return f"{self.encoding}, undecodable bytes replaced" if self.replaced else self.encoding
        replaced = "damaged bytes replaced" if self.encoding == UTF8_MENDED else "undecodable bytes replaced"
        used = ["utf-8", *([replaced] if self.replaced else []), *(["else cp1252"] if self.as_cp1252 else [])]
        return ", ".join(used)


#: The ``Decoding`` of the stream being read: the error handlers count into it (see ``DecodedText``)
_READING: ContextVar[Decoding | None] = ContextVar("smrisk_reading", default=None)


def _count(as_cp1252: int = 0, replaced: int = 0) -> None:
    decoding = _READING.get()
    if decoding is not None:
        decoding.as_cp1252 += as_cp1252
        decoding.replaced += replaced


def _as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """A decoding error handler: the bytes UTF-8 rejects, read as cp1252 (U+FFFD where cp1252 has none)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    text = error.object[error.start : error.end].decode("cp1252", errors="replace")
    replaced = text.count("\ufffd")
    _count(as_cp1252=len(text) - replaced, replaced=replaced)
    return text, error.end


def _replaced(error: UnicodeError) -> tuple[str | bytes, int]:
    """A decoding error handler: Python's "replace", counted."""
    if isinstance(error, UnicodeDecodeError):
        _count(replaced=1)
    return codecs.replace_errors(error)


def damaged_utf8(rejected: bytes) -> bool:
    """Whether bytes UTF-8 rejected (one maximal invalid stretch, as the decoder reports it) are damage
    to UTF-8 text rather than cp1252 text: 0xFE or 0xFF, or a multi-byte character cut short (a lead
    byte with the continuation bytes that followed it; cp1252 text writes one byte per character, so
    the decoder reports its characters one by one)."""
    return len(rejected) > 1 or rejected[0] in _NOT_UTF8


def _mended(error: UnicodeError) -> tuple[str, int]:
    """A decoding error handler: damage to UTF-8 replaced by U+FFFD, other rejected bytes read as cp1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    if damaged_utf8(error.object[error.start : error.end]):
        _count(replaced=1)
        return "\ufffd", error.end
    return _as_cp1252(error)


codecs.register_error(_AS_CP1252, _as_cp1252)
codecs.register_error(_MENDED, _mended)
codecs.register_error(_REPLACED, _replaced)


def detect_encoding(head: bytes) -> str:
    """``utf-8-sig``/``utf-16`` by BOM, ``utf-8`` if the first megabyte decodes, else ``UTF8_MENDED``
    when it holds a multi-byte UTF-8 character and ``UTF8_ELSE_CP1252`` when it holds none."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < SNIFF_BYTES)
    except UnicodeDecodeError:
        utf8 = _MULTI_BYTE.search(head.decode("utf-8", errors="replace"))
        return UTF8_MENDED if utf8 else UTF8_ELSE_CP1252
    return "utf-8"


#: The openings of files people export instead of a CSV, and what each is.
_BINARY_FORMATS = (
    (b"PK\x03\x04", "a zip archive (an Excel .xlsx, .docx or .ods file is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel (.xls) or Word (.doc) file"),
    (b"%PDF-", "a PDF file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PAR1", "a Parquet file (name it .parquet)"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def binary_format(head: bytes, detected: bool = True) -> str | None:
    """What ``head`` (a file's first bytes) is when it is not text: a known binary format by its opening, or,
    where the encoding is to be ``detected`` (not given), more NUL bytes than damage leaves in text (UTF-16
    without its byte-order mark has one in two). None for text."""
    for opening, what in _BINARY_FORMATS:
        if head.startswith(opening):
            return what
    start = head[:8192]
    # a stray NUL in a row is damage to one text (cleaned away when it is scored); many are no text at all
    if detected and start.count(b"\x00") > max(8, len(start) // 100) and not start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "binary data (NUL bytes), or UTF-16 without its byte-order mark (then pass --encoding utf-16)"
    return None


def auto_encoding(head: bytes) -> str:
    """How to read a file whose first megabyte is ``head`` when no encoding is given: ``detect_encoding``,
    except that a head which is all UTF-8 is read as a file that is not would be (``UTF8_MENDED`` or
    ``UTF8_ELSE_CP1252``, by whether it holds a multi-byte character), so that a cp1252 row past the first
    megabyte of an archive is read, not replaced. A file that needs no fallback is still labelled utf-8."""
    found = detect_encoding(head)
    if found != "utf-8":
        return found
    return UTF8_MENDED if _MULTI_BYTE.search(head.decode("utf-8", errors="replace")) else UTF8_ELSE_CP1252


class DecodedText:
    """A text stream whose reads count what became of the bytes its encoding rejected (``decoding``).

    The error handlers are registered once for the process, so they count into the ``Decoding`` of
    the stream being read at that moment: every read of this stream goes through ``_reading``."""

    def __init__(self, stream: io.TextIOWrapper, encoding: str) -> None:
        self._stream = stream
        self.decoding = Decoding(encoding)

    def _reading(self, read: Callable[[], _T]) -> _T:
        token = _READING.set(self.decoding)
        try:
            return read()
        except UnicodeError as exc:  # what no error handler can mend: a UTF-16 file without its byte-order mark
            raise InputError(f"the input cannot be read as {self.decoding.encoding}: {exc} (leave out --encoding to "
                             "have it detected)") from None
        finally:
            _READING.reset(token)

    def read(self, size: int = -1) -> str:
        return self._reading(lambda: self._stream.read(size))

    def readline(self, size: int = -1) -> str:
        return self._reading(lambda: self._stream.readline(size))

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        return self._reading(lambda: next(self._stream))

    def close(self) -> None:
        self._stream.close()


def text_stream(raw: IO[bytes], encoding: str) -> DecodedText:
    """``raw`` read as text in ``encoding`` (one of ``detect_encoding``'s, or any Python codec: bytes
    it rejects become U+FFFD). Raises LookupError for an unknown encoding."""
    errors = {UTF8_ELSE_CP1252: _AS_CP1252, UTF8_MENDED: _MENDED}.get(encoding)
    if errors is not None:
        return DecodedText(io.TextIOWrapper(raw, encoding="utf-8", errors=errors, newline=""), encoding)
    codecs.lookup(encoding)
    return DecodedText(io.TextIOWrapper(raw, encoding=encoding, errors=_REPLACED, newline=""), encoding)


def stdin_text() -> str:
    """All of standard input as text, decoded as an input file is (``auto_encoding``): a cp1252 draft piped in
    reads "Café", not "Caf\ufffd"."""
    raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    return text_stream(io.BytesIO(raw), auto_encoding(raw[:SNIFF_BYTES])).read()
