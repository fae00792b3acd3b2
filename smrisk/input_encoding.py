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

Bytes cp1252 does not define are replaced in either case.
"""

from __future__ import annotations

import codecs
import io
import re
from typing import IO

SNIFF_BYTES = 1 << 20  # the first megabyte decides the encoding

#: A file that is not all UTF-8 and whose first megabyte holds no multi-byte UTF-8 character: each byte
#: UTF-8 rejects is read as cp1252.
UTF8_ELSE_CP1252 = "utf-8, else cp1252"
#: A UTF-8 file with bytes that are not UTF-8: damage replaced (U+FFFD), other bytes read as cp1252.
UTF8_MENDED = "utf-8, damaged bytes replaced, else cp1252"

_AS_CP1252 = "smrisk-cp1252-fallback"
_MENDED = "smrisk-utf8-mended"
_NOT_UTF8 = (0xFE, 0xFF)
_MULTI_BYTE = re.compile(r"[^\x00-\x7f\ufffd]")


def _as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """A decoding error handler: the bytes UTF-8 rejects, read as cp1252 (U+FFFD where cp1252 has none)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


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
        return "\ufffd", error.end
    return _as_cp1252(error)


codecs.register_error(_AS_CP1252, _as_cp1252)
codecs.register_error(_MENDED, _mended)


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


def text_stream(raw: IO[bytes], encoding: str) -> IO[str]:
    """``raw`` read as text in ``encoding`` (one of ``detect_encoding``'s, or any Python codec: bytes
    it rejects become U+FFFD). Raises LookupError for an unknown encoding."""
    errors = {UTF8_ELSE_CP1252: _AS_CP1252, UTF8_MENDED: _MENDED}.get(encoding)
    if errors is not None:
        return io.TextIOWrapper(raw, encoding="utf-8", errors=errors, newline="")
    codecs.lookup(encoding)
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
