"""The survey's QR code: the public address of `/survei/` as an SVG, for the printed service
standard and the poster at the venue.

The address is built from `settings.PENGADUAN_SITE_URL` (the address the public reaches),
never from the request's Host header: a printed code must lead to the real site, whatever
name or proxy the page was printed through. Made with segno (pure Python, no image library).
"""

import io
from functools import cache

import segno
from django.conf import settings
from django.urls import reverse

# Error correction M (15 %): survives a scuffed print, keeps the modules large for an old phone.
ERROR = "m"
# A module is SCALE px in the SVG; it scales without loss, the templates set the printed size.
SCALE = 4
# The quiet zone the standard requires around the code, in modules.
BORDER = 4
# A white quiet zone and background, so the code reads on a coloured or dark page too.
LIGHT = "#fff"
TITLE = "Kode QR Survei Kepuasan Masyarakat"


def survey_url() -> str:
    """The absolute public address of the survey form."""
    return settings.PENGADUAN_SITE_URL + reverse("survei:form")


@cache
def qr_svg(url: str) -> bytes:
    """The QR code of `url` as a standalone SVG document (no XML declaration, no script)."""
    code = segno.make(url, error=ERROR, micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=SCALE, border=BORDER, light=LIGHT, xmldecl=False, title=TITLE)
    return out.getvalue()
