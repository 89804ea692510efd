"""What takes the bytes of an index: postings per field, term files, stored fields.

Run from the repository root: ``.venv/bin/python benchmarks/index_bytes.py INDEX_DIR
[--text-mb N]``. Posting bytes are summed from each term's extent in its segment's
postings file (inlined postings count in the term file); stored fields and field
lengths are the segment's per-document files. With ``--text-mb`` (the corpus text,
as ``corpusgen`` prints it) the total is also given as a multiple of the text.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def posting_bytes(index_dir: Path) -> tuple[Counter, Counter, int]:
    """({field: posting bytes}, {field: postings}, segments) over every segment."""
    from undocs.indexer.storage import open_index

    sizes: Counter = Counter()
    counts: Counter = Counter()
    ix = open_index(index_dir)
    with ix.reader() as reader:
        leaves = [sub for sub, _ in reader.leaf_readers()]
        for leaf in leaves:
            terms = leaf._terms
            for (fieldname, _btext), info in terms.items():
                counts[fieldname] += info.doc_frequency()
                if not info.is_inlined():
                    length = info.extent()[1]  # Whoosh unpacks it as a 1-tuple
                    sizes[fieldname] += length[0] if isinstance(length, tuple) else length
    return sizes, counts, len(leaves)


def file_bytes(index_dir: Path) -> Counter:
    """Bytes per kind of file (by extension; column files by their field), the files
    inside a compound segment file (`.seg`) counted as files of their own."""
    from whoosh.filedb.compound import CompoundStorage

    from undocs.indexer.storage import storage

    kinds: Counter = Counter()
    folder = storage(index_dir, readonly=True)
    for path in index_dir.iterdir():
        if not path.is_file():
            continue
        if path.suffix != ".seg":
            kinds[path.suffix or path.name] += path.stat().st_size
            continue
        compound = CompoundStorage(folder.open_file(path.name), use_mmap=False)
        inner = compound._dir
        for name, info in inner.items():
            kinds[_kind(name)] += info["length"]
        kinds["(compound directory)"] += path.stat().st_size - sum(
            info["length"] for info in inner.values())
        compound.close()
    return kinds


def _kind(name: str) -> str:
    if name.endswith(".col"):
        return "column " + name.split(".")[-2]
    return Path(name).suffix or name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--text-mb", type=float, default=None,
                        help="MB of corpus text, for the index ÷ text ratio")
    args = parser.parse_args()
    files = file_bytes(args.index)
    total = sum(files.values())
    sizes, counts, segments = posting_bytes(args.index)
    print(f"index: {total / 1e6:.1f} MB in {segments} segments"
          + (f", {total / 1e6 / args.text_mb:.2f}× the text" if args.text_mb else ""))
    print("\nfiles by kind (MB):")
    for kind, size in files.most_common():
        if size > total / 1000:
            print(f"  {kind:<24} {size / 1e6:8.2f}  {100 * size / total:5.1f} %")
    posted = sum(sizes.values())
    print(f"\npostings by field (MB; {posted / 1e6:.1f} MB in posting files):")
    for field, size in sizes.most_common():
        if size > posted / 1000:
            print(f"  {field:<24} {size / 1e6:8.2f}  {100 * size / posted:5.1f} %  "
                  f"{counts[field]:>10,} postings  {size / max(1, counts[field]):5.1f} B each")


if __name__ == "__main__":
    main()
