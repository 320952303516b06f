"""Chart descriptions sent to the browser (json_script) and drawn there by `static/js/charts.js`.

A chart is a small dict: its kind, category labels and datasets, plus the same numbers as a
table, so every chart is readable without JavaScript, in print and by screen readers. Templates
render one with `{% include "rutan/_chart.html" with chart=... %}`; any app may use it.

    bar_chart(
        "tren-sesi", "Sesi 12 bulan terakhir", labels=["Jan 26", "Feb 26"],
        datasets=[Dataset("Direncanakan", [10, 12]), Dataset("Terlaksana", [9, 11])],
    )
"""

from collections.abc import Sequence
from dataclasses import dataclass

Number = int | float | None


@dataclass(frozen=True)
class Dataset:
    label: str
    data: Sequence[Number]
    line: bool = False  # drawn as a line over the bars
    percent: bool = False  # on the 0–100 % axis (right-hand side when mixed with counts)


def _chart(
    chart_id: str,
    title: str,
    kind: str,
    labels: Sequence[str],
    datasets: Sequence[Dataset],
    *,
    horizontal: bool = False,
    stacked: bool = False,
    unit: str = "",
) -> dict:
    spec = {
        "type": kind,
        "labels": list(labels),
        "datasets": [
            {
                "label": d.label,
                "data": list(d.data),
                **({"type": "line"} if d.line else {}),
                **({"axis": "percent"} if d.percent else {}),
            }
            for d in datasets
        ],
        "horizontal": horizontal,
        "stacked": stacked,
    }
    rows = [[label, *(d.data[i] for d in datasets)] for i, label in enumerate(labels)]
    return {
        "id": chart_id,
        "data_id": f"{chart_id}-data",
        "title": title,
        "spec": spec,
        "columns": ["", *(d.label + (" (%)" if d.percent else "") for d in datasets)],
        "rows": rows,
        "unit": unit,
        "empty": not any(v for d in datasets for v in d.data),
    }


def bar_chart(chart_id: str, title: str, *, labels, datasets, **options) -> dict:
    return _chart(chart_id, title, "bar", labels, datasets, **options)


def doughnut_chart(chart_id: str, title: str, *, labels, values, label: str) -> dict:
    return _chart(chart_id, title, "doughnut", labels, [Dataset(label, values)])
