"""PDF and DOCX ingestion through `undocs parse`, beside poppler's `pdftotext` on the
same files in the same run: pages per CPU-second, MB per CPU-second, peak RSS, and
peak RSS over a folder of many PDFs (a per-file leak would make it grow).

The files are the real UN documents of `../shared/corpus-pdf` beside the checkout.
Pages without a text layer (OCR) are counted apart and not in the text-PDF rate.

Run: .venv/bin/python benchmarks/ingest.py [--folder 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus-pdf"
UNDOCS = Path(sys.executable).with_name("undocs")


def run(command: list[str]) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, peak RSS in KB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, after.ru_maxrss  # ru_maxrss of children: the largest so far


def peak_rss(command: list[str]) -> int:
    """Peak RSS (KB) of one command, measured in its own process tree."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
             "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True,
                          text=True, check=True)
    return int(done.stdout.strip())


def pages_of(path: Path) -> tuple[int, int]:
    """(pages, pages without a text layer) of a PDF."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        blank = 0
        for page in document:
            textpage = page.get_textpage()
            blank += textpage.count_chars() == 0
            textpage.close()
            page.close()
        return len(document), blank
    finally:
        document.close()


def best(command: list[str], repeat: int) -> float:
    return min(run(command)[0] for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (best CPU)")
    parser.add_argument("--folder", type=int, default=1000,
                        help="PDFs in the folder for the RSS-over-many-files measure")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"{SHARED}: absent (the real UN PDFs live in ../shared/corpus-pdf)")
    pdfs, scans = [], []
    for path in sorted(SHARED.glob("*.pdf")):
        pages, blank = pages_of(path)
        (scans if blank == pages else pdfs).append((path, pages))
    docx = sorted(SHARED.glob("*.docx"))
    text_pages = sum(pages for _, pages in pdfs)
    text_mb = sum(path.stat().st_size for path, _ in pdfs) / 1e6
    startup = best([str(UNDOCS), "--help"], args.repeat)  # the interpreter and click

    ours = best([str(UNDOCS), "parse", "--format", "jsonl", *(str(p) for p, _ in pdfs)],
                args.repeat) - startup
    theirs = 0.0
    for path, _ in pdfs:
        theirs += best(["pdftotext", str(path), "-"], args.repeat)
    print(f"text PDFs: {len(pdfs)} files, {text_pages} pages, {text_mb:.2f} MB "
          f"(one process, CPU time, interpreter start-up of {startup:.2f} s taken off)")
    print(f"  undocs parse: {text_pages / ours:6.1f} pages/s  {text_mb / ours:5.2f} MB/s")
    print(f"  pdftotext:    {text_pages / theirs:6.1f} pages/s  {text_mb / theirs:5.2f} MB/s  "
          f"(undocs at {theirs / ours:.2f}x its speed; it finds no paragraphs, footnotes "
          "or headers)")
    for path in docx:
        size = path.stat().st_size / 1e6
        cpu = best([str(UNDOCS), "parse", "--format", "jsonl", str(path)], args.repeat) - startup
        print(f"DOCX {path.name}: {size:.2f} MB in {cpu:.3f} s CPU ({size / cpu:.2f} MB/s)")
    for path, pages in scans:
        cpu, wall, _ = run([str(UNDOCS), "parse", str(path)])
        print(f"OCR {path.name}: {pages} page(s) without a text layer, {cpu:.1f} s CPU "
              f"({wall:.1f} s wall) through Tesseract")

    largest = max(pdfs, key=lambda item: item[1])[0]
    print(f"peak RSS, largest file ({largest.name}): "
          f"undocs {peak_rss([str(UNDOCS), 'parse', str(largest)]) / 1024:.0f} MB, "
          f"pdftotext {peak_rss(['pdftotext', str(largest), '-']) / 1024:.0f} MB")
    with tempfile.TemporaryDirectory(prefix="undocs-ingest-") as folder:
        names = []
        for number in range(args.folder):
            path, _ = pdfs[number % len(pdfs)]
            target = Path(folder) / f"{number:04d}-{path.name}"
            os.symlink(path, target) if hasattr(os, "symlink") else shutil.copy(path, target)
            names.append(str(target))
        tenth = names[: max(1, len(names) // 10)]
        small = peak_rss([str(UNDOCS), "parse", "--format", "jsonl", *tenth])
        start = time.perf_counter()
        large = peak_rss([str(UNDOCS), "parse", "--format", "jsonl", *names])
        wall = time.perf_counter() - start
        print(f"peak RSS over a folder: {len(tenth)} PDFs {small / 1024:.0f} MB, "
              f"{len(names)} PDFs {large / 1024:.0f} MB ({large / small:.2f}x; "
              f"{wall:.0f} s wall for the {len(names)})")


if __name__ == "__main__":
    main()
