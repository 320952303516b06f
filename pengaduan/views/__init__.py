"""Views of the pengaduan app: thin function views that check a named permission.

`public` (no login: the form and the tracking page), `staff` (queues, the complaint list,
intake and receipt, attachments), `complaint` (the complaint page and each step on it),
`common` (what the staff views share), `reports` (recap and register), `panels` (dashboard
panels).
"""

from pengaduan.views.panels import month_panel, queue_panel

__all__ = ["month_panel", "queue_panel"]
