"""One reader per file format, each turning a file's bytes into the same `Reading`:
the lines of the block stream (`indexer.blocks`) with what the format tells besides.

`read(data, source)` picks the reader from the bytes (`indexer.sniff`), not the name.
The PDF and DOCX readers import their libraries on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from undocs.indexer.blocks import Line
from undocs.indexer.header import HeaderFields


@dataclass
class Reading:
    """A file as its reader saw it.

    `front`: metadata the file states outright (Markdown front matter), which wins over
    what the masthead and the header block say. `page_of` maps line numbers to pages
    (paged formats only); `ocr_lines` are the lines read from page images; `notes` are
    one-line warnings about parts that could not be read (a page with no text layer).
    """

    lines: list[Line]
    front: dict[str, str] = field(default_factory=dict)
    symbol: str = ""  # the symbol a masthead prints
    details: dict[str, str] = field(default_factory=dict)  # masthead: session, agenda...
    header: HeaderFields | None = None  # the masthead's distribution, date, languages
    sample: str = ""  # some of the text, for guessing the language
    page_of: dict[int, int] = field(default_factory=dict)
    ocr_lines: set[int] = field(default_factory=set)
    pages: int = 0
    notes: list[str] = field(default_factory=list)


def read(data: bytes, source: str) -> Reading:
    """The reading of a file's bytes, by the reader its content calls for; raises
    ParseError with the one line to show for a file no reader takes."""
    from undocs.indexer.filenames import name_lang
    from undocs.indexer.sniff import sniff

    kind = sniff(data, source)
    if kind == "pdf":
        from undocs.indexer.readers.pdf import read_pdf

        return read_pdf(data, source, lang_hint=name_lang(Path(source).name))
    if kind == "docx":
        from undocs.indexer.readers.docx import read_docx

        return read_docx(data, source)
    from undocs.indexer.decode import decode
    from undocs.indexer.readers.text import read_text

    return read_text(decode(data, source))

