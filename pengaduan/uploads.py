"""Checking and cleaning complaint attachments on the server.

Only JPG, PNG and PDF are accepted, recognised from the file's content (never from its name or
the browser's content type). Images are decoded with Pillow and re-encoded from their pixels, so
metadata (EXIF, GPS position, comments) and anything appended to the file are dropped. Sizes and
counts are limited (settings `PENGADUAN_MAX_ATTACHMENT_MB`, `PENGADUAN_MAX_ATTACHMENTS`).
"""

import io
import re
import warnings
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
# Active content in a PDF (scripts, launching programs, embedded files) is refused.
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|OpenAction)\b")


@dataclass(frozen=True)
class CleanUpload:
    """A file that passed the checks; `content` is what will be stored."""

    content: bytes
    content_type: str
    extension: str

    @property
    def size(self) -> int:
        return len(self.content)


def max_bytes() -> int:
    return settings.PENGADUAN_MAX_ATTACHMENT_MB * 1024 * 1024


def _label(upload: UploadedFile) -> str:
    name = (upload.name or "berkas").rsplit("/", 1)[-1]
    return name[:60]


def _clean_image(data: bytes, content_type: str, label: str) -> bytes:
    Image.MAX_IMAGE_PIXELS = settings.PENGADUAN_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                if image.format != PIL_FORMATS[content_type]:
                    raise ValidationError(f"Isi berkas {label} tidak sesuai dengan jenisnya.")
                image.load()
                upright = ImageOps.exif_transpose(image)
                clean = upright.copy()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(f"Gambar {label} terlalu besar resolusinya.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(f"Gambar {label} rusak atau tidak dapat dibaca.") from exc
    clean.info = {}
    out = io.BytesIO()
    if content_type == "image/jpeg":
        if clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        clean.save(out, format="JPEG", quality=90, optimize=True)
    else:
        clean.save(out, format="PNG", optimize=True)
    return out.getvalue()


def clean_upload(upload: UploadedFile) -> CleanUpload:
    """Check one uploaded file and return its cleaned content, or raise a ValidationError."""
    label = _label(upload)
    limit = settings.PENGADUAN_MAX_ATTACHMENT_MB
    if upload.size is None or upload.size > max_bytes():
        raise ValidationError(f"Berkas {label} terlalu besar (paling besar {limit} MB).")
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise ValidationError(f"Berkas {label} terlalu besar (paling besar {limit} MB).")
    if not data:
        raise ValidationError(f"Berkas {label} kosong.")
    kind = filetype.guess(data)
    content_type = kind.mime if kind else None
    if content_type not in ALLOWED:
        raise ValidationError(
            f"Berkas {label} ditolak: hanya gambar JPG, PNG atau dokumen PDF yang diterima "
            "(jenis berkas diperiksa dari isinya, bukan dari namanya)."
        )
    if content_type == "application/pdf":
        if not data.startswith(b"%PDF-"):
            raise ValidationError(f"Berkas {label} bukan PDF yang sah.")
        if PDF_ACTIVE.search(data):
            raise ValidationError(
                f"PDF {label} berisi skrip atau berkas tersemat dan tidak dapat diterima. "
                "Kirim hasil pindaian atau foto dokumennya."
            )
        content = data
    else:
        content = _clean_image(data, content_type, label)
    return CleanUpload(content=content, content_type=content_type, extension=ALLOWED[content_type])


def clean_uploads(uploads: list[UploadedFile]) -> list[CleanUpload]:
    """Check a set of files: the count limit first, then each file."""
    uploads = [u for u in uploads if u]
    limit = settings.PENGADUAN_MAX_ATTACHMENTS
    if len(uploads) > limit:
        raise ValidationError(f"Paling banyak {limit} lampiran sekaligus.")
    cleaned, errors = [], []
    for upload in uploads:
        try:
            cleaned.append(clean_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return cleaned
