"""Checking and cleaning complaint attachments on the server.

Only JPG, PNG and PDF are accepted, recognised from the file's content (never from its name or
the browser's content type). Images are decoded with Pillow and re-encoded from their pixels, so
metadata (EXIF, GPS position, comments) and anything appended to the file are dropped
(rutan/images.py), with a pixel limit per call (`PENGADUAN_MAX_IMAGE_PIXELS`). PDFs are parsed
with pypdf (escaped names decoded, compressed object streams unpacked) and every object is
inspected: a document with JavaScript, launch, submit-form, remote go-to, on-open or additional
actions, XFA forms or embedded files, or one that is encrypted or cannot be parsed, is refused;
anything after its last `%%EOF` is dropped. Sizes and counts are limited (settings
`PENGADUAN_MAX_ATTACHMENT_MB`, `PENGADUAN_MAX_ATTACHMENTS`).
"""

import io
import logging
import re
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from rutan.images import ImageRejected, clean_image

ALLOWED = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}

# Active content in a PDF: names (as keys, or as the /S type of an action) that make a viewer
# run a script, start a program, send data, open another document, or carry a file inside.
PDF_ACTIVE_KEYS = {
    "/JS", "/JavaScript", "/OpenAction", "/AA", "/EmbeddedFiles", "/EmbeddedFile", "/EF",
    "/RichMedia", "/XFA",
}  # fmt: skip
PDF_ACTIVE_VALUES = {
    "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Rendition",
    "/Movie", "/Sound", "/RichMediaExecute", "/EmbeddedFile", "/FileAttachment", "/RichMedia",
}  # fmt: skip
# The same names spelled plainly anywhere in the bytes (also in objects the cross-reference
# does not list, which a viewer repairing the file might still find).
PDF_ACTIVE_BYTES = re.compile(
    rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|OpenAction|AA|SubmitForm|XFA)\b"
)
# A document with more objects than this is refused rather than inspected.
PDF_MAX_OBJECTS = 100_000

logger = logging.getLogger(__name__)


class PdfRefused(Exception):
    pass


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
    try:
        image = clean_image(
            data,
            formats={PIL_FORMATS[content_type]},
            max_pixels=settings.PENGADUAN_MAX_IMAGE_PIXELS,
        )
    except ImageRejected as exc:
        if exc.reason == "format":
            raise ValidationError(f"Isi berkas {label} tidak sesuai dengan jenisnya.") from exc
        if exc.reason == "pixels":
            raise ValidationError(f"Gambar {label} terlalu besar resolusinya.") from exc
        raise ValidationError(f"Gambar {label} rusak atau tidak dapat dibaca.") from exc
    return image.content


def _walk(value, seen: set[tuple[int, int]], depth: int = 0) -> None:
    """Raise PdfRefused when `value` (or anything it contains) is active content."""
    if depth > 100:
        raise PdfRefused("terlalu dalam")
    if isinstance(value, IndirectObject):
        key = (value.idnum, value.generation)
        if key in seen:
            return
        seen.add(key)
        if len(seen) > PDF_MAX_OBJECTS:
            raise PdfRefused("terlalu banyak objek")
        value = value.get_object()
    if isinstance(value, DictionaryObject):
        for key, item in value.items():
            if key in PDF_ACTIVE_KEYS:
                raise PdfRefused(key)
            if isinstance(item, NameObject) and item in PDF_ACTIVE_VALUES:
                raise PdfRefused(item)
            _walk(item, seen, depth + 1)
    elif isinstance(value, ArrayObject):
        for item in value:
            _walk(item, seen, depth + 1)


def inspect_pdf(data: bytes) -> None:
    """Parse a PDF (names unescaped, object streams unpacked) and raise PdfRefused if any object
    in it is active content, or if it cannot be parsed."""
    found = PDF_ACTIVE_BYTES.search(data)
    if found:
        raise PdfRefused(found.group().decode())
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfRefused("terenkripsi")
        seen: set[tuple[int, int]] = set()
        _walk(reader.trailer, seen)
        # Every object listed in the cross-reference, reachable from the catalog or not.
        numbers = [(n, g) for g, table in reader.xref.items() for n in table]
        numbers += [(n, 0) for n in reader.xref_objStm]
        for number, generation in numbers:
            _walk(IndirectObject(number, generation, reader), seen)
        if len(reader.pages) < 1:
            raise PdfRefused("tanpa halaman")
    except PdfRefused:
        raise
    except Exception as exc:  # a hostile file can break the parser in any way: refuse it
        raise PdfRefused(type(exc).__name__) from exc


def _clean_pdf(data: bytes, label: str) -> bytes:
    if not data.startswith(b"%PDF-"):
        raise ValidationError(f"Berkas {label} bukan PDF yang sah.")
    try:
        inspect_pdf(data)
    except PdfRefused as exc:
        logger.info("PDF refused: %s", exc)
        raise ValidationError(
            f"PDF {label} tidak dapat diterima: berkasnya rusak, terkunci, atau berisi skrip, "
            "tautan otomatis, formulir atau berkas tersemat. Kirim hasil pindaian atau foto "
            "dokumennya."
        ) from exc
    # Whatever follows the last end-of-file marker (an appended archive) is dropped.
    end = data.rfind(b"%%EOF")
    if end == -1:
        raise ValidationError(f"Berkas {label} bukan PDF yang sah.")
    return data[: end + len(b"%%EOF")] + b"\n"


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
        content = _clean_pdf(data, label)
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
