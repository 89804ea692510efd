"""What an index holds, document by document (`undocs documents`): a document is a
symbol, with one version per language it is indexed in."""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from undocs.analyzers import LANGS
from undocs.indexer.symbols import symbol_key
from undocs.search.compile import date_query


@dataclass
class Version:
    """One language version of a document: its file and what the index holds of it."""

    lang: str
    title: str
    date: str
    file: str
    paragraphs: int

    def to_dict(self) -> dict:
        return {"title": self.title, "date": self.date, "file": self.file,
                "paragraphs": self.paragraphs}


@dataclass
class DocumentInfo:
    symbol: str
    versions: list[Version] = field(default_factory=list)  # in the order of LANGS

    @property
    def languages(self) -> list[str]:
        return [version.lang for version in self.versions]

    @property
    def paragraphs(self) -> int:
        return sum(version.paragraphs for version in self.versions)

    @property
    def title(self) -> str:
        """The English title where there is one (the working language of most symbols),
        else the first version's."""
        english = [v.title for v in self.versions if v.lang == "en" and v.title]
        return (english or [v.title for v in self.versions if v.title] or [""])[0]

    @property
    def date(self) -> str:
        return next((v.date for v in self.versions if v.date), "")

    def to_dict(self) -> dict:
        return {"symbol": self.symbol, "title": self.title, "date": self.date,
                "languages": self.languages, "paragraphs": self.paragraphs,
                "versions": {v.lang: v.to_dict() for v in self.versions}}


def _dated(date: str, since: str | None, until: str | None) -> bool:
    """Within `--since`/`--until` as `date:A..B` reads them (a month or year as an end
    takes in all its days); an undated version is outside any range."""
    if not since and not until:
        return True
    return bool(date) and (not since or date >= since) and (not until or date <= until + "\uffff")


def list_documents(records: list[dict], *, langs=LANGS, symbol: str | None = None,
                   since: str | None = None, until: str | None = None) -> list[DocumentInfo]:
    """The documents of the index's file records, by symbol, keeping the versions in
    `langs` whose symbol matches `symbol` (`*`, `?` wildcards, any case) and whose date
    lies in the range. Bad dates raise QueryError, as in `search`."""
    for value, where in ((since, "--since"), (until, "--until")):
        if value:
            date_query(value, f"{where} {value}")  # validates
    if since and until:
        date_query(f"{since}..{until}", "--since/--until")  # refuses an empty range
    # `*` and `?` only, as in `symbol:` queries: a `[` is itself
    pattern = symbol_key(symbol).replace("[", "[[]") if symbol else None
    found: dict[str, DocumentInfo] = {}
    for record in records:
        if record["lang"] not in langs or not _dated(record.get("date") or "", since, until):
            continue
        if pattern is not None and not fnmatchcase(record["symbol_key"], pattern):
            continue
        document = found.setdefault(record["symbol_key"], DocumentInfo(record["symbol"]))
        document.versions.append(Version(record["lang"], record.get("title") or "",
                                         record.get("date") or "", record["file"],
                                         record["meta"]["paragraphs"]))
    for document in found.values():
        document.versions.sort(key=lambda v: LANGS.index(v.lang))
    return [found[key] for key in sorted(found)]
