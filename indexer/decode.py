"""Bytes to text: the encodings real files arrive in, and a clear refusal otherwise."""

from __future__ import annotations

import codecs

from undocs.indexer.records import ParseError


def decode(data: bytes, source: str) -> str:
    """Decode a file's bytes to text with `\\n` line ends.

    UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM are accepted; anything
    else is refused with the byte offset at fault, so the user can find it.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        encoding = "utf-8"
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"  # before UTF-16: UTF-32 LE's BOM begins with UTF-16 LE's
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        nul = data.find(b"\x00")
        if nul >= 0:
            raise ParseError(source, f"binary file (NUL byte at byte offset {nul})")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise ParseError(source, f"invalid {encoding.upper()} at byte offset {err.start}") from None
    if encoding in ("utf-16", "utf-32"):
        text = text.lstrip("\ufeff")
    if not text.strip():
        raise ParseError(source, "empty file (no text)")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
