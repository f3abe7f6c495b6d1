"""Charts drawn on the server as SVG: bars of one table column per day. No script and no
library; the numbers are the table's (each chart sits beside its table)."""

from dataclasses import dataclass
from typing import Any

WIDTH = 640
HEIGHT = 160
GAP = 2


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: Any


@dataclass(frozen=True)
class Chart:
    table: str
    key: str
    label: Any
    bars: list[Bar]
    values: list[Any]
    maximum: float
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def values_text(self) -> str:
        """The plotted numbers, comma-separated (empty for a day without any)."""
        return ",".join("" if v is None else str(v) for v in self.values)


def bar_chart(table: Any, key: str) -> Chart:
    labels = dict(table.columns)
    values = table.series(key)
    numbers = [v for v in values if isinstance(v, int | float)]
    top = max(numbers, default=0) or 1
    slot = WIDTH / max(len(values), 1)
    bars = []
    for index, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        height = (value / top) * (HEIGHT - 4) if isinstance(value, int | float) else 0
        bars.append(
            Bar(
                x=round(index * slot + GAP / 2, 2),
                y=round(HEIGHT - height, 2),
                width=round(max(slot - GAP, 1), 2),
                height=round(height, 2),
                label=str(row.get("day", "")),
                value=value,
            )
        )
    return Chart(table.slug, key, labels[key], bars, values, top)
