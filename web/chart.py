"""The counts chart of the search page: bars per year and per language, drawn as inline
SVG on the server (no charting code in the browser), each bar a link that filters the
results to its year or language."""

from __future__ import annotations

from dataclasses import dataclass

from undocs.search.facets import UNDATED

BAR_WIDTH, GAP, HEIGHT = 40, 6, 90  # px: a bar, the space between, the tallest bar


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: int
    y: int
    height: int
    href: str  # "" for a bar that cannot filter (undated)


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    width: int
    height: int = HEIGHT + 40  # room for the count above and the label below
    bar_width: int = BAR_WIDTH


def bar_chart(title: str, rows: list[tuple[str, int]], href) -> Chart:
    """`rows` of (label, count) in display order; `href(label)` links a bar."""
    top = max((count for _, count in rows), default=0) or 1
    bars = []
    for i, (label, count) in enumerate(rows):
        height = max(2, round(HEIGHT * count / top))
        bars.append(Bar(label, count, GAP + i * (BAR_WIDTH + GAP), 16 + HEIGHT - height,
                        height, href(label) if label != UNDATED else ""))
    return Chart(title, bars, GAP + len(rows) * (BAR_WIDTH + GAP))
