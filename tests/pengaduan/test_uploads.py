"""Attachments are checked from their content on the server and cleaned before storage."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image

from pengaduan.uploads import PDF_ACTIVE_BYTES, clean_upload, clean_uploads
from tests.hostile_pdfs import HOSTILE, LETTER
from tests.pengaduan.factories import jpeg_bytes, png_bytes, upload

PDF = LETTER


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraHP"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (7.0, 39.0, 10.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (111.0, 20.0, 5.0)
    return exif


def test_script_renamed_to_jpg_is_refused():
    script = upload("foto.jpg", b"#!/bin/sh\nrm -rf /\n", "image/jpeg")
    with pytest.raises(ValidationError, match="hanya gambar JPG, PNG atau dokumen PDF"):
        clean_upload(script)


def test_html_renamed_to_png_is_refused():
    page = upload("bukti.png", b"<html><script>alert(1)</script></html>", "image/png")
    with pytest.raises(ValidationError, match="diperiksa dari isinya"):
        clean_upload(page)


def test_other_real_types_are_refused():
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, format="GIF")
    with pytest.raises(ValidationError, match="hanya gambar JPG, PNG"):
        clean_upload(upload("animasi.png", gif.getvalue()))


def test_oversized_file_is_refused(settings):
    settings.PENGADUAN_MAX_ATTACHMENT_MB = 1
    big = upload("besar.jpg", jpeg_bytes() + b"\0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="terlalu besar \\(paling besar 1 MB\\)"):
        clean_upload(big)


def test_too_many_files_are_refused(settings):
    settings.PENGADUAN_MAX_ATTACHMENTS = 2
    files = [upload(f"f{i}.png", png_bytes()) for i in range(3)]
    with pytest.raises(ValidationError, match="Paling banyak 2 lampiran"):
        clean_uploads(files)


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="kosong"):
        clean_upload(upload("kosong.pdf", b"", "application/pdf"))


def test_gps_and_other_exif_are_removed_from_photos():
    original = jpeg_bytes(exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    cleaned = clean_upload(upload("foto.jpg", original, "image/jpeg"))
    assert cleaned.content_type == "image/jpeg" and cleaned.extension == "jpg"
    reopened = Image.open(io.BytesIO(cleaned.content))
    assert dict(reopened.getexif()) == {}
    assert b"Exif" not in cleaned.content and b"KameraHP" not in cleaned.content


def test_png_metadata_and_trailing_data_are_dropped():
    original = png_bytes(exif=gps_exif()) + b"<?php system($_GET['c']); ?>"
    cleaned = clean_upload(upload("foto.png", original))
    assert cleaned.content_type == "image/png"
    assert b"php" not in cleaned.content and b"KameraHP" not in cleaned.content
    assert Image.open(io.BytesIO(cleaned.content)).size == (8, 8)


def test_corrupt_image_is_refused():
    broken = png_bytes()[:40]
    with pytest.raises(ValidationError, match="rusak"):
        clean_upload(upload("rusak.png", broken))


def test_decompression_bomb_is_refused(settings):
    settings.PENGADUAN_MAX_IMAGE_PIXELS = 10_000
    with pytest.raises(ValidationError, match="terlalu besar resolusinya"):
        clean_upload(upload("bom.png", png_bytes(size=(400, 400))))


def test_pdf_is_accepted():
    cleaned = clean_upload(upload("surat.pdf", PDF, "application/pdf"))
    assert (cleaned.content_type, cleaned.extension, cleaned.content) == (
        "application/pdf", "pdf", PDF,
    )  # fmt: skip


def test_pdf_with_javascript_is_refused():
    hostile = PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /JS (app.alert(1)) >>")
    with pytest.raises(ValidationError, match="berisi skrip"):
        clean_upload(upload("surat.pdf", hostile, "application/pdf"))


@pytest.mark.parametrize("name", sorted(set(HOSTILE) - {"pdf-zip-polyglot"}))
def test_hostile_pdf_is_refused(name):
    with pytest.raises(ValidationError, match="tidak dapat diterima|bukan PDF yang sah"):
        clean_upload(upload(f"{name}.pdf", HOSTILE[name], "application/pdf"))


@pytest.mark.parametrize(
    "name",
    ["escaped-javascript", "escaped-javascript-name-tree", "launch-in-object-stream"],
)
def test_hidden_active_content_is_found_by_parsing_not_by_searching_bytes(name):
    hostile = HOSTILE[name]
    assert not PDF_ACTIVE_BYTES.search(hostile)
    with pytest.raises(ValidationError, match="tidak dapat diterima"):
        clean_upload(upload(f"{name}.pdf", hostile, "application/pdf"))


def test_data_appended_to_a_pdf_is_dropped():
    cleaned = clean_upload(upload("surat.pdf", HOSTILE["pdf-zip-polyglot"], "application/pdf"))
    assert cleaned.content == LETTER and b"PK" not in cleaned.content


def test_pixel_limit_is_per_call_not_process_wide(settings):
    before = Image.MAX_IMAGE_PIXELS
    settings.PENGADUAN_MAX_IMAGE_PIXELS = 10_000
    with pytest.raises(ValidationError, match="terlalu besar resolusinya"):
        clean_upload(upload("bom.png", png_bytes(size=(400, 400))))
    assert before == Image.MAX_IMAGE_PIXELS


def test_all_errors_of_a_set_are_reported_together():
    files = [upload("a.jpg", b"MZ\x90\x00 not an image"), upload("b.png", png_bytes())]
    with pytest.raises(ValidationError) as error:
        clean_uploads(files)
    assert len(error.value.messages) == 1 and "a.jpg" in error.value.messages[0]
