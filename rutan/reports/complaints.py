"""The complaint desk's charts on the dashboard (ULP, pejabat, Kepala UPT).

The figures come from the desk's own module (`pengaduan.reports`), the one place they are
computed; this module only draws them (rutan/charts.py).
"""

from pengaduan.reports import monthly_flow, received_figures
from rutan.charts import Dataset, bar_chart
from rutan.months import Month


def complaint_charts(month: Month, *, user) -> dict:
    """Complaints `user` may see received in the month by channel and by state, and those
    received and closed in each of the last 12 months (two queries): the charts of the complaint
    desk's dashboard; the desk's own panels list the month's numbers and the queues. The same
    visibility rule as the desk's lists (`pengaduan.reports`)."""
    figures = received_figures(month, user=user)
    flow = monthly_flow(month.last_n(12), user=user)
    return {
        "month": month,
        "total": figures.total,
        "channel": bar_chart(
            "grafik-pengaduan-kanal",
            f"Pengaduan menurut kanal, {month.label}",
            labels=[label for label, _ in figures.by_channel],
            datasets=[Dataset("Pengaduan", [n for _, n in figures.by_channel])],
            horizontal=True,
        ),
        "status": bar_chart(
            "grafik-pengaduan-status",
            f"Pengaduan menurut status, {month.label}",
            labels=[label for label, _ in figures.by_status],
            datasets=[Dataset("Pengaduan", [n for _, n in figures.by_status])],
            horizontal=True,
        ),
        "trend": bar_chart(
            "grafik-pengaduan-tren",
            "Pengaduan 12 bulan terakhir",
            labels=[f.month.short_label for f in flow],
            datasets=[
                Dataset("Diterima", [f.received for f in flow]),
                Dataset("Ditutup", [f.closed for f in flow]),
            ],
        ),
    }
