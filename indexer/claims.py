"""Claims: which file holds each (symbol, language) key before anything is written.

A quick parse names each new or changed file's key. A file claiming a key another file
keeps is refused, with one exception: a DOCX and a PDF of the same document are no
conflict. The DOCX is indexed (its text is exact: no layout inference, hyphenation or
column joins) and the PDF is noted, whichever was found or indexed first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from undocs.indexer.analyse import FileTask, doc_key
from undocs.indexer.parse import parse_file
from undocs.indexer.records import ParseError
from undocs.indexer.sniff import SNIFF_BYTES, sniff


@dataclass
class Claims:
    """The outcome of the claim pass."""

    accepted: list[FileTask] = field(default_factory=list)
    displaced: list[dict] = field(default_factory=list)  # indexed PDFs a new DOCX replaces
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)  # source -> its page count


def file_format(path: str) -> str:
    """`pdf`, `docx` or `text` by the file's bytes ("" if it cannot be read or sniffed)."""
    try:
        with open(path, "rb") as handle:
            return sniff(handle.read(SNIFF_BYTES), path)
    except (OSError, ParseError):
        return ""


def exact_wins(contender: str, holder: str) -> bool:
    """Whether a file of format `contender` takes a key from one of format `holder`."""
    return (contender, holder) == ("docx", "pdf")


def settle_claims(tasks: list[FileTask], known: dict, vanished: list[dict]) -> Claims:
    """The tasks to index, the indexed files they replace, and one line per file left
    out (a refusal, or a note for a PDF whose DOCX is indexed).

    A changed file keeps its old key until it is accepted under its new one: refused,
    its old version stays, and so does its claim (else a newcomer could take the key
    and share it with the stale version). Refusals can free nothing, so repeating the
    pass until nothing changes settles every claim."""
    claims = Claims()
    keys: dict[str, tuple[str, str]] = {}  # source -> (new key, how to name it)
    for task in tasks:
        try:
            document = parse_file(Path(task.path), source=task.display)
        except ParseError as err:
            claims.refused.append(str(err))
            continue
        except Exception as err:  # noqa: BLE001 - one bad file must not stop the others
            claims.refused.append(f"{task.display}: cannot be indexed "
                                  f"({type(err).__name__}: {err})")
            continue
        claims.notes.extend(f"{task.display}: {note}" for note in document.notes)
        claims.pages[task.source] = document.pages
        keys[task.source] = (doc_key(document.symbol, document.lang),
                             f"{document.symbol} ({document.lang})")
    formats: dict[str, str] = {}

    def format_of(source: str) -> str:
        if source not in formats:
            formats[source] = file_format(source)
        return formats[source]

    gone = {record["source"] for record in vanished}
    changing = {task.source for task in tasks}
    # DOCX files claim first, so a PDF meets its DOCX whatever the order of discovery
    ordered = sorted(tasks, key=lambda task: format_of(task.source) != "docx")
    refused: dict[str, str] = {}  # source -> the file holding its key
    superseded: dict[str, str] = {}  # a PDF's source -> its DOCX's
    displaced: dict[str, str] = {}  # an indexed PDF's source -> the DOCX task replacing it
    while True:
        left_out = refused.keys() | superseded.keys()
        held = {record["doc_key"]: source for source, record in known.items()
                if source not in gone and source not in displaced
                and (source not in changing or source in left_out or source not in keys)}
        changed = False
        for task in ordered:
            if task.source not in keys or task.source in left_out:
                continue
            key = keys[task.source][0]
            owner = held.get(key)
            if owner is not None and owner != task.source:
                changed = True
                if exact_wins(format_of(task.source), format_of(owner)):
                    displaced[owner] = task.source  # only an indexed file: DOCX go first
                elif exact_wins(format_of(owner), format_of(task.source)):
                    superseded[task.source] = owner
                    continue
                else:
                    refused[task.source] = owner
                    continue
            held[key] = task.source
        if not changed:
            break
    shown = {task.source: task.display for task in tasks}
    shown.update({source: record["file"] for source, record in known.items()})
    for task in tasks:
        if task.source in refused:
            claims.refused.append(f"{task.display}: {keys[task.source][1]} is already "
                                  f"indexed from {shown[refused[task.source]]}")
        elif task.source in superseded:
            claims.notes.append(_same_document(task.display, shown[superseded[task.source]]))
    for source, docx in sorted(displaced.items()):
        claims.notes.append(_same_document(known[source]["file"], shown[docx]))
        claims.displaced.append(known[source])
    claims.accepted = [task for task in tasks
                       if task.source in keys and task.source not in refused
                       and task.source not in superseded]
    return claims


def _same_document(pdf: str, docx: str) -> str:
    return f"{pdf}: the same document as {docx}, which is indexed (a DOCX's text is exact)"
