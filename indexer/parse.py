"""One file to a Document and its ordered, anchored Paragraphs.

The work runs in three passes, the same for every format:
1. a reader (`indexer.readers`, chosen by the file's bytes) turns the file into lines
   with the hints its format gives (heading, footnote, paragraph break, page);
2. `blocks.group_blocks` groups lines into blocks and reads the UN header block;
3. `outline.Outline` walks the blocks and gives each one its anchor, heading path and
   kind, repairing conversion damage on the way.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from undocs.indexer.anchoring import tells_items
from undocs.indexer.blocks import group_blocks
from undocs.indexer.cover import split_cover
from undocs.indexer.filenames import ods_name, split_name
from undocs.indexer.header import merge_headers, parse_date
from undocs.indexer.languages import guess_lang, lang_code
from undocs.indexer.outline import Outline
from undocs.indexer.readers import Reading, read
from undocs.indexer.readers.text import read_text
from undocs.indexer.records import Document, ParseError
from undocs.indexer.resolution import agenda_items, read_resolution_header, session_number
from undocs.indexer.speakers import by_speaker, is_verbatim
from undocs.indexer.versions import sibling_shapes, version_hash

__all__ = ["Document", "ParseError", "parse_bytes", "parse_file", "parse_text", "split_name"]


def parse_file(path: str | Path, source: str | None = None) -> Document:
    """Parse a file; `source` is the name the records carry (default: the path). A
    version that cannot tell lettered items from paragraphs itself is paired with the
    other language versions beside it (`indexer.versions`)."""
    path = Path(path)
    source = source or str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ParseError(source, err.strerror or str(err)) from None
    return build_document(read(data, source), source, version_hash(path, data),
                          siblings=path)


def parse_bytes(data: bytes, source: str) -> Document:
    """Parse a file's bytes, whatever their format (Markdown, text, PDF, DOCX), on their
    own (no sibling version is read)."""
    return build_document(read(data, source), source, hashlib.sha256(data).hexdigest())


def outline_of(path: Path) -> Outline:
    """The outline of a file, its blocks added but not finished (for `indexer.versions`)."""
    data = path.read_bytes()
    reading = read_resolution_header(read(data, str(path)))
    outline = Outline()
    for block in group_blocks(reading.lines).blocks:
        outline.add(block)
    return outline


def parse_text(text: str, source: str, content_hash: str = "") -> Document:
    """Parse decoded text (`\\n` line ends). Never raises on any text. `content_hash`
    identifies the file's bytes (default: the hash of `text`)."""
    return build_document(read_text(text), source,
                          content_hash or hashlib.sha256(text.encode("utf-8")).hexdigest())


def build_document(reading: Reading, source: str, content_hash: str,
                   siblings: Path | None = None) -> Document:
    """The Document of a reading: blocks, outline, then metadata, first found wins:
    what the file states (front matter, masthead), the header block, the file name.
    `siblings`: the file's path, to pair it with its other language versions."""
    reading = read_resolution_header(reading)
    stream = group_blocks(reading.lines)
    header, front = stream.header, reading.front
    if reading.header is not None:  # the masthead's say comes first
        header = merge_headers(reading.header, header)
    outline = Outline()
    for block in stream.blocks:
        outline.add(block)
    shapes = None
    if siblings is not None and not tells_items(outline.bodies):
        shapes = sibling_shapes(siblings)
    stem, _, name_lang = split_name(Path(source).name)
    ods_symbol, ods_lang = ods_name(Path(source).name)
    lang = (
        lang_code(front.get("lang", "") or front.get("language", ""))
        or header.language
        or lang_code(name_lang)
        or ods_lang
        or guess_lang(reading.sample)
    )
    if front.get("symbol"):
        symbol, symbol_from = front["symbol"], "front matter"
    elif reading.symbol:
        symbol, symbol_from = reading.symbol, "masthead"
    elif header.symbol:
        symbol, symbol_from = header.symbol, "header"
    elif ods_symbol:
        symbol, symbol_from = ods_symbol, "file name"
    else:
        symbol, symbol_from = stem, "file name"
    details = dict(reading.details)
    # a meeting's record has no preamble: what precedes its first numbered paragraph
    # (the contents, the chair) is no `pp1`
    record = is_verbatim(symbol) or "/SR." in symbol or bool(details.get("meeting"))
    paragraphs = outline.finish(reading.page_of, reading.ocr_lines, shapes,
                                preambles=not record)
    if is_verbatim(symbol):
        paragraphs = by_speaker(paragraphs)
        texts = {line.number: line.text for line in reading.lines}
        paragraphs, cover = split_cover(paragraphs, lambda p: [
            texts[n] for n in range(p.lines[0], p.lines[1] + 1) if n in texts])
        details.update(cover)
    return Document(
        symbol=symbol,
        lang=lang,
        source=source,
        content_hash=content_hash,
        title=front.get("title", "") or reading.details.get("title", "") or outline.title,
        date=parse_date(front.get("date", "")) or header.date,
        distribution=front.get("distribution", "") or header.distribution,
        original=lang_code(front.get("original", "")) or header.original,
        symbol_from=symbol_from,
        header_lines=tuple(header.lines),
        paragraphs=paragraphs,
        pages=reading.pages,
        notes=tuple(reading.notes),
        details=details,
        session=session_number(reading.details.get("session", ""), symbol),
        agenda=agenda_items(reading.details.get("agenda", "")),
    )
