"""The records the parser produces: one Document per file, holding its Paragraphs."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Paragraph:
    """One citable block of a document: a numbered paragraph, a heading, an article...

    `anchor` is what a citation names (`41`, `4(b)`, `art3(1)`, `annex.3`, `p12`); it is
    unique within its document. `lines` is the 1-based, inclusive range of source lines.
    Treated as immutable (`dataclasses.replace` makes changed copies), but not frozen: a
    frozen dataclass costs six times as much to build, and a parse builds thousands.
    """

    anchor: str
    ordinal: int
    kind: str
    heading: tuple[str, ...]
    text: str
    lines: tuple[int, int]
    pages: tuple[int, ...] = ()  # paged formats (PDF): the pages it lies on
    ocr: bool = False  # its text was read from a page image
    speaker: str = ""  # verbatim records: who speaks (`Mr. Nebenzia`, `The President`)
    speaker_for: str = ""  # and for whom (`Russian Federation`)

    def to_dict(self) -> dict:
        return {
            "anchor": self.anchor,
            "ordinal": self.ordinal,
            "kind": self.kind,
            "heading": list(self.heading),
            "text": self.text,
            "lines": list(self.lines),
            "pages": list(self.pages),
            "ocr": self.ocr,
            "speaker": self.speaker,
            "speaker_for": self.speaker_for,
        }


@dataclass
class Document:
    """One file in one language. Its key is `(symbol, lang)`."""

    symbol: str
    lang: str
    source: str
    content_hash: str
    title: str = ""
    date: str = ""
    distribution: str = ""
    original: str = ""
    symbol_from: str = "file name"  # "front matter", "masthead", "header" or "file name"
    header_lines: tuple[int, ...] = ()  # source lines read as header metadata, not text
    pages: int = 0  # paged formats: the page count
    notes: tuple[str, ...] = ()  # one-line warnings: parts of the file that were not read
    details: dict[str, str] = field(default_factory=dict)  # masthead: session, agenda, draft…
    session: str = ""  # General Assembly session number (`80`): the `session:` query field
    agenda: tuple[str, ...] = ()  # agenda items (`74`, `99`, `99(r)`): the `agenda:` field
    paragraphs: list[Paragraph] = field(default_factory=list)


class ParseError(Exception):
    """A file that cannot be parsed; `str()` is the one-line message a user sees."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
