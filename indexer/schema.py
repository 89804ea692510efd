"""The one schema of the index, shared by the indexer and the query layer.

Two kinds of record live in the index, told apart by the `record` field:
- `para`: one per paragraph, id `SYMBOL|LANG|ANCHOR`, with one word field, one exact
  field and one metadata field (title + heading path, boosted) per language;
- `file`: one per indexed file, carrying its content hash. Keeping these in the same
  index means a commit records paragraphs and the state of their file atomically:
  after a crash, the index never claims a file it does not hold.
"""

from __future__ import annotations

from whoosh import fields

from analyzers import LANGS, analyzer_for, exact_analyzer_for

PARA = "para"
FILE = "file"
META_BOOST = 1.5  # title and heading words count more than body words


class PreanalyzedText(fields.TEXT):
    """A TEXT field that also accepts postings computed elsewhere.

    Worker processes run the (slow) analyzers and send `Postings`; the single writer
    process only adds them. Query parsing and highlighting use the analyzer as usual.
    """

    def index(self, value, **kwargs):
        if isinstance(value, Postings):
            return value
        return super().index(value, **kwargs)


class Postings(list):
    """The `(term bytes, frequency, weight, encoded positions)` tuples of one field value."""


def word_field(lang: str) -> str:
    return f"text_{lang}"


def exact_field(lang: str) -> str:
    return f"exact_{lang}"


def meta_field(lang: str) -> str:
    return f"meta_{lang}"


def build_schema() -> fields.Schema:
    schema = fields.Schema(
        record=fields.ID(stored=True),
        id=fields.ID(stored=True, unique=True),
        source=fields.ID(stored=True),  # absolute path: the key for incremental updates
        file=fields.STORED(),  # the name shown to users, relative to the indexed folder
        symbol=fields.STORED(),
        symbol_key=fields.ID(stored=True),  # upper case, no space before `(`
        body=fields.ID(stored=True),  # leading series of the symbol: `A/RES`
        doc_key=fields.ID(stored=True),  # SYMBOL_KEY|LANG
        lang=fields.ID(stored=True),
        anchor=fields.ID(stored=True),
        kind=fields.ID(stored=True),
        date=fields.ID(stored=True),  # ISO `2023-10-02`; ranges compare as strings
        ordinal=fields.NUMERIC(int, stored=True),
        heading=fields.STORED(),
        text=fields.STORED(),
        lines=fields.STORED(),
        title=fields.STORED(),
        meta=fields.STORED(),  # file records: hash, counts, symbol origin, time
    )
    for lang in LANGS:
        schema.add(word_field(lang), PreanalyzedText(analyzer=analyzer_for(lang), phrase=True))
        schema.add(exact_field(lang),
                   PreanalyzedText(analyzer=exact_analyzer_for(lang), phrase=True))
        schema.add(meta_field(lang), PreanalyzedText(analyzer=analyzer_for(lang), phrase=False,
                                                     field_boost=META_BOOST))
    return schema
