"""Logging helpers named in settings.LOGGING."""

import logging


class NoClientErrorTraceback(logging.Filter):
    """Drop the traceback of an ordinary 4xx (a 403 or a 404 is not a fault of the server).

    Django logs a refused request on `django.request` with the exception attached; the one line
    "Forbidden (Permission denied): /path" says enough. Server errors (5xx) keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.exc_info and status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
