"""Opening an index folder as data, never as code.

Whoosh keeps its schema, segment list, posting blocks and stored fields as pickles, and
`pickle.loads` calls whatever importable function a file names. Researchers pass index
folders to each other, so an index must not be able to run code: every pickle Whoosh
reads goes through `RestrictedUnpickler`, which admits only the classes an undocs index
holds. Files and locks are created as `rw-r--r--` at most (never executable, never
group- or world-writable), folders as `rwxr-xr-x` at most.

`open_index` and `create_index` are the only ways the indexer and the query layer open
an index; `guard_whoosh()` runs when this module is imported. Index files are read in
place from memory maps (`indexer.mapped`), for the indexer and the query layer alike.
"""

from __future__ import annotations

import io
import os
import pickle
import types
from pathlib import Path

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.util.filelock import FileLock

from undocs.indexer.mapped import MappedFile

FILE_MODE = 0o644
FOLDER_MODE = 0o755
INDEX_NAME = "MAIN"  # Whoosh's default: `_MAIN_<generation>.toc`, `MAIN_<id>.seg`

# Everything a pickle written by undocs (through Whoosh 2.7) names: the schema's field,
# format and analyzer classes, the segment records, and what protocol 2 uses for bytes.
# A class added to the schema or the analyzers must be added here (a test builds an
# index and unpickles every pickle in it through this list).
ALLOWED_GLOBALS = frozenset({
    ("_codecs", "encode"),
    ("builtins", "int"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("collections", "defaultdict"),
    ("re", "_compile"),  # the KEYWORD field's tokenizer pattern (a compiled regex)
    ("whoosh.analysis.filters", "LowercaseFilter"),
    ("whoosh.analysis.tokenizers", "RegexTokenizer"),
    ("whoosh.analysis.analyzers", "CompositeAnalyzer"),
    ("whoosh.analysis.tokenizers", "IDTokenizer"),
    ("whoosh.codec.whoosh3", "W3Codec"),
    ("whoosh.codec.whoosh3", "W3Segment"),
    ("whoosh.fields", "ID"),
    ("whoosh.fields", "KEYWORD"),
    ("whoosh.fields", "STORED"),
    ("whoosh.fields", "Schema"),
    ("whoosh.formats", "Existence"),
    ("whoosh.formats", "Frequency"),
    ("whoosh.formats", "Positions"),
    ("undocs.analyzers.chinese", "ChineseTokenizer"),
    ("undocs.analyzers.ngram", "CharNgramTokenizer"),
    ("undocs.analyzers.shingles", "WordBigramFilter"),
    ("undocs.analyzers.words", "StemFilter"),
    ("undocs.analyzers.words", "WordTokenizer"),
    ("undocs.indexer.codec", "PackedPositions"),
    ("undocs.indexer.codec", "UndocsCodec"),
    ("undocs.indexer.schema", "PreanalyzedText"),
})
# Where undocs kept its analyzers before the `undocs.` namespace: an index naming them
# is an older undocs index (rebuilt by `undocs index`), not a hostile one.
FORMER_MODULES = ("analyzers.", "indexer.")


class ForbiddenPickle(pickle.UnpicklingError):
    """A pickle in the index names something an undocs index never holds."""

    def __init__(self, module: str, name: str):
        self.module, self.name = module, name
        self.outdated = module.startswith(FORMER_MODULES)
        super().__init__(f"it names {module}.{name}, which an undocs index never holds")

    def __reduce__(self):  # a worker process sends it back to the one that runs the build
        return (ForbiddenPickle, (self.module, self.name))


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that resolves only `ALLOWED_GLOBALS`; data (numbers, strings,
    lists, dicts) needs no lookup and costs nothing extra."""

    def find_class(self, module: str, name: str):
        if (module, name) in ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise ForbiddenPickle(module, name)


def safe_loads(data, *args, **kwargs):
    return RestrictedUnpickler(io.BytesIO(data), *args, **kwargs).load()


def safe_load(file, *args, **kwargs):
    return RestrictedUnpickler(file, *args, **kwargs).load()


# Every name through which Whoosh 2.7.4 unpickles what it reads from an index (found by
# grepping its source for `loads`, `load`, `read_pickle`). Modules imported later take
# `whoosh.compat`'s names, which are the restricted ones by then; a test checks that no
# module of Whoosh still holds the unrestricted functions.
_LOADERS = {"whoosh.compat": ("loads", "load"), "whoosh.codec.whoosh3": ("loads",),
            "whoosh.columns": ("loads",), "whoosh.formats": ("loads",),
            "whoosh.codec.plaintext": ("loads",), "whoosh.externalsort": ("load",),
            "whoosh.filedb.structfile": ("load_pickle",)}
_RESTRICTED = {"loads": safe_loads, "load": safe_load, "load_pickle": safe_load}


def guard_whoosh() -> None:
    """Point Whoosh's unpickling at the restricted unpickler (idempotent)."""
    import sys

    import whoosh.compat  # noqa: F401 - the source later imports copy their names from

    for module_name, attributes in _LOADERS.items():
        module = sys.modules.get(module_name)
        for attribute in attributes if module else ():
            setattr(module, attribute, _RESTRICTED[attribute])
    # whoosh.index reads the schema with `pickle.loads` and writes it with `pickle.dumps`
    whoosh_index.pickle = types.SimpleNamespace(
        loads=safe_loads, dumps=pickle.dumps, PicklingError=pickle.PicklingError)
    # Tables of contents of Whoosh 1.x-2.3 go through an unpickler that imports any
    # name; undocs never wrote those formats, so such a file is refused as unreadable.
    whoosh_index.toc_loaders.clear()


class IndexStorage(FileStorage):
    """Whoosh's folder storage, creating files and locks without execute or group/world
    write bits (Whoosh's own use `open()` and `os.open()` with the default modes), and
    reading every file in place from a map (`indexer.mapped`: Whoosh's own copies each
    segment into memory on open)."""

    def open_file(self, name, **kwargs):
        return MappedFile.open(self._fpath(name), name=name, **kwargs)

    def create(self):
        make_folder(Path(self.folder))
        return self

    def create_file(self, name, excl=False, mode="wb", **kwargs):
        if self.readonly:
            from whoosh.filedb.filestore import ReadOnlyError

            raise ReadOnlyError
        fd = _open_private(self._fpath(name), os.O_RDWR | (os.O_EXCL if excl else os.O_TRUNC))
        return StructFile(os.fdopen(fd, mode), name=name, **kwargs)

    def lock(self, name):
        return _SafeLock(self._fpath(name))


class _SafeLock(FileLock):
    """Whoosh's flock lock, whose file is created `rw-r--r--` before Whoosh opens it."""

    def acquire(self, blocking=False):
        os.close(_open_private(self.filename, os.O_WRONLY))
        return super().acquire(blocking)


def _open_private(path: str, flags: int) -> int:
    """`os.open` with at most FILE_MODE: a new file gets it (less the umask); an
    existing one with more bits loses them."""
    fd = os.open(path, flags | os.O_CREAT, FILE_MODE)
    try:
        mode = os.fstat(fd).st_mode & 0o7777
        if mode & ~FILE_MODE:
            os.fchmod(fd, mode & FILE_MODE)
    except OSError:
        os.close(fd)
        raise
    return fd


def make_folder(folder: Path) -> None:
    """Create `folder` (and its parents) as `rwxr-xr-x` at most."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)


def storage(index_dir: str | Path, readonly: bool = False) -> IndexStorage:
    return IndexStorage(str(index_dir), readonly=readonly)


def open_index(index_dir: str | Path, readonly: bool = False):
    """The Whoosh index in `index_dir`, read through the restricted unpickler."""
    return whoosh_index.FileIndex(storage(index_dir, readonly), indexname=INDEX_NAME)


def create_index(index_dir: str | Path, schema):
    """A new, empty index in `index_dir` (replacing any index there)."""
    return whoosh_index.FileIndex.create(storage(index_dir).create(), schema, INDEX_NAME)


guard_whoosh()
