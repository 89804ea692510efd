"""The work done per file, in a worker process: parse, then run every analyzer.

What comes back is ready for a Whoosh writer (`Postings` instead of text for the
analysed fields), and `file_record` gives the record that commits with the paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from undocs.indexer.giants import split_giants
from undocs.indexer.parse import parse_file
from undocs.indexer.postings import indexers
from undocs.indexer.records import Document, ParseError
from undocs.indexer.schema import (
    FILE,
    PARA,
    Postings,
    build_schema,
    exact_field,
    meta_field,
    word_field,
)
from undocs.indexer.speakers import speaker_key
from undocs.indexer.symbols import symbol_body, symbol_key

_SCHEMA_CACHE: list = []  # one schema per process, built on first use


def _schema():
    if not _SCHEMA_CACHE:
        _SCHEMA_CACHE.append(build_schema())
    return _SCHEMA_CACHE[0]


@dataclass
class FileTask:
    path: str  # where to read it
    source: str  # the key the index knows it by (absolute path)
    display: str  # the name users see
    parsed: str = ""  # where its parsed document waits, if it was parsed already


@dataclass
class AnalysedFile:
    task: FileTask
    document: Document | None = None  # None when refused
    error: str = ""
    entries: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what indexing changed (giants split)


def doc_key(symbol: str, lang: str) -> str:
    return f"{symbol_key(symbol)}|{lang}"


def analyse_file(task: FileTask) -> AnalysedFile:
    """Parse and analyse one file; a refused file comes back with its one-line error."""
    try:
        document = parse_file(Path(task.path), source=task.display)
    except ParseError as err:
        return AnalysedFile(task, error=str(err))
    return analyse_document(task, document)


def analyse_document(task: FileTask, document: Document) -> AnalysedFile:
    """Analyse a parsed document: its entries, ready for the segment writer."""
    lang = document.lang
    paragraph_postings, heading_postings = indexers(_schema(), lang)
    key = symbol_key(document.symbol)
    common = {
        "record": PARA,
        "file": task.display,
        "symbol": document.symbol,
        "symbol_key": key,
        "body": symbol_body(document.symbol),
        "doc_key": doc_key(document.symbol, lang),
        "lang": lang,
        "date": document.date or None,
        "session": document.session or None,
        "agenda": " ".join(document.agenda) or None,
    }
    paragraphs, notes = split_giants(document.paragraphs)
    entries = []
    meta_postings: dict[tuple[str, ...], Postings] = {}  # paragraphs share their heading
    for paragraph in paragraphs:
        if paragraph.heading not in meta_postings:
            meta_postings[paragraph.heading] = heading_postings(
                " ".join((document.title, *paragraph.heading)))
        words, exact = paragraph_postings(paragraph.text)
        entries.append({
            **common,
            **_stored(paragraph.to_dict()),
            "speaker_key": speaker_key(paragraph.speaker) or None,
            "speaker_for_key": speaker_key(paragraph.speaker_for) or None,
            word_field(lang): words,
            exact_field(lang): exact,
            meta_field(lang): meta_postings[paragraph.heading],
        })
    document.paragraphs = []  # the entries carry them; keep the message to the writer small
    return AnalysedFile(task, document=document, entries=entries,
                        notes=[f"{task.display}: {note}" for note in notes])


# stored only where set: most paragraphs have no pages, OCR or speaker, and each key
# costs every paragraph's stored record its name (readers take them with `.get`)
_UNLESS_SET = ("pages", "ocr", "speaker", "speaker_for")


def _stored(record: dict) -> dict:
    for key in _UNLESS_SET:
        if not record[key]:
            del record[key]
    return record


def file_record(result: AnalysedFile) -> dict:
    """The index record of an analysed file: its state (content hash) and metadata.
    Written in the same segment as its paragraphs, so both commit together."""
    from datetime import datetime, timezone

    task, document = result.task, result.document
    return {
        "record": FILE,
        "id": f"file|{task.source}",
        "source": task.source,
        "file": task.display,
        "symbol": document.symbol,
        "symbol_key": symbol_key(document.symbol),
        "doc_key": doc_key(document.symbol, document.lang),
        "lang": document.lang,
        "date": document.date or None,
        "title": document.title,
        "meta": {
            "hash": document.content_hash,
            "paragraphs": len(result.entries),
            "pages": document.pages,  # paged formats (PDF); 0 for the others
            "symbol_from": document.symbol_from,
            "distribution": document.distribution,
            "original": document.original,
            "details": document.details,  # the header block: session, agenda, adopted…
            "indexed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
    }
