"""Regenerate the Arabic and Chinese test PDFs: Chapter I of the bundled Charter
(`corpus/un-charter.ar.md`, `corpus/un-charter.zh.md`) laid out as a UN page (a
bold heading per article, justified paragraphs with a first-line indent, wrapped lines)
and printed to PDF by headless Chromium with Debian's fonts (DejaVu Sans for Arabic,
WenQuanYi Micro Hei for Chinese).

Run: python tests/indexer/data/make_charter_pdfs.py (needs `chromium`)
"""

from __future__ import annotations

import html
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / "corpus"
PAGE = """<!doctype html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8">
<style>@page {{ size: A4; margin: 25mm 30mm; }}
body {{ font-family: {font}; font-size: 11pt; line-height: 1.35; }}
h1 {{ font-size: 15pt; }} h2, h3 {{ font-size: 11pt; font-weight: bold; margin: 14pt 0 6pt; }}
p {{ text-align: justify; text-indent: 2em; margin: 0 0 8pt; }}</style></head>
<body>{body}</body></html>"""


def chapter_one(lang: str) -> str:
    """The Markdown of Chapter I (from its heading to Chapter II's) as HTML."""
    lines = (CORPUS / f"un-charter.{lang}.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("## "))
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("## "))
    out = []
    for line in lines[start:end]:
        text = html.escape(line.lstrip("# ").strip())
        if not text:
            continue
        level = len(line) - len(line.lstrip("#"))
        out.append(f"<h{level}>{text}</h{level}>" if level else f"<p>{text}</p>")
    return "\n".join(out)


def main() -> None:
    for lang, direction, font in (("ar", "rtl", "'DejaVu Sans'"),
                                  ("zh", "ltr", "'WenQuanYi Micro Hei'")):
        with tempfile.TemporaryDirectory() as folder:
            page = Path(folder) / f"charter.{lang}.html"
            page.write_text(PAGE.format(lang=lang, dir=direction, font=font,
                                        body=chapter_one(lang)), encoding="utf-8")
            target = HERE / f"charter-ch1.{lang}.pdf"
            subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                            "--no-pdf-header-footer", f"--print-to-pdf={target}",
                            page.as_uri()], check=True, capture_output=True)
            print(target, target.stat().st_size)


if __name__ == "__main__":
    main()
