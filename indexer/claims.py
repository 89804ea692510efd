"""Claims: which file holds each (symbol, language) key before anything is written.

The parse jobs (`indexer.segments`) name each new or changed file's key. A file
claiming a key another file keeps is refused, with one exception: a DOCX and a PDF of
the same document are no conflict. The DOCX is indexed (its text is exact: no layout
inference, hyphenation or column joins) and the PDF is noted, whichever was found or
indexed first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from undocs.indexer.records import ParseError
from undocs.indexer.segments import Parsed
from undocs.indexer.sniff import SNIFF_BYTES, sniff


@dataclass
class Claims:
    """The outcome of the claim pass."""

    accepted: list = field(default_factory=list)  # FileTasks
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


def settle_claims(parsed: list[Parsed], known: dict, vanished: list[dict]) -> Claims:
    """The tasks to index (those `parsed` without error, in their order), the indexed
    files they replace, and one line per file left out (a refusal, or a note for a PDF
    whose DOCX is indexed).

    A changed file keeps its old key until it is accepted under its new one: refused,
    its old version stays, and so does its claim (else a newcomer could take the key
    and share it with the stale version). Refusals can free nothing, so repeating the
    pass until nothing changes settles every claim."""
    claims = Claims()
    keys: dict[str, tuple[str, str]] = {}  # source -> (new key, how to name it)
    tasks = [item.task for item in parsed]
    formats: dict[str, str] = {}
    for item in parsed:
        if item.error:
            claims.refused.append(item.error)
            continue
        claims.notes.extend(item.notes)
        claims.pages[item.task.source] = item.pages
        keys[item.task.source] = (item.key, item.shown)
        formats[item.task.source] = item.format

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
