"""Cleaning uploaded images before they are stored (complaint attachments, session photos).

An image is decoded with Pillow and re-encoded from its pixels: metadata (EXIF with the GPS
position, comments, colour-profile payloads) and anything appended after the image data
(polyglots such as a PNG followed by a script) are dropped; the EXIF orientation is applied to
the pixels first so the picture stays upright. Only the first frame of an animation is kept.

The pixel limit is checked per call, on the dimensions in the header, before any pixel is
decoded; `Image.MAX_IMAGE_PIXELS` (Pillow's process-wide guard) is left alone.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format → (content type, file extension).
FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}


class ImageRejected(ValueError):
    """The data is not an acceptable image; `reason` is "format", "pixels" or "broken"."""

    def __init__(self, reason: str, found: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.found = found


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    format: str
    width: int
    height: int

    @property
    def content_type(self) -> str:
        return FORMATS[self.format][0]

    @property
    def extension(self) -> str:
        return FORMATS[self.format][1]


def clean_image(data: bytes, *, formats: set[str], max_pixels: int) -> CleanImage:
    """Decode `data`, check its format and pixel count, and re-encode it without metadata.

    Raises ImageRejected when it is not an image in `formats`, has more than `max_pixels`
    pixels, or cannot be decoded.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in formats:
                    raise ImageRejected("format", image.format or "")
                width, height = image.size
                if width * height > max_pixels:
                    raise ImageRejected("pixels")
                image.verify()
            with Image.open(io.BytesIO(data)) as image:  # verify() leaves the image unusable
                image.seek(0)
                image.load()
                upright = ImageOps.exif_transpose(image)
                fmt = image.format
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected("pixels") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageRejected("broken") from exc
    # A fresh image from the pixels alone: no info, no EXIF, no trailing data.
    if fmt == "JPEG":
        mode = upright.mode if upright.mode in ("RGB", "L") else "RGB"
    else:
        mode = upright.mode if upright.mode in ("RGB", "RGBA", "L", "LA") else "RGBA"
    pixels = upright.convert(mode)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, format="JPEG", quality=90, optimize=True)
    elif fmt == "PNG":
        clean.save(out, format="PNG", optimize=True)
    else:
        clean.save(out, format="WEBP", quality=90)
    return CleanImage(content=out.getvalue(), format=fmt, width=clean.width, height=clean.height)
