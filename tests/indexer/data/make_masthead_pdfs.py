"""Regenerate the masthead test PDFs: a two-page General Assembly document in French,
Spanish, Russian, Arabic and Chinese, its first page laid out as ODS prints it (the
organisation's name and the symbol on top, the organ in large bold type beside the
distribution block, a rule, the session, the agenda item and its title in bold, the
document's title, numbered paragraphs, the job number, barcode and "Please recycle" at
the foot; the symbol and a page counter on page 2), printed by headless Chromium.

The masthead wording of each language is taken from real UN documents (see
PROVENANCE.md beside this script); the body paragraphs are Article 1 of the bundled
Charter in that language. The HTML sources are written to `masthead/` beside the PDFs.

Run: python tests/indexer/data/make_masthead_pdfs.py (needs `chromium`)
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / "corpus"

# one entry per language: the masthead lines as each version prints them
MASTHEADS = {
    "fr": dict(
        dir="ltr", font="'Liberation Serif'", un="Nations Unies", symbol="A/53/250",
        organ="Assemblée générale",
        distr=["Distr. générale", "11 septembre 1998", "", "Français", "Original : anglais"],
        session="Cinquante-troisième session", agenda="Point 74 de l’ordre du jour",
        agenda_title="Organisation de la session, adoption de l’ordre du jour et "
                     "répartition des questions inscrites à l’ordre du jour",
        title="Premier rapport du Bureau", job="98-27421 (F)", barcode="*9827421*",
        recycle="Merci de recycler", charter="un-charter.fr.md"),
    "es": dict(
        dir="ltr", font="'Liberation Serif'", un="Naciones Unidas", symbol="A/53/100",
        organ="Asamblea General",
        distr=["Distr. general", "15 de junio de 1998", "", "Español", "Original: inglés"],
        session="Quincuagésimo tercer período de sesiones", agenda="Tema 74 del programa",
        agenda_title="Lista preliminar anotada de temas para incluir en el programa "
                     "provisional", title="Informe del Secretario General",
        job="98-14973 (S)    210898    220898", barcode="*9814973*",
        recycle="Se ruega reciclar", charter="un-charter.es.md"),
    "ru": dict(
        dir="ltr", font="'Liberation Serif'", un="Организация Объединенных Наций",
        symbol="A/61/L.56", organ="Генеральная Ассамблея",
        distr=["Distr.: Limited", "9 May 2007", "", "Russian", "Original: English"],
        session="Шестьдесят первая сессия", agenda="Пункт 114 повестки дня",
        agenda_title="Многоязычие", title="Проект резолюции",
        job="07-33695 (R)    100507    100507", barcode="*0733695*",
        recycle="Просьба отправить на вторичную переработку", charter="un-charter.ru.md"),
    "ar": dict(
        dir="rtl", font="'DejaVu Sans'", un="الأمــم المتحـدة", symbol="A/74/L.75",
        organ="الجمعية العامة",
        distr=["Distr.: Limited", "16 July 2020", "", "Arabic", "Original: English"],
        session="الدورة الرابعة والسبعون", agenda="البند 7 من جدول الأعمال",
        agenda_title="تنظيم الأعمال وإقرار جدول الأعمال وتوزيع البنود: تقارير المكتب",
        title="مشروع مقرر مقدم من رئيس الجمعية العامة",
        job="20-09399 (A)    170720    140720", barcode="*2009399*",
        recycle="الرجاء إعادة الاستعمال", charter="un-charter.ar.md"),
    "zh": dict(
        dir="ltr", font="'WenQuanYi Micro Hei'", un="联合国", symbol="A/54/250",
        organ="大会",
        distr=["Distr.: General", "17 September 1999", "", "Chinese", "Original: English"],
        session="第五十四届会议", agenda="议程项目74",
        agenda_title="大会第五十四届常会的组织、议程的通过和项目的分配",
        title="总务委员会第一次报告", job="99-27561 (C)    210999    210999",
        barcode="*9927561*", recycle="请回收", charter="un-charter.zh.md"),
}

PAGE = """<!doctype html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8">
<style>@page {{ size: A4; margin: 0; }}
body {{ margin: 0; font-family: {font}; font-size: 10pt; line-height: 1.3; }}
.page {{ position: relative; width: 210mm; height: 296mm; box-sizing: border-box;
  padding: 14mm 25mm 30mm 25mm; page-break-after: always; overflow: hidden; }}
.top {{ display: flex; justify-content: space-between; align-items: baseline;
  border-bottom: 0.6pt solid #000; padding-bottom: 2pt; }}
.un {{ font-size: 11pt; }} .symbol {{ font-size: 11pt; direction: ltr; }}
.symbol b {{ font-size: 17pt; font-weight: normal; }}
.mast {{ display: flex; justify-content: space-between; margin-top: 6pt;
  border-bottom: 2.5pt solid #000; padding-bottom: 10pt; }}
.organ {{ font-size: 19pt; font-weight: bold; }}
.distr {{ direction: ltr; text-align: left; width: 36mm; font-size: 9pt; }}
.item {{ margin-top: 8pt; width: 80mm; font-size: 9pt; }}
h1 {{ font-size: 13pt; margin: 18pt 0 12pt 0; margin-inline-start: 14mm; }}
p.n {{ margin: 0 0 6pt 0; margin-inline-start: 14mm; text-align: justify; }}
.foot {{ position: absolute; left: 25mm; right: 25mm; bottom: 14mm; font-size: 8pt;
  display: flex; justify-content: space-between; direction: ltr; }}
.head2 {{ display: flex; justify-content: space-between; font-size: 9pt;
  border-bottom: 0.6pt solid #000; padding-bottom: 2pt; margin-bottom: 14pt; }}
</style></head><body>
<div class="page">
<div class="top"><span class="un">{un}</span><span class="symbol"><b>{first}</b>{rest}</span></div>
<div class="mast"><div class="organ">{organ}</div><div class="distr">{distr}</div></div>
<div class="item"><b>{session}</b><br>{agenda}<br><b>{agenda_title}</b></div>
<h1>{title}</h1>
{page_one}
<div class="foot"><span>{job}<br>{barcode}</span><span>{recycle}</span></div>
</div>
<div class="page">
<div class="head2"><b>{symbol}</b><span></span></div>
{page_two}
<div class="foot"><span>2/2</span><span>{job_short}</span></div>
</div>
</body></html>"""


def charter_paragraphs(name: str) -> list[str]:
    """The paragraphs of Article 1 of the bundled Charter (after its opening line)."""
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("### "))
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("### "))
    texts = [line.strip().replace("\u200f", "") for line in lines[start + 1:end]
             if line.strip()]
    texts = [re.sub(r"^(?:\d+\.|[一二三四]、)\s*", "", text) for text in texts]
    return texts[1:]


def page(lang: str, fields: dict) -> str:
    paragraphs = [f'<p class="n">{n}.\u2003{html.escape(text)}</p>'
                  for n, text in enumerate(charter_paragraphs(fields["charter"]), 1)]
    symbol = fields["symbol"]
    return PAGE.format(
        lang=lang, dir=fields["dir"], font=fields["font"], un=fields["un"],
        first=symbol[0], rest=symbol[1:], symbol=symbol, organ=fields["organ"],
        distr="<br>".join(html.escape(line) or "&nbsp;" for line in fields["distr"]),
        session=fields["session"], agenda=fields["agenda"],
        agenda_title=fields["agenda_title"], title=fields["title"],
        page_one="\n".join(paragraphs[:2]), page_two="\n".join(paragraphs[2:]),
        job=fields["job"].replace("    ", "&emsp;&emsp;"), barcode=fields["barcode"],
        recycle=fields["recycle"], job_short=fields["job"].split()[0],
    )


def main() -> None:
    folder = HERE / "masthead"
    folder.mkdir(exist_ok=True)
    for lang, fields in MASTHEADS.items():
        source = folder / f"masthead.{lang}.html"
        source.write_text(page(lang, fields), encoding="utf-8")
        target = folder / f"masthead.{lang}.pdf"
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", f"--print-to-pdf={target}",
                        source.as_uri()], check=True, capture_output=True)
        print(target.relative_to(HERE), target.stat().st_size)


if __name__ == "__main__":
    main()
