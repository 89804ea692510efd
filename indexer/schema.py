"""The one schema of the index, shared by the indexer and the query layer.

Two kinds of record live in the index, told apart by the `record` field:
- `para`: one per paragraph (`SYMBOL|LANG|ANCHOR` names it), with one word field (stemmed or
  jieba words, no positions), one exact field (for phrases: unstemmed words with
  word bigrams, or Chinese character bigrams) and one metadata field (title +
  heading path, boosted) per language;
- `file`: one per indexed file, carrying its content hash. Keeping these in the same
  index means a commit records paragraphs and the state of their file atomically:
  after a crash, the index never claims a file it does not hold.
"""

from __future__ import annotations

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import fields

from undocs.analyzers import LANGS, analyzer_for, exact_analyzer_for
from undocs.indexer.codec import PackedPositions
from undocs.indexer.collection import collection_reader
from undocs.indexer.storage import ForbiddenPickle, open_index

PARA = "para"
FILE = "file"
# Bump when analysis or fields change: an index built otherwise must be rebuilt, not
# read with analyzers that no longer produce its terms. The version is a field name,
# so that opening an index tells it without reading a document.
SCHEMA_VERSION = 10  # 10: posting blocks carry their frontier (indexer.codec)
VERSION_FIELD = f"undocs_schema_{SCHEMA_VERSION}"
META_BOOST = 1.5  # title and heading words count more than body words


class PreanalyzedText(fields.TEXT):
    """A TEXT field that also accepts postings computed elsewhere.

    Worker processes run the (slow) analyzers and send `Postings`; the single writer
    process only adds them. Query parsing and highlighting use the analyzer as usual.
    """

    def index(self, value, **kwargs):
        if isinstance(value, Postings):  # Whoosh's own writer (tests): terms as bytes
            return [(term.encode("utf-8"), *rest) for term, *rest in value]
        return super().index(value, **kwargs)


class Postings(list):
    """The `(term, frequency, weight, encoded positions)` tuples of one field value:
    the term as text (`indexer.writer.SegmentBuilder` encodes it once per segment)."""


def word_field(lang: str) -> str:
    return f"text_{lang}"


def exact_field(lang: str) -> str:
    return f"exact_{lang}"


def meta_field(lang: str) -> str:
    return f"meta_{lang}"


def build_schema() -> fields.Schema:
    schema = fields.Schema(
        record=fields.ID(stored=True),
        # file records only (`file|SOURCE`: a changed file's old version is found by it);
        # a paragraph is named by symbol, lang and anchor, and an index term of its own
        # per paragraph cost a tenth of the index
        id=fields.ID(stored=True, unique=True),
        source=fields.ID(stored=True),  # file records: the absolute path they came from
        file=fields.STORED(),  # the name shown to users, relative to the indexed folder
        symbol=fields.STORED(),
        symbol_key=fields.ID(stored=True),  # upper case, no space before `(`
        body=fields.STORED(),  # leading series of the symbol: `A/RES` (count --by body)
        doc_key=fields.ID(stored=True),  # SYMBOL_KEY|LANG
        lang=fields.ID(stored=True),
        anchor=fields.STORED(),  # looked up through the document's outline, not searched
        kind=fields.STORED(),
        date=fields.ID(stored=True),  # ISO `2023-10-02`; ranges compare as strings
        session=fields.ID(),  # General Assembly session number: `session:80`
        agenda=fields.KEYWORD(lowercase=True),  # agenda items `74 99 99(r)`: `agenda:74`
        ordinal=fields.STORED(),  # document order; sorted on, never searched
        heading=fields.STORED(),
        text=fields.STORED(),
        lines=fields.STORED(),
        pages=fields.STORED(),  # paged formats: the pages a paragraph lies on
        ocr=fields.STORED(),  # its text was read from a page image
        speaker=fields.STORED(),  # verbatim records: the speaker of the turn, as printed
        speaker_for=fields.STORED(),  # the State or body they speak for
        speaker_key=fields.ID(),  # `speaker:` matches either of them, folded
        speaker_for_key=fields.ID(),
        title=fields.STORED(),  # file records; hits look it up by doc_key
        meta=fields.STORED(),  # file records: hash, counts, symbol origin, time
    )
    schema.add(VERSION_FIELD, fields.ID())
    for lang in LANGS:
        # word fields hold no positions: phrases go to the exact fields
        schema.add(word_field(lang), PreanalyzedText(analyzer=analyzer_for(lang), phrase=False))
        exact = PreanalyzedText(analyzer=exact_analyzer_for(lang), phrase=True)
        exact.format = PackedPositions(field_boost=exact.format.field_boost)  # no pickles
        schema.add(exact_field(lang), exact)
        schema.add(meta_field(lang), PreanalyzedText(analyzer=analyzer_for(lang), phrase=False,
                                                     field_boost=META_BOOST))
    return schema


class IndexVersionError(Exception):
    """An index this version of undocs cannot read; `outdated` if an older undocs
    wrote it (derived data: `undocs index` rebuilds it)."""

    def __init__(self, message: str, outdated: bool):
        super().__init__(message)
        self.outdated = outdated


def check_version(ix, index_dir) -> None:
    """Raise IndexVersionError unless `ix` has this version's schema."""
    if VERSION_FIELD in ix.schema:
        return
    if "exact_zh" in ix.schema:
        raise IndexVersionError(f"{index_dir}: built by an older undocs; run `undocs index` "
                                "to rebuild it", outdated=True)
    raise IndexVersionError(f"{index_dir}: not an undocs index (use `undocs index --rebuild` "
                            "to replace it)", outdated=False)


class UnusableIndex(Exception):
    """An index Whoosh cannot open (a damaged file, a missing segment)."""


def open_checked(index_dir):
    """The undocs index in `index_dir` and a searcher of it: its schema checked and
    every segment opened, so that damage shows here rather than mid-run; the
    searcher's collection statistics are cached for its commit (`indexer.collection`).

    Raises IndexVersionError for an index of an older undocs (`outdated`) or of
    something else, including one whose pickles name code an undocs index never holds
    (refused before anything in it runs), and UnusableIndex for a damaged one."""
    try:
        ix = open_index(index_dir)
        check_version(ix, index_dir)
        from whoosh.searching import Searcher

        return ix, Searcher(collection_reader(ix), fromindex=ix)
    except ForbiddenPickle as err:
        raise refused_index(index_dir, err) from None
    except IndexVersionError:
        raise
    except Exception as err:  # noqa: BLE001 - whoosh raises many kinds on a damaged index
        raise UnusableIndex(unusable_index(index_dir, err)) from None


def refused_index(index_dir, err: ForbiddenPickle) -> IndexVersionError:
    if err.outdated:
        return IndexVersionError(f"{index_dir}: built by an older undocs; run `undocs index` "
                                 "to rebuild it", outdated=True)
    return IndexVersionError(f"{index_dir}: refused: {err}; nothing in it was run "
                             "(`undocs index --rebuild` replaces it)", outdated=False)


def unusable_index(index_dir, err: Exception) -> str:
    """The one line for an index Whoosh cannot open (a damaged file, a missing segment)."""
    return (f"{index_dir}: not a usable undocs index ({err}); "
            "`undocs index --rebuild` replaces it")
