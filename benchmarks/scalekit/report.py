"""The figures of one size, the growth table across sizes (log-log slopes), the aims.

A `SizeResult` holds what one size measured; `rows()` turns a list of them into one
`Row` per figure (a value per size), which `print_growth` prints with the slope of
log(value) over log(paragraphs) and, for the figures issue 15 sets an aim for, whether
the largest size measured meets it (the aims are stated for 1M paragraphs).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from math import nan

import query as query_bench

from scalekit.updates import UpdateRun

pct, table = query_bench.pct, query_bench.table
AIM_PARAGRAPHS = 1_000_000
AIM_P95_MS = 10.0
AIM_TANTIVY_RATIO = 3.0  # the moonshot
AIM_COLD_MS = 300.0
AIM_RSS_MB = 300.0
AIM_UPDATE_S = 10.0
AIM_MB_PER_CPU_S = 0.5
AIM_INDEX_RATIO = 4.0
AIM_SLOPE = 0.3


@dataclass
class SizeResult:
    label: str
    build: dict  # cache.ensure's record
    reused: bool
    index_bytes: int
    warm: dict  # warm.measure's result
    cold: dict[str, dict[str, list[float]]]  # "zh"/"en" -> "wall"/"cpu" -> seconds
    segments_before: int = 0
    updates: list[UpdateRun] = field(default_factory=list)
    tantivy: dict | None = None  # build + search figures, if tantivy ran
    load: float = 0.0  # the 1-minute load average after the warm queries

    @property
    def paragraphs(self) -> int:
        return self.build["paragraphs"]

    @property
    def text_bytes(self) -> int:
        return self.build["text_bytes"]


@dataclass
class Row:
    label: str
    values: list[float | None]
    digits: int = 1
    aim: str = ""  # e.g. "<= 10"
    meets: Callable[[float], bool] | None = None
    slope_aim: bool = False  # the slope of this figure has an aim (<= AIM_SLOPE)


def slope(sizes: list[int], values: list[float | None]) -> float | None:
    """Least-squares slope of log(value) over log(size), None below two positive points."""
    points = [(math.log(s), math.log(v)) for s, v in zip(sizes, values, strict=True)
              if v is not None and v > 0]
    if len(points) < 2:
        return None
    mx = statistics.fmean(x for x, _ in points)
    my = statistics.fmean(y for _, y in points)
    spread = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / spread if spread else None


def _ms(values: list[float]) -> tuple[float, float]:
    return statistics.median(values) * 1000, pct(values, 0.95) * 1000


def class_names(results: list[SizeResult]) -> list[str]:
    return list(results[0].warm["timings"]) if results else []


def print_size(r: SizeResult) -> None:
    """The figures of one size, as soon as it is measured."""
    b = r.build
    mb = r.text_bytes / 1e6
    print(f"\n== {r.label}: {r.paragraphs} paragraphs, {b['files']} files, {mb:.1f} MB text "
          f"(corpus sha256 {b['digest'][:16]}) ==")
    print(f"  build ({'cached, built ' + b['built'] if r.reused else 'this run'}, "
          f"--jobs {b['jobs']}): {b['cpu_s']:.1f} CPU-s, {b['wall_s']:.1f} s wall, "
          f"{mb / b['cpu_s']:.3f} MB per CPU-second; peak memory of all processes "
          f"{b['peak_rss_mb']:.0f} MB RSS / {b['peak_pss_mb']:.0f} MB PSS "
          f"(largest process {b['max_rss_mb']:.0f} MB)")
    w = r.warm
    print(f"  index {r.index_bytes / 1e6:.1f} MB = {r.index_bytes / r.text_bytes:.2f}x text; "
          f"Searcher open {w['open_s']:.3f} s; warm searcher RSS {w['rss_mb']:.0f} MB "
          f"= {w.get('rss_anon_mb', nan):.0f} heap (RssAnon) + "
          f"{w.get('rss_file_mb', nan):.0f} mapped index pages (RssFile) "
          f"(process before open {w['rss_before_open_mb']:.0f} MB, just opened "
          f"{w['rss_open_mb']:.0f} MB)")
    t = r.tantivy
    rows = []
    for name, times in w["timings"].items():
        p50, p95 = _ms(times)
        c50, c95 = _ms(w["cpu"][name])
        row = [name, str(len(times)), f"{statistics.fmean(w['totals'][name]):.0f}",
               f"{p50:.1f}", f"{p95:.1f}", f"{c50:.1f}", f"{c95:.1f}"]
        if t:
            tp50, tp95 = _ms(t["timings"][name])
            tc95 = _ms(t["cpu"][name])[1]
            row += [f"{statistics.fmean(t['totals'][name]):.0f}", f"{tp50:.2f}",
                    f"{tp95:.2f}", f"{tc95:.2f}", f"{p95 / tp95:.1f}x", f"{c95 / tc95:.1f}x"]
        rows.append(row)
    print(f"  warm queries, with snippets, limit 10 (ms; load average {r.load:.1f} after them):")
    header = ["class", "n", "total avg", "p50", "p95", "CPU p50", "CPU p95"]
    if t:
        header += ["tantivy total", "p50", "p95", "CPU p95", "p95 ratio", "CPU ratio"]
    table(header, rows)
    if t:
        print(f"  tantivy: build {t['build_cpu_s']:.1f} CPU-s ({t['build_wall_s']:.1f} s wall, "
              f"{mb / t['build_cpu_s']:.2f} MB per CPU-second, peak {t['build_rss_mb']:.0f} MB)"
              f", index {t['index_bytes'] / 1e6:.1f} MB = {t['index_bytes'] / r.text_bytes:.2f}x"
              f" text, open {t['open_s']:.3f} s, warm RSS {t['rss_mb']:.0f} MB (RssAnon "
              f"{t.get('rss_anon_mb', nan):.0f}, RssFile {t.get('rss_file_mb', nan):.0f})")
    for lang, times in r.cold.items():
        wall, cpu = times["wall"], times["cpu"]
        print(f"  cold `undocs search` ({lang}): median {statistics.median(wall) * 1000:.0f} ms "
              f"wall, {statistics.median(cpu) * 1000:.0f} ms CPU over {len(wall)} runs (wall: "
              + ", ".join(f"{s * 1000:.0f}" for s in wall) + ")")
    if r.updates:
        runs = ", ".join(f"{u.wall:.1f}/{u.cpu:.1f}/{u.segments}" for u in r.updates)
        print(f"  updates (wall s / CPU s / segments after; {r.segments_before} before): {runs}")


def rows(results: list[SizeResult]) -> list[Row]:
    def each(get) -> list[float | None]:
        out = []
        for r in results:
            try:
                out.append(get(r))
            except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
                out.append(None)
        return out

    def at_most(limit):
        return lambda v: v <= limit

    table_rows = [
        Row("paragraphs", each(lambda r: r.paragraphs), 0),
        Row("load average at the warm queries", each(lambda r: r.load)),
        Row("build CPU-seconds (all processes)", each(lambda r: r.build["cpu_s"])),
        Row("build MB per CPU-second", each(lambda r: r.text_bytes / 1e6 / r.build["cpu_s"]),
            3, f">= {AIM_MB_PER_CPU_S}", lambda v: v >= AIM_MB_PER_CPU_S),
        Row("build peak RSS, all processes (MB)", each(lambda r: r.build["peak_rss_mb"]), 0),
        Row("build peak PSS, all processes (MB)", each(lambda r: r.build["peak_pss_mb"]), 0),
        Row("index / text", each(lambda r: r.index_bytes / r.text_bytes), 2,
            f"<= {AIM_INDEX_RATIO:g}", at_most(AIM_INDEX_RATIO)),
        Row("Searcher open (s)", each(lambda r: r.warm["open_s"]), 3),
        Row("warm searcher RSS (MB)", each(lambda r: r.warm["rss_mb"]), 0,
            f"<= {AIM_RSS_MB:g}", at_most(AIM_RSS_MB)),
        Row("  of which heap, RssAnon (MB)", each(lambda r: r.warm["rss_anon_mb"]), 0),
        Row("  of which mapped files, RssFile (MB)",
            each(lambda r: r.warm["rss_file_mb"]), 0),
    ]
    for name in class_names(results):
        table_rows.append(Row(f"warm p50 {name} (ms)",
                              each(lambda r, n=name: _ms(r.warm["timings"][n])[0])))
        table_rows.append(Row(f"warm p95 {name} (ms)",
                              each(lambda r, n=name: _ms(r.warm["timings"][n])[1]), 1,
                              f"<= {AIM_P95_MS:g}", at_most(AIM_P95_MS), True))
        table_rows.append(Row(f"warm CPU p95 {name} (ms)",
                              each(lambda r, n=name: _ms(r.warm["cpu"][n])[1]), 1,
                              slope_aim=True))
    for lang in ("zh", "en"):
        table_rows.append(Row(f"cold undocs search {lang}, median (ms)",
                              each(lambda r, g=lang: statistics.median(r.cold[g]["wall"]) * 1000),
                              0, f"<= {AIM_COLD_MS:g}", at_most(AIM_COLD_MS), True))
        table_rows.append(Row(f"cold undocs search {lang}, median CPU (ms)",
                              each(lambda r, g=lang: statistics.median(r.cold[g]["cpu"]) * 1000),
                              0, slope_aim=True))
    table_rows += [
        Row("10-file update, median (s)", each(lambda r: statistics.median(
            u.wall for u in r.updates))),
        Row("10-file update, slowest (s)", each(lambda r: max(u.wall for u in r.updates)), 1,
            f"<= {AIM_UPDATE_S:g}", at_most(AIM_UPDATE_S)),
        Row("10-file update, median CPU (s)", each(lambda r: statistics.median(
            u.cpu for u in r.updates))),
        Row("10-file update, most CPU (s)", each(lambda r: max(u.cpu for u in r.updates))),
        Row("segments after the updates", each(lambda r: r.updates[-1].segments), 0),
    ]
    if any(r.tantivy for r in results):
        for name in class_names(results):
            table_rows.append(Row(f"tantivy p95 {name} (ms)",
                                  each(lambda r, n=name: _ms(r.tantivy["timings"][n])[1]), 2))
            table_rows.append(Row(f"tantivy CPU p95 {name} (ms)",
                                  each(lambda r, n=name: _ms(r.tantivy["cpu"][n])[1]), 2))
        table_rows += [
            Row("tantivy warm RSS (MB)", each(lambda r: r.tantivy["rss_mb"]), 0),
            Row("tantivy index / text", each(lambda r: r.tantivy["index_bytes"] / r.text_bytes),
                2),
            Row("tantivy build CPU-seconds", each(lambda r: r.tantivy["build_cpu_s"])),
        ]
        for name in class_names(results):
            table_rows.append(Row(
                f"undocs / tantivy p95 {name}",
                each(lambda r, n=name: _ms(r.warm["timings"][n])[1]
                     / _ms(r.tantivy["timings"][n])[1]),
                1, f"<= {AIM_TANTIVY_RATIO:g} (moonshot)", at_most(AIM_TANTIVY_RATIO)))
            table_rows.append(Row(
                f"undocs / tantivy CPU p95 {name}",
                each(lambda r, n=name: _ms(r.warm["cpu"][n])[1] / _ms(r.tantivy["cpu"][n])[1])))
        table_rows += [
            Row("undocs / tantivy warm RSS", each(lambda r: r.warm["rss_mb"]
                                                   / r.tantivy["rss_mb"])),
            Row("undocs / tantivy index size", each(lambda r: r.index_bytes
                                                     / r.tantivy["index_bytes"])),
            Row("undocs / tantivy build CPU", each(lambda r: r.build["cpu_s"]
                                                    / r.tantivy["build_cpu_s"])),
        ]
    return table_rows


def _cell(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def print_growth(results: list[SizeResult]) -> None:
    """One row per figure: its value at each size, the log-log slope, the aim."""
    sizes = [r.paragraphs for r in results]
    largest = results[-1]
    where = largest.label if largest.paragraphs >= AIM_PARAGRAPHS else (
        f"{largest.label} (aims are for 1M)")
    print(f"\n== growth across sizes (slope: least squares of log value over log paragraphs; "
          f"aims checked at {where}) ==")
    header = ["figure", *(r.label for r in results), "slope", "aim", "met?"]
    body = []
    for row in rows(results):
        s = slope(sizes, row.values)
        slope_cell = "-" if s is None else f"{s:.2f}"
        if row.slope_aim and s is not None:
            slope_cell += " ok" if s <= AIM_SLOPE else " >0.3"
        last = row.values[-1]
        verdict = "" if row.meets is None or last is None else (
            "met" if row.meets(last) else "NOT met")
        body.append([row.label, *(_cell(v, row.digits) for v in row.values), slope_cell,
                     row.aim, verdict])
    table(header, body)
    print(f"  slope aim: p95 and cold time grow with slope <= {AIM_SLOPE} ('ok' beside the "
          "slope); a slope of 1 is linear growth")
